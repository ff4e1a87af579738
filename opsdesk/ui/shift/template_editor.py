"""检查表模板: a supervisor edits the daily checklist — add, edit, remove, reorder items —
and saves it as a new version. Shifts already started keep the version they began with;
every version stays listed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import format_local
from opsdesk.models import labels
from opsdesk.ops import shift as shift_ops
from opsdesk.ops import shift_rows
from opsdesk.ops.shift_rows import TemplateView
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label, yes_no
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Write
from opsdesk.ui.shift.template_item_dialog import TemplateItemDialog, source_label

COLUMNS = 6


class TemplateEditor(QDialog):
    """The current template's items, editable; 保存 makes the next version."""

    sig_template_saved = Signal(int)
    """The new version's number."""
    sig_template_shown = Signal(int)
    """The version in force, just read and shown."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateEditor")
        self.setWindowTitle(self.tr("Checklist template"))
        self.resize(1180, 720)
        self.ctx = ctx
        self.items: list[dict[str, Any]] = []
        self.saved_items: list[dict[str, Any]] = []
        self.saved_title = ""
        self.version = 0
        self.item_dialog: TemplateItemDialog | None = None
        self._editing: int | None = None  # row being edited, None for a new item

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("templateTitle")
        self.title_edit.textChanged.connect(self._on_changed)
        self.version_label = QLabel()
        self.version_label.setObjectName("hintLabel")
        head = QFormLayout()
        head.addRow(self.tr("Title"), self.title_edit)
        head.addRow(self.tr("In force"), self.version_label)

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("templateItems")
        self.table.setHorizontalHeaderLabels([self.tr("Group"), self.tr("Item"), self.tr("Expected result"),
                                              self.tr("Value source"), self.tr("Required"), self.tr("Shifts")])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, width in ((0, 104), (2, 200), (3, 112), (4, 52), (5, 84)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)

        self.add_button = self._button(self.tr("Add…"), "addItemButton", self._on_add_clicked)
        self.edit_button = self._button(self.tr("Edit…"), "editItemButton", self._on_edit_clicked)
        self.remove_button = self._button(self.tr("Remove"), "removeItemButton", self._on_remove_clicked)
        self.up_button = self._button(self.tr("Move up"), "upButton", lambda: self.move_selected(-1))
        self.down_button = self._button(self.tr("Move down"), "downButton", lambda: self.move_selected(1))
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        items_area = QWidget()
        items_layout = QHBoxLayout(items_area)
        items_layout.setContentsMargins(0, 0, 0, 0)
        items_layout.addWidget(self.table, 1)
        items_layout.addLayout(side)

        self.history_list = QListWidget()
        self.history_list.setObjectName("versionList")
        self.history_list.setWordWrap(True)
        self.history_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        history_area = QWidget()
        history_layout = QVBoxLayout(history_area)
        history_layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Versions"))
        caption.setObjectName("checkGroup")
        history_layout.addWidget(caption)
        history_layout.addWidget(self.history_list, 1)
        note = QLabel(self.tr("A shift keeps the version it started with; a saved change applies from the next shift."))
        note.setObjectName("hintLabel")
        note.setWordWrap(True)
        history_layout.addWidget(note)
        splitter = QSplitter()
        splitter.addWidget(items_area)
        splitter.addWidget(history_area)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 260])

        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedLabel")
        self.save_button = QPushButton(self.tr("Save as new version"))
        self.save_button.setObjectName("saveTemplateButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setEnabled(False)  # until something is changed
        self.save_button.clicked.connect(self._on_save_clicked)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addWidget(close)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        self.reload()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)  # with its parent: made visible alone it would be a window
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- loading and showing ----------------------------------------------------------------
    def reload(self) -> None:
        """Read the template in force off the GUI thread (a write: the shipped template becomes
        version 1 on first use); :attr:`sig_template_shown` when shown."""
        Write(self, self.ctx.store, shift_rows.template_view, feed=live_feed(self.ctx.store)).success(
            self._show).run()

    def _show(self, view: TemplateView) -> None:
        self.version = view.version
        self.saved_items = [dict(i) for i in view.items]
        self.saved_title = view.title
        history = [self.tr("Version {n} · {who}\n{time} · {count} items").format(
            n=v.version, who=v.created_by if v.created_by != "system" else self.tr("shipped"),
            time=format_local(v.created_at), count=v.count) for v in view.versions]
        self.items = [dict(i) for i in self.saved_items]
        self.title_edit.setText(self.saved_title)
        self.version_label.setText(self.tr("Version {n}").format(n=self.version))
        self.history_list.clear()
        self.history_list.addItems(history)
        self._fill_table()
        self.sig_template_shown.emit(self.version)

    def _fill_table(self, select_row: int | None = None) -> None:
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            shifts = item.get("shifts")
            shift_text = self.tr("Every shift") if not shifts or len(shifts) == 2 else \
                labels.listing(shift_code_label(code) for code in shifts)
            values = (item.get("group", ""), item.get("title", ""), item.get("expected", ""),
                      source_label(item.get("source", "manual")), yes_no(bool(item.get("required"))), shift_text)
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(item.get("how", "") if column == 1 else value)
                if column == 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, cell)
        if select_row is not None and 0 <= select_row < len(self.items):
            self.table.selectRow(select_row)
        self._on_selection_changed()
        self._on_changed()

    def changed(self) -> bool:
        return self.items != self.saved_items or self.title_edit.text().strip() != self.saved_title

    def _on_changed(self, *_args: object) -> None:
        self.save_button.setEnabled(self.changed() and bool(self.items))

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _on_selection_changed(self) -> None:
        row = self.selected_row()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(row is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < len(self.items) - 1)

    # -- editing ----------------------------------------------------------------------------
    def groups(self) -> list[str]:
        return list(dict.fromkeys(i.get("group", "") for i in self.items if i.get("group")))

    def _open_item(self, row: int | None) -> TemplateItemDialog:
        if self.item_dialog is not None:
            self.item_dialog.close()
            self.item_dialog.deleteLater()
        self._editing = row
        item = self.items[row] if row is not None else None
        self.item_dialog = TemplateItemDialog(item, self.groups(), {i["key"] for i in self.items}, parent=self)
        self.item_dialog.sig_ok_requested.connect(self._on_item_ok)
        self.item_dialog.open()
        return self.item_dialog

    def add_item(self) -> TemplateItemDialog:
        return self._open_item(None)

    def edit_selected(self) -> TemplateItemDialog | None:
        row = self.selected_row()
        return self._open_item(row) if row is not None else None

    def _on_add_clicked(self) -> None:
        self.add_item()

    def _on_edit_clicked(self, *_args: object) -> None:
        self.edit_selected()

    def _on_item_ok(self, item: dict[str, Any]) -> None:
        if self._editing is None:
            # A new item goes after the last of its group (or at the end).
            same = [n for n, i in enumerate(self.items) if i.get("group") == item.get("group")]
            at = same[-1] + 1 if same else len(self.items)
            self.items.insert(at, item)
        else:
            at = self._editing
            self.items[at] = item
        if self.item_dialog is not None:
            self.item_dialog.accept()
        self._fill_table(at)

    def _on_remove_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            del self.items[row]
            self._fill_table(min(row, len(self.items) - 1))

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        if row is None or not 0 <= row + step < len(self.items):
            return
        self.items[row], self.items[row + step] = self.items[row + step], self.items[row]
        self._fill_table(row + step)

    # -- saving -----------------------------------------------------------------------------
    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> None:
        """Save as the next version, off the GUI thread; :attr:`sig_template_saved` follows, or
        the refusal is said above the buttons."""
        user, items, title = self.ctx.user, [dict(i) for i in self.items], self.title_edit.text().strip()

        def save(session) -> TemplateView:
            shift_ops.save_template(session, user, items, title)
            return shift_rows.template_view(session)

        Write(self, self.ctx.store, save, button=self.save_button, feed=live_feed(self.ctx.store)).success(
            self._on_saved).failure(self._on_save_failed).run()

    def _on_saved(self, view: TemplateView) -> None:
        self.error_label.hide()
        self._show(view)
        self.saved_label.setText(self.tr("Saved as version {n}; it applies from the next shift started.").format(
            n=view.version))
        self.sig_template_saved.emit(view.version)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.error_label.setText(dialogs.error_text(exc))  # a refused item is shown here
        self.error_label.show()
        self._on_changed()
