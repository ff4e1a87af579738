"""设备台账: the register screen. Filter, sort, open a line, and the CSV import and
export. Every change goes through ``opsdesk.ops`` which checks the role again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import get_clock
from opsdesk.paths import write_atomically
from opsdesk.models import settings
from opsdesk.models.users import Perm
from opsdesk.ops import devices, register_csv
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.register.filter_bar import RegisterFilterBar
from opsdesk.ui.register.line_form import LineForm
from opsdesk.ui.register.table_model import COLUMNS, LINE_ID_ROLE, SORT_ROLE, RegisterTableModel

ROW_HEIGHT = 30
# Widest a column gets when fitted to its contents; the note column takes the rest.
MAX_COLUMN_WIDTHS = {"site": 140, "category": 110, "name": 200, "brand": 100, "model": 180}


class RegisterPanel(QWidget):
    """The equipment register (设备台账) for everyone who may view it."""

    sig_lines_loaded = Signal(int, int)
    """(lines shown, units on those lines) after every reload."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: LineForm | None = None

        title = QLabel(self.tr("Equipment register"))
        title.setObjectName("panelTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.filter_bar = RegisterFilterBar()
        self.filter_bar.sig_filter_changed.connect(self._on_filter_changed)

        self.model = RegisterTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("registerTable")
        self.table.setModel(self.proxy)
        # The register's own order (site, then line) until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._columns_fitted = False
        self.table.doubleClicked.connect(self._on_row_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.add_button = self._button(self.tr("Add"), "addButton", self._on_add_clicked, Perm.EDIT_DEVICE, primary=True)
        edit_text = self.tr("Edit") if ctx.can(Perm.EDIT_DEVICE) else self.tr("View")
        self.edit_button = self._button(edit_text, "editButton", self._on_edit_clicked, Perm.VIEW_REGISTER)
        self.delete_button = self._button(self.tr("Delete"), "deleteButton", self._on_delete_clicked, Perm.DELETE_DEVICE)
        self.import_button = self._button(self.tr("Import CSV"), "importButton", self._on_import_clicked, Perm.IMPORT_DEVICES)
        self.export_button = self._button(self.tr("Export CSV"), "exportButton", self._on_export_clicked, Perm.EXPORT_DEVICES)
        self.refresh_button = self._button(self.tr("Refresh"), "refreshButton", self.reload, Perm.VIEW_REGISTER)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.import_button, self.export_button, self.refresh_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.reload()
        self._on_selection_changed()

    def _button(self, text: str, name: str, slot, perm: Perm, primary: bool = False) -> QPushButton:
        button = QPushButton(text, self)  # with its parent: setVisible(True) alone would make it a window
        button.setObjectName(name)
        if primary:
            button.setProperty("primary", True)
        button.clicked.connect(slot)
        # A role without the right does not see the action at all; the op checks again.
        allowed = self.ctx.can(perm)
        button.setVisible(allowed)
        button.setEnabled(allowed)
        button.setProperty("allowed", allowed)
        return button

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        flt = self.filter_bar.current_filter()
        try:
            with self.ctx.store.read() as session:
                self.filter_bar.set_sites([(s.id, s.name) for s in devices.sites(session)])
                flt.site_id = self.filter_bar.site_combo.currentData()
                lines = devices.list_lines(session, self.ctx.user, flt)
                soon = settings.get(session, "warranty.soon_days")
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            dialogs.show_error(self, dialogs.error_text(exc))
            return
        self.model.set_lines(lines, flt.as_of or get_clock().today(), soon)
        if not self._columns_fitted and lines:
            self._fit_columns()
        units = self.model.unit_count()
        self.count_label.setText(self.tr("{lines} lines / {units} units").format(lines=len(lines), units=units))
        self._on_selection_changed()
        self.sig_lines_loaded.emit(len(lines), units)

    def _fit_columns(self) -> None:
        """Once, on the first rows: wide enough for header and contents, never clipped."""
        self._columns_fitted = True
        for column, key in enumerate(COLUMNS[:-1]):
            self.table.resizeColumnToContents(column)
            width = self.table.columnWidth(column)
            self.table.setColumnWidth(column, min(width, MAX_COLUMN_WIDTHS.get(key, width)))

    def visible_line_ids(self) -> list[int]:
        """Line ids in the order the table shows them (after sorting)."""
        return [self.proxy.index(row, 0).data(LINE_ID_ROLE) for row in range(self.proxy.rowCount())]

    def selected_line_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(LINE_ID_ROLE) if rows else None

    def select_line(self, line_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(LINE_ID_ROLE) == line_id:
                self.table.selectRow(row)
                return

    def open_line(self, line_id: int | None) -> LineForm | None:
        """Open the detail form of a line (None: a new line)."""
        try:
            self.form = LineForm(self.ctx, line_id, as_of=self.filter_bar.as_of(), parent=self)
        except Exception as exc:  # noqa: BLE001 - e.g. deleted by someone else meanwhile
            dialogs.show_error(self, dialogs.error_text(exc))
            self.reload()
            return None
        self.form.sig_line_saved.connect(self._on_line_saved)
        self.form.open()
        return self.form

    # -- handlers -------------------------------------------------------------------------
    def _on_filter_changed(self) -> None:
        self.reload()

    def _on_selection_changed(self, *_args: object) -> None:
        has_line = self.selected_line_id() is not None
        self.edit_button.setEnabled(has_line)
        self.delete_button.setEnabled(has_line and self.ctx.can(Perm.DELETE_DEVICE))

    def _on_row_double_clicked(self, index) -> None:
        self.open_line(index.data(LINE_ID_ROLE))

    def _on_add_clicked(self) -> None:
        self.open_line(None)

    def _on_edit_clicked(self) -> None:
        line_id = self.selected_line_id()
        if line_id is not None:
            self.open_line(line_id)

    def _on_line_saved(self, line_id: int) -> None:
        self.reload()
        self.select_line(line_id)

    def _on_delete_clicked(self) -> None:
        line_id = self.selected_line_id()
        if line_id is None:
            return
        row = self.table.selectionModel().selectedRows()[0]
        line = self.model.line_at(self.proxy.mapToSource(row).row())
        text = self.tr("Delete the register line “{title}” with its {n} units? This is recorded in the audit log.").format(
            title=line.title, n=line.quantity)
        version = line.version
        dialogs.confirm(self, text, lambda: self._delete_line(line_id, version), self.tr("Delete register line"))

    def _delete_line(self, line_id: int, version: int) -> None:
        try:
            with self.ctx.store.write() as session:
                devices.delete_line(session, self.ctx.user, line_id, expected_version=version)
        except Exception as exc:  # noqa: BLE001
            dialogs.show_error(self, dialogs.error_text(exc))
        self.reload()

    def _on_import_clicked(self) -> None:
        path = dialogs.ask_open_path(self, self.tr("Import register CSV"), self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
            with self.ctx.store.write() as session:
                result = register_csv.import_csv(session, self.ctx.user, data, source=str(path))
        except Exception as exc:  # noqa: BLE001 - ImportRefused lists line, column and reason
            dialogs.show_error(self, dialogs.error_text(exc), self.tr("Import refused"))
            return
        self.reload()
        dialogs.show_info(self, result.message(), self.tr("Import finished"))

    def _on_export_clicked(self) -> None:
        suggested = f"register-{self.filter_bar.as_of().isoformat()}.csv"
        path = dialogs.ask_save_path(self, self.tr("Export register CSV"), suggested, self.tr("CSV files (*.csv)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """Write the lines the filter shows, one row per unit."""
        flt = self.filter_bar.current_filter()
        try:
            with self.ctx.store.read() as session:
                lines = devices.list_lines(session, self.ctx.user, flt)
                rows = register_csv.export_rows(session, self.ctx.user, lines, self.filter_bar.as_of())
            write_atomically(path, register_csv.to_csv_bytes(rows))
        except Exception as exc:  # noqa: BLE001
            dialogs.show_error(self, dialogs.error_text(exc), self.tr("Export failed"))
            return
        dialogs.show_done(self, self.tr("{n} units written to {path}").format(n=len(rows) - 1, path=path))
