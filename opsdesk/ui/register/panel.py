"""设备台账: the register screen. Filter, sort, open a line, and the CSV import and
export. Every change goes through ``opsdesk.ops`` which checks the role again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
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
from opsdesk.models.users import Perm, Principal
from opsdesk.ops import devices, register_csv
from opsdesk.ops.devices import RegisterFilter
from opsdesk.ops.register_rows import RegisterView, export_table, register_view
from opsdesk.paths import write_atomically
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write, failure_text, reading
from opsdesk.ui.register.filter_bar import RegisterFilterBar
from opsdesk.ui.register.line_form import LineForm
from opsdesk.ui.register.table_model import COLUMNS, LINE_ID_ROLE, SORT_ROLE, RegisterTableModel
from opsdesk.ui.worker import LatestRead

ROW_HEIGHT = 30
# Widest a column gets when fitted to its contents; the note column takes the rest.
MAX_COLUMN_WIDTHS = {"site": 140, "category": 110, "name": 200, "brand": 100, "model": 180}
# What the register shows: its lines, their units, the sites, and the warranty's "soon" setting.
SHOWN_KINDS = frozenset({"register_line", "unit", "site", "setting"})


def _read(store: Store, actor: Principal, flt: RegisterFilter) -> tuple[RegisterFilter, RegisterView]:
    """Off the GUI thread: the register for a filter (the worker's own read session)."""
    return flt, reading(store, lambda session: register_view(session, actor, flt))()


def _export(actor: Principal, flt: RegisterFilter, as_of: dt.date, path: Path) -> Callable[[Any], int]:
    """In the runner's worker: the filtered register, one row per unit, written to ``path``."""
    def run(session: Any) -> int:
        rows = export_table(session, actor, flt, as_of)
        write_atomically(path, register_csv.to_csv_bytes(rows))
        return len(rows) - 1
    return run


class RegisterPanel(QWidget):
    """The equipment register (设备台账) for everyone who may view it."""

    sig_lines_loaded = Signal(int, int)
    """(lines shown, units on those lines) after every reload."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form: LineForm | None = None
        self._select_after: int | None = None  # a line saved: selected once the reload shows it
        self._stale = False
        self._read = LatestRead(self.reload, self._on_read, self._on_read_failed)

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

        self.add_button = self._button(self.tr("Add"), "addButton", self._on_add_clicked, Perm.EDIT_DEVICE,
                                       primary=True)
        edit_text = self.tr("Edit") if ctx.can(Perm.EDIT_DEVICE) else self.tr("View")
        self.edit_button = self._button(edit_text, "editButton", self._on_edit_clicked, Perm.VIEW_REGISTER)
        self.delete_button = self._button(self.tr("Delete"), "deleteButton", self._on_delete_clicked,
                                          Perm.DELETE_DEVICE)
        self.import_button = self._button(self.tr("Import CSV"), "importButton", self._on_import_clicked,
                                          Perm.IMPORT_DEVICES)
        self.export_button = self._button(self.tr("Export CSV"), "exportButton", self._on_export_clicked,
                                          Perm.EXPORT_DEVICES)
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

        self._on_selection_changed()
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self.reload()

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
        """Read the register for the filter (off the GUI thread; one read at a time)."""
        self._stale = False
        store, actor, flt = self.ctx.store, self.ctx.user, self.filter_bar.current_filter()
        self._read.start(lambda: _read(store, actor, flt))

    def _on_read(self, result: tuple[RegisterFilter, RegisterView]) -> None:
        flt, view = result
        self.filter_bar.set_sites([(site.id, site.name) for site in view.sites])
        if flt != self.filter_bar.current_filter():
            self.reload()  # read for a filter changed meanwhile (or a site gone): the current one is read
            return
        self.model.set_lines(view.lines, flt.as_of or get_clock().today(), view.soon_days)
        if not self._columns_fitted and view.lines:
            self._fit_columns()
        units = self.model.unit_count()
        self.count_label.setText(self.tr("{lines} lines / {units} units").format(lines=len(view.lines), units=units))
        if self._select_after is not None and self._select_after in self.visible_line_ids():
            self.select_line(self._select_after)
            self._select_after = None
        self._on_selection_changed()
        self.sig_lines_loaded.emit(len(view.lines), units)

    def _on_read_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self, failure_text(exc))

    def _on_records_changed(self, kind: str) -> None:
        """Someone (this console, another, the CLI) changed what the register shows."""
        if kind not in SHOWN_KINDS:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # read when shown again

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

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

    def open_line(self, line_id: int | None) -> LineForm:
        """Open the detail form of a line (None: a new line); it reads the line itself, and
        closes with a message if the line was deleted by someone else meanwhile."""
        self.form = LineForm(self.ctx, line_id, as_of=self.filter_bar.as_of(), parent=self)
        self.form.sig_line_saved.connect(self._on_line_saved)
        self.form.sig_load_failed.connect(self.reload)
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
        self._select_after = line_id  # the feed's reload (the line's kinds changed) selects it
        self.reload()

    def _on_delete_clicked(self) -> None:
        line_id = self.selected_line_id()
        if line_id is None:
            return
        row = self.table.selectionModel().selectedRows()[0]
        line = self.model.line_at(self.proxy.mapToSource(row).row())
        question = self.tr("Delete the register line “{title}” with its {n} units? This is recorded in the audit log.")
        text = question.format(title=line.title, n=line.quantity)
        version = line.version
        dialogs.confirm(self, text, lambda: self._delete_line(line_id, version), self.tr("Delete register line"))

    def _delete_line(self, line_id: int, version: int) -> None:
        actor = self.ctx.user
        Write(self, self.ctx.store,
              lambda session: devices.delete_line(session, actor, line_id, expected_version=version),
              button=self.delete_button, feed=live_feed(self.ctx.store)).failure(self._on_delete_failed).run()

    def _on_delete_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self, dialogs.error_text(exc))
        self.reload()  # e.g. changed or deleted by someone else meanwhile: show it as it is now

    def _on_import_clicked(self) -> None:
        path = dialogs.ask_open_path(self, self.tr("Import register CSV"), self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import a register CSV (in one transaction, off the GUI thread); the result or the
        refusal (ImportRefused lists line, column and reason) is said when it is done."""
        actor = self.ctx.user

        def run(session) -> register_csv.ImportResult:
            return register_csv.import_csv(session, actor, path.read_bytes(), source=str(path))

        Write(self, self.ctx.store, run, button=self.import_button, feed=live_feed(self.ctx.store)) \
            .success(lambda result: dialogs.show_info(self, result.message(), self.tr("Import finished"))) \
            .failure(lambda exc: dialogs.show_error(self, dialogs.error_text(exc), self.tr("Import refused"))).run()

    def _on_export_clicked(self) -> None:
        suggested = f"register-{self.filter_bar.as_of().isoformat()}.csv"
        path = dialogs.ask_save_path(self, self.tr("Export register CSV"), suggested, self.tr("CSV files (*.csv)"))
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """Write the lines the filter shows, one row per unit (read and written off the GUI thread)."""
        run = _export(self.ctx.user, self.filter_bar.current_filter(), self.filter_bar.as_of(), path)
        Query(self, self.ctx.store, run, button=self.export_button) \
            .success(lambda n: dialogs.show_done(self, self.tr("{n} units written to {path}").format(n=n, path=path))) \
            .failure(lambda exc: dialogs.show_error(self, dialogs.error_text(exc), self.tr("Export failed"))).run()
