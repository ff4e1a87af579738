"""One editor per kind of setting, and the row of a room's own limits, for the settings screen.

Each row knows the value the screen was loaded with, so the screen can tell what the user
changed and send only that (the ops validate and audit each change).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from opsdesk.models.settings import RoomLimits
from opsdesk.ops.settings_ops import RoomLimitsRow, SettingField

INT_LIMIT = 2**31 - 1
# R-ENV-1: the same ranges as env.temp_* and env.humidity_* (the room's band is checked against them).
ROOM_CLASSES = ("temperature", "humidity")


class SpinBox(QSpinBox):
    """A spin box in a scrolled page changes only when it has focus: the wheel over an
    unfocused box scrolls the page instead of altering a setting by accident."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class DoubleSpinBox(QDoubleSpinBox):
    """The same for decimals (a mixin for both would make PySide6 join two Qt classes)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


Editor = QCheckBox | QLineEdit | SpinBox | DoubleSpinBox
"""What edits a setting: by its kind."""


def _band(limits: RoomLimits) -> tuple[float, float]:
    """A room's temperature or humidity band. It has both ends: the site-wide settings are
    numbers, and a room's own band is both ends or none."""
    if limits.low is None or limits.high is None:
        raise ValueError("a room's temperature or humidity band lacks an end")
    return limits.low, limits.high


def _decimals(field: SettingField) -> int:
    """Enough decimals for the value, the default and the bounds (at least one)."""
    places = 1
    for number in (field.value, field.default, field.minimum, field.maximum):
        if isinstance(number, float):
            text = f"{number:g}"
            places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return min(places, 3)


def format_value(field: SettingField, value: Any) -> str:
    """A value in words for the default's note: 18 ℃, 开启, 无."""
    if field.kind == "bool":
        if value:
            return QCoreApplication.translate("SettingsEditors", "on")
        return QCoreApplication.translate("SettingsEditors", "off")
    if value in ("", None):
        return QCoreApplication.translate("SettingsEditors", "none")
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text} {field.unit}" if field.unit else text


class SettingRow:
    """A setting's description, its editor (fitting its kind), its default and its error line."""

    def __init__(self, field: SettingField, on_changed: Callable[[], None]) -> None:
        self.field = field
        self.label = QLabel(field.description)
        self.label.setObjectName(f"label_{field.key}")
        self.label.setWordWrap(True)
        self.label.setToolTip(field.key)
        self.editor = self._make_editor(field)
        self.editor.setObjectName(f"edit_{field.key}")
        self.editor.setAccessibleName(field.description)
        self.label.setBuddy(self.editor)
        default = QCoreApplication.translate("SettingsEditors", "Default {value}")
        self.default_label = QLabel(default.format(value=format_value(field, field.default)))
        self.default_label.setObjectName("countLabel")
        self.error_label = QLabel()
        self.error_label.setObjectName(f"error_{field.key}")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.set_value(field.value)
        self._connect(on_changed)

    def _make_editor(self, field: SettingField) -> Editor:
        if field.kind == "bool":
            return QCheckBox(QCoreApplication.translate("SettingsEditors", "On"))
        if field.kind in ("int", "float"):
            low = field.minimum if field.minimum is not None else -INT_LIMIT
            high = field.maximum if field.maximum is not None else INT_LIMIT
            box: SpinBox | DoubleSpinBox
            if field.kind == "float":
                box = double = DoubleSpinBox()
                double.setDecimals(_decimals(field))
                span = (field.maximum or 100) - (field.minimum or 0)
                double.setSingleStep(0.5 if span >= 10 else 0.1)
                double.setRange(low, high)
            else:
                box = SpinBox()
                box.setRange(int(low), int(high))  # as PySide6 takes a float bound of a QSpinBox: truncated
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            box.setKeyboardTracking(True)
            if field.unit:
                box.setSuffix(f" {field.unit}")
            box.setMinimumWidth(120)
            return box
        edit = QLineEdit()
        edit.setMinimumWidth(160)
        if field.kind == "date":
            edit.setPlaceholderText(QCoreApplication.translate("SettingsEditors", "e.g. 2026-10-01, empty for none"))
        return edit

    def _connect(self, on_changed: Callable[[], None]) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.toggled.connect(lambda _on: self._on_edited(on_changed))
        elif isinstance(editor, QLineEdit):
            editor.textChanged.connect(lambda _text: self._on_edited(on_changed))
        else:
            editor.valueChanged.connect(lambda _value: self._on_edited(on_changed))

    def number_box(self) -> SpinBox | DoubleSpinBox:
        """The editor of a number setting."""
        if isinstance(self.editor, QCheckBox | QLineEdit):
            raise TypeError(f"{self.field.key} is not a number setting")
        return self.editor

    def _on_edited(self, on_changed: Callable[[], None]) -> None:
        self.show_error("")
        font = QFont(self.label.font())
        font.setBold(self.is_changed())
        self.label.setFont(font)
        on_changed()

    def value(self) -> Any:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QLineEdit):
            return editor.text().strip()
        return editor.value()

    def set_value(self, value: Any) -> None:
        editor = self.editor
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            editor.setValue(value)

    def loaded(self, field: SettingField) -> None:
        """Show a freshly read value; the row is unchanged afterwards."""
        self.field = field
        self.set_value(field.value)
        self._on_edited(lambda: None)

    def is_changed(self) -> bool:
        value, editor = self.value(), self.editor
        if isinstance(editor, DoubleSpinBox):  # a float setting
            return round(value, editor.decimals()) != round(float(self.field.value), editor.decimals())
        if self.field.kind in ("str", "date"):
            return value != str(self.field.value or "")
        return value != self.field.value

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def add_to(self, grid: QGridLayout, row: int) -> int:
        """Place the row in a section's grid; returns the next free grid row."""
        grid.addWidget(self.label, row, 0)
        grid.addWidget(self.editor, row, 1)
        grid.addWidget(self.default_label, row, 2)
        grid.addWidget(self.error_label, row + 1, 0, 1, 3)
        return row + 2

    def focus_widgets(self) -> list[QWidget]:
        return [self.editor]


class RoomLimitsEditor:
    """One room: per class, 使用全局设置 or its own low and high (as ``opsdesk settings room``)."""

    def __init__(self, room: RoomLimitsRow, ranges: dict[str, tuple[float | None, float | None, str]],
                 on_changed: Callable[[], None], site_wide: Callable[[str], tuple[float, float]]) -> None:
        """``site_wide(cls)``: the site-wide band as it stands in the form, shown where the room follows it."""
        self.room = room
        self._on_changed = on_changed
        self._site_wide_band = site_wide
        self.label = QLabel(f"{room.site} · {room.room}")
        self.label.setObjectName(f"room_{room.room_id}")
        self.site_wide: dict[str, QCheckBox] = {}
        self.low: dict[str, DoubleSpinBox] = {}
        self.high: dict[str, DoubleSpinBox] = {}
        self.error_label = QLabel()
        self.error_label.setObjectName(f"error_room_{room.room_id}")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        for cls in ROOM_CLASSES:
            lo, hi, unit = ranges[cls]
            check = QCheckBox(QCoreApplication.translate("SettingsEditors", "Use the site-wide setting"))
            check.setObjectName(f"sitewide_{room.room_id}_{cls}")
            self.site_wide[cls] = check
            for store, end in ((self.low, "low"), (self.high, "high")):
                box = DoubleSpinBox()
                box.setObjectName(f"{end}_{room.room_id}_{cls}")
                box.setRange(lo if lo is not None else -INT_LIMIT, hi if hi is not None else INT_LIMIT)
                box.setDecimals(1)
                box.setSingleStep(0.5)
                box.setSuffix(f" {unit}")
                box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                box.setMinimumWidth(100)
                box.valueChanged.connect(lambda _v: self._on_edited())
                store[cls] = box
            check.toggled.connect(lambda on, cls=cls: self._on_site_wide_toggled(cls, on))
        self.loaded(room)

    def loaded(self, room: RoomLimitsRow) -> None:
        self.room = room
        for cls in ROOM_CLASSES:
            band = room.limits[cls]
            low, high = _band(band)
            self.site_wide[cls].setChecked(not band.own)
            self.low[cls].setValue(low)
            self.high[cls].setValue(high)
            self.low[cls].setEnabled(band.own)
            self.high[cls].setEnabled(band.own)
        self._on_edited()

    def show_site_wide(self) -> None:
        """Where the room follows the site-wide band, show that band as it stands in the form."""
        for cls in ROOM_CLASSES:
            if self.site_wide[cls].isChecked():
                low, high = self._site_wide_band(cls)
                self.low[cls].setValue(low)
                self.high[cls].setValue(high)

    def _on_site_wide_toggled(self, cls: str, on: bool) -> None:
        self.low[cls].setEnabled(not on)
        self.high[cls].setEnabled(not on)
        self.show_site_wide()
        self._on_edited()

    def _on_edited(self) -> None:
        self.show_error("")
        font = QFont(self.label.font())
        font.setBold(bool(self.changes()))
        self.label.setFont(font)
        self._on_changed()

    def band(self, cls: str) -> tuple[float, float] | None:
        return None if self.site_wide[cls].isChecked() else (self.low[cls].value(), self.high[cls].value())

    def changes(self) -> dict[str, tuple[float, float] | None]:
        """The classes whose band differs from the one loaded: {class: (low, high) or None}."""
        found = {}
        for cls in ROOM_CLASSES:
            loaded = self.room.limits[cls]
            band = self.band(cls)
            before = None
            if loaded.own:
                low, high = _band(loaded)
                before = (round(low, 1), round(high, 1))
            if (band and (round(band[0], 1), round(band[1], 1))) != before:
                found[cls] = band
        return found

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def add_to(self, grid: QGridLayout, row: int, words: dict[str, str]) -> int:
        grid.addWidget(self.label, row, 0, 1, 5)
        for n, cls in enumerate(ROOM_CLASSES, start=1):
            grid.addWidget(QLabel(words[cls]), row + n, 0)
            grid.addWidget(self.site_wide[cls], row + n, 1)
            grid.addWidget(self.low[cls], row + n, 2)
            grid.addWidget(QLabel("–"), row + n, 3)
            grid.addWidget(self.high[cls], row + n, 4)
        grid.addWidget(self.error_label, row + 3, 0, 1, 5)
        return row + 4

    def focus_widgets(self) -> list[QWidget]:
        return [w for cls in ROOM_CLASSES for w in (self.site_wide[cls], self.low[cls], self.high[cls])]
