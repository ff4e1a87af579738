"""The register as a table: one row per register line, warranty status derived
for the chosen "as of" day and coloured."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from opsdesk.models import categories
from opsdesk.models.equipment import WARRANTY_SOON_DAYS, WarrantyStatus, format_month
from opsdesk.ops.register_rows import LineRow
from opsdesk.ui.labels import STATUS_COLOURS, status_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("site", "category", "name", "brand", "model", "purchased", "warranty_years", "warranty_end",
           "quantity", "status", "note")
NUMERIC = frozenset({"warranty_years", "quantity"})
# Missing dates and numbers sort before every real one, in either direction consistently.
MISSING = -1
STATUS_ORDER = {WarrantyStatus.OUT: 0, WarrantyStatus.SOON: 1, WarrantyStatus.IN: 2, WarrantyStatus.UNKNOWN: 3}


def column_title(key: str) -> str:
    titles = {
        "site": QCoreApplication.translate("RegisterTableModel", "Site"),
        "category": QCoreApplication.translate("RegisterTableModel", "Category"),
        "name": QCoreApplication.translate("RegisterTableModel", "Name"),
        "brand": QCoreApplication.translate("RegisterTableModel", "Brand"),
        "model": QCoreApplication.translate("RegisterTableModel", "Model"),
        "purchased": QCoreApplication.translate("RegisterTableModel", "Purchased"),
        "warranty_years": QCoreApplication.translate("RegisterTableModel", "Warranty (years)"),
        "warranty_end": QCoreApplication.translate("RegisterTableModel", "Warranty ends"),
        "quantity": QCoreApplication.translate("RegisterTableModel", "Quantity"),
        "status": QCoreApplication.translate("RegisterTableModel", "Warranty status"),
        "note": QCoreApplication.translate("RegisterTableModel", "Note"),
    }
    return titles[key]


def _date_key(value: dt.date | None) -> int:
    return value.toordinal() if value is not None else MISSING


class RegisterTableModel(QAbstractTableModel):
    """Register lines as :func:`opsdesk.ops.register_rows.register_view` reads them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[LineRow] = []
        self._status: list[WarrantyStatus] = []
        self._as_of = dt.date.today()
        self._soon_days = WARRANTY_SOON_DAYS

    # -- filling --------------------------------------------------------------------------
    def set_lines(self, lines: list[LineRow] | tuple[LineRow, ...], as_of: dt.date, soon_days: int) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._as_of, self._soon_days = as_of, soon_days
        self._status = [line.warranty_status(as_of, soon_days) for line in self._lines]
        self.endResetModel()

    def line_at(self, row: int) -> LineRow:
        return self._lines[row]

    def lines(self) -> list[LineRow]:
        return list(self._lines)

    def unit_count(self) -> int:
        return sum(line.quantity for line in self._lines)

    def column_of(self, key: str) -> int:
        return COLUMNS.index(key)

    # -- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._lines[index.row()]
        key = COLUMNS[index.column()]
        status = self._status[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, key, status)
        if role == SORT_ROLE:
            return self._sort_key(line, key, status)
        if role == LINE_ID_ROLE:
            return line.id
        if role == STATUS_ROLE:
            return status.value
        if role == Qt.ItemDataRole.ToolTipRole and key in ("note", "name", "model"):
            return self._display(line, key, status) or None
        if key == "status" and role == Qt.ItemDataRole.BackgroundRole:
            return STATUS_COLOURS[status][0]
        if key == "status" and role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS[status][1]
        if key == "warranty_end" and role == Qt.ItemDataRole.ForegroundRole and status is WarrantyStatus.OUT:
            return QColor("#a52a22")
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "status":
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, line: LineRow, key: str, status: WarrantyStatus) -> str:
        if key == "site":
            return line.site
        if key == "purchased":
            return format_month(line.purchased)
        if key == "warranty_years":
            return "" if line.warranty_years is None else str(line.warranty_years)
        if key == "warranty_end":
            end = line.warranty_end()
            return end.isoformat() if end else ""
        if key == "quantity":
            return str(line.quantity)
        if key == "status":
            return status_label(status)
        if key == "category":
            return categories.name(line.category)
        return str(getattr(line, key) or "")

    def _sort_key(self, line: LineRow, key: str, status: WarrantyStatus) -> Any:
        # Dates and numbers sort as numbers, never as strings (2018-10 after 2018-9).
        if key == "purchased":
            return _date_key(line.purchased)
        if key == "warranty_end":
            return _date_key(line.warranty_end())
        if key == "warranty_years":
            return MISSING if line.warranty_years is None else line.warranty_years
        if key == "quantity":
            return line.quantity
        if key == "status":
            return STATUS_ORDER[status]
        return self._display(line, key, status)
