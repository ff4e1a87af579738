"""排班: one site's month, people × days. Everyone reads it and may ask for leave;
supervisors (EDIT_ROSTER) edit cells, generate a month by working days, and decide
leave. The rules check (people per working day, per shift in emergency mode) is
listed under the grid and follows every change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk import clock, i18n
from opsdesk.models.users import Perm
from opsdesk.ops import roster as roster_ops
from opsdesk.ops import roster_rows
from opsdesk.ops.roster_rows import RosterMonth
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import (
    DAY_STATUS_COLOURS,
    ROSTER_COLOURS,
    colour_css,
    shift_code_label,
    shift_code_letter,
)
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.pdf_export import PdfExport, missing_text, report_function
from opsdesk.ui.roster.dialogs import FillDialog, LeaveDialog
from opsdesk.ui.roster.leave_box import LeaveBox
from opsdesk.ui.roster.model import CODE_ROLE, RosterModel
from opsdesk.ui.site_month import site_month_controls

CODE_KEYS = {Qt.Key.Key_1: "day", Qt.Key.Key_2: "night", Qt.Key.Key_3: "off"}
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0)
CYCLE = {None: "day", "day": "night", "night": "off", "off": None}  # double-click
DAY_COLUMN_WIDTH = 34
# Kinds of record whose change by anyone redraws the month.
SHOWN_KINDS = frozenset({"roster_entry", "leave_request", "user_account", "setting", "calendar_day", "site"})
ROW_HEIGHT = 34


class RosterTable(QTableView):
    """The grid; passes code keys on instead of moving the cursor."""

    sig_code_requested = Signal(object)
    """The code (day, night, off, or None to clear) for the selected cells."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in CODE_KEYS:
            self.sig_code_requested.emit(CODE_KEYS[key])
        elif key in CLEAR_KEYS:
            self.sig_code_requested.emit(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class RosterPanel(QWidget):
    """The duty roster of one site and month."""

    sig_roster_loaded = Signal(int, int)
    """Year, month shown."""
    sig_change_refused = Signal()
    """A change was refused (said in a box or in its dialog); nothing was changed."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = ctx.can(Perm.EDIT_ROSTER)
        self.data: RosterMonth | None = None
        self.fill_dialog: FillDialog | None = None
        self.leave_dialog: LeaveDialog | None = None
        self.pdf = PdfExport(self)
        today = clock.get_clock().today()
        self.year, self.month = today.year, today.month

        title = QLabel(self.tr("Roster"))
        title.setObjectName("panelTitle")
        self.site_combo, self.previous_button, self.month_label, self.next_button = site_month_controls(
            self, ctx.store, "rosterSiteCombo", 110)
        # Made with their parent: setVisible(True) on a parentless button shows it as a window.
        self.fill_button = QPushButton(self.tr("Generate by working days…"), self)
        self.fill_button.setObjectName("fillButton")
        self.fill_button.clicked.connect(self._on_fill_clicked)
        self.fill_button.setVisible(self.can_edit)
        self.leave_button = QPushButton(self.tr("Request leave…"), self)
        self.leave_button.setObjectName("leaveButton")
        self.leave_button.clicked.connect(self._on_leave_clicked)
        self.leave_button.setVisible(ctx.can(Perm.RUN_SHIFT))
        self.print_button = QPushButton(self.tr("Print roster…"))
        self.print_button.setObjectName("printRosterButton")
        self.print_button.clicked.connect(self._on_print_clicked)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(title)
        top.addSpacing(20)
        top.addWidget(self.site_combo)
        top.addSpacing(12)
        top.addWidget(self.previous_button)
        top.addWidget(self.month_label)
        top.addWidget(self.next_button)
        top.addStretch(1)
        top.addWidget(self.leave_button)
        top.addWidget(self.fill_button)
        top.addWidget(self.print_button)

        legend = QHBoxLayout()
        legend.setSpacing(6)
        for code in ("day", "night", "off", "leave"):
            chip = QLabel(f"{shift_code_letter(code)} {shift_code_label(code)}")
            chip.setObjectName("legendChip")
            chip.setStyleSheet(colour_css(ROSTER_COLOURS[code]))
            legend.addWidget(chip)
        legend.addSpacing(12)
        rest = QLabel(self.tr("Grey days are days off"))
        rest.setObjectName("legendChip")
        rest.setStyleSheet("background:#e9edf2;color:#a52a22;")
        adjusted = QLabel(self.tr("Amber days are adjusted working days (marked “work”)"))
        adjusted.setObjectName("legendChip")
        adjusted.setStyleSheet("background:#fff3d6;color:#7a4306;")
        legend.addWidget(rest)
        legend.addWidget(adjusted)
        legend.addStretch(1)
        self.keys_label = QLabel(self.tr("Select cells, then 1 day · 2 night · 3 off · Delete clears; "
                                         "double-click steps through"))
        self.keys_label.setObjectName("keyLegend")
        self.keys_label.setVisible(self.can_edit)
        legend.addWidget(self.keys_label)

        self.model = RosterModel(self)
        self.table = RosterTable()
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection
                                    if self.can_edit else QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setDefaultSectionSize(DAY_COLUMN_WIDTH)
        self.table.horizontalHeader().setMinimumSectionSize(DAY_COLUMN_WIDTH)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setMinimumWidth(96)
        self.table.setCornerButtonEnabled(False)
        self.table.sig_code_requested.connect(self._on_code_requested)
        self.table.doubleClicked.connect(self._on_cell_double_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)

        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problemList")
        self.problem_list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.problem_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.problem_box = QGroupBox()
        problem_layout = QVBoxLayout(self.problem_box)
        problem_layout.addWidget(self.problem_list)

        self.leave_box = LeaveBox(self.can_edit)
        self.leave_box.sig_decision_requested.connect(self._on_decision_requested)

        lower = QHBoxLayout()
        lower.setSpacing(10)
        lower.addWidget(self.problem_box, 2)
        lower.addWidget(self.leave_box, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(self.table, 3)
        layout.addLayout(lower, 2)
        layout.addStretch(0)
        self._generation = 0  # the newest read asked for; an older one's answer is dropped
        self._feed = live_feed(ctx.store)
        self._feed.sig_records_changed.connect(self._on_records_changed)
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def site_id(self) -> int | None:
        return self.site_combo.currentData()

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.reload()

    def step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def reload(self) -> None:
        self.month_label.setText(self.tr("{month}/{year}").format(year=self.year, month=self.month))
        site_id = self.site_id()
        if site_id is None:
            return
        self._generation += 1
        generation, year, month = self._generation, self.year, self.month
        Query(self, self.ctx.store, lambda s: roster_rows.load_month(s, site_id, year, month)).success(
            lambda data: self._show(data) if generation == self._generation else None).run()

    def _on_records_changed(self, kind: str) -> None:
        if kind in SHOWN_KINDS:
            self.reload()

    def _show(self, data: RosterMonth) -> None:
        selected = self.table.selectionModel().selectedIndexes() if self.table.selectionModel() else []
        cells = [(i.row(), i.column()) for i in selected]
        self.data = data
        self.model.set_month(data)
        self._fit_table()
        for row, column in cells:  # a keyboard edit keeps its selection
            if row < self.model.rowCount() and column < self.model.columnCount():
                self.table.selectionModel().select(self.model.index(row, column),
                                                   self.table.selectionModel().SelectionFlag.Select)
        self._show_problems(data)
        self.leave_box.set_leaves(data.leaves)
        self.sig_roster_loaded.emit(data.year, data.month)

    def _fit_table(self) -> None:
        """No empty grey field under a short roster: the grid is as tall as its rows."""
        header = self.table.horizontalHeader().sizeHint().height()
        rows = self.model.rowCount() * ROW_HEIGHT
        width = self.model.columnCount() * DAY_COLUMN_WIDTH + self.table.verticalHeader().sizeHint().width()
        scroll = self.table.horizontalScrollBar().sizeHint().height() if width > self.table.width() else 0
        self.table.setMaximumHeight(header + rows + scroll + 2 * self.table.frameWidth() + 2)

    def _show_problems(self, data: RosterMonth) -> None:
        self.problem_list.clear()
        for text in data.problems:
            item = QListWidgetItem(text)
            item.setForeground(DAY_STATUS_COLOURS["missed"][1])
            self.problem_list.addItem(item)
        if not data.problems:
            item = QListWidgetItem(self.tr("The roster meets the rules for this month"))
            item.setForeground(DAY_STATUS_COLOURS["complete"][1])
            self.problem_list.addItem(item)
        self.problem_box.setTitle(self.tr("Rules check ({n} problems)").format(n=len(data.problems)))

    # -- editing (supervisors) --------------------------------------------------------------
    def selected_cells(self) -> list[tuple[str, dt.date]]:
        if self.data is None:
            return []
        selected = self.table.selectionModel().selectedIndexes()
        indexes = sorted((i for i in selected if not self.model.is_count_row(i.row())),
                         key=lambda i: (i.row(), i.column()))
        return [(self.model.person_at(i.row())[0], self.model.day_at(i.column())) for i in indexes]

    def _write(self, fn, dialog=None) -> None:
        """Run a change off the GUI thread; the month redraws through the live feed. A refusal
        is said in ``dialog`` when there is one (it stays open), else in a box."""
        op = Write(self, self.ctx.store, fn, button=dialog.ok_button if dialog is not None else None,
                   feed=self._feed)
        if dialog is not None:
            op.success(lambda _r: dialog.accept())

            def failed(exc: BaseException) -> None:
                dialog.show_error(dialogs.error_text(exc))
                self.sig_change_refused.emit()

            op.failure(failed)
        else:
            def refused(exc: BaseException) -> None:
                dialogs.show_error(self, dialogs.error_text(exc))
                self.sig_change_refused.emit()

            op.failure(refused)
        op.run()

    def set_cells(self, cells: list[tuple[str, dt.date]], code: str | None) -> bool:
        """Put ``code`` in every cell, in one transaction (a refusal changes nothing); True
        when the change was started (:attr:`sig_roster_loaded` follows)."""
        if not self.can_edit or not cells or self.data is None:
            return False
        user, site_id = self.ctx.user, self.data.site_id

        def write(session) -> None:
            for username, day in cells:
                roster_ops.set_entry(session, user, site_id, day, username, code)

        self._write(write)
        return True

    def _on_code_requested(self, code: str | None) -> None:
        self.set_cells(self.selected_cells(), code)

    def _on_cell_double_clicked(self, index: QModelIndex) -> None:
        if self.can_edit and not self.model.is_count_row(index.row()):
            current = index.data(CODE_ROLE)
            self.set_cells([(self.model.person_at(index.row())[0], self.model.day_at(index.column()))],
                           CYCLE.get(current if current != "leave" else None))

    def _on_context_menu(self, point: QPoint) -> None:
        if not self.can_edit or not self.selected_cells():
            return
        menu = QMenu(self)
        for code in ("day", "night", "off"):
            action = QAction(f"{shift_code_letter(code)}　{shift_code_label(code)}", menu)
            action.triggered.connect(lambda _c=False, c=code: self.set_cells(self.selected_cells(), c))
            menu.addAction(action)
        clear = QAction(self.tr("Clear"), menu)
        clear.triggered.connect(lambda: self.set_cells(self.selected_cells(), None))
        menu.addAction(clear)
        menu.popup(self.table.viewport().mapToGlobal(point))

    def _on_fill_clicked(self) -> None:
        self.open_fill()

    def open_fill(self) -> FillDialog | None:
        if not self.can_edit or self.data is None:
            return None
        people = list(self.data.rosterable)
        duty = {username for username, _ in people}
        self.fill_dialog = FillDialog(self.year, self.month, people, duty, parent=self)
        self.fill_dialog.sig_ok_requested.connect(self._on_fill_ok)
        self.fill_dialog.open()
        return self.fill_dialog

    def _on_fill_ok(self) -> None:
        dialog = self.fill_dialog
        if dialog is None or self.data is None:
            return
        user, site_id, year, month, chosen = self.ctx.user, self.data.site_id, self.year, self.month, dialog.chosen()
        self._write(lambda s: roster_ops.fill_default(s, user, site_id, year, month, chosen), dialog)

    # -- leave ------------------------------------------------------------------------------
    def _on_leave_clicked(self) -> None:
        self.open_leave_request()

    def open_leave_request(self) -> LeaveDialog | None:
        if not self.ctx.can(Perm.RUN_SHIFT):
            return None
        today = clock.get_clock().today()
        first = today if (today.year, today.month) == (self.year, self.month) else dt.date(self.year, self.month, 1)
        self.leave_dialog = LeaveDialog(first, parent=self)
        self.leave_dialog.sig_ok_requested.connect(self._on_leave_ok)
        self.leave_dialog.open()
        return self.leave_dialog

    def _on_leave_ok(self) -> None:
        dialog = self.leave_dialog
        if dialog is None:
            return
        user, first, last, reason = self.ctx.user, dialog.first_day(), dialog.last_day(), dialog.reason()
        self._write(lambda s: roster_ops.request_leave(s, user, first, last, reason), dialog)

    def select_leave(self, leave_id: int) -> bool:
        return self.leave_box.select_leave(leave_id)

    def decide_selected(self, approve: bool) -> bool:
        leave_id = self.leave_box.selected_leave_id()
        return leave_id is not None and self.decide(leave_id, approve)

    def _on_decision_requested(self, leave_id: int, approve: bool) -> None:
        self.decide(leave_id, approve)

    def decide(self, leave_id: int, approve: bool) -> bool:
        if not self.can_edit:
            return False
        user = self.ctx.user
        self._write(lambda s: roster_ops.decide_leave(s, user, leave_id, approve))
        return True

    # -- printing ---------------------------------------------------------------------------
    def _on_print_clicked(self) -> None:
        self.print_roster()

    def print_roster(self) -> bool:
        """打印排班表 through ``opsdesk.reports.roster.roster_pdf``, looked up only now."""
        roster_pdf = report_function("roster", "roster_pdf")
        if roster_pdf is None:
            dialogs.show_error(self, missing_text("roster", "roster_pdf"))
            return False
        data = self.data
        if data is None:
            return False
        demo = data.demo
        lang = i18n.language()  # the paper in the console's language

        def write(out: Path) -> None:
            roster_pdf(data.site_name, data.hospital, data.year, data.month, list(data.people), dict(data.grid),
                       dict(data.infos), list(data.problems), demo=demo, out=out, tz=data.timezone, lang=lang)

        suggested = f"{data.site_name}-{data.year}-{data.month:02d}-{self.tr('roster')}.pdf"
        return self.pdf.save(self.tr("Save roster"), suggested, write)

    # -- events -----------------------------------------------------------------------------
    def _on_site_changed(self, _index: int) -> None:
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
