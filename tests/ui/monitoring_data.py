"""Monitoring rows for UI tests, written the way the poller writes them: poll
results shaped like the probes' go through the monitor (no SNMP here).

The scenario, all before the fixed clock's 10:00 (Shanghai) on 2026-11-22:
- YHL-AC-0001 return air at 31 ℃ (limits 18–28, critical from 30): a critical alarm.
- YHL-UPS-0001 on battery: a warning state alarm; readings in V, ℃, %, one invalid (said in English).
- YHL-SRV-0001 does not answer three times: a critical "unreachable" alarm.
- YHL-AC-0002 at 29 ℃ for a while, then 27 ℃: a warning alarm, cleared (history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from opsdesk.models import Alarm, Unit
from opsdesk.monitor.ingest import Monitor
from opsdesk.store import Store
from tests.readings import D, R

NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)  # the fixed clock: 10:00 in Shanghai
START = NOW - dt.timedelta(minutes=20)  # 09:40 local
STEP = dt.timedelta(seconds=30)


def _both(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def ac(temperature: float, humidity: float = 45.0) -> D:
    return D([R("env.temperature", temperature, labels=_both("回风温度", "Return air temperature")),
              R("env.humidity", humidity, cls="humidity", label="回风湿度", unit="%RH",
                labels=_both("回风湿度", "Return air humidity"))])


def ups(on_battery: bool = True) -> D:
    # the names and a state's meaning in both languages, as the probes give them: read in the reader's
    source = _both("电池供电", "On battery") if on_battery else _both("市电", "Utility")
    return D([
        R("ups.output.source", 5 if on_battery else 3, cls="state", label="输出来源", unit="",
          labels=_both("输出来源", "Output source"), state_meaning=source["zh"], meanings=source,
          severity="warning" if on_battery else "ok"),
        R("ups.input.voltage", 230.0, cls="voltage", label="输入电压", unit="V",
          labels=_both("输入电压", "Input voltage")),
        R("ups.battery.charge", 85.0, cls="charge", label="电池剩余电量", unit="%", limits=(50, None),
          labels=_both("电池剩余电量", "Battery charge")),
        R("ups.battery.temperature", 24.5, cls="temperature", label="电池温度", limits=(None, 35),
          labels=_both("电池温度", "Battery temperature")),
        R("ups.battery.runtime", None, cls="runtime", label="预计后备时间", unit="min",
          labels=_both("预计后备时间", "Estimated runtime"),
          # as a poller running in English stores it: the console says it again in its own language
          invalid_reason="4294967295: the agent reports no value (not available)",
          invalid_code="not_available", invalid_params={"raw": "4294967295"}),
    ], sys_object_id=".1.3.6.1.2.1.33", sys_descr="Santak UPS", profiles=("ups-mib",))


SILENT = D(status="unreachable", error_category="timeout", error_message="没有应答（2 秒）", uptime_s=None,
           sys_object_id="", sys_descr="", profiles=())


@dataclass
class Scenario:
    store: Store
    units: dict[str, int]  # asset tag → unit id

    def alarm_id(self, tag: str, active: bool = True) -> int:
        query = select(Alarm.id).where(Alarm.unit_id == self.units[tag]).order_by(Alarm.id.desc())
        query = query.where(Alarm.cleared_at.is_(None) if active else Alarm.cleared_at.is_not(None))
        return _read(self.store, lambda s: s.scalars(query).first())


# Beside the screens (issue 15): the GUI-thread guard refuses a session on the GUI thread, so the
# scenario reads and writes in a thread of its own, as the poller and another console do.
def _read(store: Store, fn):
    from tests.ui.conftest import read_off_gui

    return read_off_gui(store, fn)


def unit_ids(store: Store, *tags: str) -> dict[str, int]:
    return _read(store, lambda s: dict(
        s.execute(select(Unit.asset_tag, Unit.id).where(Unit.asset_tag.in_(tags))).all()))


def cycle(store: Store, when: dt.datetime, results: dict[int, tuple[str, D]]) -> None:
    """One poll cycle: unit id → (label for messages, poll result)."""
    from tests.ui.conftest import write_off_gui

    def write(s) -> None:
        monitor = Monitor(s, when)
        for unit_id, (label, result) in results.items():
            monitor.apply(unit_id, label, result)
        monitor.flush()

    write_off_gui(store, write)


def feed_scenario(store: Store) -> Scenario:
    units = unit_ids(store, "YHL-AC-0001", "YHL-AC-0002", "YHL-UPS-0001", "YHL-SRV-0001")
    ac1, ac2 = ("YHL-AC-0001 精密空调", units["YHL-AC-0001"]), ("YHL-AC-0002 精密空调", units["YHL-AC-0002"])
    ups1 = ("YHL-UPS-0001 UPS电源", units["YHL-UPS-0001"])
    srv = ("YHL-SRV-0001 公卫数据库服务器", units["YHL-SRV-0001"])
    for i in range(3):  # 09:40:00, 09:40:30, 09:41:00: held 60 s, then raised
        cycle(store, START + i * STEP, {ac2[1]: (ac2[0], ac(29.0))})
    cycle(store, START + 10 * STEP, {ac2[1]: (ac2[0], ac(27.0))})  # 09:45:00: cleared
    for i in range(3):  # 09:50:00 … 09:51:00
        when = START + dt.timedelta(minutes=10) + i * STEP
        cycle(store, when, {ac1[1]: (ac1[0], ac(31.0)), ups1[1]: (ups1[0], ups()), srv[1]: (srv[0], SILENT)})
    return Scenario(store, units)
