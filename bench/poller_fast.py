"""Figures ``poll silent`` and ``breach banner``: what a silent device costs the poller, and
how soon a breach reaches the console's alarm banner (issue 13, R-ENV-4).

``python -m bench.poller_fast [--repeat N] [--only silent|breach]``; nothing fails on a slow
figure, it prints.

``poll silent`` — one tick of the poller's read path (``opsdesk.poller.read_all`` with
``silent_after``, one ``SnmpClient``) over 50 answering UPS cards (bench/agent.py) plus 100
devices judged unreachable, on a loopback port where a socket takes every request and
answers none; the baseline is the same tick with the 50 answering devices alone, measured in
the same run, alternating. Timed by this process's CPU and wall clock. Each silent device
must cost exactly one GET (counted at the silent socket); the aim is at most 1.3× the
baseline's CPU. The wall clock of the silent tick is the short GET's timeout
(``poller.timeout_seconds``, no retries), since every silent device waits it out at once.

``breach banner`` — the demo duty room at its own size (``load_demo``: every unit of its
two sites answering through ``opsdesk.demo.agents``), polled by ``opsdesk poller`` as its
own process with the default schedule (UPSs, precision AC, environment sensors every 10 s,
the rest every 60 s). The demo agents run on a private port with a clock offset chosen so
that a UPS goes on battery (upsOutputSource battery(5), a critical state) at a known moment
a little after they start (a seeded random part of that lead puts the trip anywhere in the
poller's tick); the real ``AlarmBanner`` (offscreen, this process, its own 5 s
refresh) is watched every 50 ms. The figure is the time from the agent's change to the
banner counting one more critical alarm; aim at most 15 s. The baseline is the time until
a bare SNMP GET of the same object, sent every 100 ms, sees the change (the agent's own
lag). Each sample restarts the agents with a new offset and trips another UPS. Beside it:
the poller process's CPU (process time over wall time) while it polls the demo.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.agent import Agents, cpu_seconds
from bench.common import Figure, fmt_seconds, log, summary

ANSWERING = 50
SILENT = 100
BREACH_LIMIT_S = 15.0
UPS_OUTPUT_SOURCE = "1.3.6.1.2.1.33.1.4.1.0"
FIRST_LEAD_S = 60.0  # the poller starts and reads every device once before the first trip
LEAD_S = 25.0  # later samples: the agents restart, the poller reads them again
KVM_SILENT = (1800.0, 600.0, 1200.0)  # demoagents.SILENT_OUTAGE: kept away from the samples


# ------------------------------------------------------------------ poll silent

class SilentPort:
    """A loopback UDP port that takes every request and answers none; counts them."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def drain(self) -> int:
        n = 0
        while True:
            try:
                self.sock.recv(65535)
            except BlockingIOError:
                return n
            n += 1

    def close(self) -> None:
        self.sock.close()


def measure_silent(repeat: int) -> Figure:
    from bench.poll import _devices as poll_devices

    fig = Figure("poll silent", aim=1.3,
                 what=f"one tick of {ANSWERING} answering UPS cards plus {SILENT} unreachable devices "
                      f"(one short GET each), CPU of this process, against the same tick without them")
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-silent-") as tmp, Agents(Path(tmp), ANSWERING) as agents:
        silent = SilentPort()
        try:
            answering = poll_devices(agents, ANSWERING)
            asyncio.run(_silent_runs(fig, answering, silent, repeat))
        finally:
            silent.close()
    return fig


async def _silent_runs(fig: Figure, answering, silent: SilentPort, repeat: int) -> None:
    from opsdesk.models.settings import SPECS
    from opsdesk.poller import Device, ProfileCache, read_all
    from opsdesk.probes.snmp import SnmpClient, SnmpTarget

    timeout = float(SPECS["poller.timeout_seconds"].default)
    retries = int(SPECS["poller.retries"].default)
    unreachable_after = int(SPECS["monitor.unreachable_after"].default)
    quiet = [Device(10_000 + n, f"silent {n}",
                    SnmpTarget("127.0.0.1", silent.port, community=f"silent{n:03d}", timeout=timeout, retries=retries),
                    failures=unreachable_after + 5)
             for n in range(SILENT)]
    cache = ProfileCache()
    async with SnmpClient() as client:
        tick = 0

        async def one(devices):
            nonlocal tick
            c0, w0 = time.process_time(), time.perf_counter()
            results = await read_all(client, devices, cache, tick, silent_after=unreachable_after)
            tick += 1
            return results, time.process_time() - c0, time.perf_counter() - w0

        await one(answering + quiet)  # warm-up: profiles matched, communities configured
        silent.drain()
        walls = []
        for n in range(repeat):
            _, bc, bw = await one(answering)
            results, oc, ow = await one(answering + quiet)
            asked = silent.drain()
            bad = [r for r in results[:ANSWERING] if r.status != "ok"]
            if bad or any(r.status == "ok" for r in results[ANSWERING:]):
                raise RuntimeError("an answering device failed or a silent one answered")
            fig.baseline.append(bc)
            fig.opsdesk.append(oc)
            walls.append((bw, ow))
            log(f"  run {n + 1}/{repeat}: without {bc * 1000:.0f} ms CPU / {bw:.2f} s wall, "
                f"with {SILENT} silent {oc * 1000:.0f} ms CPU / {ow:.2f} s wall; "
                f"requests to the silent port: {asked} ({asked / SILENT:.2f} per silent device)")
    bw, ow = statistics.median(w for w, _ in walls), statistics.median(w for _, w in walls)
    fig.notes.append(f"poll silent: wall {ow:.2f} s with the silent devices against {bw:.2f} s without "
                     f"(the short GET's {timeout:g} s timeout, no retries); "
                     f"{(statistics.median(fig.opsdesk) - statistics.median(fig.baseline)) / SILENT * 1000:.2f} ms "
                     f"of CPU per silent device per tick")


# ------------------------------------------------------------------ breach banner

def _ups_devices(store):
    from opsdesk.demo import agents as demoagents

    return [d for d in demoagents.demo_devices(store) if d.kind == "ups-santak"]


def _kvm_quiet(t: float, span: float) -> bool:
    """Whether the demo KVM answers all through [t, t + span] (agent time)."""
    period, window, offset = KVM_SILENT
    return all((x - offset) % period >= window for x in (t, t + span / 2, t + span))


def _plan(device, lead: float) -> tuple[float, float]:
    """(clock offset, real time of the trip): the UPS's next trip to battery that happens
    while the demo KVM answers, shifted to ``lead`` seconds from now."""
    from opsdesk.demo import agents as demoagents

    module = demoagents.dutyroom()
    args = module.parse(device.variables["ups"])
    start = time.time()
    for a, _end in module.battery_windows(args, start, start + 4 * 3600):
        if a > start and _kvm_quiet(a - lead - 10, lead + 40):
            break
    real = time.time() + lead
    return a - real, real


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_breach(repeat: int) -> tuple[Figure, list[str]]:
    from bench.demo_db import opsdesk_home

    fig = Figure("breach banner", aim=1.0, limit=BREACH_LIMIT_S,
                 what="a demo UPS goes on battery → the console's AlarmBanner counts it (demo size, default schedule), "
                      "against a bare GET every 100 ms seeing the change")
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="opsdesk-bench-breach-") as tmp, opsdesk_home(Path(tmp)):
        _breach(Path(tmp), fig, notes, repeat)
    fig.notes.extend(notes)
    return fig, notes


def _breach(workdir: Path, fig: Figure, notes: list[str], repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import update

    from opsdesk.demo import agents as demoagents
    from opsdesk.demo.seed import load_demo
    from opsdesk.models.equipment import Unit
    from opsdesk.monitor import lock
    from opsdesk.poller import load_devices
    from opsdesk.store import Store
    from opsdesk.ui.alarms.banner import AlarmBanner
    from opsdesk.ui.app import setup_app

    db = workdir / "demo.sqlite3"
    store = Store(str(db))
    load_demo(store)
    port = _free_port()
    with store.write() as session:  # a private port: a demo already running elsewhere is left alone
        session.execute(update(Unit).where(Unit.snmp_version != "", Unit.mgmt_ip == "127.0.0.1").values(snmp_port=port))
    polled = load_devices(store)
    fast = sum(d.fast for d in polled)
    log(f"breach banner: demo site, {len(polled)} devices polled ({fast} every {min(d.interval for d in polled):g} s, "
        f"{len(polled) - fast} every {max(d.interval for d in polled):g} s)")
    upss = _ups_devices(store)
    samples = min(repeat, len(upss))
    app = QApplication.instance() or QApplication([])
    setup_app(app)
    banner = AlarmBanner(store)
    agents = poller = None
    cpu_from = None
    ticks: dict = {}
    jitter = random.Random(13)
    try:
        for k in range(samples):
            ups = upss[k]
            # A random part of the lead (seeded): the trip falls anywhere in the poller's tick
            # and the banner's refresh, not in step with the previous sample.
            offset, trip = _plan(ups, (FIRST_LEAD_S if k == 0 else LEAD_S) + jitter.uniform(0, 10))
            if agents is not None:
                agents.stop()
            agents = demoagents.start_agents(store, port, clock_offset=offset)
            if poller is None:
                env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
                with open(workdir / "poller.log", "wb") as poller_log:  # the child keeps its own copy
                    poller = subprocess.Popen([sys.executable, "-m", "opsdesk", "poller", "--db", str(db)], env=env,
                                              stdout=subprocess.DEVNULL, stderr=poller_log)
            if k == 0:  # CPU from the end of the first tick (profile matching) on
                while True:
                    QTest.qWait(200)
                    if poller.poll() is not None:
                        raise RuntimeError(f"the poller exited with {poller.returncode}")
                    with store.read() as session:
                        current = lock.current(session)
                    if current is not None and current.last_cycle_at is not None:
                        cpu_from = (cpu_seconds(poller.pid), time.perf_counter())
                        break
            while time.time() < trip - 5.0:
                QTest.qWait(50)
                _watch_ticks(store, ticks)
            # The duty engineer has taken every alarm in hand: the trip is a new one (an alarm
            # that cleared unacknowledged would only count again, not anew).
            _acknowledge_all(store)
            banner.refresh()
            while time.time() < trip - 1.0:
                QTest.qWait(50)
            before = banner.counts.get("critical", 0)
            seen_get = seen_banner = None
            next_get = 0.0
            while time.time() < trip + 40 and seen_banner is None:
                QTest.qWait(50)
                _watch_ticks(store, ticks)
                if seen_banner is None and banner.counts.get("critical", 0) > before:
                    seen_banner = time.time()
                if seen_get is None and time.time() >= next_get:
                    next_get = time.time() + 0.1
                    value = demoagents.snmp_get(port, ups.community, UPS_OUTPUT_SOURCE, timeout=0.5)
                    if value is not None and int(value) == 5:
                        seen_get = time.time()
            if seen_banner is None or seen_get is None:
                log(f"  sample {k + 1}/{samples}: {ups.asset_tag}: not seen within 40 s")
                notes.append(f"breach banner: {ups.asset_tag}: not seen within 40 s "
                             f"(banner {seen_banner}, GET {seen_get})")
                continue
            fig.opsdesk.append(seen_banner - trip)
            fig.baseline.append(max(seen_get - trip, 0.001))
            log(f"  sample {k + 1}/{samples}: {ups.asset_tag} on battery → banner after {seen_banner - trip:.1f} s "
                f"(a bare GET saw it after {seen_get - trip:.2f} s)")
        if cpu_from is not None and poller.poll() is None:
            cpu = (cpu_seconds(poller.pid) - cpu_from[0]) / (time.perf_counter() - cpu_from[1])
            notes.append(f"breach banner: the poller process used {cpu * 100:.1f} % of one core while polling the "
                         f"demo's {len(polled)} devices ({fast} fast) — agent restarts between samples included")
        if ticks:
            took = sorted(ticks.values())
            notes.append(f"breach banner: {len(took)} ticks seen, each reading and writing in "
                         f"{statistics.median(took):.2f} s median, {took[-1]:.2f} s at most")
    finally:
        banner.stop()
        if poller is not None and poller.poll() is None:
            poller.terminate()
            try:
                poller.wait(timeout=15)
            except subprocess.TimeoutExpired:
                poller.kill()
                poller.wait()
        if agents is not None:
            agents.stop()
        store.close()


def _watch_ticks(store, ticks: dict) -> None:
    """How long each of the poller's ticks took, from its lock row."""
    from opsdesk.monitor import lock

    with store.read() as session:
        current = lock.current(session)
        if current is not None and current.last_cycle_at is not None:
            ticks[current.last_cycle_at] = current.cycle_seconds or 0.0


def _acknowledge_all(store) -> None:
    from sqlalchemy import select

    from opsdesk.models.monitoring import Alarm
    from opsdesk.models.users import User
    from opsdesk.ops.alarms import acknowledge_many

    with store.write() as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        ids = list(session.scalars(select(Alarm.id).where(Alarm.acked_at.is_(None))))
        if ids:
            acknowledge_many(session, admin, ids, "基准测试：已知")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.poller_fast", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="runs / samples per figure (default 3)")
    parser.add_argument("--only", choices=("silent", "breach"), action="append")
    args = parser.parse_args(argv)
    figures = []
    if not args.only or "silent" in args.only:
        log(f"poll silent: {ANSWERING} answering UPS cards, {SILENT} unreachable devices on a silent loopback port")
        figures.append(measure_silent(max(args.repeat, 3)))
    if not args.only or "breach" in args.only:
        fig, _ = measure_breach(args.repeat)
        figures.append(fig)
    print()
    print(summary(figures))
    for fig in figures:
        for note in fig.notes:
            print(note)
        if fig.opsdesk:
            print(f"{fig.name}: worst {fmt_seconds(max(fig.opsdesk))}" if fig.limit else "",
                  end="\n" if fig.limit else "")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
