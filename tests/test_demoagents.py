"""The demo site's agents: real SNMP on loopback, read through the real probe path.

One agent process for the module, started at a chosen moment of the simulated day (the
agents' clock is shifted, nothing sleeps): the silent KVM is in its silent window and one
UPS has just gone on battery. How values move is tested on the variation module's
functions with fixed times, using the very records the agents serve.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import math
import shutil
import socket
import time
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from opsdesk.demo import agents as demoagents
from opsdesk.demo.seed import address_demo_units
from opsdesk.models.equipment import RegisterLine, Site, Unit
from opsdesk.poller import load_devices
from opsdesk.probes.reading import read_device
from opsdesk.probes.snmp import SnmpClient
from opsdesk.store import Store
from opsdesk.vault import Vault
from tests.conftest import copy_db

pytestmark = pytest.mark.timeout(180)

dutyroom = demoagents.dutyroom()
SILENT = demoagents.SILENT_TAG
# Seed 002's units of the two sites, and the demo room's 动环 points (opsdesk/demo/facilities.py).
DEMO_UNITS = 125 + 10
BATTERY_UPS_LEAD = 5.0  # the chosen UPS went on battery this many seconds before the agents start


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _records(text: str) -> dict[str, tuple[str, str]]:
    out = {}
    for line in text.splitlines():
        oid, tag, value = line.split("|", 2)
        out[oid] = (tag, value)
    return out


def _args(records, oid) -> tuple[str, dict]:
    tag, value = records[oid]
    assert tag.endswith(":dutyroom"), f"{oid} does not move"
    return tag.split(":")[0], dutyroom.parse(value)


def _moment(devices: list[demoagents.DemoDevice], now: float) -> tuple[float, str]:
    """A simulated instant T after ``now`` at which the silent device is silent for the next
    five minutes and a UPS went on battery BATTERY_UPS_LEAD seconds earlier."""
    silent = next(d for d in devices if d.asset_tag == SILENT)
    for start, tag, what in demoagents.next_events(devices, now, horizon=2 * 86400):
        t = start + BATTERY_UPS_LEAD
        if what == "battery" and all(dutyroom.silent(silent.args, t + k) for k in range(0, 301, 30)):
            return t, tag
    raise AssertionError("no moment with a UPS on battery while the KVM is silent")


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_template_db):
    """The demo database with its own key and port, and the agents started on it."""
    work = tmp_path_factory.mktemp("demo-agents")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("OPSDESK_HOME", str(work / "home"))
        path = work / "demo.sqlite3"
        copy_db(demo_template_db, path)
        store = Store(str(path))
        shutil.copy(demo_template_db.with_name("demo.key"), work / "demo.key")  # the database's own key
        vault = Vault(work / "demo.key")
        port = _free_udp_port()
        with store.write() as session:
            address_demo_units(session, vault, port)
        devices = demoagents.demo_devices(store)
        sim_start, battery_tag = _moment(devices, time.time())
        offset = sim_start - time.time()
        started = time.monotonic()
        agents = demoagents.start_agents(store, clock_offset=offset)
        startup_s = time.monotonic() - started
        try:
            yield dict(store=store, vault=vault, port=port, agents=agents, devices=devices, offset=offset,
                       battery_tag=battery_tag, startup_s=startup_s, home=work / "home")
        finally:
            agents.stop()
            store.close()


@pytest.fixture(scope="module")
def reading(site):
    """Every addressed unit read once, the way the poller reads it."""
    devices = load_devices(site["store"], site["vault"])

    async def read_all():
        async with SnmpClient() as client:
            return await asyncio.gather(*(read_device(client, d.target, lang="en") for d in devices))

    started = time.monotonic()
    results = asyncio.run(read_all())
    took = time.monotonic() - started
    print(f"\nagents started in {site['startup_s']:.1f} s; read {len(devices)} devices in {took:.1f} s")
    by_tag = {d.label.split()[0]: r for d, r in zip(devices, results, strict=True)}
    return dict(by_tag=by_tag, took=took, sim_time=time.time() + site["offset"])


def _units(store, where=None):
    with store.read() as session:
        q = select(Unit.asset_tag, RegisterLine.category).join(RegisterLine).join(Site)
        return dict(session.execute(q.where(where) if where is not None else q).all())


# ------------------------------------------------------------------ the loader


def test_the_loader_addresses_every_unit_of_the_demo_sites(site):
    vault = site["vault"]
    with site["store"].read() as session:
        units = list(session.scalars(select(Unit).join(RegisterLine).join(Site)
                                     .where(Site.code.in_(demoagents.DEMO_SITE_CODES))))
        others = list(session.scalars(select(Unit).join(RegisterLine).join(Site).where(Site.code == "QS")))
        assert len(units) == DEMO_UNITS
        for unit in units:
            assert (unit.mgmt_ip, unit.snmp_port, unit.snmp_version) == ("127.0.0.1", site["port"], "2c")
            assert vault.decrypt(unit.snmp_community_enc) == unit.asset_tag.lower()
        assert others and all(u.mgmt_ip == "" and u.snmp_community_enc is None for u in others)


def test_a_fresh_demo_database_points_at_the_default_port(demo_template_db, tmp_path):
    path = tmp_path / "d.sqlite3"
    copy_db(demo_template_db, path)
    store = Store(str(path))
    try:
        assert demoagents.stored_port(store) == demoagents.demo_agent_port()
        assert len(demoagents.demo_devices(store)) == DEMO_UNITS
    finally:
        store.close()


def test_a_demo_database_from_before_the_agents_gets_its_addresses(demo_template_db, tmp_path):
    from opsdesk.demo.seed import load_demo

    path = tmp_path / "old.sqlite3"
    copy_db(demo_template_db, path)
    store = Store(str(path))
    vault = Vault(tmp_path / "k.key")
    try:
        with store.write() as session:
            for unit in session.scalars(select(Unit)):
                unit.mgmt_ip, unit.snmp_version, unit.snmp_community_enc = "", "", None
        with pytest.raises(demoagents.DemoAgentsError, match="loopback"):
            demoagents.start_agents(store)
        load_demo(store, vault)  # every start of the demo calls it
        devices = demoagents.demo_devices(store)
        assert len(devices) == DEMO_UNITS
        with store.read() as session:
            unit = session.scalars(select(Unit).where(Unit.asset_tag == "DR-SEC-0001")).one()
            assert vault.decrypt(unit.snmp_community_enc) == "dr-sec-0001"
        load_demo(store, vault)  # and leaves it alone afterwards
        with store.read() as session:
            assert session.scalars(select(Unit).where(Unit.asset_tag == "DR-SEC-0001")).one().version == unit.version
    finally:
        store.close()


# ------------------------------------------------------------------ through the probe path


def test_every_addressed_unit_answers_but_the_silent_one(site, reading):
    by_tag = reading["by_tag"]
    assert set(by_tag) == set(_units(site["store"], Site.code.in_(demoagents.DEMO_SITE_CODES)))
    silent = {tag for tag, r in by_tag.items() if r.status != "ok"}
    assert silent == {SILENT}, {t: (by_tag[t].status, by_tag[t].error_message) for t in silent}
    assert by_tag[SILENT].status == "unreachable" and by_tag[SILENT].error_category == "timeout"
    for tag, r in by_tag.items():
        if tag != SILENT:
            assert r.find("sys.uptime") is not None and r.find("sys.uptime").value > 0, tag
    assert reading["took"] < 60, f"a full read took {reading['took']:.1f} s"


def _values(r, metric):
    return [x.value for x in r.readings if x.metric == metric and x.value is not None]


def test_ups_readings(site, reading):
    upses = [t for t, c in _units(site["store"]).items() if c == "ups" and t.startswith("YHL")]
    assert len(upses) == 4
    for tag in upses:
        r = reading["by_tag"][tag]
        assert "ups-mib" in r.profiles
        volts, load = _values(r, "ups.input.voltage"), _values(r, "ups.output.load")
        charge, source = r.find("ups.battery.charge"), r.find("ups.output.source")
        assert volts and load and charge is not None and source is not None, tag
        assert 0 < min(load) and max(load) <= 100 and 0 <= charge.value <= 100
        assert r.find("ups.output.frequency").value == pytest.approx(50.0, abs=0.2)
        device = next(d for d in site["devices"] if d.asset_tag == tag)
        on_battery = dutyroom.on_battery(dutyroom.parse(device.variables["ups"]), reading["sim_time"])
        if tag == site["battery_tag"]:
            assert on_battery
        if on_battery:
            assert source.text == "battery" and source.severity == "critical"
            assert max(volts) < 176 and r.find("ups.battery.time_on_battery").value > 0
        else:
            assert source.text == "normal" and 205 <= min(volts) <= max(volts) <= 235


def test_precision_air_conditioners(site, reading):
    acs = [t for t, c in _units(site["store"]).items() if c == "cooling"]
    assert len(acs) == 2
    for tag in acs:
        r = reading["by_tag"][tag]
        temp, hum = r.find("cooling.return_temperature", "1"), r.find("cooling.return_humidity", "1")
        assert temp is not None and 18 <= temp.value <= 28 and temp.unit == "℃"
        assert hum is not None and 35 <= hum.value <= 75 and hum.unit == "%RH"
        assert r.find("cooling.state.system").text == "on"
        assert r.find("cooling.state.cooling").text in ("on", "off")
        assert r.find("cooling.supply_temperature", "2").value < temp.value


def test_servers_report_cpu_and_storage(site, reading):
    servers = [t for t, c in _units(site["store"], Site.code.in_(demoagents.DEMO_SITE_CODES)).items() if c == "server"]
    assert len(servers) == 47
    for tag in servers:
        r = reading["by_tag"][tag]
        cpu = _values(r, "host.cpu.load")
        assert cpu and all(0 <= v <= 100 for v in cpu), tag
        assert _values(r, "host.storage.used_pct") and _values(r, "host.memory.used_pct"), tag
        assert [x for x in r.readings if x.metric == "if.in_octets"], tag


def test_switches_report_temperature_or_interfaces(site, reading):
    switches = [t for t, c in _units(site["store"], Site.code.in_(demoagents.DEMO_SITE_CODES)).items()
                if c == "network"]
    assert len(switches) == 21
    with_temperature = 0
    for tag in switches:
        r = reading["by_tag"][tag]
        temps = _values(r, "hw.temperature")
        with_temperature += bool(temps)
        assert temps or _values(r, "if.oper_status"), tag
        assert all(15 <= v <= 70 for v in temps)
    assert with_temperature == 19  # H3C and Huawei; the two FC switches have interfaces only


def test_everything_else_answers_with_interfaces(site, reading):
    for tag, category in _units(site["store"], Site.code.in_(demoagents.DEMO_SITE_CODES)).items():
        if category in ("security", "storage", "kvm") and tag != SILENT:
            r = reading["by_tag"][tag]
            assert r.sys_descr and r.sys_object_id and _values(r, "if.oper_status"), tag


def test_the_agents_are_found_and_not_started_twice(site):
    assert demoagents.agents_running(site["port"])
    assert not demoagents.agents_running(_free_udp_port(), timeout=0.2)
    with pytest.raises(demoagents.DemoAgentsError, match="already running"):
        demoagents.start_agents(site["store"], site["port"])
    assert site["agents"].running() and site["agents"].pid > 0 and site["agents"].port == site["port"]


# ------------------------------------------------------------------ how values move (no sleeping)


@pytest.fixture(scope="module")
def recordings(site):
    return {p.stem: _records(p.read_text(encoding="utf-8")) for p in site["agents"].data_dir.glob("*.snmprec")}


RETURN_T10 = "1.3.6.1.4.1.476.1.42.3.4.1.3.3.1.50.1"
RETURN_H10 = "1.3.6.1.4.1.476.1.42.3.4.2.2.3.1.50.1"
COOLING = "1.3.6.1.4.1.476.1.42.3.4.3.2.0"
UPS_SOURCE = "1.3.6.1.2.1.33.1.4.1.0"
UPS_IN_V = "1.3.6.1.2.1.33.1.3.3.1.3.1"
UPS_CHARGE = "1.3.6.1.2.1.33.1.2.4.0"
UPS_ON_BATT = "1.3.6.1.2.1.33.1.2.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
DAY0 = dt.datetime(2026, 11, 22, tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()  # a Sunday


def test_the_air_conditioner_drifts_with_the_day_and_its_compressor(recordings):
    for community in ("yhl-ac-0001", "yhl-ac-0002"):
        rec = recordings[community]
        tag, t_args = _args(rec, RETURN_T10)
        _, h_args = _args(rec, RETURN_H10)
        temps = [dutyroom.evaluate(t_args, DAY0 + k * 60, tag) for k in range(1440)]
        hums = [dutyroom.evaluate(h_args, DAY0 + k * 60, tag) for k in range(1440)]
        assert all(isinstance(v, int) for v in temps + hums)  # tenths, as Integer32
        assert 180 <= min(temps) and max(temps) <= 280 and 350 <= min(hums) and max(hums) <= 750
        assert 215 <= min(temps) and max(temps) <= 255  # ~22–25 ℃
        assert 440 <= min(hums) and max(hums) <= 560  # ~45–55 %RH
        # the afternoon is warmer than the small hours (hourly means)
        assert sum(temps[14 * 60:16 * 60]) / 120 > sum(temps[2 * 60:4 * 60]) / 120 + 8
        # within a quarter of an hour the compressor cycle moves it by tenths
        assert max(temps[600:615]) - min(temps[600:615]) >= 5
        assert dutyroom.evaluate(t_args, DAY0 + 600, tag) != dutyroom.evaluate(t_args, DAY0 + 1050, tag)
        # the compressor runs half of each cycle, and the air cools while it runs
        states = [dutyroom.evaluate(_args(rec, COOLING)[1], DAY0 + k * 10) for k in range(90)]
        assert set(states) == {1, 2} and 35 <= states.count(1) <= 55
    a1 = _args(recordings["yhl-ac-0001"], RETURN_T10)[1]
    a2 = _args(recordings["yhl-ac-0002"], RETURN_T10)[1]
    assert dutyroom.evaluate(a1, DAY0 + 3600) != dutyroom.evaluate(a2, DAY0 + 3600)  # seeded apart


def test_a_ups_goes_on_battery_in_its_window_and_recovers(recordings):
    for community in ("yhl-ups-0001", "yhl-ups-0002", "yhl-ups-0003", "yhl-ups-0004"):
        rec = recordings[community]
        _, args = _args(rec, UPS_SOURCE)
        windows = dutyroom.battery_windows(args, DAY0, DAY0 + 3 * 3600)
        assert len(windows) in (8, 9, 10) and all(b - a == 90 for a, b in windows)
        a, b = windows[1]

        def ev(oid, t, rec=rec):
            return dutyroom.evaluate(_args(rec, oid)[1], t)

        assert ev(UPS_SOURCE, a - 30) == 3 and ev(UPS_SOURCE, a + 1) == 5 and ev(UPS_SOURCE, b + 1) == 3
        assert ev(UPS_IN_V, a - 30) >= 205 and ev(UPS_IN_V, a + 45) < 176
        assert ev(UPS_ON_BATT, a + 45) == 45 and ev(UPS_ON_BATT, b + 5) == 0
        assert ev(UPS_CHARGE, a - 30) == 100 > ev(UPS_CHARGE, b - 1) >= 90
        assert ev(UPS_CHARGE, b + 60) < ev(UPS_CHARGE, b + 700) == 100
    starts = {community: dutyroom.battery_windows(_args(recordings[community], UPS_SOURCE)[1], DAY0, DAY0 + 1200)[0][0]
              for community in ("yhl-ups-0001", "yhl-ups-0002", "yhl-ups-0003", "yhl-ups-0004")}
    assert len(set(starts.values())) == 4  # each UPS has its own moment


def test_the_silent_device_drops_requests_in_its_window_then_restarts(recordings):
    rec = recordings[SILENT.lower()]
    assert all(":dutyroom" in tag and "outage=" in value for tag, value in rec.values())
    _, args = _args(rec, SYS_UPTIME)
    hour = DAY0 + 10 * 3600
    with pytest.raises(dutyroom.Silent):
        dutyroom.evaluate(args, hour + 20 * 60 + 1)  # :20–:30 and :50–:00 of every hour
    with pytest.raises(dutyroom.Silent):
        dutyroom.evaluate(dutyroom.parse(rec["1.3.6.1.2.1.1.1.0"][1]), hour + 55 * 60)
    assert dutyroom.evaluate(args, hour + 30 * 60 + 5, "67") == 500  # back, 5 s after "power on"
    assert dutyroom.evaluate(rec["1.3.6.1.2.1.1.1.0"][1], hour + 31 * 60, "4").startswith("KVM")
    # the others never go silent
    assert not any("outage=" in v for t, v in recordings["yhl-kvm-0001"].values())


def test_counters_grow_and_wrap(recordings):
    rec = recordings["yhl-net-0005"]
    tag32, in32 = _args(rec, "1.3.6.1.2.1.2.2.1.10.49")
    tag64, in64 = _args(rec, "1.3.6.1.2.1.31.1.1.1.6.49")
    assert (tag32, tag64) == ("65", "70")
    t = DAY0 + 12 * 3600
    c64 = [dutyroom.evaluate(in64, t + k * 30, tag64) for k in range(200)]
    assert all(b > a for a, b in pairwise(c64))
    assert all(dutyroom.evaluate(in32, t + k * 30, tag32) == c64[k] % 2 ** 32 for k in range(0, 200, 7))
    rate = (c64[-1] - c64[0]) / (199 * 30)
    assert 10e6 < rate < 200e6  # a 10G uplink carrying a few per cent
    up = [dutyroom.evaluate(_args(rec, SYS_UPTIME)[1], t + k, "67") for k in (0, 60)]
    assert abs(up[1] - up[0] - 6000) <= 1


def test_every_moving_value_fits_its_snmp_type(recordings):
    """One recording of each template, its moving records at six moments of a day."""
    seen = set()
    for device_records in recordings.values():
        kind = (device_records["1.3.6.1.2.1.1.2.0"][1], len(device_records))
        if kind in seen:
            continue
        seen.add(kind)
        for oid, (tag, value) in device_records.items():
            if ":dutyroom" not in tag or "outage=" in value:
                continue
            base = tag.split(":")[0]
            for hour in (0, 4, 9, 13, 17, 21):
                v = dutyroom.evaluate(value, DAY0 + hour * 3600 + 17, base)
                if base == "4":
                    assert isinstance(v, str)
                    continue
                assert isinstance(v, int), (oid, v)
                low, high = {"2": (-2 ** 31, 2 ** 31 - 1), "65": (0, 2 ** 32 - 1), "66": (0, 2 ** 32 - 1),
                             "67": (0, 2 ** 32 - 1), "70": (0, 2 ** 64 - 1)}[base]
                assert low <= v <= high, (oid, v)
                if oid.startswith(("1.3.6.1.2.1.25.3.3.1.2.", "1.3.6.1.2.1.33.1.2.4.", "1.3.6.1.2.1.33.1.4.4.1.5.",
                                   "1.3.6.1.4.1.25506.2.6.1.1.1.1.6.", "1.3.6.1.4.1.25506.2.6.1.1.1.1.8.")):
                    assert 0 <= v <= 100, (oid, v)  # percentages
    assert len(seen) >= 10


def test_recordings_are_sorted_and_hex_where_needed(recordings):
    for community, rec in recordings.items():
        oids = [tuple(map(int, o.split("."))) for o in rec]
        assert oids == sorted(oids), community
        for oid, (tag, value) in rec.items():
            if tag == "4":
                assert all(32 <= ord(c) < 127 for c in value), (community, oid)
    location = bytes.fromhex(recordings["yhl-srv-0001"]["1.3.6.1.2.1.1.6.0"][1]).decode()
    assert location == "永和路数据中心 主机房 A01 机柜 U2"


def test_the_runtime_dir_is_under_the_data_dir(site):
    assert site["agents"].workdir == site["home"] / "demo-agents"
    assert Path(site["agents"].data_dir, "yhl-ups-0001.snmprec").exists()
    assert not math.isnan(site["startup_s"])


def test_poll_once_json_reads_the_demo_agents(site, monkeypatch, capsys):
    import json

    from opsdesk.cli import main

    monkeypatch.setenv("OPSDESK_HOME", str(site["home"]))
    monkeypatch.setenv("OPSDESK_KEY_FILE", str(site["vault"].path))
    monkeypatch.setenv("OPSDESK_DB", str(site["store"].path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    assert main(["poll", "--once", "--json", "--dry-run", "--device", "YHL-AC-0001"]) == 0
    (ac,) = json.loads(capsys.readouterr().out)
    assert ac["status"] == "ok"
    temps = [r for r in ac["readings"] if r["metric"] == "cooling.return_temperature"]
    assert temps and temps[0]["unit"] == "℃" and 18 <= temps[0]["value"] <= 28
