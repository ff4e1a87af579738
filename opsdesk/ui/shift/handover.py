"""交接班: what the next engineer takes over (open alarms, unfinished items, abnormal
items with their follow-up, a note), then both sign on the same screen with their
passwords (R-SHIFT-3). Refusals — a wrong password, required items still open — are
shown inside the dialog, and nothing is signed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
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
from sqlalchemy import select

from opsdesk import clock
from opsdesk.models.users import AuthError, User
from opsdesk.ops import shift as shift_ops
from opsdesk.ops.errors import OpError, ValidationError
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import SEVERITY_COLOURS, shift_code_label, shift_status_label, severity_label
from opsdesk.ui.shift import rows as shift_rows
from opsdesk.ui.shift.item_row import repolish
from opsdesk.ui.shift.rows import ShiftState


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName(name)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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

    def __init__(self, ctx: ConsoleContext, shift_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Handover and sign-off"))
        self.setMinimumSize(920, 760)
        self.ctx = ctx
        self.shift_id = shift_id
        self.state: ShiftState | None = None
        self.alarms: list[dict[str, Any]] = []

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
        self.handover_button = QPushButton(self.tr("Submit handover"))
        self.handover_button.setObjectName("submitHandoverButton")
        self.handover_button.clicked.connect(self._on_handover_clicked)
        notes_box = QGroupBox(self.tr("Handover notes"))
        notes_layout = QHBoxLayout(notes_box)
        notes_layout.addWidget(self.notes_edit, 1)
        notes_layout.addWidget(self.handover_button, 0, Qt.AlignmentFlag.AlignBottom)

        # Both engineers at the one console: the outgoing is the one logged in.
        self.outgoing_label = QLabel(ctx.user.label)
        self.outgoing_label.setObjectName("outgoingLabel")
        self.outgoing_password = _password_edit("outgoingPassword")
        self.incoming_combo = QComboBox()
        self.incoming_combo.setObjectName("incomingCombo")
        self.incoming_combo.setMinimumContentsLength(12)
        self.incoming_password = _password_edit("incomingPassword")
        self.sign_button = QPushButton(self.tr("Sign"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.setProperty("primary", True)
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.sign_error = QLabel()
        self.sign_error.setObjectName("signError")
        self.sign_error.setProperty("role", "error")
        self.sign_error.setWordWrap(True)
        self.sign_error.hide()
        for edit in (self.outgoing_password, self.incoming_password):
            edit.textChanged.connect(self._on_sign_input_changed)
        self.incoming_combo.currentIndexChanged.connect(self._on_sign_input_changed)
        self.incoming_password.returnPressed.connect(self._on_sign_clicked)
        sign_box = QGroupBox(self.tr("Signatures of both engineers"))
        sign_box.setObjectName("signBox")
        grid = QGridLayout(sign_box)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        grid.addWidget(QLabel(self.tr("Outgoing engineer")), 0, 0)
        grid.addWidget(self.outgoing_label, 0, 1)
        grid.addWidget(QLabel(self.tr("Password")), 0, 2)
        grid.addWidget(self.outgoing_password, 0, 3)
        grid.addWidget(QLabel(self.tr("Incoming engineer")), 1, 0)
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
        self.add_close_row()
        self._load_people()
        self.reload()
        self.notes_edit.setPlainText(self.state.handover_notes if self.state else "")

    @staticmethod
    def _box(content: QListWidget) -> QGroupBox:
        box = QGroupBox()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(content)
        return box

    def _load_people(self) -> None:
        with self.ctx.store.read() as session:
            people = shift_rows.duty_people(session, exclude=self.ctx.user.username)
        self.incoming_combo.addItem(self.tr("Choose the incoming engineer"), None)
        for username, label in people:
            self.incoming_combo.addItem(label, username)

    # -- what is handed over ----------------------------------------------------------------
    def reload(self) -> None:
        with self.ctx.store.read() as session:
            self.state = shift_rows.load_state(session, self.shift_id)
            live_alarms = shift_ops.open_alarms_for(session, self.state.site_id)
        state = self.state
        recorded = state.handover_open if state.status != "open" and state.handover_open else None
        self.alarms = recorded["alarms"] if recorded else live_alarms
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
        self.handover_button.setText(self.tr("Submit handover") if state.status == "open"
                                     else self.tr("Submit handover again"))
        self.handover_button.setEnabled(not state.signed)
        self._on_sign_input_changed()

    def _fill_alarms(self, alarms: list[dict[str, Any]]) -> None:
        self.alarm_list.clear()
        for alarm in alarms:
            acked = self.tr(" (acknowledged by {who})").format(who=alarm["acked_by"]) if alarm.get("acked_by") else ""
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
        return [widget.item(i).text() for i in range(widget.count()) if widget.item(i).flags() != Qt.ItemFlag.NoItemFlags]

    # -- handing over -----------------------------------------------------------------------
    def _on_handover_clicked(self) -> None:
        self.hand_over()

    def hand_over(self) -> bool:
        try:
            with self.ctx.store.write() as session:
                shift_ops.hand_over(session, self.ctx.user, self.shift_id, self.notes_edit.toPlainText())
        except Exception as exc:  # noqa: BLE001
            self.show_sign_error(dialogs.error_text(exc))
            return False
        self.sign_error.hide()
        self.reload()
        self.sig_shift_changed.emit(self.shift_id)
        self.outgoing_password.setFocus()
        return True

    # -- signing ----------------------------------------------------------------------------
    def _on_sign_input_changed(self, *_args: object) -> None:
        ready = bool(self.outgoing_password.text() and self.incoming_password.text()
                     and self.incoming_combo.currentData())
        self.sign_button.setEnabled(ready and self.state is not None and not self.state.signed)

    def _on_sign_clicked(self) -> None:
        if self.sign_button.isEnabled():
            self.sign()

    def show_sign_error(self, text: str) -> None:
        self.sign_error.setText(text)
        self.sign_error.show()

    def _mark(self, edit: QLineEdit, invalid: bool) -> None:
        edit.setProperty("invalid", invalid)
        repolish(edit)

    def sign(self) -> bool:
        """签字: both passwords, then the record is frozen, signed twice and locked."""
        incoming_name = self.incoming_combo.currentData()
        outgoing_pw, incoming_pw = self.outgoing_password.text(), self.incoming_password.text()
        for edit in (self.outgoing_password, self.incoming_password):
            self._mark(edit, False)
        try:
            with self.ctx.store.write() as session:
                incoming = session.scalars(select(User).where(User.username == incoming_name)).one()
                shift_ops.sign_off(session, self.ctx.user, outgoing_pw, incoming, incoming_pw, self.shift_id)
        except AuthError as exc:
            outgoing_wrong = self._outgoing_refused(outgoing_pw)
            edit = self.outgoing_password if outgoing_wrong else self.incoming_password
            who = self.tr("Outgoing engineer") if outgoing_wrong else self.tr("Incoming engineer")
            self._mark(edit, True)
            edit.clear()
            edit.setFocus()
            self.show_sign_error(self.tr("{who}: {message}").format(who=who, message=str(exc)))
            return False
        except ValidationError as exc:
            if exc.field == "items":
                self.reload()
                titles = [r.title for r in self.state.rows if r.required and not r.status] if self.state else []
                self.show_sign_error(self.tr("Not signed: {n} required items are still open: {items}").format(
                    n=len(titles), items="、".join(titles)) if titles else str(exc))
            else:
                self.show_sign_error(str(exc))
            return False
        except OpError as exc:
            self.show_sign_error(str(exc))
            self.reload()
            return False
        except Exception as exc:  # noqa: BLE001
            self.show_sign_error(dialogs.error_text(exc))
            return False
        self.sig_shift_changed.emit(self.shift_id)
        self.accept()
        return True

    def _outgoing_refused(self, password: str) -> bool:
        """Which signer the refusal was about: the operation checks the outgoing first."""
        with self.ctx.store.read() as session:
            user = session.get(User, self.ctx.user.id)
            locked = user is not None and user.locked_until is not None and user.locked_until > clock.now()
            return user is None or user.disabled or locked or not user.check_password(password)
