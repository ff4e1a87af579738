"""实时状态 of one unit: who it is and where, what the poller last heard (status,
time, 维护中), its live readings and its last 20 alarms. Refreshes itself while open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.models.users import Perm
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.device_snapshot import RECENT_ALARMS, DeviceSnapshot, load_snapshot
from opsdesk.ui import dialogs
from opsdesk.ui.alarm_table import AlarmTableModel
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.device.readings import ReadingsTree, ReadingsTreeModel
from opsdesk.ui.labels import device_status_css, device_status_label
from opsdesk.ui.live_feed import ALARM_KINDS, READING_KINDS, live_feed
from opsdesk.ui.operations import Write, reading
from opsdesk.ui.worker import LatestRead

if TYPE_CHECKING:  # imported when first opened
    from opsdesk.ui.device.maintenance_dialog import MaintenanceDialog
    from opsdesk.ui.device.profile_wizard import ProfileWizard

ALARM_COLUMNS = ("severity", "raised", "message", "acked", "cleared")
BADGE_CSS = "padding:2px 10px;border-radius:3px;font-weight:bold;"


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class DevicePanel(QDialog):
    """Live state of one unit, opened from the register and from the alarm list."""

    sig_device_refreshed = Signal(int)
    """Id of the unit, after each (re)load."""

    def __init__(self, ctx: ConsoleContext, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("devicePanel")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.ctx = ctx
        self.unit_id = unit_id
        self.snapshot: DeviceSnapshot | None = None
        self.maintenance_dialog: MaintenanceDialog | None = None
        self.profile_wizard: ProfileWizard | None = None
        self.resize(960, 680)

        self.tag_label = QLabel()
        self.tag_label.setObjectName("deviceTag")
        self.name_label = QLabel()
        self.name_label.setObjectName("deviceName")
        self.model_label = QLabel()
        self.place_label = QLabel()
        self.place_label.setObjectName("devicePlace")
        self.ip_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("deviceStatus")
        self.maintenance_label = QLabel()
        self.maintenance_label.setObjectName("maintenanceBadge")
        self.poll_label = QLabel()
        self.poll_label.setObjectName("devicePoll")
        self.message_label = QLabel()
        self.message_label.setObjectName("deviceMessage")
        self.message_label.setProperty("role", "error")
        self.message_label.setWordWrap(True)

        header = QGroupBox(self.tr("Device"))
        grid = QGridLayout(header)
        grid.setHorizontalSpacing(16)
        title_row = QHBoxLayout()
        title_row.setSpacing(12)
        title_row.addWidget(self.tag_label)
        title_row.addWidget(self.name_label)
        title_row.addSpacing(8)
        title_row.addWidget(self.status_label)
        title_row.addWidget(self.maintenance_label)
        title_row.addStretch(1)
        grid.addLayout(title_row, 0, 0, 1, 4)
        for row, (caption, widget) in enumerate(((self.tr("Model"), self.model_label),
                                                 (self.tr("Location"), self.place_label)), start=1):
            grid.addWidget(QLabel(caption), row, 0)
            grid.addWidget(widget, row, 1)
        for row, (caption, widget) in enumerate(((self.tr("Management IP"), self.ip_label),
                                                 (self.tr("Last poll"), self.poll_label)), start=1):
            grid.addWidget(QLabel(caption), row, 2)
            grid.addWidget(widget, row, 3)
        grid.addWidget(self.message_label, 3, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.readings_model = ReadingsTreeModel(self)
        self.readings_table = ReadingsTree(self.readings_model)
        self.readings_table.setObjectName("readingsTable")
        self.readings_table.setColumnWidth(0, 340)
        self.readings_table.setColumnWidth(1, 260)
        self.no_readings_label = QLabel(self.tr("No readings yet: the device has no management address or "
                                                "SNMP settings, or the poller has not reached it."))
        self.no_readings_label.setObjectName("hintLabel")
        self.no_readings_label.setWordWrap(True)
        readings_box = QGroupBox(self.tr("Live readings"))
        readings_layout = QVBoxLayout(readings_box)
        readings_layout.addWidget(self.no_readings_label)
        readings_layout.addWidget(self.readings_table, 1)

        self.alarms_model = AlarmTableModel(ALARM_COLUMNS, self)
        self.alarms_table = _table("deviceAlarmsTable")
        self.alarms_table.setModel(self.alarms_model)
        for column, width in enumerate((104, 150, 0, 190, 150)):
            if width:
                self.alarms_table.setColumnWidth(column, width)
        alarms_header = self.alarms_table.horizontalHeader()
        alarms_header.setStretchLastSection(False)
        alarms_header.setSectionResizeMode(self.alarms_model.column_of("message"), QHeaderView.ResizeMode.Stretch)
        alarms_box = QGroupBox(self.tr("Recent alarms (last {n})").format(n=RECENT_ALARMS))
        alarms_layout = QVBoxLayout(alarms_box)
        alarms_layout.addWidget(self.alarms_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(readings_box)
        splitter.addWidget(alarms_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.maintenance_button = QPushButton(self.tr("&Maintenance window…"))
        self.maintenance_button.setObjectName("maintenanceButton")
        self.maintenance_button.clicked.connect(self._on_maintenance_clicked)
        self.end_maintenance_button = QPushButton(self.tr("End maintenance"))
        self.end_maintenance_button.setObjectName("endMaintenanceButton")
        self.end_maintenance_button.clicked.connect(self._on_end_maintenance_clicked)
        for button in (self.maintenance_button, self.end_maintenance_button):
            button.setVisible(ctx.can(Perm.EDIT_DEVICE))
        # every user may draft and look; saving needs a supervisor or administrator (the wizard says so)
        self.wizard_button = QPushButton(self.tr("Device type &wizard…"))
        self.wizard_button.setObjectName("profileWizardButton")
        self.wizard_button.setToolTip(self.tr("Add this device's type from the vendor's MIB files and a walk of "
                                              "the device."))
        self.wizard_button.clicked.connect(self._on_wizard_clicked)
        self.wizard_button.setEnabled(False)  # until the device is read: the wizard starts from it
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.reload)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.maintenance_button)
        bottom.addWidget(self.end_maintenance_button)
        bottom.addWidget(self.wizard_button)
        bottom.addStretch(1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._read = LatestRead(self.reload, self._show, self._on_read_failed)
        self._hidden_since_read = False
        self._feed = live_feed(ctx.store)
        self._feed.sig_cycle_completed.connect(self._on_cycle_completed)
        self._feed.sig_records_changed.connect(self._on_records_changed)
        self.reload()  # the window opens at once and fills when the read comes

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the device again off the GUI thread (the feed calls this after each poll cycle)."""
        store, ctx, unit_id = self.ctx.store, self.ctx, self.unit_id

        self._read.start(reading(store, lambda session: load_snapshot(session, ctx.user, unit_id)))

    def _on_cycle_completed(self, _snapshot) -> None:
        if self.isVisible():
            self.reload()

    def _on_records_changed(self, kind: str) -> None:
        if self.isVisible() and (kind in ALARM_KINDS or kind in READING_KINDS or kind in ("unit", "register_line")):
            self.reload()

    def _on_read_failed(self, exc: BaseException) -> None:
        """Said in the window (a unit deleted meanwhile, a busy database); the next cycle tries again."""
        self.message_label.setText(dialogs.error_text(exc))
        self.message_label.show()

    def _show(self, snap) -> None:
        self.snapshot = snap
        self.setWindowTitle(self.tr("Live status: {device}").format(device=snap.label))
        self.tag_label.setText(snap.asset_tag)
        self.name_label.setText(snap.name)
        self.model_label.setText(snap.model or "—")
        self.place_label.setText(snap.place)
        self.ip_label.setText(snap.mgmt_ip or self.tr("none"))
        self.status_label.setText(device_status_label(snap.status))
        self.status_label.setStyleSheet(device_status_css(snap.status) + BADGE_CSS)
        in_window = snap.maintenance_id is not None
        self.maintenance_label.setVisible(in_window)
        if in_window:
            self.maintenance_label.setText(self.tr("In maintenance until {time}").format(
                time=format_local(snap.maintenance_until)))
            self.maintenance_label.setToolTip(snap.maintenance_reason)
        self.poll_label.setText(
            format_local(snap.last_poll_at, seconds=True) if snap.last_poll_at else self.tr("never"))
        self.message_label.setText(snap.message)
        self.message_label.setVisible(bool(snap.message))
        self.readings_model.set_rows(list(snap.readings))
        self.no_readings_label.setVisible(not snap.readings)
        self.alarms_model.set_rows(list(snap.alarms))
        self.wizard_button.setEnabled(True)
        may_edit = self.ctx.can(Perm.EDIT_DEVICE)
        self.maintenance_button.setVisible(may_edit and not in_window)
        self.end_maintenance_button.setVisible(may_edit and in_window)
        self.sig_device_refreshed.emit(self.unit_id)

    # -- maintenance ----------------------------------------------------------------------
    def open_maintenance(self) -> MaintenanceDialog:
        from opsdesk.ui.device.maintenance_dialog import MaintenanceDialog

        label = self.snapshot.label if self.snapshot else ""
        if self.maintenance_dialog is not None:
            self.maintenance_dialog.deleteLater()
        dialog = self.maintenance_dialog = MaintenanceDialog(self.ctx, self.unit_id, label, parent=self)
        dialog.open()
        return dialog

    # -- device type wizard ---------------------------------------------------------------
    def open_profile_wizard(self) -> ProfileWizard:
        from opsdesk.ui.device.profile_wizard import DeviceInfo, ProfileWizard

        snap = self.snapshot
        info = DeviceInfo(self.unit_id, snap.asset_tag if snap else "", snap.model if snap else "",
                          snap.mgmt_ip if snap else "", snap.profiles if snap else ())
        if self.profile_wizard is not None:
            self.profile_wizard.deleteLater()
        wizard = self.profile_wizard = ProfileWizard(self.ctx, info, parent=self)
        wizard.open()
        return wizard

    def _on_wizard_clicked(self) -> None:
        self.open_profile_wizard()

    def end_maintenance(self) -> bool:
        if self.snapshot is None or self.snapshot.maintenance_id is None:
            return False
        user, window_id = self.ctx.user, self.snapshot.maintenance_id
        Write(self, self.ctx.store, lambda session: alarm_ops.close_maintenance(session, user, window_id),
              button=self.end_maintenance_button, feed=live_feed(self.ctx.store)).run()
        return True

    def _on_maintenance_clicked(self) -> None:
        self.open_maintenance()

    def _on_end_maintenance_clicked(self) -> None:
        self.end_maintenance()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._hidden_since_read:
            self._hidden_since_read = False
            self.reload()  # what changed while it was hidden

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._hidden_since_read = True

    def closeEvent(self, event: QCloseEvent) -> None:
        # Kept as a Python override: without it, closing the window that owns this panel
        # (alarm list, register form) freed the panel while its wrapper was still listed for
        # closing, and the second close raised "already deleted" (seen in the UI suite).
        super().closeEvent(event)
