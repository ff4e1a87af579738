"""签字: the logged-in user signs a sheet as 巡检人 or 审核人 — password again, and a
handwritten signature drawn on the pad if they like (R-INSP-4). Refusals (a wrong
password, items still open, the inspector signing as reviewer) are said inside the
dialog and nothing is signed.

The password check (argon2, 0.5–0.8 s) and the signing run off the GUI thread: the dialog
says it is checking and the window keeps painting and ringing alarms meanwhile (issue 13).
Typing the password and pressing Enter is the whole signature, without the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from opsdesk.models.users import AuthError
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.labels import failure_words, meaning_label
from opsdesk.ui.labels import role_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write
from opsdesk.ui.signature_pad import SignaturePad
from opsdesk.ui.style import repolish

INSPECTOR, REVIEWER = inspection_ops.INSPECTOR, inspection_ops.REVIEWER


class SignDialog(dialogs.FormDialog):
    """Sign one sheet as ``meaning`` (巡检人 / 审核人)."""

    sig_signed = Signal(int)
    """Id of the inspection that was signed."""
    sig_refused = Signal(str)
    """The reason a signature was refused (shown in the dialog)."""

    def __init__(self, ctx: ConsoleContext, inspection_id: int, meaning: str, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionSignDialog")
        self.ctx, self.inspection_id, self.meaning = ctx, inspection_id, meaning
        self.busy = False
        self.setWindowTitle(self.tr("Sign as {meaning}").format(meaning=meaning_label(meaning)))
        self.setMinimumWidth(560)

        self.add_heading(self.tr("Sign as {meaning} · {title}").format(meaning=meaning_label(meaning), title=title))
        statement = QLabel(
            self.tr("By signing I confirm that I carried out this inspection and that the sheet is complete and "
                    "true.") if meaning == INSPECTOR else
            self.tr("By signing I confirm, for the hospital, that I have reviewed this inspection sheet."))
        statement.setObjectName("hintLabel")
        statement.setWordWrap(True)
        self.signer_label = QLabel(f"{ctx.user.display_name or ctx.user.username} · {role_label(ctx.user.role)}")
        self.signer_label.setObjectName("signerLabel")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("signPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Your login password"))
        self.password_edit.textChanged.connect(self._on_password_changed)
        self.password_edit.returnPressed.connect(self._on_sign_clicked)
        form = QFormLayout()
        form.addRow(self.tr("Signer"), self.signer_label)
        form.addRow(self.tr("Password"), self.password_edit)
        self.pad = SignaturePad()
        self.body.addWidget(statement)
        self.body.addLayout(form)
        self.body.addWidget(self.pad, 1)
        self.add_error_line("signError")
        # Enter in the password box signs (returnPressed); the button is not the dialog's default.
        self.sign_button = self.add_button_row(self.tr("Sign"), self._on_sign_clicked, ok_name="signButton",
                                               default=False)
        self.sign_button.setEnabled(False)
        self.password_edit.setFocus()

    def _on_password_changed(self, text: str) -> None:
        self.sign_button.setEnabled(bool(text) and not self.busy)
        self.password_edit.setProperty("invalid", False)
        repolish(self.password_edit)

    def _on_sign_clicked(self) -> None:
        if self.sign_button.isEnabled():
            self.sign()

    def sign(self) -> bool:
        """Start checking the password and signing in the background; True when started.
        On success :attr:`sig_signed` fires and the dialog closes; a refusal is said here."""
        if self.busy or not self.password_edit.text():
            return False
        user, inspection_id = self.ctx.user, self.inspection_id
        password = self.password_edit.text()
        image = None if self.pad.is_empty() else self.pad.png_bytes()
        operation = inspection_ops.sign_as_inspector if self.meaning == INSPECTOR else inspection_ops.sign_as_reviewer

        def work(session) -> int:
            operation(session, user, password, inspection_id, image_png=image)
            return inspection_id

        self.clear_error()
        self._set_busy(True)
        (Write(self, self.ctx.store, work, button=self.sign_button, feed=live_feed(self.ctx.store))
         .success(self._on_signed).failure(self._on_refused).run())
        return True

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.password_edit.setReadOnly(busy)
        self.pad.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.sign_button.setEnabled(not busy and bool(self.password_edit.text()))
        self.sign_button.setText(self.tr("Checking…") if busy else self.tr("Sign"))
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _on_signed(self, inspection_id: int) -> None:
        self._set_busy(False)
        self.sig_signed.emit(inspection_id)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, AuthError):
            self.password_edit.setProperty("invalid", True)
            repolish(self.password_edit)
            self.password_edit.clear()
            self.password_edit.setFocus()
        text = failure_words(exc)  # said here, in the dialog, not in a box over it
        self.show_error(text)
        self.sig_refused.emit(text)

    def reject(self) -> None:
        if not self.busy:  # a signature being written is not abandoned halfway by Esc
            super().reject()
