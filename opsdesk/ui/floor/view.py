"""FloorView: one machine room drawn to scale on its raised-floor grid, every item in
its live colour (R-FLOOR-3). The state is read off the GUI thread every few seconds
and applied item by item, repainting only what changed: the room (floor, grid, outline,
caption) is drawn once into the view's background cache, items blit their cached looks,
and only critical items are touched by the flash timer (bench/floor.py). Supervisors edit the plan
here (drag with snap, rotate, add and remove racks and rows, place sensors; undo,
redo, save). The wall mode embeds it read-only and calls ``set_room``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView, QWidget

from opsdesk.models.users import Perm
from opsdesk.ops import floor, room_views
from opsdesk.ops.floor import FloorUnit, RackInfo, RoomLayout, RoomStatus
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.floor.edit import AddItems, MoveItems, RemoveItems, RotateRack
from opsdesk.ui.floor.items import TILE, FloorItem, FloorLayer, RackItem, UnitItem
from opsdesk.ui.live_feed import FLOOR_KINDS, follow, live_feed
from opsdesk.ui.operations import Query, Write, reading
from opsdesk.ui.worker import LatestRead

if TYPE_CHECKING:  # imported when first opened
    from opsdesk.ui.device.panel import DevicePanel
    from opsdesk.ui.floor.elevation import ElevationDialog

FLASH_MS = 600
ROW_RACKS = 6  # a new row's length, cut to what fits
ROOM_FILL, OUTSIDE_FILL, GRID_PEN = QColor("#fbfcfd"), QColor("#e9edf1"), QColor("#dfe4ea")


def _read_status(store, room_id: int) -> RoomStatus:
    """Runs in the pool: its own session, no widget touched."""
    return reading(store, lambda session: floor.room_status(session, room_id))()


class FloorView(QGraphicsView):
    """The floor plan of one room; ``read_only`` for the wall display."""

    sig_status_applied = Signal(int)
    """Room id, after a status read was applied to the items."""
    sig_layout_loaded = Signal(int)
    """Room id, after the plan was (re)loaded from the store."""
    sig_layout_saved = Signal(int)
    """Room id, after an edit session was saved."""
    sig_edit_mode_changed = Signal(bool)
    """True on entering edit mode, False on leaving it."""
    sig_device_requested = Signal(int)
    """Unit id a click asked for (the view opens the device panel itself too)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None, read_only: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.read_only = read_only
        self._room_id: int | None = None
        self.layout_data: RoomLayout | None = None
        self.status: RoomStatus | None = None
        self.racks: dict[int, RackItem] = {}  # new racks have negative ids until saved
        self.units: dict[int, UnitItem] = {}
        self._new_ids = -1
        self._layout_generation = 0
        self.layout_loading = False
        self._status_read = LatestRead(self.refresh, self._on_status_read, self._on_status_failed)
        self.edit_mode = False
        self.overlay_shown = False
        self.undo_stack = QUndoStack(self)
        self.device_panel: DevicePanel | None = None
        self.elevation_dialog: ElevationDialog | None = None
        self._press_positions: dict[FloorItem, QPointF] = {}
        self._press_at: QPointF | None = None
        self._flashing: list[FloorItem] = []

        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        # The room never changes while it is shown: drawn once, blitted after.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        # Items may overlap (a reading under a unit); one rect around what changed is
        # cheaper to clip to than hundreds of little ones when a whole room updates.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        # Items move only in edit mode: no BSP tree to keep up to date on every drag step.
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(OUTSIDE_FILL)
        self.setObjectName("floorView")
        self.overlay = QGraphicsPixmapItem()
        self.overlay.setZValue(1)
        self.overlay.setOpacity(0.55)
        self.overlay.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.overlay.setVisible(False)
        self.scene().addItem(self.overlay)
        self.layer = FloorLayer(lambda: (*self.racks.values(), *self.units.values()))
        self.scene().addItem(self.layer)
        self.scene().sceneRectChanged.connect(self.layer.set_rect)

        follow(self, ctx.store, self.refresh, kinds=FLOOR_KINDS, cycles=True)  # the live feed, not a timer
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._on_flash_due)

    # -- room ---------------------------------------------------------------------------------
    @property
    def room_id(self) -> int | None:
        return self._room_id

    def set_room(self, room_id: int | None) -> None:
        """Show another room (None: nothing); leaves edit mode without saving."""
        if self.edit_mode:
            self.set_edit_mode(False)
        self._room_id = room_id
        self.reload_layout()
        self.refresh()

    def _layout(self) -> RoomLayout:
        """The plan shown: only asked for while one is (building the scene, editing)."""
        if self.layout_data is None:
            raise RuntimeError("no floor plan is loaded")
        return self.layout_data

    def reload_layout(self) -> None:
        """Read the plan off the GUI thread; the scene is rebuilt when it comes (states kept
        where known). The newest reload wins; no editing until the plan is in."""
        self.undo_stack.clear()
        self._layout_generation += 1
        generation, room_id = self._layout_generation, self._room_id
        if room_id is None:
            self._apply_layout(generation, None)
            return
        self.layout_loading = True
        Query(self, self.ctx.store, lambda session: floor.room_layout(session, room_id)) \
            .success(lambda layout: self._apply_layout(generation, layout)) \
            .failure(lambda exc: self._on_layout_failed(generation, exc)).run()

    def _clear_scene(self) -> None:
        self.undo_stack.clear()
        for item in [*self.racks.values(), *self.units.values()]:
            self.scene().removeItem(item)
        self.racks, self.units = {}, {}
        self._flashing = []
        self.layout_data = None
        self.resetCachedContent()

    def _on_layout_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._layout_generation:
            return
        self.layout_loading = False
        self._clear_scene()
        dialogs.show_error(self, dialogs.error_text(exc))

    def _apply_layout(self, generation: int, layout: RoomLayout | None) -> None:
        if generation != self._layout_generation:
            return  # overtaken by another room, or another reload
        self.layout_loading = False
        self._clear_scene()
        if layout is None:
            self.scene().setSceneRect(QRectF(0, 0, 10 * TILE, 6 * TILE))
            self.layer.set_rect(self.scene().sceneRect())
            self.viewport().update()
            return
        self.layout_data = layout
        room = layout.room
        for rack in layout.racks:
            self._add_rack_item(rack)
        for unit in layout.units:
            self._add_unit_item(unit)
        self.scene().setSceneRect(
            QRectF(-TILE * 0.5, -TILE * 0.5, (room.grid_cols + 1) * TILE, (room.grid_rows + 1) * TILE))
        self.layer.set_rect(self.scene().sceneRect())  # also when the rect is the same (no signal then)
        self.resetCachedContent()
        if self.status is not None and self.status.room_id == self._room_id:
            self.apply_status(self.status)  # read before the plan came, or kept from before
        else:
            self.status = None
            self.overlay.setVisible(False)
        self._fit()
        self.sig_layout_loaded.emit(self._room_id)

    def _prepare(self, item: FloorItem, x: float, y: float) -> None:
        room = self._layout().room
        item.room_size = (float(room.grid_cols), float(room.grid_rows))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        item.set_tile_pos(x, y)
        self._set_editable(item, self.edit_mode)
        item.set_layer(self.layer)
        self.scene().addItem(item)

    def _add_rack_item(self, rack: RackInfo) -> RackItem:
        item = RackItem(rack)
        self._prepare(item, rack.x, rack.y)
        self.racks[rack.id] = item
        return item

    def _add_unit_item(self, unit: FloorUnit) -> UnitItem:
        item = UnitItem(unit)
        self._prepare(item, unit.x, unit.y)
        self.units[unit.id] = item
        return item

    def attach_item(self, item: FloorItem) -> None:
        item.set_layer(self.layer)
        if item.scene() is None:
            self.scene().addItem(item)
        if isinstance(item, RackItem):
            self.racks[item.rack_id] = item
        elif isinstance(item, UnitItem):
            self.units[item.unit_id] = item

    def detach_item(self, item: FloorItem) -> None:
        item.setSelected(False)
        if item.scene() is not None:
            self.scene().removeItem(item)
        if isinstance(item, RackItem):
            self.racks.pop(item.rack_id, None)
        elif isinstance(item, UnitItem):
            self.units.pop(item.unit_id, None)

    # -- live state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the room's state off the GUI thread; applied when it comes back."""
        if self._room_id is None:
            return
        store, room_id = self.ctx.store, self._room_id
        self._status_read.start(lambda: _read_status(store, room_id))

    def _on_status_read(self, status: RoomStatus) -> None:
        if status.room_id != self._room_id:
            return
        if self.layout_loading or self.layout_data is None or self.layout_data.room.id != status.room_id:
            self.status = status  # applied with the plan, when it comes
            return
        self.apply_status(status)

    def _on_status_failed(self, exc: BaseException) -> None:
        self.setToolTip(dialogs.error_text(exc))

    def apply_status(self, status: RoomStatus, emit: bool = True) -> int:
        """Give each item its state; returns how many changed (only those repaint)."""
        old = self.status
        self.status = status
        changed = 0
        flashing: list[FloorItem] = []
        self.layer.begin_batch()
        try:
            for items, states in ((self.units, status.units), (self.racks, status.racks)):
                for key, item in items.items():
                    state = states.get(key)
                    if state is not None and item.set_state(state):
                        changed += 1
                    if item.state.flashing:
                        flashing.append(item)
        finally:
            self.layer.end_batch()
        self._flashing = flashing
        if flashing and not self._flash_timer.isActive():
            self._flash_timer.start()
        elif not flashing:
            self._flash_timer.stop()
        if self.overlay_shown and (old is None or old.temperatures != status.temperatures
                                   or not self.overlay.isVisible()):
            self._draw_overlay()
        if emit:
            self.sig_status_applied.emit(status.room_id)
        return changed

    def _on_flash_due(self) -> None:
        """Only the critical items change phase; each blits one of its two cached looks."""
        self.layer.begin_batch()
        for item in self._flashing:
            if item.state.flashing and item.scene() is not None:
                item.toggle_flash()
        self.layer.end_batch()

    # -- temperature overlay ------------------------------------------------------------------
    def set_overlay(self, shown: bool) -> None:
        self.overlay_shown = shown
        if shown:
            self._draw_overlay()
        else:
            self.overlay.setVisible(False)

    def _draw_overlay(self) -> None:
        if self.layout_data is None or self.status is None:
            self.overlay.setVisible(False)
            return
        room = self.layout_data.room
        per_tile = 4
        field = floor.temperature_field(self.status.temperatures, room.grid_cols, room.grid_rows, per_tile=per_tile)
        if field is None:
            self.overlay.setVisible(False)
            return
        import numpy as np  # only for the overlay: not at the console's start

        # the room's own band (R-ENV-1) sets the colours: a reading reads as it does against its limits
        low, high = room.temp_low, room.temp_high
        start, end = floor.temperature_scale(low, high)
        steps = max(int(round((end - start) / 0.05)), 1)
        lut = np.array([floor.temperature_colour(start + i * 0.05, low, high) for i in range(steps + 1)],
                       dtype=np.uint8)
        index = np.clip(np.round((field - start) / 0.05), 0, steps).astype(int)
        rgba = np.empty((*field.shape, 4), dtype=np.uint8)
        rgba[..., :3] = lut[index]
        rgba[..., 3] = 255
        h, w = field.shape
        image = QImage(rgba.tobytes(), w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        pixmap = QPixmap.fromImage(image.scaled(int(room.grid_cols * TILE), int(room.grid_rows * TILE),
                                                Qt.AspectRatioMode.IgnoreAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
        self.overlay.setPixmap(pixmap)
        self.overlay.setPos(0, 0)
        self.overlay.setVisible(True)

    # -- drawing ------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, self.backgroundBrush())  # light on the console, dark on the wall
        if self.layout_data is None:
            painter.setPen(QColor("#52606d"))
            painter.drawText(self.sceneRect(), Qt.AlignmentFlag.AlignCenter,
                             self.tr("This site has no machine room with a floor plan."))
            return
        room = self.layout_data.room
        area = QRectF(0, 0, room.grid_cols * TILE, room.grid_rows * TILE)
        painter.fillRect(area, ROOM_FILL)
        painter.setPen(QPen(GRID_PEN, 0))
        for c in range(1, room.grid_cols):
            painter.drawLine(QPointF(c * TILE, 0), QPointF(c * TILE, area.height()))
        for r in range(1, room.grid_rows):
            painter.drawLine(QPointF(0, r * TILE), QPointF(area.width(), r * TILE))
        painter.setPen(QPen(QColor("#52606d"), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(area)
        self._draw_caption(painter, room)

    def _draw_caption(self, painter: QPainter, room: floor.RoomInfo) -> None:
        font = QFont(painter.font())
        font.setPixelSize(12)
        painter.setFont(font)
        painter.setPen(QColor("#52606d"))
        caption = self.tr("{site} · {room} · {cols} × {rows} tiles of {mm} mm").format(
            site=room.site_name, room=room.name, cols=room.grid_cols, rows=room.grid_rows, mm=room.tile_mm)
        painter.drawText(QRectF(0, room.grid_rows * TILE + 2, room.grid_cols * TILE, TILE * 0.45),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, caption)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:  # the caption and the items' labels are cached
            self.resetCachedContent()
            for item in (*self.racks.values(), *self.units.values()):
                item.forget_looks()
        super().changeEvent(event)

    def _fit(self) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()
        if not self._status_read.reading:  # set_room may have started one just now
            self.refresh()

    # -- clicks -------------------------------------------------------------------------------
    def item_at(self, pos) -> FloorItem | None:
        for item in self.items(pos):
            if isinstance(item, FloorItem):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press_at = event.position()
        super().mousePressEvent(event)
        if self.edit_mode:
            self._press_positions = {i: i.pos() for i in self.scene().selectedItems() if isinstance(i, FloorItem)}

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.edit_mode:
            moves = [(i, old, i.pos()) for i, old in self._press_positions.items() if i.pos() != old]
            self._press_positions = {}
            if moves:
                self.undo_stack.push(MoveItems(moves))
            return
        if self._press_at is not None and (event.position() - self._press_at).manhattanLength() > 6:
            return
        item = self.item_at(event.position().toPoint())
        if isinstance(item, RackItem):
            self.open_elevation(item.rack_id)
        elif isinstance(item, UnitItem):
            self.open_device(item.unit_id)

    def open_device(self, unit_id: int) -> DevicePanel:
        """The device's live state, as the alarm list opens it."""
        from opsdesk.ui.device.panel import DevicePanel

        self.sig_device_requested.emit(unit_id)
        panel = DevicePanel(self.ctx, unit_id, parent=self)  # a unit deleted meanwhile says so in it
        if self.device_panel is not None:
            self.device_panel.close()
            self.device_panel.deleteLater()
        self.device_panel = panel
        panel.show()
        return panel

    def open_elevation(self, rack_id: int) -> ElevationDialog | None:
        from opsdesk.ui.floor.elevation import ElevationDialog

        rack = next((r for r in (self.layout_data.racks if self.layout_data else ()) if r.id == rack_id), None)
        if rack is None:
            return None
        if self.elevation_dialog is not None:
            self.elevation_dialog.close()
            self.elevation_dialog.deleteLater()
        statuses = self.status.units if self.status is not None else {}
        dialog = ElevationDialog(rack, statuses, parent=self)
        self.elevation_dialog = dialog
        dialog.sig_device_requested.connect(self.open_device)
        dialog.show()
        return dialog

    # -- editing ------------------------------------------------------------------------------
    @property
    def may_edit(self) -> bool:
        return not self.read_only and self.ctx.can(Perm.EDIT_FLOOR) and self.layout_data is not None \
            and not self.layout_loading

    def _set_editable(self, item: FloorItem, editable: bool) -> None:
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, editable)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, editable)
        item.setCursor(Qt.CursorShape.SizeAllCursor if editable else Qt.CursorShape.PointingHandCursor)

    def set_edit_mode(self, on: bool) -> bool:
        """Enter (when allowed) or leave edit mode; leaving throws unsaved changes away."""
        if on and not self.may_edit:
            return False
        if not on and self.edit_mode:
            self.edit_mode = False
            self.reload_layout()  # back to what the store says
        self.edit_mode = on
        for item in (*self.racks.values(), *self.units.values()):
            self._set_editable(item, on)
            item.setSelected(False)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if on else QGraphicsView.DragMode.NoDrag)
        self.sig_edit_mode_changed.emit(on)
        return True

    def selected_racks(self) -> list[RackItem]:
        return [i for i in self.scene().selectedItems() if isinstance(i, RackItem)]

    def rotate_selected(self) -> None:
        racks = self.selected_racks()
        if not self.edit_mode or not racks:
            return
        self.undo_stack.beginMacro(self.tr("Rotate"))
        for item in racks:
            self.undo_stack.push(RotateRack(item, item.rotation_deg, (item.rotation_deg + 90) % 360))
        self.undo_stack.endMacro()

    def _taken(self) -> set[floor.Spot]:
        return floor.tiles_taken((*item.tile_pos(), *item.size_tiles())
                                 for item in (*self.racks.values(), *self.units.values()))

    def _rack_places(self) -> list[tuple[float, float, int]]:
        return [(*item.tile_pos(), item.rotation_deg) for item in self.racks.values()]

    def _free_spot(self, w: int, d: int, near: floor.Spot | None = None) -> floor.Spot | None:
        room = self._layout().room
        return floor.free_spot(room.grid_cols, room.grid_rows, self._taken(), w, d, near)

    def _new_rack(self, name: str, x: float, y: float, rotation: int) -> RackItem:
        info = RackInfo(self._new_ids, name, x, y, rotation, 42, 0, ())
        self._new_ids -= 1
        item = RackItem(info)
        room = self._layout().room
        item.room_size = (float(room.grid_cols), float(room.grid_rows))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        item.set_tile_pos(x, y)
        self._set_editable(item, True)
        return item

    def _names(self) -> list[str]:
        return [i.name for i in self.racks.values()]

    def add_rack(self) -> RackItem | None:
        """A rack beside the selected one (in its row), else at the first free place."""
        if not self.edit_mode:
            return None
        selected = self.selected_racks()
        base = selected[0] if selected else None
        rotation = base.rotation_deg if base else 0
        room = self._layout().room
        spot = floor.new_rack_spot(room.grid_cols, room.grid_rows, self._taken(), self._rack_places(),
                                   (*base.tile_pos(), rotation) if base else None)
        if spot is None:
            dialogs.show_error(self, self.tr("There is no free place on the floor for another rack."))
            return None
        letter = base.name[0] if base and base.name else floor.next_rack_names(self._names(), 1)[0]
        item = self._new_rack(floor.next_rack_name(self._names(), letter), *spot, rotation)
        self.undo_stack.push(AddItems(self, [item], self.tr("Add rack")))
        self.scene().clearSelection()
        item.setSelected(True)
        return item

    def add_row(self, count: int = ROW_RACKS) -> list[RackItem]:
        """A new row of racks below the last one, an aisle apart, facing the other way."""
        if not self.edit_mode:
            return []
        room = self._layout().room
        row = floor.new_row(room.grid_cols, room.grid_rows, self._taken(), self._rack_places(), count)
        if row is None:
            dialogs.show_error(self, self.tr("There is no room for another row below the last one."))
            return []
        letter, names = floor.next_rack_names(self._names(), row.count)
        items = [self._new_rack(names[n], row.x + n, row.y, row.rotation) for n in row.free]
        if items:
            self.undo_stack.push(AddItems(self, items, self.tr("Add row {letter}").format(letter=letter)))
        return items

    def remove_selected(self) -> bool:
        """Remove the selected racks; one that holds devices is refused with the reason. Racks the
        plan shows with devices are asked about off the GUI thread first (removed when the answer
        is no devices). True if removed or asked."""
        racks = self.selected_racks()
        if not self.edit_mode or not racks:
            return False
        held = [item.rack_id for item in racks if item.rack_id > 0 and item.unit_count]
        if not held:
            self._remove_racks(racks)
            return True
        Query(self, self.ctx.store, lambda session: room_views.check_racks_empty(session, held)) \
            .success(lambda _none: self._remove_racks(racks)) \
            .failure(lambda exc: dialogs.show_error(self, dialogs.error_text(exc))).run()  # the op's own words
        return True

    def _remove_racks(self, racks: list[RackItem]) -> None:
        racks = [item for item in racks if item.scene() is self.scene()]  # still on this plan
        if self.edit_mode and racks:
            self.undo_stack.push(RemoveItems(self, racks))

    def place_unit(self, unit_id: int, x: float | None = None, y: float | None = None) -> UnitItem | None:
        """Put an unplaced unit (a sensor) on the floor, at (x, y) or the first free tile."""
        if not self.edit_mode:
            return None
        unit = next((u for u in self._layout().unplaced if u.id == unit_id), None)
        if unit is None or unit_id in self.units:
            return None
        if x is None or y is None:
            spot = self._free_spot(1, 1) or (0, 0)
            x, y = float(spot[0]), float(spot[1])
        item = UnitItem(unit)
        room = self._layout().room
        item.room_size = (float(room.grid_cols), float(room.grid_rows))
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        item.set_tile_pos(x, y)
        self._set_editable(item, True)
        self.undo_stack.push(AddItems(self, [item], self.tr("Place {tag}").format(tag=unit.asset_tag)))
        return item

    def unplaced_units(self) -> list[FloorUnit]:
        if self.layout_data is None:
            return []
        return [u for u in self.layout_data.unplaced if u.id not in self.units]

    def pending_changes(self) -> list[floor.Change]:
        """What the edit session changed, as ops.floor changes."""
        if self.layout_data is None:
            return []
        changes: list[floor.Change] = []
        stored = {r.id: r for r in self.layout_data.racks}
        for rack in self.layout_data.racks:
            if rack.id not in self.racks:
                changes.append(floor.RemoveRack(rack.id, rack.version))
        for rack_id, rack_item in self.racks.items():
            x, y = rack_item.tile_pos()
            if rack_id < 0:
                changes.append(floor.AddRack(rack_item.name, x, y, rack_item.rotation_deg))
                continue
            old = stored[rack_id]
            if (x, y, rack_item.rotation_deg) != (old.x, old.y, old.rotation):
                changes.append(floor.MoveRack(rack_id, x, y, rack_item.rotation_deg, old.version))
        placed = {u.id: u for u in self.layout_data.units}
        for unit_id, unit_item in self.units.items():
            x, y = unit_item.tile_pos()
            was = placed.get(unit_id)
            if was is None or (x, y) != (was.x, was.y):
                changes.append(floor.PlaceUnit(unit_id, x, y, unit_item.unit.version))
        return changes

    def save(self) -> bool:
        """Write the edit session to the store (all or nothing) off the GUI thread, then leave edit
        mode; a refusal (someone moved a rack meanwhile) is said and the edits stay. True if started."""
        room_id = self._room_id
        if not self.edit_mode or room_id is None:
            return False
        user, changes = self.ctx.user, self.pending_changes()
        Write(self, self.ctx.store, lambda session: floor.save_layout(session, user, room_id, changes),
              feed=live_feed(self.ctx.store)).success(lambda _result: self._on_saved(room_id)).run()
        return True

    def _on_saved(self, room_id: int) -> None:
        self.set_edit_mode(False)  # reloads the plan as stored
        self.refresh()
        self.sig_layout_saved.emit(room_id)

    def cancel_edit(self) -> None:
        self.set_edit_mode(False)
