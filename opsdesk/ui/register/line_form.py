"""The detail form of one register line: its contract data, the derived warranty
end and status (live), and its units with their own editor."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models import categories
from opsdesk.models.equipment import warranty_end, warranty_status
from opsdesk.models.users import Perm
from opsdesk.ops import devices
from opsdesk.ops.errors import ConflictError, ValidationError
from opsdesk.ops.register_rows import LineDetail, UnitRow, line_detail, line_units
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import STATUS_CSS, status_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.register.field_edit import FieldEdit, field_label
from opsdesk.ui.register.unit_editor import UnitEditor
from opsdesk.ui.register.units_model import UNIT_ID_ROLE, UnitsTableModel

if TYPE_CHECKING:
    from opsdesk.ui.device.panel import DevicePanel

TEXT_KEYS = ("name", "brand", "model", "purchased", "warranty_years", "end_of_service", "note")
MAX_QUANTITY = 999


class LineForm(QDialog):
    """Add or edit one register line; read-only for a role without EDIT_DEVICE."""

    sig_line_saved = Signal(int)
    """Id of the line that was saved (or deleted with its last unit)."""
    sig_line_loaded = Signal()
    """The line (or a new line's choices) was read and is shown."""
    sig_load_failed = Signal()
    """The line could not be read (deleted by someone else meanwhile): the form closed."""

    def __init__(self, ctx: ConsoleContext, line_id: int | None, *, as_of: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lineForm")
        self.ctx = ctx
        self.line_id = line_id
        self.as_of = as_of
        self.version: int | None = None
        self.loaded = False
        self.unit_editor: UnitEditor | None = None
        self._current_quantity = 0
        self._soon_days = 90
        self.editable = ctx.can(Perm.EDIT_DEVICE)
        self.setMinimumWidth(900)

        self.site_combo = QComboBox()
        self.site_combo.setObjectName("siteCombo")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        for category in categories.categories().all:
            self.category_combo.addItem(category.name(), category.code)
        self.fields: dict[str, FieldEdit] = {
            "name": FieldEdit("name"),
            "brand": FieldEdit("brand"),
            "model": FieldEdit("model"),
            "purchased": FieldEdit("purchased", placeholder=self.tr("e.g. 2018-04, 2018.4 or 2018年4月")),
            "warranty_years": FieldEdit("warranty_years", placeholder=self.tr("years, e.g. 3")),
            "end_of_service": FieldEdit("end_of_service", placeholder=self.tr("if announced, e.g. 2027-12-31")),
            "note": FieldEdit("note"),
        }
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setObjectName("quantitySpin")
        self.quantity_spin.setRange(1, MAX_QUANTITY)
        self.warranty_end_label = QLabel()
        self.warranty_end_label.setObjectName("warrantyEndValue")
        self.status_label = QLabel()
        self.status_label.setObjectName("warrantyStatusValue")
        self.status_label.setProperty("badge", True)
        for key in ("purchased", "warranty_years"):
            self.fields[key].sig_text_edited.connect(self._on_warranty_input_edited)

        form_left = QFormLayout()
        form_left.addRow(field_label("site"), self.site_combo)
        form_left.addRow(field_label("category"), self.category_combo)
        for key in ("name", "brand", "model"):
            form_left.addRow(field_label(key), self.fields[key])
        form_left.addRow(self.tr("Quantity"), self.quantity_spin)
        form_right = QFormLayout()
        for key in ("purchased", "warranty_years", "end_of_service"):
            form_right.addRow(field_label(key), self.fields[key])
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label)
        status_row.addStretch(1)
        form_right.addRow(self.tr("Warranty ends"), self.warranty_end_label)
        form_right.addRow(self.tr("Warranty status"), status_row)
        form_right.addRow(field_label("note"), self.fields["note"])
        line_box = QGroupBox(self.tr("Register line"))
        columns = QHBoxLayout(line_box)
        columns.addLayout(form_left, 1)
        columns.addSpacing(24)
        columns.addLayout(form_right, 1)

        self.units_model = UnitsTableModel(self)
        self.units_table = QTableView()
        self.units_table.setObjectName("unitsTable")
        self.units_table.setModel(self.units_model)
        self.units_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.units_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.units_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units_table.setAlternatingRowColors(True)
        self.units_table.verticalHeader().setVisible(False)
        self.units_table.verticalHeader().setDefaultSectionSize(28)
        self.units_table.horizontalHeader().setMinimumSectionSize(72)  # empty columns stay readable
        self.units_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.units_table.horizontalHeader().setStretchLastSection(True)
        self.units_table.doubleClicked.connect(self._on_unit_double_clicked)
        self.units_table.selectionModel().selectionChanged.connect(self._on_unit_selection_changed)
        self.edit_unit_button = QPushButton(self.tr("Edit unit") if self.editable else self.tr("View unit"))
        self.edit_unit_button.setObjectName("editUnitButton")
        self.edit_unit_button.clicked.connect(self._on_edit_unit_clicked)
        self.live_button = QPushButton(self.tr("Live status"))
        self.live_button.setObjectName("liveStatusButton")
        self.live_button.setToolTip(self.tr("The unit's readings, state and recent alarms from the poller"))
        self.live_button.clicked.connect(self._on_live_clicked)
        self.device_panel: DevicePanel | None = None  # the live view opened last
        self.delete_unit_button = QPushButton(self.tr("Delete unit"))
        self.delete_unit_button.setObjectName("deleteUnitButton")
        self.delete_unit_button.clicked.connect(self._on_delete_unit_clicked)
        self.delete_unit_button.setVisible(ctx.can(Perm.DELETE_DEVICE))
        self.new_line_hint = QLabel(
            self.tr("Units get their asset tags when the line is saved; then each can be edited here."))
        self.new_line_hint.setObjectName("hintLabel")
        self.new_line_hint.setWordWrap(True)
        self.units_box = units_box = QGroupBox(self.tr("Units"))
        units_layout = QVBoxLayout(units_box)
        unit_buttons = QHBoxLayout()
        unit_buttons.addWidget(self.edit_unit_button)
        unit_buttons.addWidget(self.live_button)
        unit_buttons.addWidget(self.delete_unit_button)
        unit_buttons.addStretch(1)
        units_layout.addWidget(self.units_table, 1)
        units_layout.addLayout(unit_buttons)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.save_button.setVisible(self.editable)
        self.cancel_button = QPushButton(self.tr("Cancel") if self.editable else self.tr("Close"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(line_box)
        layout.addWidget(self.new_line_hint)
        layout.addWidget(units_box, 1)
        layout.addLayout(bottom)

        self.load()
        self._apply_read_only()
        self._on_unit_selection_changed()

    # -- loading --------------------------------------------------------------------------
    def load(self) -> None:
        """(Re)read the line and its units (off the GUI thread); Save waits for it."""
        self.loaded = False
        self.save_button.setEnabled(False)
        line_id = self.line_id
        Query(self, self.ctx.store, lambda session: line_detail(session, line_id)) \
            .success(self._on_loaded).failure(self._on_load_failed).run()

    def _on_loaded(self, detail: LineDetail) -> None:
        self._soon_days = detail.soon_days
        self.version = detail.version
        self.site_combo.clear()
        self.site_combo.addItems(list(detail.site_names))
        self.units_model.set_rows(detail.units)
        self._current_quantity = len(detail.units)
        snapshot = detail.values
        if snapshot is None:
            self.setWindowTitle(self.tr("New register line"))
            self.quantity_spin.setMinimum(1)
            self.quantity_spin.setValue(1)
            self.units_box.hide()  # units exist once the line is saved
        else:
            self.setWindowTitle(self.tr("Register line: {title}").format(title=" ".join(
                p for p in (snapshot["name"], snapshot["brand"], snapshot["model"]) if p)))
            self.site_combo.setCurrentText(snapshot["site"] or "")
            code = snapshot["category"]
            if self.category_combo.findData(code) < 0:  # a text an old register left: shown as is, kept
                self.category_combo.addItem(categories.name(code), code)
            self.category_combo.setCurrentIndex(self.category_combo.findData(code))
            for key in TEXT_KEYS:
                value = snapshot.get(key)
                self.fields[key].set_text("" if value is None else str(value))
            # Lowering the quantity means removing named units one by one (a supervisor's right).
            self.quantity_spin.setMinimum(max(1, self._current_quantity))
            self.quantity_spin.setValue(self._current_quantity)
            self.new_line_hint.hide()
            self.resize(980, 720)
        self._on_warranty_input_edited()
        self._on_unit_selection_changed()
        self.loaded = True
        self.save_button.setEnabled(True)
        self.sig_line_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        dialogs.show_error(self.parentWidget(), dialogs.error_text(exc))
        self.reject()
        self.sig_load_failed.emit()

    def _apply_read_only(self) -> None:
        if self.editable:
            return
        self.site_combo.setEnabled(False)
        self.category_combo.setEnabled(False)
        self.quantity_spin.setReadOnly(True)
        for edit in self.fields.values():
            edit.set_read_only(True)

    def unit_rows(self) -> list[UnitRow]:
        return self.units_model.rows()

    # -- derived warranty -----------------------------------------------------------------
    def _on_warranty_input_edited(self, *_args: object) -> None:
        try:
            purchased = devices.parse_field("purchased", self.fields["purchased"].text())
            years = devices.parse_field("warranty_years", self.fields["warranty_years"].text())
        except ValidationError:
            purchased = years = None
        end = warranty_end(purchased, years) if purchased is not None and years is not None else None
        status = warranty_status(purchased, years, self.as_of, self._soon_days)
        self.warranty_end_label.setText(end.isoformat() if end else "—")
        self.status_label.setText(status_label(status))
        self.status_label.setStyleSheet(STATUS_CSS[status] + "padding:2px 10px;border-radius:3px;")
        self.status_label.setToolTip(self.tr("As of {day}").format(day=self.as_of.isoformat()))

    # -- saving ---------------------------------------------------------------------------
    def collect_values(self) -> dict | None:
        """Parsed values of the form, or None (messages shown inline) if any is wrong."""
        values: dict = {"site": self.site_combo.currentText(), "category": self.category_combo.currentData()}
        first_bad: FieldEdit | None = None
        for key, edit in self.fields.items():
            try:
                values[key] = edit.value()
            except ValidationError:
                first_bad = first_bad or edit
        if first_bad is not None:
            first_bad.edit.setFocus()
            return None
        return values

    def _on_save_clicked(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save (off the GUI thread); False if a field is wrong, else True: the form closes
        with :attr:`sig_line_saved` once saved, or shows why it was not."""
        values = self.collect_values()
        if values is None or not self.loaded:
            return False
        quantity = self.quantity_spin.value()
        actor, line_id, version = self.ctx.user, self.line_id, self.version
        changed_quantity = quantity if quantity != self._current_quantity else None

        def run(session) -> int:
            return devices.save_line(session, actor, values, line_id=line_id, expected_version=version,
                                     quantity=changed_quantity).id

        Write(self, self.ctx.store, run, button=self.save_button, feed=live_feed(self.ctx.store)) \
            .success(self._on_saved).failure(self._on_save_failed).run()
        return True

    def _on_saved(self, saved_id: int) -> None:
        self.sig_line_saved.emit(saved_id)
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            question = self.tr("Load the current version now? Your changes here are lost.")
            dialogs.confirm(self, str(exc) + "\n\n" + question, self.load, self.tr("Changed by someone else"))
        elif isinstance(exc, ValidationError) and exc.field in self.fields:
            self.fields[exc.field].show_error(str(exc))
        else:  # permission, database: said, never a crash (a bug's traceback is in the log)
            dialogs.show_error(self, dialogs.error_text(exc))

    # -- units ----------------------------------------------------------------------------
    def selected_unit_id(self) -> int | None:
        rows = self.units_table.selectionModel().selectedRows()
        return rows[0].data(UNIT_ID_ROLE) if rows else None

    def open_unit(self, unit_id: int) -> UnitEditor:
        """The unit's editor; it reads the unit itself and closes with a message if the unit
        was deleted by someone else meanwhile (the units are then read again)."""
        self.unit_editor = UnitEditor(self.ctx, unit_id, parent=self)
        self.unit_editor.sig_unit_saved.connect(self._on_unit_saved)
        self.unit_editor.sig_load_failed.connect(self._reload_units)
        self.unit_editor.open()
        return self.unit_editor

    def open_live_status(self, unit_id: int) -> DevicePanel | None:
        """The unit's live state (readings, alarms) in a window of its own."""
        from opsdesk.ui.device.panel import DevicePanel

        try:
            panel = DevicePanel(self.ctx, unit_id, parent=self)
        except Exception as exc:  # noqa: BLE001 - any failure to open the view (e.g. the unit deleted meanwhile) is shown, not raised
            dialogs.show_error(self, dialogs.error_text(exc))
            return None
        if self.device_panel is not None:  # one live view at a time
            self.device_panel.close()
            self.device_panel.deleteLater()
        self.device_panel = panel
        panel.show()
        return panel

    def _on_unit_selection_changed(self, *_args: object) -> None:
        self.live_button.setEnabled(self.selected_unit_id() is not None)

    def _on_live_clicked(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is not None:
            self.open_live_status(unit_id)

    def _on_unit_double_clicked(self, index) -> None:
        self.open_unit(index.data(UNIT_ID_ROLE))

    def _on_edit_unit_clicked(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is not None:
            self.open_unit(unit_id)

    def _on_unit_saved(self, _unit_id: int) -> None:
        self._reload_units()

    def _reload_units(self) -> None:
        # The line's own version is kept: a unit edit does not change the line,
        # and someone else's change to the line must still be caught on save.
        line_id = self.line_id
        if line_id is not None:
            Query(self, self.ctx.store, lambda session: line_units(session, line_id)).success(self._on_units_read).run()

    def _on_units_read(self, rows: tuple[UnitRow, ...]) -> None:
        self.units_model.set_rows(rows)
        self._on_unit_selection_changed()  # a reset clears the selection without saying so
        self._current_quantity = len(rows)
        self.quantity_spin.setMinimum(max(1, len(rows)))
        self.quantity_spin.setValue(max(1, len(rows)))

    def _on_delete_unit_clicked(self) -> None:
        unit_id = self.selected_unit_id()
        if unit_id is None:
            return
        tag = next(r.asset_tag for r in self.units_model.rows() if r.id == unit_id)
        last = self._current_quantity == 1
        text = self.tr("Delete unit {tag}?").format(tag=tag)
        if last:
            text += "\n" + self.tr("It is the line's last unit: the register line is deleted with it.")
        dialogs.confirm(self, text, lambda: self._delete_unit(unit_id, last), self.tr("Delete unit"))

    def _delete_unit(self, unit_id: int, last: bool) -> None:
        actor = self.ctx.user
        Write(self, self.ctx.store, lambda session: devices.delete_unit(session, actor, unit_id),
              button=self.delete_unit_button, feed=live_feed(self.ctx.store)) \
            .success(lambda _none: self._on_unit_deleted(last)).run()

    def _on_unit_deleted(self, last: bool) -> None:
        if last:
            self.sig_line_saved.emit(self.line_id)
            self.accept()
            return
        self._reload_units()
