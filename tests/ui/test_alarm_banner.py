"""The banner above the panels: unacknowledged active alarms by severity, red when
any is critical, calm when none; it follows an acknowledgement and opens the list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from opsdesk.ops import alarms as alarm_ops
from tests.ui.conftest import settle, write_off_gui


def test_banner_is_calm_without_alarms(main_window, demo_store):
    window = main_window("duty")
    banner = window.alarm_banner
    assert banner.isVisible()
    assert banner.text() == "当前无未确认告警" and banner.state == "none"


def test_banner_counts_by_severity_and_follows_acknowledge(qtbot, alarm_store, main_window):
    window = main_window("duty")
    banner = window.alarm_banner
    assert banner.text() == "严重 2 · 警告 1 未确认"
    assert banner.state == "critical"
    assert banner.counts == {"critical": 2, "warning": 1}

    alarms = window.show_panel("alarms")
    settle(qtbot)  # the list is read off the GUI thread
    for tag in ("YHL-AC-0001", "YHL-SRV-0001"):
        alarms.select_alarm(alarm_store.alarm_id(tag))
        dialog = alarms.acknowledge_selected()
        qtbot.addWidget(dialog)
        dialog.note_edit.setPlainText("已到现场检查")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # No wait for the feed's next read: the acknowledgement is told to it at once.
    qtbot.waitUntil(lambda: banner.text() == "警告 1 未确认", timeout=1000)
    assert banner.state == "warning"


def test_banner_follows_the_live_feed(qtbot, alarm_store, quick_feed, main_window, demo_users):
    window = main_window("duty")
    banner = window.alarm_banner
    ups = alarm_store.alarm_id("YHL-UPS-0001")
    write_off_gui(alarm_store.store,  # acknowledged at another console
                  lambda s: alarm_ops.acknowledge(s, demo_users["supervisor"], ups, "已处理"))
    qtbot.waitUntil(lambda: banner.text() == "严重 2 未确认", timeout=3000)


def test_clicking_the_banner_opens_the_alarm_list(qtbot, alarm_store, main_window):
    window = main_window("supervisor")
    window.show_panel("register")
    with qtbot.waitSignal(window.alarm_banner.sig_alarms_requested, timeout=1000):
        qtbot.mouseClick(window.alarm_banner, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.panel("alarms")
    assert window.nav.currentRow() == window.panel_keys().index("alarms")


def test_a_critical_alarm_that_cleared_unacknowledged_stays_counted(qtbot, alarm_store, main_window, demo_users):
    from tests.ui.monitoring_data import NOW, ac, cycle

    unit = alarm_store.units["YHL-AC-0001"]
    cycle(alarm_store.store, NOW - dt.timedelta(minutes=2), {unit: ("YHL-AC-0001 精密空调", ac(25.0))})
    window = main_window("duty")
    banner = window.alarm_banner
    assert banner.text() == "严重 2 · 警告 1 未确认"  # cleared on its own, still nobody has seen it
    cleared = alarm_store.alarm_id("YHL-AC-0001", active=False)
    write_off_gui(alarm_store.store, lambda s: alarm_ops.acknowledge(s, demo_users["duty"], cleared, "已核实"))
    banner.refresh()  # the live feed reads again
    qtbot.waitUntil(lambda: banner.text() == "严重 1 · 警告 1 未确认", timeout=3000)
