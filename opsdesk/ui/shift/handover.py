"""交接班: what the next engineer takes over (open alarms, unfinished items, abnormal
items with their follow-up, a note), then both sign on the same screen with their
passwords (R-SHIFT-3). Refusals — a wrong password, required items still open — are
shown inside the dialog, and nothing is signed.

The passwords are checked off the GUI thread (argon2 takes 0.5–0.8 s on a duty-room PC):
the window keeps repainting and the alarm banner keeps blinking meanwhile. Everything is
reachable by keyboard: the notes take the keyboard first, Tab goes as the eye reads,
Enter in a password field signs, Alt+letter jumps to a field."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models import labels
from opsdesk.ops import shift as shift_ops
from opsdesk.ops import shift_rows
from opsdesk.ops import users as user_ops
from opsdesk.ops.errors import OpError, ValidationError
from opsdesk.ops.shift_rows import HandoverView, ShiftState
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import SEVERITY_COLOURS, severity_label, shift_code_label, shift_status_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.style import repolish


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a long list can be read with the arrows
    widget.setSelectionMode(QListWidget.SelectionMode.NoSelection)
    widget.setWordWrap(True)
    widget.setSpacing(2)
    return widget


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumWidth(200)
    return edit


class HandoverDialog(dialogs.FormDialog):
    """Hand over one shift and sign it off; reads the shift itself."""

    sig_shift_changed = Signal(int)
    """Id of the shift that was handed over or signed."""
    sig_shown = Signal(int)
    """Id of the shift whose handover was just read and shown."""

    def __init__(self, ctx: ConsoleContext, shift_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Handover and sign-off"))
        self.setMinimumSize(920, 760)
        self.ctx = ctx
        self.shift_id = shift_id
        self.state: ShiftState | None = None
        self.alarms: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}  # user name → the name people say
        self.busy = False  # the passwords are being checked

        self.heading = self.add_heading(wrap=False)
        self.status_label = QLabel()
        self.status_label.setObjectName("hintLabel")
        self.alarm_list = _list("openAlarmList")
        self.unfinished_list = _list("unfinishedList")
        self.abnormal_list = _list("abnormalList")
        self.alarm_box = self._box(self.alarm_list)
        self.unfinished_box = self._box(self.unfinished_list)
        self.abnormal_box = self._box(self.abnormal_list)
        lists = QGridLayout()
        lists.setSpacing(10)
        lists.addWidget(self.alarm_box, 0, 0)
        lists.addWidget(self.unfinished_box, 0, 1)
        lists.addWidget(self.abnormal_box, 1, 0, 1, 2)
        lists.setRowStretch(0, 3)
        lists.setRowStretch(1, 2)
        for widget, height in ((self.alarm_list, 110), (self.unfinished_list, 110), (self.abnormal_list, 64)):
            widget.setMinimumHeight(height)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("handoverNotes")
        self.notes_edit.setPlaceholderText(self.tr("What the next shift must know: work in progress, vendors "
                                                   "expected, systems to watch"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(80)
        self.handover_button = QPushButton(self.tr("Submi&t handover"))
        self.handover_button.setObjectName("submitHandoverButton")
        self.handover_button.clicked.connect(self._on_handover_clicked)
        notes_box = QGroupBox(self.tr("Handover &notes"))  # Alt+N: into the notes
        notes_layout = QHBoxLayout(notes_box)
        notes_layout.addWidget(self.notes_edit, 1)
        notes_layout.addWidget(self.handover_button, 0, Qt.AlignmentFlag.AlignBottom)

        # Both engineers at the one console: the outgoing is the one logged in.
        self.outgoing_label = QLabel(ctx.user.display_name or ctx.user.username)
        self.outgoing_label.setObjectName("outgoingLabel")
        self.outgoing_password = _password_edit("outgoingPassword")
        self.incoming_combo = QComboBox()
        self.incoming_combo.setObjectName("incomingCombo")
        self.incoming_combo.setMinimumContentsLength(12)
        self.incoming_password = _password_edit("incomingPassword")
        self.sign_button = QPushButton(self.tr("Si&gn"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.setProperty("primary", True)
        self.sign_button.setDefault(True)  # Enter in a password field or on the engineer signs
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.sign_error = QLabel()
        self.sign_error.setObjectName("signError")
        self.sign_error.setProperty("role", "error")
        self.sign_error.setWordWrap(True)
        self.sign_error.hide()
        for edit in (self.outgoing_password, self.incoming_password):
            edit.textChanged.connect(self._on_sign_input_changed)
        self.incoming_combo.currentIndexChanged.connect(self._on_sign_input_changed)
        # Enter in a password field is theirs (see eventFilter), never the dialog's default
        # button: 提交交班 becomes that default whenever it had the focus.
        for edit in (self.outgoing_password, self.incoming_password):
            edit.installEventFilter(self)
        sign_box = QGroupBox(self.tr("Signatures of both engineers"))
        sign_box.setObjectName("signBox")
        grid = QGridLayout(sign_box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        outgoing_caption = QLabel(self.tr("&Outgoing engineer"))
        outgoing_caption.setBuddy(self.outgoing_password)  # the name is fixed: Alt+O is for the password
        incoming_caption = QLabel(self.tr("&Incoming engineer"))
        incoming_caption.setBuddy(self.incoming_combo)
        grid.addWidget(outgoing_caption, 0, 0)
        grid.addWidget(self.outgoing_label, 0, 1)
        grid.addWidget(QLabel(self.tr("Password")), 0, 2)
        grid.addWidget(self.outgoing_password, 0, 3)
        grid.addWidget(incoming_caption, 1, 0)
        grid.addWidget(self.incoming_combo, 1, 1)
        grid.addWidget(QLabel(self.tr("Password")), 1, 2)
        grid.addWidget(self.incoming_password, 1, 3)
        grid.addWidget(self.sign_button, 0, 4, 2, 1)
        grid.addWidget(self.sign_error, 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        self.sign_button.setMinimumHeight(72)

        self.body.addWidget(self.status_label)
        self.body.addLayout(lists, 1)
        self.body.addWidget(notes_box)
        self.body.addWidget(sign_box)
        self.close_button = self.add_close_row()
        chain = [self.alarm_list, self.unfinished_list, self.abnormal_list, self.notes_edit, self.handover_button,
                 self.outgoing_password, self.incoming_combo, self.incoming_password, self.sign_button,
                 self.close_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self.sign_button.setEnabled(False)
        self.handover_button.setEnabled(False)  # until the shift is read
        self.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)  # where the work most often starts
        self._read_first()

    @staticmethod
    def _box(content: QListWidget) -> QGroupBox:
        box = QGroupBox()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(content)
        return box

    def _read_first(self) -> None:
        """Who may take over, and the shift: read off the GUI thread when the dialog opens."""
        username, shift_id = self.ctx.user.username, self.shift_id

        def read(session) -> tuple[list[tuple[str, str]], HandoverView]:
            return shift_rows.duty_people(session, exclude=username), shift_rows.handover_view(session, shift_id)

        Query(self, self.ctx.store, read).success(self._on_first_read).run()

    def _on_first_read(self, result: tuple[list[tuple[str, str]], HandoverView]) -> None:
        people, view = result
        self.incoming_combo.addItem(self.tr("Choose the incoming engineer"), None)
        for username, label in people:
            self.incoming_combo.addItem(label, username)
        self.notes_edit.setPlainText(view.state.handover_notes)
        self._show(view)
        # The keyboard starts where the work is: the notes before the handover, then the signatures.
        first = self.notes_edit if view.state.status == "open" else self.outgoing_password
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what is handed over ----------------------------------------------------------------
    def reload(self, then=None) -> None:
        """Read the shift again (off the GUI thread), then ``then()``."""
        shift_id = self.shift_id

        def shown(view: HandoverView) -> None:
            self._show(view)
            if then is not None:
                then()

        Query(self, self.ctx.store, lambda s: shift_rows.handover_view(s, shift_id)).success(shown).run()

    def _show(self, view: HandoverView) -> None:
        self.state, self.names = view.state, view.names
        state = self.state
        recorded = state.handover_open if state.status != "open" and state.handover_open else None
        self.alarms = recorded["alarms"] if recorded else list(view.live_alarms)
        self.heading.setText(self.tr("Handover · {site} {day} {shift}").format(
            site=state.site_name, day=state.day.isoformat(), shift=shift_code_label(state.code)))
        self.status_label.setText(shift_status_label(state.status))
        self._fill_alarms(self.alarms)
        unfinished = sorted((r for r in state.rows if not r.status), key=lambda r: not r.required)  # required first
        self.unfinished_list.clear()
        for row in unfinished:
            text = self.tr("Required · {title}").format(title=row.title) if row.required else row.title
            item = QListWidgetItem(text)
            if row.required:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setForeground(SEVERITY_COLOURS["critical"][1])
            self.unfinished_list.addItem(item)
        self._empty(self.unfinished_list, self.tr("Every item is checked"))
        self.unfinished_box.setTitle(self.tr("Unfinished items ({n})").format(n=len(unfinished)))
        abnormal = recorded["abnormal"] if recorded else [
            {"item": r.title, "followup": r.followup} for r in state.rows if r.status == "abnormal"]
        self.abnormal_list.clear()
        for entry in abnormal:
            if entry["followup"]:
                self.abnormal_list.addItem(self.tr("{item} — follow-up: {followup}").format(
                    item=entry["item"], followup=entry["followup"]))
            else:  # abnormal from the monitor, nobody has said what is being done
                item = QListWidgetItem(self.tr("{item} — no follow-up written yet").format(item=entry["item"]))
                item.setForeground(SEVERITY_COLOURS["critical"][1])
                self.abnormal_list.addItem(item)
        self._empty(self.abnormal_list, self.tr("No abnormal item"))
        self.abnormal_box.setTitle(self.tr("Abnormal items and their follow-up ({n})").format(n=len(abnormal)))
        self.handover_button.setText(self.tr("Submi&t handover") if state.status == "open"
                                     else self.tr("Submi&t handover again"))
        self.handover_button.setEnabled(not state.signed and not self.busy)
        self._on_sign_input_changed()
        self.sig_shown.emit(state.id)

    def _fill_alarms(self, alarms: list[dict[str, Any]]) -> None:
        self.alarm_list.clear()
        for alarm in alarms:
            who = alarm.get("acked_by") or ""
            acked = self.tr(" (acknowledged by {who})").format(who=self.names.get(who, who)) if who else ""
            if alarm.get("cleared"):
                acked += self.tr(" (cleared, not acknowledged)")
            text = f"{severity_label(alarm['severity'])}  {alarm['raised_at'][5:]}  {alarm['message']}{acked}"
            item = QListWidgetItem(text)
            item.setForeground(SEVERITY_COLOURS.get(alarm["severity"], SEVERITY_COLOURS["warning"])[1])
            self.alarm_list.addItem(item)
        self._empty(self.alarm_list, self.tr("No open alarm at this site"))
        self.alarm_box.setTitle(self.tr("Open alarms ({n})").format(n=len(alarms)))

    @staticmethod
    def _empty(widget: QListWidget, text: str) -> None:
        if widget.count() == 0:
            item = QListWidgetItem(text)
            item.setForeground(Qt.GlobalColor.gray)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def listed(self, widget: QListWidget) -> list[str]:
        """The texts of a list (tests), without the empty-list line."""
        items = [widget.item(i) for i in range(widget.count())]
        return [item.text() for item in items if item.flags() != Qt.ItemFlag.NoItemFlags]

    # -- handing over -----------------------------------------------------------------------
    def _on_handover_clicked(self) -> None:
        self.hand_over()

    def hand_over(self) -> None:
        """提交交班, off the GUI thread: the lists are then read as handed over and
        :attr:`sig_shift_changed` follows; a refusal is said in the dialog."""
        user, shift_id, notes = self.ctx.user, self.shift_id, self.notes_edit.toPlainText()

        def work(session) -> HandoverView:
            shift_ops.hand_over(session, user, shift_id, notes)
            return shift_rows.handover_view(session, shift_id)

        Write(self, self.ctx.store, work, button=self.handover_button, feed=live_feed(self.ctx.store)).success(
            self._on_handed_over).failure(lambda exc: self.show_sign_error(dialogs.error_text(exc))).run()

    def _on_handed_over(self, view: HandoverView) -> None:
        self.sign_error.hide()
        self._show(view)
        self.sig_shift_changed.emit(self.shift_id)
        self.outgoing_password.setFocus()

    # -- signing ----------------------------------------------------------------------------
    def _on_sign_input_changed(self, *_args: object) -> None:
        ready = bool(self.outgoing_password.text() and self.incoming_password.text()
                     and self.incoming_combo.currentData())
        self.sign_button.setEnabled(ready and not self.busy and self.state is not None and not self.state.signed)

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and watched in (self.outgoing_password, self.incoming_password)):
            if watched is self.outgoing_password:
                self._on_outgoing_entered()
            else:
                self._on_incoming_entered()
            return True
        return super().eventFilter(watched, event)

    def _on_incoming_entered(self) -> None:
        """Enter after the incoming password: sign when everything is there, else on to what is missing."""
        if self.sign_button.isEnabled():
            self.sign()
        elif not self.outgoing_password.text():
            self.outgoing_password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.incoming_combo.currentData():
            self.incoming_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_outgoing_entered(self) -> None:
        """Enter after the outgoing password: on to what is still missing (signs when nothing is)."""
        if not self.incoming_combo.currentData():
            self.incoming_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.incoming_password.text():
            self.incoming_password.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.sign_button.isEnabled():
            self.sign()

    def _on_sign_clicked(self) -> None:
        if self.sign_button.isEnabled():
            self.sign()

    def show_sign_error(self, text: str) -> None:
        self.sign_error.setText(text)
        self.sign_error.show()

    def _mark(self, edit: QLineEdit, invalid: bool) -> None:
        edit.setProperty("invalid", invalid)
        repolish(edit)

    def _set_busy(self, busy: bool) -> None:
        """While the passwords are checked: the button says so and nothing can be changed or
        pressed twice; the window goes on painting."""
        self.busy = busy
        self.sign_button.setText(self.tr("Checking passwords…") if busy else self.tr("Si&gn"))
        for widget in (self.outgoing_password, self.incoming_password, self.incoming_combo, self.handover_button,
                       self.close_button, self.notes_edit):
            widget.setEnabled(not busy)
        if not busy and self.state is not None:
            self.handover_button.setEnabled(not self.state.signed)
        self._on_sign_input_changed()

    def sign(self) -> bool:
        """签字: both passwords (checked in the background), then the record is frozen,
        signed twice and locked; the dialog closes, or says in it what was refused.
        True when the check was started (the outcome follows by :attr:`sig_shift_changed`)."""
        if self.busy:
            return False
        store, outgoing, shift_id = self.ctx.store, self.ctx.user, self.shift_id
        incoming_name = self.incoming_combo.currentData()
        outgoing_pw, incoming_pw = self.outgoing_password.text(), self.incoming_password.text()
        for edit in (self.outgoing_password, self.incoming_password):
            self._mark(edit, False)
        self.sign_error.hide()

        def work(session) -> None:
            incoming = user_ops.find_user(session, incoming_name)
            shift_ops.sign_off(session, outgoing, outgoing_pw, incoming, incoming_pw, shift_id)

        self._set_busy(True)
        Write(self, store, work, feed=live_feed(store)).success(self._on_signed).failure(self._on_sign_failed).run()
        return True

    def _on_signed(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()
        self.sig_shift_changed.emit(self.shift_id)

    def _on_sign_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, shift_ops.SignerRefused):
            outgoing = exc.signer == "outgoing"
            edit = self.outgoing_password if outgoing else self.incoming_password
            who = self.tr("Outgoing engineer") if outgoing else self.tr("Incoming engineer")
            self._mark(edit, True)
            edit.clear()
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.show_sign_error(self.tr("{who}: {message}").format(who=who, message=str(exc)))
        elif isinstance(exc, ValidationError) and exc.field == "items":
            def said() -> None:
                titles = [r.title for r in self.state.rows if r.required and not r.status] if self.state else []
                self.show_sign_error(self.tr("Not signed: {n} required items are still open: {items}").format(
                    n=len(titles), items=labels.listing(titles)) if titles else str(exc))
                self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)  # back to the checklist first

            self.reload(then=said)
        elif isinstance(exc, OpError):
            self.show_sign_error(str(exc))
            self.reload()
            self.outgoing_password.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.show_sign_error(dialogs.error_text(exc))
            self.outgoing_password.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if not self.busy:  # Escape while the passwords are checked would hide a signing that goes on
            super().reject()
