"""告警 screen: the current list coloured by severity, ISA-18.2 states (a critical alarm
that cleared unacknowledged stays as 已恢复·未确认; one that came back is one row with a
count), acknowledge with a note (by keyboard too, one alarm or a device's cleared ones
together), history, filters, the selection kept across refreshes, maintenance windows."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.models import Alarm
from opsdesk.models.monitoring import MaintenanceWindow
from opsdesk.ui.alarms.ack_dialog import AckDialog, DeviceAckDialog
from opsdesk.ui.alarms.panel import AlarmsPanel
from opsdesk.ui.device.maintenance_dialog import MaintenanceDialog
from opsdesk.ui.device.panel import DevicePanel
from opsdesk.ui.labels import MUTED_COLOURS, SEVERITY_COLOURS
from tests.readings import D, R
from tests.ui.conftest import read_off_gui, settle, write_off_gui
from tests.ui.latin_check import data_words, latin_words
from tests.ui.monitoring_data import NOW, SILENT, STEP, ac, cycle, unit_ids, ups

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


@pytest.fixture
def panel(qtbot, alarm_store, make_ctx):
    def make(role: str = "duty") -> AlarmsPanel:
        widget = AlarmsPanel(make_ctx(role))
        qtbot.addWidget(widget)
        widget.resize(1400, 600)
        widget.show()
        settle(qtbot)  # the sites and the alarms are read off the GUI thread
        return widget

    return make


def cell(panel: AlarmsPanel, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    return panel.proxy.index(row, panel.model.column_of(key)).data(role)


def row_of_tag(panel: AlarmsPanel, tag: str) -> int:
    return next(i for i, r in enumerate(panel.visible_rows()) if r.asset_tag == tag)


def test_active_alarms_newest_first_with_critical_in_red(panel):
    p = panel()
    tags = [r.asset_tag for r in p.visible_rows()]
    assert tags == ["YHL-SRV-0001", "YHL-AC-0001", "YHL-UPS-0001"]  # the cleared one is history
    row = row_of_tag(p, "YHL-AC-0001")
    assert cell(p, row, "severity") == "严重"
    assert cell(p, row, "severity", Qt.ItemDataRole.BackgroundRole) == SEVERITY_COLOURS["critical"][0]
    assert cell(p, row, "severity", Qt.ItemDataRole.ForegroundRole) == SEVERITY_COLOURS["critical"][1]
    assert cell(p, row, "raised") == "2026-11-22 09:51:00"  # local time with seconds
    assert cell(p, row, "device") == "YHL-AC-0001 精密空调"
    assert cell(p, row, "site") == "永和路数据中心"
    assert "31 ℃" in cell(p, row, "message")
    assert cell(p, row, "value") == "31 ℃"
    assert cell(p, row, "limits") == "18–28 ℃"
    assert cell(p, row, "acked") == "" and cell(p, row, "cleared") == ""
    ups_row = row_of_tag(p, "YHL-UPS-0001")
    assert cell(p, ups_row, "severity") == "警告"
    assert cell(p, ups_row, "severity", Qt.ItemDataRole.BackgroundRole) == SEVERITY_COLOURS["warning"][0]
    assert "电池供电" in cell(p, ups_row, "message")
    assert cell(p, ups_row, "value") == ""  # a state's code means nothing to a person
    assert p.count_label.text() == "当前 3 条，待确认 3 条"
    headers = [p.model.headerData(c, Qt.Orientation.Horizontal) for c in range(p.model.columnCount())]
    assert headers == ["级别", "状态", "发生时间", "设备", "站点", "告警内容", "数值", "限值", "次数",
                       "确认人 / 确认时间", "确认说明", "恢复时间"]
    assert cell(p, row, "state") == "未确认" and cell(p, row, "count") == "1"


def test_acknowledge_needs_a_note_and_records_who(qtbot, panel, alarm_store):
    p = panel("duty")
    alarm_id = alarm_store.alarm_id("YHL-AC-0001")
    assert p.select_alarm(alarm_id)
    assert p.ack_button.isEnabled()
    dialog = p.acknowledge_selected()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, AckDialog) and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no note, no OK
    dialog.note_edit.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()
    assert not dialog.submit()  # and if it were pressed anyway, the operation refuses
    assert dialog.error_label.isVisible() and "需要填写说明" in dialog.error_label.text()
    assert dialog.isVisible()
    assert read_off_gui(alarm_store.store, lambda s: s.get(Alarm, alarm_id).acked_at) is None

    dialog.note_edit.setPlainText("已通知空调厂商，开启备用空调")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_alarm_acknowledged, timeout=2000) as done:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert done.args == [alarm_id]
    assert not dialog.isVisible()
    acked = read_off_gui(alarm_store.store,
                         lambda s: (s.get(Alarm, alarm_id).acked_by, s.get(Alarm, alarm_id).ack_note))
    assert acked == ("zhangwei", "已通知空调厂商，开启备用空调")
    # The list follows straight away (the feed is told at once), with the same alarm still selected.
    qtbot.waitUntil(lambda: cell(p, row_of_tag(p, "YHL-AC-0001"), "acked") == "张伟 2026-11-22 10:00:00", timeout=2000)
    assert p.selected_alarm_id() == alarm_id
    row = row_of_tag(p, "YHL-AC-0001")
    assert cell(p, row, "acked", Qt.ItemDataRole.ToolTipRole) == "张伟（zhangwei）：已通知空调厂商，开启备用空调"
    assert not p.ack_button.isEnabled()  # acknowledged once, by one person
    assert p.count_label.text() == "当前 3 条，待确认 2 条"


def test_an_alarm_acknowledged_elsewhere_meanwhile_is_refused_inline(qtbot, panel, alarm_store, demo_users):
    from opsdesk.ops import alarms as alarm_ops

    p = panel("duty")
    alarm_id = alarm_store.alarm_id("YHL-UPS-0001")
    p.select_alarm(alarm_id)
    dialog = p.acknowledge_selected()
    qtbot.addWidget(dialog)
    write_off_gui(alarm_store.store,  # the supervisor, at another console
                  lambda s: alarm_ops.acknowledge(s, demo_users["supervisor"], alarm_id, "已处理"))
    dialog.note_edit.setPlainText("我来处理")
    with qtbot.assertNotEmitted(dialog.sig_alarm_acknowledged):
        dialog.submit()  # written off the GUI thread; the refusal comes back into the dialog
        qtbot.waitUntil(dialog.error_label.isVisible, timeout=3000)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert read_off_gui(alarm_store.store, lambda s: s.get(Alarm, alarm_id).ack_note) == "已处理"


def test_double_click_acknowledges_or_opens_the_device(qtbot, panel, alarm_store, demo_users):
    from opsdesk.ops import alarms as alarm_ops

    p = panel("duty")
    row = row_of_tag(p, "YHL-SRV-0001")
    p.table.doubleClicked.emit(p.proxy.index(row, 0))
    assert isinstance(p.ack_dialog, AckDialog) and p.ack_dialog.isVisible()
    assert p.ack_dialog.row.asset_tag == "YHL-SRV-0001"
    p.ack_dialog.reject()
    ups_alarm = alarm_store.alarm_id("YHL-UPS-0001")
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], ups_alarm, "已通知厂商"))
    p.reload()
    settle(qtbot)
    p.table.doubleClicked.emit(p.proxy.index(row_of_tag(p, "YHL-UPS-0001"), 0))
    assert isinstance(p.device_panel, DevicePanel) and p.device_panel.isVisible()  # a child: closed with the list
    settle(qtbot)  # the window opens at once and fills when its read comes
    assert p.device_panel.tag_label.text() == "YHL-UPS-0001"


def test_history_shows_cleared_alarms(qtbot, panel):
    p = panel()
    p.show_history(True)
    settle(qtbot)
    rows = p.visible_rows()
    cleared = [r for r in rows if r.asset_tag == "YHL-AC-0002"]
    # today's, and the demo's own excursion of five days ago (opsdesk.demo.history)
    assert len(cleared) == 2 and not any(r.active for r in cleared)
    row = row_of_tag(p, "YHL-AC-0002")
    assert cell(p, row, "raised") == "2026-11-22 09:41:00"
    assert cell(p, row, "cleared") == "2026-11-22 09:45:00"
    assert {r.asset_tag for r in rows} >= {"YHL-AC-0001", "YHL-UPS-0001", "YHL-SRV-0001"}  # active ones too
    assert p.count_label.text() == f"最近 30 天共 {len(rows)} 条告警"
    p.show_history(False)
    settle(qtbot)
    assert "YHL-AC-0002" not in [r.asset_tag for r in p.visible_rows()]


def test_filters_by_severity_site_and_device(qtbot, panel):
    p = panel()
    p.severity_combo.setCurrentIndex(p.severity_combo.findData("warning"))
    settle(qtbot)
    assert [r.asset_tag for r in p.visible_rows()] == ["YHL-UPS-0001"]
    p.severity_combo.setCurrentIndex(0)
    p.site_combo.setCurrentIndex(p.site_combo.findText("容灾备份"))
    settle(qtbot)
    assert p.visible_rows() == []
    assert p.count_label.text() == "当前没有告警"
    p.site_combo.setCurrentIndex(p.site_combo.findText("永和路数据中心"))
    settle(qtbot)
    assert len(p.visible_rows()) == 3
    p.device_edit.setText("ups")  # asset tag or name, any case
    assert [r.asset_tag for r in p.visible_rows()] == ["YHL-UPS-0001"]
    p.device_edit.setText("服务器")
    assert [r.asset_tag for r in p.visible_rows()] == ["YHL-SRV-0001"]


def test_periodic_refresh_keeps_the_selection(qtbot, quick_feed, panel, alarm_store):
    p = panel()
    ups_alarm = alarm_store.alarm_id("YHL-UPS-0001")
    p.select_alarm(ups_alarm)
    # The poller raises a new alarm: a new row on top, the selection stays on the UPS.
    ac2 = alarm_store.units["YHL-AC-0002"]
    for i in range(3):
        cycle(alarm_store.store, NOW - dt.timedelta(minutes=3) + i * STEP, {ac2: ("YHL-AC-0002 精密空调", ac(29.5))})
    qtbot.waitUntil(lambda: len(p.visible_rows()) == 4, timeout=3000)
    assert p.visible_rows()[0].asset_tag == "YHL-AC-0002"
    assert p.selected_alarm_id() == ups_alarm
    # The same alarms read again: updated in place, selection untouched.
    with qtbot.waitSignal(p.sig_alarms_loaded, timeout=3000):
        p.reload_in_background()
    assert p.selected_alarm_id() == ups_alarm


def test_maintenance_window_greys_the_alarms_it_expects(qtbot, panel, alarm_store, main_window):
    p = panel("duty")
    p.select_alarm(alarm_store.alarm_id("YHL-UPS-0001"))
    dialog = p.open_maintenance()
    qtbot.addWidget(dialog)
    assert isinstance(dialog, MaintenanceDialog)
    assert dialog.unit_label.text() == "YHL-UPS-0001 UPS电源"
    assert not dialog.ok_button.isEnabled()  # a reason is required
    dialog.hours_spin.setValue(4)
    dialog.reason_edit.setText("UPS 电池放电测试")
    with qtbot.waitSignal(dialog.sig_maintenance_opened, timeout=2000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    ups_id = alarm_store.units["YHL-UPS-0001"]
    window = read_off_gui(alarm_store.store, lambda s: s.scalars(
        select(MaintenanceWindow).where(MaintenanceWindow.unit_id == ups_id)).one())
    assert (window.ends_at - window.starts_at) == dt.timedelta(hours=4)
    assert window.created_by == "zhangwei" and window.reason == "UPS 电池放电测试"
    # The test itself: back on mains, then on battery again, inside the window.
    cycle(alarm_store.store, NOW - dt.timedelta(seconds=60), {ups_id: ("YHL-UPS-0001 UPS电源", ups(on_battery=False))})
    cycle(alarm_store.store, NOW, {ups_id: ("YHL-UPS-0001 UPS电源", ups(on_battery=True))})
    p.reload()
    settle(qtbot)
    row = row_of_tag(p, "YHL-UPS-0001")
    assert cell(p, row, "severity") == "警告（维护中）"
    assert cell(p, row, "message", Qt.ItemDataRole.ForegroundRole) == MUTED_COLOURS[1]
    window = main_window("duty")
    assert window.alarm_banner.text() == "严重 2 未确认"  # the expected warning is not counted


def test_acknowledge_is_not_offered_without_the_right(qtbot, panel, make_ctx, monkeypatch):
    from opsdesk.models import users

    monkeypatch.setitem(users.ROLE_PERMS, users.Role.DUTY, frozenset({users.Perm.VIEW_REGISTER}))
    p = panel("duty")
    assert p.ack_button.isHidden() and p.maintenance_button.isHidden()
    p.table.selectRow(0)
    assert p.acknowledge_selected() is None


def test_the_periodic_refresh_reads_off_the_gui_thread(qtbot, panel, alarm_store, demo_users):
    """An acknowledgement made at another console shows after the timed refresh,
    whose query runs in the thread pool (the console never waits on the database)."""
    from opsdesk.ops import alarms as alarm_ops

    p = panel("duty")
    row = p.visible_rows()[row_of_tag(p, "YHL-UPS-0001")]
    assert not row.acked
    ups_alarm = alarm_store.alarm_id("YHL-UPS-0001")
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], ups_alarm, "已通知厂商"))
    with qtbot.waitSignal(p.sig_alarms_loaded, timeout=10_000):
        p.reload_in_background()
    assert p.visible_rows()[row_of_tag(p, "YHL-UPS-0001")].acked


# -- ISA-18.2 states ------------------------------------------------------------------------

def ime_type(widget, text: str) -> None:
    """Chinese as a duty engineer types it: the input method commits the words (QTest's
    keyClicks sends Latin-1 key codes only)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def clear_ac1(alarm_store, when=NOW - dt.timedelta(minutes=2)) -> None:
    """YHL-AC-0001 back to 25 ℃: its critical alarm clears before anyone acknowledged it."""
    unit = alarm_store.units["YHL-AC-0001"]
    cycle(alarm_store.store, when, {unit: ("YHL-AC-0001 精密空调", ac(25.0))})


def test_a_critical_alarm_that_cleared_unacknowledged_stays_current(qtbot, panel, alarm_store, tmp_path):
    """OPSDESK_SHOTS=DIR keeps the picture for a person to look at."""
    clear_ac1(alarm_store)
    p = panel("duty")
    tags = [r.asset_tag for r in p.visible_rows()]
    assert tags == ["YHL-SRV-0001", "YHL-AC-0001", "YHL-UPS-0001"]  # still listed
    row = row_of_tag(p, "YHL-AC-0001")
    assert cell(p, row, "state") == "已恢复·未确认"
    assert cell(p, row, "state", Qt.ItemDataRole.FontRole).bold()  # still needs someone
    assert "09:58:00" in cell(p, row, "state", Qt.ItemDataRole.ToolTipRole)  # when it cleared
    assert cell(p, row, "severity") == "严重"
    assert p.count_label.text() == "当前 3 条，待确认 3 条"
    p.table.selectRow(row)
    assert p.ack_button.isEnabled() and p.device_ack_button.isEnabled()
    out = Path(os.environ.get("OPSDESK_SHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    p.resize(1700, 360)
    p.table.selectRow(0)
    assert p.grab().save(str(out / "alarms_cleared_unacked.png"))


def test_the_list_shows_who_acknowledged_by_name_and_the_note(qtbot, panel, alarm_store, demo_users):
    from opsdesk.ops import alarms as alarm_ops

    ups_alarm = alarm_store.alarm_id("YHL-UPS-0001")
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["supervisor"], ups_alarm,
                                                                     "已通知山特售后，\n市电恢复前安排专人值守"))
    p = panel("duty")
    row = row_of_tag(p, "YHL-UPS-0001")
    assert cell(p, row, "state") == "已确认"
    assert cell(p, row, "acked").startswith("王芳 ")  # the person, not the login
    assert cell(p, row, "note") == "已通知山特售后， 市电恢复前安排专人值守"  # one line in the table
    assert cell(p, row, "note", Qt.ItemDataRole.ToolTipRole) == "已通知山特售后，\n市电恢复前安排专人值守"


def test_an_alarm_that_came_back_is_one_row_with_its_count_and_last_time(qtbot, panel, alarm_store):
    clear_ac1(alarm_store, NOW - dt.timedelta(minutes=5))
    unit = alarm_store.units["YHL-AC-0001"]
    for i in range(3):  # 31 ℃ again from 09:56:00, raised after the hold
        cycle(alarm_store.store, NOW - dt.timedelta(minutes=4) + i * STEP, {unit: ("YHL-AC-0001 精密空调", ac(31.0))})
    p = panel("duty")
    rows = [r for r in p.visible_rows() if r.asset_tag == "YHL-AC-0001"]
    assert len(rows) == 1
    row = row_of_tag(p, "YHL-AC-0001")
    assert cell(p, row, "count") == "2"
    assert cell(p, row, "raised") == "2026-11-22 09:57:00"  # the last time, not 09:51:00
    assert cell(p, row, "state") == "未确认"
    tip = cell(p, row, "count", Qt.ItemDataRole.ToolTipRole)
    assert "2 次" in tip and "09:51:00" in tip and "09:57:00" in tip
    assert p.visible_rows()[0].asset_tag == "YHL-AC-0001"  # newest first, by its last time


def test_keyboard_only_acknowledge_with_arrows_enter_and_a_typed_note(qtbot, panel, alarm_store):
    clear_ac1(alarm_store)
    p = panel("duty")
    p.table.setFocus()
    qtbot.keyClick(p.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # the first row: SRV-0001
    qtbot.keyClick(p.table, Qt.Key.Key_Down)  # the second: AC-0001, cleared unacknowledged
    assert p.selected_row().asset_tag == "YHL-AC-0001"
    qtbot.keyClick(p.table, Qt.Key.Key_Return)
    dialog = p.ack_dialog
    assert isinstance(dialog, AckDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.row.asset_tag == "YHL-AC-0001" and dialog.state_label.text() == "已恢复·未确认"
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)  # no note yet: nothing happens
    assert dialog.isVisible()
    ime_type(dialog.note_edit, "空调已自动恢复")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # a new line
    ime_type(dialog.note_edit, "已检查滤网")
    if os.environ.get("OPSDESK_SHOTS"):
        dialog.grab().save(str(Path(os.environ["OPSDESK_SHOTS"]) / "alarms_ack_dialog.png"))
    with qtbot.waitSignal(dialog.sig_alarm_acknowledged, timeout=2000):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    alarm = read_off_gui(alarm_store.store, lambda s: s.get(Alarm, dialog.row.id))
    assert alarm.ack_note == "空调已自动恢复\n已检查滤网" and alarm.acked_by == "zhangwei"
    # acknowledged and cleared: history (the list reads again at once)
    qtbot.waitUntil(lambda: "YHL-AC-0001" not in [r.asset_tag for r in p.visible_rows()], timeout=2000)
    assert p.count_label.text() == "当前 2 条，待确认 2 条"


def test_a_devices_cleared_alarms_are_acknowledged_together_by_keyboard(qtbot, panel, alarm_store):
    srv = alarm_store.units["YHL-SRV-0001"]
    label = "YHL-SRV-0001 公卫数据库服务器"
    answering = ac(22.0)
    when = NOW - dt.timedelta(minutes=8)
    cycle(alarm_store.store, when, {srv: (label, answering)})  # back: cleared, unacknowledged
    for i in range(1, 4):  # and gone again: the same alarm, raised a second time
        cycle(alarm_store.store, when + i * STEP, {srv: (label, SILENT)})
    cycle(alarm_store.store, when + 5 * STEP, {srv: (label, answering)})
    p = panel("duty")
    srv_rows = [r for r in p.visible_rows() if r.asset_tag == "YHL-SRV-0001"]
    assert len(srv_rows) == 1 and srv_rows[0].occurrences == 2 and srv_rows[0].cleared_unacked
    with qtbot.waitActive(p):
        p.activateWindow()
    p.table.setFocus()
    qtbot.keyClick(p.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)  # the newest: SRV-0001
    assert p.selected_row().asset_tag == "YHL-SRV-0001"
    assert p.device_ack_button.isEnabled()
    assert p.device_ack_button.text() == "确认本设备已恢复告警(&D)…"
    qtbot.keyClick(p.table, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # the mnemonic, from the list
    qtbot.waitUntil(lambda: isinstance(p.ack_dialog, DeviceAckDialog), timeout=2000)  # the button animates its click
    dialog = p.ack_dialog
    assert isinstance(dialog, DeviceAckDialog) and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.alarm_list.count() == 1 and "×2" in dialog.alarm_list.item(0).text()
    ime_type(dialog.note_edit, "交换机端口松动，已重新插好网线")
    with qtbot.waitSignal(dialog.sig_alarms_acknowledged, timeout=2000) as done:
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert done.args == [[srv_rows[0].id]]
    qtbot.waitUntil(lambda: "YHL-SRV-0001" not in [r.asset_tag for r in p.visible_rows()], timeout=2000)
    p.show_history(True)
    settle(qtbot)
    row = row_of_tag(p, "YHL-SRV-0001")
    assert cell(p, row, "state") == "已恢复" and cell(p, row, "note") == "交换机端口松动，已重新插好网线"


def test_an_alarm_raised_in_english_reads_wholly_chinese(qtbot, demo_store, fixed_clock, make_ctx):
    """The poller ran in English; the Chinese console renders the alarms from their codes (issue 16)."""
    from opsdesk import i18n

    units = unit_ids(demo_store, "YHL-AC-0001", "YHL-SRV-0001")
    hot = D([R("env.temperature", 31.04, label="Return air temperature",
               labels={"zh": "回风温度", "en": "Return air temperature"})])
    silent = D(status="unreachable", error_category="timeout", error_message="no response before timeout",
               uptime_s=None, sys_object_id="", sys_descr="", profiles=())
    i18n.set_language("en")
    try:
        for i in range(3):
            cycle(demo_store, NOW - dt.timedelta(minutes=5) + i * STEP,
                  {units["YHL-AC-0001"]: ("YHL-AC-0001 精密空调", hot),
                   units["YHL-SRV-0001"]: ("YHL-SRV-0001 公卫数据库服务器", silent)})
    finally:
        i18n.set_language("zh")
    p = AlarmsPanel(make_ctx("duty"))
    qtbot.addWidget(p)
    p.resize(1400, 600)
    p.show()
    settle(qtbot)
    texts = [cell(p, i, "message") for i in range(len(p.visible_rows()))]
    assert sorted(texts) == ["回风温度 31 ℃，高于上限 28 ℃", "无应答（超时）"]
    assert latin_words(p, data_words(demo_store)) == []


def test_the_alarm_text_is_never_squeezed_and_fills_a_wide_window(qtbot, panel):
    """At a duty-room screen's width the other columns take most of the row: the alarm's text
    keeps a readable width (the list scrolls sideways), and a wide window gives it the rest."""
    from opsdesk.ui.alarms.panel import MESSAGE_MIN_WIDTH

    panel = panel()
    header = panel.table.horizontalHeader()
    message = panel.model.column_of("message")
    panel.resize(1200, 700)
    qtbot.waitUntil(lambda: header.sectionSize(message) >= MESSAGE_MIN_WIDTH, timeout=5000)
    panel.resize(2600, 700)

    def filled() -> bool:
        shown = sum(header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c))
        return header.sectionSize(message) > MESSAGE_MIN_WIDTH and shown == panel.table.viewport().width()

    qtbot.waitUntil(filled, timeout=5000)
    header.resizeSection(panel.model.column_of("device"), 400)  # the user widens the device column
    qtbot.waitUntil(filled, timeout=5000)
