"""Alarms as a table: severity coloured (严重 red, 警告 amber, greyed in a
maintenance window), the ISA-18.2 state (未确认, 已确认, 已恢复·未确认, 已恢复),
local times with seconds, value and limits with units, how often it was raised,
who acknowledged it and their note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from opsdesk.clock import format_local
from opsdesk.ops.alarm_rows import AlarmRow
from opsdesk.ui.labels import MUTED_COLOURS, SEVERITY_COLOURS, format_limits, format_quantity, severity_label

ALARM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
DEVICE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 3  # what the device filter matches

ALL_COLUMNS = ("severity", "state", "raised", "device", "site", "message", "value", "limits", "count", "acked", "note",
               "cleared")
SEVERITY_ORDER = {"critical": 2, "warning": 1}


def column_title(key: str) -> str:
    titles = {
        "severity": QCoreApplication.translate("AlarmTableModel", "Severity"),
        "state": QCoreApplication.translate("AlarmTableModel", "State"),
        "raised": QCoreApplication.translate("AlarmTableModel", "Raised"),
        "device": QCoreApplication.translate("AlarmTableModel", "Device"),
        "site": QCoreApplication.translate("AlarmTableModel", "Site"),
        "message": QCoreApplication.translate("AlarmTableModel", "Alarm"),
        "value": QCoreApplication.translate("AlarmTableModel", "Value"),
        "limits": QCoreApplication.translate("AlarmTableModel", "Limits"),
        "count": QCoreApplication.translate("AlarmTableModel", "Times"),
        "note": QCoreApplication.translate("AlarmTableModel", "Acknowledgement note"),
        "acked": QCoreApplication.translate("AlarmTableModel", "Acknowledged by / at"),
        "cleared": QCoreApplication.translate("AlarmTableModel", "Cleared"),
    }
    return titles[key]


def severity_text(row: AlarmRow) -> str:
    text = severity_label(row.severity)
    if row.in_maintenance:
        text += QCoreApplication.translate("AlarmTableModel", " (maintenance)")
    return text


def state_text(row: AlarmRow) -> str:
    """Where the alarm is in ISA-18.2's cycle, as the duty room says it."""
    if row.kind == "event":
        return QCoreApplication.translate("AlarmTableModel", "Event")
    if row.active and row.acked:
        return QCoreApplication.translate("AlarmTableModel", "Acknowledged")
    if row.active:
        return QCoreApplication.translate("AlarmTableModel", "Unacknowledged")
    if row.acked or row.in_maintenance:
        return QCoreApplication.translate("AlarmTableModel", "Back to normal")
    return QCoreApplication.translate("AlarmTableModel", "Cleared, unacknowledged")


def waiting(row: AlarmRow) -> bool:
    """Still needs someone: current, not acknowledged, not expected (maintenance)."""
    return not row.acked and not row.in_maintenance and (row.active or row.latched)


def value_text(row: AlarmRow) -> str:
    # A state alarm's value is the agent's code (3 = on battery): the message says it in words.
    return format_quantity(row.value, row.unit_symbol) if row.kind == "threshold" else ""


def acked_text(row: AlarmRow) -> str:
    return f"{row.acked_by} {format_local(row.acked_at, seconds=True)}" if row.acked else ""


class AlarmTableModel(QAbstractTableModel):
    """Rows from :func:`opsdesk.ops.alarm_rows.load_rows`; ``columns`` picks which to show."""

    def __init__(self, columns: tuple[str, ...] = ALL_COLUMNS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[AlarmRow] = []

    def set_rows(self, rows: list[AlarmRow]) -> None:
        """Same alarms in the same order: changed in place, so a selection and the
        scroll position survive the periodic refresh. Otherwise a reset."""
        rows = list(rows)
        if [r.id for r in rows] == [r.id for r in self._rows]:
            changed = rows != self._rows
            self._rows = rows
            if changed and rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[AlarmRow]:
        return list(self._rows)

    def row_at(self, row: int) -> AlarmRow:
        return self._rows[row]

    def row_of(self, alarm_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == alarm_id), -1)

    def column_of(self, key: str) -> int:
        return self.columns.index(key)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default: an invalid index, never mutated
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default: an invalid index, never mutated
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return column_title(self.columns[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == ALARM_ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return self._sort_key(row, key)
        if role == DEVICE_TEXT_ROLE:
            return f"{row.asset_tag} {row.device} {row.site}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.BackgroundRole and key == "severity":
            return MUTED_COLOURS[0] if row.in_maintenance else SEVERITY_COLOURS.get(row.severity, MUTED_COLOURS)[0]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.in_maintenance:
                return MUTED_COLOURS[1]
            if key == "severity" or (key == "state" and row.cleared_unacked):  # cleared, yet still to be seen
                return SEVERITY_COLOURS.get(row.severity, MUTED_COLOURS)[1]
            return None
        # Bold: what still needs someone (current, not acknowledged, not expected).
        if role == Qt.ItemDataRole.FontRole and key in ("severity", "state") and waiting(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("severity", "state", "count"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "value":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def display(row: AlarmRow, key: str) -> str:
        if key == "severity":
            return severity_text(row)
        if key == "state":
            return state_text(row)
        if key == "raised":  # the newest time: a row that came back is about now, not its first time
            return format_local(row.last_raised_at, seconds=True)
        if key == "device":
            return row.device_label
        if key == "site":
            return row.site
        if key == "message":
            return row.text
        if key == "value":
            return value_text(row)
        if key == "limits":
            return format_limits(row.limit_low, row.limit_high, row.unit_symbol)
        if key == "count":
            return str(row.occurrences)
        if key == "acked":
            return acked_text(row)
        if key == "note":
            return " ".join((row.ack_note or "").split())  # one line in the table, whole in the tooltip
        if key == "cleared":
            return format_local(row.cleared_at, seconds=True)
        return ""

    def _sort_key(self, row: AlarmRow, key: str) -> Any:
        if key == "severity":
            return SEVERITY_ORDER.get(row.severity, 0) - (10 if row.in_maintenance else 0)
        if key == "count":
            return row.occurrences
        if key in ("raised", "acked", "cleared"):
            when = {"raised": row.last_raised_at, "acked": row.acked_at, "cleared": row.cleared_at}[key]
            return when.timestamp() if when else 0.0
        if key == "value":
            return row.value if row.value is not None and row.kind == "threshold" else float("-inf")
        return self.display(row, key)

    def _tooltip(self, row: AlarmRow, key: str) -> str | None:
        if key == "acked" and row.acked:
            return QCoreApplication.translate("AlarmTableModel", "{who}: {note}").format(
                who=row.acked_by_label, note=row.ack_note or "")
        if key == "note" and row.ack_note:
            return row.ack_note
        if key in ("raised", "count") and row.occurrences > 1:
            return QCoreApplication.translate(
                "AlarmTableModel", "Raised {n} times before anyone acknowledged it; first at {first}, last at {last}"
            ).format(n=row.occurrences, first=format_local(row.raised_at, seconds=True),
                     last=format_local(row.last_raised_at, seconds=True))
        if key == "state" and row.cleared_unacked:
            return QCoreApplication.translate(
                "AlarmTableModel", "Cleared at {time} before anyone acknowledged it: it stays here until acknowledged."
            ).format(time=format_local(row.cleared_at, seconds=True))
        if key == "message":
            return row.message
        if key == "severity" and row.in_maintenance:
            return QCoreApplication.translate(
                "AlarmTableModel", "Raised during a maintenance window: expected, shown in grey.")
        return None
