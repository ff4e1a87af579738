"""One device class of a sheet as a table: devices down, checked items across.

A monitor reading shows its time in small grey text under the value (and in the
tooltip); an abnormal cell is red with its note in the tooltip. Editing goes through
``commit(section_key, row, column, raw) -> bool``, which the sheet editor supplies: the
operation checks the range and stores the value off the GUI thread; the model shows what was
stored once it is (:meth:`SectionModel.update_cell`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from opsdesk.ops.inspection_sheet import Cell, Column, Section
from opsdesk.ui.inspections.labels import ABNORMAL_COLOURS, EMPTY_COLOUR, result_label
from opsdesk.ui.labels import format_limits, format_quantity

FIXED = 2  # 资产编号, 名称
CELL_ROLE = Qt.ItemDataRole.UserRole
TIME_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2

Commit = Callable[[str, int, Column, str], bool]


def cell_text(cell: Cell | None, column: Column) -> str:
    """The value as the sheet shows it: 24.5 ℃, 正常 / 异常, or the text."""
    if cell is None:
        return ""
    if cell.shown:
        return cell.shown
    if column.kind == "number" and cell.value is not None:
        return format_quantity(cell.value, column.unit)
    if column.kind == "check":
        return result_label(cell.result) or cell.text
    return cell.text


class SectionModel(QAbstractTableModel):
    def __init__(self, section: Section, *, editable: bool, commit: Commit | None = None, parent=None) -> None:
        super().__init__(parent)
        self.section = section
        self.editable = editable
        self._commit = commit

    # -- shape --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else len(self.section.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008 - the Qt signature; the default invalid QModelIndex is never mutated
        return 0 if parent.isValid() else FIXED + len(self.section.columns)

    def column(self, index: int) -> Column | None:
        return self.section.columns[index - FIXED] if index >= FIXED else None

    def cell(self, row: int, column: int) -> Cell | None:
        spec = self.column(column)
        return self.section.rows[row].cells.get(spec.key) if spec else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        spec = self.column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if spec is None:
                return self.tr("Asset tag") if section == 0 else self.tr("Device")
            limits = format_limits(spec.low, spec.high, spec.unit) if spec.kind == "number" else ""
            return f"{spec.label}\n{limits}" if limits else spec.label
        if role == Qt.ItemDataRole.ToolTipRole and spec is not None:
            return spec.hint or None
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() >= FIXED and self.cell(index.row(), index.column()) is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    # -- content ------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.section.rows[index.row()]
        spec = self.column(index.column())
        if spec is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.asset_tag if index.column() == 0 else row.name
            if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
                return row.name
            return None
        cell = row.cells.get(spec.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell, spec)
        if role == Qt.ItemDataRole.EditRole:
            if cell is None:
                return ""
            if spec.kind == "number":
                return "" if cell.value is None else f"{cell.value:g}"
            return cell.result if spec.kind == "check" else cell.text
        if role == TIME_ROLE:
            return cell.read_at if cell is not None and cell.source == "monitor" else ""
        if role == KIND_ROLE:
            return spec.kind
        if role == CELL_ROLE:
            return cell
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if cell is None:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(EMPTY_COLOUR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and cell.result == "abnormal":
            return QBrush(ABNORMAL_COLOURS[0])
        if role == Qt.ItemDataRole.ForegroundRole and cell.result == "abnormal":
            return QBrush(ABNORMAL_COLOURS[1])
        if role == Qt.ItemDataRole.FontRole and cell.result == "abnormal":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(cell, spec)
        return None

    def _tooltip(self, cell: Cell, spec: Column) -> str:
        lines = [spec.label]
        limits = format_limits(spec.low, spec.high, spec.unit) if spec.kind == "number" else ""
        if limits:
            lines.append(self.tr("Expected: {range}").format(range=limits))
        if cell.source == "monitor" and cell.read_at:
            lines.append(self.tr("From the monitor, read at {time}").format(time=cell.read_at))
        elif cell.filled and cell.entered_by:
            lines.append(self.tr("Entered by {who}").format(who=cell.entered_by))
        if cell.note:
            lines.append(self.tr("Note: {note}").format(note=cell.note))
        if self.editable and not cell.filled:
            lines.append(self.tr("Double-click or press Enter to fill in"))
        return "\n".join(lines)

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        spec = self.column(index.column())
        if role != Qt.ItemDataRole.EditRole or spec is None or self._commit is None:
            return False
        if str(value).strip() == str(self.data(index, Qt.ItemDataRole.EditRole)).strip():
            return False  # unchanged: nothing to store
        return self._commit(self.section.key, index.row(), spec, str(value))  # shown once stored

    def update_cell(self, row: int, key: str, cell: Cell) -> None:
        """A value stored: shown."""
        self.section = self.section.with_cell(row, key, cell)
        column = FIXED + [c.key for c in self.section.columns].index(key)
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    def set_section(self, section: Section) -> None:
        """The same table read again: only the cells that changed are redrawn (the cell being
        typed in keeps what is typed, unless its own value changed meanwhile)."""
        before, self.section = self.section, section
        for row, (old, new) in enumerate(zip(before.rows, section.rows, strict=True)):
            for position, spec in enumerate(section.columns):
                if old.cells.get(spec.key) != new.cells.get(spec.key):
                    index = self.index(row, FIXED + position)
                    self.dataChanged.emit(index, index)


class CellDelegate(QStyledItemDelegate):
    """Value on top, the monitor's reading time small underneath; a choice box for checks."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        when = index.data(TIME_ROLE)
        if not when:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = option.rect.adjusted(2, 2, -2, -2)
        top = QRect(rect.x(), rect.y(), rect.width(), rect.height() * 3 // 5)
        bottom = QRect(rect.x(), top.bottom(), rect.width(), rect.height() - top.height())
        painter.save()
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(colour.color() if isinstance(colour, QBrush) else option.palette.text().color())
        font = index.data(Qt.ItemDataRole.FontRole) or QFont(option.font)
        painter.setFont(font)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), index.data())
        small = QFont(option.font)
        small.setPointSizeF(max(6.5, option.font.pointSizeF() * 0.78))
        painter.setFont(small)
        painter.setPen(QColor("#52606d"))
        painter.drawText(bottom, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                         self.tr("monitor {time}").format(time=when[5:]))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), max(size.height(), 40))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        if index.data(KIND_ROLE) == "check":
            combo = QComboBox(parent)
            combo.setObjectName("resultCombo")
            combo.addItem(result_label("ok"), "ok")
            combo.addItem(result_label("abnormal"), "abnormal")
            combo.addItem(result_label("na"), "na")
            return combo
        edit = QLineEdit(parent)
        edit.setObjectName("cellEdit")
        return edit

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value or "ok")))
        elif isinstance(editor, QLineEdit):  # the only other editor createEditor makes
            editor.setText(str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):  # the only other editor createEditor makes
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


CHECK_KEYS = {Qt.Key.Key_1: "ok", Qt.Key.Key_2: "abnormal", Qt.Key.Key_3: "na"}


class SectionTable(QTableView):
    """A section's table with the cell delegate; fixed columns sized to their content.

    Keys: arrows move; Enter or typing opens a cell (Tab in it stores and goes on to the next
    item); on a check item 1 / 2 / 3 set 正常 / 异常 / 不适用 at once. Tab outside a cell
    leaves the table, so the buttons and the findings are reached without the mouse."""

    def __init__(self, model: SectionModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"sectionTable_{model.section.key}")
        self._section_model = model
        self.setModel(model)
        self.setItemDelegate(CellDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed if model.editable
                             else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(42)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(72)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.resizeColumnsToContents()
        header.resizeSection(1, min(max(header.sectionSize(1), 140), 240))
        for column in range(FIXED, model.columnCount()):
            header.resizeSection(column, max(header.sectionSize(column), 96))
        header.setStretchLastSection(True)

    def section_model(self) -> SectionModel:
        return self._section_model

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        editable = (index.isValid() and self.state() != QAbstractItemView.State.EditingState
                    and bool(self.model().flags(index) & Qt.ItemFlag.ItemIsEditable))
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if editable and plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit(index)  # Qt itself only opens a cell on F2 or typing
            return
        if editable and plain and index.data(KIND_ROLE) == "check" and event.key() in CHECK_KEYS:
            self.model().setData(index, CHECK_KEYS[Qt.Key(event.key())], Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)
