"""The monitor: hysteresis and hold, alarm life cycle, maintenance, retention and roll-ups.

Readings here are plain records shaped like the probes' (the monitor knows no
SNMP); the probes are tested against real agents in tests/probes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from opsdesk.models import Alarm, DeviceState, MetricSeries, RawReading, Rollup1h, Rollup5m, Unit
from opsdesk.monitor.ingest import Monitor, apply_retention
from opsdesk.monitor.rules import Limits, evaluate
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.errors import ValidationError
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def test_limits_with_hysteresis_and_hold():
    lim = Limits(18, 28, hysteresis=0.5, hold=dt.timedelta(seconds=60), critical_margin=2)
    d = evaluate(28.2, lim, None, None, T0)
    assert d.raise_severity is None and d.breach_since == T0  # held, not raised yet
    d = evaluate(28.2, lim, None, T0, T0 + dt.timedelta(seconds=59))
    assert d.raise_severity is None
    d = evaluate(28.2, lim, None, T0, T0 + dt.timedelta(seconds=60))
    assert d.raise_severity == "warning"
    assert not evaluate(27.8, lim, "warning", T0, T0).clear  # inside, but within the hysteresis
    assert evaluate(27.5, lim, "warning", T0, T0).clear
    assert evaluate(30.5, lim, "warning", T0, T0).raise_severity == "critical"  # escalates
    assert evaluate(17.0, lim, None, T0, T0 + dt.timedelta(minutes=5)).raise_severity == "warning"
    assert evaluate(27.9, lim, None, T0, T0).breach_since is None  # back inside resets the hold


def _unit_id(store):
    with store.read() as s:
        return s.scalars(select(Unit.id).order_by(Unit.id)).first()


def _cycle(store, unit_id, device, when):
    with store.write() as s:
        m = Monitor(s, when)
        state = m.apply(unit_id, "1号精密空调", device)
        m.flush()
        return state.status


def _alarms(store):
    with store.read() as s:
        return s.scalars(select(Alarm).order_by(Alarm.id)).all()


def test_a_value_hovering_at_the_limit_does_not_flap(demo_store):
    uid = _unit_id(demo_store)
    when = T0
    for value in [28.0, 28.1, 27.9, 28.1, 28.0, 27.95, 28.1] * 3:  # hovering, never 60 s above
        _cycle(demo_store, uid, D([R("env.temperature", value)]), when)
        when += dt.timedelta(seconds=30)
    assert _alarms(demo_store) == []


def test_alarm_cycle_raise_acknowledge_clear(demo_store, demo_users, fixed_clock):
    uid = _unit_id(demo_store)
    statuses = [_cycle(demo_store, uid, D([R("env.temperature", v)]), T0 + dt.timedelta(seconds=30 * i))
                for i, v in enumerate([25.0, 29.0, 29.2, 29.4])]
    assert statuses == ["ok", "ok", "ok", "warning"]
    (alarm,) = _alarms(demo_store)
    assert alarm.kind == "threshold" and alarm.severity == "warning" and alarm.value == 29.4
    assert (alarm.limit_low, alarm.limit_high) == (18.0, 28.0)  # the limits in force, copied
    # which limit it broke, with the unit's precision (opsdesk.models.alarm_text)
    assert alarm.message == "1号精密空调 回风温度 29.4 ℃，高于上限 28 ℃"
    assert alarm.code == "threshold" and alarm.params["breach"] == "high" and alarm.params["high"] == 28.0
    with pytest.raises(ValidationError, match="需要填写说明"):
        with demo_store.write() as s:
            alarm_ops.acknowledge(s, demo_users["duty"], alarm.id, "   ")
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], alarm.id, "已通知空调厂商，开启备用空调")
    assert _cycle(demo_store, uid, D([R("env.temperature", 27.0)]), T0 + dt.timedelta(minutes=5)) == "ok"
    (alarm,) = _alarms(demo_store)
    assert alarm.acked_by == "zhangwei" and alarm.ack_note.startswith("已通知") and alarm.cleared_at is not None


def test_the_limits_are_settings(demo_store, demo_users):
    from opsdesk.ops.settings_ops import set_setting

    with demo_store.write() as s:
        set_setting(s, demo_users["supervisor"], "env.temp_high", 30)
    uid = _unit_id(demo_store)
    for i in range(4):
        _cycle(demo_store, uid, D([R("env.temperature", 29.0)]), T0 + dt.timedelta(seconds=30 * i))
    assert _alarms(demo_store) == []


def test_ups_on_battery_is_critical_at_once_and_clears(demo_store):
    uid = _unit_id(demo_store)
    on_battery = R("ups.output.source", 5, cls="state", label="输出来源", unit="", state_meaning="电池供电",
                   severity="critical")
    assert _cycle(demo_store, uid, D([on_battery]), T0) == "critical"
    (alarm,) = _alarms(demo_store)
    assert alarm.severity == "critical" and "电池供电" in alarm.message
    normal = R("ups.output.source", 3, cls="state", label="输出来源", unit="", state_meaning="正常", severity="ok")
    assert _cycle(demo_store, uid, D([normal]), T0 + dt.timedelta(seconds=30)) == "ok"
    assert _alarms(demo_store)[0].cleared_at is not None


def test_unreachable_after_n_failed_polls(demo_store):
    uid = _unit_id(demo_store)
    _cycle(demo_store, uid, D([R("env.temperature", 22)]), T0)
    dead = D(status="unreachable", error_category="timeout", error_message="no answer in 2 s")
    statuses = [_cycle(demo_store, uid, dead, T0 + dt.timedelta(seconds=30 * i)) for i in (1, 2, 3, 4)]
    assert statuses == ["ok", "ok", "unreachable", "unreachable"]
    assert [a.kind for a in _alarms(demo_store)] == ["unreachable"]
    assert _cycle(demo_store, uid, D([R("env.temperature", 22)]), T0 + dt.timedelta(minutes=3)) == "ok"
    assert _alarms(demo_store)[0].cleared_at is not None


def test_maintenance_window_keeps_expected_alarms_quiet_and_says_so(demo_store, demo_users, fixed_clock):
    uid = _unit_id(demo_store)
    with demo_store.write() as s:
        alarm_ops.open_maintenance(s, demo_users["duty"], uid, 2, "UPS 年度放电试验")
    on_battery = R("ups.output.source", 5, cls="state", label="输出来源", unit="", state_meaning="电池供电",
                   severity="critical")
    assert _cycle(demo_store, uid, D([on_battery]), fixed_clock.now()) == "ok"
    (alarm,) = _alarms(demo_store)
    assert alarm.in_maintenance and "维护" in alarm.message
    with demo_store.read() as s:
        assert s.get(DeviceState, uid).in_maintenance


def test_invalid_readings_give_one_event_not_a_crash(demo_store):
    uid = _unit_id(demo_store)
    garbage = R("env.temperature", None, invalid_reason="expected a number, got 'N/A'")
    for i in range(3):
        _cycle(demo_store, uid, D([garbage]), T0 + dt.timedelta(seconds=30 * i))
    events = _alarms(demo_store)
    assert len(events) == 1 and events[0].kind == "event" and "N/A" in events[0].message
    with demo_store.read() as s:
        series = s.scalars(select(MetricSeries)).one()
        assert series.last_value is None and series.invalid_reason


def test_agent_restart_is_an_event(demo_store):
    uid = _unit_id(demo_store)
    _cycle(demo_store, uid, D([], uptime_s=100000), T0)
    _cycle(demo_store, uid, D([], uptime_s=50), T0 + dt.timedelta(seconds=30))
    assert [a.kind for a in _alarms(demo_store)] == ["event"]
    assert "重启" in _alarms(demo_store)[0].message


def test_counters_become_rates_and_a_wrap_is_handled(demo_store):
    uid = _unit_id(demo_store)
    vals = [2**32 - 1000, 2**32 - 400, 600, 50]  # +600, wrap +1000, then an agent reset
    for i, v in enumerate(vals):
        _cycle(demo_store, uid, D([R("if.in_octets", v, cls="counter", unit="B/s", index="1")]),
               T0 + dt.timedelta(seconds=10 * i))
    with demo_store.read() as s:
        values = [r.value for r in s.scalars(select(RawReading).order_by(RawReading.at))]
    assert values == [60.0, 100.0]


def test_400_days_then_retention_keeps_30_days_raw_and_a_year_of_hourly_rollups(demo_store):
    uid = _unit_id(demo_store)
    start = T0 - dt.timedelta(days=400)
    with demo_store.write() as s:
        m = Monitor(s, start)
        for hour in range(400 * 24):
            m.now = start + dt.timedelta(hours=hour)
            m.apply(uid, "空调", D([R("env.temperature", 20 + (hour % 24) / 4)]))
            if hour % 500 == 0:
                m.flush()
        m.flush()
    with demo_store.write() as s:
        raw_deleted, _ = apply_retention(s, T0)
    assert raw_deleted == 370 * 24
    with demo_store.read() as s:
        oldest_raw = s.scalar(select(func.min(RawReading.at)))
        assert T0 - oldest_raw <= dt.timedelta(days=30)
        hourly = s.scalars(select(Rollup1h).where(Rollup1h.bucket >= T0 - dt.timedelta(days=365))).all()
        assert len(hourly) == 365 * 24
        day = [h for h in hourly if h.bucket.date() == dt.date(2026, 1, 15)]
        assert min(h.vmin for h in day) == 20.0 and max(h.vmax for h in day) == 25.75
        assert s.scalar(select(func.count()).select_from(Rollup5m)) == 400 * 24
