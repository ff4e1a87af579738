"""The floor plan as painted by its layer (cached looks, readings, flashing): what a user
sees after a move, a selection, a flash and a hover, and how few items an update touches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QGraphicsSceneHoverEvent

from opsdesk.ops.floor import RoomStatus, UnitStatus
from opsdesk.ui.floor.items import FLASH_OFF, SELECTED, STATUS_COLOURS
from opsdesk.ui.floor.panel import FloorPanel
from opsdesk.ui.floor.view import GRID_PEN, ROOM_FILL
from opsdesk.ui.screens import screen_of
from tests.ui.conftest import settle
from tests.ui.monitoring_data import NOW

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def _panel(qtbot, ctx) -> FloorPanel:
    panel = FloorPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    with qtbot.waitSignal(panel.view.sig_status_applied, timeout=10_000):
        panel.show()
    settle(qtbot)
    return panel


def _screen(view):
    """What the window shows now: the backing store after the pending (partial) repaints,
    not a fresh full render as grab() would make."""
    QApplication.processEvents()
    window = view.window()
    pixmap = screen_of(window).grabWindow(window.winId())  # not window.screen(): opsdesk.ui.screens
    return pixmap.toImage(), view.viewport().mapTo(window, QPoint(0, 0))


def _colour_at(view, item, where=0.5) -> str:
    """The colour on screen inside the item's box (``where``: fraction from its top-left)."""
    rect = item.mapRectToScene(item.shape().boundingRect())
    point = view.mapFromScene(rect.topLeft() + QPointF(rect.width() * where, rect.height() * where))
    image, offset = _screen(view)
    return image.pixelColor(point + offset).name()


def _with(view, **states) -> RoomStatus:
    units = dict(view.status.units) if view.status else {}
    racks = dict(view.status.racks) if view.status else {}
    for key, state in states.items():
        kind, ident = key.split("_")
        (units if kind == "u" else racks)[int(ident)] = state
    return RoomStatus(view.room_id, NOW, units, racks, ())


def test_state_change_repaints_in_the_new_colour_and_flashes(qtbot, make_ctx):
    view = _panel(qtbot, make_ctx("duty")).view
    rack = next(i for i in view.racks.values() if i.unit_count)
    view.apply_status(_with(view, **{f"r_{rack.rack_id}": UnitStatus("warning", False)}))
    assert _colour_at(view, rack, 0.25) == STATUS_COLOURS["warning"][0].name()
    view.apply_status(_with(view, **{f"r_{rack.rack_id}": UnitStatus("critical", True)}))
    assert view._flash_timer.isActive() and rack in view._flashing
    assert _colour_at(view, rack, 0.25) == STATUS_COLOURS["critical"][0].name()
    view._on_flash_due()
    assert _colour_at(view, rack, 0.25) == FLASH_OFF.name()
    view._on_flash_due()
    assert _colour_at(view, rack, 0.25) == STATUS_COLOURS["critical"][0].name()
    view.apply_status(_with(view, **{f"r_{rack.rack_id}": UnitStatus("critical", False)}))  # acknowledged
    assert not view._flash_timer.isActive() and not view._flashing


def test_unchanged_status_changes_nothing(qtbot, make_ctx):
    view = _panel(qtbot, make_ctx("duty")).view
    assert view.apply_status(_with(view)) == 0


def test_moved_item_leaves_no_trace_and_selection_shows(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("supervisor"))
    view = panel.view
    assert view.set_edit_mode(True)
    rack = next(i for i in view.racks.values() if i.unit_count)
    x, y = rack.tile_pos()
    old = view.mapFromScene(rack.mapToScene(QPointF(12, 12)))
    _screen(view)
    free = view._free_spot(1, 2)
    rack.set_tile_pos(*free)
    assert rack.tile_pos() != (x, y)
    image, offset = _screen(view)
    assert view.item_at(old) is None
    assert image.pixelColor(old + offset).name() in (ROOM_FILL.name(), GRID_PEN.name())  # no trace left
    assert _colour_at(view, rack, 0.25) == rack.colours()[0].name()
    rack.setSelected(True)
    edge = view.mapFromScene(rack.mapToScene(QPointF(2.5, 30)))
    image, offset = _screen(view)
    assert image.pixelColor(edge + offset).name() == SELECTED.name()


def test_tooltip_written_on_hover_and_kept_fresh(qtbot, make_ctx):
    view = _panel(qtbot, make_ctx("duty")).view
    unit = next(iter(view.units.values()))
    event = QGraphicsSceneHoverEvent(QEvent.Type.GraphicsSceneHoverEnter)
    unit.hoverEnterEvent(event)
    view.apply_status(_with(view, **{f"u_{unit.unit_id}": UnitStatus("warning", False, "29.9 ℃ / 50 %RH")}))
    assert "29.9 ℃" in super(type(unit), unit).toolTip()  # what Qt itself shows
    assert "29.9 ℃" in unit.toolTip()


def test_language_change_redraws_labels(qtbot, make_ctx):
    view = _panel(qtbot, make_ctx("duty")).view
    view.viewport().grab()
    assert any(i._looks for i in view.units.values())
    view.changeEvent(QEvent(QEvent.Type.LanguageChange))
    assert not any(i._looks for i in view.units.values())


def test_floor_screenshot(qtbot, make_ctx):
    """Rendered for a look (SHOTS_DIR, default /tmp/shots): crisp text, colours as before."""
    panel = _panel(qtbot, make_ctx("duty"))
    view = panel.view
    units = list(view.units.values())
    racks = [i for i in view.racks.values() if i.unit_count]
    states = {f"u_{units[0].unit_id}": UnitStatus("critical", True, "31.5 ℃ / 47 %RH"),
              f"r_{racks[0].rack_id}": UnitStatus("warning", False),
              f"r_{racks[1].rack_id}": UnitStatus("maintenance", False),
              f"r_{racks[2].rack_id}": UnitStatus("unreachable", False)}
    view.apply_status(_with(view, **states))
    out = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))
    out.mkdir(parents=True, exist_ok=True)
    image = panel.grab().toImage()
    assert image.save(str(out / "floor_perf.png"))
    assert _colour_at(view, racks[0], 0.25) == STATUS_COLOURS["warning"][0].name()
    assert QColor(image.pixelColor(5, 5)).isValid()
