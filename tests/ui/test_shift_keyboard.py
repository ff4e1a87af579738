"""值班 by keyboard alone (issue 13): a whole shift — start, every checklist item, the results
of the items filled in by hand, an abnormal item's follow-up, the handover and both
passwords — with key events sent to whatever has the focus, no mouse, no slot called; a
manual item's 正常 asks for its result at the field; the history month by arrows and Enter;
the window goes on painting while the passwords are checked; people named, not logins."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from opsdesk.models import Alarm
from opsdesk.ops import shift as shifts
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.shift.duty_page import DutyPage
from opsdesk.ui.shift.handover import HandoverDialog
from opsdesk.ui.shift.panel import ShiftPanel
from opsdesk.ui.shift.record_dialog import ShiftRecordDialog
from tests.shift.fill import clear_demo_duty
from tests.ui.conftest import off_gui, read_off_gui, settle, write_off_gui
from tests.ui.shift_data import PASSWORD, start, status_of, tick_all, ticks, user

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
TODAY = dt.date(2026, 11, 22)  # the fixed clock: Sunday 10:00 — a day shift can still be started


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    off_gui(clear_demo_duty, demo_store)
    return demo_store


@pytest.fixture
def page(qtbot, demo_store, fixed_clock):
    """张伟's 当前班次, opened as a console opens it (the shift of the present)."""
    widget = DutyPage(ConsoleContext(demo_store, user(demo_store, "zhangwei").as_actor(), demo=True))
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    settle(qtbot)  # the sites, then the shift of the present
    return widget


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, wait: bool = True) -> None:
    """A key as the engineer presses it: to whatever has the focus; then (unless ``wait`` is
    False) what it started is done, as it is before a person's next key."""
    qtbot.keyClick(focused(), key, modifier)
    if wait:
        settle(qtbot)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def back_to(qtbot, window: QWidget) -> None:
    """A dialog closed: the window manager gives the window under it the keyboard again (the
    offscreen platform does not, so the test does what the desktop would)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)


def window_of_focus(qtbot, dialog) -> None:
    settle(qtbot)  # a dialog reads what it shows
    qtbot.waitUntil(lambda: dialog.isActiveWindow() and QApplication.focusWidget() is not None
                    and dialog.isAncestorOf(QApplication.focusWidget()), timeout=5000)


def test_a_whole_shift_by_keyboard_alone(qtbot, page, demo_store):
    # 开始值班 has the keyboard when the page opens: Enter starts the shift.
    assert page.state is None and focused() is page.start_button
    press(qtbot, Key.Key_Return)
    assert page.state is not None and page.state.day == TODAY and page.state.on_duty == ("zhangwei",)
    view = page.checklist
    assert focused() is view
    refused_once = False
    manual_keys = []
    while True:
        item = view.current_item()
        row = item.row
        if row.key == "backup_full":  # abnormal: the dialog asks for the follow-up
            press(qtbot, Key.Key_2)
            dialog = page.tick_dialog
            window_of_focus(qtbot, dialog)
            assert focused() is dialog.followup_edit
            type_text(qtbot, "Backup rerun, vendor called")
            press(qtbot, Key.Key_Tab)
            assert focused() is dialog.note_edit
            press(qtbot, Key.Key_Return)  # 保存 is the default button
            qtbot.waitUntil(lambda dialog=dialog: not dialog.isVisible())
            back_to(qtbot, page)
            assert focused() is view
        elif row.status is None and row.kind == "manual" and not refused_once:
            # 1 (正常) without the result: refused, said under the field, the keyboard put there.
            press(qtbot, Key.Key_1)
            assert focused() is item.value_edit and item.value_error.isVisible()
            assert item.value_error.text() == "请先填写检查结果：人工填写的项目须有结果才能标为正常。"
            type_text(qtbot, "OK, 38% free")
            press(qtbot, Key.Key_Return)  # the result, and the 正常 asked for with it
            refused_once = True
            manual_keys.append(row.key)
        elif row.status is None and row.kind == "manual":
            press(qtbot, Key.Key_Return)  # Enter: into the result field
            assert focused() is item.value_edit
            type_text(qtbot, "checked, nothing new")
            press(qtbot, Key.Key_Return)
            assert focused() is view
            press(qtbot, Key.Key_1)
            manual_keys.append(row.key)
        elif row.status is None:
            press(qtbot, Key.Key_Space)  # not checked → 正常
        assert focused() is view
        if view.current_index() == len(view.items) - 1:
            break
        press(qtbot, Key.Key_J)  # the next item
    stored = ticks(demo_store, page.state.id)
    assert all(tk.status for tk in stored.values()), [k for k, tk in stored.items() if not tk.status]
    assert (stored["backup_full"].status == "abnormal"
            and stored["backup_full"].followup == "Backup rerun, vendor called")
    assert len(manual_keys) >= 5 and all(stored[k].status == "normal" and stored[k].value for k in manual_keys)
    assert stored[manual_keys[0]].value == "OK, 38% free"
    assert page.header.completion_label.text().endswith("必检项已全部完成")

    # 交接班: Alt+O from the checklist; the notes take the keyboard first.
    press(qtbot, Key.Key_O, ALT)  # a mnemonic clicks its button animated: shortly after
    qtbot.waitUntil(lambda: page.handover_dialog is not None)
    dialog = page.handover_dialog
    assert isinstance(dialog, HandoverDialog)
    window_of_focus(qtbot, dialog)
    assert focused() is dialog.notes_edit
    type_text(qtbot, "PACS front-end: watch the nightly backup")
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.handover_button
    press(qtbot, Key.Key_Return)  # 提交交班
    assert page.state.status == "handed_over" or status_of(demo_store, page.state.id) == "handed_over"
    assert focused() is dialog.outgoing_password
    type_text(qtbot, PASSWORD)
    press(qtbot, Key.Key_Return)  # on to the incoming engineer, who is not chosen yet
    assert focused() is dialog.incoming_combo
    press(qtbot, Key.Key_Down)
    incoming = dialog.incoming_combo.currentData()
    assert incoming is not None
    press(qtbot, Key.Key_Tab)
    assert focused() is dialog.incoming_password
    type_text(qtbot, PASSWORD if incoming != "wangfang" else "review-2026")
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=15_000):
        press(qtbot, Key.Key_Return)  # 签字
    assert not dialog.isVisible()
    settle(qtbot)
    shift_id = page.state.id
    shift = read_off_gui(demo_store, lambda s: shifts.get_shift(s, shift_id))
    assert shift.status == "signed" and (shift.outgoing, shift.incoming) == ("zhangwei", incoming)
    assert shift.handover_notes == "PACS front-end: watch the nightly backup"
    assert page.header.lock_label.text().startswith("已签字锁定 第 1 版")
    back_to(qtbot, page)
    assert focused() is view  # back on the checklist


def test_normal_on_a_manual_item_asks_for_its_result_at_the_field(qtbot, page, demo_store):
    press(qtbot, Key.Key_Return)  # 开始值班
    view = page.checklist
    target = view.item_by_key("data_exchange")  # 每日业务系统交互数据检查: required, by hand
    while view.current_item() is not target:
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Space)  # not checked → 正常: refused without the result
    assert ticks(demo_store, page.state.id)["data_exchange"].status is None
    assert focused() is target.value_edit
    assert target.value_error.isVisible() and target.value_edit.property("invalid") is True
    press(qtbot, Key.Key_Return)  # Enter on the empty field: still asked, the keyboard stays
    assert focused() is target.value_edit and target.value_error.isVisible()
    press(qtbot, Key.Key_Escape)  # Escape: given up, back to the list, nothing saved
    assert focused() is view and not target.value_error.isVisible()
    assert ticks(demo_store, page.state.id)["data_exchange"].status is None
    press(qtbot, Key.Key_1)
    assert focused() is target.value_edit
    type_text(qtbot, "0 failed records")
    press(qtbot, Key.Key_Return)
    stored = ticks(demo_store, page.state.id)["data_exchange"]
    assert (stored.status, stored.value) == ("normal", "0 failed records")
    assert focused() is view and not target.value_error.isVisible() and not target.value_edit.property("invalid")


def test_the_window_paints_on_while_the_passwords_are_checked(qtbot, page, demo_store, demo_users):
    sid = start(demo_store, demo_users["duty"], TODAY)
    tick_all(demo_store, demo_users["duty"], sid)
    page.refresh()
    settle(qtbot)
    press(qtbot, Key.Key_O, ALT)  # a mnemonic clicks its button animated: shortly after
    qtbot.waitUntil(lambda: page.handover_dialog is not None)
    dialog = page.handover_dialog
    window_of_focus(qtbot, dialog)
    press(qtbot, Key.Key_O, ALT)  # Alt+O in the dialog: the outgoing engineer's password
    assert focused() is dialog.outgoing_password
    type_text(qtbot, PASSWORD)
    press(qtbot, Key.Key_I, ALT)  # Alt+I: the incoming engineer
    assert focused() is dialog.incoming_combo
    while dialog.incoming_combo.currentData() != "lina":
        press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, PASSWORD)
    beats = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(1))
    at_signing: list[int] = []
    dialog.sig_shift_changed.connect(lambda _id: at_signing.append(len(beats)))
    timer.start()
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=15_000):
        press(qtbot, Key.Key_Return, wait=False)
        # The check runs in the background: the button says so and cannot be pressed twice.
        assert dialog.busy and not dialog.sign_button.isEnabled()
        assert dialog.sign_button.text() == "正在核对密码…"
    timer.stop()
    assert at_signing and at_signing[0] >= 3  # the event loop ran all along (two argon2 checks)
    assert status_of(demo_store, sid) == "signed"


def test_the_handover_names_people_not_logins(qtbot, alarm_store, page, demo_store, demo_users):
    def acknowledged(s) -> None:  # 张伟 acknowledged the air conditioner's alarm
        alarm = s.query(Alarm).filter(Alarm.message.contains("YHL-AC-0001"), Alarm.cleared_at.is_(None)).first()
        alarm = alarm or s.query(Alarm).filter(Alarm.cleared_at.is_(None)).first()
        alarm.acked_by, alarm.acked_at = "zhangwei", alarm.raised_at

    write_off_gui(demo_store, acknowledged)
    start(demo_store, demo_users["duty"], TODAY)
    page.refresh()
    settle(qtbot)
    press(qtbot, Key.Key_O, ALT)  # a mnemonic clicks its button animated: shortly after
    qtbot.waitUntil(lambda: page.handover_dialog is not None)
    dialog = page.handover_dialog
    window_of_focus(qtbot, dialog)
    texts = dialog.listed(dialog.alarm_list)
    assert any(text.endswith("（已确认：张伟）") for text in texts), texts
    assert not any("zhangwei" in text for text in texts)
    assert dialog.outgoing_label.text() == "张伟"
    people = [dialog.incoming_combo.itemText(i) for i in range(dialog.incoming_combo.count())]
    assert "李娜" in people and not any("（" in p or p.isascii() for p in people[1:])


def test_the_history_month_by_arrows_and_enter(qtbot, make_ctx, demo_store, demo_users, fixed_clock):
    duty, lina = demo_users["duty"], user(demo_store, "lina")
    fixed_clock.set(dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC))
    sid = start(demo_store, duty, dt.date(2026, 11, 20))
    tick_all(demo_store, duty, sid)
    write_off_gui(demo_store, lambda s: shifts.sign_off(s, duty, PASSWORD, lina, PASSWORD, sid))
    fixed_clock.set(dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC))
    panel = ShiftPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.resize(1300, 860)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    settle(qtbot)
    panel.focus_first()  # what the main window's Ctrl+number does
    assert focused() is panel.duty.start_button
    press(qtbot, Key.Key_I, ALT)  # 历史记录(&I)
    grid = panel.history.grid
    assert panel.stack.currentWidget() is panel.history and focused() is grid
    assert grid.current_day == TODAY and grid.cell_for(TODAY).property("keyboardDay") is True
    press(qtbot, Key.Key_Left)
    press(qtbot, Key.Key_Left)  # Friday the 20th
    assert grid.current_day == dt.date(2026, 11, 20) and grid.cell_for(TODAY).property("keyboardDay") is False
    press(qtbot, Key.Key_Return)
    record = panel.history.record_dialog
    assert isinstance(record, ShiftRecordDialog) and record.state.id == sid
    window_of_focus(qtbot, record)
    assert focused() is record.revision_list
    press(qtbot, Key.Key_Escape)
    qtbot.waitUntil(lambda: not record.isVisible())
    back_to(qtbot, panel)
    assert focused() is grid
    press(qtbot, Key.Key_PageUp)  # October, the same day
    assert panel.history.month == 10 and grid.current_day == dt.date(2026, 10, 20)
    press(qtbot, Key.Key_Down)
    press(qtbot, Key.Key_Down)  # two weeks on: 3 November, in the next month
    assert (panel.history.year, panel.history.month) == (2026, 11) and grid.current_day == dt.date(2026, 11, 3)
