"""ISA-18.2's alarm states in the monitor and the acknowledgement verbs.

A critical alarm that clears before anyone acknowledged it stays current (已恢复·未确认)
until someone does; one that clears and comes back meanwhile stays one row, counted; a
device's cleared, unacknowledged alarms are acknowledged together with one note.
Real store (the demo's SQLite file), readings shaped like the probes'."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models import Alarm, Unit
from opsdesk.models.audit import AuditEntry
from opsdesk.monitor.ingest import REALARM_WINDOW, Monitor
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.errors import ValidationError
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)
LABEL = "YHL-UPS-0001 UPS电源"
SILENT = D(status="unreachable", error_category="timeout", error_message="没有应答（2 秒）", uptime_s=None)


def on_battery(severity: str = "critical") -> D:
    return D([R("ups.output.source", 5, cls="state", label="输出来源", unit="", state_meaning="电池供电",
                severity=severity)])


def on_mains() -> D:
    return D([R("ups.output.source", 3, cls="state", label="输出来源", unit="", state_meaning="市电", severity="ok")])


@pytest.fixture
def uid(demo_store) -> int:
    with demo_store.read() as s:
        return s.scalars(select(Unit.id).order_by(Unit.id)).first()


def cycle(store, unit_id: int, device: D, when: dt.datetime, label: str = LABEL) -> None:
    with store.write() as s:
        monitor = Monitor(s, when)
        monitor.apply(unit_id, label, device)
        monitor.flush()


def alarms(store) -> list[Alarm]:
    with store.read() as s:
        return list(s.scalars(select(Alarm).order_by(Alarm.id)))


def current(store, user) -> list[Alarm]:
    """What 当前告警 lists (the alarm screen's and the wall's query)."""
    with store.read() as s:
        return alarm_ops.list_alarms(s, user, alarm_ops.AlarmFilter(active_only=True))


def test_a_critical_alarm_that_clears_unacknowledged_stays_current(demo_store, demo_users, uid):
    cycle(demo_store, uid, on_battery(), T0)
    cycle(demo_store, uid, on_mains(), T0 + STEP)
    (alarm,) = alarms(demo_store)
    assert alarm.cleared_at is not None and alarm.acked_at is None
    assert alarm.latched and alarm.current
    assert [a.id for a in current(demo_store, demo_users["duty"])] == [alarm.id]

    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarm.id, "已核实：市电短时中断，已恢复")
    assert current(demo_store, demo_users["duty"]) == []  # acknowledged and cleared: history


def test_a_warning_that_clears_unacknowledged_goes_to_the_history(demo_store, demo_users, uid):
    cycle(demo_store, uid, on_battery("warning"), T0)
    cycle(demo_store, uid, on_mains(), T0 + STEP)
    (alarm,) = alarms(demo_store)
    assert not alarm.latched and not alarm.current
    assert current(demo_store, demo_users["duty"]) == []


def test_an_acknowledged_critical_alarm_that_clears_goes_to_the_history(demo_store, demo_users, uid):
    cycle(demo_store, uid, on_battery(), T0)
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarms(demo_store)[0].id, "已到现场")
    cycle(demo_store, uid, on_mains(), T0 + STEP)
    (alarm,) = alarms(demo_store)
    assert not alarm.latched and current(demo_store, demo_users["duty"]) == []


def test_an_alarm_that_comes_back_before_acknowledgement_stays_one_row(demo_store, demo_users, uid):
    when = T0
    for _ in range(3):  # on battery, on mains, … three times over
        cycle(demo_store, uid, on_battery(), when)
        cycle(demo_store, uid, on_mains(), when + STEP)
        when += 10 * STEP
    cycle(demo_store, uid, on_battery(), when)
    (alarm,) = alarms(demo_store)
    assert alarm.occurrences == 4
    assert alarm.raised_at == T0 and alarm.last_raised_at == when
    assert alarm.cleared_at is None and not alarm.latched  # active again
    cycle(demo_store, uid, on_battery(), when + STEP)  # still on battery: not counted again
    assert alarms(demo_store)[0].occurrences == 4


def test_after_acknowledgement_the_next_time_is_a_new_alarm(demo_store, demo_users, uid):
    cycle(demo_store, uid, on_battery(), T0)
    cycle(demo_store, uid, on_mains(), T0 + STEP)
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarms(demo_store)[0].id, "已通知厂商")
    cycle(demo_store, uid, on_battery(), T0 + 10 * STEP)
    first, second = alarms(demo_store)
    assert first.acked_at is not None and second.acked_at is None
    assert (first.occurrences, second.occurrences) == (1, 1)
    assert second.raised_at == second.last_raised_at == T0 + 10 * STEP


def test_a_device_that_drops_out_and_comes_back_is_one_unreachable_alarm(demo_store, demo_users, uid):
    when = T0
    for _ in range(2):
        for _ in range(3):  # three failed polls make it unreachable
            cycle(demo_store, uid, SILENT, when)
            when += STEP
        cycle(demo_store, uid, D([R("env.temperature", 22.0)]), when)
        when += STEP
    (alarm,) = alarms(demo_store)
    assert alarm.kind == "unreachable" and alarm.severity == "critical"
    assert alarm.occurrences == 2 and alarm.latched and alarm.current


def test_a_warning_chattering_within_the_window_is_counted_not_repeated(demo_store, uid):
    cycle(demo_store, uid, on_battery("warning"), T0)
    cycle(demo_store, uid, on_mains(), T0 + STEP)
    cycle(demo_store, uid, on_battery("warning"), T0 + 2 * STEP)
    cycle(demo_store, uid, on_mains(), T0 + 3 * STEP)
    (alarm,) = alarms(demo_store)
    assert alarm.occurrences == 2
    later = T0 + 3 * STEP + REALARM_WINDOW + STEP  # long after it cleared: a new trouble
    cycle(demo_store, uid, on_battery("warning"), later)
    assert [a.occurrences for a in alarms(demo_store)] == [2, 1]


def test_an_alarm_in_a_maintenance_window_is_not_reopened_outside_it(demo_store, demo_users, uid, fixed_clock):
    with demo_store.write() as s:
        window = alarm_ops.open_maintenance(s, demo_users["duty"], uid, 1, "UPS 放电试验")
        window_id = window.id
    start = fixed_clock.now()
    cycle(demo_store, uid, on_battery(), start)
    cycle(demo_store, uid, on_mains(), start + STEP)
    quiet = alarms(demo_store)[0]
    assert quiet.in_maintenance and not quiet.latched  # expected: waits for nobody
    with demo_store.write() as s:
        alarm_ops.close_maintenance(s, demo_users["duty"], window_id)
    cycle(demo_store, uid, on_battery(), start + 2 * STEP)
    assert [(a.in_maintenance, a.occurrences) for a in alarms(demo_store)] == [(True, 1), (False, 1)]


# -- acknowledging a device's cleared alarms together ---------------------------------------

def _flapping_device(store, uid) -> tuple[int, int, int]:
    """Unreachable, back; on battery, back; and now on battery again (active)."""
    when = T0
    for _ in range(3):
        cycle(store, uid, SILENT, when)
        when += STEP
    cycle(store, uid, on_mains(), when)
    cycle(store, uid, on_battery(), when + STEP)
    cycle(store, uid, D([R("ups.output.source", 3, cls="state", label="输出来源", unit="", state_meaning="市电",
                           severity="ok"),
                         R("ups.battery.temperature", 41.0, label="电池温度", limits=(None, 35))]), when + 2 * STEP)
    cycle(store, uid, D([R("ups.battery.temperature", 41.0, label="电池温度", limits=(None, 35))]), when + 3 * STEP)
    cycle(store, uid, D([R("ups.battery.temperature", 41.0, label="电池温度", limits=(None, 35))]), when + 4 * STEP)
    unreachable, battery, temperature = alarms(store)
    return unreachable.id, battery.id, temperature.id


def test_a_devices_cleared_alarms_are_acknowledged_together_once_each_in_the_audit(demo_store, demo_users, uid):
    unreachable, battery, temperature = _flapping_device(demo_store, uid)
    with demo_store.read() as s:
        waiting = [a.id for a in alarm_ops.cleared_unacknowledged(s, uid)]
    assert waiting == [unreachable, battery]
    with demo_store.write() as s:
        done = [a.id for a in alarm_ops.acknowledge_device(s, demo_users["duty"], uid, "UPS 通信卡松动，已重新插好")]
    assert done == [unreachable, battery]
    with demo_store.read() as s:
        by_id = {a.id: a for a in s.scalars(select(Alarm))}
        assert {by_id[i].ack_note for i in done} == {"UPS 通信卡松动，已重新插好"}
        assert {by_id[i].acked_by for i in done} == {"zhangwei"}
        assert by_id[temperature].acked_at is None  # active: looked at on its own
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "alarm.ack")).all()
        assert sorted(int(e.entity_id) for e in entries) == sorted(done)
    assert [a.id for a in current(demo_store, demo_users["duty"])] == [temperature]


def test_acknowledging_a_device_needs_a_note_and_something_to_acknowledge(demo_store, demo_users, uid):
    _flapping_device(demo_store, uid)
    with pytest.raises(ValidationError, match="需要填写说明"):
        with demo_store.write() as s:
            alarm_ops.acknowledge_device(s, demo_users["duty"], uid, "  ")
    with demo_store.write() as s:
        alarm_ops.acknowledge_device(s, demo_users["duty"], uid, "已处理")
    with pytest.raises(ValidationError, match="没有待确认"):
        with demo_store.write() as s:
            alarm_ops.acknowledge_device(s, demo_users["duty"], uid, "已处理")


def test_acknowledge_many_leaves_those_acknowledged_meanwhile(demo_store, demo_users, uid):
    unreachable, battery, _ = _flapping_device(demo_store, uid)
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["supervisor"], battery, "主管已处理")
    with demo_store.write() as s:
        done = [a.id for a in alarm_ops.acknowledge_many(s, demo_users["duty"], [unreachable, battery], "已处理")]
    assert done == [unreachable]
    with demo_store.read() as s:
        assert s.get(Alarm, battery).ack_note == "主管已处理"


def test_already_acknowledged_names_the_person_not_the_login(demo_store, demo_users, uid):
    cycle(demo_store, uid, on_battery(), T0)
    alarm_id = alarms(demo_store)[0].id
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarm_id, "已到现场")
    with pytest.raises(ValidationError) as refused:
        with demo_store.write() as s:
            alarm_ops.acknowledge(s, demo_users["supervisor"], alarm_id, "我也来看看")
    assert "张伟" in str(refused.value) and "zhangwei" not in str(refused.value)
