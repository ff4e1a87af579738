"""Devices that answer garbage or not at all, each against a real responder on loopback:
an invalid reading and one clear event, never a crash (issue 3, bad input)."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading

import pytest
from sqlalchemy import select

from opsdesk.models import Alarm, MetricSeries, RawReading, Unit
from opsdesk.monitor.ingest import Monitor
from opsdesk.probes.reading import read_device
from opsdesk.probes.snmp import SnmpClient, SnmpTarget

from .conftest import HUGE_ROWS, run

pytestmark = pytest.mark.timeout(120)
T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


async def _read(target, **kw):
    async with SnmpClient() as client:
        return await read_device(client, target, **kw)


def _apply(store, unit_id, result, when):
    with store.write() as s:
        m = Monitor(s, when)
        m.apply(unit_id, "接入交换机", result)
        m.flush()


def test_restart_counter_wrap_and_a_garbage_sensor_through_the_monitor(demo_store, sim):
    with demo_store.read() as s:
        unit_id = s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-NET-0001")).one()
    for i, community in enumerate(["switch-t1", "switch-t2", "switch-t3", "switch-t3"]):
        result = run(_read(sim.target(community)))
        assert result.status == "ok"
        _apply(demo_store, unit_id, result, T0 + dt.timedelta(seconds=30 * i))
    with demo_store.read() as s:
        series = {x.metric: x for x in s.scalars(select(MetricSeries).where(MetricSeries.unit_id == unit_id))}
        octets = series["if.in_octets"]
        rates = [r.value for r in s.scalars(
            select(RawReading).where(RawReading.series_id == octets.id).order_by(RawReading.at))]
        events = [a.message for a in s.scalars(select(Alarm).where(Alarm.unit_id == unit_id, Alarm.kind == "event"))]
    # 4,294,966,000 → 1,000 in 30 s is a wrap of the 32-bit counter: (2^32 − 4,294,966,000 + 1,000) / 30
    assert rates[0] == pytest.approx((2**32 - 4_294_966_000 + 1_000) / 30)
    assert octets.unit_symbol == "B/s"
    assert len([m for m in events if "重启" in m]) == 1  # sysUpTime went back once
    garbage = [m for m in events if "读数无效" in m]
    assert len(garbage) == 1 and "N/A" in garbage[0]  # one event, not one per poll


def test_a_device_that_answers_garbage_is_a_status_not_a_crash():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def answer_garbage():
        while not stop.is_set():
            try:
                _, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            sock.sendto(b"\x30\x82\xff\xff not BER at all \x00\x01", peer)
            sock.sendto(b"\x30\x03\x02\x01\x01", peer)  # valid BER, not SNMP

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    try:
        target = SnmpTarget("127.0.0.1", sock.getsockname()[1], timeout=0.5, retries=0)
        result = run(_read(target))
    finally:
        stop.set()
        thread.join()
        sock.close()
    assert result.status in ("unreachable", "error") and result.error_category in ("timeout", "malformed")
    assert result.readings == []


def test_a_table_of_100000_rows_is_capped_and_flagged(sim):
    # generous: under a loaded CI machine snmpsim takes its time over a 100,000-row index
    result = run(_read(sim.target("hugetable", timeout=5.0, retries=2), max_rows=500))
    assert result.status == "ok"
    statuses = [r for r in result.readings if r.metric == "if.oper_status"]
    assert 0 < len(statuses) <= 500 < HUGE_ROWS
    assert result.warnings == ["column 1.3.6.1.2.1.2.2.1.8: more than 500 rows"]


def test_a_silent_device_times_out_on_its_own_clock():
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))  # bound, never answers
    try:
        target = SnmpTarget("127.0.0.1", silent.getsockname()[1], timeout=0.3, retries=1)
        started = asyncio.run(_timed(target))
    finally:
        silent.close()
    result, took = started
    assert result.status == "unreachable" and result.error_category == "timeout"
    assert took < target.deadline + 0.5


async def _timed(target):
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    result = await _read(target)
    return result, loop.time() - t0
