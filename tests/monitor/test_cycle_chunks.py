"""A poll cycle written in short transactions (opsdesk.monitor.cycle): the same alarms, states,
series, readings and roll-ups as one transaction wrote; a console's write gets in between
chunks; an acknowledgement made while the cycle is judged is not overwritten; a cycle cut
short leaves whole devices and no marker. Real store (the demo's SQLite file)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import event, select, text

from opsdesk.models import Alarm, Unit
from opsdesk.models.monitoring import DeviceState, MetricSeries, RawReading, Rollup1h, Rollup5m
from opsdesk.models.users import User
from opsdesk.monitor import cycle, lock
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops.settings_ops import set_setting
from opsdesk.poller import Device, write_cycle
from opsdesk.store import Store
from tests.conftest import copy_db
from tests.readings import D, R

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)
SILENT = D(status="unreachable", error_category="timeout", error_message="没有应答（2 秒）", uptime_s=None)


def room(value: float | None, invalid: str | None = None) -> D:
    return D([R("env.temperature", value, invalid_reason=invalid),
              R("env.humidity", 50.0, cls="humidity", label="湿度", unit="%RH")])


def ups(source: str, severity: str, load: float = 30.0) -> D:
    return D([R("ups.output.source", 5 if source == "电池供电" else 3, cls="state", label="输出来源", unit="",
                state_meaning=source, severity=severity),
              R("ups.output.load", load, cls="load", label="负载", unit="%", limits=(None, 80.0))],
             sys_object_id=".1.3.6.1.2.1.33", profiles=("ups-mib",))


def switch(octets: float, uptime: float) -> D:
    return D([R("if.in_octets", octets, cls="counter", index="1", label="uplink", unit="B")],
             sys_object_id=".1.3.6.1.4.1.9", profiles=("if-mib",), uptime_s=uptime)


# Per cycle, per device: thresholds with hold and hysteresis, a state alarm that clears
# unacknowledged (latched) and comes back (one row, counted), unreachable after three misses
# and back, a counter's rates (and a wrap), an invalid reading, a device limit.
SCRIPT = [
    [room(22), ups("市电", "ok"), switch(1000, 100), room(21)],
    [room(30), ups("电池供电", "critical"), switch(61000, 130), room(None, "传感器断线")],
    [room(30.5), ups("市电", "ok", 85), SILENT, room(21)],
    [room(31), ups("电池供电", "critical", 85), SILENT, room(21)],
    [room(31), ups("电池供电", "critical", 50), SILENT, room(29)],
    [room(27.9), ups("市电", "ok"), switch(4294967000, 250), room(29)],
    [room(25), ups("市电", "ok"), switch(5000, 280), room(29.5)],
    [room(29), ups("市电", "ok"), switch(9000, 310), room(22)],
]


@pytest.fixture
def units(demo_store) -> list[tuple[int, str]]:
    with demo_store.read() as s:
        rows = s.execute(select(Unit.id, Unit.asset_tag).order_by(Unit.id).limit(4)).all()
    return [(uid, f"{tag} 测试") for uid, tag in rows]


@pytest.fixture
def twin(demo_store, tmp_path) -> Store:
    """A second store on a copy of the same database: the one-transaction reference."""
    demo_store.engine.dispose()
    copy_db(demo_store.path, tmp_path / "twin.sqlite3")
    return Store(str(tmp_path / "twin.sqlite3"))


def one_transaction(store: Store, units, results, at: dt.datetime) -> None:
    """How the poller wrote a cycle before: one write transaction, the monitor inside it."""
    with store.write() as s:
        monitor = Monitor(s, at)
        for (uid, label), result in zip(units, results, strict=True):
            monitor.apply(uid, label, result)
        monitor.flush()


def chunked(store: Store, units, results, at: dt.datetime, holder: str | None = None):
    return write_cycle(store, [Device(uid, label, None, 0) for uid, label in units], results, holder=holder, at=at,
                       started=time.monotonic(),
                       pause=0)


def dump(store: Store) -> dict[str, list]:
    """Everything a cycle writes, by natural keys (row ids may be given in another order)."""
    with store.read() as s:
        key = {sid: (uid, metric, idx) for sid, uid, metric, idx in
               s.execute(select(MetricSeries.id, MetricSeries.unit_id, MetricSeries.metric, MetricSeries.idx))}
        cols = [c.key for c in MetricSeries.__table__.columns if c.key != "id"]
        series = sorted((tuple(getattr(m, c) for c in cols) for m in s.scalars(select(MetricSeries))), key=repr)
        acols = [c.key for c in Alarm.__table__.columns if c.key not in ("id", "series_id")]
        alarms = sorted(((key.get(a.series_id), *(getattr(a, c) for c in acols)) for a in s.scalars(select(Alarm))),
                        key=repr)
        scols = [c.key for c in DeviceState.__table__.columns]
        states = sorted((tuple(getattr(d, c) for c in scols) for d in s.scalars(select(DeviceState))), key=repr)
        # as stored (the text SQLite keeps, which time-range queries compare), not as read back
        raw = sorted((key[sid], at, v)
                     for sid, at, v in s.execute(text("SELECT series_id, at, value FROM reading_raw")))
        rollups = sorted((m.__tablename__, key[row[0]], *row[1:]) for m in (Rollup5m, Rollup1h) for row in s.execute(
            text(f"SELECT series_id, bucket, vmin, vmax, vsum, n FROM {m.__tablename__}")))  # noqa: S608 - model's table
    return {"series": series, "alarms": alarms, "states": states, "raw": raw, "rollups": rollups}


@pytest.mark.parametrize("budget", [1, 10_000], ids=["a device per chunk", "one chunk"])
def test_chunked_cycles_write_what_one_transaction_wrote(demo_store, twin, units, budget, monkeypatch, fixed_clock):
    monkeypatch.setattr(cycle, "CHUNK_ROWS", budget)
    for n, results in enumerate(SCRIPT):
        at = T0 + n * STEP
        one_transaction(twin, units, results, at)
        chunked(demo_store, units, results, at)
        if n == 4:  # someone acknowledges the UPS's alarm while it is on battery, on both
            for store in (demo_store, twin):
                with store.write() as s:
                    user = s.scalars(select(User).where(User.username == "admin")).one()
                    open_ups = s.scalars(select(Alarm.id).where(Alarm.unit_id == units[1][0], Alarm.kind == "state",
                                                                Alarm.cleared_at.is_(None))).one()
                    alarm_ops.acknowledge(s, user, open_ups, "切回市电")
    got, expected = dump(demo_store), dump(twin)
    assert got == expected
    kinds = {a[2] for a in got["alarms"]}
    assert {"threshold", "state", "unreachable", "event"} <= kinds  # the script did raise each kind
    assert any(a[7] > 1 for a in got["alarms"])  # and one came back on its row (occurrences)


def test_an_acknowledgement_made_while_the_cycle_is_judged_is_kept(demo_store, twin, units, fixed_clock):
    first = [ups("电池供电", "critical")]
    for store in (demo_store, twin):
        chunked(store, units[1:2], first, T0)
    back = [ups("市电", "ok")]
    with demo_store.read() as s:  # the cycle is judged: the alarm clears unacknowledged, so it would latch…
        works = cycle.prepare(s, T0 + STEP, [(units[1][0], units[1][1], back[0])])
    for store in (demo_store, twin):  # …while the duty engineer acknowledges it
        with store.write() as s:
            user = s.scalars(select(User).where(User.username == "admin")).one()
            alarm_id = s.scalars(select(Alarm.id).where(Alarm.kind == "state")).one()
            alarm_ops.acknowledge(s, user, alarm_id, "已处理")
    with demo_store.write() as s:
        stats = cycle.write_chunk(s, T0 + STEP, works)
    one_transaction(twin, units[1:2], back, T0 + STEP)  # the reference: the acknowledgement came first
    assert stats.alarms_cleared == 1
    with demo_store.read() as s:
        alarm = s.scalars(select(Alarm).where(Alarm.kind == "state")).one()
        assert (alarm.acked_by, alarm.cleared_at, alarm.latched) == ("admin", T0 + STEP, False)
    assert dump(demo_store) == dump(twin)


def _many(units, cycle_no: int) -> list[D]:
    return [D([R("env.temperature", 20 + (u + cycle_no) % 5, index=str(i), label=f"点{i}") for i in range(30)])
            for u in range(len(units))]


def test_a_console_write_gets_in_between_chunks_of_a_large_cycle(demo_store, tmp_path):
    with demo_store.read() as s:
        units = [(uid, tag) for uid, tag in s.execute(select(Unit.id, Unit.asset_tag).order_by(Unit.id).limit(120))]
    holder = "test:1"
    with demo_store.write() as s:
        assert lock.acquire(s, holder, T0, dt.timedelta(minutes=5))
    write_cycle(demo_store, [Device(u, t, None, 0) for u, t in units], _many(units, 0), holder=holder, at=T0,
                started=time.monotonic())
    # (that first cycle made the series: in the next one every device is judged before the lock)

    console = Store(str(demo_store.path))  # the console: another connection to the same file
    order: list[str] = []
    first_chunk = threading.Event()

    def on_poller_commit(_conn) -> None:
        order.append("poller")
        first_chunk.set()

    event.listen(demo_store.engine, "commit", on_poller_commit)
    event.listen(console.engine, "commit", lambda _conn: order.append("console"))
    done: list = []
    poller = threading.Thread(target=lambda: done.append(write_cycle(
        demo_store, [Device(u, t, None, 0) for u, t in units], _many(units, 1), holder=holder, at=T0 + STEP,
        started=time.monotonic())))
    poller.start()
    try:
        assert first_chunk.wait(60)
        with console.write() as s:  # a save clicked while the cycle is being written
            admin = s.scalars(select(User).where(User.username == "admin")).one()
            set_setting(s, admin, "monitor.hold_seconds", 90)
    finally:
        poller.join(120)
    assert done and done[0] is not None and done[0].readings == 120 * 30
    chunks_after = order[order.index("console") + 1:]
    assert chunks_after.count("poller") >= 2, order  # it did not wait for the cycle: chunks, then the marker
    with demo_store.read() as s:
        assert lock.current(s).last_cycle_at == T0 + STEP
        assert {d.last_poll_at for d in s.scalars(select(DeviceState).where(
            DeviceState.unit_id.in_([u for u, _ in units])))} == {T0 + STEP}
    console.close()


def test_a_cycle_cut_short_leaves_whole_devices_and_the_old_marker(demo_store, units, monkeypatch):
    holder = "test:1"
    with demo_store.write() as s:
        assert lock.acquire(s, holder, T0, dt.timedelta(minutes=5))
    chunked(demo_store, units, SCRIPT[0], T0, holder)
    monkeypatch.setattr(cycle, "CHUNK_ROWS", 1)  # a device per chunk
    real = cycle.write_chunk
    calls = []

    def dies_on_the_third(session, at, works):
        calls.append(works)
        if len(calls) == 3:
            raise OSError("the poller's machine lost power")
        return real(session, at, works)

    monkeypatch.setattr(cycle, "write_chunk", dies_on_the_third)
    with pytest.raises(OSError):
        chunked(demo_store, units, SCRIPT[1], T0 + STEP, holder)
    with demo_store.read() as s:
        polled = dict(s.execute(select(DeviceState.unit_id, DeviceState.last_poll_at)).all())
        assert [polled[uid] for uid, _ in units] == [T0 + STEP, T0 + STEP, T0, T0]
        assert lock.current(s).last_cycle_at == T0  # the marker still names the last whole cycle
        written = {sid for sid, at in s.execute(select(RawReading.series_id, RawReading.at)) if at == T0 + STEP}
        ups_series = set(s.scalars(select(MetricSeries.id).where(MetricSeries.unit_id == units[1][0])))
        room_series = set(s.scalars(select(MetricSeries.id).where(MetricSeries.unit_id == units[3][0])))
        assert ups_series <= written and not room_series & written
        # the second device's alarm and its series' state went with its readings
        assert s.scalars(select(Alarm).where(Alarm.unit_id == units[1][0], Alarm.cleared_at.is_(None))).one()


def test_a_chunked_cycle_bumps_the_change_marks_the_live_feed_reads(demo_store, units, fixed_clock):
    """The chunks write plain SQL: they say what they changed, so every console's feed learns
    that alarms, device states and readings changed (issue 15)."""
    from opsdesk.models.meta import change_marks

    grown: set[str] = set()
    for n, results in enumerate(SCRIPT[:2]):
        with demo_store.read() as session:
            before = change_marks(session)
        chunked(demo_store, units, results, fixed_clock.now() + n * dt.timedelta(minutes=1))
        with demo_store.read() as session:
            after = change_marks(session)
        grown |= {k for k in after if after[k] != before.get(k)}
    assert {"device_state", "reading_raw", "alarm"} <= grown
