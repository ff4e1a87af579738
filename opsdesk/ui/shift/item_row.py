"""One checklist item as a large, touch-friendly row: what to check and how, the value
(live ones with the time of the reading), a note, and 正常 / 异常 / 不适用.

The row only shows and asks; the checklist view passes the requests on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from opsdesk.ops.shift_rows import ItemRow
from opsdesk.ui.labels import tick_status_label
from opsdesk.ui.style import repolish

STATUSES = ("normal", "abnormal", "na")
ROW_MIN_HEIGHT = 64  # touch screens: everything pressable is at least 44 px (issue 5)
BUTTON_SIZE = (76, 44)
VALUE_WIDTH = 210
NOTE_WIDTH = 230


class RowEdit(QLineEdit):
    """A line edit inside a row: Enter keeps the text, Escape puts the old text back;
    both hand the keyboard back to the checklist."""

    sig_done = Signal()
    """Editing ended by Enter (the text is kept)."""
    sig_cancelled = Signal()
    """Editing ended by Escape (the saved text is back)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved = ""
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab in the checklist never wanders into rows

    def set_saved(self, text: str) -> None:
        self.saved = text
        if not self.hasFocus():
            self.setText(text)
            self.setCursorPosition(0)  # a long text shows its beginning

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self.saved)
            self.sig_cancelled.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_done.emit()
            return
        super().keyPressEvent(event)


class ChecklistItem(QFrame):
    """One item of the checklist; ``row`` is what it shows."""

    sig_status_requested = Signal(int, str)
    """Tick id, status ("normal", "abnormal", "na")."""
    sig_note_edited = Signal(int, str)
    """Tick id, the note as typed (sent when editing ends and the text changed)."""
    sig_value_edited = Signal(int, str, str)
    """Tick id, the value of a manual item as typed, the status to set with it ("" for none:
    a 正常 that was refused for want of this result and now has it)."""
    sig_override_requested = Signal(int)
    """Tick id of a live item whose value the user wants to correct."""
    sig_clicked = Signal(int)
    """Tick id: the row was clicked (it becomes the current one)."""
    sig_edit_finished = Signal()
    """The keyboard goes back to the checklist (Enter or Escape in a field)."""

    def __init__(self, row: ItemRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkItem")
        self.setMinimumHeight(ROW_MIN_HEIGHT)
        # Preferred, not Fixed: a wrapped line (height for width) must be able to grow the row;
        # the checklist's trailing stretch takes any spare height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.row = row
        self.read_only = False
        self.pending_status: str | None = None  # asked for, refused until the result is written
        self.awaiting_value = False  # the result field was asked for: Enter keeps the keyboard there

        self.title_label = QLabel()
        self.title_label.setObjectName("checkTitle")
        self.required_badge = QLabel(self.tr("Required"))
        self.required_badge.setObjectName("requiredBadge")
        self.expected_label = QLabel()
        self.expected_label.setObjectName("checkExpected")
        self.expected_label.setWordWrap(True)
        self.how_label = QLabel()
        self.how_label.setObjectName("checkHow")
        self.how_label.setWordWrap(True)
        self.detail_label = QLabel()  # follow-up, override reason, who ticked
        self.detail_label.setObjectName("checkDetail")
        self.detail_label.setWordWrap(True)
        self.message_label = QLabel()  # "已被他人修改"
        self.message_label.setObjectName("checkMessage")
        self.message_label.setProperty("role", "error")
        self.message_label.hide()

        title_line = QHBoxLayout()
        title_line.setSpacing(8)
        title_line.addWidget(self.title_label, 0)
        title_line.addWidget(self.required_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title_line.addStretch(1)
        info = QVBoxLayout()
        info.setSpacing(2)
        info.addLayout(title_line)
        info.addWidget(self.expected_label)
        info.addWidget(self.how_label)
        info.addWidget(self.detail_label)
        info.addWidget(self.message_label)

        # The value: live items show the reading and its time; manual ones take text.
        self.value_label = QLabel()
        self.value_label.setObjectName("checkValue")
        self.value_label.setWordWrap(True)
        self.live_label = QLabel()
        self.live_label.setObjectName("liveBadge")
        self.override_button = QPushButton(self.tr("Correct value…"))
        self.override_button.setObjectName("overrideButton")
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.setProperty("flat", True)
        self.override_button.clicked.connect(self._on_override_clicked)
        self.value_edit = RowEdit()
        self.value_edit.setObjectName("valueEdit")
        self.value_edit.setPlaceholderText(self.tr("Result observed"))
        self.value_edit.editingFinished.connect(self._on_value_finished)
        self.value_edit.sig_done.connect(self._on_value_done)  # Enter keeps it even without a focus change
        self.value_edit.sig_cancelled.connect(self._on_value_cancelled)
        self.value_error = QLabel()  # why the result is needed, right under the field
        self.value_error.setObjectName("valueError")
        self.value_error.setProperty("role", "error")
        self.value_error.setWordWrap(True)
        self.value_error.hide()
        self.by_label = QLabel()  # who ticked it, when
        self.by_label.setObjectName("tickedBy")
        value_box = QWidget()
        value_box.setFixedWidth(VALUE_WIDTH)
        value_layout = QVBoxLayout(value_box)
        value_layout.setContentsMargins(0, 0, 0, 0)
        value_layout.setSpacing(2)
        value_layout.addWidget(self.value_label)
        value_layout.addWidget(self.live_label, 0, Qt.AlignmentFlag.AlignLeft)
        value_layout.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignLeft)
        value_layout.addWidget(self.value_edit)
        value_layout.addWidget(self.value_error)
        value_layout.addWidget(self.by_label)
        value_layout.addStretch(1)

        self.note_edit = RowEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Note"))
        self.note_edit.setMinimumWidth(NOTE_WIDTH)
        self.note_edit.editingFinished.connect(self._on_note_finished)
        self.note_edit.sig_done.connect(self._on_note_finished)
        self.note_edit.sig_done.connect(self.sig_edit_finished)
        self.note_edit.sig_cancelled.connect(self.sig_edit_finished)

        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # a second click on the checked one does not clear it
        button_row = QHBoxLayout()
        button_row.setSpacing(6)
        for status in STATUSES:
            button = QPushButton(tick_status_label(status))
            button.setObjectName(f"status_{status}")
            button.setProperty("tickStatus", status)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays with the checklist
            button.setMinimumSize(*BUTTON_SIZE)  # the style sheet keeps them from growing
            button.clicked.connect(lambda _checked=False, s=status: self._on_status_clicked(s))
            self.buttons[status] = button
            button_row.addWidget(button)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 12, 10)
        layout.setSpacing(14)
        layout.addLayout(info, 3)
        layout.addWidget(value_box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.note_edit, 2, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(button_row, 0)
        self.set_row(row)
        self.set_current(False)

    # -- showing --------------------------------------------------------------------------
    @property
    def tick_id(self) -> int:
        return self.row.tick_id or 0

    def set_row(self, row: ItemRow) -> None:
        self.row = row
        self.title_label.setText(row.title)
        self.required_badge.setVisible(row.required)
        expected = self.tr("Expected: {expected}").format(expected=row.expected) if row.expected else ""
        self.expected_label.setText(expected)
        self.expected_label.setVisible(bool(row.expected))
        self.how_label.setText(row.how)
        self.how_label.setVisible(bool(row.how))
        self._show_value(row)
        self.note_edit.set_saved(row.note)
        by = self.tr("{who} {time}").format(who=row.ticked_by, time=row.ticked_time) \
            if row.ticked_by and row.source != "metric" else ""
        self.by_label.setText(by)
        self.by_label.setVisible(bool(by))
        details = []
        if row.status == "abnormal" and row.followup:
            details.append(self.tr("Follow-up: {text}").format(text=row.followup))
        if row.source == "override" and row.override_reason and row.metric_value:
            details.append(self.tr("Corrected ({reason}); the monitor read {value}").format(
                reason=row.override_reason, value=row.metric_value))
        elif row.source == "override" and row.override_reason:
            details.append(self.tr("Reason for the override: {reason}").format(reason=row.override_reason))
        self.detail_label.setText("　".join(details))
        self.detail_label.setVisible(bool(details))
        self.detail_label.setProperty("abnormal", row.status == "abnormal")
        repolish(self.detail_label)
        for status, button in self.buttons.items():
            button.setChecked(row.status == status)
        self.setProperty("status", row.status or "none")
        repolish(self)
        self._apply_read_only()

    def _show_value(self, row: ItemRow) -> None:
        if row.live:
            self.value_label.setText(row.value or self.tr("No reading yet"))
            self.value_label.setProperty("empty", not row.value)
            repolish(self.value_label)
            if row.source == "override":
                self.live_label.setText(self.tr("Corrected by hand"))
                self.live_label.setProperty("kind", "override")
            elif row.metric_time:
                self.live_label.setText(self.tr("Live {time}").format(time=row.metric_time))
                self.live_label.setProperty("kind", "live")
            else:
                self.live_label.setText(self.tr("Live value"))
                self.live_label.setProperty("kind", "live")
            repolish(self.live_label)
            self.live_label.show()
            self.value_label.show()
            self.value_edit.hide()
        elif row.kind == "manual":
            self.value_edit.set_saved(row.value)
            self.value_edit.setToolTip(row.value)
            self.value_edit.show()
            self.value_label.hide()
            self.live_label.hide()
        else:  # yes/no: the status says it all
            self.value_label.hide()
            self.live_label.hide()
            self.value_edit.hide()
        self.override_button.setVisible(row.live and bool(row.value) and not self.read_only)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(not self.read_only)
        self.note_edit.setReadOnly(self.read_only)
        self.value_edit.setReadOnly(self.read_only)
        self.override_button.setVisible(self.row.live and bool(self.row.value) and not self.read_only)

    def set_current(self, current: bool) -> None:
        self.setProperty("current", current)
        repolish(self)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def ask_for_value(self, text: str, status: str | None = None) -> None:
        """The result was refused or is missing (a 人工填写 item set 正常 without it): say why
        under the field and put the keyboard there; ``status`` is applied with the result."""
        self.pending_status = status
        self.awaiting_value = True
        self.value_edit.saved = self.row.value
        self.value_error.setText(text)
        self.value_error.show()
        self.value_edit.setProperty("invalid", True)
        repolish(self.value_edit)
        self.value_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.value_edit.selectAll()

    def clear_messages(self) -> None:
        """The item was saved: no conflict line, no request for the result. The result that
        was asked for is in (saved off the GUI thread, after Enter): the keyboard goes back to
        the list, as after any result."""
        was_waiting = self.awaiting_value
        self.show_message("")
        self.pending_status, self.awaiting_value = None, False
        self.value_error.hide()
        if self.value_edit.property("invalid"):
            self.value_edit.setProperty("invalid", False)
            repolish(self.value_edit)
        if was_waiting and self.value_edit.hasFocus():
            self.sig_edit_finished.emit()

    def start_editing(self) -> None:
        """Enter on the checklist: the value of a manual item, else the note."""
        if self.read_only:
            return
        edit = self.value_edit if self.value_edit.isVisible() else self.note_edit
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    # -- handlers -------------------------------------------------------------------------
    def _on_status_clicked(self, status: str) -> None:
        self.buttons[status].setChecked(self.row.status == status)  # shows the store's state until it answers
        self.sig_clicked.emit(self.tick_id)
        if not self.read_only:
            self.sig_status_requested.emit(self.tick_id, status)

    def _on_note_finished(self) -> None:
        text = self.note_edit.text().strip()
        if not self.read_only and text != self.row.note:
            self.note_edit.saved = text
            self.sig_note_edited.emit(self.tick_id, text)

    def _on_value_finished(self) -> None:
        text = self.value_edit.text().strip()
        if self.read_only:
            return
        if self.pending_status and text:
            status, self.pending_status = self.pending_status, None
            self.value_edit.saved = text
            self.sig_value_edited.emit(self.tick_id, text, status)
        elif text != self.row.value:
            self.value_edit.saved = text
            self.sig_value_edited.emit(self.tick_id, text, "")

    def _on_value_done(self) -> None:
        self._on_value_finished()
        if not self.awaiting_value:  # still refused (e.g. Enter on an empty result): stay in the field
            self.sig_edit_finished.emit()

    def _on_value_cancelled(self) -> None:
        self.clear_messages()
        self.sig_edit_finished.emit()

    def _on_override_clicked(self) -> None:
        self.sig_clicked.emit(self.tick_id)
        self.sig_override_requested.emit(self.tick_id)

    def focusNextPrevChild(self, next_child: bool) -> bool:
        # Tab inside a row goes between its value and its note, and stays in the row.
        if self.value_edit.isVisible() and (self.value_edit.hasFocus() or self.note_edit.hasFocus()):
            other = self.note_edit if self.value_edit.hasFocus() else self.value_edit
            other.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().focusNextPrevChild(next_child)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.sig_clicked.emit(self.tick_id)
        super().mousePressEvent(event)
