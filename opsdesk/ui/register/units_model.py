"""The units of one register line as a table, with the single-feed flag (R-FLOOR-4)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from opsdesk.ops.register_rows import UnitRow

UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
UNIT_COLUMNS = ("asset_tag", "serial", "institution", "room", "rack", "u", "mgmt_ip", "pdu_a", "pdu_b", "power")
SINGLE_FEED_COLOUR = QColor("#b42318")


def unit_column_title(key: str) -> str:
    titles = {
        "asset_tag": QCoreApplication.translate("UnitsTableModel", "Asset tag"),
        "serial": QCoreApplication.translate("UnitsTableModel", "Serial number"),
        "institution": QCoreApplication.translate("UnitsTableModel", "Institution"),
        "room": QCoreApplication.translate("UnitsTableModel", "Room"),
        "rack": QCoreApplication.translate("UnitsTableModel", "Rack"),
        "u": QCoreApplication.translate("UnitsTableModel", "U position"),
        "mgmt_ip": QCoreApplication.translate("UnitsTableModel", "Management IP"),
        "pdu_a": QCoreApplication.translate("UnitsTableModel", "PDU A"),
        "pdu_b": QCoreApplication.translate("UnitsTableModel", "PDU B"),
        "power": QCoreApplication.translate("UnitsTableModel", "Power feed"),
    }
    return titles[key]


def single_feed_text() -> str:
    return QCoreApplication.translate("UnitsTableModel", "Single feed")


class UnitsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UnitRow] = []

    def set_rows(self, rows: list[UnitRow] | tuple[UnitRow, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> UnitRow:
        return self._rows[row]

    def rows(self) -> list[UnitRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(UNIT_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return unit_column_title(UNIT_COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = UNIT_COLUMNS[index.column()]
        if role == UNIT_ID_ROLE:
            return row.id
        if key == "power":
            if role == Qt.ItemDataRole.DisplayRole:
                return single_feed_text() if row.single_pdu else ""
            if role == Qt.ItemDataRole.ForegroundRole and row.single_pdu:
                return SINGLE_FEED_COLOUR
            if role == Qt.ItemDataRole.FontRole and row.single_pdu:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and row.single_pdu:
                return QCoreApplication.translate(
                    "UnitsTableModel", "Fed from one PDU only: a server needs two different PDUs (R-FLOOR-4).")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return getattr(row, key)
        return None
