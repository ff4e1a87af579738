"""Issue 13's floor findings: a site without floor plans gets an overview of its
institutions; the rack view fits a 42U rack on a 1080p screen; UPSs on one floor are told
apart; selectors show their longest choice whole; people by their names."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox
from sqlalchemy import select

from opsdesk.models.equipment import RegisterLine, Room, Site, Unit
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ui.environment.panel import EnvironmentPanel
from opsdesk.ui.floor import elevation as rack_view
from opsdesk.ui.floor.elevation import ElevationDialog
from opsdesk.ui.floor.items import STATUS_COLOURS
from opsdesk.ui.floor.panel import FloorPanel
from tests.readings import D
from tests.ui.conftest import read_off_gui, settle, write_off_gui
from tests.ui.monitoring_data import NOW, SILENT, cycle, feed_scenario

INSTITUTIONS = Path(__file__).resolve().parents[2] / "data" / "demo" / "institutions.csv"
SCREEN_1080P = QSize(1920, 1080 - 40 - 32)  # less a task bar and the window's title bar

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def _panel(qtbot, ctx) -> FloorPanel:
    panel = FloorPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    with qtbot.waitSignal(panel.view.sig_status_applied, timeout=10_000):
        panel.show()
    settle(qtbot)
    return panel


def _qs_units(store) -> list[tuple[int, str]]:
    return read_off_gui(store, lambda s: [(u.id, u.asset_tag) for u in s.scalars(
        select(Unit).join(RegisterLine).join(Site).where(Site.name == "区属医疗机构").order_by(Unit.asset_tag))])


def _choose_overview_site(qtbot, panel) -> None:
    """Site combo → 区属医疗机构 with the keyboard (the last site)."""
    panel.site_combo.setFocus()
    with qtbot.waitSignal(panel.overview.sig_overview_applied, timeout=10_000):
        qtbot.keyClick(panel.site_combo, Qt.Key.Key_End)


def test_site_without_floor_plan_shows_its_institutions_and_states(qtbot, make_ctx, demo_store):
    from opsdesk.ui.floor.overview import NAME, NOTE, STATE, TOTAL

    units = _qs_units(demo_store)
    (ok_id, ok_tag), (silent_id, silent_tag) = units[0], units[1]
    for i in range(3):
        cycle(demo_store, NOW - dt.timedelta(minutes=5) + i * dt.timedelta(seconds=30),
              {ok_id: (ok_tag, D(profiles=(), sys_object_id="", sys_descr="Linux")), silent_id: (silent_tag, SILENT)})
    panel = _panel(qtbot, make_ctx("duty"))
    _choose_overview_site(qtbot, panel)
    assert panel.site_combo.currentText() == "区属医疗机构"
    assert panel.stack.currentWidget() is panel.overview and panel.overview.isVisible()
    assert not panel.view.isVisible()
    tree = panel.overview.tree
    with INSTITUTIONS.open(encoding="utf-8") as f:
        expected = [row["name"] for row in csv.DictReader(f) if row["site"] == "区属医疗机构"]
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [r.text(NAME) for r in rows] == expected and len(rows) == 23
    assert sum(int(r.text(TOTAL)) for r in rows) == 47
    assert "23 家机构" in panel.overview.title.text() and "47 台设备" in panel.overview.title.text()
    devices = panel.overview.device_items()
    silent = devices[silent_id]
    troubled = silent.parent()
    # The institution's worst state, in words and in its colour; the device's own row too.
    assert troubled.text(STATE) == "无应答"
    assert troubled.background(STATE).color() == STATUS_COLOURS["unreachable"][0]
    assert troubled.isExpanded()  # a place in trouble is open at once
    assert silent.text(STATE) == "无应答" and silent_tag in silent.text(NAME)
    assert silent_tag in troubled.text(NOTE)
    assert devices[ok_id].text(STATE) == "正常"
    assert devices[ok_id].background(STATE).color() == STATUS_COLOURS["normal"][0]
    assert panel.overview.count_labels["unreachable"].text() == "无应答 1"
    assert panel.overview.count_labels["unknown"].text() == "无数据 45"
    assert all(not r.isExpanded() for r in rows if r is not troubled)

    panel.grab().save("/tmp/shots/floor_overview.png")


def test_overview_opens_a_device_with_the_keyboard(qtbot, make_ctx, demo_store):
    from opsdesk.ui.floor.overview import NAME

    panel = _panel(qtbot, make_ctx("duty"))
    _choose_overview_site(qtbot, panel)
    tree = panel.overview.tree
    qtbot.keyClick(panel.site_combo, Qt.Key.Key_Tab)  # on to the room combo …
    tree.setFocus()
    first = tree.topLevelItem(0)
    assert tree.currentItem() is first
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentItem() is tree.topLevelItem(1)
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter on an institution opens it
    assert tree.topLevelItem(1).isExpanded()
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    device = tree.currentItem()
    assert device.parent() is tree.topLevelItem(1)
    with qtbot.waitSignal(panel.overview.sig_device_requested, timeout=5_000) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [device.data(NAME, Qt.ItemDataRole.UserRole)]
    assert panel.overview.device_panel is not None and panel.overview.device_panel.isVisible()


def test_rack_view_fits_42u_on_a_1080p_screen_and_follows_its_window(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("duty"))
    a01 = next(r for r in panel.view.layout_data.racks if r.name == "A01")
    assert a01.u_height == 42
    dialog = ElevationDialog(a01, panel.view.status.units)
    qtbot.addWidget(dialog)
    hint = dialog.sizeHint()
    assert hint.height() <= SCREEN_1080P.height() and hint.width() <= SCREEN_1080P.width()
    dialog.resize(hint)
    dialog.show()
    qtbot.waitExposed(dialog)
    elevation = dialog.elevation
    bar = dialog.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2_000)
    assert elevation.u_px >= 19  # as readable as before
    assert elevation.u_rect(42).top() >= 0 and elevation.u_rect(1).bottom() <= elevation.height()
    # A smaller window: the drawing shrinks with it, whole, still without a scroll bar.
    dialog.resize(hint.width(), 720)
    qtbot.waitUntil(lambda: elevation.height() < 700)
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=2_000)
    assert rack_view.MIN_U_PX <= elevation.u_px < 19
    assert elevation.u_rect(1).bottom() <= elevation.height()
    # A bigger one: it grows.
    dialog.resize(hint.width() + 200, hint.height() + 200)
    qtbot.waitUntil(lambda: elevation.u_px > 20)
    dialog.resize(hint)
    dialog.grab().save("/tmp/shots/floor_rack_42u.png")


def test_rack_view_devices_are_opened_with_the_keyboard(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("duty"))
    a01 = next(r for r in panel.view.layout_data.racks if r.name == "A01")
    dialog = ElevationDialog(a01, panel.view.status.units)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    top = max(a01.units, key=lambda u: u.u_position)
    qtbot.keyClick(dialog.elevation, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.elevation, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.elevation, Qt.Key.Key_Up)
    with qtbot.waitSignal(dialog.sig_device_requested, timeout=2_000) as opened:
        qtbot.keyClick(dialog.elevation, Qt.Key.Key_Return)
    assert opened.args == [top.id]


def test_ups_units_on_one_floor_read_differently(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("duty"))
    ups = [item for item in panel.view.units.values() if item.unit.category == "UPS电源"]
    assert len(ups) == 4
    captions = [item.caption() for item in ups]
    assert len(set(captions)) == 4, captions
    assert all(c.startswith("UPS") for c in captions)


def _edit_width(combo: QComboBox) -> int:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    return combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                        QStyle.SubControl.SC_ComboBoxEditField, combo).width()


def _assert_shows_whole(combo: QComboBox, texts: list[str]) -> None:
    metrics = combo.fontMetrics()
    for text in texts:
        assert _edit_width(combo) >= metrics.horizontalAdvance(text), (combo.objectName(), text, combo.width())


def test_floor_selectors_show_their_longest_choice_whole(qtbot, make_ctx):
    panel = _panel(qtbot, make_ctx("duty"))
    _assert_shows_whole(panel.site_combo, ["永和路数据中心", "容灾备份", "区属医疗机构"])
    rooms = ["主机房", "灾备机房", "（无机房）"]
    _assert_shows_whole(panel.room_combo, rooms)
    panel.site_combo.setCurrentIndex(1)  # 容灾备份 → 灾备机房 shown, not "灾备机."
    assert panel.room_combo.currentText() == "灾备机房"
    _assert_shows_whole(panel.room_combo, ["灾备机房"])


def test_environment_selectors_show_their_longest_choice_whole(qtbot, make_ctx, demo_store):
    """A room with a longer name than ten characters' room (a real site's) is not clipped either."""
    long_name = "信息中心三楼灾备机房（二期）"
    def add_room(s) -> None:
        site = s.scalars(select(Site).where(Site.name == "容灾备份")).one()
        s.add(Room(site=site, name=long_name))
    write_off_gui(demo_store, add_room)
    panel = EnvironmentPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.resize(1400, 860)
    panel.show()
    qtbot.waitExposed(panel)
    settle(qtbot)  # the sites and rooms, read off the GUI thread
    _assert_shows_whole(panel.site_combo, ["永和路数据中心", "容灾备份", "区属医疗机构"])
    _assert_shows_whole(panel.room_combo, ["全部机房", "主机房", "灾备机房", long_name])


def test_floor_tooltip_names_who_acknowledged(qtbot, make_ctx, demo_store, demo_users):
    scenario = feed_scenario(demo_store)
    ac_alarm = scenario.alarm_id("YHL-AC-0001")
    write_off_gui(demo_store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], ac_alarm, "已派人检查空调"))
    panel = _panel(qtbot, make_ctx("supervisor"))
    tip = panel.view.units[scenario.units["YHL-AC-0001"]].toolTip()
    assert "已确认：张伟" in tip and "zhangwei" not in tip
