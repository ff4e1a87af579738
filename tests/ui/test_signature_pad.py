"""The signing pad: a drag with the mouse leaves ink that comes out as a cropped PNG."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest

from opsdesk.ui.signature_pad import SignaturePad


def drag(widget, points: list[tuple[int, int]]) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(widget, QPoint(x, y))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(*points[-1]))


def ink_pixels(image: QImage) -> int:
    """Pixels clearly darker than paper."""
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if QColor(image.pixel(x, y)).lightness() < 160)


def make_pad(qtbot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 200)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_a_drawn_signature_becomes_a_cropped_png(qtbot):
    pad = make_pad(qtbot)
    assert pad.is_empty() and pad.png_bytes() == b""
    assert not pad.clear_button.isEnabled()
    with qtbot.waitSignal(pad.sig_signature_changed, check_params_cb=lambda ink: ink is True):
        drag(pad.canvas, [(60, 100), (90, 60), (120, 110), (150, 55), (180, 105), (230, 80)])
    drag(pad.canvas, [(260, 70), (300, 95), (340, 70)])  # a second stroke
    assert not pad.is_empty()
    assert pad.clear_button.isEnabled()
    assert len(pad.canvas.strokes) == 2

    image = QImage.fromData(pad.png_bytes(), "PNG")
    assert not image.isNull()
    # Cropped to the ink (280 × 55 screen px plus margins), at twice the scale.
    assert 500 <= image.width() <= 800 and 120 <= image.height() <= 200
    assert image.width() > image.height()
    assert QColor(image.pixel(0, 0)).lightness() == 255  # white paper around the ink
    assert ink_pixels(image) > 300


def test_clear_empties_the_pad(qtbot):
    pad = make_pad(qtbot)
    drag(pad.canvas, [(50, 50), (150, 120)])
    assert not pad.is_empty()
    with qtbot.waitSignal(pad.sig_signature_changed, check_params_cb=lambda ink: ink is False):
        qtbot.mouseClick(pad.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty()
    assert pad.png_bytes() == b""
    assert not pad.clear_button.isEnabled()


def test_a_click_alone_leaves_a_dot(qtbot):
    pad = make_pad(qtbot)
    QTest.mouseClick(pad.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(100, 80))
    assert not pad.is_empty()
    image = QImage.fromData(pad.png_bytes(), "PNG")
    assert ink_pixels(image) > 0
