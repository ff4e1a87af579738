"""One gauge card: the value large, the band (green inside the limits, amber beyond, red from
the critical margin) with a marker, today's min and max, and a 24-hour sparkline."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from opsdesk.ops.trends import EnvPoint
from opsdesk.ui.labels import format_number, format_quantity, unit_text

GREEN = QColor("#2e9d5b")
AMBER = QColor("#e0a100")
RED = QColor("#d64541")
GREY = QColor("#9aa5b1")
# Card tints: the alarm colours of the alarm list (labels.SEVERITY_COLOURS), so a red card reads as an alarm.
CARD = {
    "ok": (QColor("#ffffff"), QColor("#d5dbe3"), QColor("#1f2933")),
    "warning": (QColor("#fdefc8"), AMBER, QColor("#8a4b08")),
    "critical": (QColor("#fbe0de"), RED, QColor("#a52a22")),
    "unknown": (QColor("#f4f6f8"), QColor("#d5dbe3"), GREY),
}
STATUS_COLOURS = {"ok": GREEN, "warning": AMBER, "critical": RED, "unknown": GREY}


def band_scale(point: EnvPoint) -> tuple[float, float]:
    """The gauge's scale: the limits with twice the critical margin on either side."""
    lim = point.limits
    margin = lim.critical_margin or 2.0
    low = lim.low if lim.low is not None else (lim.high or 0) - 4 * margin
    high = lim.high if lim.high is not None else low + 4 * margin
    return low - 2 * margin, high + 2 * margin


class Gauge(QWidget):
    """A card for one point; click to select it."""

    sig_clicked = Signal(int)
    """The series id of the clicked gauge."""

    def __init__(self, point: EnvPoint, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point = point
        self.selected = False
        self.setObjectName("envGauge")
        self.setMinimumSize(QSize(230, 140))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._update_tooltip()

    # -- what tests and the grid ask ------------------------------------------------------
    @property
    def status(self) -> str:
        return self.point.status

    @property
    def value_text(self) -> str:
        if self.point.value is None:
            return "—"
        return format_quantity(self.point.value, self.point.unit_symbol)

    def span_text(self) -> str:
        p = self.point
        if p.day_min is None or p.day_max is None:  # both or neither
            return self.tr("Today: no readings yet")
        return self.tr("Today {low} – {high}").format(low=format_number(round(p.day_min, 1)),
                                                     high=format_quantity(round(p.day_max, 1), p.unit_symbol))

    def set_point(self, point: EnvPoint) -> None:
        self.point = point
        self._update_tooltip()
        self.update()

    def set_selected(self, selected: bool) -> None:
        self.selected = selected
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(250, 140)

    def _update_tooltip(self) -> None:
        p = self.point
        lim = p.limits
        low, high = (format_number(v) if v is not None else "—" for v in (lim.low, lim.high))
        band = f"{low}–{high} {unit_text(p.unit_symbol)}".strip()
        self.setToolTip(self.tr("{device} {label}\nRoom: {room}\nLimits {band}").format(
            device=p.device, label=p.label, room=p.room_name or "—", band=band))

    # -- events ---------------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.point.series_id)
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self.point
        bg, border, fg = CARD.get(p.status, CARD["unknown"])
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        painter.setPen(QPen(QColor("#1f6feb") if self.selected else border, 3 if self.selected else 1.5))
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, 8, 8)
        if p.status in ("warning", "critical"):  # a status stripe on the left, like the alarm list
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STATUS_COLOURS[p.status])
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 7, rect.height()), 3, 3)
        x0, w = rect.left() + 16, rect.width() - 30

        title = QFont(self.font())
        title.setPointSizeF(title.pointSizeF() * 1.0)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor("#1f2933"))
        fm = painter.fontMetrics()
        painter.drawText(QRectF(x0, rect.top() + 8, w, fm.height()), Qt.AlignmentFlag.AlignLeft,
                         fm.elidedText(p.label, Qt.TextElideMode.ElideRight, int(w)))
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        painter.setPen(QColor("#52606d"))
        sfm = painter.fontMetrics()
        device = f"{p.device} · {p.room_name}" if p.room_name else p.device
        painter.drawText(QRectF(x0, rect.top() + 10 + fm.height(), w, sfm.height()), Qt.AlignmentFlag.AlignLeft,
                         sfm.elidedText(device, Qt.TextElideMode.ElideRight, int(w)))

        top = rect.top() + 14 + fm.height() + sfm.height()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.3)
        big.setBold(True)
        painter.setFont(big)
        painter.setPen(fg if p.status != "ok" else QColor("#1f2933"))
        bfm = painter.fontMetrics()
        line_h = bfm.height()
        # The value keeps its whole unit on a narrow card (47.4 %RH, not 47.4 %R): the value
        # takes up to 62 % of the width, then its font gets smaller.
        need = bfm.horizontalAdvance(self.value_text) + 4
        if need > w * 0.62:
            big.setPointSizeF(big.pointSizeF() * w * 0.62 / need)
            painter.setFont(big)
            need = painter.fontMetrics().horizontalAdvance(self.value_text) + 4
        value_w = max(w * 0.52, min(need, w * 0.62))
        painter.drawText(QRectF(x0, top, value_w, line_h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.value_text)
        self._paint_sparkline(painter, QRectF(x0 + value_w + 6, top + 4, w - value_w - 6, line_h - 8))

        band_top = top + line_h + 6
        self._paint_band(painter, QRectF(x0, band_top, w, 10))
        painter.setFont(small)
        painter.setPen(QColor("#52606d"))
        painter.drawText(QRectF(x0, band_top + 18, w, sfm.height()), Qt.AlignmentFlag.AlignLeft, self.span_text())
        painter.end()

    def _paint_band(self, painter: QPainter, rect: QRectF) -> None:
        p = self.point
        lo, hi = band_scale(p)
        lim = p.limits
        margin = lim.critical_margin or 0.0

        def x(v: float) -> float:
            return rect.left() + (min(max(v, lo), hi) - lo) / (hi - lo) * rect.width()

        stops: list[tuple[float, QColor | None]] = [(lo, RED)]  # None: the end
        if lim.low is not None:
            stops += [(lim.low - margin, AMBER), (lim.low, GREEN)]
        else:
            stops = [(lo, GREEN)]
        if lim.high is not None:
            stops += [(lim.high, AMBER), (lim.high + margin, RED)]
        stops.append((hi, None))
        painter.setPen(Qt.PenStyle.NoPen)
        path = QPainterPath()
        path.addRoundedRect(rect, 4, 4)
        painter.save()
        painter.setClipPath(path)
        for (start, colour), (stop, _) in pairwise(stops):
            if colour is None or stop <= start:
                continue
            painter.setBrush(colour.lighter(115))
            painter.drawRect(QRectF(x(start), rect.top(), x(stop) - x(start), rect.height()))
        painter.restore()
        if p.value is not None:  # the marker: a dark triangle over the band
            mx = x(p.value)
            painter.setBrush(QColor("#1f2933"))
            painter.drawPolygon(QPolygonF([QPointF(mx - 6, rect.top() - 7), QPointF(mx + 6, rect.top() - 7),
                                           QPointF(mx, rect.top() + 2)]))
            painter.setPen(QPen(QColor("#1f2933"), 2))
            painter.drawLine(QPointF(mx, rect.top()), QPointF(mx, rect.bottom()))

    def _paint_sparkline(self, painter: QPainter, rect: QRectF) -> None:
        p = self.point
        t, v = p.spark_t, p.spark_v
        if len(t) < 2 or rect.width() < 10:
            return
        t0, t1 = float(t[0]), float(t[-1])
        vlo, vhi = float(np.nanmin(v)), float(np.nanmax(v))
        if vhi - vlo < 0.5:  # a flat line stays flat, not magnified noise
            mid = (vhi + vlo) / 2
            vlo, vhi = mid - 0.25, mid + 0.25
        xs = rect.left() + (t - t0) / max(t1 - t0, 1.0) * rect.width()
        ys = rect.bottom() - (v - vlo) / (vhi - vlo) * rect.height()
        line = QPolygonF([QPointF(float(a), float(b)) for a, b in zip(xs, ys, strict=True)])  # one time per value
        painter.setPen(QPen(STATUS_COLOURS.get(p.status, GREY).darker(110), 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(line)
        painter.setBrush(STATUS_COLOURS.get(p.status, GREY))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(float(xs[-1]), float(ys[-1])), 3, 3)
