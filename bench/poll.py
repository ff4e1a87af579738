"""Figure ``poll``: one steady-state poll cycle through OpsDesk's read path, against
bare pysnmp sending the same requests, both to the same snmpsim agent on loopback.

OpsDesk's side is what the poller process does each cycle before it writes:
``opsdesk.poller.read_all(client, devices, cache, cycle_no)`` with one
``SnmpClient`` (50 requests in flight at most) and a ``ProfileCache`` that already
holds every device's matched profiles — the second and later cycles. The first
cycle, which also matches the profiles, is timed once and shown as an extra line.

The baseline is bare ``pysnmp.hlapi.v3arch.asyncio``: one engine, ``get_cmd`` /
``bulk_cmd`` with ``lookupMib=False``, a semaphore of 50, one ``CommunityData`` and
one ``UdpTransportTarget`` per device, sending exactly the PDUs OpsDesk sent in a
steady cycle (recorded from ``SnmpClient._request`` in an untimed cycle: the system
GET first, then the rest at once, as ``read_device`` does). It converts nothing.

Both sides are timed by wall clock and by ``time.process_time()`` (this process's
CPU: the agent runs in its own process). Each side gets an untimed warm-up
(OpsDesk: the recording cycle; the baseline: each device's first PDU), so both
engines have their communities configured; then baseline and OpsDesk alternate, so
both see the same noise. The agent's own CPU is read from /proc: a cycle whose
agent was busy nearly all the time is bounded by the agent, not by the side being
timed — both sides share that bound. On a busy two-core machine client and agent
end up taking turns on one core and the wall time is about the sum of both CPU
times; the CPU row is then the steadier comparison.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.agent import Agents, community
from bench.common import Figure, log

DEVICES = 50  # --poll-devices 500 for the full duty room; per request the figures are the same
MIN_RUNS = 3  # even past the budget: one run is no comparison
CONCURRENCY = 50  # SnmpClient's default bound, and the baseline's semaphore


def _devices(agents: Agents, count: int, label: str = "UPS"):
    from opsdesk.models.settings import SPECS
    from opsdesk.poller import Device
    from opsdesk.probes.snmp import SnmpTarget

    timeout = float(SPECS["poller.timeout_seconds"].default)
    retries = int(SPECS["poller.retries"].default)
    return [Device(n + 1, f"{label} {community(n)}", SnmpTarget("127.0.0.1", agents.port_of(n), community=community(n),
                                                            timeout=timeout, retries=retries), 0)
            for n in range(count)]


class Bare:
    """Bare pysnmp replaying recorded PDUs: ``{(port, community): [(kind, oids, reps), ...]}``."""

    def __init__(self, plan: dict[tuple[int, str], list[tuple[str, tuple[str, ...], int]]]) -> None:
        from pysnmp.hlapi.v3arch import asyncio as hl

        self.hl = hl
        self.plan = plan
        self.engine = hl.SnmpEngine()
        self.sem = asyncio.Semaphore(CONCURRENCY)

    def requests(self) -> int:
        return sum(len(p) for p in self.plan.values())

    async def cycle(self, devices, warm_up: bool = False) -> int:
        """One cycle over ``devices``; returns the number of var-binds received. ``warm_up``
        sends each device's first PDU only: enough to configure the engine for its community."""
        got = await asyncio.gather(*(self._device(d.target, warm_up) for d in devices))
        return sum(got)

    async def _device(self, target, warm_up: bool = False) -> int:
        hl = self.hl
        auth = hl.CommunityData(target.community, mpModel=1)
        transport = await hl.UdpTransportTarget.create((target.host, target.port), timeout=target.timeout,
                                                       retries=target.retries)
        ctx = hl.ContextData()

        async def one(kind: str, oids: tuple[str, ...], reps: int) -> int:
            async with self.sem:
                vbs = [hl.ObjectType(hl.ObjectIdentity(o)) for o in oids]
                if kind == "get":
                    ind, status, _index, out = await hl.get_cmd(self.engine, auth, transport, ctx, *vbs,
                                                                lookupMib=False)
                elif kind == "next":
                    ind, status, _index, out = await hl.next_cmd(self.engine, auth, transport, ctx, *vbs,
                                                                 lookupMib=False)
                else:
                    ind, status, _index, out = await hl.bulk_cmd(self.engine, auth, transport, ctx, 0, reps, *vbs,
                                                                 lookupMib=False)
            if ind or status:
                raise RuntimeError(f"baseline {kind} to {target.host}:{target.port}: {ind or f'error-status {status}'}")
            return len(out)

        first, *rest = self.plan[(target.port, target.community)]
        count = await one(*first)
        if warm_up:
            return count
        return count + sum(await asyncio.gather(*(one(*r) for r in rest)))

    def close(self) -> None:
        self.engine.close_dispatcher()


async def record_plan(client, cycle) -> tuple[list, dict[tuple[int, str], list]]:
    """Run ``cycle`` once, recording every PDU the client sends, per (port, community)."""
    plan: dict[tuple[int, str], list] = defaultdict(list)
    original = client._request

    async def recording(t, kind, oids, reps=0):
        plan[(t.port, t.community)].append((kind, tuple(o.lstrip(".") for o in oids), reps))
        return await original(t, kind, oids, reps)

    client._request = recording
    try:
        return await cycle(), plan
    finally:
        del client._request


def _check(results, devices, expect: int | None = None) -> int:
    """All devices answered with the same number of readings; returns that number."""
    bad = [(d.label, r.status, r.error_message) for d, r in zip(devices, results, strict=True) if r.status != "ok"]
    if bad:
        raise RuntimeError(f"{len(bad)} of {len(devices)} devices did not answer, e.g. {bad[:3]}")
    counts = {len(r.readings) for r in results}
    if len(counts) != 1 or (expect is not None and counts != {expect}):
        raise RuntimeError(f"readings per device differ: {sorted(counts)}")
    return counts.pop()


async def _timed(coro_fn, agents: Agents):
    a0, c0, t0 = agents.cpu(), time.process_time(), time.perf_counter()
    result = await coro_fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return result, wall, cpu, agents.cpu() - a0


def measure(repeat: int, devices: int = DEVICES, processes: int = 1, budget: float = 120.0,
            profile: Path | None = None) -> list[Figure]:
    wall = Figure("poll", aim=1.25,
                  what=f"steady poll cycle, {devices} UPS on loopback snmpsim: read_all (wall) vs bare pysnmp, "
                       "same PDUs")
    cpu = Figure("poll cpu", aim=1.25, what="the same cycles, CPU time of this process (time.process_time)")
    figs = [wall, cpu]
    try:
        with tempfile.TemporaryDirectory(prefix="opsdesk-bench-poll-") as tmp:
            agents = Agents(Path(tmp), devices, processes)
            took = agents.start()
            log(f"  agent: {processes} snmpsim process(es), {devices} communities, answering after {took:.1f} s")
            try:
                asyncio.run(_run(agents, devices, repeat, budget, profile, wall, cpu))
            finally:
                agents.stop()
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why and the run goes on
        wall.notes.append(f"poll: not measured — {type(exc).__name__}: {exc}")
        wall.opsdesk.clear()
        cpu.opsdesk.clear()
    return figs


async def _run(agents: Agents, count: int, repeat: int, budget: float, profile: Path | None,
               wall: Figure, cpu: Figure) -> None:
    from opsdesk.poller import ProfileCache, read_all
    from opsdesk.probes.snmp import SnmpClient

    devices = _devices(agents, count)
    async with SnmpClient(concurrency=CONCURRENCY) as client:
        cache = ProfileCache()
        cycle_no = 0

        async def opsdesk_cycle():
            nonlocal cycle_no
            results = await read_all(client, devices, cache, cycle_no)
            cycle_no += 1
            return results

        # The first cycle matches profiles (GETNEXT probes for every profile's objects).
        results, w, c, a = await _timed(opsdesk_cycle, agents)
        per_device = _check(results, devices)
        first = (w, c, a)
        log(f"  first cycle (matching profiles): {w:.2f} s wall, {c:.2f} s CPU, agent {a:.2f} s CPU; "
            f"{per_device} readings per device, profiles {', '.join(results[0].profiles)}")

        # One steady cycle, untimed, recording every PDU OpsDesk sends: the baseline's plan.
        results, plan = await record_plan(client, opsdesk_cycle)
        _check(results, devices, per_device)
        bare = Bare(dict(plan))
        requests = bare.requests()
        kinds = defaultdict(int)
        for pdus in plan.values():
            for kind, _oids, _reps in pdus:
                kinds[kind] += 1
        log(f"  steady cycle: {requests} requests ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
            f"{requests / count:g} per device")
        try:
            await bare.cycle(devices, warm_up=True)  # configures the engine for every community, untimed
            varbinds = None
            agent_share = []
            started = time.perf_counter()
            for n in range(repeat):
                got, bw, bc, ba = await _timed(lambda: bare.cycle(devices), agents)
                if varbinds is not None and got != varbinds:
                    raise RuntimeError(f"baseline received {got} var-binds, {varbinds} before")
                varbinds = got
                results, ow, oc, oa = await _timed(opsdesk_cycle, agents)
                _check(results, devices, per_device)
                wall.baseline.append(bw)
                wall.opsdesk.append(ow)
                cpu.baseline.append(bc)
                cpu.opsdesk.append(oc)
                agent_share += [ba / bw, oa / ow]
                log(f"  poll run {n + 1}/{repeat}: OpsDesk {ow:.2f} s wall / {oc:.2f} s CPU (agent {oa:.2f} s), "
                    f"bare pysnmp {bw:.2f} s / {bc:.2f} s (agent {ba:.2f} s)")
                elapsed = time.perf_counter() - started
                if MIN_RUNS <= n + 1 < repeat and elapsed * (n + 2) / (n + 1) > budget:
                    wall.notes.append(f"poll: stopped after {n + 1} of {repeat} runs to stay within its "
                                      f"{budget:.0f} s budget (--budget raises it)")
                    break
            if profile is not None:
                wall.notes.extend(await _profile(opsdesk_cycle, devices, per_device, profile))
        finally:
            bare.close()

    ow, oc = statistics.median(wall.opsdesk), statistics.median(cpu.opsdesk)
    varbinds = varbinds or 0
    reps_seen = sorted({reps for pdus in plan.values() for kind, _oids, reps in pdus if kind == "bulk"})
    bw, bc = statistics.median(wall.baseline), statistics.median(cpu.baseline)
    wall.notes.append(
        f"poll: {count} devices × {requests / count:g} requests, {per_device} readings each. Per request, this "
        f"process's CPU: OpsDesk {oc / requests * 1000:.1f} ms, bare pysnmp {bc / requests * 1000:.1f} ms "
        f"(OpsDesk's extra {max(oc - bc, 0) / count * 1000:.1f} ms per device: converting values, evaluating profiles)")
    wall.notes.append(
        f"poll: the agent returns {varbinds:,} var-binds per steady cycle for the {per_device * count:,} readings "
        f"({varbinds / (per_device * count):.1f} per reading): its GETBULKs ask for "
        f"{'/'.join(str(r) for r in reps_seen)} rows per column of tables that here have a single row, "
        "and decoding the responses is most of both sides' CPU")
    wall.notes.append(
        f"poll: first cycle, matching profiles: {first[0]:.2f} s wall, {first[1]:.2f} s CPU — "
        f"{first[0] / ow:.1f}× a steady cycle")
    agent_busy = statistics.median(agent_share)  # of one core, all responders together
    own_busy = statistics.median([c / w for c, w in zip(cpu.opsdesk + cpu.baseline, wall.opsdesk + wall.baseline,
                                                         strict=True)])
    cores = os.cpu_count() or 1
    if own_busy + agent_busy > 0.85 * min(cores, 1 + agents.processes):
        verdict = (f"together they kept {min(cores, 1 + agents.processes)} cores busy"
                   f"{', all the machine has' if cores <= 1 + agents.processes else ''}, so the wall time is bounded "
                   "by CPU for both sides alike and the agent's share dilutes the wall ratio: the CPU row is the "
                   "fairer one")
    elif agent_busy / agents.processes > 0.85:
        verdict = ("the agent was busy nearly all the time and bounds both sides alike (--poll-agents spreads it over "
                   "processes): the CPU row is the fairer one")
    elif own_busy > 0.85:
        verdict = "this process was the bottleneck, not the agent"
    else:
        verdict = ("neither was saturated: other work on the machine took the cores, or the two took turns on one "
                   "core — the CPU row is the steadier one")
    wall.notes.append(
        f"poll: during the timed cycles (medians) this process used {own_busy:.0%} of a core and snmpsim "
        f"({agents.processes} single-threaded process(es)) {agent_busy:.0%}: {verdict}. A steady OpsDesk cycle at "
        f"this rate takes {ow / count * 500:.0f} s for 500 devices")


async def _profile(opsdesk_cycle, devices, per_device: int, out: Path, top: int = 25) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    results = await opsdesk_cycle()
    profiler.disable()
    _check(results, devices, per_device)
    profiler.dump_stats(out)
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(r"opsdesk/", top)
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    log("\n== cProfile of one steady OpsDesk poll cycle: OpsDesk functions by cumulative time, "
        "then everything by own time ==")
    log(buf.getvalue())
    return [f"poll: profile saved to {out} (python -m pstats {out})"]
