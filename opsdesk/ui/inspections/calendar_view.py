"""巡检日历: what is due in a month, per site — done, due, overdue, in progress — and what
is still open from earlier months (R-INSP-3). Provisional dates (no official holiday
notice yet) say 暂定. A sheet the inspector signed waits for the reviewer (待审核), not
overdue; one signed after its due day shows 逾期完成 once reviewed, never the plain green
已完成. Double-click a line, press Enter on it, or 打开巡检表, to fill its sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk import clock
from opsdesk.ops import inspection_lists
from opsdesk.ops.inspection import DueItem
from opsdesk.ops.inspection_lists import CalendarMonth
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.labels import STATE_COLOURS, STATES, colour_css, provisional_label, state_label
from opsdesk.ui.labels import weekday_names
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query
from opsdesk.ui.site_month import site_month_bar

ITEM_ROLE = Qt.ItemDataRole.UserRole
COL_DUE, COL_SITE, COL_TITLE, COL_STATE = range(4)


class DueTable(QTableWidget):
    """The month's due items, one line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("dueTable")
        self.setTabKeyNavigation(False)  # Tab leaves the list (to 以前月份未完成, the buttons); arrows move in it
        self.setHorizontalHeaderLabels([self.tr("Due date"), self.tr("Site"), self.tr("Inspection"), self.tr("State")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_DUE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SITE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_STATE, 120)
        self.items: list[DueItem] = []  # type: ignore[assignment]  # hides QTableWidget.items(mimeData): no drag and drop

    def set_items(self, items: list[DueItem]) -> None:
        self.items = list(items)
        self.setRowCount(len(self.items))
        days = weekday_names()
        for row, item in enumerate(self.items):
            due = f"{item.due.isoformat()} {days[item.due.weekday()]}"
            if item.provisional:
                due += self.tr(" ({provisional})").format(provisional=provisional_label())
            due_cell = QTableWidgetItem(due)
            if item.provisional:
                due_cell.setToolTip(self.tr("No official holiday notice for this year yet: the date is computed "
                                            "from the statutory holidays and may move."))
            title = QTableWidgetItem(item.title)
            title.setData(ITEM_ROLE, row)
            shown = item.shown_state
            state = QTableWidgetItem(state_label(shown))
            if item.inspected_on is not None:
                state.setToolTip(self._signed_tip(item, item.inspected_on))
            bg, fg = STATE_COLOURS.get(shown, STATE_COLOURS["due"])
            state.setBackground(QBrush(bg))
            state.setForeground(QBrush(fg))
            font = QFont(state.font())
            font.setBold(True)
            state.setFont(font)
            state.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            for column, cell in ((COL_DUE, due_cell), (COL_SITE, QTableWidgetItem(item.site_name)),
                                 (COL_TITLE, title), (COL_STATE, state)):
                self.setItem(row, column, cell)
            if item.state == "overdue":
                for cell in (due_cell, title):
                    cell.setForeground(QBrush(fg))

    def _signed_tip(self, item: DueItem, signed: dt.date) -> str:
        if item.late:
            return self.tr("Signed by the inspector on {date}, {n} days after the due date").format(
                date=signed.isoformat(), n=(signed - item.due).days)
        return self.tr("Signed by the inspector on {date}, on time").format(date=signed.isoformat())

    def selected_item(self) -> DueItem | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.items[rows[0].row()] if rows else None

    def states(self) -> dict[str, str]:
        """Title (with site) → state: what a test or a person reads off the list."""
        return {f"{i.site_name} {i.title}": i.shown_state for i in self.items}


class CalendarPage(QWidget):
    """One month of inspections for one site or for all sites."""

    sig_sheet_requested = Signal(object)
    """The DueItem whose sheet should open."""
    sig_month_shown = Signal(object)
    """A month was read and shown: the CalendarMonth."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ready = False
        self._shown_asked = -1
        self._asked = 0  # the latest read asked for: an older answer is not shown over it
        self.shown: CalendarMonth | None = None
        today = clock.get_clock().today()
        self.year, self.month = today.year, today.month

        (top, self.site_combo, self.previous_button, self.month_label, self.next_button,
         self.this_month_button) = site_month_bar(self, ctx.store, "inspectionSiteCombo", 110)
        self.site_combo.insertItem(0, self.tr("All sites"), None)
        self.site_combo.setCurrentIndex(0)
        for state in STATES:
            chip = QLabel(state_label(state))
            chip.setObjectName("legendChip")
            chip.setStyleSheet(colour_css(STATE_COLOURS[state]))
            top.addWidget(chip)

        self.month_caption = QLabel()
        self.month_caption.setObjectName("monthSummary")
        self.table = DueTable()
        self.table.activated.connect(self._on_row_activated)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.earlier_caption = QLabel(self.tr("Still open from earlier months"))
        self.earlier_caption.setObjectName("monthSummary")
        self.earlier_table = DueTable()
        self.earlier_table.setObjectName("earlierTable")
        self.earlier_table.setMaximumHeight(150)
        self.earlier_table.activated.connect(self._on_earlier_activated)

        self.open_button = QPushButton(self.tr("Open sheet"))
        self.open_button.setObjectName("openSheetButton")
        self.open_button.setProperty("primary", True)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_clicked)
        hint = QLabel(self.tr("Double-click an inspection or press Enter to fill in or read its sheet. Dates follow "
                              "the official working-day calendar, adjusted working days included."))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)  # below the 巡检日历 / 待我审核 tabs
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.month_caption)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.earlier_caption)
        layout.addWidget(self.earlier_table, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self._ready = True
        self.reload()

    # -- month and site ---------------------------------------------------------------------
    def site_id(self) -> int | None:
        return self.site_combo.currentData()

    def choose_site(self, site_id: int | None) -> None:
        self.site_combo.setCurrentIndex(max(0, self.site_combo.findData(site_id)))

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.reload()

    def step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def reload(self) -> None:
        """Read the month shown off the GUI thread; :attr:`sig_month_shown` says when it is shown."""
        if not self._ready:
            return
        self.month_label.setText(self.tr("{month}/{year}").format(year=self.year, month=self.month))
        site_id, year, month, today = self.site_id(), self.year, self.month, clock.get_clock().today()
        self._asked += 1
        asked = self._asked
        (Query(self, self.ctx.store, lambda s: inspection_lists.calendar_month(s, site_id, year, month, today))
         .success(lambda found: self._on_read(asked, found)).run())

    def is_current(self) -> bool:
        """What is shown is the month, the site and the records asked for last (nothing still being read)."""
        return self.shown is not None and self._shown_asked == self._asked

    def _on_read(self, asked: int, found: CalendarMonth) -> None:
        if asked != self._asked:
            return  # another month or site was asked for meanwhile
        self._shown_asked = asked
        self.shown = found
        items, earlier = list(found.items), list(found.earlier)
        self.table.set_items(items)
        self.earlier_table.set_items(earlier)
        self.earlier_caption.setVisible(bool(earlier))
        self.earlier_table.setVisible(bool(earlier))
        counts = {state: sum(1 for i in items if i.shown_state == state) for state in STATES}
        parts = [f"{state_label(s)} {counts[s]}" for s in STATES if counts[s]]
        self.month_caption.setText(self.tr("{year}-{month:02d}: {n} inspections due · {counts}").format(
            year=found.year, month=found.month, n=len(items), counts=" · ".join(parts) or "—"))
        self._on_selection_changed()
        self.sig_month_shown.emit(found)

    def _on_records_changed(self, kind: str) -> None:
        if kind in inspection_lists.KINDS and self.isVisible():  # hidden, it reads when shown again
            self.reload()

    # -- opening a sheet --------------------------------------------------------------------
    def _on_site_changed(self, _index: int) -> None:
        self.reload()

    def _on_this_month_clicked(self) -> None:
        today = clock.get_clock().today()
        self.show_month(today.year, today.month)

    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(self.table.selected_item() is not None)

    def _on_open_clicked(self) -> None:
        item = self.table.selected_item()
        if item is not None:
            self.sig_sheet_requested.emit(item)

    def _on_row_activated(self, index) -> None:
        self.sig_sheet_requested.emit(self.table.items[index.row()])

    def _on_earlier_activated(self, index) -> None:
        self.sig_sheet_requested.emit(self.earlier_table.items[index.row()])

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()
