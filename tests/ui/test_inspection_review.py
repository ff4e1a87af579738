"""巡检 for the reviewer and by keyboard (issue 13, items 6, 8 and 10): 待我审核 and its count
in the strip, 待审核 instead of 已逾期 once the engineer signed, 逾期完成 on the calendar and the
sheet, people's names instead of logins, the whole sheet filled, signed and printed with keys
only, and the password checked without freezing the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from opsdesk.ops import inspection as inspection_ops
from opsdesk.ui import dialogs
from opsdesk.ui.inspections.announce import InspectionStrip
from opsdesk.ui.inspections.calendar_view import COL_STATE
from opsdesk.ui.inspections.labels import STATE_COLOURS
from opsdesk.ui.inspections.panel import InspectionsPanel
from opsdesk.ui.inspections.sheet_dialogs import TextDialog
from opsdesk.ui.inspections.sign_dialog import SignDialog
from tests.inspection.conftest import PASSWORD, fill_all, user
from tests.inspection.conftest import site_id as site_id_on_this_thread
from tests.ui.conftest import off_gui, write_off_gui

Mod = Qt.KeyboardModifier
CTRL, SHIFT, ALT = Mod.ControlModifier, Mod.ShiftModifier, Mod.AltModifier

# Every read and write of these screens goes through the operation runner: none on the GUI thread.
pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def site_id(store, code: str) -> int:
    return off_gui(site_id_on_this_thread, store, code)


@pytest.fixture
def make_panel(qtbot, make_ctx):
    def make(role: str) -> InspectionsPanel:
        panel = InspectionsPanel(make_ctx(role))
        qtbot.addWidget(panel)
        panel.resize(1400, 850)
        panel.show()
        with qtbot.waitActive(panel):  # keys go where the focus really is
            panel.activateWindow()
        return panel

    return make


def open_dr_october(store, *, fill: bool = True, sign: bool = True, review: bool = False) -> int:
    """容灾备份's October sheet (due 2026-10-30), opened by 张伟 on 2026-11-22 (beside the screens,
    as another console would)."""
    return off_gui(_open_dr_october, store, fill, sign, review)


def _open_dr_october(store, fill: bool, sign: bool, review: bool) -> int:
    with store.write() as s:
        sheet_id = inspection_ops.open_sheet(s, user(s, "zhangwei"), site_id(store, "DR"), "monthly", "2026-10").id
    if fill:
        fill_all(store, sheet_id)
    if sign:
        with store.write() as s:
            inspection_ops.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], sheet_id)
    if review:
        with store.write() as s:
            inspection_ops.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], sheet_id)
    return sheet_id


def october_row(qtbot, panel, store, code: str = "DR") -> int:
    calendar = panel.calendar
    qtbot.waitUntil(lambda: calendar.site_combo.count() > 1, timeout=10_000)  # the sites are read
    calendar.choose_site(site_id(store, code))
    calendar.show_month(2026, 10)
    qtbot.waitUntil(calendar.is_current, timeout=10_000)
    return next(r for r, i in enumerate(panel.calendar.table.items) if i.kind == "monthly")


def open_item(qtbot, panel, item) -> None:
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        assert panel.open_due(item)


def open_sheet(qtbot, panel, sheet_id: int) -> None:
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        assert panel.open_sheet(sheet_id)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the user presses it: to whatever has the focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def back_to(qtbot, window) -> None:
    """A dialog closed: the window manager gives the window back its activation (offscreen
    Qt has no window manager to do it)."""
    with qtbot.waitActive(window):
        window.activateWindow()


def type_text(qtbot, text: str) -> None:
    """Typed key by key into whatever has the focus then (the first key may open a cell's
    editor); Chinese arrives as an input method delivers it, as text."""
    for char in text:
        target = QApplication.focusWidget()
        if char.isascii():
            qtbot.keyClicks(target, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def test_the_queue_lists_an_inspector_signed_sheet_for_the_supervisor_only(qtbot, make_panel, demo_store):
    sheet_id = open_dr_october(demo_store)
    boss = make_panel("supervisor")
    qtbot.waitUntil(lambda: len(boss.queue.items) == 1, timeout=10_000)
    assert boss.pages.tabText(boss.pages.indexOf(boss.queue)) == "待我审核（1）"
    table = boss.queue.table
    assert [table.item(0, c).text() for c in range(1, 5)] == [
        "容灾备份", "月度巡检表 2026-10", "2026-10-30 周五", "张伟"]
    assert table.item(0, 0).text() == "2026-11-22 10:00（逾期 23 天）"
    assert "1 份逾期签字" in boss.queue.caption.text()
    assert boss.show_queue()
    with qtbot.waitSignal(boss.editor.sig_sheet_opened, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)  # the first line is current: Enter opens it
    assert boss.stack.currentWidget() is boss.editor and boss.editor.state.id == sheet_id
    assert boss.editor.reviewer_button.isEnabled()

    duty = make_panel("duty")
    assert duty.queue is None and duty.pages.count() == 1 and not duty.show_queue()


def test_strip_counts_the_sheets_awaiting_review_for_a_reviewer(qtbot, demo_store, demo_users, fixed_clock):
    open_dr_october(demo_store)
    boss = InspectionStrip(demo_store, user=demo_users["supervisor"])
    duty = InspectionStrip(demo_store, user=demo_users["duty"])
    for strip in (boss, duty):
        qtbot.addWidget(strip)
        strip.show()
    qtbot.waitUntil(lambda: boss.review_count == 1 and "待审核 1 份" in boss.text(), timeout=10_000)
    qtbot.waitUntil(lambda: bool(duty.items), timeout=10_000)  # the other sites' October sheets are still owed
    assert "待审核" not in duty.text()
    for strip in (boss, duty):  # the engineers did their part: not announced as overdue any more
        assert "容灾备份 月度巡检表 2026-10" not in strip.text()
        strip.stop()


def test_a_sheet_signed_by_the_engineer_is_no_longer_overdue(qtbot, make_panel, demo_store):
    boss = make_panel("supervisor")
    row = october_row(qtbot, boss, demo_store)
    assert boss.calendar.table.item(row, COL_STATE).text() == "已逾期"
    open_dr_october(demo_store)  # signed elsewhere: the live feed tells the calendar
    qtbot.waitUntil(lambda: boss.calendar.table.item(row, COL_STATE).text() == "待审核", timeout=10_000)
    cell = boss.calendar.table.item(row, COL_STATE)
    assert cell.text() == "待审核"
    assert cell.background().color() == STATE_COLOURS["review"][0]
    assert "2026-11-22" in cell.toolTip() and "23 天" in cell.toolTip()


def test_a_late_completion_is_marked_on_the_calendar_and_the_sheet(qtbot, make_panel, demo_store):
    open_dr_october(demo_store, review=True)
    panel = make_panel("duty")
    row = october_row(qtbot, panel, demo_store)
    cell = panel.calendar.table.item(row, COL_STATE)
    assert cell.text() == "逾期完成"
    assert cell.background().color() != STATE_COLOURS["done"][0]
    assert "逾期完成" in panel.calendar.month_caption.text()
    open_item(qtbot, panel, panel.calendar.table.items[row])
    mark = panel.editor.completion_label
    assert mark.isVisible()
    assert mark.text() == "逾期完成：巡检人于 2026-11-22 签字，晚于到期日 23 天"

    panel.show_calendar()  # the demo's 永和路 October sheet was signed on its due day
    row = october_row(qtbot, panel, demo_store, "YHL")
    assert panel.calendar.table.item(row, COL_STATE).text() == "已完成"
    open_item(qtbot, panel, panel.calendar.table.items[row])
    assert panel.editor.completion_label.text() == "按时完成：巡检人于 2026-10-30 签字"


def test_people_are_named_not_their_logins(qtbot, make_panel, demo_store, recorder):
    sheet_id = open_dr_october(demo_store)
    boss = make_panel("supervisor")
    open_sheet(qtbot, boss, sheet_id)
    correction = boss.editor.open_correction()
    correction.text_edit.setPlainText("机房温度复测")
    correction.ok_button.click()
    qtbot.waitUntil(lambda: boss.editor.state.status == "draft", timeout=10_000)
    with qtbot.waitSignal(boss.editor.sig_revisions_shown, timeout=10_000) as shown:
        boss.editor.open_revisions()
    revisions = shown.args[0]
    detail = revisions.detail.text()
    assert detail.startswith("第 1 版，2026-11-22 10:00 由 张伟 冻结")
    assert "zhangwei" not in detail
    model = boss.editor.models[0]
    assert "录入人：张伟" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    sign = boss.editor.open_sign_dialog("巡检人")
    assert sign.signer_label.text().startswith("王芳") and "wangfang" not in sign.signer_label.text()
    sign.reject()
    assert recorder.errors == []


def test_a_sheet_filled_signed_and_printed_with_keys_only(qtbot, make_panel, demo_store, monkeypatch):
    """Everything but the first device class filled beforehand; the rest, the signature and
    the print by key presses, starting from the calendar."""
    sheet_id = open_dr_october(demo_store, fill=False, sign=False)

    def fill_but_servers(s) -> None:
        zhang, sheet = user(s, "zhangwei"), inspection_ops.get_sheet(s, sheet_id)
        for entry in sheet.entries:
            if entry.section != "server":
                inspection_ops.enter(s, zhang, entry.id, result="ok")

    write_off_gui(demo_store, fill_but_servers)
    done: list[str] = []
    monkeypatch.setattr(dialogs, "show_done", lambda parent, text: done.append(text))
    panel = make_panel("duty")
    row = october_row(qtbot, panel, demo_store)
    panel.calendar.table.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    for _ in range(row):
        press(qtbot, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    editor = panel.editor
    assert panel.stack.currentWidget() is editor and editor.state.id == sheet_id
    table = editor.current_table()
    model = table.section_model()
    assert model.section.key == "server" and QApplication.focusWidget() is table
    keys = [c.key for c in model.section.columns]
    assert keys == ["leds", "cpu", "memory", "disk", "logs", "backup"]

    press(qtbot, Qt.Key.Key_1)  # leds: 正常
    qtbot.waitUntil(lambda: model.cell(0, 2).filled, timeout=5000)  # stored off the GUI thread, then shown
    press(qtbot, Qt.Key.Key_Right)
    type_text(qtbot, "35")  # cpu: typing opens the cell
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.cell(0, 3).filled, timeout=5000)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_Return)  # memory: Enter opens the cell
    assert isinstance(QApplication.focusWidget(), QLineEdit)
    type_text(qtbot, "40")
    press(qtbot, Qt.Key.Key_Tab)  # stored, and the next item (disk) opens
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit) and table.currentIndex().column() == 5,
                    timeout=5000)
    type_text(qtbot, "50")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.cell(0, 5).filled, timeout=5000)
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_2)  # logs: 异常 asks for a note
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), TextDialog), timeout=5000)
    type_text(qtbot, "系统日志有磁盘告警，已报厂家")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: model.cell(0, 6).result == "abnormal", timeout=5000)
    back_to(qtbot, panel)
    assert QApplication.focusWidget() is table
    press(qtbot, Qt.Key.Key_Right)
    press(qtbot, Qt.Key.Key_1)  # backup: 正常
    qtbot.waitUntil(lambda: model.cell(0, 7).filled, timeout=5000)
    assert [model.cell(0, c).shown for c in range(2, 8)] == ["正常", "35 %", "40 %", "50 %", "异常", "正常"]
    assert editor.progress_label.text().startswith("已填 37 / 37")

    press(qtbot, Qt.Key.Key_M, CTRL)  # fill from the monitor
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert "从监控" in done[-1]
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SignDialog), timeout=5000)
    dialog = QApplication.activeWindow()
    assert QApplication.focusWidget() is dialog.password_edit
    type_text(qtbot, PASSWORD["zhangwei"])
    with qtbot.waitSignal(dialog.sig_signed, timeout=20_000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.state.status == "inspected", timeout=10_000)
    back_to(qtbot, panel)

    printed: list[bool] = []
    monkeypatch.setattr(editor.printing, "print", lambda write: printed.append(callable(write)) or True)
    press(qtbot, Qt.Key.Key_P, CTRL)
    assert printed == [True]
    press(qtbot, Qt.Key.Key_Left, ALT)
    assert panel.stack.currentWidget() is panel.pages


def test_the_reviewer_signs_from_the_queue_with_keys_only(qtbot, make_panel, demo_store):
    sheet_id = open_dr_october(demo_store)
    boss = make_panel("supervisor")
    qtbot.waitUntil(lambda: len(boss.queue.items) == 1, timeout=10_000)
    boss.calendar.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, CTRL)  # the next tab: 待我审核
    assert boss.pages.currentWidget() is boss.queue and QApplication.focusWidget() is boss.queue.table
    with qtbot.waitSignal(boss.editor.sig_sheet_opened, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert boss.editor.state.id == sheet_id
    press(qtbot, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SignDialog), timeout=5000)
    dialog = QApplication.activeWindow()
    assert dialog.meaning == "审核人"
    type_text(qtbot, PASSWORD["wangfang"])
    with qtbot.waitSignal(dialog.sig_signed, timeout=20_000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: boss.editor.state.status == "reviewed", timeout=10_000)
    back_to(qtbot, boss)
    press(qtbot, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(lambda: boss.queue.items == [], timeout=10_000)
    assert boss.pages.tabText(boss.pages.indexOf(boss.queue)) == "待我审核"


def test_the_password_is_checked_without_blocking_the_window(qtbot, make_panel, demo_store):
    """argon2 takes most of a second: the dialog says it is checking while a timer of the GUI
    thread keeps firing, and only then closes signed."""
    sheet_id = open_dr_october(demo_store, sign=False)
    panel = make_panel("duty")
    open_sheet(qtbot, panel, sheet_id)
    dialog = panel.editor.open_sign_dialog("巡检人")
    dialog.password_edit.setText(PASSWORD["zhangwei"])
    signed: list[int] = []
    dialog.sig_signed.connect(signed.append)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(len(signed)))
    timer.start()
    assert dialog.sign()
    assert signed == [] and dialog.busy  # sign() returned before the check was done
    assert dialog.sign_button.text() == "正在核对…" and not dialog.sign_button.isEnabled()
    assert dialog.password_edit.isReadOnly() and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: signed == [sheet_id], timeout=20_000)
    timer.stop()
    assert ticks.count(0) >= 3  # the GUI thread ran its timer while the password was checked
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: panel.editor.state.status == "inspected", timeout=10_000)
