"""Writing one poll cycle: readings, roll-ups, device state and alarms, in one transaction.

Raw readings are kept ``readings.raw_days``; 5-minute and hourly roll-ups (min,
avg, max) are updated as readings arrive — stored, never recomputed from raw
data at query time — and kept ``readings.rollup_days``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypedDict

from sqlalchemy import ColumnElement, Delete, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from opsdesk.models import alarm_text as codes
from opsdesk.models import categories, settings
from opsdesk.models.base import table_of
from opsdesk.models.equipment import RegisterLine, Unit, port_names
from opsdesk.models.meta import note_change
from opsdesk.models.monitoring import (
    LATCHING_SEVERITIES,
    SEVERITY_RANK,
    Alarm,
    DeviceState,
    DeviceStatus,
    MaintenanceWindow,
    MetricSeries,
    RawReading,
    Rollup1h,
    Rollup5m,
    is_room_point,
)
from opsdesk.monitor.rules import Limits, evaluate, room_limits

COUNTER32 = 2**32


# Read-only members (properties), so that any record with these fields fits: a dataclass's
# ``list[Reading]`` is a ``Sequence[ReadingLike]`` to read, not to write.
class ReadingLike(Protocol):
    @property
    def metric(self) -> str: ...
    @property
    def index(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def text(self) -> str | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def cls(self) -> str: ...
    @property
    def state_meaning(self) -> str | None: ...
    @property
    def severity(self) -> str | None: ...
    @property
    def limits(self) -> tuple[float | None, float | None] | None: ...
    @property
    def invalid_reason(self) -> str | None: ...
    # optional: role (opsdesk.models.roles) and alarm policy ("state", "change", "none")


class DeviceReadingLike(Protocol):
    @property
    def status(self) -> str: ...  # "ok", "unreachable" or "error"
    @property
    def error_category(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...
    @property
    def sys_object_id(self) -> str | None: ...
    @property
    def sys_descr(self) -> str | None: ...
    @property
    def uptime_s(self) -> float | None: ...
    @property
    def profiles(self) -> Sequence[str]: ...
    @property
    def readings(self) -> Sequence[ReadingLike]: ...
    # optional: kinds (the applied profiles' kinds), failed (metric key -> why its table
    # did not answer this time)


@dataclass
class CycleStats:
    devices: int = 0
    answering: int = 0
    readings: int = 0
    alarms_raised: int = 0
    alarms_cleared: int = 0
    alarms_reraised: int = 0  # came back before anyone acknowledged them: counted on their row


# A warning that cleared unacknowledged has left the current list; if it comes back
# within this time it is the same trouble chattering, counted on its row, not a new one.
# A latched (critical) alarm is reopened however long ago it cleared: it is still current.
REALARM_WINDOW = dt.timedelta(hours=1)


def _bucket(at: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(at.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


ROLLUPS: tuple[tuple[type[Rollup5m | Rollup1h], int], ...] = (
    (Rollup5m, 300), (Rollup1h, 3600))  # the roll-up tables and their bucket seconds


class RawRow(TypedDict):
    """One raw reading as the cycle inserts it."""

    series_id: int
    at: dt.datetime
    value: float


class RollupRow(TypedDict):
    """Raw readings of one series merged into one roll-up bucket."""

    series_id: int
    bucket: dt.datetime
    vmin: float
    vmax: float
    vsum: float
    n: int


def rollup_rows(rows: Sequence[RawRow], seconds: int) -> list[RollupRow]:
    """Raw rows ``{series_id, at, value}`` merged into one row per (series, bucket): min, max,
    sum and count, added to what the bucket holds by :func:`rollup_upsert`."""
    merged: dict[tuple[int, dt.datetime], RollupRow] = {}
    for row in rows:
        key = (row["series_id"], _bucket(row["at"], seconds))
        cur = merged.get(key)
        v = row["value"]
        if cur is None:
            merged[key] = {"series_id": key[0], "bucket": key[1], "vmin": v, "vmax": v, "vsum": v, "n": 1}
        else:
            cur["vmin"], cur["vmax"] = min(cur["vmin"], v), max(cur["vmax"], v)
            cur["vsum"] += v
            cur["n"] += 1
    return list(merged.values())


def rollup_upsert(dialect: str, model: type[Rollup5m | Rollup1h]) -> Insert:
    """INSERT … ON CONFLICT DO UPDATE adding merged rows to a roll-up table's buckets."""
    table = table_of(model)
    stmt = sqlite_insert(table) if dialect == "sqlite" else pg_insert(table)
    ex = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[table.c.series_id, table.c.bucket],
        set_={
            "vmin": _least(dialect, table.c.vmin, ex.vmin),
            "vmax": _greatest(dialect, table.c.vmax, ex.vmax),
            "vsum": table.c.vsum + ex.vsum,
            "n": table.c.n + ex.n,
        },
    )


def _upsert_rollups(session: Session, rows: list[RawRow]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    for model, seconds in ROLLUPS:
        session.execute(rollup_upsert(dialect, model), rollup_rows(rows, seconds))


def _least(dialect: str, a: ColumnElement[float], b: ColumnElement[float]) -> ColumnElement[float]:
    return func.min(a, b) if dialect == "sqlite" else func.least(a, b)


def _greatest(dialect: str, a: ColumnElement[float], b: ColumnElement[float]) -> ColumnElement[float]:
    return func.max(a, b) if dialect == "sqlite" else func.greatest(a, b)


# What a cycle changes on a metric series.
SERIES_STATE = ("label", "role", "last_value", "last_text", "last_at", "last_severity", "invalid_reason", "last_raw",
                "breach_since", "breach_severity")
# The series' name and state text in both languages (JSON): written only when a reading changes them
# (a series' own statement, not every cycle's), see Monitor._words.
SERIES_WORDS = ("names", "meanings")


class _Series:
    """A metric series as the monitor works on it: a plain row, read once per cycle and
    written back with every other touched series in one executemany (the ORM's unit of
    work would cost more than all the monitor's own judging)."""

    __slots__ = ("id", "metric", "idx", "unit_symbol", *SERIES_STATE, *SERIES_WORDS)
    # as MetricSeries has them; a new series' state fields start as None
    id: int
    metric: str
    idx: str
    unit_symbol: str
    label: str
    role: str
    last_value: float | None
    last_text: str | None
    last_at: dt.datetime | None
    last_severity: str | None
    invalid_reason: str | None
    last_raw: float | None
    breach_since: dt.datetime | None
    breach_severity: str | None
    names: dict[str, str] | None
    meanings: dict[str, str] | None

    def __init__(self, **values: object) -> None:
        for name in self.__slots__:
            setattr(self, name, values.get(name))


_SERIES_COLUMNS = [getattr(MetricSeries, name) for name in _Series.__slots__]
_SERIES_UPDATE = (
    update(table_of(MetricSeries))
    .where(table_of(MetricSeries).c.id == bindparam("b_id"))
    .values({name: bindparam(f"b_{name}") for name in SERIES_STATE})
)
_SERIES_WORDS_UPDATE = (
    update(table_of(MetricSeries))
    .where(table_of(MetricSeries).c.id == bindparam("b_id"))
    .values({name: bindparam(f"b_{name}") for name in SERIES_WORDS})
)


def series_row(series: _Series, columns: Sequence[str]) -> dict[str, object]:
    """A series' parameters for :data:`_SERIES_UPDATE` (``SERIES_STATE``) or :data:`_SERIES_WORDS_UPDATE`."""
    return {"b_id": series.id, **{f"b_{name}": getattr(series, name) for name in columns}}


def in_both(words: Mapping[str, str] | None) -> dict[str, str] | None:
    """A reading's name or state meaning in both languages (Reading.labels, .meanings) as a series keeps
    it: ``{"zh": …, "en": …}``, or None when the reader gives not both (then the stored text stands)."""
    if not words:
        return None
    zh, en = (words.get("zh") or "").strip(), (words.get("en") or "").strip()
    return {"zh": zh, "en": en} if zh and en else None


def _about(unit_label: str, reading: ReadingLike, series: _Series) -> codes.Params:
    """What an alarm of this reading is about: the device, the metric's key, role and name in both
    languages when the reader gives them (opsdesk.probes.reading.Reading.labels), else as labelled."""
    labels = getattr(reading, "labels", None)
    label = codes.both(labels.get("zh"), labels.get("en")) if labels else (series.label or reading.metric)
    return {"device": unit_label, "metric": reading.metric, "role": series.role, "label": label}


def _say(state: DeviceState, code: str | None, params: codes.Params | None = None) -> None:
    """What the state says: a code and its parameters (None: nothing), and its text in the poller's language."""
    state.code, state.params = code, params
    state.message = codes.state_text(state) if code else ""


class Monitor:
    """Applies poll results to the store. One instance per poller; state lives in the store."""

    def __init__(self, session: Session, now: dt.datetime, units: Iterable[int] | None = None) -> None:
        self.session = session
        self.now = now
        # Only these units' alarms, windows and series are read (a chunk of a cycle); None: every unit's.
        self._units = None if units is None else sorted(set(units))
        self.stats = CycleStats()
        self._raw: list[RawRow] = []
        self._touched: dict[int, _Series] = {}  # series written this cycle, by id
        self._renamed: dict[int, _Series] = {}  # series whose names or meanings changed this cycle, by id
        self._unreachable_after = settings.get(session, "monitor.unreachable_after")
        self._limits_cache: dict[tuple[int | None, str], Limits] | None = None  # read on first need
        self._hold = dt.timedelta(seconds=settings.get(session, "monitor.hold_seconds"))
        self._series_cache: dict[int, dict[tuple[str, str], _Series]] | None = None
        self._unit_info: dict[int, tuple[str, frozenset[str], int | None]] | None = None  # category, 监控端口, room
        windows = select(MaintenanceWindow).where(MaintenanceWindow.starts_at <= now, MaintenanceWindow.ends_at > now)
        open_alarms = select(Alarm).where(Alarm.cleared_at.is_(None))
        if self._units is not None:
            windows = windows.where(MaintenanceWindow.unit_id.in_(self._units))
            open_alarms = open_alarms.where(Alarm.unit_id.in_(self._units))
        self._maintenance = {w.unit_id for w in session.scalars(windows)}
        self._open: dict[tuple[int, int | None, str], Alarm] = {
            (a.unit_id, a.series_id, a.kind): a for a in session.scalars(open_alarms)
        }

    # -- alarms ---------------------------------------------------------------------------
    def _raise(self, unit_id: int, series: _Series | None, kind: str, severity: str, code: str,
               params: codes.Params, value: float | None = None, limits: Limits | None = None) -> Alarm:
        """``code`` and ``params``: what it says (opsdesk.models.alarm_text), rendered when read; the
        message is kept in the poller's language for old readers and the audit."""
        key = (unit_id, series.id if series else None, kind)
        existing = self._open.get(key)
        if existing is not None:
            if SEVERITY_RANK[severity] > SEVERITY_RANK[existing.severity]:
                params = {**params, "maintenance": existing.in_maintenance}
                existing.severity, existing.value = severity, value
                existing.code, existing.params, existing.message = code, params, codes.alarm_text(code, params)
                existing.acked_at = existing.acked_by = existing.ack_note = None  # escalated: look again
            return existing
        quiet = unit_id in self._maintenance
        params = {**params, "maintenance": quiet}
        again = self._unacknowledged(key, quiet)
        if again is not None:
            return self._reraise(key, again, severity, code, params, value, limits)
        alarm = Alarm(
            unit_id=unit_id, series_id=series.id if series else None, kind=kind, severity=severity,
            code=code, params=params, message=codes.alarm_text(code, params), value=value,
            limit_low=limits.low if limits else None, limit_high=limits.high if limits else None,
            raised_at=self.now, last_raised_at=self.now, in_maintenance=quiet,
        )
        self.session.add(alarm)
        self._open[key] = alarm
        self.stats.alarms_raised += 1
        return alarm

    def _unacknowledged(self, key: tuple[int, int | None, str], quiet: bool) -> Alarm | None:
        """The same trouble's newest alarm, if it cleared and nobody has acknowledged it
        yet (ISA-18.2's re-alarm): latched, or a warning that cleared a short while ago.
        Asked only when something is raised, so a quiet cycle costs no query."""
        unit_id, series_id, kind = key
        series_match = Alarm.series_id.is_(None) if series_id is None else Alarm.series_id == series_id
        newest = self.session.scalars(select(Alarm).where(Alarm.unit_id == unit_id, series_match, Alarm.kind == kind)
                                      .order_by(Alarm.id.desc()).limit(1)).first()
        if newest is None or newest.cleared_at is None or newest.acked_at is not None:
            return None
        if newest.in_maintenance != quiet:  # expected then, unexpected now (or the reverse): a new alarm
            return None
        if not newest.latched and newest.cleared_at < self.now - REALARM_WINDOW:
            return None
        return newest

    def _reraise(self, key: tuple[int, int | None, str], alarm: Alarm, severity: str, code: str,
                 params: codes.Params, value: float | None, limits: Limits | None) -> Alarm:
        """Reopen an unacknowledged alarm that came back: one row, its count and newest time.
        It keeps the worst severity it had, since that is what is still to be acknowledged."""
        alarm.cleared_at = None
        alarm.latched = False
        alarm.occurrences = (alarm.occurrences or 1) + 1
        alarm.last_raised_at = self.now
        if SEVERITY_RANK[severity] >= SEVERITY_RANK[alarm.severity]:
            alarm.severity, alarm.value = severity, value
            alarm.code, alarm.params, alarm.message = code, params, codes.alarm_text(code, params)
            if limits is not None:
                alarm.limit_low, alarm.limit_high = limits.low, limits.high
        self._open[key] = alarm
        self.stats.alarms_reraised += 1
        return alarm

    def _clear(self, unit_id: int, series: _Series | None, kind: str) -> None:
        alarm = self._open.pop((unit_id, series.id if series else None, kind), None)
        if alarm is not None:
            alarm.cleared_at = self.now
            # Cleared before anyone saw it: it stays current until acknowledged (ISA-18.2).
            alarm.latched = (alarm.acked_at is None and not alarm.in_maintenance
                             and alarm.severity in LATCHING_SEVERITIES)
            self.stats.alarms_cleared += 1

    def event(self, unit_id: int, code: str, params: codes.Params, severity: str = "warning",
              series: _Series | None = None) -> None:
        """Something that happened (an agent restarted): history, raised and cleared at once."""
        quiet = unit_id in self._maintenance
        params = {**params, "maintenance": quiet}
        self.session.add(Alarm(unit_id=unit_id, series_id=series.id if series else None, kind="event",
                               severity=severity, code=code, params=params, message=codes.alarm_text(code, params),
                               raised_at=self.now, cleared_at=self.now, in_maintenance=quiet))

    def _units_info(self) -> dict[int, tuple[str, frozenset[str], int | None]]:
        """Every unit's register category, monitored ports and room (one query a cycle)."""
        if self._unit_info is None:
            rows = self.session.execute(select(Unit.id, RegisterLine.category, Unit.monitored_ports, Unit.room_id)
                                        .join(RegisterLine, Unit.line_id == RegisterLine.id))
            self._unit_info = {uid: (cat or "", port_names(ports), room) for uid, cat, ports, room in rows}
        return self._unit_info

    def _info(self, unit_id: int) -> tuple[str, frozenset[str], int | None]:
        """The unit's register category, monitored ports and room."""
        return self._units_info().get(unit_id, ("", frozenset(), None))

    # -- one device -----------------------------------------------------------------------
    def apply(self, unit_id: int, unit_label: str, result: DeviceReadingLike) -> DeviceState:
        # No autoflush: the cycle's changes are written together by flush().
        with self.session.no_autoflush:
            return self._apply(unit_id, unit_label, result)

    def _apply(self, unit_id: int, unit_label: str, result: DeviceReadingLike) -> DeviceState:
        state = self.session.get(DeviceState, unit_id)
        if state is None:
            state = DeviceState(unit_id=unit_id, status=DeviceStatus.UNKNOWN.value, failures=0, profiles=[])
            self.session.add(state)
        self.stats.devices += 1
        state.last_poll_at = self.now
        state.in_maintenance = unit_id in self._maintenance
        if result.status != "ok":
            # the reason's code, not the agent's English words; those stay in the params' detail
            silent: codes.Params = {"reason": result.error_category or result.status,
                                    "detail": result.error_message or ""}
            state.failures = (state.failures or 0) + 1
            _say(state, codes.UNREACHABLE, silent)
            if state.failures >= self._unreachable_after:
                if state.status != DeviceStatus.UNREACHABLE.value:
                    self._raise(unit_id, None, "unreachable", "critical", codes.UNREACHABLE,
                                {"device": unit_label, **silent})
                state.status = DeviceStatus.UNREACHABLE.value
            return state
        self.stats.answering += 1
        if state.status == DeviceStatus.UNREACHABLE.value:
            self._clear(unit_id, None, "unreachable")
        if state.uptime_s is not None and result.uptime_s is not None and result.uptime_s + 60 < state.uptime_s:
            self.event(unit_id, codes.RESTARTED, {"device": unit_label})
        state.failures = 0
        state.last_ok_at = self.now
        state.sys_object_id, state.sys_descr = result.sys_object_id or "", result.sys_descr or ""
        state.uptime_s, state.profiles = result.uptime_s, list(result.profiles)
        _say(state, None)
        series_by_key = self._series_of(unit_id)
        category, monitored, _room = self._info(unit_id)
        for reading in result.readings:
            self._apply_reading(unit_id, unit_label, reading, series_by_key, monitored)
        self._apply_failed(unit_id, unit_label, getattr(result, "failed", None) or {}, series_by_key)
        kinds = getattr(result, "kinds", None)  # a reader that does not say which profiles read is not judged
        wanted = categories.get(category).reading_kinds if categories.known(category) else frozenset()
        unread = kinds is not None and bool(wanted) and not (set(kinds) & wanted)
        descr = (result.sys_descr or result.sys_object_id or "?")[:80]
        if unread:
            self._raise(unit_id, None, "no_profile", "warning", codes.NO_PROFILE,
                        {"device": unit_label, "descr": descr})
        else:
            self._clear(unit_id, None, "no_profile")
        worst = max((SEVERITY_RANK[a.severity] for (u, _, k), a in self._open.items()
                     if u == unit_id and not a.in_maintenance and k != "no_profile"), default=0)
        if unread and worst < 2:
            state.status = DeviceStatus.NO_PROFILE.value
            _say(state, codes.NO_PROFILE, {"descr": descr})
        else:
            state.status = {0: DeviceStatus.OK, 1: DeviceStatus.WARNING, 2: DeviceStatus.CRITICAL}[worst].value
        return state

    def _series_of(self, unit_id: int) -> dict[tuple[str, str], _Series]:
        """A unit's series by (metric, index); every series in one query, on the cycle's first need."""
        if self._series_cache is None:
            self._series_cache = {}
            query = select(MetricSeries.unit_id, *_SERIES_COLUMNS)
            if self._units is not None:
                query = query.where(MetricSeries.unit_id.in_(self._units))
            for row in self.session.execute(query):
                self._series_cache.setdefault(row.unit_id, {})[(row.metric, row.idx)] = _Series(**row._mapping)
        return self._series_cache.setdefault(unit_id, {})

    def knows_series(self, unit_id: int, result: DeviceReadingLike) -> bool:
        """Whether every series ``result`` writes exists already (applying it inserts no series)."""
        if result.status != "ok":
            return True
        known = self._series_of(unit_id)
        return all((r.metric, r.index or "") in known for r in result.readings)

    def take_pending(self) -> tuple[list[RawRow], list[_Series], list[_Series]]:
        """The raw readings, touched series and series whose names or meanings changed, not written
        yet, handed over to the caller (who writes them: opsdesk.monitor.cycle); the monitor forgets them."""
        raw, touched, renamed = self._raw, list(self._touched.values()), list(self._renamed.values())
        self._raw, self._touched, self._renamed = [], {}, {}
        return raw, touched, renamed

    def _apply_failed(self, unit_id: int, unit_label: str, failed: Mapping[str, str],
                      cache: dict[tuple[str, str], _Series]) -> None:
        """A table that did not answer this time: its known rows are invalid this cycle
        (one event each, as any invalid reading), the device's other readings stand."""
        if not failed:
            return
        for (metric, _idx), series in cache.items():
            reason = failed.get(metric)
            if reason is None:
                continue
            self._touched[series.id] = series
            series.last_at = self.now
            category, _, detail = (p.strip() for p in reason.partition(":"))  # "timeout: no answer in 2 s"
            known = category if category in codes.REASONS else None
            why_params = {"reason": known or "error", "detail": detail if known else reason}
            why = codes.invalid_text("no_answer", why_params)
            if series.invalid_reason is None:
                # no reading this time: the names the series keeps in both languages, else its label
                names = series.names or {}
                label = codes.both(names.get("zh"), names.get("en")) if names else (series.label or metric)
                self.event(unit_id, codes.INVALID,
                           {"device": unit_label, "metric": metric, "label": label,
                            "reason": known, "why": "no_answer", "why_params": why_params, "reason_text": why},
                           series=series)
            series.invalid_reason = why
            series.last_value = None

    def _series(self, unit_id: int, reading: ReadingLike, cache: dict[tuple[str, str], _Series]) -> _Series:
        key = (reading.metric, reading.index or "")
        series = cache.get(key)
        if series is None:
            symbol = reading.unit or ""
            if reading.cls == "counter":  # stored as a rate per second
                symbol = f"{symbol}/s" if symbol else "/s"
            values = {"metric": reading.metric, "idx": reading.index or "", "label": reading.label or "",
                      "unit_symbol": symbol, "role": getattr(reading, "role", "") or "",
                      "names": in_both(getattr(reading, "labels", None))}
            new_id = self.session.execute(insert(MetricSeries).values(unit_id=unit_id, cls=reading.cls or "", **values)
                                          .returning(MetricSeries.id)).scalar_one()
            series = cache[key] = _Series(id=new_id, **values)
        else:
            if reading.label and series.label != reading.label:
                series.label = reading.label
            role = getattr(reading, "role", "") or ""
            if series.role != role:
                series.role = role
            self._words(series, "names", in_both(getattr(reading, "labels", None)))
        return series

    def _words(self, series: _Series, name: str, words: dict[str, str] | None) -> None:
        """Set a series' ``names`` or ``meanings``; written (``_renamed``) only when they change."""
        if getattr(series, name) != words:
            setattr(series, name, words)
            self._renamed[series.id] = series

    def _limits_for(self, unit_id: int, reading: ReadingLike) -> Limits | None:
        if is_room_point(getattr(reading, "role", "")) and reading.cls in settings.ROOM_LIMIT_KEYS:
            # The room's own band where it has one (R-ENV-1); every room's read once a cycle.
            room = self._info(unit_id)[2]
            if self._limits_cache is None:
                rooms = {info[2] for info in self._units_info().values()}
                self._limits_cache = room_limits(self.session, rooms | {None})
            return self._limits_cache[(room, reading.cls)]
        if reading.limits and any(v is not None for v in reading.limits):
            return Limits(reading.limits[0], reading.limits[1], 0.0, self._hold)
        return None

    def _apply_reading(self, unit_id: int, unit_label: str, reading: ReadingLike,
                       cache: dict[tuple[str, str], _Series], monitored: frozenset[str] = frozenset()) -> None:
        series = self._series(unit_id, reading, cache)
        previous_severity = series.last_severity
        self._touched[series.id] = series
        value = reading.value
        if reading.cls == "counter" and value is not None:
            value = self._rate(series, value)
        series.last_at = self.now
        series.last_text = reading.state_meaning or reading.text
        # a state's meaning in both languages; none (a free-text value is device data, an unknown state)
        self._words(series, "meanings", in_both(getattr(reading, "meanings", None)))
        series.last_severity = reading.severity
        if reading.invalid_reason:
            if series.invalid_reason is None:  # one clear event, not one per poll
                why = getattr(reading, "invalid_code", None)  # the probe's reason as a code, where it has one
                why_params = dict(getattr(reading, "invalid_params", None) or {})
                self.event(unit_id, codes.INVALID,
                           {**_about(unit_label, reading, series), "reason": why_params.get("reason") if
                            why == "no_answer" else None, "why": why, "why_params": why_params,
                            "reason_text": reading.invalid_reason}, series=series)
            series.invalid_reason = reading.invalid_reason
            series.last_value = None
            return
        series.invalid_reason = None
        series.last_value = value
        if value is not None:
            self._raw.append({"series_id": series.id, "at": self.now, "value": float(value)})
            self.stats.readings += 1
        if reading.cls == "state" or reading.severity in ("warning", "critical"):
            bad = reading.severity in ("warning", "critical")
            policy = getattr(reading, "alarm", "state") or "state"
            # by the port's name, never its ifIndex
            if policy == "change" and (getattr(reading, "row", "") or series.label) in monitored:
                policy = "state"  # a port the site marked as monitored (an uplink) alarms whenever down
            if policy == "none":
                bad = False
            elif policy == "change" and bad and (unit_id, series.id, "state") not in self._open:
                # Only a change from a good state raises: a port that was never up, or was
                # already down before a restart (the last state is kept), raises nothing.
                bad = previous_severity == "ok"
            kind = "threshold" if policy == "threshold" else "state"  # the device judged it against its limits
            if bad and reading.severity is not None:  # bad: the severity is warning or critical
                meanings = getattr(reading, "meanings", None)  # the state's meaning in both languages
                state = (codes.both(meanings.get("zh"), meanings.get("en")) if meanings
                         else reading.state_meaning or reading.text or "")
                self._raise(unit_id, series, kind, reading.severity, codes.STATE,
                            {**_about(unit_label, reading, series), "state": state, "value": value,
                             "unit": series.unit_symbol}, value)
            else:
                self._clear(unit_id, series, kind)
            return
        limits = self._limits_for(unit_id, reading)
        if limits is None or value is None:
            return
        open_alarm = self._open.get((unit_id, series.id, "threshold"))
        decision = evaluate(value, limits, open_alarm.severity if open_alarm else None, series.breach_since, self.now)
        series.breach_since, series.breach_severity = decision.breach_since, decision.breach_severity
        if decision.clear:
            self._clear(unit_id, series, "threshold")
        elif decision.raise_severity:
            label = _about(unit_label, reading, series)["label"]
            params = codes.threshold_params(unit_label, label, value, series.unit_symbol, limits.low, limits.high,
                                            metric=reading.metric, role=series.role)
            self._raise(unit_id, series, "threshold", decision.raise_severity, codes.THRESHOLD, params, value, limits)

    def _rate(self, series: _Series, raw: float) -> float | None:
        """Counters become rates per second; a wrap of a 32-bit counter is handled,
        a counter that went back otherwise (agent restart) gives no value this time."""
        prev, prev_at = series.last_raw, series.last_at
        series.last_raw = raw
        if prev is None or prev_at is None or prev_at >= self.now:
            return None
        delta = raw - prev
        if delta < 0:
            if prev < COUNTER32 and prev > COUNTER32 / 2:
                delta += COUNTER32
            else:
                return None
        return delta / (self.now - prev_at).total_seconds()

    def flush(self) -> CycleStats:
        """Write the cycle's raw readings, roll-ups and series in batches."""
        if self._raw:
            self.session.execute(insert(RawReading), self._raw)
            _upsert_rollups(self.session, self._raw)
            note_change(self.session, "reading_raw")  # a Core insert: the live feed's marks learn of it
            self._raw = []
        self._flush_series()
        self.session.flush()
        return self.stats

    def _flush_series(self) -> None:
        """Every touched series in one executemany (the unit of work would send them
        in many small batches, grouped by which columns changed), and those renamed in another."""
        if self._renamed:
            self.session.execute(_SERIES_WORDS_UPDATE, [series_row(s, SERIES_WORDS) for s in self._renamed.values()])
            self._renamed = {}
        if not self._touched:
            return
        rows = [series_row(s, SERIES_STATE) for s in self._touched.values()]
        self._touched = {}
        self.session.execute(_SERIES_UPDATE, rows)


def apply_retention(session: Session, now: dt.datetime, series_ids: Sequence[int] | None = None) -> tuple[int, int]:
    """Delete raw readings and roll-ups past their keep times (of these series only, when
    given: the poller deletes a few series per transaction); returns (raw, rollups) deleted."""
    raw_cut = now - dt.timedelta(days=settings.get(session, "readings.raw_days"))
    roll_cut = now - dt.timedelta(days=settings.get(session, "readings.rollup_days"))
    raw_query = delete(RawReading).where(RawReading.at < raw_cut)
    if series_ids is not None:
        raw_query = raw_query.where(RawReading.series_id.in_(series_ids))
    raw = _deleted(session, raw_query)
    rolled = 0
    for model in (Rollup5m, Rollup1h):
        query = delete(model).where(model.bucket < roll_cut)
        if series_ids is not None:
            query = query.where(model.series_id.in_(series_ids))
        rolled += _deleted(session, query)
    return raw, rolled


def _deleted(session: Session, query: Delete) -> int:
    """Run a DELETE; the rows it deleted (its result is a cursor result, typed as any result)."""
    result = session.execute(query)
    if not isinstance(result, CursorResult):
        raise TypeError(f"a DELETE gave a {type(result).__name__}, not a cursor result")
    return result.rowcount


def open_alarms(session: Session) -> Iterable[Alarm]:
    """Alarms not cleared (active), newest first; see :attr:`Alarm.current` for the list's wider rule."""
    return session.scalars(select(Alarm).where(Alarm.cleared_at.is_(None)).order_by(Alarm.last_raised_at.desc()))
