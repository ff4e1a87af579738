"""待我审核: the sheets an inspector has signed that wait for this reviewer's signature, the
longest waiting first, with when the inspector signed against the due day and how many items
were abnormal. Enter or a double-click opens one (issue 13, item 8)."""

from __future__ import annotations

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

from opsdesk.ops import inspection_lists, inspection_review
from opsdesk.ops.inspection_review import ReviewItem
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.labels import ABNORMAL_COLOURS, STATE_COLOURS, provisional_label
from opsdesk.ui.labels import weekday_names
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query

COL_SIGNED, COL_SITE, COL_TITLE, COL_DUE, COL_INSPECTOR, COL_ABNORMAL = range(6)


class ReviewTable(QTableWidget):
    """One line per sheet awaiting review."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("reviewTable")
        self.setHorizontalHeaderLabels([self.tr("Signed by the inspector"), self.tr("Site"), self.tr("Inspection"),
                                        self.tr("Due date"), self.tr("Inspector"), self.tr("Abnormal")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.items: list[ReviewItem] = []  # type: ignore[assignment]  # hides QTableWidget.items(mimeData): no drag and drop

    def set_items(self, items: list[ReviewItem]) -> None:
        current = self.selected_item()
        self.items = list(items)
        self.setRowCount(len(self.items))
        days = weekday_names()
        late_bg, late_fg = STATE_COLOURS["overdue"]
        bold = QFont(self.font())
        bold.setBold(True)
        for row, item in enumerate(self.items):
            timing = item.completion
            if timing.late:
                signed_text = self.tr("{time} ({n} days late)").format(time=timing.inspected_at, n=timing.days_late)
            else:
                signed_text = self.tr("{time} (on time)").format(time=timing.inspected_at)
            signed = QTableWidgetItem(signed_text)
            if timing.late:
                signed.setBackground(QBrush(late_bg))
                signed.setForeground(QBrush(late_fg))
                signed.setFont(bold)
            due = f"{item.due.isoformat()} {days[item.due.weekday()]}"
            if item.provisional:
                due += self.tr(" ({provisional})").format(provisional=provisional_label())
            abnormal = QTableWidgetItem(str(item.abnormal) if item.abnormal else "—")
            abnormal.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if item.abnormal:
                abnormal.setBackground(QBrush(ABNORMAL_COLOURS[0]))
                abnormal.setForeground(QBrush(ABNORMAL_COLOURS[1]))
                abnormal.setFont(bold)
            for column, cell in ((COL_SIGNED, signed), (COL_SITE, QTableWidgetItem(item.site_name)),
                                 (COL_TITLE, QTableWidgetItem(item.title)), (COL_DUE, QTableWidgetItem(due)),
                                 (COL_INSPECTOR, QTableWidgetItem(item.inspector)), (COL_ABNORMAL, abnormal)):
                self.setItem(row, column, cell)
        keep = next((r for r, i in enumerate(self.items)
                     if current is not None and i.inspection_id == current.inspection_id), 0)
        if self.items:
            self.setCurrentCell(keep, COL_SIGNED)  # Enter opens at once, no click first

    def selected_item(self) -> ReviewItem | None:
        row = self.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None


class ReviewQueuePage(QWidget):
    """The reviewer's queue: read in the background, a line opens the sheet."""

    sig_sheet_requested = Signal(int)
    """Id of the inspection to open."""
    sig_count_changed = Signal(int)
    """How many sheets wait for this reviewer now."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.caption = QLabel()
        self.caption.setObjectName("monthSummary")
        self.table = ReviewTable()
        self.table.activated.connect(self._on_row_activated)  # Enter, and a double-click
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.open_button = QPushButton(self.tr("Open sheet to review"))
        self.open_button.setObjectName("openReviewButton")
        self.open_button.setProperty("primary", True)
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._on_open_clicked)
        hint = QLabel(self.tr("Sheets the inspector has signed, waiting for your signature as reviewer. Select one "
                              "with the arrow keys and press Enter to open it."))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)  # below the 巡检日历 / 待我审核 tabs
        layout.setSpacing(8)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)
        self._asked = 0  # the latest read asked for: an older answer is not shown over it
        self._show([])
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)

    @property
    def items(self) -> list[ReviewItem]:
        return self.table.items

    def reload(self) -> None:
        """Read the queue again off the GUI thread; :attr:`sig_count_changed` says when shown."""
        user = self.ctx.user
        self._asked += 1
        asked = self._asked
        (Query(self, self.ctx.store, lambda s: inspection_review.awaiting_review(s, user))
         .success(lambda items: self._on_read(asked, items)).run())

    def _on_read(self, asked: int, items: list[ReviewItem]) -> None:
        if asked == self._asked:
            self._show(items)

    def _on_records_changed(self, kind: str) -> None:
        if kind in inspection_lists.KINDS:  # the count shows on the tab even when the list is hidden
            self.reload()

    def _show(self, items: list[ReviewItem]) -> None:
        self.table.set_items(items)
        late = sum(1 for i in items if i.completion.late)
        if not items:
            self.caption.setText(self.tr("Nothing waits for your review."))
        elif late:
            self.caption.setText(self.tr("{n} sheets wait for your review · {late} signed after their due date").format(
                n=len(items), late=late))
        else:
            self.caption.setText(self.tr("{n} sheets wait for your review").format(n=len(items)))
        self._on_selection_changed()
        self.sig_count_changed.emit(len(items))

    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(self.table.selected_item() is not None)

    def _on_open_clicked(self) -> None:
        item = self.table.selected_item()
        if item is not None:
            self.sig_sheet_requested.emit(item.inspection_id)

    def _on_row_activated(self, index) -> None:
        self.sig_sheet_requested.emit(self.table.items[index.row()].inspection_id)
