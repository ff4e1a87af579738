"""实时状态 of one unit: header, readings with units as Chinese users write them,
states in words, invalid readings in grey, recent alarms, maintenance; opened
from the register's line form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.models import Unit
from opsdesk.ui.device.panel import DevicePanel
from opsdesk.ui.labels import MUTED_COLOURS, SEVERITY_COLOURS
from opsdesk.ui.register.line_form import LineForm
from tests.ui.conftest import read_off_gui, settle
from tests.ui.monitoring_data import NOW, ac, cycle

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


@pytest.fixture
def device(qtbot, make_ctx):
    def make(unit_id: int, role: str = "duty") -> DevicePanel:
        panel = DevicePanel(make_ctx(role), unit_id)
        qtbot.addWidget(panel)
        panel.show()
        settle(qtbot)  # opened at once, filled when its read comes
        return panel

    return make


def readings(panel: DevicePanel) -> dict[str, str]:
    """Every reading's name and value as shown, folded ones included."""
    model = panel.readings_model
    return {idx.data(): model.index(idx.row(), 1, idx.parent()).data() for idx, _ in model.leaves()}


def value_cell(panel: DevicePanel, name: str, role):
    """The cell of the reading called ``name`` that has a value (the demo's back-filled
    return-air series has the same label and waits for its first poll)."""
    model = panel.readings_model
    for idx, _ in model.leaves():
        cell = model.index(idx.row(), 1, idx.parent())
        if idx.data() == name and cell.data() not in (None, "", "—"):
            return cell.data(role)
    raise AssertionError(f"no reading {name!r} with a value")


def test_ups_readings_with_units_and_states(device, alarm_store):
    panel = device(alarm_store.units["YHL-UPS-0001"])
    assert panel.windowTitle() == "实时状态：YHL-UPS-0001 UPS电源"
    assert panel.tag_label.text() == "YHL-UPS-0001" and panel.name_label.text() == "UPS电源"
    assert panel.place_label.text() == "永和路数据中心 · 主机房"
    assert panel.status_label.text() == "警告"
    assert panel.poll_label.text() == "2026-11-22 09:51:00"
    assert not panel.maintenance_label.isVisible()
    assert readings(panel) == {
        "输出来源": "电池供电",
        "输入电压": "230 V",
        "电池剩余电量": "85 %",
        "电池温度": "24.5 ℃",
        "预计后备时间": "无效：4294967295：设备表示无数值（不可用）",  # stored in English
    }
    assert value_cell(panel, "输出来源", Qt.ItemDataRole.ForegroundRole) == SEVERITY_COLOURS["warning"][1]
    assert value_cell(panel, "预计后备时间", Qt.ItemDataRole.ForegroundRole) == MUTED_COLOURS[1]
    first, _ = panel.readings_model.leaves()[0]
    at = panel.readings_model.index(first.row(), 2, first.parent()).data()
    assert at == "2026-11-22 09:51:00"
    messages = [panel.alarms_model.row_at(r).message for r in range(panel.alarms_model.rowCount())]
    assert any("电池供电" in m for m in messages) and any("读数无效" in m for m in messages)
    assert not panel.no_readings_label.isVisible()


def test_air_conditioner_in_degrees_and_relative_humidity(device, alarm_store):
    panel = device(alarm_store.units["YHL-AC-0001"])
    assert readings(panel) == {"回风温度": "31 ℃", "回风湿度": "45 %RH"}
    assert panel.status_label.text() == "严重"
    assert value_cell(panel, "回风温度", Qt.ItemDataRole.BackgroundRole) == SEVERITY_COLOURS["critical"][0]
    # today's critical, then the demo history's excursion three days ago (cleared, acknowledged)
    assert panel.alarms_model.rowCount() == 2
    assert panel.alarms_model.index(0, panel.alarms_model.column_of("severity")).data() == "严重"


def test_silent_and_never_polled_devices(device, alarm_store, demo_store):
    silent = device(alarm_store.units["YHL-SRV-0001"])
    assert silent.status_label.text() == "无应答"
    # the reason in the reader's words (a code since issue 16), not the agent's own
    assert silent.message_label.isVisible() and silent.message_label.text() == "无应答（超时）"
    quiet_id = read_off_gui(demo_store,
                            lambda s: s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-KVM-0001")).one())
    never = device(quiet_id)
    assert never.status_label.text() == "未轮询" and never.poll_label.text() == "尚未轮询"
    assert never.readings_model.rowCount() == 0 and never.no_readings_label.isVisible()


def test_a_device_silent_under_an_english_poller_reads_chinese(device, alarm_store):
    from opsdesk import i18n
    from tests.readings import D

    unit_id = alarm_store.units["YHL-UPS-0001"]
    silent = D(status="unreachable", error_category="auth", error_message="wrong community", uptime_s=None)
    i18n.set_language("en")
    try:
        cycle(alarm_store.store, NOW, {unit_id: ("YHL-UPS-0001 UPS电源", silent)})
    finally:
        i18n.set_language("zh")
    panel = device(unit_id)
    assert panel.message_label.text() == "无应答（认证失败）"


def test_refreshes_while_open(qtbot, quick_feed, device, alarm_store):
    unit_id = alarm_store.units["YHL-AC-0001"]
    panel = device(unit_id)
    cycle(alarm_store.store, NOW, {unit_id: ("YHL-AC-0001 精密空调", ac(26.5, 50.0))})
    qtbot.waitUntil(lambda: readings(panel).get("回风温度") == "26.5 ℃", timeout=3000)
    assert readings(panel)["回风湿度"] == "50 %RH"
    assert panel.poll_label.text() == "2026-11-22 10:00:00"
    panel.close()


def test_maintenance_window_from_the_device(qtbot, device, alarm_store):
    panel = device(alarm_store.units["YHL-UPS-0001"])
    assert panel.maintenance_button.isVisible() and not panel.end_maintenance_button.isVisible()
    dialog = panel.open_maintenance()
    qtbot.addWidget(dialog)
    dialog.reason_edit.setText("更换电池")
    with qtbot.waitSignal(dialog.sig_maintenance_opened, timeout=3000):
        dialog.submit()  # written off the GUI thread
    qtbot.waitUntil(panel.maintenance_label.isVisible, timeout=3000)  # the panel reads again at once
    assert panel.maintenance_label.text() == "维护中，至 2026-11-22 12:00"
    assert panel.end_maintenance_button.isVisible() and not panel.maintenance_button.isVisible()
    assert panel.end_maintenance()
    qtbot.waitUntil(lambda: not panel.maintenance_label.isVisible(), timeout=3000)


def test_opened_from_the_register_line_form(qtbot, make_ctx, alarm_store, demo_store):
    line_id = read_off_gui(demo_store,
                           lambda s: s.scalars(select(Unit.line_id).where(Unit.asset_tag == "YHL-UPS-0001")).one())
    form = LineForm(make_ctx("duty"), line_id, as_of=dt.date(2026, 11, 22))
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.sig_line_loaded, timeout=10_000):  # read off the GUI thread
        form.show()
    assert form.live_button.text() == "实时状态"
    assert not form.live_button.isEnabled()  # which unit? select one first
    form.units_table.selectRow(0)
    assert form.live_button.isEnabled()
    qtbot.mouseClick(form.live_button, Qt.MouseButton.LeftButton)
    assert isinstance(form.device_panel, DevicePanel) and form.device_panel.isVisible()
    assert form.device_panel.unit_id == form.selected_unit_id()
    settle(qtbot)  # the window opens at once and fills when its read comes
    assert form.device_panel.tag_label.text() == form.unit_rows()[0].asset_tag


def test_refreshing_a_folded_tree_keeps_the_view_valid_and_what_is_open(qtbot, device, alarm_store):
    """A refresh with new values updates the lines the view points at (replacing them freed
    what its indexes pointed to); one that adds a line keeps the user's open folds open."""
    from opsdesk.ops.device_snapshot import ReadingRow

    panel = device(alarm_store.units["YHL-AC-0001"])
    model, view = panel.readings_model, panel.readings_table

    def ports(n: int, down: int) -> list[ReadingRow]:
        return [ReadingRow(1000 + i, "if.oper_status", str(i), f"接口运行状态 Gi1/0/{i}", "state",
                           2 if i == down else 1, "", "断开" if i == down else "运行", NOW,
                           "warning" if i == down else "ok", None)
                for i in range(1, n + 1)]

    model.set_rows(ports(8, 3))
    states = model.index(model.rowCount() - 1, 0)
    folded = model.index(0, 0, states)
    assert model.line(folded).label == "接口运行状态（8 项）"
    view.setExpanded(folded, True)
    view.setCurrentIndex(model.index(5, 0, folded))
    for down in (4, 5, 6):  # values change, lines stay: in place
        model.set_rows(ports(8, down))
        qtbot.wait(1)
        assert view.currentIndex().parent() == folded
        assert model.index(down - 1, 1, folded).data() == "断开"
    model.set_rows(ports(9, 2))  # a ninth port: the tree is rebuilt
    states = model.index(model.rowCount() - 1, 0)
    folded = model.index(0, 0, states)
    assert model.line(folded).label == "接口运行状态（9 项）" and view.isExpanded(folded)


def test_a_device_no_profile_reads_says_so(device, alarm_store):
    from tests.readings import D

    unit_id = alarm_store.units["YHL-UPS-0001"]
    cycle(alarm_store.store, NOW, {unit_id: ("YHL-UPS-0001 UPS电源", D([], kinds=("generic", "network")))})
    panel = device(unit_id)
    assert panel.status_label.text() == "无匹配型号"
    assert "无匹配型号" in panel.message_label.text()
    messages = [panel.alarms_model.row_at(r).message for r in range(panel.alarms_model.rowCount())]
    assert any("无匹配型号" in m for m in messages)


def test_a_unit_deleted_meanwhile_says_so_in_its_window(qtbot, make_ctx, alarm_store, demo_users):
    from opsdesk.ops import devices
    from tests.ui.conftest import write_off_gui

    unit_id = read_off_gui(alarm_store.store,
                           lambda s: s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-KVM-0001")).one())
    write_off_gui(alarm_store.store, lambda s: devices.delete_unit(s, demo_users["admin"], unit_id))
    panel = DevicePanel(make_ctx("duty"), unit_id)  # opened from a list read before the deletion
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.message_label.text() == "该设备已被他人删除。", timeout=10_000)
    assert panel.message_label.isVisible() and panel.snapshot is None
