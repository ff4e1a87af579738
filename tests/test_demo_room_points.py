"""The demo room's 动环 points (issue 17): environment monitors, a leak rope, smoke, door, PDUs.

Extra units of register lines of their own (演示补充), answering from the demo agents on
loopback; the agents are started "at" a moment inside the leak event (their clock shifted through
OPSDESK_DEMO_CLOCK_OFFSET, nothing sleeps). Smoke and door are checked on the very records the
agents serve, at their times, and against the profile's states.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import time

import pytest
from sqlalchemy import select

from opsdesk.demo import agents as demoagents
from opsdesk.demo.facilities import SUPPLEMENT_NOTE
from opsdesk.demo.seed import address_demo_units
from opsdesk.models.equipment import Rack, RegisterLine, Unit
from opsdesk.models.monitoring import Alarm, MetricSeries
from opsdesk.ops import floor
from opsdesk.poller import load_devices, poll_once, read_all
from opsdesk.probes.reading import shipped_profiles
from opsdesk.probes.snmp import SnmpClient
from opsdesk.store import Store
from opsdesk.vault import Vault
from tests.conftest import copy_db

pytestmark = pytest.mark.timeout(180)

dutyroom = demoagents.dutyroom()
LEAK, ROOM_MONITOR = "YHL-ENV-0006", "YHL-ENV-0005"
PROBES = ("YHL-ENV-0001", "YHL-ENV-0002", "YHL-ENV-0003", "YHL-ENV-0004")
PDUS = ("YHL-PDU-0001", "YHL-PDU-0002", "YHL-PDU-0003", "YHL-PDU-0004")
HOUR = 1_800_000_000.0 - 1_800_000_000.0 % 3600  # any whole hour


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def room(tmp_path_factory, demo_template_db):
    """The demo database with its own key and port, its agents started at :40:30 of an hour."""
    work = tmp_path_factory.mktemp("demo-room")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPSDESK_HOME", str(work / "home"))
        path = work / "demo.sqlite3"
        copy_db(demo_template_db, path)
        shutil.copy(demo_template_db.with_name("demo.key"), work / "demo.key")
        store = Store(str(path))
        vault = Vault(work / "demo.key")
        port = _free_udp_port()
        with store.write() as session:
            address_demo_units(session, vault, port)
        now = time.time()
        sim = now - now % 3600 + 3600 + 40 * 60 + 30  # the next hour's :40:30, inside the leak event
        agents = demoagents.start_agents(store, clock_offset=sim - now)
        try:
            yield dict(store=store, vault=vault, sim=sim, devices=demoagents.demo_devices(store), agents=agents)
        finally:
            agents.stop()
            store.close()


@pytest.fixture(scope="module")
def readings(room):
    tags = {LEAK, ROOM_MONITOR, *PROBES, *PDUS}
    devices = [d for d in load_devices(room["store"], room["vault"]) if d.label.split()[0] in tags]

    async def go():
        async with SnmpClient() as client:
            return await read_all(client, devices)

    return {d.label.split()[0]: r for d, r in zip(devices, asyncio.run(go()), strict=True)}


def test_the_new_units_have_lines_of_their_own_and_their_places(room):
    with room["store"].read() as session:
        lines = session.scalars(select(RegisterLine).order_by(RegisterLine.id)).all()
        seed = [line for line in lines if line.note != SUPPLEMENT_NOTE]
        extra = [line for line in lines if line.note == SUPPLEMENT_NOTE]
        assert (len(seed), sum(len(line.units) for line in seed)) == (54, 172)  # seed 002 as it is
        assert len(extra) == 4 and min(line.id for line in extra) > max(line.id for line in seed)
        units = {u.asset_tag: u for line in extra for u in line.units}
        assert set(units) == {LEAK, ROOM_MONITOR, *PROBES, *PDUS}
        racks = {r.id: r.name for r in session.scalars(select(Rack))}
        assert [racks[units[t].rack_id] for t in PDUS] == ["A01", "B01", "A02", "B02"]
        room_id = units[LEAK].room_id
        layout = floor.room_layout(session, room_id)
    placed = {u.asset_tag: u for u in layout.units}
    assert not layout.unplaced
    for tag in (LEAK, ROOM_MONITOR, *PROBES):
        assert tag in placed and placed[tag].category == "sensor", tag
    assert {(placed[t].x, placed[t].y) for t in PROBES} == {(5.25, 5.0), (8.25, 5.0), (5.25, 5.9), (8.25, 5.9)}
    assert (placed[LEAK].x, placed[LEAK].y) == (2.25, 5.75)  # beside the row ACs at x 3
    assert len(room["devices"]) == 125 + 10


def _one(reading, metric):
    """The reading of ``metric`` (NetBotz rows are indexed by their sensor's id string)."""
    (found,) = [x for x in reading.readings if x.metric == metric]
    return found


def test_the_poller_reads_probes_pdus_and_contacts(readings):
    for tag in (*PROBES, ROOM_MONITOR):
        r = readings[tag]
        assert r.status == "ok" and "apc-netbotz" in r.profiles, tag
        temp, hum = _one(r, "env.temperature"), _one(r, "env.humidity")
        assert temp.unit == "℃" and 18 <= temp.value <= 28, tag
        assert hum.unit == "%RH" and 35 <= hum.value <= 75, tag
    assert len({_one(readings[t], "env.temperature").value for t in PROBES}) > 1  # the rows differ
    for tag in PDUS:
        r = readings[tag]
        assert "apc-powernet-rpdu" in r.profiles, tag
        current, power = r.find("pdu.phase.current", "1"), r.find("pdu.power", "1")
        assert current.unit == "A" and 0.5 < current.value < 16 and 100 < power.value < 3500, tag
    monitor = readings[ROOM_MONITOR]
    smoke, door = _one(monitor, "env.contact.error"), _one(monitor, "env.door.error")
    assert (smoke.text, smoke.severity, door.text, door.severity) == ("normal", "ok", "normal", "ok")  # at :40
    assert _one(monitor, "env.door").text == "closed" and smoke.role == "safety.smoke" and door.role == "safety.door"
    leak = readings[LEAK].find("env.leak", "1")
    assert "hwg-wld" in readings[LEAK].profiles and (leak.text, leak.severity) == ("flooded", "critical")


def test_a_leak_raises_a_critical_alarm_shown_on_the_floor(room, monkeypatch):
    monkeypatch.setenv("OPSDESK_KEY_FILE", str(room["vault"].path))
    poll_once(room["store"], only=LEAK)
    with room["store"].read() as session:
        unit = session.scalars(select(Unit).where(Unit.asset_tag == LEAK)).one()
        alarms = session.scalars(select(Alarm).where(Alarm.unit_id == unit.id, Alarm.cleared_at.is_(None))).all()
        series = {a.series_id: session.get(MetricSeries, a.series_id) for a in alarms}
        # one leak, one alarm: the rope's value (flooded), critical, nobody has acknowledged it (the
        # detector's own state says the same and is shown, not alarmed again)
        assert len(alarms) == 1 and alarms[0].severity == "critical" and alarms[0].acked_at is None
        assert [s.role for s in series.values()] == ["safety.leak"] and alarms[0].kind == "state"
        status = floor.room_status(session, unit.room_id).units[unit.id]
    assert status.status == "critical" and status.flashing


def _record(room, tag, oid_prefix):
    device = next(d for d in room["devices"] if d.asset_tag == tag)
    text = demoagents.render(device.kind, device.variables, device.silent)
    for line in text.splitlines():
        oid, tag_, value = line.split("|", 2)
        if oid.startswith(oid_prefix):
            assert tag_.endswith(":dutyroom")
            return value
    raise AssertionError(f"{tag}: no {oid_prefix}")


def _severity(profile_id, key, raw):
    profile = next(p for p in shipped_profiles() if p.id == profile_id)
    metric = next(m for m in profile.metrics if m.key == key)
    return metric.states[str(raw)].severity


def test_smoke_and_door_happen_at_their_minutes_with_their_severities(room):
    smoke = _record(room, ROOM_MONITOR, "1.3.6.1.4.1.5528.100.4.2.1.1.3.")  # dryContactSensorErrorStatus
    door = _record(room, ROOM_MONITOR, "1.3.6.1.4.1.5528.100.4.2.2.1.3.")  # doorSwitchSensorErrorStatus
    door_value = _record(room, ROOM_MONITOR, "1.3.6.1.4.1.5528.100.4.2.2.1.2.")
    leak = _record(room, LEAK, "1.3.6.1.4.1.21796.4.5.4.1.6.")  # wldValue
    at = {minute: HOUR + minute * 60 + 30 for minute in (5, 10, 11, 33, 35, 40, 43, 44, 50)}
    assert [dutyroom.evaluate(smoke, at[m]) for m in (5, 10, 11, 33)] == [0, 4, 4, 0]
    assert [dutyroom.evaluate(door, at[m]) for m in (11, 33, 35, 40)] == [0, 2, 2, 0]
    assert [dutyroom.evaluate(door_value, at[m]) for m in (11, 33)] == [1, 0]  # closed, open
    assert [dutyroom.evaluate(leak, at[m]) for m in (35, 40, 43, 44)] == [0, 1, 1, 0]
    assert _severity("apc-netbotz", "env.contact.error", 4) == "critical"
    assert _severity("apc-netbotz", "env.door.error", 2) == "warning"
    assert _severity("hwg-wld", "env.leak", 1) == "critical"
    events = demoagents.next_events(room["devices"], HOUR, 3600)
    assert {(round(t - HOUR), what) for t, tag, what in events if what in ("leak", "smoke", "door")} == {
        (2400, "leak"), (600, "smoke"), (1980, "door")}


def test_a_demo_database_from_before_the_points_gets_them_once(demo_template_db, tmp_path):
    from opsdesk.demo.seed import load_demo

    path = tmp_path / "old.sqlite3"
    copy_db(demo_template_db, path)
    shutil.copy(demo_template_db.with_name("demo.key"), tmp_path / "demo.key")
    store, vault = Store(str(path)), Vault(tmp_path / "demo.key")
    try:
        with store.write() as session:
            for line in session.scalars(select(RegisterLine).where(RegisterLine.note == SUPPLEMENT_NOTE)):
                session.delete(line)
        load_demo(store, vault)  # every start of the demo calls it
        load_demo(store, vault)
        with store.read() as session:
            extra = session.scalars(select(Unit).join(RegisterLine).where(RegisterLine.note == SUPPLEMENT_NOTE)).all()
            assert len(extra) == 10
            assert all(vault.decrypt(u.snmp_community_enc) == u.asset_tag.lower() for u in extra)
            assert {u.snmp_port for u in extra} == {demoagents.demo_agent_port()}
    finally:
        store.close()
