"""用户管理 (administrators): named accounts, roles, passwords, disabling (R-SEC-1)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local, now
from opsdesk.ops import users as user_ops
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import role_label
from opsdesk.ui.users.user_dialogs import NewUserDialog, PasswordDialog, RoleDialog

USERNAME_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class UserRow:
    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: str


class UsersPanel(QWidget):
    """The list of users with the actions an administrator takes on them."""

    sig_users_loaded = Signal(int)
    """Number of users listed after a reload."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog = None
        self._rows: list[UserRow] = []

        title = QLabel(self.tr("User management"))
        title.setObjectName("panelTitle")
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Full name"), self.tr("Role"), self.tr("Status"), self.tr("Locked until"),
        ])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)

        self.add_button = self._button(self.tr("Add user"), "addUserButton", self._on_add_clicked)
        self.add_button.setProperty("primary", True)
        self.password_button = self._button(self.tr("Reset password"), "passwordButton", self._on_password_clicked)
        self.disable_button = self._button(self.tr("Disable"), "disableButton", self._on_disable_clicked)
        self.role_button = self._button(self.tr("Change role"), "roleButton", self._on_role_clicked)
        self.refresh_button = self._button(self.tr("Refresh"), "refreshButton", self.reload)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.password_button, self.disable_button, self.role_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.reload()

    @staticmethod
    def _button(text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        selected = self.selected_username()
        try:
            with self.ctx.store.read() as session:
                current = now()
                self._rows = [
                    UserRow(u.username, u.display_name, u.role, u.disabled,
                            format_local(u.locked_until) if u.locked_until and u.locked_until > current else "")
                    for u in user_ops.list_users(session, self.ctx.user)
                ]
        except Exception as exc:  # noqa: BLE001
            dialogs.show_error(self, dialogs.error_text(exc))
            return
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            status = self.tr("Disabled") if row.disabled else self.tr("Active")
            cells = (row.username, row.display_name, role_label(row.role), status, row.locked_until)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(USERNAME_ROLE, row.username)
                if row.disabled:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        if selected:
            self.select_user(selected)
        self._on_selection_changed()
        self.sig_users_loaded.emit(len(self._rows))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.reload()  # accounts change by login failures too (lock-outs)

    def usernames(self) -> list[str]:
        return [row.username for row in self._rows]

    def row_of(self, username: str) -> UserRow:
        return next(row for row in self._rows if row.username == username)

    def selected_username(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(USERNAME_ROLE) if items else None

    def select_user(self, username: str) -> None:
        for r, row in enumerate(self._rows):
            if row.username == username:
                self.table.selectRow(r)
                return

    # -- handlers -------------------------------------------------------------------------
    def _on_selection_changed(self) -> None:
        name = self.selected_username()
        for button in (self.password_button, self.disable_button, self.role_button):
            button.setEnabled(name is not None)
        if name is not None:
            disabled = self.row_of(name).disabled
            self.disable_button.setText(self.tr("Enable") if disabled else self.tr("Disable"))

    def _on_add_clicked(self) -> None:
        self.dialog = NewUserDialog(self)
        self.dialog.sig_user_submitted.connect(self._on_user_submitted)
        self.dialog.open()

    def _on_user_submitted(self, values: dict) -> None:
        if self._run(lambda s: user_ops.add_user(s, self.ctx.user, values["username"], values["password"],
                                                 values["role"], values["display_name"]), self.dialog):
            self.dialog.accept()
            self.reload()
            self.select_user(values["username"])

    def _on_password_clicked(self) -> None:
        name = self.selected_username()
        if name:
            self.dialog = PasswordDialog(name, self)
            self.dialog.sig_password_submitted.connect(self._on_password_submitted)
            self.dialog.open()

    def _on_password_submitted(self, username: str, password: str) -> None:
        if self._run(lambda s: user_ops.set_password(s, self.ctx.user, username, password), self.dialog):
            self.dialog.accept()
            self.reload()
            dialogs.show_done(self, self.tr("The password of {name} was changed.").format(name=username))

    def _on_disable_clicked(self) -> None:
        name = self.selected_username()
        if not name:
            return
        disable = not self.row_of(name).disabled
        if disable:
            text = self.tr("Disable the account {name}? The user can no longer log in; the records stay.").format(name=name)
            dialogs.confirm(self, text, lambda: self.set_disabled(name, True), self.tr("Disable account"))
        else:
            self.set_disabled(name, False)

    def set_disabled(self, username: str, disabled: bool) -> None:
        if self._run(lambda s: user_ops.set_disabled(s, self.ctx.user, username, disabled)):
            self.reload()

    def _on_role_clicked(self) -> None:
        name = self.selected_username()
        if name:
            self.dialog = RoleDialog(name, self.row_of(name).role, self)
            self.dialog.sig_role_submitted.connect(self._on_role_submitted)
            self.dialog.open()

    def _on_role_submitted(self, username: str, role: str) -> None:
        if self._run(lambda s: user_ops.set_role(s, self.ctx.user, username, role), self.dialog):
            self.dialog.accept()
            self.reload()

    def _run(self, op, dialog=None) -> bool:
        """Run one operation in a write transaction; show a refusal in the dialog or a box."""
        try:
            with self.ctx.store.write() as session:
                op(session)
        except Exception as exc:  # noqa: BLE001 - refusals are messages, never crashes
            if dialog is not None:
                dialog.show_error(dialogs.error_text(exc))
            else:
                dialogs.show_error(self, dialogs.error_text(exc))
            return False
        return True
