"""大屏模式 (F11): opens full screen from the main window, closes on Esc or F11,
cycles through the rooms of all sites, lists the active alarms."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.room_views import wall_rooms
from opsdesk.ui import wall as wall_mod
from opsdesk.ui.environment.grid import GaugeGrid
from opsdesk.ui.floor.view import FloorView
from opsdesk.ui.wall import WallWindow
from tests.ui.conftest import read_off_gui, settle, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


class RecordingView(QLabel):
    """Stands in for FloorView / GaugeGrid: remembers the rooms it was asked to show."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.rooms: list[int] = []

    def set_room(self, room_id: int) -> None:
        self.rooms.append(room_id)


@pytest.fixture
def make_wall(qtbot, make_ctx):
    def make(role: str = "duty") -> WallWindow:
        wall = WallWindow(make_ctx(role), floor_factory=RecordingView, gauges_factory=RecordingView)
        qtbot.addWidget(wall)
        wall.resize(1920, 1080)
        wall.show()
        qtbot.waitExposed(wall)
        settle(qtbot)  # the rooms and the alarms, read off the GUI thread
        return wall

    return make


@pytest.fixture
def stub_views(monkeypatch):
    monkeypatch.setattr(wall_mod, "default_floor", RecordingView)
    monkeypatch.setattr(wall_mod, "default_gauges", RecordingView)


def test_f11_opens_the_wall_full_screen_and_esc_closes_it(qtbot, stub_views, main_window):
    window = main_window("duty")
    assert window.action_wall.shortcut().toString() == "F11"
    with qtbot.waitActive(window):  # a window shortcut needs the active window
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    wall = window.wall
    assert wall is not None and wall.isVisible() and wall.isFullScreen()
    qtbot.waitExposed(wall)

    with qtbot.waitSignal(wall.sig_closed, timeout=2000):
        qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert window.wall is None


def test_f11_on_the_wall_closes_it(qtbot, stub_views, main_window):
    window = main_window("duty")
    wall = window.open_wall()
    qtbot.waitExposed(wall)
    with qtbot.waitActive(wall):  # the full-screen wall is the window the keys go to
        wall.activateWindow()
    with qtbot.waitSignal(wall.sig_closed, timeout=2000):
        qtbot.keyClick(wall, Qt.Key.Key_F11)
    assert window.wall is None
    again = window.open_wall()  # and opens again
    assert again is not wall and again.isFullScreen()
    again.close()


def test_the_wall_cycles_through_the_rooms_of_all_sites(qtbot, make_wall, demo_store, demo_users):
    wall = make_wall()
    rooms = read_off_gui(demo_store, wall_rooms)
    assert len({r.site_name for r in rooms}) >= 2 and len(rooms) >= 2  # 永和路 and 容灾备份 at least
    assert wall.rooms == rooms
    first = rooms[0]
    assert wall.floor.rooms == [first.room_id] and wall.gauges.rooms == [first.room_id]
    assert wall.room_label.text() == f"{first.site_name} · {first.room_name}"
    assert wall.cycle_timer.isActive() and wall.cycle_timer.interval() == 30_000  # wall.cycle_seconds

    with qtbot.waitSignal(wall.sig_room_changed, timeout=1000) as changed:
        wall.cycle_timer.timeout.emit()
    assert changed.args == [rooms[1].room_id]
    assert wall.floor.rooms[-1] == rooms[1].room_id and wall.gauges.rooms[-1] == rooms[1].room_id
    assert wall.room_label.text() == f"{rooms[1].site_name} · {rooms[1].room_name}"
    assert wall.cycle_label.text().startswith(f"第 2/{len(rooms)} 个机房")

    for _ in range(len(rooms) - 1):  # round to the first again
        wall.advance()
    assert wall.current_room() == first


def test_the_cycle_time_is_a_setting(qtbot, make_wall, demo_store, demo_users):
    from opsdesk.ops import settings_ops

    write_off_gui(demo_store, lambda s: settings_ops.set_setting(s, demo_users["admin"], "wall.cycle_seconds", 12))
    wall = make_wall()
    assert wall.cycle_timer.interval() == 12_000


def test_the_wall_lists_active_alarms_and_counts(qtbot, alarm_store, make_wall, demo_users):
    wall = make_wall()
    model = wall.alarm_model
    assert wall.alarm_table.isVisible() and not wall.no_alarms_label.isVisible()
    texts = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert len(texts) == 3  # AC-0001 and SRV-0001 critical, UPS-0001 warning (AC-0002 was cleared)
    assert texts[0][0] == "严重" and texts[2][0] == "警告"  # what needs someone first
    assert "YHL-AC-0001 精密空调\n回风温度 31 ℃" in "".join(row[1] for row in texts)
    assert texts[2][1].startswith("YHL-UPS-0001 UPS电源\n") and texts[2][2] == "11-22 09:50"
    assert wall.counts_label.text() == "严重 2 · 警告 1 未确认"
    assert wall.counts_label.property("state") == "critical"

    ac_alarm = alarm_store.alarm_id("YHL-AC-0001")
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], ac_alarm, "已处理"))
    wall.refresh_alarms()  # off the GUI thread: wait for it
    qtbot.waitUntil(lambda: not wall._alarm_read.reading, timeout=5000)
    assert wall.counts_label.text() == "严重 1 · 警告 1 未确认"
    ac_row = next(r for r in range(model.rowCount()) if model.row_at(r).asset_tag == "YHL-AC-0001")
    assert model.data(model.index(ac_row, 0)) == "严重（已确认）"
    assert ac_row == model.rowCount() - 1  # acknowledged ones move down


def test_without_alarms_the_wall_says_so(qtbot, make_wall):
    wall = make_wall()
    assert wall.no_alarms_label.isVisible() and not wall.alarm_table.isVisible()
    assert wall.counts_label.text() == "当前无未确认告警"


def test_the_wall_with_the_real_floor_and_gauges_renders_at_1920x1080(qtbot, alarm_store, make_ctx, tmp_path):
    """The duty room's display as it is: dark, the floor and gauges of the first room
    drawn, the alarms listed. OPSDESK_SHOTS=DIR keeps the picture for a person to look at."""
    wall = WallWindow(make_ctx("duty"))
    qtbot.addWidget(wall)
    assert isinstance(wall.floor, FloorView) and wall.floor.read_only
    assert isinstance(wall.gauges, GaugeGrid)
    with qtbot.waitSignal(wall.floor.sig_status_applied, timeout=10_000), \
            qtbot.waitSignal(wall.gauges.sig_values_applied, timeout=10_000):
        wall.resize(1920, 1080)
        wall.show()
        qtbot.waitExposed(wall)
    assert wall.floor.room_id == wall.current_room().room_id == wall.gauges.room_id
    qtbot.wait(50)  # let the layouts settle before the picture (nothing is awaited)
    image = wall.grab().toImage()
    assert (image.width(), image.height()) == (1920, 1080)
    corner = image.pixelColor(4, 4)
    assert corner.lightness() < 40  # the dark wall theme
    colours = {image.pixel(x, y) for x in range(0, 1920, 16) for y in range(0, 1080, 16)}
    assert len(colours) > 50  # drawn, not blank
    out = Path(os.environ.get("OPSDESK_SHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert wall.grab().save(str(out / "wall_yhl.png"))
    wall.advance()
    with qtbot.waitSignal(wall.floor.sig_status_applied, timeout=10_000):
        pass
    wall.grab().save(str(out / "wall_next_room.png"))


def test_the_wall_keeps_a_critical_alarm_that_cleared_unacknowledged(qtbot, alarm_store, make_wall, demo_users):
    import datetime as dt

    from tests.ui.monitoring_data import NOW, ac, cycle

    unit = alarm_store.units["YHL-AC-0001"]
    cycle(alarm_store.store, NOW - dt.timedelta(minutes=2), {unit: ("YHL-AC-0001 精密空调", ac(25.0))})
    wall = make_wall()
    model = wall.alarm_model
    tags = [model.row_at(r).asset_tag for r in range(model.rowCount())]
    assert "YHL-AC-0001" in tags and len(tags) == 3
    ac_row = tags.index("YHL-AC-0001")
    assert model.data(model.index(ac_row, 0)) == "严重\n已恢复·未确认"
    assert wall.counts_label.text() == "严重 2 · 警告 1 未确认"
    cleared = alarm_store.alarm_id("YHL-AC-0001", active=False)
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], cleared, "已核实"))
    wall.refresh_alarms()  # off the GUI thread: wait for it
    qtbot.waitUntil(lambda: not wall._alarm_read.reading, timeout=5000)
    assert "YHL-AC-0001" not in [model.row_at(r).asset_tag for r in range(model.rowCount())]
    assert wall.counts_label.text() == "严重 1 · 警告 1 未确认"
