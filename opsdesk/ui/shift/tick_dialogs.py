"""What a tick needs beyond a click: the follow-up of an abnormal item, the reason for
overriding a live value, and a correction after sign-off (a reason and new signatures).

The dialog only collects; the shift panel runs the operation and closes the dialog,
or shows the refusal inside it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from opsdesk.ops.shift_rows import ItemRow
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.labels import TICK_STATUS_COLOURS, colour_css, tick_status_label
from opsdesk.ui.shift.item_row import STATUSES

TICK, OVERRIDE, CORRECT = "tick", "override", "correct"


@dataclass(frozen=True)
class TickInput:
    """What the user entered; None where the dialog did not ask."""

    tick_id: int
    status: str | None
    value: str | None
    note: str | None
    followup: str | None
    reason: str | None


class TickDialog(FormDialog):
    """``mode``: TICK (status given: asks the follow-up and/or the reason), OVERRIDE
    (a live value corrected by hand), CORRECT (a signed shift: anything, with a reason)."""

    sig_ok_requested = Signal(object)
    """The :class:`TickInput` to apply."""

    def __init__(self, row: ItemRow, mode: str, status: str | None = None, *, need_reason: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tickDialog")
        self.setMinimumWidth(540)
        self.row = row
        self.mode = mode
        self.status = status if status is not None else row.status
        self.need_reason = need_reason or mode in (OVERRIDE, CORRECT)
        titles = {TICK: self.tr("Checklist item"), OVERRIDE: self.tr("Correct a live value"),
                  CORRECT: self.tr("Correct a signed record")}
        self.setWindowTitle(titles[mode])

        self.add_heading(row.title)
        expected = QLabel(self.tr("Expected: {expected}").format(expected=row.expected) if row.expected else "")
        expected.setObjectName("checkExpected")
        self.body.addWidget(expected)
        expected.setVisible(bool(row.expected))
        form = QFormLayout()
        form.setSpacing(10)

        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.status_buttons: dict[str, QPushButton] = {}
        if mode == CORRECT:
            group = QButtonGroup(self)
            line = QHBoxLayout()
            for code in STATUSES:
                button = QPushButton(tick_status_label(code))
                button.setObjectName(f"status_{code}")
                button.setProperty("tickStatus", code)
                button.setCheckable(True)
                button.setChecked(code == self.status)
                button.setFixedSize(88, 40)
                button.clicked.connect(lambda _c=False, s=code: self._on_status_chosen(s))
                group.addButton(button)
                self.status_buttons[code] = button
                line.addWidget(button)
            line.addStretch(1)
            form.addRow(self.tr("Result"), line)
        elif mode == TICK:
            self._show_badge()
            line = QHBoxLayout()
            line.addWidget(self.status_badge)
            line.addStretch(1)
            form.addRow(self.tr("Result"), line)

        if row.live:
            source = self.tr("{value} (live {time})").format(value=row.metric_value or row.value or "—",
                                                             time=row.metric_time or "—")
            monitor = QLabel(source)
            monitor.setObjectName("monitorValue")
            form.addRow(self.tr("Monitor reading"), monitor)
        self.value_edit = QLineEdit(row.value, self)
        self.value_edit.setObjectName("valueEdit")
        self.value_edit.setPlaceholderText(self.tr("Result observed"))
        self.value_edit.textChanged.connect(self._on_changed)
        if mode == OVERRIDE or (mode == CORRECT and row.kind != "yesno"):
            form.addRow(self.tr("Value"), self.value_edit)
        else:
            self.value_edit.hide()

        self.followup_label = QLabel(self.tr("Follow-up"))
        self.followup_edit = QPlainTextEdit(row.followup)
        self.followup_edit.setObjectName("followupEdit")
        self.followup_edit.setPlaceholderText(
            self.tr("What was started: who was called, which ticket, when to check again"))
        self.followup_edit.setTabChangesFocus(True)
        self.followup_edit.setFixedHeight(76)
        self.followup_edit.textChanged.connect(self._on_changed)
        form.addRow(self.followup_label, self.followup_edit)

        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.textChanged.connect(self._on_changed)
        if mode == CORRECT:
            self.reason_edit.setPlaceholderText(self.tr("Why the signed record changes, e.g. a late entry"))
            form.addRow(self.tr("Reason for the correction"), self.reason_edit)
        elif self.need_reason:
            self.reason_edit.setPlaceholderText(
                self.tr("Why the monitor's reading is not taken, e.g. re-measured by hand"))
            form.addRow(self.tr("Reason for the override"), self.reason_edit)
        else:
            self.reason_edit.hide()

        self.note_edit = QLineEdit(row.note)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlaceholderText(self.tr("Note"))
        form.addRow(self.tr("Note"), self.note_edit)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("hintLabel")
        self.hint_label.setWordWrap(True)
        if mode == CORRECT:
            self.hint_label.setText(self.tr("The signed revision stays in the history. After the correction both "
                                            "engineers sign again."))
        elif mode == OVERRIDE or self.need_reason:
            self.hint_label.setText(self.tr("The monitor's reading and your reason are both kept in the record."))
        self.hint_label.setVisible(bool(self.hint_label.text()))
        self.body.addLayout(form)
        self.body.addWidget(self.hint_label)
        self.add_error_line()
        self.add_button_row(self.tr("Correct") if mode == CORRECT else self.tr("Save"), self._on_ok_clicked)
        self._on_changed()
        first = self.followup_edit if self.status == "abnormal" and mode != CORRECT else (
            self.value_edit if mode == OVERRIDE else self.reason_edit if self.need_reason else self.note_edit)
        first.setFocus()

    def _show_badge(self) -> None:
        self.status_badge.setText(tick_status_label(self.status))
        if self.status:
            self.status_badge.setStyleSheet(colour_css(TICK_STATUS_COLOURS[self.status])
                                            + "font-weight:bold;padding:3px 12px;border-radius:3px;")

    def _on_status_chosen(self, status: str) -> None:
        self.status = status
        self._on_changed()

    def _needs_followup(self) -> bool:
        return self.status == "abnormal"

    def _on_changed(self) -> None:
        followup = self._needs_followup()
        self.followup_label.setVisible(followup)
        self.followup_edit.setVisible(followup)
        self.ok_button.setEnabled(self._complete())

    def _complete(self) -> bool:
        if self._needs_followup() and not self.followup_edit.toPlainText().strip():
            return False
        if self.need_reason and not self.reason_edit.text().strip():
            return False
        if self.mode == OVERRIDE and not self.value_edit.text().strip():
            return False
        return self.status is not None or self.mode == OVERRIDE

    def values(self) -> TickInput:
        followup = self.followup_edit.toPlainText().strip() if self._needs_followup() else None
        value = self.value_edit.text().strip() if self.value_edit.isVisibleTo(self) else None
        status = self.status if self.mode != OVERRIDE else None
        return TickInput(self.row.tick_id or 0, status, value, self.note_edit.text().strip(), followup,
                         self.reason_edit.text().strip() if self.need_reason else None)

    def _on_ok_clicked(self) -> None:
        if self._complete():
            self.sig_ok_requested.emit(self.values())
