"""请假申请: the month's leave requests (and every pending one) with their state;
a supervisor approves or rejects the selected pending request."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk.ops.roster_rows import LeaveRow
from opsdesk.ui.labels import DAY_STATUS_COLOURS, leave_status_label

STATUS_COLOURS = {"pending": DAY_STATUS_COLOURS["late"], "approved": DAY_STATUS_COLOURS["complete"],
                  "rejected": DAY_STATUS_COLOURS["future"]}


class LeaveBox(QGroupBox):
    """The leave table; ``can_decide`` shows 批准 / 驳回."""

    sig_decision_requested = Signal(int, bool)
    """Leave request id, approve (True) or reject (False)."""

    def __init__(self, can_decide: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Leave requests"))
        self.can_decide = can_decide
        self.leaves: tuple[LeaveRow, ...] = ()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("leaveTable")
        self.table.setHorizontalHeaderLabels([self.tr("Person"), self.tr("Dates"), self.tr("Days"),
                                              self.tr("Reason"), self.tr("Status")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 90), (1, 190), (2, 50), (4, 110)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setProperty("primary", True)
        self.approve_button.clicked.connect(lambda: self._on_decided(True))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setObjectName("rejectButton")
        self.reject_button.clicked.connect(lambda: self._on_decided(False))
        for button in (self.approve_button, self.reject_button):
            button.setVisible(can_decide)
        decide = QHBoxLayout()
        decide.addStretch(1)
        decide.addWidget(self.reject_button)
        decide.addWidget(self.approve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)

    def set_leaves(self, leaves: tuple[LeaveRow, ...]) -> None:
        selected = self.selected_leave_id()
        self.leaves = leaves
        self.table.setRowCount(len(leaves))
        for row, leave in enumerate(leaves):
            dates = leave.first_day.isoformat() if leave.days == 1 else \
                f"{leave.first_day.isoformat()} – {leave.last_day.isoformat()}"
            status = leave_status_label(leave.status)
            if leave.decided_by:
                status = self.tr("{status} ({who})").format(status=status, who=leave.decided_by)
            for column, value in enumerate((leave.name, dates, str(leave.days), leave.reason, status)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, leave.id)
                if column == 4:
                    item.setBackground(STATUS_COLOURS[leave.status][0])
                    item.setForeground(STATUS_COLOURS[leave.status][1])
                self.table.setItem(row, column, item)
        if selected is not None:
            self.select_leave(selected)
        self._on_selection_changed()

    def selected_leave_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select_leave(self, leave_id: int) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == leave_id:
                self.table.selectRow(row)
                return True
        return False

    def _on_selection_changed(self) -> None:
        leave_id = self.selected_leave_id()
        pending = any(r.id == leave_id and r.status == "pending" for r in self.leaves)
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(pending and self.can_decide)

    def _on_decided(self, approve: bool) -> None:
        leave_id = self.selected_leave_id()
        if leave_id is not None:
            self.sig_decision_requested.emit(leave_id, approve)
