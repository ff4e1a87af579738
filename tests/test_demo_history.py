"""The demo's back-filled history: the ACs' return air over a month (raw) and a year (roll-ups),
continued by the first real poll, with two cleared excursions above 28 ℃."""

from __future__ import annotations

import datetime as dt
import tomllib

import numpy as np
import pytest
from sqlalchemy import func, select

from opsdesk import paths
from opsdesk.demo import agents as demoagents
from opsdesk.demo import history as demo_history
from opsdesk.models.alarm_text import alarm_text
from opsdesk.models.equipment import Unit
from opsdesk.models.monitoring import Alarm, MetricSeries, RawReading, Rollup1h, Rollup5m
from opsdesk.monitor.ingest import Monitor, open_alarms
from opsdesk.ops import trends
from tests.conftest import NOW
from tests.readings import D, R

ROOM_METRICS = ("cooling.return_temperature", "cooling.return_humidity")


def _series(session) -> list[MetricSeries]:
    return list(session.scalars(select(MetricSeries).where(MetricSeries.metric.in_(ROOM_METRICS))
                                .order_by(MetricSeries.id)))


def test_the_demo_acs_have_return_air_series_as_the_profile_names_them(demo_store):
    profile = tomllib.loads((paths.DATA / "profiles" / "liebert-gp-env.toml").read_text(encoding="utf-8"))
    classified = {c["key"] for m in profile["metric"] for c in m.get("classify", [])}
    labels = {v["zh"] for m in profile["metric"] for v in m.get("label_map", {}).values()}
    with demo_store.read() as session:
        series = _series(session)
        tags = {session.get(Unit, s.unit_id).asset_tag for s in series}
    assert tags == {"YHL-AC-0001", "YHL-AC-0002"}
    assert len(series) == 4
    for s in series:
        assert s.metric in classified and s.label in labels and s.idx == "1"
        assert (s.cls, s.unit_symbol) == (("temperature", "℃") if "temperature" in s.metric else ("humidity", "%RH"))
        assert s.last_value is None and s.last_at is None  # "now" is the poller's to say


def test_a_month_of_raw_readings_and_a_year_of_hourly_roll_ups(demo_store):
    with demo_store.read() as session:
        for s in _series(session):
            first, last, n, lo, hi = session.execute(
                select(func.min(RawReading.at), func.max(RawReading.at), func.count(), func.min(RawReading.value),
                       func.max(RawReading.value)).where(RawReading.series_id == s.id)).one()
            assert n == 30 * 1440  # every 60 s (poller.interval_seconds of the demo)
            assert NOW - dt.timedelta(days=30) <= first < NOW - dt.timedelta(days=29, hours=23)
            assert NOW - dt.timedelta(minutes=2) <= last < NOW
            h_first, h_n, h_lo, h_hi = session.execute(
                select(func.min(Rollup1h.bucket), func.count(), func.min(Rollup1h.vmin), func.max(Rollup1h.vmax))
                .where(Rollup1h.series_id == s.id)).one()
            assert h_n == 365 * 24
            assert h_first >= NOW - dt.timedelta(days=365)
            if s.cls == "temperature":
                assert 20 < lo and 28 < hi < 30  # one excursion above the 28 ℃ limit
                assert 20 < h_lo and h_hi < 30
            else:
                assert 36 < lo and hi < 65 and 36 < h_lo and h_hi < 65


def test_roll_ups_agree_with_the_raw_readings(demo_store):
    with demo_store.read() as session:
        sid = _series(session)[0].id
        raw = session.execute(select(RawReading.at, RawReading.value).where(RawReading.series_id == sid)
                              .order_by(RawReading.at)).all()
        t = np.array([r.at.timestamp() for r in raw])
        v = np.array([r.value for r in raw])
        for model, seconds in ((Rollup5m, 300), (Rollup1h, 3600)):
            rows = session.execute(select(model).where(model.series_id == sid, model.bucket >= raw[0].at)
                                   .order_by(model.bucket)).scalars().all()
            assert rows
            for row in rows[1:-1:97]:  # a sample of whole buckets
                start = row.bucket.timestamp()
                inside = v[(t >= start) & (t < start + seconds)]
                assert row.n == len(inside) == seconds // 60
                assert row.vmin == inside.min() and row.vmax == inside.max()
                assert row.avg == pytest.approx(inside.mean())
        # every 5-minute bucket is there, none beyond the raw readings
        n5 = session.scalar(select(func.count()).select_from(Rollup5m).where(Rollup5m.series_id == sid))
        assert n5 == 30 * 288


def test_the_last_readings_are_what_the_demo_agent_answers(demo_store):
    """Season and wander are nothing at the moment of loading: the trend runs into the live values."""
    duty = demoagents.dutyroom()
    with demo_store.read() as session:
        for s in _series(session):
            tag = session.get(Unit, s.unit_id).asset_tag
            args = {"seed": str(demoagents.device_seed(tag)),
                    "q": "return_t10" if s.cls == "temperature" else "return_h10"}
            rows = session.execute(select(RawReading.at, RawReading.value).where(RawReading.series_id == s.id)
                                   .order_by(RawReading.at.desc()).limit(5)).all()
            for at, value in rows:
                assert value == pytest.approx(duty.ac(args, at.timestamp()) / 10, abs=0.15)


def test_agent_noise_knots_are_the_agents_own():
    rnd = demoagents.dutyroom().rnd
    knots = demo_history._agent_knots("4242", "T")(100, 5)
    assert knots.tolist() == pytest.approx([2 * rnd("4242", "T", n) - 1 for n in range(100, 105)], abs=1e-12)


def test_the_excursions_left_cleared_acknowledged_alarms(demo_store):
    with demo_store.read() as session:
        alarms = session.scalars(select(Alarm).order_by(Alarm.raised_at)).all()
        assert len(alarms) == 2
        assert list(open_alarms(session)) == []
        for alarm in alarms:
            assert alarm.kind == "threshold" and alarm.severity == "warning"
            assert alarm.value > 28 and alarm.limit_high == 28
            assert (NOW - dt.timedelta(days=7) < alarm.raised_at < alarm.acked_at < alarm.cleared_at
                    < NOW - dt.timedelta(days=2))
            assert alarm.acked_by in ("zhangwei", "lina") and alarm.ack_note
            assert "回风温度" in alarm.message and "高于上限 28 ℃" in alarm.message
            assert alarm.code == "threshold" and alarm.params["breach"] == "high"
            assert alarm_text(alarm.code, alarm.params, "en").startswith(alarm.params["device"] + " Return air")
            # the readings say the same: above the limit at the raise, back under 27.5 at the clear
            at_raise = session.scalar(select(RawReading.value).where(RawReading.series_id == alarm.series_id,
                                                                     RawReading.at == alarm.raised_at))
            at_clear = session.scalar(select(RawReading.value).where(RawReading.series_id == alarm.series_id,
                                                                     RawReading.at == alarm.cleared_at))
            assert at_raise == alarm.value and at_clear <= 27.5
            marks = trends.alarm_marks(session, alarm.series_id, NOW - dt.timedelta(days=30), NOW)
            assert [m.raised for m in marks] == [alarm.raised_at.timestamp()]


def test_trends_have_data_for_every_range(demo_store, fixed_clock):
    with demo_store.read() as session:
        sid = _series(session)[0].id
        expected = {"1h": 60, "24h": 1440, "7d": 7 * 288, "30d": 30 * 1440, "1y": 365 * 24}
        for key, n in expected.items():
            data = trends.trend(session, sid, key)
            assert abs(len(data) - n) <= 1, key
            assert np.all(np.diff(data.t) > 0)
        points = trends.env_points(session)
        assert len(points) == 4
        assert all(len(p.spark_t) > 250 and 18 < p.day_min < p.day_max < 65 for p in points)


def test_the_first_real_poll_continues_the_series(demo_store, fixed_clock):
    with demo_store.write() as session:
        before = {(s.unit_id, s.metric): s.id for s in _series(session)}
        unit_id, _ = next(iter(before))
        count = session.scalar(select(func.count()).select_from(MetricSeries))
        monitor = Monitor(session, NOW)
        monitor.apply(unit_id, "YHL-AC-0001 精密空调", D(readings=[
            R("cooling.return_temperature", 24.1, index="1", label="回风温度"),
            R("cooling.return_humidity", 48.2, cls="humidity", index="1", label="回风湿度", unit="%RH")]))
        monitor.flush()
        assert session.scalar(select(func.count()).select_from(MetricSeries)) == count
        series = session.get(MetricSeries, before[(unit_id, "cooling.return_temperature")])
        assert (series.last_value, series.last_at) == (24.1, NOW)
        assert session.scalar(select(func.count()).select_from(RawReading)
                              .where(RawReading.series_id == series.id)) == 30 * 1440 + 1
        bucket = session.scalars(select(Rollup5m).where(Rollup5m.series_id == series.id)
                                 .order_by(Rollup5m.bucket.desc())).first()
        assert bucket.bucket == NOW and bucket.n == 1  # 02:00 opens a new 5-minute bucket
        hour = session.scalars(select(Rollup1h).where(Rollup1h.series_id == series.id)
                               .order_by(Rollup1h.bucket.desc())).first()
        assert hour.bucket == NOW and hour.n == 1


def test_readings_retention_is_respected(store, fixed_clock):
    from opsdesk.demo.seed import load_demo
    from opsdesk.models.settings import Setting

    with store.write() as session:  # a shorter raw retention, in force when the demo is written
        session.add(Setting(key="readings.raw_days", value=7, updated_by="test"))
    load_demo(store)
    with store.read() as session:
        first = session.scalar(select(func.min(RawReading.at)))
        assert NOW - dt.timedelta(days=7) <= first < NOW - dt.timedelta(days=6, hours=23)
        assert session.scalar(select(func.count()).select_from(RawReading)) == 4 * 7 * 1440
        assert session.scalar(select(func.count()).select_from(Rollup1h)) == 4 * 365 * 24
