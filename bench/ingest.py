"""Figure ``ingest``: poll cycles of readings written by OpsDesk's monitor, against
plain ``sqlite3.executemany`` of the same ``(series_id, at, value)`` rows.

OpsDesk's side is what the poller's ``write_cycle`` does: per cycle one
``store.write()`` transaction, ``Monitor(session, now)``, ``apply(unit_id, label,
reading)`` for every device, ``flush()``, COMMIT — on a migrated demo database.
That is more than inserting rows, and meant to be: the monitor also updates the
device's state, each metric series' latest value, the 5-minute and hourly roll-ups
(upserts), and judges limits and states for alarms. The baseline is only the raw
rows: one ``BEGIN IMMEDIATE`` … ``executemany`` … ``COMMIT`` per cycle into a table
with ``reading_raw``'s columns and primary key, WAL and ``synchronous=FULL``, as
OpsDesk's store runs SQLite. Both sides start from the same reading objects
(shaped like the probes' ``DeviceReading``: UPS readings, all within their limits,
values moving a little from cycle to cycle, 30 s apart).

The monitor's very first cycle creates the metric series (one INSERT and flush per
series); it is timed once, untimed for the figure, and shown as an extra line.
Then the timed cycles are split into ``repeat`` blocks, baseline and OpsDesk
alternating block by block on their own growing databases.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import io
import pstats
import random
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Figure, log
from bench.demo_db import demo_store, opsdesk_home

UNITS = 100
READINGS = 20
CYCLES = 20  # 50 and more with --ingest-cycles; the monitor takes about a second a cycle here
INTERVAL = dt.timedelta(seconds=30)
T0 = dt.datetime(2026, 11, 22, 1, 0, tzinfo=dt.UTC)
MIN_BLOCKS = 3  # even past the budget: one block is no comparison


@dataclass
class Reading:
    metric: str
    index: str
    label: str
    value: float | None
    text: str | None
    unit: str
    cls: str
    state_meaning: str | None = None
    severity: str | None = None
    limits: tuple[float | None, float | None] | None = None
    invalid_reason: str | None = None


@dataclass
class DeviceReading:
    readings: list[Reading] = field(default_factory=list)
    status: str = "ok"
    error_category: str | None = None
    error_message: str | None = None
    sys_object_id: str | None = "1.3.6.1.4.1.2011.6.174.4.1.2.4"
    sys_descr: str | None = "SNMP Card for HUAWEI UPS2000"
    uptime_s: float | None = 1_000_000.0
    profiles: list[str] = field(default_factory=lambda: ["ups-mib", "sys-generic"])


# (metric, index, label, cls, unit, typical value, limits): a UPS as ups-mib reads it.
_NUMERIC = (
    ("ups.battery.charge", "", "电池剩余容量", "charge", "%", 100.0, (15.0, None)),
    ("ups.battery.voltage", "", "电池电压", "voltage", "V", 270.7, None),
    ("ups.battery.current", "", "电池电流", "current", "A", 0.4, None),
    ("ups.battery.temperature", "", "电池温度", "temperature", "℃", 21.0, (None, 40.0)),
    ("ups.battery.runtime", "", "电池后备时间", "runtime", "min", 45.0, (10.0, None)),
    ("ups.battery.time_on_battery", "", "电池供电时长", "runtime", "s", 0.0, None),
    ("ups.input.frequency", "1", "输入 L1", "frequency", "Hz", 50.0, (47.0, 53.0)),
    ("ups.input.voltage", "1", "输入 L1", "voltage", "V", 233.0, (187.0, 253.0)),
    ("ups.input.current", "1", "输入 L1", "current", "A", 7.5, None),
    ("ups.output.frequency", "", "输出频率", "frequency", "Hz", 50.0, (47.0, 53.0)),
    ("ups.output.voltage", "1", "输出 L1", "voltage", "V", 230.0, (207.0, 253.0)),
    ("ups.output.current", "1", "输出 L1", "current", "A", 7.2, None),
    ("ups.output.power", "1", "输出 L1", "power", "W", 1650.0, None),
    ("ups.output.load", "1", "输出 L1", "load", "%", 27.0, (None, 80.0)),
    ("ups.bypass.frequency", "", "旁路频率", "frequency", "Hz", 50.0, None),
    ("ups.bypass.voltage", "1", "旁路 L1", "voltage", "V", 233.0, None),
    ("ups.bypass.current", "1", "旁路 L1", "current", "A", 0.0, None),
    ("sys.uptime", "", "运行时间", "duration", "s", 1_000_000.0, None),
)
_STATES = (
    ("ups.battery.status", "", "电池状态", 2.0, "batteryNormal", "正常"),
    ("ups.output.source", "", "输出来源", 3.0, "normal", "正常 (市电逆变)"),
)


def make_cycles(units: int, readings: int, cycles: int, seed: int = 2026) -> list[list[DeviceReading]]:
    """``cycles`` × ``units`` device readings with ``readings`` readings each (cycle 0 first)."""
    rng = random.Random(seed)
    kinds = [("state", s) for s in _STATES] + [("num", m) for m in _NUMERIC]
    while len(kinds) < readings:  # more per device: more phases of the UPS
        metric, index, label, cls, unit, value, limits = _NUMERIC[len(kinds) % len(_NUMERIC)]
        kinds.append(("num", (metric, f"{len(kinds) + 1}", f"{label}-{len(kinds) + 1}", cls, unit, value, limits)))
    kinds = kinds[:readings]
    out = []
    for c in range(cycles):
        cycle = []
        for _u in range(units):
            rs = []
            for kind, spec in kinds:
                if kind == "state":
                    metric, index, label, value, text, meaning = spec
                    rs.append(Reading(metric, index, label, value, text, "", "state", meaning, "ok"))
                else:
                    metric, index, label, cls, unit, value, limits = spec
                    v = value + c * INTERVAL.total_seconds() if metric == "sys.uptime" else \
                        round(value * (1 + rng.uniform(-0.01, 0.01)), 2)
                    rs.append(Reading(metric, index, label, v, None, unit, cls, limits=limits))
            cycle.append(DeviceReading(rs, uptime_s=1_000_000.0 + c * INTERVAL.total_seconds()))
        out.append(cycle)
    return out


# -- OpsDesk side -----------------------------------------------------------------------------

def opsdesk_cycle(store, units: list[tuple[int, str]], devices: list[DeviceReading], at: dt.datetime) -> int:
    from opsdesk.monitor.ingest import Monitor

    with store.write() as session:
        monitor = Monitor(session, at)
        for (unit_id, label), device in zip(units, devices, strict=True):
            monitor.apply(unit_id, label, device)
        return monitor.flush().readings


# -- baseline ---------------------------------------------------------------------------------

def baseline_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE reading_raw (series_id INTEGER NOT NULL, at DATETIME NOT NULL, value FLOAT, "
                 "PRIMARY KEY (series_id, at))")
    return conn


def baseline_cycle(conn: sqlite3.Connection, series: dict[tuple[int, str, str], int], units: list[tuple[int, str]],
                   devices: list[DeviceReading], at: dt.datetime) -> int:
    stamp = at.replace(tzinfo=None).isoformat(" ", "microseconds")  # how SQLAlchemy stores a DateTime in SQLite
    rows = [(series[(unit_id, r.metric, r.index)], stamp, float(r.value))
            for (unit_id, _label), device in zip(units, devices, strict=True)
            for r in device.readings if r.value is not None]
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO reading_raw (series_id, at, value) VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    return len(rows)


# -- the figure ---------------------------------------------------------------------------------

def _blocks(cycles: int, repeat: int) -> list[int]:
    n = min(repeat, cycles)
    return [cycles // n + (1 if i < cycles % n else 0) for i in range(n)]


def measure(repeat: int, units: int = UNITS, readings: int = READINGS, cycles: int = CYCLES,
            budget: float = 40.0, profile: Path | None = None) -> Figure:
    fig = Figure("ingest", aim=2.0,
                 what=f"{units} units × {readings} readings per cycle, {cycles} cycles: Monitor.apply/flush + COMMIT "
                      "vs sqlite3 executemany of the raw rows + COMMIT")
    try:
        with tempfile.TemporaryDirectory(prefix="opsdesk-bench-ingest-") as tmp, opsdesk_home(Path(tmp)):
            _measure(Path(tmp), fig, repeat, units, readings, cycles, budget, profile)
    except Exception as exc:  # noqa: BLE001 - a figure that cannot be measured says why and the run goes on
        fig.notes.append(f"ingest: not measured — {type(exc).__name__}: {exc}")
        fig.opsdesk.clear()
    return fig


def _measure(tmp: Path, fig: Figure, repeat: int, units: int, readings: int, cycles: int, budget: float,
             profile: Path | None) -> None:
    from sqlalchemy import select

    from opsdesk.models.equipment import Unit
    from opsdesk.models.monitoring import MetricSeries

    store, _admin, ids = demo_store(tmp / "ingest.sqlite3", units)
    with store.read() as session:
        tags = dict(session.execute(select(Unit.id, Unit.asset_tag).where(Unit.id.in_(ids))).all())
    unit_rows = [(i, f"{tags[i]} UPS") for i in ids]
    data = make_cycles(units, readings, cycles + 1 + (1 if profile else 0))
    per_cycle = sum(1 for r in data[0][0].readings if r.value is not None) * units

    # The first cycle creates every metric series: untimed for the figure, shown on its own.
    t0 = time.perf_counter()
    opsdesk_cycle(store, unit_rows, data[0], T0)
    first = time.perf_counter() - t0
    with store.read() as session:
        series = {(s.unit_id, s.metric, s.idx): s.id for s in session.scalars(select(MetricSeries))}
    conn = baseline_db(tmp / "baseline.sqlite3")
    baseline_cycle(conn, series, unit_rows, data[0], T0)
    log(f"  first cycle (creates {len(series)} metric series): OpsDesk {first:.2f} s")

    c = 1
    started = time.perf_counter()
    blocks = _blocks(cycles, repeat)
    for n, size in enumerate(blocks):
        block = [(data[c + i], T0 + (c + i) * INTERVAL) for i in range(size)]
        c += size
        t0 = time.perf_counter()
        rows_b = sum(baseline_cycle(conn, series, unit_rows, devices, at) for devices, at in block)
        fig.baseline.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rows_o = sum(opsdesk_cycle(store, unit_rows, devices, at) for devices, at in block)
        fig.opsdesk.append(time.perf_counter() - t0)
        if rows_o != rows_b or rows_o != per_cycle * size:
            raise RuntimeError(f"OpsDesk wrote {rows_o} readings, the baseline {rows_b}, expected {per_cycle * size}")
        log(f"  ingest block {n + 1}: {size} cycles, {rows_o:,} rows: OpsDesk {fig.opsdesk[-1]:.2f} s "
            f"({rows_o / fig.opsdesk[-1]:,.0f} rows/s), baseline {fig.baseline[-1] * 1000:.0f} ms "
            f"({rows_b / fig.baseline[-1]:,.0f} rows/s)")
        elapsed = time.perf_counter() - started
        if MIN_BLOCKS <= n + 1 < len(blocks) and elapsed * (n + 2) / (n + 1) > budget:
            fig.notes.append(f"ingest: stopped after {c - 1} of {cycles} cycles ({n + 1} of {len(blocks)} blocks) "
                             f"to stay within its {budget:.0f} s budget (--budget raises it)")
            break

    cycles = c - 1
    o_rate = per_cycle * cycles / sum(fig.opsdesk)
    b_rate = per_cycle * cycles / sum(fig.baseline)
    fig.notes.append(
        f"ingest: {o_rate:,.0f} readings/s through the monitor against {b_rate:,.0f} rows/s of bare inserts "
        f"({sum(fig.opsdesk) / cycles * 1000:.0f} ms vs {sum(fig.baseline) / cycles * 1000:.0f} ms per cycle of "
        f"{per_cycle:,}). The monitor also writes device state, each series' latest value, the 5-minute and hourly "
        "roll-ups and judges limits — the baseline does none of that")
    fig.notes.append(f"ingest: the first cycle, creating {len(series):,} metric series, took {first:.2f} s "
                     f"({first / (sum(fig.opsdesk) / cycles):.1f}× a later one)")
    if profile is not None:
        fig.notes.extend(_profile(store, unit_rows, data[c], T0 + c * INTERVAL, profile))
    conn.close()
    store.close()


def _profile(store, unit_rows, devices, at, out: Path, top: int = 25) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    opsdesk_cycle(store, unit_rows, devices, at)
    profiler.disable()
    profiler.dump_stats(out)
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(r"opsdesk/", top)
    buf.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    log("\n== cProfile of one OpsDesk ingest cycle: OpsDesk functions by cumulative time, "
        "then everything by own time ==")
    log(buf.getvalue())
    return [f"ingest: profile saved to {out} (python -m pstats {out})"]

