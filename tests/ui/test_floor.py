"""The floor screen: live states from the monitor, the rack elevation, editing with
undo and redo, who may edit, and what the plan looks like offscreen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from sqlalchemy import select

from opsdesk.models.equipment import Rack, Unit
from opsdesk.ops import floor
from opsdesk.ui.floor.elevation import ElevationDialog
from opsdesk.ui.floor.items import STATUS_COLOURS, TILE
from opsdesk.ui.floor.panel import FloorPanel
from tests.ui.conftest import read_off_gui, settle
from tests.ui.monitoring_data import NOW, ac, cycle, unit_ids

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def _panel(qtbot, ctx) -> FloorPanel:
    panel = FloorPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1200, 760)
    with qtbot.waitSignal(panel.view.sig_status_applied, timeout=10_000):  # the sites, the plan, its states
        panel.show()
    settle(qtbot)
    return panel


def _click(qtbot, view, item) -> None:
    centre = item.mapToScene(item.boundingRect().center()) if not hasattr(item, "unit") else \
        item.mapToScene(item.shape().boundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(centre))


def test_monitor_status_reaches_the_floor_item(qtbot, make_ctx, demo_store):
    panel = _panel(qtbot, make_ctx("duty"))
    tag_ids = unit_ids(demo_store, "YHL-AC-0001")
    item = panel.view.units[tag_ids["YHL-AC-0001"]]
    assert item.state.status == "unknown"  # never polled yet
    for i in range(3):  # held 60 s above 30 ℃: a critical alarm
        cycle(demo_store, NOW - dt.timedelta(minutes=2) + i * dt.timedelta(seconds=30),
              {item.unit_id: ("YHL-AC-0001 精密空调", ac(31.5, 47.0))})
    with qtbot.waitSignal(panel.view.sig_status_applied, timeout=10_000):
        panel.view.refresh()
    assert item.state.status == "critical" and item.state.flashing
    assert item.state.reading == "31.5 ℃ / 47 %RH"
    assert item.colours()[0] in (STATUS_COLOURS["critical"][0], QColor("#fbe0de"))
    assert "31.5 ℃" in item.toolTip()


def test_click_rack_opens_elevation_with_devices_at_their_u(qtbot, make_ctx, demo_store):
    panel = _panel(qtbot, make_ctx("duty"))
    a01 = next(r for r in panel.view.layout_data.racks if r.name == "A01")
    _click(qtbot, panel.view, panel.view.racks[a01.id])
    dialog = panel.view.elevation_dialog
    assert isinstance(dialog, ElevationDialog) and dialog.isVisible()
    elevation = dialog.elevation
    units = read_off_gui(demo_store, lambda s: list(s.scalars(select(Unit).where(Unit.rack_id == a01.id))))
    assert len(units) == len(a01.units) > 5
    for unit in units:
        rect = elevation.device_rect(unit.id)
        expected = elevation.u_rect(unit.u_position, unit.u_height)
        assert abs(rect.top() - expected.top()) < 2 and abs(rect.bottom() - expected.bottom()) < 2
    low = min(units, key=lambda u: u.u_position)
    high = max(units, key=lambda u: u.u_position)
    assert elevation.device_rect(low.id).top() > elevation.device_rect(high.id).top()  # U1 at the bottom
    assert "单路供电" in dialog.summary.text()  # YHL-SRV-0001 sits in A01 on one PDU


def test_click_unit_opens_device_panel(qtbot, make_ctx, demo_store):
    panel = _panel(qtbot, make_ctx("duty"))
    ups_id = unit_ids(demo_store, "YHL-UPS-0001")["YHL-UPS-0001"]
    _click(qtbot, panel.view, panel.view.units[ups_id])
    assert panel.view.device_panel is not None and panel.view.device_panel.isVisible()
    settle(qtbot)  # the window opens at once and fills when its read comes
    assert panel.view.device_panel.tag_label.text() == "YHL-UPS-0001"


def test_edit_move_undo_redo_save_and_reopen(qtbot, make_ctx, demo_store):
    panel = _panel(qtbot, make_ctx("supervisor"))
    assert panel.edit_button.isVisible()
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert panel.view.edit_mode and panel.save_button.isVisible()
    view = panel.view
    b07 = next(r for r in view.layout_data.racks if r.name == "B07")
    item = view.racks[b07.id]
    # Drag B07 three tiles right (and a little off the grid: it snaps).
    start = view.mapFromScene(item.mapToScene(item.boundingRect().center()))
    end = start + QPoint(round(3.2 * TILE * view.transform().m11()), 0)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), end)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert item.tile_pos() == (b07.x + 3, b07.y)
    assert panel.undo_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item.tile_pos() == (b07.x, b07.y)
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert item.tile_pos() == (b07.x + 3, b07.y)
    item.setSelected(True)
    qtbot.mouseClick(panel.rotate_button, Qt.MouseButton.LeftButton)
    assert item.rotation_deg == 270
    with qtbot.waitSignal(view.sig_layout_saved, timeout=5_000):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert not view.edit_mode
    rack = read_off_gui(demo_store, lambda s: s.get(Rack, b07.id))
    assert (rack.x, rack.y, rack.rotation) == (b07.x + 3, b07.y, 270)
    settle(qtbot)  # the plan read again as stored

    reopened = _panel(qtbot, make_ctx("duty"))
    again = reopened.view.racks[b07.id]
    assert again.tile_pos() == (b07.x + 3, b07.y) and again.rotation_deg == 270


def test_add_row_and_remove_rack_rules(qtbot, make_ctx, demo_store, recorder):
    panel = _panel(qtbot, make_ctx("admin"))
    view = panel.view
    view.set_edit_mode(True)
    a01 = next(i for i in view.racks.values() if i.name == "A01")
    a01.setSelected(True)
    assert view.remove_selected()  # A01 holds devices: asked off the GUI thread, refused, and said why
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=5000)
    assert "A01" in recorder.errors[-1] and "台设备" in recorder.errors[-1]
    assert a01.scene() is view.scene() and not view.undo_stack.canUndo()  # still there
    added = view.add_rack()
    assert added is not None and added.name == "A08" and added.tile_pos() == (11.0, 3.0)
    view.undo_stack.undo()
    assert added.scene() is None
    view.undo_stack.redo()
    a07 = next(i for i in view.racks.values() if i.name == "A07")
    view.scene().clearSelection()
    a07.setSelected(True)
    assert view.remove_selected()  # empty: goes
    with qtbot.waitSignal(view.sig_layout_saved, timeout=5000):
        assert view.save()  # written off the GUI thread
    names = read_off_gui(demo_store, lambda s: set(s.scalars(select(Rack.name))))
    assert "A08" in names and "A07" not in names


def test_duty_sees_no_edit_button(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("duty"))
    assert not panel.edit_button.isVisible()
    assert not panel.view.set_edit_mode(True)
    assert all(not b.isVisible() for b in panel.edit_tools)


def test_site_switcher_and_read_only_view(qtbot, make_ctx, demo_store):
    panel = _panel(qtbot, make_ctx("supervisor"))
    assert [panel.site_combo.itemText(i) for i in range(panel.site_combo.count())] == \
        ["永和路数据中心", "容灾备份", "区属医疗机构"]
    with qtbot.waitSignal(panel.view.sig_layout_loaded, timeout=5_000):
        panel.site_combo.setCurrentIndex(1)
    assert panel.view.layout_data.room.name == "灾备机房"
    panel.site_combo.setCurrentIndex(2)
    settle(qtbot)
    assert panel.view.room_id is None and not panel.edit_button.isEnabled()

    from opsdesk.ui.floor.view import FloorView

    wall = FloorView(make_ctx("admin"), read_only=True)
    qtbot.addWidget(wall)
    with qtbot.waitSignal(wall.sig_layout_loaded, timeout=5_000):
        wall.set_room(read_off_gui(demo_store, floor.first_room_id))
    assert not wall.set_edit_mode(True)


def test_floor_renders_with_the_alarm_colour(qtbot, make_ctx, alarm_store, tmp_path):
    panel = _panel(qtbot, make_ctx("duty"))
    view = panel.view
    item = view.units[alarm_store.units["YHL-AC-0001"]]
    assert item.state.status == "critical"
    view._flash_timer.stop()
    item.flash_on = True
    item.update()
    path = tmp_path / "floor.png"
    image = panel.grab().toImage()
    assert image.save(str(path))
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20  # a drawn plan, not a blank widget
    rect = item.mapRectToScene(item.shape().boundingRect())
    centre = view.mapTo(panel, view.mapFromScene(rect.center() + (rect.topLeft() - rect.center()) * 0.5))
    assert image.pixelColor(centre).name() == STATUS_COLOURS["critical"][0].name()
