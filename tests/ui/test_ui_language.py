"""Every screen speaks Chinese: no visible UI text without a Chinese character,
except a short allow-list (numbers, dates, asset tags, protocol names).
And ``--lang en`` shows the English source strings."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QWidget,
)
from sqlalchemy import select

from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.ui import dialogs
from opsdesk.ui.app import install_language
from opsdesk.ui.login import LoginDialog
from opsdesk.ui.register.line_form import LineForm
from opsdesk.ui.register.unit_editor import UnitEditor
from opsdesk.ui.users.user_dialogs import NewUserDialog, PasswordDialog, RoleDialog
from tests.ui.conftest import read_off_gui, settle, wait_for_feed

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ALLOWED = re.compile(
    r"""^(?:
        [\d\s.:/%+,()\-–—]*                 # numbers, dates, times, ranges, nothing
      | [A-Z]{1,4}-[A-Z]{2,4}-\d{3,}        # asset tags: YHL-SRV-0001
      | v(?:1|2c|3)                         # SNMP versions
      | MD5|SHA\d*|DES|AES\d*               # SNMP protocols
      | CSV|SNMP|KVM|UPS|PDU|IP|U
      | [\d.]+\s?(?:℃|%RH|%|V|kW)            # a reading with its unit: 24.5 ℃, 48.0 %RH
    )$""",
    re.VERBOSE,
)


def visible_texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of UI text a person can see in ``top``."""
    found: list[tuple[str, str]] = [("window title", top.windowTitle())]

    def shown(w: QWidget) -> bool:
        return w is top or w.isVisibleTo(top)

    for w in top.findChildren(QWidget):
        if not shown(w):
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, QLabel) and w.pixmap().isNull():
            found.append((name, re.sub(r"<[^>]+>", "", w.text())))
        elif isinstance(w, QAbstractButton):
            found.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            found.append((name, w.title()))
        elif isinstance(w, QComboBox):
            found += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            found += [(f"{name} item", w.item(i).text()) for i in range(w.count())]
        elif isinstance(w, QTabBar):
            found += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit) and not w.text():
            found.append((f"{name} placeholder", w.placeholderText()))
        elif isinstance(w, QPlainTextEdit) and not w.toPlainText():
            found.append((f"{name} placeholder", w.placeholderText()))
        if isinstance(w, QAbstractItemView) and not isinstance(w, QListWidget) and w.model() is not None:
            header = getattr(w, "horizontalHeader", lambda: None)()
            if isinstance(header, QHeaderView) and not header.isHidden():
                model = w.model()
                found += [(f"{name} header", str(model.headerData(c, header.orientation())))
                          for c in range(model.columnCount()) if not header.isSectionHidden(c)]
    if isinstance(top, QMainWindow):
        for menu_action in top.menuBar().actions():
            found.append(("menu", menu_action.text()))
            found += [("menu item", a.text()) for a in menu_action.menu().actions() if not a.isSeparator()]
    return [(where, text.replace("&", "").strip()) for where, text in found if text and text.strip()]


def assert_chinese(top: QWidget) -> int:
    texts = visible_texts(top)
    bad = [(where, text) for where, text in texts if not HAN.search(text) and not ALLOWED.match(text)]
    assert not bad, f"{type(top).__name__} shows text without Chinese: {bad}"
    return len(texts)


def first_id(store, model, column, value):
    return read_off_gui(store, lambda session: session.scalars(select(model.id).where(column == value)).first())


@pytest.fixture
def show(qtbot):
    def show(widget: QWidget) -> QWidget:
        qtbot.addWidget(widget)
        widget.show()
        return widget

    return show


def test_the_check_catches_english(show):
    probe = QWidget()
    probe.setWindowTitle("检查")
    label = QLabel("Save changes", probe)
    QLabel("YHL-SRV-0001", probe)  # allowed
    show(probe)
    with pytest.raises(AssertionError, match="Save changes"):
        assert_chinese(probe)
    label.hide()
    assert assert_chinese(probe) == 2


def test_login_in_chinese(show, demo_store):
    assert assert_chinese(show(LoginDialog(demo_store, demo=True))) >= 10  # as the lock screen makes it


def test_main_window_and_every_panel_in_chinese(main_window):
    window = main_window("admin")
    for key in window.panel_keys():
        window.show_panel(key)
        assert assert_chinese(window) >= 10, key


def test_alarm_screens_in_chinese(qtbot, show, alarm_store, make_ctx, main_window, recorder):
    """With alarms listed: the banner, the list in both tabs, the acknowledge and
    maintenance dialogs, and the device panel (from the list and from the register)."""
    window = main_window("duty")
    alarms = window.show_panel("alarms")
    assert "未确认" in window.alarm_banner.text()
    assert assert_chinese(window) >= 20
    alarms.show_history(True)
    settle(qtbot)  # the list reads off the GUI thread
    assert assert_chinese(window) >= 20
    alarms.show_history(False)
    settle(qtbot)
    alarms.table.selectRow(0)
    for open_screen in (alarms.acknowledge_selected, alarms.open_maintenance):
        screen = open_screen()
        qtbot.addWidget(screen)
        assert assert_chinese(screen) >= 5, type(screen).__name__
        screen.reject()
    for tag in ("YHL-UPS-0001", "YHL-AC-0001", "YHL-SRV-0001", "YHL-AC-0002"):
        device = alarms.open_device(alarm_store.units[tag])  # a child of the list: closed with it
        assert assert_chinese(device) >= 10, tag
    import datetime as dt

    line_id = read_off_gui(alarm_store.store, lambda session: session.scalars(
        select(Unit.line_id).where(Unit.asset_tag == "YHL-UPS-0001")).one())
    form = show(LineForm(make_ctx("duty"), line_id, as_of=dt.date(2026, 11, 22)))
    qtbot.waitUntil(lambda: form.loaded, timeout=10_000)  # read off the GUI thread
    form.units_table.selectRow(0)
    assert assert_chinese(form) >= 3
    live = form.open_live_status(form.selected_unit_id())  # a child of the form: closed with it
    assert assert_chinese(live) >= 10


def test_forms_and_dialogs_in_chinese(qtbot, show, make_ctx, demo_store):
    admin, duty = make_ctx("admin"), make_ctx("duty")
    line_id = first_id(demo_store, RegisterLine, RegisterLine.model, "RD650")
    unit_id = first_id(demo_store, Unit, Unit.asset_tag, "YHL-SRV-0001")
    import datetime as dt

    screens = [
        LineForm(admin, line_id, as_of=dt.date(2026, 11, 22)),
        LineForm(duty, None, as_of=dt.date(2026, 11, 22)),
        UnitEditor(admin, unit_id),
        UnitEditor(duty, unit_id),
        NewUserDialog(),
        PasswordDialog("lina"),
        RoleDialog("lina", "duty"),
    ]
    for screen in screens:
        show(screen)
        # forms read off the GUI thread
        qtbot.waitUntil(lambda screen=screen: getattr(screen, "loaded", True), timeout=10_000)
        assert assert_chinese(screen) >= 3, type(screen).__name__


def test_shift_screens_in_chinese(qtbot, show, alarm_store, demo_store, make_ctx, main_window, recorder):
    """值班 with a started shift (live values, an abnormal item, an override), every dialog
    of it — tick, override, correction, handover, the signed record — the history month,
    and the checklist template with its item dialog."""
    from opsdesk.ops import shift as shifts
    from opsdesk.ops import shift_rows
    from opsdesk.ui.shift.record_dialog import ShiftRecordDialog
    from tests.shift.fill import clear_demo_duty
    from tests.ui.conftest import off_gui, read_off_gui, settle, write_off_gui
    from tests.ui.shift_data import DAY, PASSWORD, tick_all, user

    off_gui(clear_demo_duty, demo_store)  # DAY is one of the demo's own signed days
    window = main_window("supervisor")
    panel = window.show_panel("shift")
    duty = panel.duty
    settle(qtbot)  # the screens read off the GUI thread
    assert assert_chinese(window) >= 10  # not started yet
    duty.choose(day=DAY, code="day")
    settle(qtbot)
    duty.start_shift()
    settle(qtbot)
    ids = {item.row.key: item.tick_id for item in duty.checklist.items}
    abnormal = duty.request_status(ids["backup_full"], "abnormal")
    assert assert_chinese(abnormal) >= 5
    abnormal.followup_edit.setPlainText("已重跑")
    abnormal._on_ok_clicked()
    settle(qtbot)
    override = duty.request_override(ids["room_temperature"])
    assert assert_chinese(override) >= 5
    override.value_edit.setText("30.0 ℃")
    override.reason_edit.setText("复测")
    override._on_ok_clicked()
    settle(qtbot)
    assert assert_chinese(window) >= 100
    handover = duty.open_handover()
    settle(qtbot)
    assert assert_chinese(handover) >= 15
    handover.reject()
    sid = duty.state.id
    supervisor = user(demo_store, "wangfang")
    tick_all(demo_store, supervisor, sid)
    lina = user(demo_store, "lina")
    write_off_gui(demo_store, lambda s: shifts.sign_off(s, supervisor, "review-2026", lina, PASSWORD, sid))
    duty.refresh()
    settle(qtbot)
    assert assert_chinese(window) >= 100  # the lock banner
    correction = duty.request_correction(ids["app_availability"])
    assert assert_chinese(correction) >= 8
    correction.reject()
    record = show(ShiftRecordDialog(make_ctx("duty"),
                                    read_off_gui(demo_store, lambda s: shift_rows.shift_record(s, sid))))
    assert assert_chinese(record) >= 50
    panel.show_history(True)
    settle(qtbot)
    assert assert_chinese(window) >= 40
    editor = panel.open_template_editor()
    settle(qtbot)
    assert assert_chinese(editor) >= 20
    for row in (None, 0):  # a new item; a live one
        if row is not None:
            editor.table.selectRow(row)
        item_dialog = editor.edit_selected() if row is not None else editor.add_item()
        assert assert_chinese(item_dialog) >= 8, row
        item_dialog.reject()


def test_roster_screens_in_chinese(qtbot, main_window, demo_store):
    import datetime as dt

    from opsdesk.ops import roster
    from tests.ui.conftest import settle, write_off_gui
    from tests.ui.shift_data import site_id, user

    boss, zhangwei, site = user(demo_store, "wangfang"), user(demo_store, "zhangwei"), site_id(demo_store)

    def prepare(s) -> None:
        roster.fill_default(s, boss, site, 2026, 2, ["zhangwei", "lina"])
        roster.request_leave(s, zhangwei, dt.date(2026, 2, 9), dt.date(2026, 2, 10), "家中有事")

    write_off_gui(demo_store, prepare)
    window = main_window("supervisor")
    panel = window.show_panel("roster")
    settle(qtbot)
    panel.show_month(2026, 2)
    settle(qtbot)
    assert assert_chinese(window) >= 60
    for dialog in (panel.open_fill(), panel.open_leave_request()):
        assert assert_chinese(dialog) >= 5, type(dialog).__name__
        dialog.reject()


@pytest.mark.usefixtures("gui_thread_guard")
def test_inspection_screens_in_chinese(qtbot, show, main_window, demo_store, recorder):
    """巡检: the calendar, the demo's signed October sheet, its revisions, the sign dialog of
    this month's sheet, the note an abnormal value needs, and a check's result."""
    from opsdesk.reports.verify import Signer, VerifyResult
    from opsdesk.ui.inspections.verify_dialog import VerifyResultDialog

    window = main_window("supervisor")
    panel = window.show_panel("inspections")
    panel.calendar.show_month(2026, 10)
    qtbot.waitUntil(panel.calendar.is_current, timeout=10_000)
    assert assert_chinese(window) >= 20
    october = next(i for i in panel.calendar.table.items if i.period == "2026-10" and i.state == "done")
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        panel.open_due(october)
    assert assert_chinese(window) >= 30
    with qtbot.waitSignal(panel.editor.sig_revisions_shown, timeout=10_000) as shown:
        panel.editor.open_revisions()
    revisions = shown.args[0]
    assert assert_chinese(revisions) >= 10
    revisions.reject()
    panel.show_calendar()
    panel.calendar.show_month(2026, 11)
    qtbot.waitUntil(panel.calendar.is_current, timeout=10_000)
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        panel.open_due(panel.calendar.table.items[0])
    assert assert_chinese(window) >= 30
    sign = panel.editor.open_sign_dialog("巡检人")
    assert assert_chinese(sign) >= 6
    sign.reject()
    model = panel.editor.models[0]
    model.setData(model.index(0, 2 + [c.kind for c in model.section.columns].index("number")), "999")
    assert assert_chinese(panel.editor.note_dialog) >= 3
    panel.editor.note_dialog.reject()
    result = VerifyResult("mismatch", code="ABCD-EFGH", revision=1, title="永和路数据中心 月度巡检表 2026-10",
                          signers=[Signer("李娜", "巡检人", "duty", "2026-10-30 15:40")], signed_hash="0" * 64)
    assert assert_chinese(show(VerifyResultDialog(result, "sheet.pdf"))) >= 8


def test_message_boxes_use_qt_chinese_buttons(show, qtbot):
    parent = show(QWidget())
    for box in (dialogs.show_error(parent, "测试"), dialogs.confirm(parent, "确认吗？", lambda: None)):
        qtbot.addWidget(box)
        assert_chinese(box)


def test_english_shows_the_source_strings(qtbot, console_app, make_ctx):
    from opsdesk import i18n
    from opsdesk.ui.main_window import MainWindow

    install_language(console_app, "en")
    assert i18n.language() == "en"  # the back end's t() follows
    window = MainWindow(make_ctx("admin"), auto_backup=False)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "asks_before_closing", False))
    window.show()
    wait_for_feed(qtbot, window.ctx.store)
    assert window.nav_titles() == ["Floor", "Alarms", "Environment", "Shift", "Inspections", "Roster",
                                   "Equipment register", "User management", "Audit log",
                                   "Settings"]
    assert window.alarm_banner.text() == "No unacknowledged alarms"
    assert window.poller_label.text() == "Poller not running"
    register = window.panel("register")
    assert register.model.headerData(0, Qt.Orientation.Horizontal) == "Site"
    # seed 002's 54 lines / 172 units and the demo room's 4 / 10 动环 points (opsdesk/demo/facilities.py)
    qtbot.waitUntil(lambda: register.count_label.text() == "58 lines / 182 units", timeout=10_000)
    assert window.demo_badge.text() == "Demo data"
    texts = [text for _where, text in visible_texts(window)]
    assert "设备台账" not in texts and "删除" not in texts
