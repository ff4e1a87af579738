"""告警: the duty room's alarm list. 当前告警 (not yet cleared, or cleared before
anyone acknowledged it: 已恢复·未确认) and 历史 (30 days), filtered by severity, site
and device; acknowledge with a note (one alarm, or a device's cleared ones
together), open a device's live state, start a maintenance window. Refreshes
itself every few seconds while shown, keeping the selected alarm selected.

Keyboard: arrows choose an alarm, Enter acknowledges it (or opens the device when
it is acknowledged already), Alt+A / Alt+D / Alt+L / Alt+M are the buttons."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models.users import Perm
from opsdesk.ops.alarm_rows import HISTORY_LIMIT, AlarmRow, load_rows
from opsdesk.ops.register_rows import SiteRow, site_rows
from opsdesk.ui import dialogs
from opsdesk.ui.alarm_table import ALARM_ID_ROLE, ALL_COLUMNS, DEVICE_TEXT_ROLE, SORT_ROLE, AlarmTableModel
from opsdesk.ui.alarms.ack_dialog import AckDialog, DeviceAckDialog
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import severity_label
from opsdesk.ui.live_feed import ALARM_KINDS, live_feed
from opsdesk.ui.operations import Query, reading
from opsdesk.ui.worker import run_in_background

if TYPE_CHECKING:  # imported when first opened
    from opsdesk.ui.device.maintenance_dialog import MaintenanceDialog
    from opsdesk.ui.device.panel import DevicePanel

ROW_HEIGHT = 30
# The message takes what is left; the rest fit their contents (times with seconds).
COLUMN_WIDTHS = {"severity": 96, "state": 116, "raised": 150, "device": 220, "site": 110, "value": 72, "limits": 84,
                 "count": 56, "acked": 180, "note": 180, "cleared": 150}
MESSAGE_MIN_WIDTH = 320
TAB_ACTIVE, TAB_HISTORY = 0, 1


def _discard(window: QWidget | None) -> None:
    """Close a dialog that a new one replaces, and free it."""
    if window is not None:
        window.close()
        window.deleteLater()


class AlarmsPanel(QWidget):
    """The alarm list for everyone; acknowledging needs ACK_ALARM, maintenance EDIT_DEVICE."""

    sig_alarms_loaded = Signal(int)
    """Number of alarms listed after a reload (before the device text filter)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ack_dialog: AckDialog | DeviceAckDialog | None = None
        self.maintenance_dialog: MaintenanceDialog | None = None
        self.device_panel: DevicePanel | None = None

        title = QLabel(self.tr("Alarms"))
        title.setObjectName("panelTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.tabs = QTabBar()
        self.tabs.setObjectName("alarmTabs")
        self.tabs.setDrawBase(False)
        self.tabs.addTab(self.tr("Active alarms"))
        self.tabs.addTab(self.tr("History (30 days)"))
        self.tabs.currentChanged.connect(self._on_tab_changed)

        self.severity_combo = QComboBox()
        self.severity_combo.setObjectName("severityCombo")
        self.severity_combo.addItem(self.tr("All severities"), None)
        for code in ("critical", "warning"):
            self.severity_combo.addItem(severity_label(code), code)
        self.severity_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("siteCombo")
        self.site_combo.addItem(self.tr("All sites"), None)
        self.site_combo.setMinimumContentsLength(8)
        self.site_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.device_edit = QLineEdit()
        self.device_edit.setObjectName("deviceFilterEdit")
        self.device_edit.setClearButtonEnabled(True)
        self.device_edit.setPlaceholderText(self.tr("Device: asset tag or name…"))
        self.device_edit.textChanged.connect(self._on_device_text_changed)

        self.model = AlarmTableModel(ALL_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterRole(DEVICE_TEXT_ROLE)
        self.proxy.setFilterKeyColumn(self.model.column_of("device"))
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("alarmTable")
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # newest first until sorted
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, key in enumerate(ALL_COLUMNS):
            if key in COLUMN_WIDTHS:
                self.table.setColumnWidth(column, COLUMN_WIDTHS[key])
        header.setMinimumSectionSize(60)
        # The alarm's text takes what the other columns leave, never less than MESSAGE_MIN_WIDTH
        # (the table scrolls sideways then): a stretched section squeezed to 60 px said nothing.
        header.sectionResized.connect(self._on_section_resized)
        self.table.doubleClicked.connect(self._on_row_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.installEventFilter(self)  # Enter on a row acknowledges it
        self.setFocusProxy(self.table)  # a panel switched to by keyboard starts on the list

        self.ack_button = self._button(self.tr("&Acknowledge…"), "ackButton", self._on_ack_clicked, Perm.ACK_ALARM,
                                       primary=True)
        self.device_ack_button = self._button(self.tr("Acknowledge the &device's cleared alarms…"), "deviceAckButton",
                                              self._on_device_ack_clicked, Perm.ACK_ALARM)
        self.device_ack_button.setToolTip(self.tr(
            "Acknowledge together, with one note, every alarm of the selected device that cleared "
            "before anyone acknowledged it (a device that keeps dropping out and coming back)."))
        self.device_button = self._button(self.tr("&Live status"), "deviceButton", self._on_device_clicked,
                                          Perm.VIEW_REGISTER)
        self.maintenance_button = self._button(self.tr("&Maintenance window…"), "maintenanceButton",
                                               self._on_maintenance_clicked, Perm.EDIT_DEVICE)
        self.refresh_button = self._button(self.tr("Refresh"), "refreshButton", self.reload, Perm.VIEW_REGISTER)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.severity_combo)
        filters.addWidget(self.site_combo)
        filters.addWidget(self.device_edit, 1)
        buttons = QHBoxLayout()
        for button in (self.ack_button, self.device_ack_button, self.device_button, self.maintenance_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        # Tab: the list right after the filters (then the buttons), as one works through it.
        chain = (self.tabs, self.severity_combo, self.site_combo, self.device_edit, self.table, self.ack_button,
                 self.device_ack_button, self.device_button, self.maintenance_button, self.refresh_button)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self._generation, self._fetching = 0, 0  # reads out
        self._feed = live_feed(ctx.store)
        self._feed.sig_records_changed.connect(self._on_records_changed)
        self._load_sites()
        self.reload()

    def _button(self, text: str, name: str, slot, perm: Perm, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self)  # with its parent: a parentless widget made visible is a window
        button.setObjectName(name)
        if primary:
            button.setProperty("primary", True)
        button.clicked.connect(slot)
        allowed = self.ctx.can(perm)  # a role without the right does not see the action; the op checks again
        if not allowed:  # setVisible(True) on a button not yet in a layout would show it as a window
            button.hide()
        button.setEnabled(allowed)
        return button

    # -- loading --------------------------------------------------------------------------
    @property
    def history(self) -> bool:
        return self.tabs.currentIndex() == TAB_HISTORY

    def _load_sites(self) -> None:
        Query(self, self.ctx.store, site_rows).success(self._fill_sites).run()

    def _fill_sites(self, sites: list[SiteRow]) -> None:
        current = self.site_combo.currentData()
        self.site_combo.blockSignals(True)
        while self.site_combo.count() > 1:
            self.site_combo.removeItem(1)
        for site in sites:
            self.site_combo.addItem(site.name, site.id)
        self.site_combo.setCurrentIndex(max(self.site_combo.findData(current), 0))
        self.site_combo.blockSignals(False)

    def reload(self) -> None:
        """Read the alarms again, off the GUI thread; the selected alarm stays selected if still
        listed. The newest reload wins: an answer overtaken by a newer one is dropped."""
        self._generation += 1
        generation, fetch = self._generation, self._fetch()
        self._fetching += 1
        run_in_background(lambda: (generation, fetch()), self._on_fetched, self._on_fetch_failed)

    def reload_in_background(self) -> None:
        """The periodic refresh (the feed's): skipped while a read is out, whose answer comes anyway."""
        if self._fetching:
            return
        self.reload()

    def _fetch(self):
        store, user, history = self.ctx.store, self.ctx.user, self.history
        severity, site_id = self.severity_combo.currentData(), self.site_combo.currentData()

        return reading(store, lambda session: load_rows(session, user, history=history, severity=severity,
                                                        site_id=site_id))

    def _on_fetched(self, result: tuple[int, list[AlarmRow]]) -> None:
        self._fetching -= 1
        generation, rows = result
        if generation == self._generation:
            self._apply_rows(rows)

    def _on_fetch_failed(self, exc: BaseException) -> None:
        self._fetching -= 1
        self.count_label.setText(dialogs.error_text(exc))

    def _apply_rows(self, rows: list[AlarmRow]) -> None:
        selected = self.selected_alarm_id()
        self.model.set_rows(rows)
        # Active alarms have not cleared: their 恢复时间 column would always be empty.
        self.table.setColumnHidden(self.model.column_of("cleared"), not self.history)
        if selected is not None and self.selected_alarm_id() != selected:
            self.select_alarm(selected)
        self._show_count()
        self._on_selection_changed()
        self.sig_alarms_loaded.emit(len(rows))

    def _show_count(self) -> None:
        shown = self.proxy.rowCount()
        if self.history and self.model.rowCount() >= HISTORY_LIMIT:
            text = self.tr("The newest {n} alarms of the last 30 days").format(n=shown)
        elif self.history:
            text = self.tr("{n} alarms in the last 30 days").format(n=shown)
        elif shown:
            # Counted like the banner: expected alarms (maintenance) wait for nobody.
            waiting = sum(1 for r in self.visible_rows() if not r.acked and not r.in_maintenance)
            text = self.tr("{n} active, {m} to acknowledge").format(n=shown, m=waiting)
        else:
            text = self.tr("No active alarms")
        self.count_label.setText(text)

    # -- what tests and other screens ask --------------------------------------------------
    def visible_rows(self) -> list[AlarmRow]:
        """Rows in the order the table shows them (after filter and sort)."""
        return [self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
                for r in range(self.proxy.rowCount())]

    def selected_row(self) -> AlarmRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def selected_alarm_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select_alarm(self, alarm_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ALARM_ID_ROLE) == alarm_id:
                self.table.selectRow(row)
                return True
        return False

    def show_history(self, history: bool) -> None:
        self.tabs.setCurrentIndex(TAB_HISTORY if history else TAB_ACTIVE)

    # -- actions --------------------------------------------------------------------------
    def may_acknowledge(self, row: AlarmRow | None) -> bool:
        return row is not None and not row.acked and self.ctx.can(Perm.ACK_ALARM)

    def device_cleared_rows(self, row: AlarmRow | None) -> list[AlarmRow]:
        """The listed alarms of the row's device that cleared unacknowledged and still wait."""
        if row is None:
            return []
        return sorted((r for r in self.model.rows() if r.unit_id == row.unit_id and r.cleared_unacked),
                      key=lambda r: (r.raised_at, r.id))

    def acknowledge_device_cleared(self) -> DeviceAckDialog | None:
        """One note for every cleared, unacknowledged alarm of the selected alarm's device."""
        rows = self.device_cleared_rows(self.selected_row())
        if not rows or not self.ctx.can(Perm.ACK_ALARM):
            return None
        _discard(self.ack_dialog)
        dialog = self.ack_dialog = DeviceAckDialog(self.ctx, rows, parent=self)
        dialog.open()
        return dialog

    def acknowledge_selected(self) -> AckDialog | None:
        row = self.selected_row()
        if row is None or not self.may_acknowledge(row):
            return None
        _discard(self.ack_dialog)
        dialog = self.ack_dialog = AckDialog(self.ctx, row, parent=self)
        dialog.open()
        return dialog

    def open_device(self, unit_id: int) -> DevicePanel:
        from opsdesk.ui.device.panel import DevicePanel

        panel = DevicePanel(self.ctx, unit_id, parent=self)  # a unit deleted meanwhile says so in it
        _discard(self.device_panel)
        self.device_panel = panel
        panel.show()
        return panel

    def open_maintenance(self) -> MaintenanceDialog | None:
        from opsdesk.ui.device.maintenance_dialog import MaintenanceDialog

        row = self.selected_row()
        if row is None or not self.ctx.can(Perm.EDIT_DEVICE):
            return None
        _discard(self.maintenance_dialog)
        dialog = self.maintenance_dialog = MaintenanceDialog(self.ctx, row.unit_id, row.device_label, parent=self)
        dialog.open()
        return dialog

    # -- handlers -------------------------------------------------------------------------
    def _on_tab_changed(self, _index: int) -> None:
        self.reload()

    def _on_filter_changed(self, *_args: object) -> None:
        self.reload()

    def _on_device_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._show_count()
        self._on_selection_changed()

    def _on_selection_changed(self, *_args: object) -> None:
        row = self.selected_row()
        self.ack_button.setEnabled(self.may_acknowledge(row))
        self.device_ack_button.setEnabled(bool(self.device_cleared_rows(row)) and self.ctx.can(Perm.ACK_ALARM))
        self.device_button.setEnabled(row is not None)
        self.maintenance_button.setEnabled(row is not None and self.ctx.can(Perm.EDIT_DEVICE))

    def _on_row_double_clicked(self, index: QModelIndex) -> None:
        self._activate(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.FocusIn and self.selected_row() is None \
                and self.proxy.rowCount():
            # Tabbing into the list picks an alarm at once, so Enter and the buttons have one to act on.
            current = self.table.currentIndex()
            self.table.selectRow(current.row() if current.isValid() else 0)
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.currentIndex().isValid():
                self._activate(self.table.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _activate(self, index: QModelIndex) -> None:
        """Double click or Enter on a row: acknowledge it, or, acknowledged already, its device."""
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        self.table.selectRow(index.row())
        if self.may_acknowledge(row):
            self.acknowledge_selected()
        else:  # acknowledged already: the device's live state is what one wants next
            self.open_device(row.unit_id)

    def _on_ack_clicked(self) -> None:
        self.acknowledge_selected()

    def _on_device_ack_clicked(self) -> None:
        self.acknowledge_device_cleared()

    def _on_device_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_device(row.unit_id)

    def _on_maintenance_clicked(self) -> None:
        self.open_maintenance()

    def _on_records_changed(self, kind: str) -> None:
        """Alarms or maintenance windows changed — raised or cleared by the poller, acknowledged
        here or at another console: read again (while shown; showing reads anyway)."""
        if kind in ALARM_KINDS and self.isVisible():
            self.reload_in_background()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_sites()
        self.reload()
        self.fit_message_column()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_message_column()

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.model.column_of("message"):
            self.fit_message_column()  # the user widened another column: the text gives way

    def fit_message_column(self) -> None:
        """The alarm text column: the room the other columns leave, at least MESSAGE_MIN_WIDTH."""
        header = self.table.horizontalHeader()
        message = self.model.column_of("message")
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != message and not header.isSectionHidden(c))
        width = max(MESSAGE_MIN_WIDTH, self.table.viewport().width() - others)
        if header.sectionSize(message) != width:
            header.resizeSection(message, width)
