"""The environment screen: gauges that follow the monitor and the limits, the trend with its
limit lines, alarm marks, crosshair and exports, and the screen drawn offscreen (R-ENV-1, R-ENV-2)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from opsdesk.ops import settings_ops
from opsdesk.ui.environment.chart import TrendChart
from opsdesk.ui.environment.gauge import RED
from opsdesk.ui.environment.grid import GaugeGrid
from opsdesk.ui.environment.panel import EnvironmentPanel
from tests import test_trends
from tests.test_trends import AC1, AC2, NOW
from tests.ui.conftest import off_gui, settle, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


# Beside the screens, as the poller and another console do (the guard refuses the GUI thread).
def feed(store, *args, **kwargs) -> dict[str, int]:
    return off_gui(test_trends.feed, store, *args, **kwargs)


def series_id(store, *args, **kwargs) -> int:
    return off_gui(test_trends.series_id, store, *args, **kwargs)


T0 = NOW - dt.timedelta(minutes=30)  # 09:30 local


def history(store) -> dict[str, int]:
    """Two hours of one reading a minute; AC2 crosses 28 ℃ from 09:30 to 09:40 (an alarm)."""
    ac1 = [(NOW - dt.timedelta(minutes=m), 24.0 + (m % 7) / 10) for m in range(120, 0, -5)]
    ac2 = [(NOW - dt.timedelta(minutes=m), 25.0) for m in range(120, 30, -5)]
    ac2 += [(T0 + dt.timedelta(minutes=i), 29.0) for i in range(10)] + [(T0 + dt.timedelta(minutes=10), 26.0)]
    return feed(store, {AC1: ac1, AC2: ac2})


def shown_grid(qtbot, ctx) -> GaugeGrid:
    grid = GaugeGrid(ctx)
    qtbot.addWidget(grid)
    with qtbot.waitSignal(grid.sig_values_applied, timeout=10_000):
        grid.resize(1100, 400)
        grid.show()
        grid.refresh()
    return grid


def test_a_new_reading_from_the_monitor_reaches_the_gauge(qtbot, make_ctx, demo_store):
    units = history(demo_store)
    grid = shown_grid(qtbot, make_ctx("duty"))
    sid = series_id(demo_store, units[AC1])
    gauge = grid.gauge_for(sid)
    assert gauge.status == "ok" and gauge.value_text == "24.5 ℃"
    assert "今日" in gauge.span_text()

    feed(demo_store, {AC1: [(NOW, 31.0)]})  # the poller's next cycle: 3 ℃ over 28, beyond the 2 ℃ margin
    with qtbot.waitSignal(grid.sig_values_applied, timeout=10_000):
        grid.refresh()
    assert gauge.value_text == "31 ℃" and gauge.status == "critical"
    assert gauge.span_text() == "今日 24 – 31 ℃"


def test_gauges_and_trend_follow_the_configured_limits(qtbot, make_ctx, demo_store, demo_users):
    units = history(demo_store)
    sid = series_id(demo_store, units[AC1])
    panel = EnvironmentPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.resize(1280, 860)
    panel.show()
    settle(qtbot)  # the sites, then the gauges, read off the GUI thread
    with qtbot.waitSignal(panel.chart.sig_trend_applied, timeout=10_000):
        panel.grid.gauge_for(sid).sig_clicked.emit(sid)
    assert panel.chart.high_line.value() == 28.0 and panel.chart.low_line.value() == 18.0
    assert panel.grid.gauge_for(sid).status == "ok"

    write_off_gui(demo_store, lambda s: settings_ops.set_setting(s, demo_users["admin"], "env.temp_high", 24.0))
    with qtbot.waitSignal(panel.grid.sig_values_applied, timeout=10_000):
        panel.grid.refresh()
    with qtbot.waitSignal(panel.chart.sig_trend_applied, timeout=10_000):
        panel.chart.reload()
    assert panel.grid.gauge_for(sid).status == "warning"  # 24.5 over 24, under 24 + 2
    assert panel.chart.high_line.value() == 24.0
    assert panel.chart.band.getRegion() == (18.0, 24.0)
    assert "18–24 ℃" in panel.limits_label.text()


def test_trend_marks_the_alarm_and_reads_out_time_and_value(qtbot, make_ctx, demo_store, recorder, tmp_path):
    units = history(demo_store)
    sid = series_id(demo_store, units[AC2])
    chart = TrendChart(make_ctx("duty"))
    qtbot.addWidget(chart)
    chart.resize(1000, 360)
    chart.show()
    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000) as blocker:
        chart.set_series(sid)
    assert blocker.args == [len(chart.data)] and chart.data.source == "raw"
    # One warning: 29 ℃ held 60 s from 09:30, raised 09:31, cleared 09:40.
    assert [(m.raised, m.cleared, m.severity) for m in chart.marks] == [
        ((T0 + dt.timedelta(minutes=1)).timestamp(), (T0 + dt.timedelta(minutes=10)).timestamp(), "warning")]
    assert any(getattr(item, "value", lambda: None)() == chart.marks[0].raised for item in chart._decor)

    text = chart.readout_at((T0 + dt.timedelta(minutes=3, seconds=20)).timestamp())
    assert text == "2026-11-22 09:33:00  29 ℃"
    assert chart.readout.text() == text and chart.cross_v.value() == (T0 + dt.timedelta(minutes=3)).timestamp()

    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000):
        chart.range_buttons["1y"].click()
    assert chart.data.source == "1h"
    assert "最低" in chart.readout_at(NOW.timestamp())

    # export of the view: CSV by the save dialog, PNG of the plot
    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000):
        chart.range_buttons["1h"].click()
    recorder.save_path = tmp_path / "trend.csv"
    chart.csv_button.click()
    settle(qtbot)  # read and written off the GUI thread
    raw = recorder.save_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "时间,数值（℃）" and "2026-11-22 09:30:00,29" in lines and lines[-1] == "2026-11-22 09:40:00,26"
    assert len(lines) == 1 + len(chart.data)
    recorder.save_path = tmp_path / "trend.png"
    chart.png_button.click()
    assert recorder.save_path.stat().st_size > 5000 and recorder.infos

    # a folder that is not there: said in Chinese, the chart goes on showing its trend
    recorder.save_path = tmp_path / "不存在的目录" / "trend.csv"
    chart.csv_button.click()
    settle(qtbot)
    assert recorder.errors[-1].startswith(f"文件夹或文件 {recorder.save_path} 不存在")
    assert not recorder.save_path.exists() and len(chart.data) > 0


def _count(image, colour: QColor, tolerance: int = 12) -> int:
    n = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - colour.red()) <= tolerance and abs(c.green() - colour.green()) <= tolerance
                    and abs(c.blue() - colour.blue()) <= tolerance):
                n += 1
    return n


def test_environment_screen_renders_with_an_out_of_range_gauge_in_the_alarm_colour(qtbot, make_ctx, demo_store,
                                                                                    tmp_path):
    units = history(demo_store)
    feed(demo_store, {AC2: [(NOW, 31.5)]})
    panel = EnvironmentPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.resize(1280, 860)
    panel.show()
    settle(qtbot)  # the sites, then the gauges, read off the GUI thread
    hot = panel.grid.gauge_for(series_id(demo_store, units[AC2]))
    calm = panel.grid.gauge_for(series_id(demo_store, units[AC1]))
    with qtbot.waitSignal(panel.chart.sig_trend_applied, timeout=10_000):
        hot.sig_clicked.emit(hot.point.series_id)
    path = tmp_path / "environment.png"
    assert panel.grab().save(str(path))
    image = panel.grab().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}
    assert len(colours) > 30  # not blank
    assert hot.status == "critical" and calm.status == "ok"
    alarm_bg = QColor("#fbe0de")
    assert _count(hot.grab().toImage(), alarm_bg) > 500 and _count(hot.grab().toImage(), RED) > 20
    assert _count(calm.grab().toImage(), alarm_bg) < 20  # a calm card: white, at most a few edge pixels
    assert [b.text() for b in panel.chart.findChildren(QPushButton) if b.objectName().startswith("range_")] == [
        "1小时", "24小时", "7天", "30天", "1年"]


def test_the_demo_screen_gives_the_trend_the_room_and_shows_the_chosen_range(qtbot, make_ctx, demo_store):
    """The demo's own history (four points, a month of readings): one row of cards, the chart
    below them, the chosen range filled, and a 30-day axis with a label every few days."""
    from opsdesk.ui.app import load_style_sheet

    panel = EnvironmentPanel(make_ctx("duty"))
    panel.setStyleSheet(load_style_sheet())
    qtbot.addWidget(panel)
    panel.resize(1440, 900)
    panel.show()
    settle(qtbot)  # the sites, the gauges, then the trend of the first, read off the GUI thread
    assert len(panel.grid.gauges()) == 4
    grid_h, chart_h = panel.splitter.sizes()
    assert 140 <= grid_h <= 160 and chart_h > 600  # no empty band between the cards and the chart
    with qtbot.waitSignal(panel.chart.sig_trend_applied, timeout=10_000) as done:
        panel.chart.range_buttons["30d"].click()
    # a month of one-minute readings, drawn as one bucket per pixel column of the plot
    assert panel.chart.data.reduced and panel.chart.data.source == "raw"
    assert done.args[0] == len(panel.chart.data) and abs(done.args[0] - panel.chart.columns()) <= 1
    assert [k for k, b in panel.chart.range_buttons.items() if b.isChecked()] == ["30d"]
    assert panel.chart.high_line.label.toPlainText() == "上限 28 ℃"  # labelled, though hidden before the first trend
    chosen, other = (panel.chart.range_buttons[k].grab().toImage() for k in ("30d", "7d"))
    fill = QColor("#2b6cb0")
    assert _count(chosen, fill) > 300 and _count(other, fill) < 20
    axis = panel.chart.plot.getAxis("bottom")
    (spacing, values), = axis.tickValues(*panel.chart.plot.getViewBox().viewRange()[0], axis.width())
    labels = axis.tickStrings(values, 1, spacing)
    assert 6 <= len(labels) <= 20 and all(len(s) == 5 and s[2] == "-" for s in labels)  # 10-25 … 11-21


def test_axis_ticks_fall_on_round_local_times():
    from opsdesk.ui.environment.chart import local_ticks

    east = 8 * 3600
    end = NOW.timestamp()
    spacing, values = local_ticks(end - 86400, end, east, 16)
    assert spacing == 7200 and all((v + east) % 7200 == 0 for v in values)  # every two hours
    spacing, values = local_ticks(end - 30 * 86400, end, east, 5)
    days = [dt.datetime.fromtimestamp(v + east, tz=dt.UTC).day for v in values]
    assert set(days) <= {1, 8, 15, 22} and len(days) >= 3  # weekly: 11-01, 11-08 …
    spacing, values = local_ticks(end - 365 * 86400, end, east, 16)
    months = [dt.datetime.fromtimestamp(v + east, tz=dt.UTC) for v in values]
    assert len(months) == 12 and all((m.day, m.hour) == (1, 0) for m in months)


def test_a_dense_month_is_drawn_by_columns_and_read_again_finer_when_zoomed(qtbot, make_ctx, demo_store, recorder,
                                                                               tmp_path):
    """Ten days of one reading a minute in the 30-day view: drawn as one lowest-to-highest stroke
    per pixel column; zooming into two hours reads those two hours' readings themselves (the
    read-out has seconds again); zooming back out draws columns again. The CSV of the month
    holds every reading, not the drawn columns."""
    from tests.test_trends import dense

    sid = off_gui(dense, demo_store, 10)
    chart = TrendChart(make_ctx("duty"))
    qtbot.addWidget(chart)
    chart.resize(1000, 360)
    chart.show()
    chart.range_key = "30d"
    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000) as loaded:
        chart.set_series(sid)
    month = chart.data
    assert month.reduced and loaded.args == [len(month)] and len(month) < chart.columns()
    x, y = chart.curve.getData()
    assert len(x) == 2 * len(month) and list(y[:2]) == [month.vmin[0], month.vmax[0]]
    text = chart.readout_at(month.t[5])  # a column: its time span and the range of its readings
    assert text.startswith("2026-11-12 ") and f"最低 {month.vmin[5]:g} ℃，最高 {month.vmax[5]:g} ℃" in text
    assert text.split()[1].count(":") == 2 and "–" in text.split()[1]  # 14:24–15:01, no seconds

    recorder.save_path = tmp_path / "month.csv"
    chart.csv_button.click()
    settle(qtbot)
    lines = recorder.save_path.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "时间,数值（℃）" and len(lines) == 1 + 10 * 1440 + 1

    view = chart.plot.getPlotItem().vb
    two_hours = ((NOW - dt.timedelta(hours=3)).timestamp(), (NOW - dt.timedelta(hours=1)).timestamp())
    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000) as zoomed:
        view.setXRange(*two_hours, padding=0)
    assert not chart.data.reduced and zoomed.args == [121] and chart.data.source == "raw"
    assert view.viewRange()[0] == list(two_hours)  # the view stays where the user put it
    text = chart.readout_at(two_hours[0] + 60)  # 07:01 local, a reading of its own
    assert text.startswith("2026-11-22 07:01:00  ") and text.endswith(" ℃") and "最低" not in text
    recorder.save_path = tmp_path / "two-hours.csv"
    chart.csv_button.click()
    settle(qtbot)
    assert len(recorder.save_path.read_bytes().decode("utf-8-sig").splitlines()) == 1 + 121

    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000):
        chart.plot.setXRange(month.start.timestamp(), month.end.timestamp())
    assert chart.data.reduced and (chart.data.start, chart.data.end) == (month.start, month.end)
    narrow = len(chart.data)

    # a wider window: the month read again for the plot's new width
    with qtbot.waitSignal(chart.sig_trend_applied, timeout=10_000):
        chart.resize(1600, 360)
    assert chart.data.reduced and len(chart.data) > 1.4 * narrow


def test_a_supervisor_gives_the_chosen_room_its_own_band_and_the_gauges_follow(qtbot, make_ctx, demo_store):
    """机房限值…: only with a room chosen, only for supervisors and administrators; the saved band
    colours the room's gauges and draws the trend's limit lines; a wrong band is said in the
    dialog and nothing is saved."""
    units = history(demo_store)  # AC1 at 24.0–24.6 ℃
    sid = series_id(demo_store, units[AC1])
    duty_panel = EnvironmentPanel(make_ctx("duty"))
    qtbot.addWidget(duty_panel)
    assert not duty_panel.limits_button.isVisibleTo(None)
    panel = EnvironmentPanel(make_ctx("supervisor"))
    qtbot.addWidget(panel)
    panel.resize(1280, 860)
    panel.show()
    settle(qtbot)  # the sites, then the gauges, read off the GUI thread
    assert panel.limits_button.isVisible() and not panel.limits_button.isEnabled()  # "all rooms"
    room_id = panel.grid.gauge_for(sid).point.room_id
    with qtbot.waitSignal(panel.grid.sig_values_applied, timeout=10_000):
        panel.show_site(panel.grid.gauge_for(sid).point.site_id, room_id)
    assert panel.limits_button.isEnabled()

    assert panel.edit_room_limits()
    qtbot.waitUntil(lambda: panel.limits_dialog is not None and panel.limits_dialog.isVisible(), timeout=10_000)
    dialog = panel.limits_dialog  # opened once the room's limits are read
    qtbot.addWidget(dialog)
    assert not dialog.own["temperature"].isChecked() and not dialog.low["temperature"].isEnabled()
    dialog.own["temperature"].setChecked(True)
    dialog.low["temperature"].setValue(26.0)
    dialog.high["temperature"].setValue(22.0)
    dialog.ok_button.click()  # saved off the GUI thread: the refusal comes back into the dialog
    qtbot.waitUntil(lambda: "下限须低于上限" in dialog.error_label.text(), timeout=3000)
    assert dialog.isVisible()
    dialog.low["temperature"].setValue(20.0)
    with qtbot.waitSignal(panel.grid.sig_values_applied, timeout=10_000):
        with qtbot.waitSignal(panel.chart.sig_trend_applied, timeout=10_000):
            dialog.ok_button.click()
    assert not dialog.isVisible()
    gauge = panel.grid.gauge_for(sid)
    assert gauge.point.limits.own and (gauge.point.limits.low, gauge.point.limits.high) == (20.0, 22.0)
    assert gauge.status == "critical"  # 24.x is 2 ℃ or more over 22
    assert panel.chart.high_line.value() == 22.0 and panel.chart.band.getRegion() == (20.0, 22.0)
    assert "20–22 ℃（本机房）" in panel.limits_label.text() and "35–75 %RH" in panel.limits_label.text()
