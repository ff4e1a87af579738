"""The login screen: real argon2 passwords against the demo database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.i18n import t
from opsdesk.models.users import User
from opsdesk.ops import users as user_ops
from opsdesk.ops.demo import DEMO_USERS
from opsdesk.ui.login import LoginDialog


def _login(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


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
    assert dialog.error_label.text() == t("Wrong user name or password. {n} tries left before the account locks.", n=4)
    assert dialog.password_edit.text() == ""  # typed again, not left in the box
    assert dialog.result() != LoginDialog.DialogCode.Accepted
    with demo_store.read() as session:  # the failure was committed, not rolled back with the error
        user = session.scalars(select(User).where(User.username == "zhangwei")).one()
        assert user.failed_logins == 1


def test_unknown_user_and_empty_name(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    _login(qtbot, dialog, "", "x")
    assert dialog.error_label.text() == "请输入用户名。"
    _login(qtbot, dialog, "nobody", "x")
    assert dialog.error_label.text() == t("Wrong user name or password.")


def test_demo_accounts_are_listed_in_demo_mode(qtbot, demo_store):
    dialog = LoginDialog(demo_store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "演示数据" in dialog.windowTitle()
    assert "机房值班运维台" in dialog.windowTitle()
    assert dialog.demo_box is not None and dialog.demo_box.isVisible()
    lines = dialog.demo_lines()
    assert len(lines) == len(DEMO_USERS)
    assert "张伟（zhangwei）值班运维人员 密码 duty-2026" in lines
    assert any("wangfang" in line and "审核人" in line and "review-2026" in line for line in lines)


def test_no_demo_accounts_on_a_real_database(qtbot, store):
    with store.write() as session:
        user_ops.add_user(session, None, "root", "a-strong-password", "admin")
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_box is None
    assert dialog.demo_lines() == []
    assert "演示数据" not in dialog.windowTitle()
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.error_label)))
    assert "duty-2026" not in texts and "zhangwei" not in texts
    with qtbot.waitSignal(dialog.sig_login_succeeded, timeout=5000):
        _login(qtbot, dialog, "root", "a-strong-password")
