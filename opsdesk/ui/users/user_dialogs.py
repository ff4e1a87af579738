"""Small dialogs of the users panel: a new user, a new password, a role.

Each dialog only collects values and emits them; the panel runs the operation
and either closes the dialog or shows the refusal inside it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from opsdesk.models.users import PASSWORD_MIN_LENGTH, Role
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.labels import role_label


def role_combo(current: Role | str | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName("roleCombo")
    for role in Role:
        combo.addItem(role_label(role), role.value)
    if current is not None:
        combo.setCurrentIndex(combo.findData(Role(current).value))
    return combo


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _FormDialog(FormDialog):
    """A form with an inline error line and 确定/取消 buttons."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.add_error_line()
        self.add_button_row(self.tr("OK"), self._on_ok_clicked)

    def add_password_pair(self) -> None:
        """Two password boxes that must agree and be long enough."""
        self.password_edit = _password_edit("passwordEdit")
        self.password_edit.setPlaceholderText(self.tr("At least {n} characters").format(n=PASSWORD_MIN_LENGTH))
        self.repeat_edit = _password_edit("repeatEdit")
        self.form.addRow(self.tr("Password"), self.password_edit)
        self.form.addRow(self.tr("Repeat password"), self.repeat_edit)

    def password_problem(self) -> str:
        if self.password_edit.text() != self.repeat_edit.text():
            return self.tr("The two passwords differ.")
        if len(self.password_edit.text()) < PASSWORD_MIN_LENGTH:
            return self.tr("A password needs at least {n} characters.").format(n=PASSWORD_MIN_LENGTH)
        return ""

    def _on_ok_clicked(self) -> None:
        raise NotImplementedError


class NewUserDialog(_FormDialog):
    sig_user_submitted = Signal(dict)
    """{username, display_name, role, password} to create."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New user"), parent)
        self.setObjectName("newUserDialog")
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText(self.tr("letters and digits, e.g. zhangwei"))
        self.display_edit = QLineEdit()
        self.display_edit.setObjectName("displayNameEdit")
        self.role_combo = role_combo(Role.DUTY)
        self.form.addRow(self.tr("User name"), self.username_edit)
        self.form.addRow(self.tr("Full name"), self.display_edit)
        self.form.addRow(self.tr("Role"), self.role_combo)
        self.add_password_pair()

    def _on_ok_clicked(self) -> None:
        problem = self.password_problem()
        if problem:
            self.show_error(problem)
            return
        self.sig_user_submitted.emit({
            "username": self.username_edit.text().strip(),
            "display_name": self.display_edit.text().strip(),
            "role": self.role_combo.currentData(),
            "password": self.password_edit.text(),
        })


class PasswordDialog(_FormDialog):
    sig_password_submitted = Signal(str, str)
    """(user name, new password)."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New password for {name}").format(name=username), parent)
        self.setObjectName("passwordDialog")
        self.username = username
        self.add_password_pair()

    def _on_ok_clicked(self) -> None:
        problem = self.password_problem()
        if problem:
            self.show_error(problem)
            return
        self.sig_password_submitted.emit(self.username, self.password_edit.text())


class RoleDialog(_FormDialog):
    sig_role_submitted = Signal(str, str)
    """(user name, role value)."""

    def __init__(self, username: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Role of {name}").format(name=username), parent)
        self.setObjectName("roleDialog")
        self.username = username
        self.role_combo = role_combo(current)
        self.form.addRow(self.tr("Role"), self.role_combo)

    def _on_ok_clicked(self) -> None:
        self.sig_role_submitted.emit(self.username, self.role_combo.currentData())
