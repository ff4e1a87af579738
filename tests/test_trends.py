"""Environment points and trends (opsdesk.ops.trends): readings go in through the monitor,
the way the poller writes them, and come out as gauges' points and chart arrays."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from opsdesk.models.monitoring import MetricSeries
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import settings_ops, trends
from opsdesk.ops.errors import ValidationError
from opsdesk.store import Store
from tests.conftest import clear_demo_history
from tests.readings import D, R
from tests.ui.monitoring_data import unit_ids

NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.timezone.utc)  # 10:00 in Shanghai
MIDNIGHT = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.timezone.utc)  # 00:00 local on 2026-11-22
AC1, AC2 = "YHL-AC-0001", "YHL-AC-0002"
LABEL = {AC1: "YHL-AC-0001 精密空调", AC2: "YHL-AC-0002 精密空调"}


def ac(temperature: float, humidity: float = 45.0) -> D:
    """A precision AC's read: room (return) air, and supply air the room limits do not cover."""
    return D([R("env.temperature", temperature),
              R("env.humidity", humidity, cls="humidity", label="回风湿度", unit="%RH"),
              R("cooling.supply_temperature", temperature - 8, label="送风温度")])


@pytest.fixture
def demo_store(demo_store):
    """These tests feed their own readings into a room nobody has polled yet: the demo without
    its back-filled history (tests/test_demo_history.py covers that)."""
    clear_demo_history(demo_store)
    return demo_store


def feed(store: Store, tag_values: dict[str, list[tuple[dt.datetime, float]]], humidity: float = 45.0) -> dict[str, int]:
    """Poll cycles through the monitor: asset tag → [(time, temperature)]."""
    units = unit_ids(store, *tag_values)
    times = sorted({when for values in tag_values.values() for when, _ in values})
    by_time = {tag: dict(values) for tag, values in tag_values.items()}
    for when in times:
        with store.write() as s:
            monitor = Monitor(s, when)
            for tag, values in by_time.items():
                if when in values:
                    monitor.apply(units[tag], LABEL.get(tag, tag), ac(values[when], humidity))
            monitor.flush()
    return units


def series_id(store: Store, unit_id: int, metric: str = "env.temperature") -> int:
    with store.read() as s:
        return s.query(MetricSeries.id).filter_by(unit_id=unit_id, metric=metric).scalar()


def test_points_list_room_temperature_and_humidity_with_todays_span(demo_store, fixed_clock):
    # 23:00 local yesterday at 15 ℃ (not today), then 00:00 … 10:00 today between 22 and 26.
    values = [(MIDNIGHT - dt.timedelta(hours=1), 15.0)]
    values += [(MIDNIGHT + dt.timedelta(minutes=30 * i), 22.0 + (i % 5)) for i in range(21)]
    units = feed(demo_store, {AC1: values})
    with demo_store.read() as s:
        points = trends.env_points(s)
    mine = [p for p in points if p.unit_id == units[AC1]]
    assert [(p.label, p.cls) for p in mine] == [("回风温度", "temperature"), ("回风湿度", "humidity")]
    temp = mine[0]
    assert temp.device == "YHL-AC-0001 精密空调"
    assert temp.value == values[-1][1] and temp.at == NOW
    assert (temp.day_min, temp.day_max) == (22.0, 26.0)  # yesterday's 15 ℃ is not today's
    assert temp.status == "ok"
    assert (temp.limits.low, temp.limits.high) == (18.0, 28.0)
    # the sparkline: 5-minute averages of the last 24 hours, yesterday's 23:00 included
    assert len(temp.spark_t) == 22 and temp.spark_v[0] == 15.0
    assert np.all(np.diff(temp.spark_t) > 0)
    # supply air is not a room point
    assert all(p.label != "送风温度" for p in points)


def test_points_filter_by_site_and_room_and_follow_the_limits(demo_store, fixed_clock, demo_users):
    units = feed(demo_store, {AC1: [(NOW, 27.0)], AC2: [(NOW, 31.0)]})
    with demo_store.read() as s:
        points = {p.unit_id: p for p in trends.env_points(s) if p.cls == "temperature"}
        ac1 = points[units[AC1]]
        assert ac1.status == "ok" and points[units[AC2]].status == "critical"  # 31 ≥ 28 + 2
        only_room = trends.env_points(s, room_id=ac1.room_id)
        assert {p.room_id for p in only_room} == {ac1.room_id}
        assert trends.env_points(s, site_id=ac1.site_id + 1000) == []
    with demo_store.write() as s:
        settings_ops.set_setting(s, demo_users["admin"], "env.temp_high", 26.0)
    with demo_store.read() as s:
        ac1 = next(p for p in trends.env_points(s) if p.series_id == ac1.series_id)
    assert ac1.status == "warning" and ac1.limits.high == 26.0


def test_trend_reads_raw_readings_for_short_ranges_and_30_days(demo_store, fixed_clock):
    values = [(NOW - dt.timedelta(minutes=90) + dt.timedelta(minutes=i), 20 + i / 10) for i in range(91)]
    units = feed(demo_store, {AC1: values})
    sid = series_id(demo_store, units[AC1])
    with demo_store.read() as s:
        hour = trends.trend(s, sid, "1h", NOW)
        month = trends.trend(s, sid, "30d", NOW)
    assert hour.source == month.source == "raw" and hour.vmin is None
    assert len(hour) == 61 and len(month) == 91
    assert hour.t[0] == (NOW - dt.timedelta(hours=1)).timestamp() and hour.t[-1] == NOW.timestamp()
    assert hour.v[-1] == pytest.approx(29.0) and hour.v[0] == pytest.approx(23.0)


def test_trend_reads_rollups_for_7_days_and_a_year(demo_store, fixed_clock):
    # Three readings an hour apart 20 minutes: 5-minute buckets hold one, hourly buckets three.
    start = NOW - dt.timedelta(days=3)
    values = []
    for h in range(72):
        for k, v in enumerate((20.0, 23.0, 26.0)):
            values.append((start + dt.timedelta(hours=h, minutes=20 * k), v + (h % 2)))
    units = feed(demo_store, {AC1: values})
    sid = series_id(demo_store, units[AC1])
    with demo_store.read() as s:
        week = trends.trend(s, sid, "7d", NOW)
        year = trends.trend(s, sid, "1y", NOW)
        with pytest.raises(ValidationError):
            trends.trend(s, sid, "2w", NOW)
    assert week.source == "5m" and len(week) == 216
    assert list(week.v[:3]) == [20.0, 23.0, 26.0]
    assert year.source == "1h" and len(year) == 72
    assert year.v[0] == pytest.approx(23.0) and year.vmin[0] == 20.0 and year.vmax[0] == 26.0
    assert year.v[1] == pytest.approx(24.0) and year.vmax[1] == 27.0
    assert year.t[1] - year.t[0] == 3600


def test_alarm_marks_and_csv(demo_store, fixed_clock):
    # 29 ℃ from 09:30 for three minutes: held 60 s, then a warning; 27 ℃ at 09:40 clears it.
    t0 = NOW - dt.timedelta(minutes=30)
    values = [(t0 + dt.timedelta(minutes=i), 29.0) for i in range(3)] + [(t0 + dt.timedelta(minutes=10), 27.0)]
    units = feed(demo_store, {AC1: values})
    sid = series_id(demo_store, units[AC1])
    with demo_store.read() as s:
        marks = trends.alarm_marks(s, sid, NOW - dt.timedelta(hours=1), NOW)
        text = trends.trend_csv(s, sid, "1h", NOW)
        hourly = trends.trend_csv(s, sid, "1y", NOW)
    assert [(m.raised, m.cleared, m.severity) for m in marks] == [
        ((t0 + dt.timedelta(minutes=1)).timestamp(), (t0 + dt.timedelta(minutes=10)).timestamp(), "warning")]
    assert text.startswith("\ufeff")
    lines = text[1:].splitlines()
    assert lines[0] == "时间,数值（℃）"
    assert lines[1:] == ["2026-11-22 09:30:00,29", "2026-11-22 09:31:00,29", "2026-11-22 09:32:00,29",
                         "2026-11-22 09:40:00,27"]
    assert hourly[1:].splitlines() == ["时间,平均（℃）,最低（℃）,最高（℃）", "2026-11-22 09:00,28.5,27,29"]


def test_room_points_are_the_ones_the_monitor_applies_room_limits_to():
    from opsdesk.monitor import ingest
    from opsdesk.models import monitoring

    assert trends.is_room_point is ingest.is_room_point is monitoring.is_room_point
