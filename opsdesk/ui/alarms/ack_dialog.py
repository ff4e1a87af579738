"""确认告警: a named person takes an alarm in hand and says what was done.

OK stays disabled until a note is typed; what the operation refuses (no note,
acknowledged by someone else meanwhile) is shown inside the dialog."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.errors import ConflictError, OpError
from opsdesk.ui import dialogs
from opsdesk.ui.alarms.events import alarm_events
from opsdesk.ui.alarms.rows import AlarmRow, load_row
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import SEVERITY_COLOURS, severity_label


class AckDialog(QDialog):
    """Acknowledge one alarm with a note."""

    sig_alarm_acknowledged = Signal(int)
    """Id of the alarm that was acknowledged."""

    def __init__(self, ctx: ConsoleContext, row: AlarmRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ackDialog")
        self.setWindowTitle(self.tr("Acknowledge alarm"))
        self.setMinimumWidth(520)
        self.ctx = ctx
        self.row = row

        self.severity_label = QLabel()
        self.severity_label.setObjectName("ackSeverity")
        self.message_label = QLabel()
        self.message_label.setObjectName("ackMessage")
        self.message_label.setWordWrap(True)
        self.device_label = QLabel()
        self.raised_label = QLabel()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("ackNote")
        self.note_edit.setPlaceholderText(self.tr("What was done, e.g. called the air-conditioning vendor, started the standby unit"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.note_edit.textChanged.connect(self._on_note_changed)
        self.error_label = QLabel()
        self.error_label.setObjectName("ackError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Acknowledge"))
        self.ok_button.setObjectName("ackOkButton")
        self.ok_button.setProperty("primary", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.severity_label)
        badge_row.addStretch(1)
        form.addRow(self.tr("Severity"), badge_row)
        form.addRow(self.tr("Alarm"), self.message_label)
        form.addRow(self.tr("Device"), self.device_label)
        form.addRow(self.tr("Raised"), self.raised_label)
        form.addRow(self.tr("Note"), self.note_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._show_row(row)
        self._on_note_changed()

    def _show_row(self, row: AlarmRow) -> None:
        self.row = row
        bg, fg = SEVERITY_COLOURS.get(row.severity, SEVERITY_COLOURS["warning"])
        self.severity_label.setText(severity_label(row.severity))
        self.severity_label.setStyleSheet(f"background:{bg.name()};color:{fg.name()};font-weight:bold;"
                                          "padding:2px 10px;border-radius:3px;")
        self.message_label.setText(row.text)
        self.device_label.setText(" · ".join(p for p in (row.device_label, row.site) if p))
        self.raised_label.setText(format_local(row.raised_at, seconds=True))

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def _on_note_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.note().strip()))

    def _on_ok_clicked(self) -> None:
        self.submit()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def submit(self) -> bool:
        """Acknowledge with the typed note; the operation decides what is refused."""
        try:
            with self.ctx.store.write() as session:
                alarm_ops.acknowledge(session, self.ctx.user, self.row.id, self.note(), expected_version=self.row.version)
        except ConflictError:
            # Changed by the poller meanwhile (escalated, or cleared): show what it is now.
            with self.ctx.store.read() as session:
                fresh = load_row(session, self.row.id)
            if fresh is not None:
                self._show_row(fresh)
            self.show_error(self.tr("The alarm changed in the meantime (see above). Check it, then acknowledge again."))
            return False
        except OpError as exc:
            self.show_error(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - permission, database: shown, never a crash
            self.show_error(dialogs.error_text(exc))
            return False
        self.sig_alarm_acknowledged.emit(self.row.id)
        alarm_events().sig_alarms_changed.emit()
        self.accept()
        return True
