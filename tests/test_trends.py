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

NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
MIDNIGHT = dt.datetime(2026, 11, 21, 16, 0, tzinfo=dt.UTC)  # 00:00 local on 2026-11-22
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


def feed(store: Store, tag_values: dict[str, list[tuple[dt.datetime, float]]],
         humidity: float = 45.0) -> dict[str, int]:
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
    from opsdesk.models import monitoring
    from opsdesk.monitor import ingest

    assert trends.is_room_point is ingest.is_room_point is monitoring.is_room_point


def dense(store: Store, days: int, spike_at: dt.datetime | None = None) -> int:
    """A room temperature series with one reading a minute for ``days`` up to NOW (a day's
    swing and a 15-minute cycle), written straight into the readings table, with its hourly
    roll-ups as the monitor keeps them (by the hour's start); a single 31 ℃ reading at
    ``spike_at``. The series id."""
    from sqlalchemy import delete, insert

    from opsdesk.models.monitoring import RawReading, Rollup1h

    start = NOW - dt.timedelta(days=days)
    units = feed(store, {AC1: [(start, 24.0)]})
    sid = series_id(store, units[AC1])
    minutes = np.arange(1, days * 1440 + 1)
    values = np.round(23.5 + np.sin(minutes * 2 * np.pi / 1440) + 0.4 * np.sin(minutes * 2 * np.pi / 15), 1)
    times = [start + dt.timedelta(minutes=int(m)) for m in minutes]
    rows = [{"series_id": sid, "at": when, "value": float(v)} for when, v in zip(times, values, strict=True)]
    if spike_at is not None:
        rows[next(i for i, when in enumerate(times) if when >= spike_at)]["value"] = 31.0
    hourly: dict[dt.datetime, tuple] = {}
    for when, value in [(start, 24.0)] + [(r["at"], r["value"]) for r in rows]:
        bucket = when.replace(minute=0, second=0, microsecond=0)
        lo, hi, total, n = hourly.get(bucket, (1e9, -1e9, 0.0, 0))
        hourly[bucket] = (min(lo, value), max(hi, value), total + value, n + 1)
    with store.write() as s:
        s.execute(insert(RawReading), rows)
        s.execute(delete(Rollup1h).where(Rollup1h.series_id == sid))
        s.execute(insert(Rollup1h), [{"series_id": sid, "bucket": b, "vmin": lo, "vmax": hi, "vsum": total, "n": n}
                                     for b, (lo, hi, total, n) in hourly.items()])
    return sid


def test_a_dense_range_is_reduced_by_the_database_to_the_charts_columns(demo_store, fixed_clock):
    """30 days of one reading a minute for a 600-pixel chart: one bucket per column with its
    lowest and highest reading, the same as bucketing every row; a one-minute spike to 31 ℃
    is still the highest value of its column."""
    spike = NOW - dt.timedelta(days=12, hours=3, minutes=17)
    sid = dense(demo_store, 30, spike_at=spike)
    with demo_store.read() as s:
        full = trends.trend(s, sid, "30d", NOW)
        shown = trends.trend(s, sid, "30d", NOW, columns=600)
    assert not full.reduced and len(full) == 30 * 1440 + 1
    assert shown.reduced and shown.source == "raw" and len(shown) == 600
    assert shown.step == 30 * 86400 / 600
    assert np.all(np.diff(shown.t) == shown.step) and shown.t[0] == full.start.timestamp() + shown.step / 2
    index, lowest, highest, average = trends.reduce_to_columns(full.t, full.v, full.v, full.v,
                                                               full.start.timestamp(), shown.step, 600)
    assert np.array_equal(index, np.arange(600))
    assert np.array_equal(shown.vmin, lowest) and np.array_equal(shown.vmax, highest)
    assert np.array_equal(shown.v, (lowest + highest) / 2)  # where the crosshair sits: mid-range
    column = int((spike.timestamp() - full.start.timestamp()) // shown.step)
    assert shown.vmax[column] == 31.0 and np.sum(shown.vmax == 31.0) == 1
    assert shown.vmin.min() == full.v.min() and (shown.vmax.max(), full.v.max()) == (31.0, 31.0)


def test_few_rows_per_column_come_as_stored_and_a_zoomed_part_reads_its_own_rows(demo_store, fixed_clock):
    sid = dense(demo_store, 2)
    with demo_store.read() as s:
        day = trends.trend(s, sid, "24h", NOW, columns=600)  # 1,440 rows: 2.4 a column
        two_hours = trends.trend(s, sid, "30d", NOW, start=NOW - dt.timedelta(hours=2), columns=600)
        month = trends.trend(s, sid, "30d", NOW, columns=600)  # 2 days of rows over 600 columns
        text = trends.trend_csv(s, sid, "30d", NOW, start=NOW - dt.timedelta(minutes=3))
        with pytest.raises(ValueError):  # a reduced view is not the rows a CSV holds
            trends.trend_csv(s, sid, "30d", NOW, data=month)
    assert not day.reduced and len(day) == 1441  # the 24 h boundary reading included
    assert not two_hours.reduced and len(two_hours) == 121
    assert two_hours.t[0] == (NOW - dt.timedelta(hours=2)).timestamp() and two_hours.t[-1] == NOW.timestamp()
    # 2,881 rows over 600 columns: 4.8 a column, above four: reduced, only the columns with rows
    assert month.reduced and len(month) == 40 and month.t[0] > (NOW - dt.timedelta(days=2)).timestamp()
    assert text[1:].splitlines()[1:] == [
        f"2026-11-22 {hm},{trends._fmt(v)}"
        for hm, v in zip(("09:57:00", "09:58:00", "09:59:00", "10:00:00"), two_hours.v[-4:], strict=True)]


def test_a_year_of_hourly_rollups_is_reduced_with_averages_weighed_by_their_readings(demo_store, fixed_clock):
    sid = dense(demo_store, 10)
    with demo_store.read() as s:
        year = trends.trend(s, sid, "1y", NOW)
        shown = trends.trend(s, sid, "1y", NOW, columns=50)  # 241 rows > 4 × 50; 7.3 days a column
        raw = trends.trend(s, sid, "30d", NOW)
    assert not year.reduced and len(year) == 241  # 240 hours and the one NOW begins
    assert shown.reduced and shown.source == "1h" and len(shown) == 2  # 10 days: the last two columns
    assert shown.vmin.min() == year.vmin.min() and shown.vmax.max() == year.vmax.max()
    # each column's average is its readings' own average (hours weighed by their readings);
    # a column holds the hours that begin in [its start, its end), the last one also NOW's hour
    hour_of = raw.t - raw.t % 3600
    for centre, average in zip(shown.t, shown.v, strict=True):
        lo = centre - shown.step / 2
        last = centre == shown.t[-1]
        inside = (hour_of >= lo - 1e-3) & ((hour_of < lo + shown.step - 1e-3) | (last & (hour_of == NOW.timestamp())))
        assert average == pytest.approx(raw.v[inside].mean(), rel=1e-12)


def test_the_gauges_and_the_monitors_rules_read_the_same_limits(demo_store, demo_users):
    from opsdesk.monitor.rules import environment_limits

    with demo_store.write() as s:
        settings_ops.set_setting(s, demo_users["admin"], "env.humidity_high", 70.0)
        settings_ops.set_setting(s, demo_users["admin"], "monitor.temp_critical_margin", 3.0)
    with demo_store.read() as s:
        shown = trends.env_limits(s)
        for cls in trends.ENV_CLASSES:
            rule = environment_limits(s, cls)
            assert (shown[cls].low, shown[cls].high, shown[cls].critical_margin) == (
                rule.low, rule.high, rule.critical_margin)
        assert environment_limits(s, "power") is None
    assert shown["humidity"].high == 70.0 and shown["temperature"].critical_margin == 3.0
