"""Pictures of the alarm screens for a person to look at (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_screenshots [/tmp/opsdesk-shots]

Builds the demo in a temporary folder, feeds the monitor the scenario of
tests/ui/monitoring_data.py (plus an acknowledged alarm, one in a maintenance
window and a live poller lock) and saves the alarm list, the banner, the history,
the acknowledge and maintenance dialogs and two device panels."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from opsdesk import clock


def main(out: Path) -> int:
    from sqlalchemy import select

    from opsdesk.clock import FixedClock
    from opsdesk.demo.seed import DEMO_USERS, load_demo
    from opsdesk.models.monitoring import PollerLock
    from opsdesk.models.users import User
    from opsdesk.ops import alarms as alarm_ops
    from opsdesk.store import Store
    from tests.ui.monitoring_data import NOW, STEP, ac, cycle, feed_scenario, unit_ids, ups

    clock.set_clock(FixedClock(NOW))
    home = Path(tempfile.mkdtemp(prefix="opsdesk-shots-"))
    os.environ["OPSDESK_HOME"] = str(home)
    store = Store(str(home / "demo.sqlite3"))
    load_demo(store)
    scenario = feed_scenario(store)
    with store.read() as s:
        users = {u.username: u for u in s.scalars(select(User))}
    duty = users[DEMO_USERS[0].username]
    supervisor = next(u for u in users.values() if u.role == "supervisor")
    more = unit_ids(store, "YHL-AC-0002", "YHL-UPS-0001")
    clock.set_clock(FixedClock(NOW - dt.timedelta(minutes=5)))
    with store.write() as s:
        alarm_ops.acknowledge(s, supervisor, scenario.alarm_id("YHL-UPS-0001"),
                              "已通知山特售后，市电恢复前安排专人值守")
        alarm_ops.open_maintenance(s, duty, more["YHL-AC-0002"], 3, "空调滤网更换")
    clock.set_clock(FixedClock(NOW))
    for i in range(3):  # in the window: recorded, greyed, not counted
        cycle(store, NOW - dt.timedelta(minutes=4) + i * STEP,
              {more["YHL-AC-0002"]: ("YHL-AC-0002 精密空调", ac(29.3))})
    cycle(store, NOW - dt.timedelta(minutes=2), {more["YHL-UPS-0001"]: ("YHL-UPS-0001 UPS电源", ups())})
    with store.write() as s:
        s.add(PollerLock(name="poller", holder="dutypc-1:5120", started_at=NOW - dt.timedelta(hours=2),
                         heartbeat_at=NOW - dt.timedelta(seconds=8), cycle_seconds=1.23, answering=118, silent=1,
                         last_cycle_at=NOW - dt.timedelta(seconds=8)))

    from opsdesk.ui.app import create_app, save_screenshot
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.main_window import MainWindow

    _app = create_app("zh")  # kept referenced while the window lives
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ConsoleContext(store, duty.as_actor(), demo=True), auto_backup=False)
    window.show()
    alarms = window.show_panel("alarms")
    alarms.select_alarm(scenario.alarm_id("YHL-AC-0001"))
    saved = [
        ("alarms.png", window),
        ("banner.png", window.alarm_banner),
        ("statusbar.png", window.statusBar()),
    ]
    for name, widget in saved:
        save_screenshot(widget, out / name)
    alarms.show_history(True)
    save_screenshot(window, out / "alarms-history.png")
    alarms.show_history(False)
    alarms.select_alarm(scenario.alarm_id("YHL-AC-0001"))
    ack = alarms.acknowledge_selected()
    ack.note_edit.setPlainText("已到现场，开启备用空调，通知艾默生售后")
    save_screenshot(ack, out / "ack-dialog.png")
    ack.reject()
    maint = alarms.open_maintenance()
    save_screenshot(maint, out / "maintenance-dialog.png")
    maint.reject()
    for tag, name in (("YHL-UPS-0001", "device-ups.png"), ("YHL-AC-0001", "device-ac.png"),
                      ("YHL-AC-0002", "device-maintenance.png"), ("YHL-SRV-0001", "device-silent.png")):
        panel = alarms.open_device(scenario.units[tag])
        save_screenshot(panel, out / name)
    with store.write() as s:
        for tag in ("YHL-AC-0001", "YHL-SRV-0001"):
            alarm_ops.acknowledge(s, duty, scenario.alarm_id(tag), "已到现场检查")
        s.delete(s.get(PollerLock, "poller"))
    window.alarm_banner.refresh()
    window.poller_label.refresh()
    save_screenshot(window.alarm_banner, out / "banner-none.png")
    save_screenshot(window.statusBar(), out / "statusbar-down.png")
    ac1 = scenario.units["YHL-AC-0001"]
    for i in range(3):  # humidity over 75 %RH for a minute: a warning
        cycle(store, NOW + i * STEP, {ac1: ("YHL-AC-0001 精密空调", ac(26.0, 80.0))})
    window.alarm_banner.refresh()
    save_screenshot(window.alarm_banner, out / "banner-warning.png")
    window.close_quietly()
    store.close()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/opsdesk-shots")))
