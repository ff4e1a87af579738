"""One unit's live readings as a tree: grouped by class (状态, 温度, 电压 …), many rows of
one metric folded under a summary (CPU 负载（12 项） 平均 35%); each reading named by its
metric and row (输出电流 L1), its value with the unit as Chinese users write it
(24.5 ℃, 45 %RH, 230 V, 80 天 10 时, 91.6 Mbit/s), a state in words (电池供电), an
invalid reading in grey with its reason, and when it was read."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QTreeView

from opsdesk.clock import format_local
from opsdesk.ops import device_readings
from opsdesk.ops.device_readings import Line
from opsdesk.ops.device_snapshot import ReadingRow
from opsdesk.ui.labels import MUTED_COLOURS, SEVERITY_COLOURS

READING_COLUMNS = ("name", "value", "at")


def reading_text(row: ReadingRow) -> str:
    return device_readings.value_text(row)


class ReadingsTreeModel(QAbstractItemModel):
    """Readings grouped by class, many rows of one metric folded under a summary
    (opsdesk.ops.device_readings). Lines keep their keys across refreshes, so a refresh
    that changes only values keeps what the user expanded."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReadingRow] = []
        self._groups: list[Line] = []
        self._parent: dict[int, Line | None] = {}

    # -- content
    def set_rows(self, rows: list[ReadingRow]) -> None:
        rows = list(rows)
        groups = device_readings.group_readings(rows)
        if _shape(groups) == _shape(self._groups):
            # Same lines: update them in place. The view's indexes point at these very
            # objects (createIndex keeps no reference), so they must outlive the refresh.
            changed = rows != self._rows
            self._rows = rows
            _merge(self._groups, groups)
            if changed:
                self._emit_changed(QModelIndex(), self._groups)
            return
        old = self._groups  # alive until the view has let go of its indexes
        self.beginResetModel()
        self._rows, self._groups = rows, groups
        self._index_parents()
        self.endResetModel()
        del old

    def _index_parents(self) -> None:
        self._parent = {}

        def walk(lines, parent):
            for line in lines:
                self._parent[id(line)] = parent
                walk(line.children, line)

        walk(self._groups, None)

    def _emit_changed(self, parent: QModelIndex, lines: list[Line]) -> None:
        if not lines:
            return
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(lines) - 1, len(READING_COLUMNS) - 1, parent))
        for row, line in enumerate(lines):
            if line.children:
                self._emit_changed(self.index(row, 0, parent), line.children)

    def rows(self) -> list[ReadingRow]:
        return list(self._rows)

    def groups(self) -> list[Line]:
        return list(self._groups)

    def line(self, index: QModelIndex | QPersistentModelIndex) -> Line | None:
        return index.internalPointer() if index.isValid() else None

    def leaves(self) -> list[tuple[QModelIndex, Line]]:
        """Every reading's line with its index, in display order (folded ones included)."""
        out: list[tuple[QModelIndex, Line]] = []

        def walk(parent: QModelIndex) -> None:
            for r in range(self.rowCount(parent)):
                idx = self.index(r, 0, parent)
                line = self.line(idx)
                if line is not None and line.row is not None:
                    out.append((idx, line))
                walk(idx)

        walk(QModelIndex())
        return out

    # -- Qt
    def _children(self, parent: QModelIndex | QPersistentModelIndex) -> list[Line]:
        if not parent.isValid():
            return self._groups
        return parent.internalPointer().children

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt's default: an invalid index, never mutated
        children = self._children(parent)
        if 0 <= row < len(children) and 0 <= column < len(READING_COLUMNS):
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # the name is also QObject.parent()  # noqa: B008 - Qt's default: an invalid index, never mutated
        if not index.isValid():
            return QModelIndex()
        parent = self._parent.get(id(index.internalPointer()))
        if parent is None:
            return QModelIndex()
        grand = self._parent.get(id(parent))
        siblings = self._groups if grand is None else grand.children
        return self.createIndex(next(i for i, line in enumerate(siblings) if line is parent), 0, parent)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default: an invalid index, never mutated
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's default: an invalid index, never mutated
        return len(READING_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Reading"), self.tr("Value"), self.tr("Read at"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line: Line = index.internalPointer()
        key = READING_COLUMNS[index.column()]
        row = cast("ReadingRow | None", line.row)  # the lines group the ReadingRows of set_rows
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "name":
                return line.label
            if key == "value":
                return line.value_text
            return format_local(row.at, seconds=True) if row is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and row is not None:
            return f"{row.metric} {row.idx}".strip()
        if role == Qt.ItemDataRole.ToolTipRole and key == "value":
            return line.value_text
        if role == Qt.ItemDataRole.FontRole and row is None and key == "name" and self._parent.get(id(line)) is None:
            font = QFont()
            font.setBold(True)
            return font
        if key != "value":
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.invalid:
                return MUTED_COLOURS[1]
            if line.severity in SEVERITY_COLOURS:
                return SEVERITY_COLOURS[line.severity][1]
        if role == Qt.ItemDataRole.BackgroundRole and not line.invalid and line.severity in SEVERITY_COLOURS \
                and row is not None:
            return SEVERITY_COLOURS[line.severity][0]
        return None


def _merge(old: list[Line], new: list[Line]) -> None:
    for a, b in zip(old, new, strict=True):
        a.label, a.value_text, a.severity, a.invalid, a.row = b.label, b.value_text, b.severity, b.invalid, b.row
        _merge(a.children, b.children)


def _shape(lines: list[Line]) -> tuple:
    return tuple((line.key, _shape(line.children)) for line in lines)


class ReadingsTree(QTreeView):
    """The readings tree: groups open the first time; after a refresh that changes which
    lines there are, what the user had open stays open."""

    def __init__(self, model: ReadingsTreeModel) -> None:
        super().__init__()
        self._model = model  # typed, unlike self.model()
        self.setModel(model)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._expanded: set[str] | None = None  # keys of open lines; None: the groups
        model.modelAboutToBeReset.connect(self._remember_expanded)
        model.modelReset.connect(self._restore_expanded)

    def _walk(self, parent: QModelIndex, visit) -> None:
        model = self._model
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            if visit(idx, model.line(idx)):
                self._walk(idx, visit)

    def _remember_expanded(self) -> None:
        keys: set[str] = set()

        def visit(idx, line):
            if self.isExpanded(idx):
                keys.add(line.key)
                return True
            return False

        self._walk(QModelIndex(), visit)
        if self.model().rowCount():
            self._expanded = keys

    def _restore_expanded(self) -> None:
        def visit(idx, line):
            top_level_by_default = self._expanded is None and not idx.parent().isValid()
            if top_level_by_default or (self._expanded and line.key in self._expanded):
                self.setExpanded(idx, True)
                return True
            return False

        self._walk(QModelIndex(), visit)
