"""Figure ``stall``: the longest the Qt main thread stops answering while devices are
polled and the console shows what they say, against the same event loop idle.

Set-up (untimed): the snmpsim agent of bench/agent.py (every tenth UPS on battery,
every tenth from the fifth on bypass: alarms to show); the demo database with
``devices`` units pointing at it (v2c, communities in the vault) and
``poller.interval_seconds`` at 5; ``opsdesk poller --db …`` as its own process, as
the console starts it. Once the poller has finished its first cycle (which also
matches profiles), this process — offscreen, with the console's style, font and
translations — opens the real ``MainWindow`` for the demo's administrator: the
alarm list (it refreshes itself every 5 s), the alarm banner, the poller status line.

A ``QTimer`` every 10 ms (``PreciseTimer``) records how late each tick comes: the
gap since the previous tick minus 10 ms. With the window shown it runs for
``cycles`` poll cycles (counted by the poller's lock row, read every 250 ms in both
phases); then the window is closed (its timers stop) and the same timer runs in the
otherwise idle event loop for the same time, the poller still polling. Both phases
share the machine with the poller and the agent, so the baseline holds what the
operating system alone costs. Nothing sleeps: every step is a timer on the loop.

The aim is absolute: the longest stall under 50 ms. The table shows the longest
and the 99th percentile of each phase.

To say what a stall was, the window's periodic slots (alarm list, banner, poller
status, clock) and every SQL statement are timed, wall and CPU, and so is each
pass of the event loop (the dispatcher's ``awake`` to ``aboutToBlock``): a late
tick is put down to the busy pass and the slot it ran, or, when the loop was not
busy, to the process waiting for a core. This runs in both phases alike and costs
microseconds.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.agent import Agents, community
from bench.common import Figure, fmt_ratio, fmt_seconds, log, private_translations
from bench.demo_db import demo_store, opsdesk_home

DEVICES = 100
CYCLES = 3
TICK_MS = 10
LOCK_CHECK_MS = 250
INTERVAL_S = 5
LIMIT_S = 0.050
DEADLINE_S = 900  # give up (and say so) if the poller never gets this far


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98] if len(values) > 1 else max(values, default=0.0)


def _configure(store, admin, ids: list[int], agents: Agents) -> None:
    """The ``ids`` units polled over v2c at the agent, no other; the poller every 5 s."""
    from sqlalchemy import select

    from opsdesk.models.equipment import Unit
    from opsdesk.ops.settings_ops import set_setting
    from opsdesk.vault import Vault

    vault = Vault()
    with store.write() as session:
        units = {u.id: u for u in session.scalars(select(Unit))}
        for unit in units.values():  # the demo's own agents' units: not polled here
            unit.mgmt_ip, unit.snmp_version, unit.snmp_community_enc = "", "", None
        for n, unit_id in enumerate(ids):
            unit = units[unit_id]
            unit.mgmt_ip, unit.snmp_port, unit.snmp_version = "127.0.0.1", agents.port_of(n), "2c"
            unit.snmp_community_enc = vault.encrypt(community(n))
        set_setting(session, admin, "poller.interval_seconds", INTERVAL_S)


class Probe:
    """The measuring timer and the phases, driven by the event loop alone."""

    def __init__(self, app, db: Path, poller: subprocess.Popen, make_window, cycles: int, profile: bool = False,
                 slots: SlotTimes | None = None, loop: LoopWatch | None = None) -> None:
        from PySide6.QtCore import QObject, Qt, QTimer

        self.app = app
        self.poller = poller
        self.make_window = make_window
        self.cycles = cycles
        self.lock_db = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.owner = QObject()
        self.tick = QTimer(self.owner)
        self.tick.setTimerType(Qt.TimerType.PreciseTimer)
        self.tick.setInterval(TICK_MS)
        self.tick.timeout.connect(self._on_tick)
        self.check = QTimer(self.owner)
        self.check.setInterval(LOCK_CHECK_MS)
        self.check.timeout.connect(self._on_check)
        self.phase = "first"  # first → ui → idle → (profile →) done
        self.profiler = cProfile.Profile() if profile else None
        self.last_tick = 0.0
        self.samples: list[float] = []  # lateness of every tick of the current slice
        self.ui_slices: list[list[float]] = []  # one per poll cycle with the window shown
        self.idle_slices: list[list[float]] = []
        self.last_cycle = None
        self.cycle_info: list[tuple[float, int, int]] = []  # (cycle seconds, answering, silent)
        self.phase_started = 0.0
        self.ui_duration = 0.0
        self.window = None
        self.window_open_s = 0.0
        self.error: str | None = None
        self.started = time.perf_counter()
        self.late_ticks: list[tuple[str, float, float]] = []  # (phase, when, how late) of ticks ≥ 25 ms late
        self.slots = slots
        self.loop = loop

    def start(self) -> None:
        self.check.start()

    def _lock(self):
        try:
            return self.lock_db.execute(
                "SELECT last_cycle_at, cycle_seconds, answering, silent FROM poller_lock").fetchone()
        except sqlite3.Error:
            return None

    def _on_tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, now - self.last_tick - TICK_MS / 1000)
        self.samples.append(late)
        if late >= LIMIT_S / 2:
            self.late_ticks.append((self.phase, now, late))
        self.last_tick = now

    def _start_ticks(self) -> None:
        self.samples = []
        self.last_tick = time.perf_counter()
        if self.loop is not None:
            self.loop.phase = self.phase
        self.tick.start()

    def _fail(self, message: str) -> None:
        self.error = message
        self._finish()

    def _open_window(self) -> None:
        t0 = time.perf_counter()
        self.window = self.make_window()
        self.window.show()
        self.app.processEvents()
        self.window_open_s = time.perf_counter() - t0

    def _finish(self) -> None:
        if self.loop is not None:
            self.loop.phase = ""
        if self.profiler is not None:
            self.profiler.disable()
        self.tick.stop()
        self.check.stop()
        if self.window is not None:
            self.window.close()
        self.phase = "done"
        self.app.quit()

    def _on_check(self) -> None:
        if self.poller.poll() is not None:
            return self._fail(f"the poller exited with {self.poller.returncode}")
        if time.perf_counter() - self.started > DEADLINE_S:
            return self._fail(f"not done after {DEADLINE_S} s (phase {self.phase})")
        row = self._lock()
        cycle = row[0] if row else None
        new_cycle = cycle is not None and cycle != self.last_cycle
        if new_cycle:
            self.last_cycle = cycle
            self.cycle_info.append((row[1] or 0.0, row[2] or 0, row[3] or 0))
        if self.phase == "first":
            if new_cycle:  # profiles matched, alarms raised: open the console
                self._open_window()
                if self.slots is not None:
                    self.slots.recording = True
                self.phase = "ui"
                self.phase_started = time.perf_counter()
                self._start_ticks()
        elif self.phase == "ui":
            if new_cycle:
                self.ui_slices.append(self.samples)
                self.samples = []
                if len(self.ui_slices) >= self.cycles:
                    self.ui_duration = time.perf_counter() - self.phase_started
                    self.tick.stop()
                    if self.slots is not None:
                        self.slots.recording = False
                    self.window.close()  # closeEvent and hideEvent stop the window's timers
                    self.window.deleteLater()
                    self.window = None
                    self.app.processEvents()
                    self.phase = "idle"
                    self.phase_started = time.perf_counter()
                    self._start_ticks()
        elif self.phase == "idle":
            elapsed = time.perf_counter() - self.phase_started
            # The same duration, cut into as many slices as there were cycles.
            if elapsed >= self.ui_duration * (len(self.idle_slices) + 1) / self.cycles:
                self.idle_slices.append(self.samples)
                self.samples = []
                if len(self.idle_slices) >= self.cycles:
                    if self.profiler is None:
                        return self._finish()
                    # One more cycle with the window shown, under cProfile (not in the figure).
                    self.tick.stop()
                    self.phase = "profile"
                    if self.loop is not None:
                        self.loop.phase = ""
                    self._open_window()
                    self.phase_started = time.perf_counter()
                    self.profiler.enable()
        elif self.phase == "profile":
            if time.perf_counter() - self.phase_started >= self.ui_duration / self.cycles:
                self._finish()
        return None


# The console's periodic work on the main thread: (module, class, method). Each call is
# timed (wall and this thread's CPU) while the window is shown, to say which one stalls.
SLOTS = (
    ("opsdesk.ui.alarms.panel", "AlarmsPanel", "reload"),
    ("opsdesk.ui.alarms.banner", "AlarmBanner", "refresh"),
    ("opsdesk.ui.poller_status", "PollerStatusLabel", "refresh"),
    ("opsdesk.ui.main_window", "MainWindow", "_on_clock_ticked"),
)


class SlotTimes:
    """Wraps the SLOTS on their classes (before the window is made) and records each call."""

    def __init__(self) -> None:
        self.calls: dict[str, list[tuple[float, float, float]]] = {}  # (start, wall, CPU) per call
        self._saved: list[tuple[type, str, object]] = []
        self.recording = False

    def install(self) -> None:
        import functools
        import importlib

        for module, cls_name, name in SLOTS:
            try:
                cls = getattr(importlib.import_module(module), cls_name)
                original = getattr(cls, name)
            except (ImportError, AttributeError):
                continue  # the console changed: time what is still there
            label = f"{cls_name}.{name}"
            self.calls[label] = []

            def wrapper(*args, __original=original, __label=label, **kwargs):
                w0, c0 = time.perf_counter(), time.thread_time()
                try:
                    return __original(*args, **kwargs)
                finally:
                    if self.recording:
                        self.calls[__label].append((w0, time.perf_counter() - w0, time.thread_time() - c0))

            functools.update_wrapper(wrapper, original)
            self._saved.append((cls, name, original))
            setattr(cls, name, wrapper)

    def watch_sql(self, engine) -> None:
        """Also time every SQL statement the main thread runs (wall and CPU) while recording."""
        from sqlalchemy import event

        self.sql: list[tuple[float, float, float, str]] = []  # (start, wall, CPU, statement)

        def before(_conn, _cursor, _statement, _params, context, _many):
            context._bench_t = (time.perf_counter(), time.thread_time())

        def after(_conn, _cursor, statement, _params, context, _many):
            w0, c0 = getattr(context, "_bench_t", (None, None))
            if self.recording and w0 is not None:
                self.sql.append((w0, time.perf_counter() - w0, time.thread_time() - c0, " ".join(statement.split())))

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)
        self._sql_engine, self._sql_hooks = engine, (before, after)

    def uninstall(self) -> None:
        for cls, name, original in self._saved:
            setattr(cls, name, original)
        self._saved.clear()
        if getattr(self, "_sql_hooks", None):
            from sqlalchemy import event

            event.remove(self._sql_engine, "before_cursor_execute", self._sql_hooks[0])
            event.remove(self._sql_engine, "after_cursor_execute", self._sql_hooks[1])
            self._sql_hooks = None

    def slowest_sql(self, n: int = 3) -> list[str]:
        calls = sorted(getattr(self, "sql", []), key=lambda c: -c[1])[:n]
        return [f"{wall * 1000:.0f} ms ({cpu * 1000:.1f} ms CPU): {text[:110]}{'…' if len(text) > 110 else ''}"
                for _w0, wall, cpu, text in calls]

    def lines(self) -> list[str]:
        out = []
        for label, calls in self.calls.items():
            if not calls:
                continue
            worst = max(calls, key=lambda c: c[1])
            out.append(f"{label} ×{len(calls)}: longest {worst[1] * 1000:.1f} ms ({worst[2] * 1000:.1f} ms CPU), "
                       f"median {statistics.median(c[1] for c in calls) * 1000:.1f} ms")
        return out

    def during(self, start: float, end: float) -> list[str]:
        """The recorded calls that overlap [start, end]."""
        return [f"{label} {wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU)"
                for label, calls in self.calls.items() for (w0, wall, cpu) in calls
                if w0 < end and w0 + wall > start]


class LoopWatch:
    """How long each pass of the main thread's event loop stayed awake (from the
    dispatcher's ``awake`` to its ``aboutToBlock``), wall and CPU: a late tick inside
    a long pass was the console's own work; one with no long pass around it was the
    process waiting for a core. (No per-event hook: a Python ``notify`` override
    wraps receivers that are half built or half destroyed, and crashes.)"""

    def __init__(self) -> None:
        from PySide6.QtCore import QAbstractEventDispatcher, QThread

        self.phase = ""  # passes are recorded while this is set
        self.long_passes: list[tuple[str, float, float, float]] = []  # (phase, start, wall, CPU)
        self._awake_at: tuple[float, float] | None = None
        self.dispatcher = QAbstractEventDispatcher.instance(QThread.currentThread())
        self.dispatcher.awake.connect(self._on_awake)
        self.dispatcher.aboutToBlock.connect(self._on_about_to_block)

    def _on_awake(self) -> None:
        if self._awake_at is None:
            self._awake_at = (time.perf_counter(), time.thread_time())

    def _on_about_to_block(self) -> None:
        if self._awake_at is None:
            return
        w0, c0 = self._awake_at
        self._awake_at = None
        wall = time.perf_counter() - w0
        if self.phase and wall >= LIMIT_S / 2:
            self.long_passes.append((self.phase, w0, wall, time.thread_time() - c0))

    def stop(self) -> None:
        self.dispatcher.awake.disconnect(self._on_awake)
        self.dispatcher.aboutToBlock.disconnect(self._on_about_to_block)


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every window geometry change; keep other messages."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    _HANDLERS.append(handler)  # Qt keeps a pointer: the function must outlive it
    qInstallMessageHandler(handler)


_HANDLERS: list = []


def measure(devices: int = DEVICES, cycles: int = CYCLES, profile: Path | None = None) -> Figure:
    fig = Figure("stall", aim=0.0, limit=LIMIT_S,
                 what=f"longest late 10 ms QTimer tick: MainWindow shown while the poller polls {devices} UPS, "
                      f"{cycles} cycles, vs idle loop")
    try:
        with tempfile.TemporaryDirectory(prefix="opsdesk-bench-stall-") as tmp, opsdesk_home(Path(tmp)):
            _measure(Path(tmp), fig, devices, cycles, profile)
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why and the run goes on
        fig.notes.append(f"stall: not measured — {type(exc).__name__}: {exc}")
        fig.opsdesk.clear()
    return fig


def _measure(tmp: Path, fig: Figure, devices: int, cycles: int, profile: Path | None) -> None:
    t0 = time.perf_counter()
    agents = Agents(tmp, devices)
    agents.start()
    poller = None
    try:
        db = tmp / "stall.sqlite3"
        store, admin, ids = demo_store(db, devices)
        _configure(store, admin, ids, agents)
        log(f"  set-up: agent for {devices} UPS and the demo database with {devices} units pointing at it "
            f"({time.perf_counter() - t0:.1f} s)")
        poller_log = open(tmp / "poller.log", "wb")  # closed below, once the child has it
        # --parent-pid, as the console passes it: the poller stops by itself should this process die.
        poller = subprocess.Popen([sys.executable, "-m", "opsdesk", "poller", "--db", str(db),
                                   "--parent-pid", str(os.getpid())],
                                  stdout=poller_log, stderr=subprocess.STDOUT, env=dict(os.environ))
        poller_log.close()

        import opsdesk.ui.app
        from opsdesk.ui.app import create_app
        from opsdesk.ui.context import ConsoleContext
        from opsdesk.ui.main_window import MainWindow

        shipped = opsdesk.ui.app.TRANSLATIONS
        opsdesk.ui.app.TRANSLATIONS = Path(private_translations(tmp))  # see bench/common.py
        try:
            app = create_app("zh")
        finally:
            opsdesk.ui.app.TRANSLATIONS = shipped
        app.setQuitOnLastWindowClosed(False)  # the idle phase follows the window's close
        _quiet_offscreen_warnings()
        ctx = ConsoleContext(store, admin, demo=True)
        slots = SlotTimes()
        slots.install()
        slots.watch_sql(store.engine)
        loop = LoopWatch()
        probe = Probe(app, db, poller, lambda: MainWindow(ctx, auto_backup=False, poller=None), cycles,
                      profile=profile is not None, slots=slots, loop=loop)
        probe.start()
        t_loop = time.perf_counter()
        try:
            app.exec()
        finally:
            loop.stop()
            slots.uninstall()
            probe.lock_db.close()
        log(f"  poller cycle times: {', '.join(f'{c[0]:.1f}' for c in probe.cycle_info)} s")
        if probe.error:
            tail = (tmp / "poller.log").read_text(errors="replace")[-1500:]
            raise RuntimeError(f"{probe.error}\n{tail}")
        log(f"  poller's first cycle (matching profiles) done; the console window opened in "
            f"{probe.window_open_s * 1000:.0f} ms (not part of the figure)")
        for n, (ui, idle) in enumerate(zip(probe.ui_slices, probe.idle_slices, strict=True)):
            secs, ok, silent = probe.cycle_info[n + 1]
            fig.opsdesk.append(max(ui, default=0.0))
            fig.baseline.append(max(idle, default=0.0))
            log(f"  stall cycle {n + 1}/{cycles}: window shown: longest {fig.opsdesk[-1] * 1000:.1f} ms over "
                f"{len(ui)} ticks; idle: longest {fig.baseline[-1] * 1000:.1f} ms over {len(idle)} ticks "
                f"(poller cycle {secs:.1f} s, answering {ok} / silent {silent})")
        ui_all = [x for s in probe.ui_slices for x in s]
        idle_all = [x for s in probe.idle_slices for x in s]
        p99_ui, p99_idle = _p99(ui_all), _p99(idle_all)
        worst_ui, worst_idle = max(fig.opsdesk), max(fig.baseline)
        fig.cells = [
            f"max {fmt_seconds(worst_ui)}, p99 {fmt_seconds(p99_ui)}",
            f"max {fmt_seconds(worst_idle)}, p99 {fmt_seconds(p99_idle)}",
            f"{fmt_ratio(worst_ui / worst_idle) if worst_idle else '-'} (p99 "
            f"{fmt_ratio(p99_ui / p99_idle) if p99_idle else '-'})",
        ]
        for line in slots.lines():
            log(f"  console slot {line}")
        for line in slots.slowest_sql():
            log(f"  console SQL, slowest: {line}")
        passes = loop.long_passes
        worst = sorted((t for t in probe.late_ticks if t[0] == "ui"), key=lambda t: -t[2])[:3]
        for _phase, when, late in worst:
            start = when - late - TICK_MS / 1000
            held = [f"{wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU)"
                    for phase, w0, wall, cpu in passes if phase == "ui" and w0 < when and w0 + wall > start]
            running = slots.during(start, when)
            log(f"  a tick {late * 1000:.0f} ms late with the window shown: "
                + (f"the main thread was busy {', '.join(held)}" + (f", in {', '.join(running)}" if running else
                                                                   ": no console slot — painting or layout")
                   if held else "the event loop was not busy ≥ 25 ms then — the process waited for a core"))
        log(f"  event-loop passes busy ≥ 25 ms: {sum(p[0] == 'ui' for p in passes)} with the window shown, "
            f"{sum(p[0] == 'idle' for p in passes)} idle")
        silent = [c[2] for c in probe.cycle_info[1:]]
        fig.notes.append(
            f"stall: {devices} UPS polled every {INTERVAL_S} s (cycles back to back when longer), "
            f"{probe.ui_duration:.0f} s with the main window (alarm list, banner, poller status) and "
            f"{probe.ui_duration:.0f} s idle; ticks ≥ 50 ms late: {sum(x >= LIMIT_S for x in ui_all)} shown, "
            f"{sum(x >= LIMIT_S for x in idle_all)} idle" + (f"; some devices silent: {silent}" if any(silent) else ""))
        if worst_idle >= LIMIT_S:
            fig.notes.append(f"stall: the idle loop itself stalled {worst_idle * 1000:.0f} ms: this machine was "
                             f"too busy (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores) for the "
                             "50 ms aim to be judged — the attribution lines above say which stalls were the "
                             "console's own work")
        fig.notes.append(f"stall: whole figure {time.perf_counter() - t0:.0f} s, of which the event loop "
                         f"{time.perf_counter() - t_loop:.0f} s; the poller and the agent share this machine's "
                         f"{os.cpu_count()} cores with the console throughout (both phases)")
        if profile is not None:
            fig.notes.extend(_report_profile(probe.profiler, profile))
        store.close()
    finally:
        if poller is not None and poller.poll() is None:
            poller.terminate()
            try:
                poller.wait(timeout=15)
            except subprocess.TimeoutExpired:
                poller.kill()
                poller.wait(timeout=10)
        agents.stop()


def _report_profile(profiler: cProfile.Profile, out: Path, top: int = 25) -> list[str]:
    profiler.dump_stats(out)
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(r"opsdesk/", top)
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    log("\n== cProfile of the console's main thread over one more poll cycle with the window open (after its "
        "opening): OpsDesk functions by cumulative time, then everything by own time ==")
    log(buf.getvalue())
    return [f"stall: profile saved to {out} (python -m pstats {out})"]
