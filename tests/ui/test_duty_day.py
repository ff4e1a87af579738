"""A duty day from the keyboard alone (issue 13, "Done when"): 张伟 logs in at the lock screen,
looks at every screen his navigation shows (Ctrl+1…), starts the day shift, ticks the whole
checklist (the items filled in by hand with their results), hands over and has 李娜 sign with
him, fills last month's overdue inspection sheet of 容灾备份 and signs it, opens Qt's print dialog
for it, locks the console; 王芳, the hospital's reviewer, logs in at the locked console, finds the
sheet in 待我审核 and signs it. Key events only — sent to whatever has the keyboard focus — no
mouse, no slot called. Every window, dialog, widget text and tooltip seen on the way is read
for Latin words outside the allow-list (units, model names, the devices' and register's data)."""

from __future__ import annotations

import traceback

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QWidget

from opsdesk.models.inspection import Inspection
from opsdesk.models.shift import Shift
from opsdesk.models.signing import latest
from opsdesk.ui.app import Console
from opsdesk.ui.inspections.sheet_dialogs import TextDialog
from opsdesk.ui.inspections.sign_dialog import SignDialog
from opsdesk.ui.shift.handover import HandoverDialog
from tests.shift.fill import clear_demo_duty
from tests.ui.conftest import off_gui, read_off_gui, settle
from tests.ui.latin_check import data_words, latin_words
from tests.ui.test_console_session import RecordingPlayer

Key = Qt.Key
Mod = Qt.KeyboardModifier
CTRL, SHIFT, ALT = Mod.ControlModifier, Mod.ShiftModifier, Mod.AltModifier
PASSWORDS = {"zhangwei": "duty-2026", "lina": "duty-2026", "wangfang": "review-2026"}


class StrayWindows(QObject):
    """Plain widgets shown as windows of their own (a ``setVisible(True)`` before the widget
    was put in its layout): on a desktop they flash up and take the keyboard away."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, obj, event) -> bool:  # Qt override
        if (event.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.parent() is None
                and obj.windowType() in (Qt.WindowType.Widget, Qt.WindowType.Window)
                and not isinstance(obj, (QMainWindow, QDialog)) and obj.objectName() not in OWN_WINDOWS):
            self.seen.append(f"{type(obj).__name__}#{obj.objectName()}: {traceback.format_stack(limit=6)[-3].strip()}")
        return False


OWN_WINDOWS = {"lockScreen", "wallWindow"}  # windows of their own by design
STRAYS = StrayWindows()


class Walk:
    """The keyboard, and the Latin words seen so far."""

    def __init__(self, qtbot, store) -> None:
        self.qtbot = qtbot
        from opsdesk.demo.seed import DEMO_USERS

        # the register's and the devices' own words, and the demo accounts the demo's login lists
        self.allowed = data_words(store) | {word for du in DEMO_USERS for word in du.password.split()}
        self.seen: list[tuple[str, str, str, str]] = []  # (step, where, word, text)

    def focused(self) -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, (f"nothing has the keyboard; active {QApplication.activeWindow()}; "
                                    f"stray windows {STRAYS.seen}")
        return widget

    def press(self, key: Qt.Key, modifier=Mod.NoModifier) -> None:
        """A key to whatever has the focus; then what it started (a save, a read) is done, as
        it is before a person's next key."""
        self.qtbot.keyClick(self.focused(), key, modifier)
        settle(self.qtbot, timeout=20_000)

    def type(self, text: str) -> None:
        """Key by key into whatever has the focus; Chinese as an input method delivers it."""
        for char in text:
            if char.isascii():
                self.qtbot.keyClicks(self.focused(), char)
            else:
                QTest.sendKeyEvent(QTest.KeyAction.Click, self.focused(), Key.Key_unknown, char, Mod.NoModifier)

    def activate(self, window: QWidget) -> None:
        """A dialog closed or a window shown: the window manager gives it the keyboard (the
        offscreen platform has none, so the test does what the desktop would)."""
        window.activateWindow()
        self.qtbot.waitUntil(window.isActiveWindow, timeout=5000)

    def look(self, step: str, top: QWidget) -> None:
        self.seen += [(step, where, word, text) for where, word, text in latin_words(top, self.allowed)]

    def until_focus(self, target: QWidget, key: Qt.Key = Key.Key_Tab, limit: int = 30) -> None:
        for _ in range(limit):
            if self.focused() is target:
                return
            self.press(key)
        assert self.focused() is target, f"{key} never reached {target.objectName()}"


def log_in(walk: Walk, console: Console, username: str) -> None:
    login = console.login
    walk.activate(login.window())
    if walk.focused() is not login.username_edit:
        walk.press(Key.Key_Tab, SHIFT)
    assert walk.focused() is login.username_edit
    walk.press(Key.Key_A, CTRL)
    walk.type(username)
    walk.press(Key.Key_Tab)
    assert walk.focused() is login.password_edit
    walk.type(PASSWORDS[username])
    walk.press(Key.Key_Return)  # checked in the background
    walk.qtbot.waitUntil(lambda: console.window is not None and console.window.isVisible()
                         and console.window.ctx.user.username == username, timeout=20_000)
    walk.activate(console.window)


def open_screen(walk: Walk, window, key: str) -> QWidget:
    """Ctrl+n, n the screen's place in the navigation (as its hint shows)."""
    row = window.panel_keys().index(key)
    numbered = [r for r, k in enumerate(window.panel_keys()) if k != "settings"]
    walk.press(getattr(Key, f"Key_{numbered.index(row) + 1}"), CTRL)
    assert window.stack.currentIndex() == row
    return window.panel(key)


def tick_checklist(walk: Walk, page) -> None:
    """Every item: 正常 by Space, a manual item's result typed first (Enter opens its field)."""
    view = page.checklist
    assert walk.focused() is view
    while True:
        item = view.current_item()
        if item.row.status is None and item.row.kind == "manual":
            walk.press(Key.Key_Return)
            assert walk.focused() is item.value_edit
            walk.type("正常，无异常")
            walk.press(Key.Key_Return)
            assert walk.focused() is view
            walk.press(Key.Key_1)
        elif item.row.status is None:
            walk.press(Key.Key_Space)
        if view.current_index() == len(view.items) - 1:
            break
        walk.press(Key.Key_J)


def move_to(walk: Walk, table, row: int, column: int) -> None:
    for _ in range(200):
        here = table.currentIndex()
        if (here.row(), here.column()) == (row, column):
            return
        if here.row() != row:
            walk.press(Key.Key_Down if here.row() < row else Key.Key_Up)
        else:
            walk.press(Key.Key_Right if here.column() < column else Key.Key_Left)
    raise AssertionError(f"arrows never reached ({row}, {column})")


def in_range(column) -> str:
    if column.low is not None and column.high is not None:
        return f"{(column.low + column.high) / 2:g}"
    if column.low is not None:
        return f"{column.low + 1:g}"
    if column.high is not None:
        return f"{column.high / 2:g}"
    return "1"


def fill_sheet(walk: Walk, editor) -> None:
    """Ctrl+M for what the monitor has, then each open cell of each class by its keys:
    1 on a check, a value typed on a number or a text; Ctrl+PgDown to the next class."""
    walk.press(Key.Key_M, CTRL)
    for index in range(editor.tabs.count()):
        if index:
            walk.press(Key.Key_PageDown, CTRL)
        table = editor.current_table()
        walk.qtbot.waitUntil(lambda table=table: walk.focused() is table, timeout=5000)
        model = table.section_model()
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                spec, cell = model.column(column), model.cell(row, column)
                if spec is None or cell is None or cell.filled:
                    continue
                move_to(walk, table, row, column)
                if spec.kind == "check":
                    walk.press(Key.Key_1)
                else:
                    walk.press(Key.Key_Return)
                    assert isinstance(walk.focused(), QLineEdit)
                    walk.type(in_range(spec) if spec.kind == "number" else "正常")
                    walk.press(Key.Key_Return)
                walk.qtbot.waitUntil(lambda row=row, column=column, model=model: model.cell(row, column).filled,
                                     timeout=5000)
                if isinstance(QApplication.activeWindow(), TextDialog):  # an abnormal value asks why
                    raise AssertionError(f"{spec.label}: {in_range(spec)} judged abnormal")


def sign(walk: Walk, panel, password: str) -> None:
    walk.press(Key.Key_S, CTRL | SHIFT)
    walk.qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), SignDialog), timeout=5000)
    dialog = QApplication.activeWindow()
    walk.look(f"sign {dialog.meaning}", dialog)
    assert walk.focused() is dialog.password_edit
    walk.type(password)
    with walk.qtbot.waitSignal(dialog.sig_signed, timeout=20_000):
        walk.press(Key.Key_Return)
    walk.activate(panel.window())


@pytest.fixture
def console(qtbot, demo_store, fixed_clock):
    off_gui(clear_demo_duty, demo_store)  # today's shift is the walk's own; the demo's weeks are not needed
    made = Console(demo_store, auto_backup=False)
    made.tone.player = RecordingPlayer()
    made.show_login()
    yield made
    made.idle.stop()
    made.tone.stop()
    if made.window is not None:
        made.window.close_quietly()
        made.window.deleteLater()
    if made.lock_screen is not None:
        made.lock_screen.close()
        made.lock_screen.deleteLater()


def test_a_duty_day_by_keyboard_alone_and_all_in_chinese(qtbot, console, demo_store, tmp_path):
    walk = Walk(qtbot, demo_store)
    strays = STRAYS
    strays.seen.clear()
    QApplication.instance().installEventFilter(strays)
    try:
        walk_the_day(qtbot, walk, console, demo_store)
    finally:
        QApplication.instance().removeEventFilter(strays)
    assert strays.seen == []
    assert walk.seen == [], "\n".join(f"{step} · {where}: {word!r} in {text!r}"
                                      for step, where, word, text in walk.seen)


def walk_the_day(qtbot, walk: Walk, console: Console, demo_store) -> None:
    walk.look("lock screen", console.lock_screen)

    # 张伟 logs in and looks at every screen of his navigation.
    log_in(walk, console, "zhangwei")
    window = console.window
    walk.look("main window", window)
    for key in window.panel_keys():
        if key != "settings":
            open_screen(walk, window, key)
            qtbot.wait(50)  # each screen reads its data in the background: let it show
            walk.look(f"screen {key}", window)

    # 值班: 开始值班 by Enter, the whole checklist, the handover signed by 张伟 and 李娜.
    panel = open_screen(walk, window, "shift")
    page = panel.stack.currentWidget()
    assert walk.focused() is page.start_button
    walk.press(Key.Key_Return)
    assert page.state is not None and page.state.on_duty == ("zhangwei",)
    walk.look("shift started", window)
    tick_checklist(walk, page)
    walk.press(Key.Key_O, ALT)  # 交接班 (a mnemonic clicks its button animated: shortly after)
    qtbot.waitUntil(lambda: isinstance(page.handover_dialog, HandoverDialog) and page.handover_dialog.isVisible())
    dialog = page.handover_dialog
    walk.activate(dialog)
    settle(qtbot)  # the dialog reads the shift
    assert walk.focused() is dialog.notes_edit
    walk.type("PACS 前置机夜间备份需关注")
    walk.look("handover", dialog)
    walk.press(Key.Key_Tab)
    assert walk.focused() is dialog.handover_button
    walk.press(Key.Key_Return)  # 提交交班
    assert walk.focused() is dialog.outgoing_password
    walk.type(PASSWORDS["zhangwei"])
    walk.press(Key.Key_Return)
    assert walk.focused() is dialog.incoming_combo
    while dialog.incoming_combo.currentData() != "lina":
        walk.press(Key.Key_Down)
    walk.press(Key.Key_Tab)
    walk.type(PASSWORDS["lina"])
    walk.look("handover signing", dialog)
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=20_000):
        walk.press(Key.Key_Return)
    walk.activate(window)
    shift_id = page.state.id
    assert read_off_gui(demo_store, lambda s: (lambda sh: (sh.status, sh.outgoing, sh.incoming))(
        s.get(Shift, shift_id))) == ("signed", "zhangwei", "lina")
    walk.look("shift signed", window)

    # 巡检: 容灾备份's October sheet, overdue, from 以前月份未完成: filled, signed, printed.
    panel = open_screen(walk, window, "inspections")
    calendar = panel.calendar
    qtbot.waitUntil(lambda: any(i.site_name == "容灾备份" and i.kind == "monthly"
                                for i in calendar.earlier_table.items),
                    timeout=10_000)
    walk.until_focus(calendar.earlier_table)
    target = next(r for r, i in enumerate(calendar.earlier_table.items)
                  if i.site_name == "容灾备份" and i.kind == "monthly" and i.period == "2026-10")
    walk.press(Key.Key_Home)
    for _ in range(target):
        walk.press(Key.Key_Down)
    walk.press(Key.Key_Return)
    editor = panel.editor
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is editor and editor.state is not None, timeout=10_000)
    assert (editor.state.site_name, editor.state.period) == ("容灾备份", "2026-10")
    sheet_id = editor.state.id
    walk.look("sheet opened", window)
    fill_sheet(walk, editor)
    walk.look("sheet filled", window)
    sign(walk, panel, PASSWORDS["zhangwei"])
    assert editor.state.status == "inspected"
    walk.look("sheet signed", window)
    walk.until_focus(editor.current_table())
    walk.press(Key.Key_P, CTRL)  # Qt's own print dialog, in Chinese, over the verified PDF's pages
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QPrintDialog), timeout=60_000)
    printing = QApplication.activeModalWidget()
    walk.look("print dialog", printing)
    walk.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not editor.printing.busy(), timeout=10_000)
    walk.activate(window)

    # 张伟 locks the console (Ctrl+L); 王芳 logs in at it and signs the sheet from 待我审核.
    walk.press(Key.Key_L, CTRL)
    assert console.lock_screen is not None and not window.isVisible()
    walk.look("locked", console.lock_screen)
    log_in(walk, console, "wangfang")
    boss = console.window
    assert boss is not window
    walk.look("reviewer's window", boss)
    panel = open_screen(walk, boss, "inspections")
    queue = panel.queue
    qtbot.waitUntil(lambda: [i.inspection_id for i in queue.items] == [sheet_id], timeout=10_000)
    walk.press(Key.Key_PageDown, CTRL)  # the next tab: 待我审核
    assert panel.pages.currentWidget() is queue and walk.focused() is queue.table
    walk.look("review queue", boss)
    walk.press(Key.Key_Return)
    qtbot.waitUntil(lambda: panel.editor.state is not None and panel.editor.state.id == sheet_id, timeout=10_000)
    sign(walk, panel, PASSWORDS["wangfang"])
    assert panel.editor.state.status == "reviewed"
    walk.look("sheet reviewed", boss)
    status, signed_by = read_off_gui(demo_store, lambda s: (
        s.get(Inspection, sheet_id).status,
        sorted(sig.printed_name for sig in latest(s, "inspection", sheet_id).signatures)))
    assert status == "reviewed"
    assert signed_by == sorted(["张伟", "王芳"])
