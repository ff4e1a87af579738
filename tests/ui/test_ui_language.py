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

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
ALLOWED = re.compile(
    r"""^(?:
        [\d\s.:/%+,()\-–—]*                 # numbers, dates, times, ranges, nothing
      | [A-Z]{1,4}-[A-Z]{2,4}-\d{3,}        # asset tags: YHL-SRV-0001
      | v(?:1|2c|3)                         # SNMP versions
      | MD5|SHA\d*|DES|AES\d*               # SNMP protocols
      | CSV|SNMP|KVM|UPS|PDU|IP|U
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
    with store.read() as session:
        return session.scalars(select(model.id).where(column == value)).first()


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
    assert assert_chinese(show(LoginDialog(demo_store))) >= 10


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
    assert assert_chinese(window) >= 20
    alarms.show_history(False)
    alarms.table.selectRow(0)
    for open_screen in (alarms.acknowledge_selected, alarms.open_maintenance):
        screen = open_screen()
        qtbot.addWidget(screen)
        assert assert_chinese(screen) >= 5, type(screen).__name__
        screen.reject()
    for tag in ("YHL-UPS-0001", "YHL-AC-0001", "YHL-SRV-0001", "YHL-AC-0002"):
        device = alarms.open_device(alarm_store.units[tag])
        qtbot.addWidget(device)
        assert assert_chinese(device) >= 10, tag
    import datetime as dt

    with alarm_store.store.read() as session:
        line_id = session.scalars(select(Unit.line_id).where(Unit.asset_tag == "YHL-UPS-0001")).one()
    form = show(LineForm(make_ctx("duty"), line_id, as_of=dt.date(2026, 11, 22)))
    form.units_table.selectRow(0)
    assert assert_chinese(form) >= 3
    assert assert_chinese(show(form.open_live_status(form.selected_unit_id()))) >= 10


def test_forms_and_dialogs_in_chinese(show, make_ctx, demo_store):
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
        assert assert_chinese(show(screen)) >= 3, type(screen).__name__


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
    qtbot.addWidget(window)
    window.show()
    assert window.nav_titles() == ["Alarms", "Equipment register", "User management", "Audit log"]
    assert window.alarm_banner.text() == "No unacknowledged alarms"
    assert window.poller_label.text() == "Poller not running"
    register = window.panel("register")
    assert register.model.headerData(0, Qt.Orientation.Horizontal) == "Site"
    assert register.count_label.text() == "54 lines / 172 units"
    assert window.demo_badge.text() == "Demo data"
    texts = [text for _where, text in visible_texts(window)]
    assert "设备台账" not in texts and "删除" not in texts
