"""机柜正视图: a rack's front elevation, each device in its U positions, coloured by state;
a server fed from one PDU only is marked (R-FLOOR-4). A click, or Enter on the device
chosen with the arrow keys, opens the device.

The drawing scales to its window: a 42U rack opens whole on a 1080p screen (20 px a U)
and shrinks to 13 px a U, still readable, before the window scrolls."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from opsdesk.ops.floor import RackInfo, RackUnit, UnitStatus
from opsdesk.ui.floor.items import SELECTED, STATUS_COLOURS, status_label
from opsdesk.ui.screens import screen_of

U_PX = 20  # one rack unit (44.45 mm) on screen, as the window first opens
MIN_U_PX = 13  # smaller than this and a 1U device's name is no longer readable: scroll instead
MAX_U_PX = 32
NUMBER_W = 34  # the U numbers down the left rail
BODY_W = 380
MIN_BODY_W = 300
MAX_BODY_W = 600
MARGIN = 10
FRAME = 8  # the dark rack frame around the body (both sides)
SINGLE_PDU = QColor("#b42318")


class RackElevation(QWidget):
    """The drawing itself; scaled to the space it is given, within readable bounds."""

    sig_device_requested = Signal(int)
    """Unit id of the device clicked (or chosen and Enter pressed)."""

    def __init__(self, rack: RackInfo, statuses: dict[int, UnitStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rack = rack
        self.statuses = statuses
        self.current: int | None = None  # the device the arrow keys chose
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(self.minimumSizeHint())

    def sizeHint(self) -> QSize:
        return QSize(NUMBER_W + BODY_W + 2 * MARGIN + FRAME, self.rack.u_height * U_PX + 2 * MARGIN)

    def minimumSizeHint(self) -> QSize:
        return QSize(NUMBER_W + MIN_BODY_W + 2 * MARGIN + FRAME, self.rack.u_height * MIN_U_PX + 2 * MARGIN)

    # -- geometry (tests read it too) -------------------------------------------------------
    @property
    def u_px(self) -> float:
        """The height of one U at the widget's present size."""
        return max(MIN_U_PX, min(MAX_U_PX, (self.height() - 2 * MARGIN) / max(self.rack.u_height, 1)))

    def body_rect(self) -> QRectF:
        """The rack's inside, centred across the widget."""
        width = max(MIN_BODY_W, min(MAX_BODY_W, self.width() - NUMBER_W - 2 * MARGIN - FRAME))
        left = max(MARGIN + NUMBER_W, (self.width() - width + NUMBER_W) / 2)
        return QRectF(left, MARGIN, width, self.rack.u_height * self.u_px)

    def u_rect(self, u: int, height: int = 1) -> QRectF:
        """Where U ``u`` (1 at the bottom) … ``u + height - 1`` are drawn."""
        body, step = self.body_rect(), self.u_px
        top_u = u + height - 1
        return QRectF(body.left(), body.top() + (self.rack.u_height - top_u) * step, body.width(), height * step)

    def device_rect(self, unit_id: int) -> QRectF | None:
        for unit in self.rack.units:
            if unit.id == unit_id and unit.u_position is not None:
                return self.u_rect(unit.u_position, unit.u_height).adjusted(2, 1, -2, -1)
        return None

    def unit_at(self, x: float, y: float) -> RackUnit | None:
        for unit in self.rack.units:
            rect = self.device_rect(unit.id)
            if rect is not None and rect.contains(x, y):
                return unit
        return None

    def placed_units(self) -> list[RackUnit]:
        """The devices from the top of the rack down (the order the arrow keys walk)."""
        return sorted((u for u in self.rack.units if u.u_position is not None), key=lambda u: -(u.u_position or 0))

    # -- drawing ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        step = self.u_px
        body = self.body_rect()
        painter.fillRect(body.adjusted(-FRAME / 2 - 2, -6, FRAME / 2 + 2, 6), QColor("#39424e"))
        painter.fillRect(body, QColor("#f7f8fa"))
        small = QFont(self.font())
        small.setPixelSize(int(max(9, min(12, step * 0.55))))
        painter.setFont(small)
        for u in range(1, self.rack.u_height + 1):
            slot = self.u_rect(u)
            painter.setPen(QColor("#d9dee4"))
            painter.drawLine(slot.bottomLeft(), slot.bottomRight())
            painter.setPen(QColor("#52606d"))
            painter.drawText(QRectF(body.left() - NUMBER_W - 4, slot.top(), NUMBER_W - 4, step),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(u))
        text_font = QFont(self.font())
        text_font.setPixelSize(int(max(10, min(14, step * 0.62))))
        badge_h = min(16.0, step - 3)
        badge_text = self.tr("Single PDU")
        painter.setFont(small)
        badge_w = painter.fontMetrics().horizontalAdvance(badge_text) + 12
        for unit in self.rack.units:
            rect = self.device_rect(unit.id)
            if rect is None:
                continue
            state = self.statuses.get(unit.id, UnitStatus("unknown", False))
            fill, outline, text = STATUS_COLOURS.get(state.status, STATUS_COLOURS["unknown"])
            chosen = unit.id == self.current and self.hasFocus()
            painter.setPen(QPen(SELECTED, 3) if chosen else QPen(outline, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(text)
            painter.setFont(text_font)
            label = rect.adjusted(8, 0, -(badge_w + 12) if unit.single_pdu else -8, 0)
            elided = painter.fontMetrics().elidedText(unit.label, Qt.TextElideMode.ElideRight, int(label.width()))
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
            if unit.single_pdu:
                badge = QRectF(rect.right() - badge_w - 6, rect.center().y() - badge_h / 2, badge_w, badge_h)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#ffffff"))
                painter.drawRoundedRect(badge, 3, 3)
                painter.setPen(SINGLE_PDU)
                painter.setFont(small)
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.end()

    def tooltip_for(self, unit: RackUnit) -> str:
        state = self.statuses.get(unit.id, UnitStatus("unknown", False))
        top = (unit.u_position or 0) + unit.u_height - 1
        lines = [unit.label, f"U{unit.u_position}" + (f"–{top}" if top > (unit.u_position or 0) else ""),
                 status_label(state.status)]
        feeds = " / ".join(f for f in (unit.pdu_a, unit.pdu_b) if f)
        lines.append(self.tr("Power: {feeds}").format(feeds=feeds or "—"))
        if unit.single_pdu:
            lines.append(self.tr("Fed from a single PDU: no redundancy (R-FLOOR-4)."))
        lines.extend(line for line in (state.message, state.note) if line)
        return "\n".join(lines)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is None:
            self.setToolTip("")
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tooltip_for(unit))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sig_device_requested.emit(unit.id)

    # -- keyboard ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        units = self.placed_units()
        ids = [u.id for u in units]
        key = event.key()
        if units and key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End):
            at = ids.index(self.current) if self.current in ids else -1
            if key == Qt.Key.Key_Home or (key == Qt.Key.Key_Down and at < 0):
                at = 0
            elif key == Qt.Key.Key_End:
                at = len(ids) - 1
            else:
                at = max(0, min(len(ids) - 1, at + (1 if key == Qt.Key.Key_Down else -1)))
            self.current = ids[at]
            self.setToolTip(self.tooltip_for(units[at]))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current in ids:
            self.sig_device_requested.emit(self.current)
        else:
            super().keyPressEvent(event)


class ElevationDialog(QDialog):
    """The front elevation in its own window, with a summary line; resizable, the drawing
    following the window."""

    sig_device_requested = Signal(int)
    """Unit id of the device clicked."""

    # Hides QWidget.scroll(dx, dy), which nothing calls on this dialog; tests read dialog.scroll.
    scroll: QScrollArea  # type: ignore[assignment]  # an attribute over an unused method of QWidget

    def __init__(self, rack: RackInfo, statuses: dict[int, UnitStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rack {name} — front view").format(name=rack.name))
        self.elevation = RackElevation(rack, statuses)
        self.elevation.sig_device_requested.connect(self.sig_device_requested)
        used = sum(u.u_height for u in rack.units)
        summary = self.tr("{n} devices, {used} of {total} U used").format(n=len(rack.units), used=used,
                                                                         total=rack.u_height)
        if rack.single_pdu_count:
            summary += " · " + self.tr("{n} on a single PDU").format(n=rack.single_pdu_count)
        summary += " · " + self.tr("↑↓ choose a device, Enter opens it")
        self.summary = QLabel(summary)
        self.summary.setObjectName("elevationSummary")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.elevation)
        self.scroll.setWidgetResizable(True)  # the drawing takes the window's size, down to its minimum
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = self._column = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.buttons)
        self.setSizeGripEnabled(True)
        self.elevation.setFocus()
        self.resize(self.opening_size())

    def sizeHint(self) -> QSize:
        """The whole rack at 20 px a U with the summary and the buttons (about 950 px for 42U)."""
        hint = self.elevation.sizeHint()
        layout = self._column
        margins = layout.contentsMargins()
        width = hint.width() + margins.left() + margins.right()
        inner = width - margins.left() - margins.right()
        height = (hint.height() + margins.top() + margins.bottom() + 2 * layout.spacing()
                  + self.summary.heightForWidth(inner) + self.buttons.sizeHint().height())
        return QSize(width, height)

    def opening_size(self) -> QSize:
        """The size hint, cut to the screen it opens on (the drawing then scales down)."""
        parent = self.parentWidget()
        screen = screen_of(parent) if parent else QGuiApplication.primaryScreen()
        hint = self.sizeHint()
        if screen is None:
            return hint
        free = screen.availableGeometry().size() - QSize(0, 40)  # the window's title bar
        return hint.boundedTo(free).expandedTo(self.minimumSizeHint())
