"""用户管理 (administrators): named accounts, roles, passwords, disabling (R-SEC-1)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
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
from opsdesk.models.users import Principal
from opsdesk.ops import users as user_ops
from opsdesk.ops.users import UserRow
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.labels import role_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write, failure_text, reading
from opsdesk.ui.users.user_dialogs import NewUserDialog, PasswordDialog, RoleDialog
from opsdesk.ui.worker import LatestRead

USERNAME_ROLE = Qt.ItemDataRole.UserRole
SHOWN_KINDS = frozenset({"user_account"})  # accounts change by login failures too (lock-outs)

if TYPE_CHECKING:  # a type only: the console never imports SQLAlchemy (import contract)
    from sqlalchemy.orm import Session


def _read(store: Store, actor: Principal) -> list[UserRow]:
    """Off the GUI thread (the worker's own read session)."""
    return reading(store, lambda session: user_ops.user_rows(session, actor, now()))()


class UsersPanel(QWidget):
    """The list of users with the actions an administrator takes on them."""

    sig_users_loaded = Signal(int)
    """Number of users listed after a reload."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: NewUserDialog | PasswordDialog | RoleDialog | None = None  # the one opened last
        self._rows: list[UserRow] = []
        self._select_after: str | None = None  # an account just added: selected once the reload shows it
        self._read = LatestRead(self.reload, self._on_read, self._on_read_failed)

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
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self.reload()

    @staticmethod
    def _button(text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the accounts (off the GUI thread; one read at a time)."""
        store, actor = self.ctx.store, self.ctx.user
        self._read.start(lambda: _read(store, actor))

    def _on_read(self, rows: list[UserRow]) -> None:
        selected = self._select_after or self.selected_username()
        self._rows = rows
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            status = self.tr("Disabled") if row.disabled else self.tr("Active")
            locked = format_local(row.locked_until) if row.locked_until is not None else ""
            cells = (row.username, row.display_name, role_label(row.role), status, locked)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(USERNAME_ROLE, row.username)
                if row.disabled:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        if selected and selected in self.usernames():
            self.select_user(selected)
            if selected == self._select_after:
                self._select_after = None
        self._on_selection_changed()
        self.sig_users_loaded.emit(len(self._rows))

    def _on_read_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self, failure_text(exc))

    def _on_records_changed(self, kind: str) -> None:
        if kind in SHOWN_KINDS and self.isVisible():
            self.reload()  # hidden: read when shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # lock-outs end with time, not with a write: read whenever shown

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
        dialog = self.dialog = NewUserDialog(self)
        dialog.sig_user_submitted.connect(partial(self._on_user_submitted, dialog))
        dialog.open()

    def _on_user_submitted(self, dialog: NewUserDialog, values: dict[str, str]) -> None:
        actor = self.ctx.user

        def add(session) -> None:
            user_ops.add_user(session, actor, values["username"], values["password"], values["role"],
                              values["display_name"])

        def done() -> None:
            dialog.accept()
            self._select_after = values["username"]  # the reload the feed has started selects it

        self._run(add, dialog, done)

    def _on_password_clicked(self) -> None:
        name = self.selected_username()
        if name:
            dialog = self.dialog = PasswordDialog(name, self)
            dialog.sig_password_submitted.connect(partial(self._on_password_submitted, dialog))
            dialog.open()

    def _on_password_submitted(self, dialog: PasswordDialog, username: str, password: str) -> None:
        actor = self.ctx.user

        def done() -> None:
            dialog.accept()
            dialogs.show_done(self, self.tr("The password of {name} was changed.").format(name=username))

        self._run(lambda s: user_ops.set_password(s, actor, username, password), dialog, done)

    def _on_disable_clicked(self) -> None:
        name = self.selected_username()
        if not name:
            return
        disable = not self.row_of(name).disabled
        if disable:
            question = self.tr("Disable the account {name}? The user can no longer log in; the records stay.")
            text = question.format(name=name)
            dialogs.confirm(self, text, lambda: self.set_disabled(name, True), self.tr("Disable account"))
        else:
            self.set_disabled(name, False)

    def set_disabled(self, username: str, disabled: bool) -> None:
        actor = self.ctx.user
        self._run(lambda s: user_ops.set_disabled(s, actor, username, disabled), button=self.disable_button)

    def _on_role_clicked(self) -> None:
        name = self.selected_username()
        if name:
            dialog = self.dialog = RoleDialog(name, self.row_of(name).role, self)
            dialog.sig_role_submitted.connect(partial(self._on_role_submitted, dialog))
            dialog.open()

    def _on_role_submitted(self, dialog: RoleDialog, username: str, role: str) -> None:
        actor = self.ctx.user
        self._run(lambda s: user_ops.set_role(s, actor, username, role), dialog, dialog.accept)

    def _run(self, op: Callable[[Session], object], dialog: FormDialog | None = None,
             done: Callable[[], object] | None = None, button: QAbstractButton | None = None) -> None:
        """Run one operation (off the GUI thread, in one transaction); then ``done()``. A refusal
        is said in the dialog, else in a box. The list is read again through the live feed."""
        button = button if button is not None else getattr(dialog, "ok_button", None)
        write = Write(self, self.ctx.store, op, button=button, feed=live_feed(self.ctx.store))
        if done is not None:
            write.success(lambda _none: done())
        if dialog is not None:
            write.failure(lambda exc: dialog.show_error(dialogs.error_text(exc)))
        write.run()
