"""确认告警: a named person takes an alarm in hand and says what was done — one
alarm, or a device's cleared, unacknowledged alarms together with one note.

OK stays disabled until a note is typed; Enter (or Ctrl+Enter) in the note
confirms, Shift+Enter starts a new line, Esc cancels. What the operation refuses
(no note, acknowledged by someone else meanwhile) is shown inside the dialog."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.models.users import PermissionDenied
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.alarm_rows import AlarmRow, load_row
from opsdesk.ops.errors import ConflictError, OpError
from opsdesk.ui.alarm_table import state_text
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import SEVERITY_COLOURS, severity_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write, failure_text

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class _NoteDialog(QDialog):
    """The note, the buttons and the inline error every acknowledgement shares; a
    subclass says what is acknowledged in ``submit() -> bool``. Its texts are the
    acknowledgement's (context "AckDialog"), whichever dialog shows them."""

    ctx: ConsoleContext  # set by each subclass

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(520)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("ackNote")
        self.note_edit.setPlaceholderText(QCoreApplication.translate(
            "AckDialog", "What was done, e.g. called the air-conditioning vendor, started the standby unit"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.note_edit.textChanged.connect(self._on_note_changed)
        self.note_edit.installEventFilter(self)
        self.hint_label = QLabel(QCoreApplication.translate(
            "AckDialog", "Enter acknowledges · Shift+Enter starts a new line · Esc cancels"))
        self.hint_label.setObjectName("ackHint")
        self.hint_label.setProperty("role", "hint")
        self.error_label = QLabel()
        self.error_label.setObjectName("ackError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(QCoreApplication.translate("AckDialog", "Acknowledge"))
        self.ok_button.setObjectName("ackOkButton")
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(True)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(QCoreApplication.translate("AckDialog", "Cancel"))
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

    def _finish_layout(self, form: QFormLayout, *extra: QWidget) -> None:
        form.addRow(QCoreApplication.translate("AckDialog", "Note"), self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for widget in extra:
            layout.addWidget(widget)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.note_edit.setFocus()
        self._on_note_changed()

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def submit(self) -> bool:
        """Acknowledge what the dialog is about; False when refused before anything is written."""
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter or Ctrl+Enter in the note confirms (the note is a line or two; a plain
        text edit would otherwise swallow the key); Shift+Enter is a new line."""
        if watched is self.note_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in ENTER_KEYS and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                if self.ok_button.isEnabled():
                    self.submit()
                return True
        return super().eventFilter(watched, event)

    def _on_note_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.note().strip()))

    def _on_ok_clicked(self) -> None:
        self.submit()

    def _note_ok(self) -> bool:
        """What can be refused before anything is written: no note, no right to acknowledge."""
        try:
            alarm_ops.check_note(self.ctx.user, self.note())
        except (OpError, PermissionDenied) as exc:
            self.show_error(str(exc))
            return False
        return True

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


class AckDialog(_NoteDialog):
    """Acknowledge one alarm with a note."""

    sig_alarm_acknowledged = Signal(int)
    """Id of the alarm that was acknowledged."""

    def __init__(self, ctx: ConsoleContext, row: AlarmRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ackDialog")
        self.setWindowTitle(self.tr("Acknowledge alarm"))
        self.ctx = ctx
        self.row = row

        self.severity_label = QLabel()
        self.severity_label.setObjectName("ackSeverity")
        self.state_label = QLabel()
        self.state_label.setObjectName("ackState")
        self.message_label = QLabel()
        self.message_label.setObjectName("ackMessage")
        self.message_label.setWordWrap(True)
        self.device_label = QLabel()
        self.raised_label = QLabel()

        form = QFormLayout()
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.severity_label)
        badge_row.addWidget(self.state_label)
        badge_row.addStretch(1)
        form.addRow(self.tr("Severity"), badge_row)
        form.addRow(self.tr("Alarm"), self.message_label)
        form.addRow(self.tr("Device"), self.device_label)
        form.addRow(self.tr("Raised"), self.raised_label)
        self._show_row(row)
        self._finish_layout(form)

    def _show_row(self, row: AlarmRow) -> None:
        self.row = row
        bg, fg = SEVERITY_COLOURS.get(row.severity, SEVERITY_COLOURS["warning"])
        self.severity_label.setText(severity_label(row.severity))
        self.severity_label.setStyleSheet(f"background:{bg.name()};color:{fg.name()};font-weight:bold;"
                                          "padding:2px 10px;border-radius:3px;")
        self.state_label.setText(state_text(row))
        self.message_label.setText(row.text)
        self.device_label.setText(" · ".join(p for p in (row.device_label, row.site) if p))
        raised = format_local(row.last_raised_at, seconds=True)
        if row.occurrences > 1:
            raised = self.tr("{last} (raised {n} times since {first})").format(
                last=raised, n=row.occurrences, first=format_local(row.raised_at, seconds=True))
        self.raised_label.setText(raised)

    def submit(self) -> bool:
        """Acknowledge with the typed note, off the GUI thread (OK busy meanwhile); the operation
        decides what is refused, and that is said inside the dialog. False when refused at once
        (no note, no right); otherwise the answer comes as sig_alarm_acknowledged or an error."""
        if not self._note_ok():
            return False
        user, alarm_id, note, version = self.ctx.user, self.row.id, self.note(), self.row.version

        def acknowledge(session):
            alarm_ops.acknowledge(session, user, alarm_id, note, expected_version=version)

        Write(self, self.ctx.store, acknowledge, button=self.ok_button, feed=live_feed(self.ctx.store)) \
            .success(self._on_acknowledged).failure(self._on_refused).run()
        return True

    def _on_acknowledged(self, _result) -> None:
        self.sig_alarm_acknowledged.emit(self.row.id)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            # Changed by the poller or another console meanwhile (escalated, cleared, acknowledged):
            # show what it is now, then say why.
            alarm_id = self.row.id
            Query(self, self.ctx.store, lambda session: load_row(session, alarm_id)) \
                .success(self._on_fresh_row).run()
            self.show_error(self.tr("The alarm changed in the meantime (see above). Check it, then acknowledge again."))
            return
        self.show_error(failure_text(exc, log_bug=False))

    def _on_fresh_row(self, fresh: AlarmRow | None) -> None:
        if fresh is not None:
            self._show_row(fresh)


class DeviceAckDialog(_NoteDialog):
    """Acknowledge a device's cleared, unacknowledged alarms together with one note
    (a UPS or a KVM that keeps dropping out and coming back is looked at once)."""

    sig_alarms_acknowledged = Signal(list)
    """Ids of the alarms that were acknowledged."""

    def __init__(self, ctx: ConsoleContext, rows: list[AlarmRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deviceAckDialog")
        self.setWindowTitle(self.tr("Acknowledge the device's cleared alarms"))
        self.ctx = ctx
        self.rows = list(rows)

        first = self.rows[0]
        self.device_label = QLabel(" · ".join(p for p in (first.device_label, first.site) if p))
        self.device_label.setObjectName("deviceAckDevice")
        self.alarm_list = QListWidget()
        self.alarm_list.setObjectName("deviceAckList")
        self.alarm_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # shown, not chosen: Tab goes note → buttons
        for row in self.rows:
            times = self.tr(" ×{n}").format(n=row.occurrences) if row.occurrences > 1 else ""
            self.alarm_list.addItem(f"{severity_label(row.severity)}  {format_local(row.last_raised_at, seconds=True)}"
                                    f"  {row.text}{times}")
        self.alarm_list.setFixedHeight(min(6, len(self.rows)) * 26 + 8)
        form = QFormLayout()
        form.addRow(self.tr("Device"), self.device_label)
        form.addRow(self.tr("Alarms"), QLabel(self.tr("{n} cleared before anyone acknowledged them").format(
            n=len(self.rows))))
        form.addRow("", self.alarm_list)
        self._finish_layout(form)

    def submit(self) -> bool:
        """As AckDialog.submit, for every listed alarm of the device."""
        if not self._note_ok():
            return False
        user, ids, note = self.ctx.user, [r.id for r in self.rows], self.note()

        def acknowledge(session) -> list[int]:
            return [a.id for a in alarm_ops.acknowledge_many(session, user, ids, note)]

        Write(self, self.ctx.store, acknowledge, button=self.ok_button, feed=live_feed(self.ctx.store)) \
            .success(self._on_acknowledged).failure(lambda exc: self.show_error(failure_text(exc, log_bug=False))).run()
        return True

    def _on_acknowledged(self, done: list[int]) -> None:
        self.sig_alarms_acknowledged.emit(done)
        self.accept()
