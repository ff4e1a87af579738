"""Figure ``poll_mix``: 500 devices of mixed families, first cycle (profile matching) and
steady cycle, against bare pysnmp sending exactly the requests for the objects the
matched profiles finally read.

Devices answer as the real recordings of ``shared/snmp-corpus`` and ``wide/`` in turn
(UPSs, air-conditioners, environment monitors, PDUs, BMCs, switches, firewalls, storage):
device ``n`` is recording ``n % 27``. OpsDesk's side is the poller's read path,
``opsdesk.poller.read_all`` with one ``SnmpClient`` (50 requests in flight):

- first cycle: a fresh ``ProfileCache``, so every device is matched (the system GET, the
  GETNEXT probes of every candidate profile's objects, then the reads);
- steady cycle: the cache holds each device's applied profiles.

The baseline is bare pysnmp (``bench.poll.Bare``: one engine, a semaphore of 50,
``lookupMib=False``, converting nothing) replaying the PDUs OpsDesk sent in a steady cycle
— exactly the requests for the objects the matched profiles read. The same baseline is the
reference for both ratios, so the first-cycle ratio includes every matching probe.

Both are timed by this process's CPU (``time.process_time``; the agent runs in its own
processes) and wall clock, alternating so both see the same noise. Aims: first cycle at
most 1.5× the baseline's CPU, steady cycle at most 1.1×. Also printed: devices per core per
minute for the mix (500 / steady CPU seconds × 60).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.agent import Agents
from bench.common import Figure, log
from bench.poll import CONCURRENCY, Bare, record_plan
from bench.poll import _devices as poll_devices

DEVICES = 500
MIN_RUNS = 3


def corpus() -> list[Path]:
    here = Path(__file__).resolve().parents[1].parent / "shared" / "snmp-corpus"
    root = here if here.is_dir() else Path("/work/shared/snmp-corpus")
    return sorted(root.glob("*.snmprec")) + sorted((root / "wide").glob("*.snmprec"))


def _devices(agents: Agents, count: int):
    return poll_devices(agents, count, label="device")


def _check(results, devices) -> int:
    bad = [(d.label, r.status, r.error_message) for d, r in zip(devices, results, strict=True) if r.status != "ok"]
    if bad:
        raise RuntimeError(f"{len(bad)} of {len(devices)} devices did not answer, e.g. {bad[:3]}")
    return sum(len(r.readings) for r in results)


async def _timed(coro_fn, agents: Agents):
    a0, c0, w0 = agents.cpu(), time.process_time(), time.perf_counter()
    result = await coro_fn()
    return result, time.perf_counter() - w0, time.process_time() - c0, agents.cpu() - a0


def measure(repeat: int, devices: int = DEVICES, processes: int = 2, budget: float = 240.0) -> list[Figure]:
    first = Figure("poll mix first", aim=1.5,
                   what=f"first cycle of {devices} mixed devices (profile matching included), CPU of this process, "
                        "against bare pysnmp sending the steady cycle's requests")
    steady = Figure("poll mix steady", aim=1.1,
                    what=f"steady cycle of {devices} mixed devices, CPU of this process, against bare pysnmp "
                         "sending the same requests")
    mix = corpus()
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-mix-") as tmp, \
            Agents(Path(tmp), devices, processes, mix) as agents:
        log(f"poll_mix: {devices} devices answering as {len(mix)} real recordings in turn, "
            f"{processes} snmpsim process(es)")
        asyncio.run(_run(agents, devices, repeat, budget, first, steady))
    return [first, steady]


async def _run(agents: Agents, count: int, repeat: int, budget: float, first: Figure, steady: Figure) -> None:
    from opsdesk.poller import ProfileCache, read_all
    from opsdesk.probes.snmp import SnmpClient

    devices = _devices(agents, count)
    async with SnmpClient(concurrency=CONCURRENCY) as client:
        state = {"cache": ProfileCache(), "cycle": 0}

        async def opsdesk_cycle(fresh: bool = False):
            if fresh:
                state["cache"], state["cycle"] = ProfileCache(), 0
            results = await read_all(client, devices, state["cache"], state["cycle"])
            state["cycle"] += 1
            return results

        results, w, c, a = await _timed(lambda: opsdesk_cycle(fresh=True), agents)  # warm-up, untimed for the figure
        readings = _check(results, devices)
        profiles = defaultdict(int)
        for r in results:
            for p in r.profiles:
                profiles[p] += 1
        log(f"  warm-up first cycle: {w:.2f} s wall, {c:.2f} s CPU; {readings} readings; "
            f"{len(profiles)} profiles applied")

        results, plan = await record_plan(client, opsdesk_cycle)
        _check(results, devices)
        bare = Bare(dict(plan))
        log(f"  steady cycle: {bare.requests()} requests, {bare.requests() / count:.1f} per device")
        try:
            await bare.cycle(devices, warm_up=True)
            started = time.perf_counter()
            for n in range(repeat):
                _got, bw, bc, _ba = await _timed(lambda: bare.cycle(devices), agents)
                results, fw, fc, _fa = await _timed(lambda: opsdesk_cycle(fresh=True), agents)
                _check(results, devices)
                results, sw, sc, _sa = await _timed(opsdesk_cycle, agents)
                _check(results, devices)
                for fig, value in ((first, fc), (steady, sc)):
                    fig.baseline.append(bc)
                    fig.opsdesk.append(value)
                log(f"  run {n + 1}/{repeat}: first {fw:.2f} s wall / {fc:.2f} s CPU, steady {sw:.2f} s / {sc:.2f} s, "
                    f"bare pysnmp {bw:.2f} s / {bc:.2f} s")
                elapsed = time.perf_counter() - started
                if MIN_RUNS <= n + 1 < repeat and elapsed * (n + 2) / (n + 1) > budget:
                    steady.notes.append(f"poll_mix: stopped after {n + 1} of {repeat} runs (budget {budget:.0f} s)")
                    break
        finally:
            bare.close()
    sc = statistics.median(steady.opsdesk)
    steady.notes.append(f"poll_mix: {count / sc * 60:,.0f} devices per core per minute for this mix "
                        f"({sc / count * 1000:.1f} ms of CPU per device per steady cycle)")
