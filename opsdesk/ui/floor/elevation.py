"""机柜正视图: a rack's front elevation, each device in its U positions, coloured by state;
a server fed from one PDU only is marked (R-FLOOR-4). A click opens the device."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from opsdesk.ops.floor import RackInfo, RackUnit, UnitStatus
from opsdesk.ui.floor.items import STATUS_COLOURS, status_label

U_PX = 20  # one rack unit (44.45 mm) on screen
NUMBER_W = 34  # the U numbers down the left rail
BODY_W = 380
MARGIN = 10
SINGLE_PDU = QColor("#b42318")


class RackElevation(QWidget):
    """The drawing itself; sized to the rack's height."""

    sig_device_requested = Signal(int)
    """Unit id of the device clicked."""

    def __init__(self, rack: RackInfo, statuses: dict[int, UnitStatus], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rack = rack
        self.statuses = statuses
        self.setMouseTracking(True)
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(NUMBER_W + BODY_W + 2 * MARGIN + 8, self.rack.u_height * U_PX + 2 * MARGIN)

    # -- geometry (tests read it too) -------------------------------------------------------
    def u_rect(self, u: int, height: int = 1) -> QRectF:
        """Where U ``u`` (1 at the bottom) … ``u + height - 1`` are drawn."""
        top_u = u + height - 1
        y = MARGIN + (self.rack.u_height - top_u) * U_PX
        return QRectF(MARGIN + NUMBER_W, y, BODY_W, height * U_PX)

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

    # -- drawing ----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        body = QRectF(MARGIN + NUMBER_W, MARGIN, BODY_W, self.rack.u_height * U_PX)
        painter.fillRect(body.adjusted(-6, -6, 6, 6), QColor("#39424e"))
        painter.fillRect(body, QColor("#f7f8fa"))
        small = QFont(self.font())
        small.setPixelSize(11)
        painter.setFont(small)
        for u in range(1, self.rack.u_height + 1):
            rect = self.u_rect(u)
            painter.setPen(QColor("#d9dee4"))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            painter.setPen(QColor("#52606d"))
            painter.drawText(QRectF(MARGIN - 4, rect.top(), NUMBER_W - 8, U_PX),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(u))
        text_font = QFont(self.font())
        text_font.setPixelSize(12)
        for unit in self.rack.units:
            rect = self.device_rect(unit.id)
            if rect is None:
                continue
            state = self.statuses.get(unit.id, UnitStatus("unknown", False))
            fill, outline, text = STATUS_COLOURS.get(state.status, STATUS_COLOURS["unknown"])
            painter.setPen(QPen(outline, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 2, 2)
            painter.setPen(text)
            painter.setFont(text_font)
            label = rect.adjusted(8, 0, -90 if unit.single_pdu else -8, 0)
            painter.drawText(label, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             painter.fontMetrics().elidedText(unit.label, Qt.TextElideMode.ElideRight, int(label.width())))
            if unit.single_pdu:
                badge = QRectF(rect.right() - 84, rect.center().y() - 8, 78, 16)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor("#ffffff"))
                painter.drawRoundedRect(badge, 3, 3)
                painter.setPen(SINGLE_PDU)
                painter.setFont(small)
                painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.tr("Single PDU"))
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is None:
            self.setToolTip("")
            self.unsetCursor()
            return
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        state = self.statuses.get(unit.id, UnitStatus("unknown", False))
        top = (unit.u_position or 0) + unit.u_height - 1
        lines = [unit.label, f"U{unit.u_position}" + (f"–{top}" if top > (unit.u_position or 0) else ""),
                 status_label(state.status)]
        feeds = " / ".join(f for f in (unit.pdu_a, unit.pdu_b) if f)
        lines.append(self.tr("Power: {feeds}").format(feeds=feeds or "—"))
        if unit.single_pdu:
            lines.append(self.tr("Fed from a single PDU: no redundancy (R-FLOOR-4)."))
        if state.message:
            lines.append(state.message)
        self.setToolTip("\n".join(lines))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        unit = self.unit_at(event.position().x(), event.position().y())
        if unit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.sig_device_requested.emit(unit.id)


class ElevationDialog(QDialog):
    """The front elevation in its own window, with a summary line."""

    sig_device_requested = Signal(int)
    """Unit id of the device clicked."""

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
        self.summary = QLabel(summary)
        self.summary.setObjectName("elevationSummary")
        scroll = QScrollArea()
        scroll.setWidget(self.elevation)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setMinimumWidth(self.elevation.width() + 24)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(self.elevation.width() + 48, min(self.elevation.height() + 110, 900))
