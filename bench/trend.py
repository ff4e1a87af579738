"""Figure ``trend``: a sensor's trend from the store to the drawn chart, against pyqtgraph
drawing the same arrays handed to it directly (issue 4; aim ≤ 1.5×).

Two figures: ``trend 1y`` (the year of hourly roll-ups, 8,760 rows) and ``trend 30d``
(30 days of raw readings at one a minute, 43,200 rows).

Set-up (untimed): the demo database in a temporary folder, one room temperature series
of a precision AC, its rows written with bare inserts (a day's swing, the compressor's
cycle, one alarm), the fixed clock at the end of the range. The console's style, font
and Chinese translations are loaded; both charts are 1,200 × 420 px, offscreen.

OpsDesk's side, timed: what the environment screen's chart does — ``chart.load_trend`` (the
chart's own loader, given the plot's width in pixel columns: ``trends.trend`` asks whether the
range holds more than four rows per column and, if so, has SQLite reduce them to one bucket
per column — lowest, highest, average — in one pass over the series' run of the key; plus the
series' name, limits and alarm marks), then ``TrendChart.apply`` (curve, min/max envelope for
roll-ups, limit lines and band, alarm marks, view range) and a forced render,
``plot.grab()``. Baseline, timed: a bare ``pg.PlotWidget`` from the same ``chart.make_plot``
(date axis in local time, value axis ruled at two levels) and a curve with the same peak
downsampling and clip-to-view, ``setData`` of every row of the range already in memory, and
the same ``grab()`` (pyqtgraph then thins the rows itself). Before every timed run both sides
are emptied and rendered, so neither re-uses a cached picture.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import math
import tempfile
import time
from pathlib import Path

from bench.common import Figure, log
from bench.demo_db import demo_store, opsdesk_home

END = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
SIZE = (1200, 420)


def _populate(store, unit_id: int) -> int:
    from sqlalchemy import insert

    from opsdesk.models.monitoring import Alarm, MetricSeries, RawReading, Rollup1h

    with store.write() as s:
        series = MetricSeries(unit_id=unit_id, metric="env.temperature", label="回风温度", cls="temperature",
                              unit_symbol="℃", last_value=23.5, last_at=END)
        s.add(series)
        s.flush()
        sid = series.id

        def temp(epoch: float) -> float:
            h = (epoch / 3600 + 8) % 24
            return 23.4 + 0.9 * math.cos(2 * math.pi * (h - 15) / 24) + 0.5 * math.sin(2 * math.pi * epoch / 900)

        start = END - dt.timedelta(days=365)
        hourly = []
        for i in range(8760):
            bucket = start + dt.timedelta(hours=i + 1)
            v = temp(bucket.timestamp())
            hourly.append({"series_id": sid, "bucket": bucket, "vmin": v - 0.6, "vmax": v + 0.6, "vsum": v * 120,
                           "n": 120})
        s.execute(insert(Rollup1h), hourly)
        start = END - dt.timedelta(days=30)
        raw = [{"series_id": sid, "at": start + dt.timedelta(minutes=i + 1),
                "value": round(temp((start + dt.timedelta(minutes=i + 1)).timestamp()), 1)} for i in range(43200)]
        s.execute(insert(RawReading), raw)
        s.add(Alarm(unit_id=unit_id, series_id=sid, kind="threshold", severity="warning",
                    message="回风温度 29 ℃ 超出 18–28",
                    value=29.0, limit_low=18, limit_high=28, raised_at=END - dt.timedelta(days=3),
                    cleared_at=END - dt.timedelta(days=3) + dt.timedelta(minutes=20)))
    return sid


def measure(repeat: int = 5, profile: Path | None = None) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from opsdesk import clock
    from opsdesk.clock import FixedClock

    previous = clock.set_clock(FixedClock(END))
    workdir = Path(tempfile.mkdtemp(prefix="opsdesk-bench-trend-"))
    try:
        with opsdesk_home(workdir):
            from opsdesk.ui.app import setup_app

            app = QApplication.instance() or QApplication([])
            setup_app(app, "zh")
            store, admin, ids = demo_store(workdir / "demo.sqlite3", 1)
            from sqlalchemy import select

            from opsdesk.models.equipment import RegisterLine, Unit

            with store.read() as s:
                unit_id = s.scalars(
                    select(Unit.id).join(RegisterLine).where(RegisterLine.category == "cooling")).first()
            sid = _populate(store, unit_id)
            figures = [_figure(app, store, admin, sid, key, rows, repeat, profile)
                       for key, rows in (("1y", "8,760 hourly roll-ups"), ("30d", "43,200 raw readings"))]
            store.close()
            return figures
    finally:
        clock.set_clock(previous)


def _figure(app, store, admin, sid: int, key: str, rows: str, repeat: int, profile: Path | None) -> Figure:
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.environment.chart import TrendChart, load_trend, make_curve, make_plot

    ctx = ConsoleContext(store, admin, demo=True)
    chart = TrendChart(ctx)
    chart.resize(*SIZE)
    chart.show()
    bare = make_plot()
    bare.resize(SIZE[0], SIZE[1] - 40)
    bare.show()
    curve = make_curve(bare)
    app.processEvents()

    def load():  # what TrendChart.reload runs in the thread pool
        with store.read() as session:
            return load_trend(session, sid, key, columns=chart.columns())

    with store.read() as session:  # the baseline's arrays: every row of the range, as stored
        data = load_trend(session, sid, key)["data"]
    t, v = data.t.copy(), data.v.copy()
    drawn = len(load()["data"])

    def opsdesk_side() -> None:
        chart.apply(load())
        chart.plot.grab()

    def baseline_side() -> None:
        curve.setData(t, v)
        bare.plot  # noqa: B018 - same attribute path as the chart
        bare.grab()

    fig = Figure(f"trend {key}", aim=1.5,
                 what=f"{rows}: query + TrendChart.apply + grab() vs setData(same arrays) + grab() "
                      "on a bare PlotWidget")
    for side in (opsdesk_side, baseline_side):  # warm-up: imports, fonts, first layout
        side()
    for _ in range(max(repeat, 9)):  # short runs on a noisy machine: at least nine for a steady median
        chart.apply(None)
        chart.plot.grab()
        t0 = time.perf_counter()
        opsdesk_side()
        fig.opsdesk.append(time.perf_counter() - t0)
        curve.setData([], [])
        bare.grab()
        t0 = time.perf_counter()
        baseline_side()
        fig.baseline.append(time.perf_counter() - t0)
    if profile is not None:
        prof = cProfile.Profile()
        prof.runcall(opsdesk_side)
        prof.dump_stats(str(profile / f"trend-{key}.prof"))
    fig.notes.append(f"trend {key}: {len(t):,} rows, drawn by OpsDesk as {drawn:,} columns; " + ", ".join(
        f"{n} {sorted(xs)[len(xs) // 2] * 1000:.1f} ms"
        for n, xs in (("OpsDesk", fig.opsdesk), ("bare", fig.baseline))))
    chart.close()
    bare.close()
    log(f"  trend {key}: {len(t):,} points")
    return fig
