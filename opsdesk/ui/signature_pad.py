"""手写签名板: a handwritten signature drawn with the mouse or a pen (R-INSP-4).

The strokes are kept as points (with the pen's pressure where a tablet gives one) and
drawn as smooth curves through the midpoints of successive points, so a fast mouse
does not leave a polygon. :meth:`SignatureCanvas.png_bytes` renders the strokes alone —
cropped to the ink, on white, at twice the screen's scale — for the signed record and
the printed sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

INK = QColor("#10243f")
PEN_WIDTH = 2.6  # at pressure 0.5 (a mouse), in screen pixels
PNG_SCALE = 2.0  # PNG pixels per screen pixel: crisp when printed about 40 mm wide
PNG_MAX_WIDTH = 900
PNG_MARGIN = 8.0


@dataclass
class Stroke:
    """One pen-down to pen-up: points with pressure 0…1."""

    points: list[tuple[QPointF, float]] = field(default_factory=list)

    def add(self, point: QPointF, pressure: float) -> None:
        if self.points and (self.points[-1][0] - point).manhattanLength() < 0.5:
            return
        self.points.append((QPointF(point), pressure))


def _width(pressure: float) -> float:
    return PEN_WIDTH * (0.45 + 1.1 * max(0.0, min(1.0, pressure)))


def paint_strokes(painter: QPainter, strokes: list[Stroke]) -> None:
    """Draw strokes as quadratic curves through the midpoints of their points; the pen's
    width follows the pressure of each piece."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(INK)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for stroke in strokes:
        points = stroke.points
        if not points:
            continue
        if len(points) == 1:  # a dot
            pen.setWidthF(_width(points[0][1]) * 1.2)
            painter.setPen(pen)
            painter.drawPoint(points[0][0])
            continue
        # Curve pieces from midpoint to midpoint, each bent by the point between them.
        start = points[0][0]
        for index in range(1, len(points) - 1):
            control, pressure = points[index]
            end = (control + points[index + 1][0]) / 2
            path = QPainterPath(start)
            path.quadTo(control, end)
            pen.setWidthF(_width(pressure))
            painter.setPen(pen)
            painter.drawPath(path)
            start = end
        last, pressure = points[-1]
        pen.setWidthF(_width(pressure))
        painter.setPen(pen)
        painter.drawLine(start, last)


class SignatureCanvas(QWidget):
    """The surface one signs on."""

    sig_signature_changed = Signal(bool)
    """True when there is ink on the pad, False after clearing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureCanvas")
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(360, 130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[Stroke] = []
        self._drawing: Stroke | None = None

    def sizeHint(self) -> QSize:
        return QSize(480, 170)

    # -- what the signing dialog asks -------------------------------------------------------
    def is_empty(self) -> bool:
        return not any(stroke.points for stroke in self.strokes)

    def clear(self) -> None:
        had_ink = not self.is_empty()
        self.strokes, self._drawing = [], None
        self.update()
        if had_ink:
            self.sig_signature_changed.emit(False)

    def ink_rect(self) -> QRectF:
        """The bounding box of the ink, widened by the pen."""
        points = [p for stroke in self.strokes for p, _ in stroke.points]
        if not points:
            return QRectF()
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        pad = _width(1.0)
        return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)

    def png_bytes(self) -> bytes:
        """The signature as a PNG: ink only, cropped with a small margin, white background;
        empty bytes when nothing is drawn."""
        if self.is_empty():
            return b""
        rect = self.ink_rect().adjusted(-PNG_MARGIN, -PNG_MARGIN, PNG_MARGIN, PNG_MARGIN)
        scale = min(PNG_SCALE, PNG_MAX_WIDTH / max(rect.width(), 1.0))
        image = QImage(max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)),
                       QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-rect.topLeft())
        paint_strokes(painter, self.strokes)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub says bytes; PySide6 takes only a str
        buffer.close()
        return bytes(data.data())

    # -- drawing ----------------------------------------------------------------------------
    def _begin(self, point: QPointF, pressure: float) -> None:
        was_empty = self.is_empty()
        self._drawing = Stroke()
        self._drawing.add(point, pressure)
        self.strokes.append(self._drawing)
        self.update()
        if was_empty:
            self.sig_signature_changed.emit(True)

    def _extend(self, point: QPointF, pressure: float) -> None:
        if self._drawing is not None:
            self._drawing.add(point, pressure)
            self.update()

    def _end(self) -> None:
        self._drawing = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), 0.5)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)
            self._end()
        event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # A pen gives pressure; accepting the event keeps Qt from sending the mouse copy too.
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletMove and self._drawing is not None:
            self._extend(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        # The line one signs on, as on paper.
        painter.setPen(QPen(QColor("#b6c2d1"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.setPen(QPen(QColor("#b6c2d1"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        paint_strokes(painter, self.strokes)
        painter.end()


class SignaturePad(QWidget):
    """The canvas with a hint and a 清除 button."""

    sig_signature_changed = Signal(bool)
    """True when there is ink on the pad, False after clearing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.canvas = SignatureCanvas()
        self.canvas.sig_signature_changed.connect(self._on_canvas_changed)
        self.hint_label = QLabel(self.tr("Sign with the mouse or a pen (optional)"))
        self.hint_label.setObjectName("hintLabel")
        self.clear_button = QPushButton(self.tr("Clear signature"))
        self.clear_button.setObjectName("clearSignatureButton")
        self.clear_button.setEnabled(False)
        self.clear_button.clicked.connect(self.canvas.clear)
        row = QHBoxLayout()
        row.addWidget(self.hint_label, 1)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(row)

    def is_empty(self) -> bool:
        return self.canvas.is_empty()

    def png_bytes(self) -> bytes:
        return self.canvas.png_bytes()

    def clear(self) -> None:
        self.canvas.clear()

    def _on_canvas_changed(self, has_ink: bool) -> None:
        self.clear_button.setEnabled(has_ink)
        self.sig_signature_changed.emit(has_ink)
