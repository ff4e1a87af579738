"""维护窗口: planned work on a unit (a UPS discharge test) for some hours, with a
reason; alarms it raises meanwhile are expected and shown in grey (R-ENV-4)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from opsdesk.ops import alarms as alarm_ops
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write, failure_text

DEFAULT_HOURS = 2.0
MAX_HOURS = 24 * 7  # the operation's own limit


class MaintenanceDialog(QDialog):
    """Open a maintenance window on one unit."""

    sig_maintenance_opened = Signal(int)
    """Id of the unit the window was opened on."""

    def __init__(self, ctx: ConsoleContext, unit_id: int, unit_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("maintenanceDialog")
        self.setWindowTitle(self.tr("Maintenance window"))
        self.setMinimumWidth(460)
        self.ctx = ctx
        self.unit_id = unit_id

        intro = QLabel(self.tr("Alarms this device raises during the window are expected: they are recorded, "
                               "shown in grey and not counted in the banner."))
        intro.setObjectName("hintLabel")
        intro.setWordWrap(True)
        self.unit_label = QLabel(unit_label)
        self.unit_label.setObjectName("maintenanceUnit")
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setObjectName("hoursSpin")
        self.hours_spin.setRange(0.5, MAX_HOURS)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setValue(DEFAULT_HOURS)
        self.hours_spin.setSuffix(self.tr(" hours"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("e.g. UPS battery discharge test"))
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        self.error_label = QLabel()
        self.error_label.setObjectName("maintenanceError")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start maintenance"))
        self.ok_button.setObjectName("maintenanceOkButton")
        self.ok_button.setProperty("primary", True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Device"), self.unit_label)
        form.addRow(self.tr("Duration"), self.hours_spin)
        form.addRow(self.tr("Reason"), self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._on_reason_changed()

    def _on_reason_changed(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.reason_edit.text().strip()))

    def _on_ok_clicked(self) -> None:
        self.submit()

    def submit(self) -> bool:
        """Open the window, off the GUI thread (OK busy meanwhile); a refusal is said inside."""
        user, unit_id, hours, reason = self.ctx.user, self.unit_id, self.hours_spin.value(), self.reason_edit.text()

        def open_window(session) -> None:
            alarm_ops.open_maintenance(session, user, unit_id, hours, reason)

        Write(self, self.ctx.store, open_window, button=self.ok_button, feed=live_feed(self.ctx.store)) \
            .success(self._on_opened).failure(self._on_refused).run()
        return True

    def _on_opened(self, _result) -> None:
        self.sig_maintenance_opened.emit(self.unit_id)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self.error_label.setText(failure_text(exc, log_bug=False))
        self.error_label.show()
