"""Writing one poll cycle in short write transactions, so a console's save never waits long
behind the poller (issue 15, item 3).

A cycle is written in three steps (``opsdesk.poller.write_cycle`` runs them):

1. **Prepared without the write lock** (:func:`prepare`): the monitor judges every device
   against a snapshot read in one read transaction — device states, open alarms, series,
   maintenance windows, limits — as it would inside a write transaction: counter rates,
   thresholds with hysteresis and hold, state alarms, re-alarms, latching, device status,
   roll-up arithmetic. What it decided becomes plain rows per device, already in the
   database driver's format (datetimes as SQLite text, JSON dumped).
2. **Written in chunks** (:func:`write_chunk`): a few devices per ``BEGIN IMMEDIATE`` …
   ``COMMIT``, the lock held only for one executemany per table. A device's whole word — its
   state, alarms, series, raw readings and roll-ups — is in one chunk, never split. Between
   two write transactions the poller pauses :data:`PAUSE_S`, so a console waiting in SQLite's
   busy handler gets the lock (a waiter retries at most 25 ms apart in its first 100 ms).
3. **The cycle marker last**: the poller's lock row (``last_cycle_at``, the counts) is
   written in its own transaction after every chunk.

What a reader sees between chunks: some devices with this cycle's word and the others still
with the previous cycle's, each device whole (its state, alarms, series, readings and
roll-ups agree with each other), and the cycle marker still naming the previous cycle. That
is fine: devices are read concurrently anyway, so two devices' words are never from one
instant, and a screen that follows the marker (the live feed) redraws once the whole cycle
is in. A poller that dies mid-cycle leaves the chunks it committed (whole devices) and loses
the chunk in progress (SQLite rolls it back): those devices keep the previous cycle's word —
counters, breach times and hold included — and are judged again next cycle; no row refers to
one that is not there, and no reading is counted twice in a roll-up.

Why the snapshot gives the same alarms as one transaction did: only the poller (one, by the
lock) writes device states, series and the alarm life cycle, so the snapshot is exactly the
state its previous cycle committed. What a console writes meanwhile — an acknowledgement, a
maintenance window, a setting — counts from the next cycle, as if it had come just after
this one; an alarm's acknowledgement is the one write that meets the cycle's on a row, so
each alarm the cycle changes is checked by its version (``Alarm.version``) inside the chunk,
and a device whose alarm was acknowledged or deleted meanwhile is judged again inside the
lock. A device whose readings need a new series (its first cycle, a new table row) is also
judged inside the lock: there the monitor runs on the write session for those units only,
as the whole cycle once did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import Column, ColumnDefault, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.orm import attributes as orm_attributes
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement

from opsdesk.models.base import Base, table_of
from opsdesk.models.meta import note_change
from opsdesk.models.monitoring import Alarm, DeviceState, RawReading
from opsdesk.monitor.ingest import (
    _SERIES_UPDATE,
    _SERIES_WORDS_UPDATE,
    ROLLUPS,
    SERIES_STATE,
    SERIES_WORDS,
    CycleStats,
    DeviceReadingLike,
    Monitor,
    rollup_rows,
    rollup_upsert,
    series_row,
)

# Rows per write transaction: on the demo (bench/save_during_poll.py, two busy cores) a chunk
# holds the write lock about 11 ms (median), 41 ms at worst, COMMIT's fsync included.
CHUNK_ROWS = 800
PAUSE_S = 0.03  # between two write transactions of a cycle: a waiting console gets in
LATE_WEIGHT = 4  # a device judged inside the lock costs about this many times its rows

STATE_COLUMNS = list(table_of(DeviceState).columns)
ALARM_COLUMNS = [c for c in table_of(Alarm).columns if c.key != "id"]
ALARM_MUTABLE = [c.key for c in ALARM_COLUMNS if c.key not in ("version", "unit_id")]
ROLLUP_KEYS = ["series_id", "bucket", "vmin", "vmax", "vsum", "n"]

# One row of parameters in the database driver's format: a tuple for a positional paramstyle
# (SQLite's qmark), a dict for a named one (psycopg's pyformat).
DriverRow = tuple[object, ...] | dict[str, object]
# A column type's bind processor: a value of the column's Python type to the driver's.
_BindProcessor = Callable[[Any], object]


class Prepared:
    """A statement compiled once for a dialect with its parameters' bind processors: rows
    are put in the driver's format before the lock and sent by one executemany inside it."""

    def __init__(self, stmt: ClauseElement, dialect: Dialect, column_keys: list[str] | None = None) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=column_keys)
        if not isinstance(compiled, SQLCompiler):  # a DML statement compiles to SQL, with its binds
            raise TypeError(f"{type(stmt).__name__} did not compile to SQL")
        self.sql = compiled.string
        self.positional = bool(dialect.positional)
        names = list(compiled.positiontup or ()) if self.positional else list(compiled.binds)
        # dialect_impl: the dialect's own type (SQLite's DATETIME writes its text format), as SQLAlchemy would
        self.params: list[tuple[str, _BindProcessor | None]] = [
            (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)) for name in names]

    def row(self, values: Mapping[str, object]) -> DriverRow:
        if self.positional:
            return tuple(values[n] if p is None else p(values[n]) for n, p in self.params)
        return {n: values[n] if p is None else p(values[n]) for n, p in self.params}

    def run(self, conn: Connection, rows: Sequence[DriverRow]) -> int:
        return conn.exec_driver_sql(self.sql, rows).rowcount if rows else 0


class Statements:
    """The statements a chunk runs, compiled for one dialect."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        make = sqlite_insert if dialect.name == "sqlite" else pg_insert
        table = table_of(DeviceState)
        upsert = make(table)
        upsert = upsert.on_conflict_do_update(
            index_elements=[table.c.unit_id],
            set_={c.key: upsert.excluded[c.key] for c in STATE_COLUMNS if c.key != "unit_id"})
        self.state = Prepared(upsert, dialect, [c.key for c in STATE_COLUMNS])
        self.alarm_new = Prepared(insert(table_of(Alarm)), dialect, [c.key for c in ALARM_COLUMNS])
        self.series = Prepared(_SERIES_UPDATE, dialect)
        self.series_words = Prepared(_SERIES_WORDS_UPDATE, dialect)
        self.raw = Prepared(insert(table_of(RawReading)), dialect, ["series_id", "at", "value"])
        self.rollups = [Prepared(rollup_upsert(dialect.name, model), dialect, ROLLUP_KEYS) for model, _s in ROLLUPS]
        self._alarm_updates: dict[tuple[str, ...], Prepared] = {}

    def alarm_update(self, columns: tuple[str, ...]) -> Prepared:
        """UPDATE alarm SET these columns and the next version WHERE id and the version read match."""
        found = self._alarm_updates.get(columns)
        if found is None:
            table = table_of(Alarm)
            stmt = (update(table).where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_old"))
                    .values({**{c: bindparam(f"b_{c}") for c in columns}, "version": bindparam("b_version")}))
            found = self._alarm_updates[columns] = Prepared(stmt, self.dialect)
        return found


@lru_cache(maxsize=8)
def statements(dialect: Dialect) -> Statements:
    return Statements(dialect)


@dataclass
class DeviceWork:
    """One device's part of a cycle: its reading and, once prepared, the rows to write."""

    unit_id: int
    label: str
    result: DeviceReadingLike
    prepared: bool = False  # False: judged inside the lock (a new series, or an alarm changed meanwhile)
    rows: dict[str, list[DriverRow]] = field(default_factory=dict)  # statement key → driver-format rows
    alarm_updates: dict[tuple[str, ...], list[DriverRow]] = field(default_factory=dict)  # changed columns → rows
    alarm_versions: dict[int, int] = field(default_factory=dict)  # alarm id → the version judged against
    stats: CycleStats = field(default_factory=CycleStats)

    @property
    def weight(self) -> int:
        if self.prepared:
            return 1 + sum(len(r) for r in self.rows.values()) + sum(len(r) for r in self.alarm_updates.values())
        return LATE_WEIGHT * (1 + len(getattr(self.result, "readings", ()) or ()))


def add_stats(total: CycleStats, part: CycleStats) -> CycleStats:
    for f in dataclasses.fields(CycleStats):
        setattr(total, f.name, getattr(total, f.name) + getattr(part, f.name))
    return total


def _minus(after: CycleStats, before: CycleStats) -> CycleStats:
    return CycleStats(**{f.name: getattr(after, f.name) - getattr(before, f.name)
                         for f in dataclasses.fields(CycleStats)})


def _full_row(obj: Base, columns: Sequence[Column[Any]]) -> dict[str, object]:
    """Every column of an ORM object as an INSERT needs it (scalar defaults filled in: the
    statement is sent to the driver as it is, without SQLAlchemy's defaults)."""
    values: dict[str, object] = {}
    for c in columns:
        v = getattr(obj, c.key)
        if v is None and isinstance(c.default, ColumnDefault) and c.default.is_scalar:
            v = c.default.arg
        values[c.key] = v
    return values


def prepare(session: Session, at: dt.datetime, items: Sequence[tuple[int, str, DeviceReadingLike]]) -> list[DeviceWork]:
    """Judge a cycle's readings on a read session (no write lock) and turn what the monitor
    decided into rows per device. Devices whose readings need a new series are left to be
    judged inside the lock (``prepared`` False)."""
    st = statements(session.get_bind().dialect)
    unit_ids = [unit_id for unit_id, _label, _result in items]
    monitor = Monitor(session, at, units=unit_ids)  # this tick's devices only, not every table whole
    # Their states in one query; kept referenced, so session.get finds them in the identity map.
    states = list(session.scalars(select(DeviceState).where(DeviceState.unit_id.in_(unit_ids))))
    works = [DeviceWork(unit_id, label, result) for unit_id, label, result in items]
    by_unit: dict[int, DeviceWork] = {}
    for work in works:
        if not monitor.knows_series(work.unit_id, work.result):
            continue
        before = dataclasses.replace(monitor.stats)
        state = monitor.apply(work.unit_id, work.label, work.result)
        raw, touched, renamed = monitor.take_pending()
        work.prepared = True
        work.stats = _minus(monitor.stats, before)
        by_unit[work.unit_id] = work
        rows = work.rows
        rows["state"] = [st.state.row(_full_row(state, STATE_COLUMNS))]
        if touched:
            rows["series"] = [st.series.row(series_row(s, SERIES_STATE)) for s in touched]
        if renamed:
            rows["series_words"] = [st.series_words.row(series_row(s, SERIES_WORDS)) for s in renamed]
        if raw:
            rows["raw"] = [st.raw.row(r) for r in raw]
            for n, (_model, seconds) in enumerate(ROLLUPS):
                rows[f"rollup{n}"] = [st.rollups[n].row(r) for r in rollup_rows(raw, seconds)]
    del states
    for obj in session.new:
        if isinstance(obj, Alarm):
            values = _full_row(obj, ALARM_COLUMNS)
            values["last_raised_at"] = values["last_raised_at"] or values["raised_at"]
            values["version"] = 1
            by_unit[obj.unit_id].rows.setdefault("alarm_new", []).append(st.alarm_new.row(values))
    for obj in session.dirty:
        if not isinstance(obj, Alarm):
            continue
        changed = tuple(k for k in ALARM_MUTABLE if orm_attributes.get_history(obj, k).added)
        if not changed:
            continue
        work = by_unit[obj.unit_id]
        values = {f"b_{k}": getattr(obj, k) for k in changed}
        values.update(b_id=obj.id, b_old=obj.version, b_version=obj.version + 1)
        work.alarm_updates.setdefault(changed, []).append(st.alarm_update(changed).row(values))
        work.alarm_versions[obj.id] = obj.version
    return works


def chunks(works: Sequence[DeviceWork], budget: int | None = None) -> list[list[DeviceWork]]:
    """Devices in write transactions of about ``budget`` rows each (:data:`CHUNK_ROWS`), a
    device never split."""
    budget = budget or CHUNK_ROWS
    out: list[list[DeviceWork]] = []
    current: list[DeviceWork] = []
    load = 0
    for work in works:
        weight = work.weight
        if current and load + weight > budget:
            out.append(current)
            current, load = [], 0
        current.append(work)
        load += weight
    if current:
        out.append(current)
    return out


# The order a chunk writes its tables in: a device's state, its alarms, then its series and readings.
ROW_KEYS = ("state", "alarm_new", "series", "series_words", "raw", *(f"rollup{n}" for n in range(len(ROLLUPS))))


# The change marks (opsdesk.models.meta) each kind of prepared row bumps: plain SQL, which the
# ORM's own tracking does not see.
CHANGED_BY = {"state": ("device_state",), "alarm_new": ("alarm",), "series": ("metric_series",),
              "series_words": ("metric_series",), "raw": ("reading_raw",)}


def write_chunk(session: Session, at: dt.datetime, works: Sequence[DeviceWork]) -> CycleStats:
    """Write prepared devices' rows inside the write transaction ``session`` holds; judge here
    the devices not prepared, and those whose alarm changed since the snapshot."""
    conn = session.connection()
    st = statements(conn.dialect)
    versions = {aid: v for w in works if w.prepared for aid, v in w.alarm_versions.items()}
    if versions:
        found = dict(conn.execute(select(Alarm.id, Alarm.version).where(Alarm.id.in_(list(versions)))).all())
        for w in works:
            if w.prepared and any(found.get(aid) != v for aid, v in w.alarm_versions.items()):
                w.prepared = False  # acknowledged (or deleted) meanwhile: judged again on what is there now
    ready = [w for w in works if w.prepared]
    late = [w for w in works if not w.prepared]
    stats = CycleStats()
    for key in ROW_KEYS:
        prepared = {"state": st.state, "alarm_new": st.alarm_new, "series": st.series,
                    "series_words": st.series_words, "raw": st.raw,
                    **{f"rollup{n}": p for n, p in enumerate(st.rollups)}}[key]
        rows = [r for w in ready for r in w.rows.get(key, ())]
        prepared.run(conn, rows)
        if rows:
            note_change(session, *CHANGED_BY.get(key, ()))  # plain SQL: the live feed's marks learn of it
    updates: dict[tuple[str, ...], list[DriverRow]] = {}
    for w in ready:
        for columns, rows in w.alarm_updates.items():
            updates.setdefault(columns, []).extend(rows)
        add_stats(stats, w.stats)
    for columns, rows in updates.items():
        note_change(session, "alarm")
        changed = st.alarm_update(columns).run(conn, rows)
        if conn.dialect.supports_sane_multi_rowcount and changed != len(rows):  # checked above, in this lock
            raise RuntimeError(f"{len(rows) - changed} alarm(s) changed under the poller's write")
    if late:
        monitor = Monitor(session, at, units=[w.unit_id for w in late])
        for w in late:
            monitor.apply(w.unit_id, w.label, w.result)
        add_stats(stats, monitor.flush())
    return stats
