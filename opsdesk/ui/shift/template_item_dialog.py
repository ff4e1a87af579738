"""One checklist item of the template: what is checked, how, what is expected, where
the value comes from, whether it is required and on which shifts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from opsdesk import i18n
from opsdesk.models import roles
from opsdesk.ui.dialogs import FormDialog

SOURCES = ("manual", "metric", "yesno")
COMBINES = ("max", "min", "states")
NO_LIMIT = -1_000_000.0  # the spin boxes' "no limit" value, shown as a blank


def source_label(source: str) -> str:
    labels = {
        "manual": QCoreApplication.translate("TemplateItemDialog", "Written by the engineer"),
        "metric": QCoreApplication.translate("TemplateItemDialog", "Live value from the monitor"),
        "yesno": QCoreApplication.translate("TemplateItemDialog", "Checked yes / no"),
    }
    return labels.get(source, source)


def combine_label(combine: str) -> str:
    labels = {
        "max": QCoreApplication.translate("TemplateItemDialog", "Highest reading"),
        "min": QCoreApplication.translate("TemplateItemDialog", "Lowest reading"),
        "states": QCoreApplication.translate("TemplateItemDialog", "Any device in a bad state"),
    }
    return labels.get(combine, combine)


def _limit_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(NO_LIMIT, 1_000_000)
    box.setDecimals(1)
    box.setSpecialValueText(" ")  # at the minimum: no limit
    box.setValue(NO_LIMIT)
    return box


class TemplateItemDialog(FormDialog):
    """Edit one item (``item`` None: a new one). ``keys`` are the keys already used."""

    sig_ok_requested = Signal(object)
    """The item as a dict, ready for the template."""

    def __init__(self, item: dict[str, Any] | None, groups: list[str], keys: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateItemDialog")
        self.setWindowTitle(self.tr("Checklist item") if item else self.tr("New checklist item"))
        self.setMinimumWidth(560)
        self.original = dict(item or {})
        self.keys = keys - ({self.original["key"]} if item else set())

        self.key_edit = QLineEdit(self.original.get("key", ""))
        self.key_edit.setObjectName("keyEdit")
        self.key_edit.setPlaceholderText(self.tr("Letters and _, e.g. fire_extinguisher; never changes"))
        self.key_edit.setReadOnly(item is not None)  # past shifts refer to items by key
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("groupCombo")
        self.group_combo.setEditable(True)
        self.group_combo.addItems(groups)
        self.group_combo.setCurrentText(self.original.get("group", groups[0] if groups else ""))
        self.title_edit = QLineEdit(self.original.get("title", ""))
        self.title_edit.setObjectName("titleEdit")
        self.how_edit = QLineEdit(self.original.get("how", ""))
        self.how_edit.setObjectName("howEdit")
        self.expected_edit = QLineEdit(self.original.get("expected", ""))
        self.expected_edit.setObjectName("expectedEdit")
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("sourceCombo")
        for source in SOURCES:
            self.source_combo.addItem(source_label(source), source)
        self.source_combo.setCurrentIndex(SOURCES.index(self.original.get("source", "yesno")))
        self.required_check = QCheckBox(self.tr("Required before sign-off"))
        self.required_check.setObjectName("requiredCheck")
        self.required_check.setChecked(bool(self.original.get("required", False)))
        shifts = self.original.get("shifts") or ["day", "night"]
        self.day_check = QCheckBox(self.tr("Day shift"))
        self.day_check.setObjectName("dayCheck")
        self.day_check.setChecked("day" in shifts)
        self.night_check = QCheckBox(self.tr("Night shift"))
        self.night_check.setObjectName("nightCheck")
        self.night_check.setChecked("night" in shifts)
        shift_line = QHBoxLayout()
        shift_line.addWidget(self.day_check)
        shift_line.addWidget(self.night_check)
        shift_line.addStretch(1)

        # The readings the item is filled from, by what they mean (opsdesk.models.roles).
        self.metrics_edit = QListWidget()
        self.metrics_edit.setObjectName("metricsEdit")
        self.metrics_edit.setMaximumHeight(150)
        chosen = set(self.original.get("roles") or ())
        self._legacy_metrics = list(self.original.get("metrics") or ()) if not chosen else []
        for role in roles.ROLES.values():
            entry = QListWidgetItem(roles.name(role.key, i18n.language()))
            entry.setData(Qt.ItemDataRole.UserRole, role.key)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if role.key in chosen else Qt.CheckState.Unchecked)
            entry.setToolTip(role.key)
            self.metrics_edit.addItem(entry)
        self.combine_combo = QComboBox()
        self.combine_combo.setObjectName("combineCombo")
        for combine in COMBINES:
            self.combine_combo.addItem(combine_label(combine), combine)
        self.combine_combo.setCurrentIndex(COMBINES.index(self.original.get("combine", "max")))
        self.low_box = _limit_box()
        self.high_box = _limit_box()
        if self.original.get("low") is not None:
            self.low_box.setValue(float(self.original["low"]))
        if self.original.get("high") is not None:
            self.high_box.setValue(float(self.original["high"]))
        self.unit_edit = QLineEdit(self.original.get("unit", ""))
        self.unit_edit.setObjectName("unitEdit")
        self.unit_edit.setMaximumWidth(100)
        limits = QHBoxLayout()
        limits.addWidget(QLabel(self.tr("from")))
        limits.addWidget(self.low_box)
        limits.addWidget(QLabel(self.tr("to")))
        limits.addWidget(self.high_box)
        limits.addWidget(QLabel(self.tr("unit")))
        limits.addWidget(self.unit_edit)
        limits.addStretch(1)
        form = QFormLayout()
        self.form = form
        form.setSpacing(8)
        form.addRow(self.tr("Key"), self.key_edit)
        form.addRow(self.tr("Group"), self.group_combo)
        form.addRow(self.tr("Item"), self.title_edit)
        form.addRow(self.tr("How to check"), self.how_edit)
        form.addRow(self.tr("Expected result"), self.expected_edit)
        form.addRow(self.tr("Value source"), self.source_combo)
        form.addRow("", self.required_check)
        form.addRow(self.tr("Shifts"), shift_line)
        # Shown for live items only, in the same form so the labels line up.
        form.addRow(self.tr("Readings"), self.metrics_edit)
        form.addRow(self.tr("Value taken"), self.combine_combo)
        form.addRow(self.tr("Normal range"), limits)
        self._live_rows = (self.metrics_edit, self.combine_combo, limits)
        self.body.addLayout(form)
        self.add_error_line()
        self.add_button_row(self.tr("OK"), self._on_ok_clicked)
        self.source_combo.currentIndexChanged.connect(self._on_source_changed)
        self._on_source_changed()

    def _on_source_changed(self, *_args: object) -> None:
        live = self.source_combo.currentData() == "metric"
        for field in self._live_rows:
            self.form.setRowVisible(field, live)

    def item(self) -> dict[str, Any]:
        """The edited item; fields this dialog does not show are kept."""
        item = dict(self.original)
        item.update(key=self.key_edit.text().strip(), group=self.group_combo.currentText().strip(),
                    title=self.title_edit.text().strip(), how=self.how_edit.text().strip(),
                    expected=self.expected_edit.text().strip(), source=self.source_combo.currentData(),
                    required=self.required_check.isChecked())
        shifts = [code for code, box in (("day", self.day_check), ("night", self.night_check)) if box.isChecked()]
        if len(shifts) == 2:
            item.pop("shifts", None)  # every shift
        else:
            item["shifts"] = shifts
        for field in ("roles", "metrics", "combine", "low", "high", "unit"):
            item.pop(field, None)
        if item["source"] == "metric":
            picked = [self.metrics_edit.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.metrics_edit.count())
                      if self.metrics_edit.item(r).checkState() == Qt.CheckState.Checked]
            if picked:
                item["roles"] = picked
            elif self._legacy_metrics:
                item["metrics"] = self._legacy_metrics  # a checklist saved before roles, kept as it was
            item["combine"] = self.combine_combo.currentData()
            for field, box in (("low", self.low_box), ("high", self.high_box)):
                if box.value() > NO_LIMIT:
                    before = self.original.get(field)
                    # 18 stays 18, not 18.0: an unchanged item must not make a new version
                    item[field] = before if before is not None and float(before) == box.value() else box.value()
        if self.unit_edit.text().strip():
            item["unit"] = self.unit_edit.text().strip()
        return item

    def problem(self) -> str:
        item = self.item()
        if not item["key"]:
            return self.tr("Give the item a key.")
        if item["key"] in self.keys:
            return self.tr("The key {key} is used by another item.").format(key=item["key"])
        if not item["title"]:
            return self.tr("Give the item a title.")
        if not item.get("shifts", ["day"]):
            return self.tr("Choose at least one shift.")
        if item["source"] == "metric" and not (item.get("roles") or item.get("metrics")):
            return self.tr("Tick the readings a live item is filled from.")
        return ""

    def _on_ok_clicked(self) -> None:
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        self.sig_ok_requested.emit(self.item())
