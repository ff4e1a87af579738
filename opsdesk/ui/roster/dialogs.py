"""The roster's small dialogs: a starting roster for the month, and a leave request.
Each only collects values; the panel runs the operation and closes the dialog or
shows the refusal inside it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk.ui.dialogs import FormDialog


def python_date(date: QDate) -> dt.date:
    """The day a date field shows."""
    return dt.date(date.year(), date.month(), date.day())


class _Dialog(FormDialog):
    """A body, an inline error line and 取消 / OK."""

    sig_ok_requested = Signal()
    """The user pressed OK with complete input."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.content = QVBoxLayout()  # the subclass's widgets, above the error line and buttons
        self.body.addLayout(self.content)
        self.add_error_line()
        self.add_button_row(ok_text, self._on_ok_clicked)

    def _on_ok_clicked(self) -> None:
        if self.ok_button.isEnabled():
            self.sig_ok_requested.emit()


class FillDialog(_Dialog):
    """按工作日生成: the chosen people on the day shift every working day, off otherwise."""

    def __init__(self, year: int, month: int, people: list[tuple[str, str]], preselected: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Roster by working days"), self.tr("Generate"), parent)
        self.setObjectName("fillDialog")
        intro = QLabel(self.tr("Everyone chosen works the day shift on each working day of {year}-{month:02d} "
                               "(adjusted working days included) and is off on the other days. The month's roster "
                               "is replaced; approved leave still shows.").format(year=year, month=month))
        intro.setWordWrap(True)
        self.people_list = QListWidget()
        self.people_list.setObjectName("fillPeople")
        for username, name in people:
            item = QListWidgetItem(name)  # the person's name (张伟), never the login
            item.setData(Qt.ItemDataRole.UserRole, username)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if username in preselected else Qt.CheckState.Unchecked)
            self.people_list.addItem(item)
        self.people_list.setSpacing(3)
        self.people_list.itemChanged.connect(self._on_changed)
        self.content.addWidget(intro)
        self.content.addWidget(self.people_list)
        self._on_changed()

    def chosen(self) -> list[str]:
        return [self.people_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people_list.count())
                if self.people_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, usernames: set[str]) -> None:
        for i in range(self.people_list.count()):
            item = self.people_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in usernames
                               else Qt.CheckState.Unchecked)

    def _on_changed(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.chosen()))


class LeaveDialog(_Dialog):
    """申请请假: dates and a reason; a supervisor approves or rejects it."""

    def __init__(self, first: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Request leave"), self.tr("Submit request"), parent)
        self.setObjectName("leaveDialog")
        self.first_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.first_edit.setObjectName("leaveFirst")
        self.last_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.last_edit.setObjectName("leaveLast")
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.first_edit.dateChanged.connect(self._on_first_changed)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("leaveReason")
        self.reason_edit.setPlaceholderText(self.tr("e.g. family matters, annual leave"))
        self.reason_edit.textChanged.connect(self._on_changed)
        hint = QLabel(self.tr("Ask in advance. Approved leave shows in the roster and does not count as cover."))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("First day"), self.first_edit)
        form.addRow(self.tr("Last day"), self.last_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        self.content.addLayout(form)
        self.content.addWidget(hint)
        self._on_changed()

    def first_day(self) -> dt.date:
        return python_date(self.first_edit.date())

    def last_day(self) -> dt.date:
        return python_date(self.last_edit.date())

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _on_first_changed(self, date: QDate) -> None:
        if self.last_edit.date() < date:
            self.last_edit.setDate(date)

    def _on_changed(self, *_args: object) -> None:
        self.ok_button.setEnabled(bool(self.reason()))
