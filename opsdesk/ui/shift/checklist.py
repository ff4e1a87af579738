"""The checklist: items grouped as the template groups them, one large row each,
worked with the mouse, a touch screen or the keyboard alone.

Keys (shown in the legend): ↑ ↓ or J K move, 1 正常, 2 异常, 3 不适用, space cycles
the status, Enter edits the value or the note (Enter again keeps it, Esc drops it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from opsdesk.ops.shift_rows import ItemRow
from opsdesk.ui.shift.item_row import ChecklistItem

STATUS_KEYS = {Qt.Key.Key_1: "normal", Qt.Key.Key_2: "abnormal", Qt.Key.Key_3: "na"}
NEXT_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_J)
PREVIOUS_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_K)
# Space: not checked → 正常 → 异常 → 不适用 → 正常
CYCLE = {None: "normal", "normal": "abnormal", "abnormal": "na", "na": "normal"}


class ChecklistView(QScrollArea):
    """Rows of :class:`ChecklistItem` in groups; keeps one current row."""

    sig_status_requested = Signal(int, str)
    """Tick id, status: the user set an item's status (click or key)."""
    sig_note_edited = Signal(int, str)
    """Tick id, note."""
    sig_value_edited = Signal(int, str, str)
    """Tick id, value of a manual item, the status to set with it ("" for none)."""
    sig_override_requested = Signal(int)
    """Tick id of a live item to correct."""
    sig_current_changed = Signal(int)
    """Tick id of the current row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklistView")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items: list[ChecklistItem] = []
        self.group_labels: dict[str, QLabel] = {}
        self.read_only = False
        self._current = -1
        self._body = QWidget()
        self._body.setObjectName("checklistBody")
        self._layout = QVBoxLayout(self._body)
        self._layout.setContentsMargins(0, 0, 8, 8)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.setWidget(self._body)

    # -- content --------------------------------------------------------------------------
    def set_rows(self, rows: list[ItemRow] | tuple[ItemRow, ...]) -> None:
        """Show ``rows``: the same items are updated in place (a refresh keeps the
        current row, the scroll position and a note being typed); others rebuild."""
        rows = list(rows)
        if [r.key for r in rows] == [item.row.key for item in self.items]:
            for item, row in zip(self.items, rows, strict=True):
                item.set_row(row)
            self._count_groups()
            return
        current = self.current_item()
        current_key = current.row.key if current else None
        while self._layout.count() > 1:
            taken = self._layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.items, self.group_labels = [], {}
        at = 0
        for row in rows:
            if row.group not in self.group_labels:
                label = QLabel()
                label.setObjectName("checkGroup")
                self.group_labels[row.group] = label
                self._layout.insertWidget(at, label)
                label.show()  # at once, not on the layout's queued show: the rows are asked about now
                at += 1
            item = ChecklistItem(row)
            item.set_read_only(self.read_only)
            item.sig_status_requested.connect(self.sig_status_requested)
            item.sig_note_edited.connect(self.sig_note_edited)
            item.sig_value_edited.connect(self.sig_value_edited)
            item.sig_override_requested.connect(self.sig_override_requested)
            item.sig_clicked.connect(self._on_item_clicked)
            item.sig_edit_finished.connect(self._on_edit_finished)
            self.items.append(item)
            self._layout.insertWidget(at, item)
            item.show()
            at += 1
        self._count_groups()
        keys = [item.row.key for item in self.items]
        self._current = -1
        self.set_current(keys.index(current_key) if current_key in keys else (0 if self.items else -1))

    def _count_groups(self) -> None:
        for group, label in self.group_labels.items():
            rows = [item.row for item in self.items if item.row.group == group]
            done = sum(1 for r in rows if r.status)
            label.setText(self.tr("{group}  {done}/{total}").format(group=group or self.tr("Other"), done=done,
                                                                    total=len(rows)))

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for item in self.items:
            item.set_read_only(read_only)

    def item_for(self, tick_id: int) -> ChecklistItem | None:
        return next((item for item in self.items if item.tick_id == tick_id), None)

    def item_by_key(self, key: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.row.key == key), None)

    # -- the current row ------------------------------------------------------------------
    def current_index(self) -> int:
        return self._current

    def current_item(self) -> ChecklistItem | None:
        return self.items[self._current] if 0 <= self._current < len(self.items) else None

    def set_current(self, index: int) -> None:
        if not self.items:
            self._current = -1
            return
        index = max(0, min(index, len(self.items) - 1))
        if index == self._current:
            return
        old = self.current_item()
        if old is not None:
            old.set_current(False)
        self._current = index
        item = self.items[index]
        item.set_current(True)
        self.ensureWidgetVisible(item, 0, 24)
        QTimer.singleShot(0, self, self._ensure_current_visible)  # again once a new row is laid out
        self.sig_current_changed.emit(item.tick_id)

    def _ensure_current_visible(self) -> None:
        item = self.current_item()
        if item is not None:
            self.ensureWidgetVisible(item, 0, 24)

    def _on_item_clicked(self, tick_id: int) -> None:
        item = self.item_for(tick_id)
        if item is not None:
            self.set_current(self.items.index(item))

    def _on_edit_finished(self) -> None:
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        item = self.current_item()
        if key in NEXT_KEYS:
            self.set_current(self._current + 1)
        elif key in PREVIOUS_KEYS:
            self.set_current(self._current - 1)
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(self.items) - 1)
        elif key in STATUS_KEYS and item is not None and not self.read_only:
            self.sig_status_requested.emit(item.tick_id, STATUS_KEYS[key])
        elif key == Qt.Key.Key_Space and item is not None and not self.read_only:
            self.sig_status_requested.emit(item.tick_id, CYCLE[item.row.status])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None:
            item.start_editing()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

