"""Figure ``save_during_poll``: how long a console's save takes from the click to its commit
while the poller writes its cycles, against the same save on an idle store, in the same run;
and the poller's longest hold of the write lock.

Set-up (untimed): the demo database; the demo site's agents (snmpsim, as ``opsdesk demo
agents``) read twice through the poller's own ``read_all`` (the first read matches profiles),
then stopped: their readings are the cycles written here, so nothing else runs beside the two
sides. Two sites: the demo (its polled devices) and a 10× site (ten times as many units on
the demo's lines, each given a demo device's readings). On each, one untimed first cycle makes
the metric series.

Timed: the console is another process (as it is beside ``opsdesk poller``): an offscreen Qt
window whose save button is clicked again and again, a random 20–150 ms after the last save
came back; each click saves a setting through the console's operation runner (``Write``:
``settings_ops.set_setting`` off the GUI thread — BEGIN IMMEDIATE, the audit entry, COMMIT —
then the success callback on the GUI thread), and each save's click and its return to the GUI
thread are recorded. First on the idle store (the baseline), then while this
process writes ``CYCLES`` cycles back to back with the poller's ``write_cycle`` (its lock
held, as the poller holds it). A save counts as during the cycles when its click falls
between the first cycle's start and the last's end. The poller's write transactions are
timed from BEGIN IMMEDIATE returning (the lock is held) to COMMIT returning.

Aim: every save during the cycles committed within 200 ms of its click (the issue's promise).
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import random
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import Figure, fmt_ratio, fmt_seconds, log
from bench.demo_db import demo_store, opsdesk_home

CYCLES = 3
SCALES = (1, 10)
IDLE_SAVES = 30
LIMIT_S = 0.200
THINK_S = (0.020, 0.150)  # the console's pause between two saves: random, so clicks fall anywhere
PORT_ENV = "OPSDESK_DEMO_AGENT_PORT"


def _console(db: str, home: dict, stop, go, results) -> None:
    """The console process: a real (offscreen) Qt window whose save button is clicked until
    ``stop``; each click runs the save through the console's operation runner (``Write``: off the
    GUI thread, the button busy meanwhile) and ``(click, saved)`` monotonic pairs go to
    ``results`` — saved is when the runner's success callback runs on the GUI thread, the moment
    the duty engineer sees the save done."""
    os.environ.update(home)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPushButton
    from sqlalchemy import select

    from opsdesk.models.users import User
    from opsdesk.ops.settings_ops import set_setting
    from opsdesk.store import Store
    from opsdesk.ui.operations import Write

    store = Store(db, migrate=False)
    with store.read() as s:
        admin = s.scalars(select(User).where(User.username == "admin")).one().as_actor()
    rng = random.Random(15)
    app = QApplication.instance() or QApplication([])
    button = QPushButton("保存")
    button.show()
    state = {"value": 2.0, "click": 0.0}

    def next_click() -> None:
        if stop.is_set():
            app.quit()
            return
        think_ms = int(rng.uniform(*THINK_S) * 1000)  # between two clicks, not a measurement
        QTimer.singleShot(think_ms, lambda: QTest.mouseClick(button, Qt.MouseButton.LeftButton))

    def saved(_result: object) -> None:
        results.put((state["click"], time.monotonic(), ""))
        next_click()

    def refused(exc: BaseException) -> None:  # a save refused (locked past the busy timeout) is a figure too
        results.put((state["click"], time.monotonic(), f"{type(exc).__name__}: {str(exc)[:120]}"))
        next_click()

    def save() -> None:
        value = state["value"] = 3.0 if state["value"] == 2.0 else 2.0
        state["click"] = time.monotonic()
        Write(button, store, lambda s: set_setting(s, admin, "poller.timeout_seconds", value),
              button=button).success(saved).failure(refused).run()

    button.clicked.connect(save)
    go.set()
    next_click()
    app.exec()
    store.close()
    results.put(None)


class LockWatch:
    """The poller's write transactions: from BEGIN IMMEDIATE returning to COMMIT returning."""

    def __init__(self, store) -> None:
        from sqlalchemy import event

        self.holds: list[float] = []
        self._began: float | None = None
        self._store = store
        self._write = store.write

        def on_begin(conn) -> None:  # runs after the store's own listener has sent BEGIN IMMEDIATE
            if conn.get_execution_options().get("sqlite_immediate"):
                self._began = time.monotonic()

        event.listen(store.engine, "begin", on_begin)

        @contextmanager
        def write():
            self._began = None
            with self._write() as session:
                yield session
            if self._began is not None:
                self.holds.append(time.monotonic() - self._began)

        store.write = write


def _read_demo(store) -> tuple[list, list]:
    """The demo's polled devices and one cycle of what they say, read from its agents."""
    from opsdesk import poller
    from opsdesk.demo import agents as demoagents
    from opsdesk.probes.snmp import SnmpClient

    agents = demoagents.start_agents(store)
    try:
        vault = poller.check_key(store)
        devices = poller.load_devices(store, vault)

        async def read() -> list:
            async with SnmpClient() as client:
                return await poller.read_all(client, devices)

        asyncio.run(read())  # the first read matches profiles
        results = asyncio.run(read())
    finally:
        agents.stop()
    return devices, results


def _site(tmp: Path, scale: int, demo_devices, demo_results):
    """A store with ``scale`` × the demo's polled devices, and their cycle's readings."""
    from sqlalchemy import select

    from opsdesk.models.equipment import Unit
    from opsdesk.poller import Device

    n = len(demo_devices) * scale
    store, _admin, ids = demo_store(tmp / f"site{scale}.sqlite3", 0)
    if scale == 1:
        return store, [Device(d.unit_id, d.label, None, 0) for d in demo_devices], list(demo_results)
    store.close()
    store, _admin, ids = demo_store(tmp / f"site{scale}.sqlite3", n + 200)
    with store.read() as s:
        tags = dict(s.execute(select(Unit.id, Unit.asset_tag)).all())
    demo_ids = {d.unit_id for d in demo_devices}
    others = [i for i in ids if i not in demo_ids]
    units = [d.unit_id for d in demo_devices] + others[:n - len(demo_devices)]
    devices = [Device(u, f"{tags[u]} 设备", None, 0) for u in units]
    return store, devices, [demo_results[i % len(demo_results)] for i in range(n)]


def _during(saves: list[tuple], windows: list[tuple[float, float]]) -> list[tuple]:
    start, end = windows[0][0], windows[-1][1]
    return [save for save in saves if start <= save[0] <= end]


def measure(cycles: int = CYCLES, scales: tuple[int, ...] = SCALES) -> list[Figure]:
    figures = [Figure(f"save_during_poll ×{scale}" if scale > 1 else "save_during_poll", aim=1.0, limit=LIMIT_S,
                      what="click → saved of a console save (a button clicked in another process's Qt window; "
                           "set_setting through the operation runner) during "
                           f"{cycles} back-to-back poller cycles of {'the demo' if scale == 1 else f'a {scale}× site'}"
                           f", against the same save on the idle store")
               for scale in scales]
    try:
        with tempfile.TemporaryDirectory(prefix="opsdesk-bench-save-") as tmp, opsdesk_home(Path(tmp)):
            os.environ[PORT_ENV] = str(20000 + os.getpid() % 20000)
            try:
                _measure(Path(tmp), figures, cycles, scales)
            finally:
                os.environ.pop(PORT_ENV, None)
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why and the run goes on
        for fig in figures:
            fig.notes.append(f"{fig.name}: not measured — {type(exc).__name__}: {exc}")
            fig.opsdesk.clear()
    return figures


def _measure(tmp: Path, figures: list[Figure], cycles: int, scales: tuple[int, ...]) -> None:
    from opsdesk.clock import now
    from opsdesk.demo.seed import load_demo
    from opsdesk.monitor import lock
    from opsdesk.poller import write_cycle
    from opsdesk.store import Store

    reader = Store(str(tmp / "read.sqlite3"))
    load_demo(reader)
    t0 = time.perf_counter()
    demo_devices, demo_results = _read_demo(reader)
    reader.close()
    log(f"  read the demo's {len(demo_devices)} devices from its agents ({time.perf_counter() - t0:.0f} s, untimed): "
        f"{sum(len(r.readings) for r in demo_results):,} readings a cycle")
    home = {k: os.environ[k] for k in ("OPSDESK_HOME", "OPSDESK_KEY_FILE")}
    ctx = mp.get_context("spawn")
    for fig, scale in zip(figures, scales, strict=True):
        store, devices, results = _site(tmp, scale, demo_devices, demo_results)
        holder = lock.holder_id()
        with store.write() as s:
            lock.acquire(s, holder, now(), lock.stale_after(s))
        t0 = time.perf_counter()
        write_cycle(store, devices, results, holder, time.monotonic())  # makes the series: untimed
        first = time.perf_counter() - t0
        watch = LockWatch(store)
        stop, go, out = ctx.Event(), ctx.Event(), ctx.Queue()
        console = ctx.Process(target=_console, args=(str(store.path), home, stop, go, out), daemon=True)
        console.start()
        saves: list[tuple[float, float, str]] = []  # (click, commit or refusal, why refused)
        try:
            if not go.wait(120):
                raise RuntimeError("the console process did not start")
            while len(saves) < IDLE_SAVES:  # the baseline: the same saves, the store idle
                item = out.get(timeout=60)
                saves.append(item)
            idle = [commit - click for click, commit, _error in saves]
            windows = []
            for _ in range(cycles):
                start = time.monotonic()
                stats = write_cycle(store, devices, results, holder, time.monotonic())
                windows.append((start, time.monotonic()))
                if stats is None:
                    raise RuntimeError("the poller lost its lock")
        finally:
            stop.set()
            while (item := out.get(timeout=60)) is not None:
                saves.append(item)
            console.join(30)
        in_cycles = _during(saves[IDLE_SAVES:], windows)
        if not in_cycles:
            raise RuntimeError("no save fell within the cycles")
        during = [commit - click for click, commit, _error in in_cycles]  # a refused save: how long it waited
        failed = [error for _c, _t, error in in_cycles if error]
        fig.opsdesk, fig.baseline = during, idle
        med, worst, base = statistics.median(during), max(during), statistics.median(idle)
        fig.cells = [f"{fmt_seconds(med)} (worst {fmt_seconds(worst)})",
                     f"{fmt_seconds(base)} (worst {fmt_seconds(max(idle))})",
                     f"{fmt_ratio(med / base)} (worst {fmt_ratio(worst / base)})"]
        cycle_s = [end - start for start, end in windows]
        fig.notes.append(
            f"{fig.name}: {len(devices)} devices, {stats.readings:,} readings a cycle; the poller's longest write-lock "
            f"hold {max(watch.holds) * 1000:.0f} ms (median {statistics.median(watch.holds) * 1000:.1f} ms, "
            f"{len(watch.holds)} write transactions in {cycles} cycles); a cycle written in "
            f"{statistics.median(cycle_s):.2f} s (median); {len(during)} saves during the cycles: median "
            f"{med * 1000:.0f} ms, worst {worst * 1000:.0f} ms; idle: median {base * 1000:.1f} ms "
            f"(first cycle, making the series, {first:.1f} s)"
            + (f"; {len(failed)} save(s) REFUSED after waiting: {failed[0]}" if failed else ""))
        log(f"  {fig.notes[-1]}")
        store.close()
