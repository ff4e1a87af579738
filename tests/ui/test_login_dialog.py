"""The login screen: real argon2 passwords against the demo database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.demo.seed import DEMO_USERS
from opsdesk.models.users import User
from opsdesk.ops import users as user_ops
from opsdesk.ui.login import LoginDialog
from tests.ui.conftest import read_off_gui, settle, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def _login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    """Type and press Enter; the password is checked off the GUI thread, so wait for the answer."""
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    dialog.password_edit.setFocus()
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_login_succeeds_with_a_demo_password(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    duty = DEMO_USERS[0]
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=5000) as blocker:
        _login(qtbot, dialog, duty.username, duty.password)
    assert blocker.args[0].username == duty.username
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.error_label.isHidden()


def test_wrong_password_shows_the_reason_and_counts(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.assertNotEmitted(dialog.sig_login_succeeded):
        _login(qtbot, dialog, "zhangwei", "not-the-password")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "用户名或密码错误；多次输错后账号将被暂时锁定。"
    assert dialog.password_edit.text() == ""  # typed again, not left in the box
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    # the failure was committed, not rolled back with the error
    failed = read_off_gui(demo_store, lambda session: session.scalars(
        select(User).where(User.username == "zhangwei")).one().failed_logins)
    assert failed == 1


def test_unknown_user_and_empty_name(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    _login(qtbot, dialog, "", "x")
    assert dialog.error_label.text() == "请输入用户名。"
    _login(qtbot, dialog, "nobody", "x")
    assert dialog.error_label.text() == "用户名或密码错误；多次输错后账号将被暂时锁定。"


def test_demo_accounts_are_listed_in_demo_mode(qtbot, demo_store):
    dialog = LoginDialog(demo_store)  # made on its own, it asks whether the data is the demo's
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.demo_box is not None, timeout=5000)
    assert "演示数据" in dialog.windowTitle()
    assert "机房值班运维台" in dialog.windowTitle()
    assert dialog.demo_box is not None and dialog.demo_box.isVisible()
    lines = dialog.demo_lines()
    assert len(lines) == len(DEMO_USERS)
    assert "张伟（zhangwei）值班运维人员 密码 duty-2026" in lines
    assert any("wangfang" in line and "审核人" in line and "review-2026" in line for line in lines)


def test_no_demo_accounts_on_a_real_database(qtbot, store):
    write_off_gui(store, lambda session: user_ops.add_user(session, None, "root", "a-strong-password", "admin"))
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot)  # the demo flag is read
    assert dialog.demo_box is None
    assert dialog.demo_lines() == []
    assert "演示数据" not in dialog.windowTitle()
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error_label)))
    assert "duty-2026" not in texts and "zhangwei" not in texts
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=5000):
        _login(qtbot, dialog, "root", "a-strong-password")


def audit_actions(store) -> list[tuple[str, str]]:
    from opsdesk.models.audit import AuditEntry

    return read_off_gui(store, lambda session: [
        (e.actor, e.action) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))])


def test_logins_and_refused_logins_are_audited(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    before = len(audit_actions(demo_store))
    _login(qtbot, dialog, "zhangwei", "not-the-password")
    _login(qtbot, dialog, "nobody", "x")
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=10_000):
        _login(qtbot, dialog, "zhangwei", "duty-2026")
    assert audit_actions(demo_store)[before:] == [
        ("zhangwei", "user.login_failed"), ("nobody", "user.login_failed"), ("zhangwei", "user.login")]


def test_the_window_keeps_painting_while_the_password_is_checked(qtbot, demo_store):
    """argon2id takes most of a second: the check runs off the GUI thread, the button says so."""
    from PySide6.QtCore import QTimer

    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    ticks = []
    timer = QTimer(dialog)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(dialog.busy))
    timer.start()
    dialog.username_edit.setText("zhangwei")
    dialog.password_edit.setText("duty-2026")
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=10_000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.busy and not dialog.login_button.isEnabled()
        assert dialog.login_button.text() == "正在核对…"
    assert ticks.count(True) >= 3  # the event loop ran during the check


def test_a_locked_console_is_unlocked_by_its_user_and_audited_as_such(qtbot, demo_store):
    dialog = LoginDialog(demo_store, locked_for="zhangwei", locked_name="张伟")
    qtbot.addWidget(dialog)
    dialog.show()
    assert "张伟" in dialog.subheading.text() and dialog.username_edit.text() == "zhangwei"
    assert dialog.focusWidget() is dialog.password_edit
    before = len(audit_actions(demo_store))
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=10_000):
        _login(qtbot, dialog, "zhangwei", "duty-2026")
    assert audit_actions(demo_store)[before:] == [("zhangwei", "console.unlock")]


def test_a_missing_key_file_is_said_at_the_login_not_swallowed(qtbot, demo_store, isolated_home):
    """No audit entry is written without the key file (issue 14): the login cannot be recorded,
    and the person at the console reads why, with the file's name, in Chinese."""
    (isolated_home / "secret.key").unlink()
    from opsdesk.store import Store

    store = Store(demo_store.url)
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    duty = DEMO_USERS[0]
    with qtbot.assertNotEmitted(dialog.sig_login_succeeded):
        _login(qtbot, dialog, duty.username, duty.password)
    text = dialog.error_label.text()
    assert dialog.error_label.isVisible() and "找不到密钥文件" in text and "secret.key" in text
    assert "意外错误" not in text
    store.close()
