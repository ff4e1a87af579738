"""The login screen (R-SEC-1): named users only; in a demo database it lists the
demo accounts so a visitor can try every role. The password is checked off the GUI
thread (argon2id takes most of a second), every login and refused login is audited,
and at a console locked for a user (:attr:`locked_for`) that user's password unlocks it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from opsdesk.demo.seed import DEMO_USERS
from opsdesk.models.users import Actor, AuthError
from opsdesk.ops.auth import UNLOCK, authenticate, record_session_event
from opsdesk.ops.console_start import demo_flag
from opsdesk.store import Store
from opsdesk.ui.dialogs import FormDialog, error_text
from opsdesk.ui.labels import role_label
from opsdesk.ui.operations import Query, writing
from opsdesk.ui.worker import run_in_background

if TYPE_CHECKING:  # a type only: the console never imports SQLAlchemy (import contract)
    from sqlalchemy.orm import Session


class LoginDialog(FormDialog):
    """Asks for a user name and password; accepted once a user has logged in."""

    sig_login_succeeded = Signal(object)
    """The :class:`Actor` who logged in (a plain record: no ORM instance leaves the worker)."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, locked_for: str = "",
                 locked_name: str = "", demo: bool | None = None) -> None:
        super().__init__(parent, margins=(28, 24, 28, 20), spacing=12)
        self.setObjectName("loginDialog")
        self._store = store
        self.user: Actor | None = None
        self.locked_for = locked_for  # the user name whose session this console keeps while locked
        self.busy = False
        self.demo = bool(demo)  # the console knows; a dialog made on its own asks (off the GUI thread)
        title = self.tr("Duty-room operations console")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)

        self.add_heading(title, "loginHeading", wrap=False).setAlignment(Qt.AlignmentFlag.AlignCenter)
        if locked_for:
            sub = self.tr("Locked: {name} is away. Unlock with the password, or log in as another user.").format(
                name=locked_name or locked_for)
        else:
            sub = self.tr("Please log in with your own account.")
        self.subheading = self.add_heading(sub, "loginSubheading", wrap=True)
        self.subheading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText(self.tr("User name"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        self.body.addLayout(form)
        self.add_error_line()
        self.login_button = self.add_button_row(self.tr("Log in"), self._on_login_clicked, ok_name="loginButton",
                                                cancel_text=self.tr("Close the console"))
        # A locked console is not closed by whoever passes by: its user unlocks it first.
        self.cancel_button.setVisible(not locked_for)
        self.demo_box: QGroupBox | None = None
        if demo is None:
            Query(self, store, demo_flag).success(self._show_demo).failure(lambda _exc: None).run()
        else:
            self._show_demo(demo)
        if locked_for:
            self.username_edit.setText(locked_for)
            self.password_edit.setFocus()
        else:
            self.username_edit.setFocus()

    def _show_demo(self, demo: bool) -> None:
        """The demo's title and its accounts (only on demo data)."""
        self.demo = demo
        if not demo or self.demo_box is not None:
            return
        self.setWindowTitle(self.tr("Duty-room operations console") + " — " + self.tr("Demo data"))
        self.demo_box = self._demo_box()
        self.body.addWidget(self.demo_box)
        self.demo_box.show()  # at once, not at the layout's next pass (the dialog is up already)

    def _demo_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Demo accounts (demo data only)"))
        box.setObjectName("demoAccounts")
        rows = QVBoxLayout(box)
        for du in DEMO_USERS:
            text = self.tr("{name} ({username}) {role}, password {password}").format(
                name=du.display_name, username=du.username, role=role_label(du.role), password=du.password)
            label = QLabel(text)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            rows.addWidget(label)
        return box

    def demo_lines(self) -> list[str]:
        if self.demo_box is None:
            return []
        return [label.text() for label in self.demo_box.findChildren(QLabel)]

    def _show_error(self, text: str) -> None:
        self.show_error(text)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _on_login_clicked(self) -> None:
        if self.busy:
            return
        username = self.username_edit.text().strip()
        if not username:
            self._show_error(self.tr("Please enter your user name."))
            self.username_edit.setFocus()
            return
        password = self.password_edit.text()
        unlocking = bool(self.locked_for) and username == self.locked_for
        store = self._store

        def check(session: Session) -> tuple[Actor | None, str]:
            # AuthError is caught inside the transaction so the failure count
            # (five wrong passwords lock the account) is committed.
            try:
                user = authenticate(session, username, password, audit_login=not unlocking)
            except AuthError as exc:
                return None, str(exc)
            if unlocking:
                record_session_event(session, username, UNLOCK)
            return user.as_actor(), ""

        self._set_busy(True)
        run_in_background(writing(store, check), self._on_checked, self._on_check_failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.login_button.setEnabled(not busy)
        self.username_edit.setReadOnly(busy)
        self.password_edit.setReadOnly(busy)
        self.login_button.setText(self.tr("Checking…") if busy else self.tr("Log in"))

    def _on_checked(self, outcome: tuple[Actor | None, str]) -> None:
        self._set_busy(False)
        user, error = outcome
        if user is None:
            self._show_error(error)
            return
        self.clear_error()
        self.user = user
        self.sig_login_succeeded.emit(user)
        self.accept()

    def _on_check_failed(self, exc: BaseException) -> None:
        """A locked or missing database must not crash the login."""
        self._set_busy(False)
        self._show_error(error_text(exc))
