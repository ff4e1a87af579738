"""Pictures of the shift and roster screens for a person to look at (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_shift_screenshots [/tmp/opsdesk-shots]

Builds the demo in a temporary folder on Friday 2026-11-20 at 10:05 (Shanghai): the
monitor has read the air conditioners (one at 29.3 ℃, a warning) and the UPS, a server
does not answer; earlier shifts of November were signed (one late), one was missed.
Saves the checklist, a tick dialog, the handover and sign-off (and a refused signature),
the signed record, the history month, the roster of February 2026 and the template editor."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from opsdesk import clock

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 2, 5, 12, tzinfo=UTC)  # 10:05:12 in Shanghai


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - dt.timedelta(hours=8)


def past_shifts(store, users, site_id, fixed) -> None:
    """November 2–19: each working day signed at 17:20, except the 12th (signed at
    21:40: late) and the 17th (nobody started it: missed)."""
    from opsdesk.models.workcal import WorkCalendar
    from opsdesk.ops import shift as shifts
    from tests.shift.fill import tick_all

    zhang, li = users["zhangwei"], users["lina"]
    with store.read() as s:
        cal = WorkCalendar.load(s)
    day = dt.date(2026, 11, 2)
    while day < dt.date(2026, 11, 20):
        if cal.is_workday(day) and day != dt.date(2026, 11, 17):
            fixed.set(local(day, 8, 40))
            with store.write() as s:
                sid = shifts.start_shift(s, zhang, site_id, day, "day").id
            tick_all(store, zhang, sid)  # the items filled in by hand with their result
            fixed.set(local(day, 21, 40) if day == dt.date(2026, 11, 12) else local(day, 17, 20))
            with store.write() as s:
                shifts.hand_over(s, zhang, sid, "各系统运行正常。")
                shifts.sign_off(s, zhang, "duty-2026", li, "duty-2026", sid)
        day += dt.timedelta(days=1)


def main(out: Path) -> int:
    from sqlalchemy import select

    from opsdesk.clock import FixedClock
    from opsdesk.demo.seed import load_demo
    from opsdesk.models import Site
    from opsdesk.models.users import User
    from opsdesk.ops import roster
    from opsdesk.ops.settings_ops import set_setting
    from opsdesk.store import Store
    from tests.ui.monitoring_data import SILENT, D, R, ac, cycle, unit_ids

    fixed = FixedClock(NOW)
    clock.set_clock(fixed)
    home = Path(tempfile.mkdtemp(prefix="opsdesk-shift-shots-"))
    os.environ["OPSDESK_HOME"] = str(home)
    store = Store(str(home / "demo.sqlite3"))
    load_demo(store)
    from tests.shift.fill import clear_demo_duty

    clear_demo_duty(store)  # the demo's own weeks on duty: these pictures make their own
    with store.read() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        site_id = s.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()
    past_shifts(store, users, site_id, fixed)
    fixed.set(NOW)

    units = unit_ids(store, "YHL-AC-0001", "YHL-AC-0002", "YHL-UPS-0001", "YHL-SRV-0001")
    ups = D([R("ups.output.source", 3, cls="state", label="输出来源", unit="", state_meaning="市电逆变", severity="ok"),
             R("ups.output.load", 42.0, cls="load", label="输出负载", unit="%"),
             R("ups.battery.charge", 100.0, cls="charge", label="电池剩余电量", unit="%")],
            sys_object_id=".1.3.6.1.2.1.33", sys_descr="Santak UPS", profiles=("ups-mib",))
    for i in range(3):  # 10:04:12, 10:04:42, 10:05:12
        cycle(store, NOW - dt.timedelta(seconds=60 - 30 * i), {
            units["YHL-AC-0001"]: ("YHL-AC-0001 精密空调", ac(24.5, 48.0)),
            units["YHL-AC-0002"]: ("YHL-AC-0002 精密空调", ac(29.3, 51.0)),
            units["YHL-UPS-0001"]: ("YHL-UPS-0001 UPS电源", ups),
            units["YHL-SRV-0001"]: ("YHL-SRV-0001 公卫数据库服务器", SILENT),
        })

    from PySide6.QtWidgets import QApplication

    from opsdesk.ui.app import create_app, save_screenshot
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.main_window import MainWindow

    create_app("zh")
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        """What the screens started off the GUI thread is done and shown (the runner's reads
        and writes, and the reads their answers start in turn)."""
        from opsdesk.ui import worker

        for _ in range(2000):
            QApplication.processEvents()
            if worker._dispatcher is None or not worker._dispatcher.pending:
                break
            worker.QThreadPool.globalInstance().waitForDone(5)
        for _ in range(5):
            QApplication.processEvents()

    window = MainWindow(ConsoleContext(store, users["zhangwei"].as_actor(), demo=True), auto_backup=False)
    window.show()
    panel = window.show_panel("shift")
    duty = panel.duty
    settle()
    duty.start_shift()
    settle()
    ids = {item.row.key: item.tick_id for item in duty.checklist.items}
    for key in ("ac_running", "leak_smoke", "server_status", "storage_status"):
        duty.request_status(ids[key], "normal")
        settle()
    dialog = duty.request_status(ids["room_temperature"], "abnormal")
    dialog.followup_edit.setPlainText("2号空调回风 29.3 ℃，已开启备用空调，报艾默生售后")
    dialog._on_ok_clicked()
    settle()
    dialog = duty.request_status(ids["backup_full"], "abnormal")
    dialog.followup_edit.setPlainText("PACS 库备份作业失败，已重跑并通知备份厂商，11:00 复查")
    dialog.note_edit.setText("影像库 03:10 作业报错")
    settle()
    save_screenshot(dialog, out / "shift-tick-abnormal.png")
    dialog._on_ok_clicked()
    settle()
    dialog = duty.request_override(ids["ups_load"])
    dialog.value_edit.setText("45 %")
    dialog.reason_edit.setText("UPS 面板显示 45%，监控取值滞后")
    settle()
    save_screenshot(dialog, out / "shift-override.png")
    dialog._on_ok_clicked()
    settle()
    item = duty.checklist.item_by_key("database_status")
    item.value_edit.setText("实例、监听正常，USERS 表空间余 38%")
    item.value_edit.editingFinished.emit()
    settle()
    duty.checklist.item_by_key("leak_smoke").note_edit.setText("东北角漏水绳已复位")
    duty.checklist.item_by_key("leak_smoke").note_edit.editingFinished.emit()
    duty.checklist.set_current(list(ids).index("room_humidity"))
    settle()
    save_screenshot(window, out / "shift-checklist.png")
    duty.checklist.verticalScrollBar().setValue(duty.checklist.verticalScrollBar().maximum() // 2)
    settle()
    save_screenshot(window, out / "shift-checklist-middle.png")

    # Handover: the lists, then a refused signature (required items open), then signed.
    handover = duty.open_handover()
    settle()
    handover.notes_edit.setPlainText("2号空调回风温度偏高，备用空调已开，艾默生售后下午到场；"
                                     "公卫数据库服务器无应答，已电话通知东软。")
    handover.incoming_combo.setCurrentIndex(handover.incoming_combo.findData("lina"))
    handover.outgoing_password.setText("duty-2026")
    handover.incoming_password.setText("duty-2026")
    settle()
    save_screenshot(handover, out / "shift-handover.png")
    handover.hand_over()
    settle()
    handover.outgoing_password.setText("duty-2026")
    handover.incoming_password.setText("duty-2026")
    handover.sign()
    settle()
    save_screenshot(handover, out / "shift-signoff-refused.png")
    handover.reject()
    from tests.shift.fill import tick_all

    tick_all(store, users["zhangwei"], duty.state.id)  # the rest 正常, those by hand with their result
    duty.refresh()
    settle()
    handover = duty.open_handover()
    settle()
    handover.incoming_combo.setCurrentIndex(handover.incoming_combo.findData("lina"))
    handover.outgoing_password.setText("duty-2026")
    handover.incoming_password.setText("wrong-password")
    handover.sign()
    settle()
    save_screenshot(handover, out / "shift-signoff-wrong-password.png")
    handover.incoming_password.setText("duty-2026")
    handover.outgoing_password.setText("duty-2026")
    handover.sign()
    settle()
    duty.checklist.verticalScrollBar().setValue(0)
    settle()
    save_screenshot(window, out / "shift-signed.png")
    correction = duty.request_correction(ids["app_availability"])
    correction.status_buttons["abnormal"].click()
    correction.followup_edit.setPlainText("10:20 影像系统短暂不可用，已恢复，原因待厂商分析")
    correction.reason_edit.setText("补记：交班后发现漏记")
    settle()
    save_screenshot(correction, out / "shift-correction.png")
    correction._on_ok_clicked()
    settle()
    save_screenshot(window, out / "shift-corrected.png")

    panel.show_history(True)
    settle()
    save_screenshot(window, out / "shift-history.png")
    panel.history.open_shift(dt.date(2026, 11, 20), "day")
    settle()
    record = panel.history.record_dialog
    record.revision_list.setCurrentRow(1)
    settle()
    save_screenshot(record, out / "shift-record.png")
    record.close()

    # The roster of February 2026: 春节, 调休 on the 14th and 28th, leave, a rules check.
    with store.write() as s:
        set_setting(s, users["wangfang"], "roster.min_workday", 3)
        roster.fill_default(s, users["wangfang"], site_id, 2026, 2, ["zhangwei", "lina", "wangfang"])
        for day in (3, 10, 24):
            roster.set_entry(s, users["wangfang"], site_id, dt.date(2026, 2, day), "lina", "night")
        leave = roster.request_leave(s, users["zhangwei"], dt.date(2026, 2, 9), dt.date(2026, 2, 10), "家中有事")
        roster.decide_leave(s, users["wangfang"], leave.id, True)
        roster.request_leave(s, users["lina"], dt.date(2026, 2, 26), dt.date(2026, 2, 27), "年休假")
    window.close_quietly()
    window = MainWindow(ConsoleContext(store, users["wangfang"].as_actor(), demo=True), auto_backup=False)
    window.show()
    rosters = window.show_panel("roster")
    settle()
    rosters.show_month(2026, 2)
    settle()
    rosters.select_leave(rosters.data.leaves[0].id)
    settle()
    save_screenshot(window, out / "roster.png")
    leave_dialog = rosters.open_leave_request()
    leave_dialog.reason_edit.setText("年休假")
    settle()
    save_screenshot(leave_dialog, out / "roster-leave.png")
    leave_dialog.reject()
    fill = rosters.open_fill()
    settle()
    save_screenshot(fill, out / "roster-fill.png")
    fill.reject()

    shift_panel = window.show_panel("shift")
    editor = shift_panel.open_template_editor()
    settle()
    editor.table.selectRow(3)
    settle()
    save_screenshot(editor, out / "template-editor.png")
    item_dialog = editor.edit_selected()
    settle()
    save_screenshot(item_dialog, out / "template-item.png")
    item_dialog.reject()
    live = editor.table.item(0, 1)
    editor.table.selectRow(live.row())
    item_dialog = editor.edit_selected()
    settle()
    save_screenshot(item_dialog, out / "template-item-live.png")
    item_dialog.reject()
    window.close_quietly()
    store.close()
    print("\n".join(str(p) for p in sorted(out.glob("shift*.png")) + sorted(out.glob("roster*.png"))
                    + sorted(out.glob("template*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/opsdesk-shots")))
