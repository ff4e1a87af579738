"""用户管理: listing, adding, passwords, disabling, roles — through the real ops."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.models.users import User
from opsdesk.ops.auth import authenticate
from opsdesk.ui.users.panel import UsersPanel
from tests.ui.conftest import read_off_gui, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


@pytest.fixture
def panel(qtbot, make_ctx):
    widget = UsersPanel(make_ctx("admin"))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: bool(widget.usernames()), timeout=10_000)  # read off the GUI thread
    return widget


def stored(store, username: str) -> User | None:
    return read_off_gui(store, lambda s: s.scalars(select(User).where(User.username == username)).first())


def test_lists_the_demo_users(panel):
    assert panel.usernames() == ["admin", "chenjing", "lina", "liuyang", "wangfang", "zhangwei"]
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == ["用户名", "姓名", "角色", "状态", "锁定至"]
    row = panel.usernames().index("wangfang")
    assert panel.table.item(row, 2).text() == "审核人"
    assert panel.table.item(row, 3).text() == "正常"
    assert not panel.password_button.isEnabled()  # nothing selected


def test_add_user_through_the_dialog(qtbot, panel, demo_store):
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    dialog.username_edit.setText("zhaolei")
    dialog.display_edit.setText("赵磊")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    dialog.password_edit.setText("night-shift-1")
    dialog.repeat_edit.setText("night-shift-2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "两次输入的密码不一致。"
    assert stored(demo_store, "zhaolei") is None
    dialog.repeat_edit.setText("night-shift-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.ok_button.property("busy")  # added off the GUI thread
    qtbot.waitUntil(lambda: panel.selected_username() == "zhaolei", timeout=10_000)
    assert dialog.result() == dialog.DialogCode.Accepted
    user = stored(demo_store, "zhaolei")
    assert (user.display_name, user.role) == ("赵磊", "supervisor")


def test_refusal_from_the_operation_stays_in_the_dialog(qtbot, panel):
    panel._on_add_clicked()
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    dialog.username_edit.setText("lina")  # exists already
    dialog.password_edit.setText("long-enough-1")
    dialog.repeat_edit.setText("long-enough-1")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert "lina" in dialog.error_label.text()
    assert dialog.result() != dialog.DialogCode.Accepted and dialog.ok_button.isEnabled()


def test_reset_password(qtbot, panel, demo_store, recorder):
    panel.select_user("zhangwei")
    qtbot.mouseClick(panel.password_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    dialog.password_edit.setText("new-password-9")
    dialog.repeat_edit.setText("new-password-9")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(recorder.infos), timeout=10_000)
    assert "zhangwei" in recorder.infos[0]
    assert write_off_gui(demo_store, lambda s: authenticate(s, "zhangwei", "new-password-9").username) == "zhangwei"


def test_disable_and_enable(qtbot, panel, demo_store, recorder):
    panel.select_user("lina")
    assert panel.disable_button.text() == "停用"
    qtbot.mouseClick(panel.disable_button, Qt.MouseButton.LeftButton)
    assert recorder.questions and "lina" in recorder.questions[0]
    qtbot.waitUntil(lambda: panel.table.item(panel.usernames().index("lina"), 3).text() == "已停用", timeout=10_000)
    assert stored(demo_store, "lina").disabled
    assert panel.disable_button.text() == "启用"
    qtbot.mouseClick(panel.disable_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.disable_button.text() == "停用", timeout=10_000)
    assert not stored(demo_store, "lina").disabled


def test_admin_cannot_disable_themself(qtbot, panel, demo_store, recorder):
    panel.select_user("admin")
    panel._on_disable_clicked()
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=10_000)
    assert len(recorder.errors) == 1
    assert not stored(demo_store, "admin").disabled


def test_change_role(qtbot, panel, demo_store):
    panel.select_user("lina")
    qtbot.mouseClick(panel.role_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.addWidget(dialog)
    assert dialog.role_combo.currentText() == "值班运维人员"
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.item(panel.usernames().index("lina"), 2).text() == "审核人", timeout=10_000)
    assert stored(demo_store, "lina").role == "supervisor"


def test_a_lock_out_shows_until_when(qtbot, panel, demo_store, fixed_clock):
    """A lock-out set elsewhere (failed logins at another console) shows when the list is read again."""
    import datetime as dt

    from opsdesk.clock import format_local, now

    until = now() + dt.timedelta(minutes=15)

    def lock(session) -> None:
        session.scalars(select(User).where(User.username == "lina")).one().locked_until = until

    write_off_gui(demo_store, lock)
    panel.reload()  # the list's first read may still be out: this one follows it

    def shown() -> str:
        return panel.table.item(panel.usernames().index("lina"), 4).text()

    qtbot.waitUntil(lambda: shown() == format_local(until), timeout=10_000)
    assert panel.table.item(panel.usernames().index("zhangwei"), 4).text() == ""
