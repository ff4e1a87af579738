"""The roster as a table: people down, the month's days across; each cell the code
(白 夜 休 假) in its colour, days off shaded, 调休 working days marked 班."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from opsdesk.models import labels
from opsdesk.ops.roster_rows import RosterMonth
from opsdesk.ui.labels import ROSTER_COLOURS, shift_code_label, shift_code_letter, weekday_letters, weekday_names

REST_SHADE = QColor("#e9edf2")  # weekends and holidays
ADJUSTED_SHADE = QColor("#fff3d6")  # a weekend made a working day (调休上班)
REST_TEXT = QColor("#a52a22")
COUNT_SHADE = QColor("#f4f6f9")
SHORT_SHADE = QColor("#fbe0de")  # fewer people than the rules ask
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_KIND_ROLE = Qt.ItemDataRole.UserRole + 2  # work, rest, adjusted


def day_kind(month: RosterMonth, day: dt.date) -> str:
    info = month.infos[day]
    if not info.workday:
        return "rest"
    return "adjusted" if day.weekday() >= 5 else "work"


class RosterModel(QAbstractTableModel):
    """One month of one site's roster; the last row counts who is on duty each day
    (red where the rules check finds too few)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.month: RosterMonth | None = None

    def set_month(self, month: RosterMonth) -> None:
        self.beginResetModel()
        self.month = month
        self.endResetModel()

    def shown(self) -> RosterMonth:
        """The month shown: rows, days and cells are asked for only once one is."""
        if self.month is None:
            raise LookupError("no roster month is shown")
        return self.month

    def person_at(self, row: int) -> tuple[str, str]:
        return self.shown().people[row]

    def is_count_row(self, row: int) -> bool:
        return self.month is not None and row == len(self.month.people)

    def day_at(self, column: int) -> dt.date:
        return self.shown().days[column]

    def code_at(self, row: int, column: int) -> str | None:
        month = self.shown()
        return month.grid.get((month.people[row][0], month.days[column]))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() or self.month is None else len(self.month.people) + 1

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() or self.month is None else len(self.month.days)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.month is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                if self.is_count_row(section):
                    return QCoreApplication.translate("RosterModel", "On duty")
                return self.month.people[section][1]
            return None
        day = self.month.days[section]
        kind = day_kind(self.month, day)
        if role == Qt.ItemDataRole.DisplayRole:
            mark = {"adjusted": QCoreApplication.translate("RosterModel", "work"),
                    "rest": QCoreApplication.translate("RosterModel", "off")}.get(kind, "")
            # Weekends are plain days off; a mark only where the calendar differs from the week.
            if kind == "rest" and day.weekday() >= 5:
                mark = ""
            return f"{day.day}\n{weekday_letters()[day.weekday()]}" + (f"\n{mark}" if mark else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._day_text(day)
        if role == Qt.ItemDataRole.ForegroundRole and kind == "rest":
            return REST_TEXT
        if role == DAY_KIND_ROLE:
            return kind
        return None

    def _day_text(self, day: dt.date) -> str:
        info = self.shown().infos[day]
        text = f"{day.isoformat()} {weekday_names()[day.weekday()]}"
        return f"{text} {info.name}" if info.name else text

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.month is None:
            return None
        day = self.month.days[index.column()]
        if self.is_count_row(index.row()):
            return self._count_data(day, role)
        code = self.code_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return shift_code_letter(code)
        if role == CODE_ROLE:
            return code
        if role == DAY_KIND_ROLE:
            return day_kind(self.month, day)
        if role == Qt.ItemDataRole.BackgroundRole:
            if code in ROSTER_COLOURS and code != "off":
                return ROSTER_COLOURS[code][0]
            kind = day_kind(self.month, day)
            return REST_SHADE if kind == "rest" else ADJUSTED_SHADE if kind == "adjusted" else None
        if role == Qt.ItemDataRole.ForegroundRole and code in ROSTER_COLOURS:
            return ROSTER_COLOURS[code][1]
        if role == Qt.ItemDataRole.FontRole and code in ("day", "night", "leave"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = self.month.people[index.row()][1]
            what = shift_code_label(code) or QCoreApplication.translate("RosterModel", "not rostered")
            return labels.said_of(f"{name} {self._day_text(day)}", what)
        return None

    def _count_data(self, day: dt.date, role: int) -> Any:
        month = self.shown()
        counts = month.on_duty(day)
        short = day in month.problem_days
        if role == Qt.ItemDataRole.DisplayRole:
            if not counts:
                return "" if not short else "0"
            return "+".join(str(counts[c]) for c in ("day", "night") if c in counts)
        if role == Qt.ItemDataRole.BackgroundRole:
            return SHORT_SHADE if short else COUNT_SHADE
        if role == Qt.ItemDataRole.ForegroundRole:
            return REST_TEXT if short else None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("RosterModel", "{day}: day shift {d}, night shift {n}").format(
                day=self._day_text(day), d=counts.get("day", 0), n=counts.get("night", 0))
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if self.is_count_row(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
