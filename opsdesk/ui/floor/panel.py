"""机房平面图: the duty room's first screen. A toolbar (site and room, temperature
overlay, edit / save / undo / redo for supervisors), the floor plan, and its legend."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models import categories
from opsdesk.models.users import Perm
from opsdesk.ops import floor
from opsdesk.ui import dialogs
from opsdesk.ui.combo_fit import fit_to_texts
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.floor.items import STATUS_COLOURS, status_label
from opsdesk.ui.floor.overview import SiteOverviewPanel
from opsdesk.ui.floor.view import FloorView
from opsdesk.ui.labels import format_number
from opsdesk.ui.operations import Query

LEGEND_ORDER = ("normal", "warning", "critical", "unreachable", "maintenance", "unknown")


class Swatch(QWidget):
    """A small coloured square of the legend (hatched for maintenance)."""

    def __init__(self, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setFixedSize(16, 16)

    def paintEvent(self, event: QPaintEvent) -> None:
        fill, outline, _ = STATUS_COLOURS[self.status]
        painter = QPainter(self)
        painter.setPen(outline)
        painter.setBrush(fill)
        painter.drawRoundedRect(0, 0, 15, 15, 3, 3)
        if self.status == "maintenance":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(255, 255, 255, 150), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(1, 1, 14, 14)
        painter.end()


class TemperatureScale(QWidget):
    """The overlay's colours for the room shown (its own band: ops.floor.temperature_colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.band = (18.0, 28.0)
        self.setFixedSize(120, 14)

    def set_band(self, low: float, high: float) -> None:
        self.band = (low, high)
        self.update()

    def colour_at(self, x: int) -> tuple[int, int, int]:
        start, end = floor.temperature_scale(*self.band)
        return floor.temperature_colour(start + (end - start) * x / self.width(), *self.band)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        for x in range(self.width()):
            painter.setPen(QColor(*self.colour_at(x)))
            painter.drawLine(x, 0, x, self.height())
        painter.end()


class FloorLegend(QWidget):
    """What the colours mean; the wall mode may show it under its own FloorView."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("floorLegend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for status in LEGEND_ORDER:
            layout.addWidget(Swatch(status))
            text = status_label(status)
            if status == "critical":
                text = self.tr("Critical (flashes until acknowledged)")
            label = QLabel(text)
            layout.addWidget(label)
            layout.addSpacing(10)
        layout.addWidget(QLabel(self.tr("Thick edge: rack front")))
        layout.addSpacing(10)
        self.scale_label = QLabel()
        self.scale_label.setObjectName("temperatureScaleLabel")
        self.scale = TemperatureScale()
        layout.addWidget(self.scale_label)
        layout.addWidget(self.scale)
        layout.addStretch(1)
        self.set_band(18.0, 28.0)
        self.set_scale_shown(False)

    def set_band(self, low: float, high: float) -> None:
        """Follow the room shown: its band's scale, and the band said in the label."""
        self.scale.set_band(low, high)
        start, end = floor.temperature_scale(low, high)
        self.scale_label.setText(self.tr("Temperature {start}–{end} ℃ (limits {low}–{high} ℃)").format(
            start=format_number(start), end=format_number(end), low=format_number(low), high=format_number(high)))

    def set_scale_shown(self, shown: bool) -> None:
        self.scale_label.setVisible(shown)
        self.scale.setVisible(shown)


class FloorPanel(QWidget):
    """The floor screen for every role; editing needs EDIT_FLOOR (the op checks again)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(self.tr("Machine-room floor"))
        title.setObjectName("panelTitle")
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("floorSiteCombo")
        self.room_combo = QComboBox()
        self.room_combo.setObjectName("floorRoomCombo")
        self.overlay_check = QCheckBox(self.tr("Temperature overlay"))
        self.overlay_check.setObjectName("overlayCheck")
        self.view = FloorView(ctx, self)
        self.legend = FloorLegend()

        self.edit_button = self._button(self.tr("Edit floor plan"), "editButton", self._on_edit_clicked)
        self.add_rack_button = self._button(self.tr("Add rack"), "addRackButton", self.view.add_rack)
        self.add_row_button = self._button(self.tr("Add row"), "addRowButton", self._on_add_row_clicked)
        self.rotate_button = self._button(self.tr("Rotate"), "rotateButton", self.view.rotate_selected)
        self.remove_button = self._button(self.tr("Remove rack"), "removeRackButton", self.view.remove_selected)
        self.sensor_button = self._button(self.tr("Place sensor…"), "placeSensorButton", self._on_place_sensor_clicked)
        self.undo_button = self._button(self.tr("Undo"), "undoButton", self.view.undo_stack.undo)
        self.redo_button = self._button(self.tr("Redo"), "redoButton", self.view.undo_stack.redo)
        self.save_button = self._button(self.tr("Save"), "saveButton", self.view.save)
        self.save_button.setProperty("primary", True)
        self.cancel_button = self._button(self.tr("Cancel"), "cancelButton", self.view.cancel_edit)
        self.edit_tools = [self.add_rack_button, self.add_row_button, self.rotate_button, self.remove_button,
                           self.sensor_button, self.undo_button, self.redo_button, self.save_button, self.cancel_button]
        allowed = ctx.can(Perm.EDIT_FLOOR)  # a duty engineer does not see the action; the op checks again
        self.edit_button.setVisible(allowed)
        self.edit_button.setEnabled(allowed)

        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.view.undo_stack.undo)
        self.redo_action = QAction(self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.redo_action.triggered.connect(self.view.undo_stack.redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            self.addAction(action)
        self.view.undo_stack.canUndoChanged.connect(self._on_undo_state_changed)
        self.view.undo_stack.canRedoChanged.connect(self._on_undo_state_changed)

        self.hint = QLabel(self.tr("Drag to move (snaps to the tiles); select a rack to rotate or remove it."))
        self.hint.setObjectName("hintLabel")

        bar = QHBoxLayout()
        bar.addWidget(title)
        bar.addSpacing(12)
        bar.addWidget(QLabel(self.tr("Site")))
        bar.addWidget(self.site_combo)
        bar.addWidget(QLabel(self.tr("Room")))
        bar.addWidget(self.room_combo)
        bar.addWidget(self.overlay_check)
        bar.addStretch(1)
        bar.addWidget(self.edit_button)
        tools = QHBoxLayout()
        for button in self.edit_tools:
            tools.addWidget(button)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(tools)
        layout.addWidget(self.hint)
        # A site with no floor plan (区属医疗机构) shows its institutions and their devices instead.
        self.overview = SiteOverviewPanel(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.overview)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)

        self.site_combo.currentIndexChanged.connect(self._on_site_changed)
        self.room_combo.currentIndexChanged.connect(self._on_room_changed)
        self.overlay_check.toggled.connect(self._on_overlay_toggled)
        self.view.sig_edit_mode_changed.connect(self._on_edit_mode_changed)
        self.view.sig_layout_loaded.connect(self._on_layout_loaded)
        self._sites: list[floor.SiteRooms] = []
        self._on_edit_mode_changed(False)
        self._load_sites()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)  # with its parent: made visible alone it would be a window
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- sites and rooms ----------------------------------------------------------------------
    def _load_sites(self) -> None:
        """The site/room switcher, read off the GUI thread; then the first site with rooms."""
        Query(self, self.ctx.store, floor.rooms_by_site).success(self._on_sites_read).run()

    def _on_sites_read(self, sites: list[floor.SiteRooms]) -> None:
        self._sites = sites
        self.site_combo.blockSignals(True)
        self.site_combo.clear()
        for site in self._sites:
            self.site_combo.addItem(site.site_name, site.site_id)
        first = next((i for i, s in enumerate(self._sites) if s.rooms), 0)
        self.site_combo.setCurrentIndex(first)
        self.site_combo.blockSignals(False)
        # Wide enough for every site's rooms, not only the first one's (no "灾备机." clipped).
        fit_to_texts(self.site_combo, ())
        fit_to_texts(self.room_combo, [self.tr("(no machine room)"), *(n for s in self._sites for _i, n in s.rooms)])
        self._on_site_changed(first)

    def select_room(self, room_id: int) -> bool:
        """Switch the site and room combos to a room (as a user would)."""
        for i, site in enumerate(self._sites):
            for j, (rid, _name) in enumerate(site.rooms):
                if rid == room_id:
                    self.site_combo.setCurrentIndex(i)
                    self.room_combo.setCurrentIndex(j)
                    return True
        return False

    def _on_site_changed(self, index: int) -> None:
        site = self._sites[index] if 0 <= index < len(self._sites) else None
        self.room_combo.blockSignals(True)
        self.room_combo.clear()
        for room_id, name in site.rooms if site else ():
            self.room_combo.addItem(name, room_id)
        if site is not None and not site.rooms:
            self.room_combo.addItem(self.tr("(no machine room)"), None)
        self.room_combo.setCurrentIndex(0)
        self.room_combo.blockSignals(False)
        self._on_room_changed(0)

    def _on_room_changed(self, _index: int) -> None:
        room_id = self.room_combo.currentData()
        if room_id != self.view.room_id or self.view.layout_data is None:
            self.view.set_room(room_id)
        site_id = self.site_combo.currentData()
        overview = room_id is None and site_id is not None
        self.overview.set_site(site_id if overview else None)
        self.stack.setCurrentWidget(self.overview if overview else self.view)
        self.overlay_check.setEnabled(not overview)
        self._on_edit_mode_changed(self.view.edit_mode)

    # -- handlers -----------------------------------------------------------------------------
    def _on_overlay_toggled(self, shown: bool) -> None:
        self.view.set_overlay(shown)
        self.legend.set_scale_shown(shown)

    def _on_edit_clicked(self) -> None:
        self.view.set_edit_mode(True)

    def _on_add_row_clicked(self) -> None:
        self.view.add_row()

    def _on_place_sensor_clicked(self) -> None:
        units = self.view.unplaced_units()
        if not units:
            sensor = next((c.name() for c in categories.categories().all if c.site_sensor), "")
            dialogs.show_info(self, self.tr("Every sensor of this site has its place. Add a new one in the equipment "
                                            "register (category {category}) first.").format(category=sensor))
            return
        menu = QMenu(self)
        for unit in units:
            menu.addAction(unit.label, self._placer(unit.id))
        menu.popup(self.sensor_button.mapToGlobal(self.sensor_button.rect().bottomLeft()))

    def _placer(self, unit_id: int) -> Callable[[], object]:
        """What a sensor's menu entry does: put that sensor on the floor."""
        return lambda: self.view.place_unit(unit_id)

    def _on_layout_loaded(self, _room_id: int) -> None:
        if self.view.layout_data is not None:
            room = self.view.layout_data.room
            self.legend.set_band(room.temp_low, room.temp_high)
        self._on_edit_mode_changed(self.view.edit_mode)  # editing once the plan is in

    def _on_edit_mode_changed(self, on: bool) -> None:
        for button in self.edit_tools:
            button.setVisible(on)
        self.hint.setVisible(on)
        self.edit_button.setVisible(self.ctx.can(Perm.EDIT_FLOOR) and not on)
        self.edit_button.setEnabled(self.view.may_edit)
        self.site_combo.setEnabled(not on)
        self.room_combo.setEnabled(not on)
        self._on_undo_state_changed()

    def _on_undo_state_changed(self, *_args: object) -> None:
        stack, on = self.view.undo_stack, self.view.edit_mode
        self.undo_button.setEnabled(on and stack.canUndo())
        self.redo_button.setEnabled(on and stack.canRedo())
        self.undo_action.setEnabled(on and stack.canUndo())
        self.redo_action.setEnabled(on and stack.canRedo())
