"""The things drawn on the floor plan: racks and units standing on the floor, each
coloured by its live state (R-FLOOR-3). An item repaints only when what it shows (state,
reading, flash phase, selection) changes, and then mostly as one pixmap: each item keeps
its last few looks drawn at the view's scale, aligned to device pixels, so the text stays
crisp and a state seen before (a critical item flashing, a rack going amber and back)
costs a blit instead of a paint. A unit's reading, new at nearly every poll, is the one
thing drawn afresh. In a FloorView one FloorLayer draws all items in a single paint
(the items stay for clicks, tooltips and dragging). Tooltips are written when the mouse
is over the item, not on every update (bench/floor.py: 500 items changed every second)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from opsdesk.models import labels
from opsdesk.ops.floor import RACK_D, RACK_W, FloorUnit, RackInfo, UnitStatus

TILE = 48.0  # scene pixels per raised-floor tile (600 mm)

# (fill, outline, text) per state: green, amber, red, grey, blue, pale — told apart by the
# legend's words and the hatching of maintenance too, not by colour alone.
STATUS_COLOURS: dict[str, tuple[QColor, QColor, QColor]] = {
    "normal": (QColor("#2e9d5b"), QColor("#1d6b3c"), QColor("#ffffff")),
    "warning": (QColor("#f0a81c"), QColor("#a86a00"), QColor("#3d2600")),
    "critical": (QColor("#d93a2f"), QColor("#8f1f17"), QColor("#ffffff")),
    "unreachable": (QColor("#8d96a0"), QColor("#5b636c"), QColor("#ffffff")),
    "maintenance": (QColor("#5f8fd3"), QColor("#2f5a99"), QColor("#ffffff")),
    "unknown": (QColor("#dde2e8"), QColor("#9aa5b1"), QColor("#4a5568")),
}
FLASH_OFF = QColor("#fbe0de")  # the other phase of a critical item's flashing
EMPTY_RACK = (QColor("#f4f6f8"), QColor("#b5bec8"), QColor("#7b8794"))
FRONT_EDGE = QColor("#1f2933")
SELECTED = QColor("#1e64c8")
READING_TEXT = QColor("#1f2933")
# Drawn looks an item keeps: one per status and the flash's pale phase. At most this many
# times the item's own area at screen resolution (a rack at 0.66× scale: 10 KB a look).
LOOKS_KEPT = 6
READING_PX = 12
MIN_TEXT_PX = 6.5  # readings smaller than this on screen (a big room zoomed far out) are left out
BATCH_WHOLE = 40  # more items changed at once than this: the layer repaints whole, in one rect


def status_label(status: str) -> str:
    """A floor item's state in the words of every other screen (opsdesk.models.labels)."""
    return labels.device_status(status)


def short_category(category: str) -> str:
    """What the box on the plan says (the register's category, shortened)."""
    return {
        "精密空调": QCoreApplication.translate("Floor", "AC"),
        "UPS电源": "UPS",
        "环境传感器": QCoreApplication.translate("Floor", "T/H"),
        "安全设备": QCoreApplication.translate("Floor", "SEC"),
    }.get(category, category[:2])


_FONTS: dict[tuple[int, bool], QFont] = {}
_ADVANCES: dict[tuple[int, bool], dict[str, float]] = {}
_ASCENTS: dict[tuple[int, bool], float] = {}


def item_font(pixels: int, bold: bool = False) -> QFont:
    """Fonts are made once: building a QFont in every paint costs more than the drawing."""
    font = _FONTS.get((pixels, bold))
    if font is None:
        font = QFont()
        font.setPixelSize(pixels)
        font.setBold(bold)
        _FONTS[(pixels, bold)] = font
    return font


_IDENTITY = QTransform()
_FRONT_PEN = QPen(FRONT_EDGE, 4)
_FRONT_PEN.setCapStyle(Qt.PenCapStyle.FlatCap)
_READING_PEN = QPen(READING_TEXT)
_HATCH = QBrush(QColor(255, 255, 255, 110), Qt.BrushStyle.BDiagPattern)


def text_width(text: str, font: QFont) -> float:
    """The width of a short line of text: the sum of its characters' advances, each
    measured once (readings are digits, units and signs; no kerning among them)."""
    advances = _ADVANCES.setdefault((font.pixelSize(), font.bold()), {})
    try:
        return sum([advances[ch] for ch in text])
    except KeyError:
        metrics = QFontMetricsF(font)
        for ch in text:
            if ch not in advances:
                advances[ch] = metrics.horizontalAdvance(ch)
        return sum([advances[ch] for ch in text])


def _ascent(font: QFont) -> float:
    size = (font.pixelSize(), font.bold())
    ascent = _ASCENTS.get(size)
    if ascent is None:
        ascent = _ASCENTS[size] = QFontMetricsF(font).ascent()
    return ascent


class FloorItem(QGraphicsObject):
    """Common to racks and floor units: state, flashing, snapping while edited, and the
    pixmaps of the looks drawn last."""

    snap = 1.0  # tiles

    def __init__(self) -> None:
        super().__init__()
        self.state = UnitStatus("unknown", False)
        self.flash_on = True
        self.setAcceptHoverEvents(True)
        self.drag_start: QPointF | None = None
        self.room_size = (20.0, 12.0)  # tiles; set by the view, bounds the drag
        self._looks: dict[tuple, QPixmap] = {}
        self._hovered = False
        self._selected = False  # kept by itemChange: isSelected() is a call into Qt in every paint
        self._variant = 0  # what else the cached look depends on (a rack's rotation)
        self._reading_at: tuple[float, float] | None = None  # (centre, top) of the reading, if written
        self._at_view: tuple | None = None  # the view transform _at was worked out for
        self._at: tuple = ()  # device-independent x, y of the look; device scale; offset in the pixel
        self._bounds = QRectF()
        self._cached = QRectF()  # the part of the bounds the looks cover
        self.layer: FloorLayer | None = None
        # Plain floats for the layer's paint loop (a call into Qt per number costs more than the blit).
        self._px = self._py = 0.0
        self._geo = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)  # bounds left, top, right, bottom; cached part's x, y

    def set_layer(self, layer: FloorLayer | None) -> None:
        """Let ``layer`` draw this item (it then paints nothing itself)."""
        self.layer = layer
        self._px, self._py = self.x(), self.y()
        self._at_view = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, layer is not None)

    def refresh_look(self) -> None:
        """Repaint what this item covers (its own paint, or its layer's part of the plan)."""
        if self.layer is None:
            self.update()
        else:
            self.layer.update_at(self)

    # -- geometry ---------------------------------------------------------------------------
    def size_tiles(self) -> tuple[float, float]:
        raise NotImplementedError

    def tile_pos(self) -> tuple[float, float]:
        return round(self.pos().x() / TILE, 2), round(self.pos().y() / TILE, 2)

    def set_tile_pos(self, x: float, y: float) -> None:
        self.setPos(x * TILE, y * TILE)
        self._px, self._py = self.x(), self.y()  # snapped by itemChange when it is on
        self._at_view = None

    def itemChange(self, change, value):
        Change = QGraphicsItem.GraphicsItemChange
        if change == Change.ItemSelectedHasChanged:
            self._selected = bool(value)
            self.refresh_look()
        elif change == Change.ItemPositionChange:
            w, d = self.size_tiles()
            cols, rows = self.room_size
            x = min(max(round(value.x() / TILE / self.snap) * self.snap, 0.0), max(cols - w, 0.0))
            y = min(max(round(value.y() / TILE / self.snap) * self.snap, 0.0), max(rows - d, 0.0))
            if self.layer is not None:
                self.layer.update_at(self)  # where it was
            return QPointF(x * TILE, y * TILE)
        elif change == Change.ItemPositionHasChanged:
            self._px, self._py = value.x(), value.y()
            self._at_view = None
            if self.layer is not None:
                self.layer.update_at(self)  # where it is now
        elif change == Change.ItemSceneHasChanged and self.layer is not None:
            self.layer.update_at(self)  # put on or taken off the plan
        return super().itemChange(change, value)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _set_bounds(self, rect: QRectF, cached: QRectF | None = None) -> None:
        if self.layer is not None:
            self.layer.update_at(self)
        self.prepareGeometryChange()
        self._bounds = rect
        self._cached = cached if cached is not None else rect
        self._geo = (rect.left(), rect.top(), rect.right(), rect.bottom(), self._cached.x(), self._cached.y())
        self._at_view = None
        self._looks.clear()

    # -- state ------------------------------------------------------------------------------
    def set_state(self, state: UnitStatus) -> bool:
        """Take a new state; True when it differs. A repaint only when what is drawn
        changes (an alarm's message or the overlay's temperature show in the tooltip)."""
        old = self.state
        if state == old:
            return False
        self.state = state
        if state.status != old.status or state.flashing != old.flashing or state.reading != old.reading:
            self.flash_on = True
            self.refresh_look()
        if self._hovered:
            self.setToolTip(self.tooltip())
        return True

    def toggle_flash(self) -> None:
        self.flash_on = not self.flash_on
        self.refresh_look()

    def colours(self) -> tuple[QColor, QColor, QColor]:
        fill, outline, text = STATUS_COLOURS.get(self.state.status, STATUS_COLOURS["unknown"])
        if self.state.flashing and not self.flash_on:
            return FLASH_OFF, outline, STATUS_COLOURS["critical"][1]
        return fill, outline, text

    # -- tooltip ----------------------------------------------------------------------------
    def tooltip(self) -> str:
        raise NotImplementedError

    def toolTip(self) -> str:  # what Qt shows: written when the mouse comes over the item
        return self.tooltip()

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = True
        self.setToolTip(self.tooltip())
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self._hovered = False
        super().hoverLeaveEvent(event)

    # -- painting ---------------------------------------------------------------------------
    def forget_looks(self) -> None:
        """Drop the drawn looks (the language changed: the labels read otherwise)."""
        self._looks.clear()
        self.refresh_look()

    def draw(self, painter: QPainter) -> None:
        """The cached part, in item coordinates."""
        raise NotImplementedError

    def draw_live(self, painter: QPainter) -> None:
        """What is drawn afresh in every paint, in item coordinates (nothing by default)."""


    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        # Only without a FloorLayer (which draws the items of a FloorView all at once).
        self.draw(painter)
        self.draw_live(painter)

    def make_look(self, key: tuple, ratio: float, hints) -> QPixmap:
        """The cached part drawn for ``key`` (status, pale flash phase, selected, variant,
        x and y scale in device pixels, x and y offset within a device pixel); the oldest
        of LOOKS_KEPT looks makes room."""
        sx, sy, fx, fy = key[4:]
        b = self._cached
        pixmap = QPixmap(math.ceil(b.width() * sx + fx) + 1, math.ceil(b.height() * sy + fy) + 1)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHints(hints)
        p.setTransform(QTransform(sx, 0, 0, sy, fx - b.x() * sx, fy - b.y() * sy))
        self.draw(p)
        p.end()
        pixmap.setDevicePixelRatio(ratio)
        looks = self._looks
        if len(looks) >= LOOKS_KEPT:
            del looks[next(iter(looks))]
        looks[key] = pixmap
        return pixmap

    def _paint_box(self, painter: QPainter, rect: QRectF, fill: QColor, outline: QColor) -> None:
        # Square corners without antialiasing: crisp edges on the tile grid.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(QPen(SELECTED if self.isSelected() else outline, 3 if self.isSelected() else 1))
        painter.setBrush(fill)
        painter.drawRect(rect)
        if self.state.status == "maintenance":
            painter.setBrush(_HATCH)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRect(rect)


class RackItem(FloorItem):
    """A rack seen from above: its name, the front edge drawn thick, its worst state."""

    def __init__(self, rack: RackInfo) -> None:
        super().__init__()
        self.rack = rack
        self.rack_id = rack.id
        self.name = rack.name
        self.rotation_deg = rack.rotation
        self._variant = self.rotation_deg
        self.unit_count = len(rack.units)
        self._set_bounds(self._rect_for(self.rotation_deg))
        self.set_tile_pos(rack.x, rack.y)
        self.setZValue(2)  # under the units

    def size_tiles(self) -> tuple[float, float]:
        return (RACK_D, RACK_W) if self.rotation_deg in (90, 270) else (RACK_W, RACK_D)

    def _rect_for(self, rotation: int) -> QRectF:
        w, d = (RACK_D, RACK_W) if rotation in (90, 270) else (RACK_W, RACK_D)
        return QRectF(-2, -2, w * TILE + 4, d * TILE + 4)

    def set_rotation_deg(self, rotation: int) -> None:
        self.rotation_deg = self._variant = rotation % 360
        self._set_bounds(self._rect_for(self.rotation_deg))
        self.refresh_look()

    def draw(self, painter: QPainter) -> None:
        w, d = self.size_tiles()
        rect = QRectF(1.5, 1.5, w * TILE - 3, d * TILE - 3)
        fill, outline, text = EMPTY_RACK if not self.unit_count else self.colours()
        self._paint_box(painter, rect, fill, outline)
        # The front (where the doors and the cold aisle are) as a thick edge.
        painter.setPen(_FRONT_PEN)
        edge = {0: (rect.bottomLeft(), rect.bottomRight()), 180: (rect.topLeft(), rect.topRight()),
                90: (rect.topLeft(), rect.bottomLeft()), 270: (rect.topRight(), rect.bottomRight())}
        a, b = edge[self.rotation_deg]
        painter.drawLine(a, b)
        painter.setPen(text)
        painter.setFont(item_font(13, True))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.name)

    def tooltip(self) -> str:
        lines = [QCoreApplication.translate("Floor", "Rack {name}: {n} devices")
                 .format(name=self.name, n=self.unit_count)]
        if self.unit_count:
            lines.append(status_label(self.state.status))
        if self.state.reading:
            lines.append(self.state.reading)
        if self.state.message:
            lines.append(self.state.message)
        lines.append(QCoreApplication.translate("Floor", "Click for the front elevation."))
        return "\n".join(lines)


class UnitItem(FloorItem):
    """A unit standing on the floor: AC, UPS, sensor …; its reading written under it."""

    snap = 0.5

    def __init__(self, unit: FloorUnit) -> None:
        super().__init__()
        self.unit = unit
        self.unit_id = unit.id
        w, d = self.size_tiles()
        self._box = QRectF(1.5, 1.5, w * TILE - 3, d * TILE - 3)
        self._below = QRectF(-2.5 * TILE, d * TILE + 2, (w + 5) * TILE, 18)  # the reading may be wider than the box
        self._reading_at = (self._below.center().x(), self._below.top())  # centred under the box
        self._set_bounds(QRectF(-2.5 * TILE, -2, (w + 5) * TILE, d * TILE + 24),
                         QRectF(-2, -2, w * TILE + 4, d * TILE + 4))
        self.set_tile_pos(unit.x, unit.y)
        self.setZValue(3)

    def size_tiles(self) -> tuple[float, float]:
        return self.unit.width, self.unit.depth

    def draw(self, painter: QPainter) -> None:
        rect = self._box
        fill, outline, text = self.colours()
        if self.unit.category == "环境传感器":
            painter.setPen(QPen(SELECTED if self.isSelected() else outline, 1.5))
            painter.setBrush(fill)
            painter.drawEllipse(rect)
        else:
            self._paint_box(painter, rect, fill, outline)
            painter.setFont(item_font(12, True))
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.caption())

    def caption(self) -> str:
        """What the box says: its kind and the tail of its asset tag, so four UPSs on one
        floor read UPS 01 … UPS 04 (the tail is unique in the room: ops.floor.short_tags)."""
        return f"{short_category(self.unit.category)}\n{self.unit.tag or self.unit.asset_tag[-2:]}"

    def draw_live(self, painter: QPainter) -> None:
        if self.state.reading:
            painter.setFont(item_font(READING_PX))
            painter.setPen(_READING_PEN)
            painter.drawText(self._below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.state.reading)

    def shape(self) -> QPainterPath:  # only the box is hit, not the text under it
        path = QPainterPath()
        w, d = self.size_tiles()
        path.addRect(QRectF(0, 0, w * TILE, d * TILE))
        return path

    def tooltip(self) -> str:
        lines = [f"{self.unit.label} · {status_label(self.state.status)}"]
        if self.state.reading:
            lines.append(self.state.reading)
        if self.state.message:
            lines.append(self.state.message)
        if self.state.note:
            lines.append(self.state.note)
        lines.append(QCoreApplication.translate("Floor", "Click for the device's live status."))
        return "\n".join(lines)


class FloorLayer(QGraphicsItem):
    """Draws the racks and units of a FloorView in one paint: each item's cached look
    blitted at device pixels, then the readings. With 500 items, one Python call in
    place of 500 (each item's own paint costs more in the call than in the blit). The
    items stay on the scene for clicks, tooltips, selection and dragging, and paint
    nothing themselves (ItemHasNoContents)."""

    def __init__(self, items) -> None:
        super().__init__()
        self._items = items  # () -> the items in drawing order (racks, then units)
        self._rect = QRectF()
        self._batch: list[FloorItem] | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setZValue(2)  # over the temperature overlay

    def set_rect(self, rect: QRectF) -> None:
        """What the layer may paint: the scene rect."""
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def begin_batch(self) -> None:
        """Collect the items to repaint until end_batch (a status read applied at once)."""
        self._batch = []

    def end_batch(self) -> None:
        """Many changed items: one repaint of the layer; a few: a rect for each."""
        batch, self._batch = self._batch, None
        if batch is None:
            return
        if len(batch) > BATCH_WHOLE:
            self.update()
        else:
            for item in batch:
                self.update_at(item)

    def update_at(self, item: FloorItem) -> None:
        """Repaint where ``item`` is drawn: a rect of its own for the scene (the layer's own
        update() would merge every changed item into one rect around them all)."""
        if self._batch is not None:
            self._batch.append(item)
            return
        scene = self.scene()
        if scene is not None:
            x0, y0, x1, y1 = item._geo[:4]
            scene.update(QRectF(item._px + x0, item._py + y0, x1 - x0, y1 - y0))

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        exposed = option.exposedRect
        items = self._items()
        if not exposed.contains(self._rect):  # a part of the plan: the items that reach into it
            ex0, ey0, ex1, ey1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
            shown = []
            for item in items:
                x, y = item._px, item._py
                x0, y0, x1, y1 = item._geo[:4]
                if x + x0 <= ex1 and x + x1 >= ex0 and y + y0 <= ey1 and y + y1 >= ey0:
                    shown.append(item)
            items = shown
        if not items:
            return
        t = painter.worldTransform()
        if widget is None or t.isRotating():  # printed, exported (scene.render) or turned: vectors
            for item in items:
                x, y = item._px, item._py
                painter.save()
                painter.translate(x, y)
                item.draw(painter)
                item.draw_live(painter)
                painter.restore()
            return
        ratio = widget.devicePixelRatioF()
        sx, sy, dx, dy = t.m11() * ratio, t.m22() * ratio, t.dx() * ratio, t.dy() * ratio
        hints = painter.renderHints()
        floor_, draw = math.floor, painter.drawPixmap
        painter.setWorldTransform(_IDENTITY)
        readings = []
        view = (sx, sy, dx, dy)
        for item in items:
            if item._at_view != view:  # where on the screen, worked out once per zoom and position
                px, py = (item._px + item._geo[4]) * sx + dx, (item._py + item._geo[5]) * sy + dy
                ix, iy = floor_(px), floor_(py)
                item._at_view, item._at = view, (ix / ratio, iy / ratio, sx, sy, round(px - ix, 2), round(py - iy, 2))
            at = item._at
            state = item.state
            key = (state.status, state.flashing and not item.flash_on, item._selected, item._variant, *at[2:])
            pixmap = item._looks.get(key) or item.make_look(key, ratio, hints)
            if ratio == 1.0:
                draw(int(at[0]), int(at[1]), pixmap)
            else:
                draw(QPointF(at[0], at[1]), pixmap)
            if state.reading and item._reading_at is not None:
                readings.append((item._px + item._reading_at[0], item._py + item._reading_at[1], state.reading))
        painter.setWorldTransform(t)
        if readings and READING_PX * sy / ratio >= MIN_TEXT_PX:  # over every box: it may be wider than its unit
            font = item_font(READING_PX)
            painter.setFont(font)
            painter.setPen(_READING_PEN)
            width, ascent = text_width, _ascent(font)
            for centre, top, text in readings:  # centred by the font's advances (cheaper than a layout)
                painter.drawText(QPointF(centre - width(text, font) / 2, top + ascent), text)
