"""Figure ``floor``: a floor plan of 500 items receiving a status update for every item
once a second, on the Qt main thread, against repainting the same plan whole.

Set-up (untimed): a synthetic room of 50 × 30 tiles with 250 racks in rows and 250
units standing on the floor (ACs, UPS, sensors), drawn by the console's own
``FloorView`` offscreen at 1600 × 1000, with the console's style and font. The
statuses are made beforehand, as the view's background read would hand them over
(reading the store runs in the thread pool, not on the main thread).

Warm-up, timed apart: one cycle of the seven states (7 s), in which every item shows
each of its looks for the first time and the view draws and caches it (a console
running for hours has them all; reported as the "first look" figure).

Timed: for ``seconds`` seconds a 1 s timer gives every item a new state and reading
(each update changes all 500) and the view paints what changed; the time of that slot — ``apply_status``
plus the paint it causes, done at once by processing the posted events, and checked
to have reached the viewport (a paint event counted on it; if none came, events are
processed until one does, and that time counts) — is one sample, as wall time and as
the main thread's CPU time (on a loaded machine the wall time is the larger). The
critical items flash meanwhile, as on the console. A 10 ms ``PreciseTimer`` records
how late each tick comes: the longest is the longest stall (flash ticks included).
Baseline, afterwards in the same run: a full repaint of the same plan
(``viewport().repaint()``), timed as often, outside the stall window. Aim: an update
under 2 % of the second (20 ms), the worst one included.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time

from bench.common import Figure, fmt_ratio, fmt_seconds, log

ITEMS = 500
SECONDS = 10
TICK_MS = 10
LIMIT_S = 0.020  # 2 % of the one-second update interval
STATES = ("normal", "warning", "critical", "unreachable", "maintenance", "normal", "normal")


def _layout(items: int):
    from opsdesk.ops.floor import FloorUnit, RackInfo, RackUnit, RoomInfo, RoomLayout, footprint

    cols, rows = 50, 30
    racks, units = [], []
    n_racks = items // 2
    for i in range(n_racks):  # rows of 25 racks, three tiles apart
        row, col = divmod(i, 25)
        server = RackUnit(20_000 + i, f"S-{i:04d}", "server", "server", 10, 2, "A1", "B1", False)
        racks.append(RackInfo(i + 1, f"R{row:02d}{col:02d}", 2.0 + col, 1.0 + row * 3, 180 if row % 2 else 0, 42, 1,
                              (server,)))  # a device in it: the rack shows its state
    for j in range(items - n_racks):
        cat = ("cooling", "ups", "sensor")[j % 3]
        w, d = footprint(cat)
        row, col = divmod(j, 25)
        units.append(FloorUnit(10_000 + j, f"B-{j:04d}", cat, cat, 28.0 + (col % 11) * 2, 1.0 + row * 2.8, w, d, 1))
    room = RoomInfo(1, 1, "bench", "bench", cols, rows, 600, 1)
    return RoomLayout(room, tuple(racks), tuple(units))


def _statuses(layout, tick: int):
    from opsdesk.ops.floor import RoomStatus, UnitStatus

    at = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=tick)
    units = {}
    for k, u in enumerate(layout.units):
        state = STATES[(k + tick) % len(STATES)]
        temp = 20.0 + ((k * 7 + tick) % 90) / 10
        units[u.id] = UnitStatus(state, state == "critical", f"{temp:.1f} ℃ / {40 + (k + tick) % 20} %RH", "", temp)
    racks = {r.id: UnitStatus(STATES[(k + tick) % len(STATES)], False, f"{(k + tick) % 4} in alarm")
             for k, r in enumerate(layout.racks)}
    temps = tuple((u.x, u.y, units[u.id].temperature) for u in layout.units if u.category == "sensor")
    return RoomStatus(1, at, units, racks, temps)


def measure(items: int = ITEMS, seconds: int = SECONDS, profile=None) -> Figure:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from opsdesk.models.users import Role, User
    from opsdesk.ui.app import setup_app
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.floor.view import FloorView

    app = QApplication.instance() or QApplication([])
    setup_app(app, "zh")
    ctx = ConsoleContext(store=None, user=User(username="bench", role=Role.ADMIN.value), demo=True)
    view = FloorView(ctx, read_only=True)
    view._refresh_timer.setInterval(10**9)  # no store here: statuses come from the bench
    layout = _layout(items)
    view._room_id = 1
    view.layout_data = layout
    for rack in layout.racks:
        view._add_rack_item(rack)
    for unit in layout.units:
        view._add_unit_item(unit)
    from PySide6.QtCore import QRectF

    from opsdesk.ui.floor.items import TILE

    view.scene().setSceneRect(QRectF(0, 0, layout.room.grid_cols * TILE, layout.room.grid_rows * TILE))
    view.resize(1600, 1000)
    view.show()
    QCoreApplication.processEvents()
    warmup = len(STATES)
    ticks = [_statuses(layout, t) for t in range(warmup + seconds + 2)]  # made before the clock starts
    view.apply_status(ticks[-1])
    QCoreApplication.processEvents()

    class PaintCount(QObject):
        n = 0

        def eventFilter(self, obj, event):  # Qt override
            if event.type() == QEvent.Type.Paint:
                PaintCount.n += 1
            return False

    painted = PaintCount()
    view.viewport().installEventFilter(painted)

    updates: list[float] = []
    cpu: list[float] = []
    cold: list[float] = []
    repaints: list[float] = []
    late: list[float] = []
    unpainted = [0]
    state = {"tick": 0}
    clock = QElapsedTimer()
    last = [0]
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()

    def on_tick() -> None:
        now_ms = clock.nsecsElapsed() / 1e6
        if state["tick"] > warmup:  # from the first timed update on
            late.append(max(0.0, now_ms - last[0] - TICK_MS) / 1000)
        last[0] = now_ms

    def on_second() -> None:
        t = state["tick"]
        state["tick"] += 1
        before = PaintCount.n
        t0, c0 = time.perf_counter(), time.thread_time()
        timed = t >= warmup
        if profiler and timed:
            profiler.enable()
        view.apply_status(ticks[t])
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents()
        for _ in range(100):  # the update is done when it is on the screen
            if PaintCount.n > before:
                break
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        else:
            unpainted[0] += 1
        if profiler and timed:
            profiler.disable()
        if not timed:
            cold.append(time.perf_counter() - t0)
            return
        cpu.append(time.thread_time() - c0)
        updates.append(time.perf_counter() - t0)
        if state["tick"] >= warmup + seconds:
            loop_timer.stop()
            stall_timer.stop()
            for k in range(seconds):  # the baseline: the same plan repainted whole, as often
                view.apply_status(ticks[k])
                QCoreApplication.processEvents()
                t1 = time.perf_counter()
                view.viewport().repaint()
                repaints.append(time.perf_counter() - t1)
            app.quit()

    stall_timer = QTimer()
    stall_timer.setTimerType(Qt.TimerType.PreciseTimer)
    stall_timer.setInterval(TICK_MS)
    stall_timer.timeout.connect(on_tick)
    loop_timer = QTimer()
    loop_timer.setInterval(1000)
    loop_timer.timeout.connect(on_second)
    clock.start()
    stall_timer.start()
    loop_timer.start()
    app.exec()
    view.close()
    if profiler is not None:
        profiler.dump_stats(str(profile))

    fig = Figure("floor", aim=1.0, opsdesk=updates, baseline=repaints, limit=LIMIT_S,
                 what=f"{items} items, every state changed each second for {seconds} s: apply + paint on the "
                      f"main thread, against a full repaint of the plan")
    if updates and repaints:
        longest = max(late, default=0.0)
        share = statistics.median(updates) / 1.0 * 100
        fig.cells = [
            f"{fmt_seconds(statistics.median(updates))} (max {fmt_seconds(max(updates))})",
            f"{fmt_seconds(statistics.median(repaints))} (max {fmt_seconds(max(repaints))})",
            f"{fmt_ratio(statistics.median(updates) / statistics.median(repaints))}",
        ]
        fig.notes.append(f"floor: an update takes {share:.2f} % of its second (median; aim < 2 %), the worst "
                         f"{max(updates) * 100:.2f} %; main-thread CPU per update "
                         f"{fmt_seconds(statistics.median(cpu))} "
                         f"(max {fmt_seconds(max(cpu))}); longest stall of the 10 ms timer {fmt_seconds(longest)}"
                         + (f"; {unpainted[0]} update(s) never reached the screen" if unpainted[0] else "")
                         + f"; first looks (the {warmup} warm-up updates, each look drawn anew): median "
                           f"{fmt_seconds(statistics.median(cold))}, max {fmt_seconds(max(cold))}.")
        log(f"  update median {fmt_seconds(statistics.median(updates))}, max {fmt_seconds(max(updates))} "
            f"(CPU {fmt_seconds(statistics.median(cpu))}, max {fmt_seconds(max(cpu))}); "
            f"full repaint median {fmt_seconds(statistics.median(repaints))}; longest stall {fmt_seconds(longest)}; "
            f"ratio {statistics.median(updates) / statistics.median(repaints):.2f}×; "
            f"{share:.2f} % of the second")
    return fig
