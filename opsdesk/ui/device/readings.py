"""One unit's live readings as a table: name, value with its unit as Chinese users
write it (24.5 ℃, 45 %RH, 230 V), a state in words (电池供电), an invalid reading
in grey with its reason, and when it was read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt

from opsdesk.clock import format_local
from opsdesk.models.monitoring import MetricSeries
from opsdesk.ui.labels import MUTED_COLOURS, SEVERITY_COLOURS, format_quantity

READING_COLUMNS = ("name", "value", "at")


@dataclass(frozen=True)
class ReadingRow:
    series_id: int
    metric: str
    idx: str
    label: str
    cls: str
    value: float | None
    unit_symbol: str
    text: str | None  # a state's meaning
    at: dt.datetime | None
    severity: str | None
    invalid_reason: str | None

    @classmethod
    def of(cls, s: MetricSeries) -> ReadingRow:
        # A state's own severity, else whether the value is beyond its limits right now.
        severity = s.last_severity if s.last_severity in ("warning", "critical") else s.breach_severity
        return cls(s.id, s.metric, s.idx, s.label, s.cls, s.last_value, s.unit_symbol, s.last_text, s.last_at,
                   severity, s.invalid_reason)

    @property
    def name(self) -> str:
        return self.label or f"{self.metric} {self.idx}".strip()


def _natural(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def sort_readings(rows: list[ReadingRow]) -> list[ReadingRow]:
    """By metric, then table index as a number (fan 2 before fan 10)."""
    return sorted(rows, key=lambda r: (r.metric, _natural(r.idx)))


def reading_text(row: ReadingRow) -> str:
    if row.invalid_reason:
        return QCoreApplication.translate("ReadingsTableModel", "Invalid: {reason}").format(reason=row.invalid_reason)
    if row.text and (row.cls == "state" or row.value is None):
        return row.text
    if row.value is not None:
        return format_quantity(row.value, row.unit_symbol)
    return row.text or "—"


class ReadingsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReadingRow] = []

    def set_rows(self, rows: list[ReadingRow]) -> None:
        rows = list(rows)
        if [r.series_id for r in rows] == [r.series_id for r in self._rows]:
            changed = rows != self._rows
            self._rows = rows
            if changed and rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(READING_COLUMNS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[ReadingRow]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(READING_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Reading"), self.tr("Value"), self.tr("Read at"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = READING_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name":
                return row.name
            if key == "value":
                return reading_text(row)
            return format_local(row.at, seconds=True)
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return f"{row.metric} {row.idx}".strip()
        if role == Qt.ItemDataRole.ToolTipRole and key == "value":
            return reading_text(row)
        if key != "value":
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.invalid_reason:
                return MUTED_COLOURS[1]
            if row.severity in SEVERITY_COLOURS:
                return SEVERITY_COLOURS[row.severity][1]
        if role == Qt.ItemDataRole.BackgroundRole and not row.invalid_reason and row.severity in SEVERITY_COLOURS:
            return SEVERITY_COLOURS[row.severity][0]
        return None
