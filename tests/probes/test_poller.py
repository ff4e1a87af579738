"""The poller end to end: register units pointing at real agents, one cycle, what the store says.

Uses the session's snmpsim agent (tests/probes/conftest.py) serving real-device recordings."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from opsdesk.cli import main
from opsdesk.models import Alarm, DeviceState, MetricSeries, Unit
from opsdesk.ops import devices
from opsdesk.poller import load_devices, poll_once

pytestmark = pytest.mark.timeout(120)

RECORDINGS = {"YHL-UPS-0001": "eaton-mgeups_9px", "YHL-AC-0001": "liebert_weblbds", "YHL-SRV-0002": "linux_powermon"}


@pytest.fixture
def wired(demo_store, demo_users, sim):
    """Three demo units answer as recorded devices; one points at a community nobody serves."""
    admin = demo_users["admin"]
    with demo_store.write() as session:  # only these units are polled here, not the demo's own agents
        session.execute(update(Unit).values(mgmt_ip="", snmp_version=""))
    with demo_store.write() as session:
        for tag, community in {**RECORDINGS, "YHL-NET-0001": "nobody-serves-this"}.items():
            unit = session.scalars(select(Unit).where(Unit.asset_tag == tag)).one()
            devices.save_unit(session, admin, unit.id, {"mgmt_ip": "127.0.0.1", "snmp_port": sim.port,
                                                        "snmp_version": "2c", "community": community})
    with demo_store.write() as session:
        from opsdesk.ops.settings_ops import set_setting

        set_setting(session, admin, "poller.timeout_seconds", 0.5)
        set_setting(session, admin, "poller.retries", 0)
        set_setting(session, admin, "monitor.unreachable_after", 1)
    return demo_store


def test_devices_with_an_address_are_polled_with_their_decrypted_community(wired):
    found = {d.label.split()[0]: d for d in load_devices(wired)}
    assert set(found) == {*RECORDINGS, "YHL-NET-0001"}
    assert found["YHL-UPS-0001"].target.community == "eaton-mgeups_9px"
    assert "eaton" not in repr(found["YHL-UPS-0001"].target)


def test_one_cycle_writes_state_readings_and_alarms(wired):
    results = {d.label.split()[0]: r for d, r in poll_once(wired)}
    assert results["YHL-UPS-0001"].status == "ok" and results["YHL-NET-0001"].status == "unreachable"
    with wired.read() as session:
        states = {s.unit.asset_tag: s for s in session.scalars(select(DeviceState))}
        assert states["YHL-UPS-0001"].status in ("ok", "warning") and "ups-mib" in states["YHL-UPS-0001"].profiles
        assert states["YHL-NET-0001"].status == "unreachable"
        ups = session.scalars(select(Unit).where(Unit.asset_tag == "YHL-UPS-0001")).one()
        series = {(s.metric, s.idx): s
                  for s in session.scalars(select(MetricSeries).where(MetricSeries.unit_id == ups.id))}
        assert series[("ups.battery.charge", "")].last_value == 100
        assert series[("ups.output.source", "")].last_text.startswith("正常")
        alarms = session.scalars(select(Alarm).where(Alarm.kind == "unreachable")).all()
        assert [a.unit.asset_tag for a in alarms] == ["YHL-NET-0001"]


def test_poll_once_json_and_alarms_from_the_cli(wired, monkeypatch, capsys):
    monkeypatch.setenv("OPSDESK_DB", str(wired.path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    assert main(["poll", "--once", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_device = {d["device"].split()[0]: d for d in out}
    ac = by_device["YHL-AC-0001"]
    assert ac["status"] == "ok" and ac["readings"]
    assert any(r["class"] == "humidity" and r["unit"] == "%RH" for r in ac["readings"])
    assert all({"name", "value", "unit", "time"} <= r.keys() for r in ac["readings"])
    assert by_device["YHL-NET-0001"]["status"] == "unreachable"
    assert main(["alarms", "--active"]) == 0
    listing = capsys.readouterr().out
    assert "YHL-NET-0001" in listing and "无应答（" in listing
    alarm_id = int(listing.splitlines()[1].split()[0])
    assert main(["alarms", "--ack", str(alarm_id)]) == 1  # a note is required
    assert "说明" in capsys.readouterr().err
    assert main(["alarms", "--ack", str(alarm_id), "--note", "网线松动，已重新插好"]) == 0
    with wired.read() as session:
        alarm = session.get(Alarm, alarm_id)
        assert alarm.acked_by == "zhangwei" and alarm.ack_note == "网线松动，已重新插好"


def test_later_cycles_reuse_the_matched_profiles(wired, sim):
    import asyncio

    from opsdesk.poller import ProfileCache, read_all
    from opsdesk.probes.snmp import SnmpClient

    devs = [d for d in load_devices(wired) if d.label.startswith("YHL-UPS-0001")]
    cache = ProfileCache()

    async def two_cycles():
        async with SnmpClient() as client:
            first = await read_all(client, devs, cache, 0)
            assert cache.forced(devs[0], 1) is not None
            second = await read_all(client, devs, cache, 1)
        return first[0], second[0]

    first, second = asyncio.run(two_cycles())
    assert first.profiles == second.profiles and "ups-mib" in second.profiles
    assert {(r.metric, r.index, r.value) for r in first.readings} == {
        (r.metric, r.index, r.value) for r in second.readings}


def test_stop_cancels_a_cycle_in_progress_and_releases_the_lock(demo_store, demo_users):
    import asyncio
    import socket
    import time

    from opsdesk.monitor import lock
    from opsdesk.poller import Poller

    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))  # answers nothing: the cycle waits for its timeout
    with demo_store.write() as session:
        unit = session.scalars(select(Unit).where(Unit.asset_tag == "YHL-UPS-0001")).one()
        devices.save_unit(session, demo_users["admin"], unit.id,
                          {"mgmt_ip": "127.0.0.1", "snmp_port": silent.getsockname()[1], "snmp_version": "2c",
                           "community": "x"})
        from opsdesk.ops.settings_ops import set_setting

        set_setting(session, demo_users["admin"], "poller.timeout_seconds", 10)
    poller = Poller(demo_store, holder="test:1")

    async def scenario():
        task = asyncio.create_task(poller.run())
        while poller._cycle is None:  # the first cycle has started
            await asyncio.sleep(0)
        started = time.monotonic()
        poller.stop()
        code = await task
        return code, time.monotonic() - started

    try:
        code, took = asyncio.run(scenario())
    finally:
        silent.close()
    assert code == 0 and took < 2.0  # not the 10 s timeout
    with demo_store.read() as session:
        assert lock.current(session) is None
