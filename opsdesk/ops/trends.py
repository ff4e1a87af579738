"""Room temperature and humidity: the gauges' points and the trends behind them (R-ENV-1, R-ENV-2).

Queries only, no Qt. A point is a metric series the room limits apply to (the
room-air role (``models.roles.ROOM_AIR_ROLES``) with class temperature or humidity: return air,
ambient sensors). A trend is one series over a range, read with one Core select
into numpy arrays (no ORM object per row), from the source that fits the range:
raw readings for 1 h, 24 h and 30 days, 5-minute roll-ups for 7 days, hourly
roll-ups for a year. Given the chart's width in pixel columns, a range that holds more than
four rows per column is reduced by the database to one bucket per column (lowest and highest;
roll-ups also their average): the chart draws the same shape from a few thousand numbers
instead of fetching tens of thousands of rows, and asks again for the finer rows when the
user zooms in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Column, ColumnElement, Table, func, or_, select
from sqlalchemy.orm import Session

from opsdesk.clock import DEFAULT_TZ, UTC, now, to_local
from opsdesk.i18n import t
from opsdesk.models import settings
from opsdesk.models.alarm_text import shown
from opsdesk.models.base import table_of
from opsdesk.models.equipment import RegisterLine, Room, Site, Unit, display_name
from opsdesk.models.monitoring import (
    Alarm,
    MetricSeries,
    RawReading,
    Rollup1h,
    Rollup5m,
    is_room_point,
    series_name,
)
from opsdesk.models.roles import ROOM_AIR_ROLES
from opsdesk.ops.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.sql.expression import SQLColumnExpression

ENV_CLASSES = ("temperature", "humidity")
SPARK_HOURS = 24


@dataclass(frozen=True)
class RangeSpec:
    key: str
    span: dt.timedelta
    source: str  # "raw", "5m" or "1h"


RANGES: dict[str, RangeSpec] = {
    "1h": RangeSpec("1h", dt.timedelta(hours=1), "raw"),
    "24h": RangeSpec("24h", dt.timedelta(hours=24), "raw"),
    "7d": RangeSpec("7d", dt.timedelta(days=7), "5m"),
    "30d": RangeSpec("30d", dt.timedelta(days=30), "raw"),
    "1y": RangeSpec("1y", dt.timedelta(days=365), "1h"),
}
_ROLLUPS: dict[str, type[Rollup5m] | type[Rollup1h]] = {"5m": Rollup5m, "1h": Rollup1h}


EnvLimits = settings.RoomLimits
"""The band in force for a class of point: green inside, amber beyond, red from the margin."""


def env_limits(session: Session, room_id: int | None = None) -> dict[str, EnvLimits]:
    """Limits per class for a room's points: its own band where it has one, else the settings
    (the same as the monitor's rules: models.settings.room_limits)."""
    return settings.room_limits(session, [room_id])[room_id]


@dataclass
class EnvPoint:
    """One gauge: a temperature or humidity point with its latest value and today's span."""

    series_id: int
    unit_id: int
    device: str  # "YHL-AC-0001 精密空调"
    label: str  # "回风温度"
    cls: str
    unit_symbol: str
    site_id: int
    site_name: str
    tz: str
    room_id: int | None
    room_name: str
    value: float | None
    at: dt.datetime | None
    status: str  # ok / warning / critical / unknown
    limits: EnvLimits
    day_min: float | None = None
    day_max: float | None = None
    spark_t: np.ndarray = field(default_factory=lambda: np.empty(0))
    spark_v: np.ndarray = field(default_factory=lambda: np.empty(0))


def _epoch_col(session: Session,
               column: SQLColumnExpression[dt.datetime]) -> ColumnElement[float] | ColumnElement[int]:
    """The column as epoch seconds computed by the database: floats come back, no datetime
    object (or string to parse) per row."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return func.extract("epoch", column)


def _epochs(values: npt.ArrayLike) -> np.ndarray:
    """Epoch seconds to milliseconds (julianday carries a few microseconds of rounding)."""
    return np.round(np.asarray(values, dtype=np.float64), 3)


def _local_midnight(when: dt.datetime, tz: str) -> dt.datetime:
    local = to_local(when, tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def env_points(session: Session, site_id: int | None = None, room_id: int | None = None,
               at: dt.datetime | None = None) -> list[EnvPoint]:
    """The temperature and humidity points of a site or a room (all sites without either),
    ordered by site, room, device, temperature before humidity."""
    at = at or now()
    query = (
        select(MetricSeries, Unit.asset_tag, RegisterLine.name, RegisterLine.category, Site.id, Site.name,
               Site.timezone, Room.id, Room.name)
        .join(Unit, MetricSeries.unit_id == Unit.id)
        .join(RegisterLine, Unit.line_id == RegisterLine.id)
        .join(Site, RegisterLine.site_id == Site.id)
        .outerjoin(Room, Unit.room_id == Room.id)
        .where(MetricSeries.cls.in_(ENV_CLASSES),
               MetricSeries.role.in_(ROOM_AIR_ROLES))
    )
    if site_id is not None:
        query = query.where(Site.id == site_id)
    if room_id is not None:
        query = query.where(Unit.room_id == room_id)
    rows = [row for row in session.execute(query) if is_room_point(row[0].role)]
    limits = settings.room_limits(session, {row[7] for row in rows})
    points: list[EnvPoint] = []
    for series, tag, line_name, category, s_id, s_name, tz, r_id, r_name in rows:
        lim = limits[r_id][series.cls]
        points.append(EnvPoint(
            series_id=series.id, unit_id=series.unit_id, device=display_name(tag, line_name, category),
            label=series_name(series), cls=series.cls, unit_symbol=series.unit_symbol,
            site_id=s_id, site_name=s_name, tz=tz or DEFAULT_TZ, room_id=r_id, room_name=r_name or "",
            value=series.last_value, at=series.last_at, status=lim.status(series.last_value), limits=lim,
        ))
    points.sort(key=lambda p: (p.site_name, p.room_name, p.device, ENV_CLASSES.index(p.cls), p.label, p.series_id))
    if points:
        _fill_day_span(session, points, at)
        _fill_sparklines(session, points, at)
    return points


def _fill_day_span(session: Session, points: list[EnvPoint], at: dt.datetime) -> None:
    """Today's min and max (the site's local day so far) from the 5-minute roll-ups."""
    by_tz: dict[str, list[EnvPoint]] = {}
    for p in points:
        by_tz.setdefault(p.tz, []).append(p)
    for tz, group in by_tz.items():
        start = _local_midnight(at, tz)
        rows = session.execute(
            select(Rollup5m.series_id, func.min(Rollup5m.vmin), func.max(Rollup5m.vmax))
            .where(Rollup5m.series_id.in_([p.series_id for p in group]), Rollup5m.bucket >= start,
                   Rollup5m.bucket <= at)
            .group_by(Rollup5m.series_id)
        ).all()
        span = {sid: (lo, hi) for sid, lo, hi in rows}
        for p in group:
            p.day_min, p.day_max = span.get(p.series_id, (None, None))


def _fill_sparklines(session: Session, points: list[EnvPoint], at: dt.datetime) -> None:
    """The last 24 hours of 5-minute averages, for every point in one query."""
    start = at - dt.timedelta(hours=SPARK_HOURS)
    rows = session.execute(
        select(Rollup5m.series_id, _epoch_col(session, Rollup5m.bucket), Rollup5m.vsum / Rollup5m.n)
        .where(Rollup5m.series_id.in_([p.series_id for p in points]), Rollup5m.bucket >= start,
               Rollup5m.bucket <= at)
        .order_by(Rollup5m.series_id, Rollup5m.bucket)
    ).all()
    if not rows:
        return
    ids = np.array([r[0] for r in rows])
    times = _epochs([r[1] for r in rows])
    values = np.array([r[2] for r in rows], dtype=np.float64)
    for p in points:
        mask = ids == p.series_id
        p.spark_t, p.spark_v = times[mask], values[mask]


@dataclass
class Trend:
    """One series over one range: epoch seconds and values; min/max envelopes for roll-ups."""

    series_id: int
    range_key: str
    source: str
    start: dt.datetime
    end: dt.datetime
    t: np.ndarray
    v: np.ndarray
    vmin: np.ndarray | None = None
    vmax: np.ndarray | None = None
    step: float | None = None
    """Seconds per bucket when reduced to the chart's columns (t: bucket centres, vmin/vmax:
    lowest and highest in the bucket; v: for roll-ups the average of the bucket's readings, for
    raw readings the middle of their range, where the crosshair sits); None for the rows as stored."""

    def __len__(self) -> int:
        return len(self.t)

    @property
    def reduced(self) -> bool:
        return self.step is not None


def _matrix(rows: Sequence[Iterable[float]], columns: int) -> np.ndarray:
    """Result rows as a float matrix, read once as a flat stream (rows are not sequences numpy knows)."""
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=len(rows) * columns)
    return flat.reshape(-1, columns)


def _source_table(source: str) -> tuple[Table, Column[Any]]:
    """The table a source reads and its time column."""
    if source == "raw":
        raw = table_of(RawReading)
        return raw, raw.c.at
    table = table_of(_ROLLUPS[source])
    return table, table.c.bucket


def range_spec(range_key: str) -> RangeSpec:
    spec = RANGES.get(range_key)
    if spec is None:
        raise ValidationError("range", t("Unknown trend range: {key}", key=range_key))
    return spec


def trend(session: Session, series_id: int, range_key: str, end: dt.datetime | None = None, *,
          start: dt.datetime | None = None, columns: int | None = None) -> Trend:
    """The series over the range ending at ``end`` (now), from raw readings or roll-ups.

    ``start`` narrows the range to a zoomed part of it (the source stays the range's).
    ``columns``: the chart's width in pixels; more than :data:`REDUCE_ABOVE` rows per column
    are reduced to one bucket per column (see :class:`Trend`)."""
    spec = range_spec(range_key)
    end = end or now()
    start = start or end - spec.span
    table, at = _source_table(spec.source)
    where = (table.c.series_id == series_id, at >= start, at <= end)
    # One Core select on the session's connection, its rows read as the driver's plain tuples
    # (no ORM object, no Row per reading; the columns are floats, nothing to convert).
    conn = session.connection()
    if columns and columns > 0:
        # More rows than the threshold? Asked as "is there a row after that many", which walks
        # the threshold's rows of the key, not all of a long range as a count would.
        beyond = conn.execute(select(at).where(*where).order_by(at).limit(1)
                              .offset(REDUCE_ABOVE * columns)).first()
        if beyond is not None:
            return _reduced(session, series_id, range_key, spec.source, start, end, columns)
    if spec.source == "raw":
        rows = conn.execute(
            select(_epoch_col(session, at), table.c.value).where(*where).order_by(at)
        ).cursor.fetchall()
        data = _matrix(rows, 2)
        return Trend(series_id, range_key, "raw", start, end, _epochs(data[:, 0]), data[:, 1])
    rows = conn.execute(
        select(_epoch_col(session, at), table.c.vsum / table.c.n, table.c.vmin, table.c.vmax)
        .where(*where).order_by(at)
    ).cursor.fetchall()
    data = _matrix(rows, 4)
    return Trend(series_id, range_key, spec.source, start, end, _epochs(data[:, 0]), data[:, 1], data[:, 2],
                 data[:, 3])


REDUCE_ABOVE = 4
"""Rows per pixel column above which a trend is reduced to one bucket per column. Below it,
fetching the rows costs less than bucketing them (a bucket costs about what four rows do):
a month of one-minute readings (37 a column) and a year of hourly roll-ups (7.5) are reduced,
a day of one-minute readings (1.2) is not."""

# SQLite: the buckets' [lo, hi) bounds in the stored text form, made by a recursive CTE into a
# temporary table keyed by the bucket's number, each bucket joined to its run of the (series,
# time) key. Scanned in the key's order, the buckets group without sorting the readings.
_SQLITE_BUCKET_TABLE = "CREATE TEMP TABLE IF NOT EXISTS trend_bucket (i INTEGER PRIMARY KEY, lo TEXT, hi TEXT)"
_SQLITE_BOUNDS = """
WITH RECURSIVE b(i, lo, hi) AS (
  SELECT 0, ?1, CASE WHEN ?2 = 1 THEN ?3 ELSE strftime('%Y-%m-%d %H:%M:%f', julianday(?1) + ?4) END
  UNION ALL
  SELECT i + 1, hi, CASE WHEN i + 2 = ?2 THEN ?3 ELSE strftime('%Y-%m-%d %H:%M:%f', julianday(?1) + (i + 2) * ?4) END
  FROM b WHERE i + 1 < ?2)
INSERT INTO trend_bucket SELECT i, lo, hi FROM b"""
# ?1 start, ?2 buckets, ?3 just past the end, ?4 days per bucket
_SQLITE_BUCKETS = """
SELECT b.i, {aggregates}
FROM trend_bucket AS b JOIN {table} AS r ON r.series_id = ? AND r.{at} >= b.lo AND r.{at} < b.hi
GROUP BY b.i HAVING {low} IS NOT NULL"""
_AGGREGATES = {"raw": ("min(r.value), max(r.value)", "min(r.value)"),
               "rollup": ("min(r.vmin), max(r.vmax), sum(r.vsum) / sum(r.n)", "min(r.vmin)")}


def _stored(when: dt.datetime) -> str:
    """A UTC time as SQLite holds it (naive, microseconds): comparable as text with the column."""
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _reduced(session: Session, series_id: int, range_key: str, source: str, start: dt.datetime,
             end: dt.datetime, columns: int) -> Trend:
    # Whole milliseconds per bucket: the bounds are exact in the stored text (the last bucket
    # may reach a little past the end, which is the range's own bound).
    step = math.ceil((end - start).total_seconds() * 1000 / columns) / 1000
    if session.get_bind().dialect.name == "sqlite":
        table, at = _source_table(source)
        aggregates, low = _AGGREGATES["raw" if source == "raw" else "rollup"]
        sql = _SQLITE_BUCKETS.format(aggregates=aggregates, table=table.name, at=at.name, low=low)
        conn = session.connection()
        conn.exec_driver_sql(_SQLITE_BUCKET_TABLE)  # the connection's own temp schema: no lock on the file
        conn.exec_driver_sql("DELETE FROM trend_bucket")
        conn.exec_driver_sql(_SQLITE_BOUNDS, (_stored(start), columns, _stored(end + dt.timedelta(microseconds=1)),
                                              step / 86400.0))
        rows = conn.exec_driver_sql(sql, (series_id,)).fetchall()
        if source == "raw":
            data = _matrix(rows, 3)
            index, lo, hi = data[:, 0], data[:, 1], data[:, 2]
            middle = (lo + hi) / 2
        else:
            data = _matrix(rows, 4)
            index, lo, hi, middle = data[:, 0], data[:, 1], data[:, 2], data[:, 3]
    else:
        index, lo, hi, average = _reduce_in_numpy(session, series_id, range_key, start, end, step, columns)
        middle = (lo + hi) / 2 if source == "raw" else average
    centres = start.timestamp() + (index + 0.5) * step
    return Trend(series_id, range_key, source, start, end, np.round(centres, 3), middle, lo, hi, step=step)


Columns = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # (bucket index, lowest, highest, average)


def _reduce_in_numpy(session: Session, series_id: int, range_key: str, start: dt.datetime, end: dt.datetime,
                     step: float, columns: int) -> Columns:
    """Other databases: the rows fetched, then bucketed here (same buckets as the SQLite query)."""
    full = trend(session, series_id, range_key, end, start=start)
    lo = full.vmin if full.vmin is not None else full.v
    hi = full.vmax if full.vmax is not None else full.v
    return reduce_to_columns(full.t, full.v, lo, hi, start.timestamp(), step, columns)


def reduce_to_columns(t: np.ndarray, v: np.ndarray, lo: np.ndarray, hi: np.ndarray, start: float, step: float,
                      columns: int) -> Columns:
    """(bucket index, lowest, highest, average) of the samples per bucket of ``step`` seconds
    from ``start``; empty buckets left out. The average is of the samples' values (for roll-ups
    the hours' averages unweighted; the SQLite query weighs them by their reading counts)."""
    keep = ~np.isnan(v)
    t, v, lo, hi = t[keep], v[keep], lo[keep], hi[keep]
    if not len(t):
        empty = np.empty(0)
        return empty, empty, empty, empty
    step_ms = round(step * 1000)
    index = np.clip((np.round((t - start) * 1000).astype(np.int64) // step_ms), 0, columns - 1)
    starts = np.flatnonzero(np.r_[True, index[1:] != index[:-1]])
    counts = np.diff(np.r_[starts, len(t)])
    return (index[starts].astype(np.float64), np.minimum.reduceat(lo, starts), np.maximum.reduceat(hi, starts),
            np.add.reduceat(v, starts) / counts)


@dataclass(frozen=True)
class AlarmMark:
    """An alarm of the series on the time axis: raised, and cleared (or still open)."""

    raised: float  # epoch seconds
    cleared: float | None
    severity: str
    message: str


def alarm_marks(session: Session, series_id: int, start: dt.datetime, end: dt.datetime) -> list[AlarmMark]:
    """Alarms of the series that were open at some time in [start, end]."""
    rows = session.connection().execute(
        select(Alarm.raised_at, Alarm.cleared_at, Alarm.severity, Alarm.code, Alarm.params, Alarm.message)
        .where(Alarm.series_id == series_id, Alarm.kind != "event", Alarm.raised_at <= end,
               or_(Alarm.cleared_at.is_(None), Alarm.cleared_at >= start))
        .order_by(Alarm.raised_at)
    ).all()
    return [AlarmMark(r.raised_at.timestamp(), r.cleared_at.timestamp() if r.cleared_at else None,
                      r.severity, shown(r)) for r in rows]


@dataclass(frozen=True)
class SeriesInfo:
    """What a trend's title, axis and read-out need of its series."""

    series_id: int
    title: str  # "回风温度"
    device: str  # "YHL-AC-0001"
    cls: str
    unit_symbol: str
    tz: str
    room_id: int | None = None


def series_info(session: Session, series_id: int) -> SeriesInfo:
    """The series' names and unit, and its site's time zone (one Core select)."""
    row = session.connection().execute(  # Core on the connection: no ORM step for a plain row
        select(MetricSeries.label, MetricSeries.names, MetricSeries.metric, Unit.asset_tag, MetricSeries.cls,
               MetricSeries.unit_symbol, Site.timezone, Unit.room_id)
        .join(Unit, MetricSeries.unit_id == Unit.id)
        .join(RegisterLine, Unit.line_id == RegisterLine.id)
        .join(Site, RegisterLine.site_id == Site.id)
        .where(MetricSeries.id == series_id)
    ).first()
    if row is None:
        raise ValidationError("series", t("No such measuring point."))
    return SeriesInfo(series_id, series_name(row), row.asset_tag, row.cls, row.unit_symbol or "",
                      row.timezone or DEFAULT_TZ, row.room_id)


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def trend_csv(session: Session, series_id: int, range_key: str, end: dt.datetime | None = None,
              tz: str | None = None, data: Trend | None = None, start: dt.datetime | None = None) -> str:
    """The trend as CSV for Excel: UTF-8 with BOM, the site's local time, one row per point
    (raw readings with seconds; roll-ups with their average, lowest and highest)."""
    info = series_info(session, series_id)
    tz = tz or info.tz
    data = data if data is not None else trend(session, series_id, range_key, end, start=start)
    if data.reduced:
        raise ValueError("a trend reduced to a chart's columns is not the rows; export the rows")
    symbol = info.unit_symbol
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if data.source == "raw":
        writer.writerow([t("Time"), t("Value ({unit})", unit=symbol)])
    else:
        writer.writerow([t("Time"), t("Average ({unit})", unit=symbol), t("Lowest ({unit})", unit=symbol),
                         t("Highest ({unit})", unit=symbol)])
    pattern = "%Y-%m-%d %H:%M:%S" if data.source == "raw" else "%Y-%m-%d %H:%M"
    lows, highs = (None, None) if data.source == "raw" else (data.vmin, data.vmax)
    if data.source != "raw" and (lows is None or highs is None):
        raise ValueError("a trend of roll-ups without its lowest and highest values")
    for i, epoch in enumerate(data.t):
        when = to_local(dt.datetime.fromtimestamp(float(epoch), tz=UTC), tz).strftime(pattern)
        if lows is None or highs is None:  # raw readings
            writer.writerow([when, _fmt(data.v[i])])
        else:
            writer.writerow([when, _fmt(data.v[i]), _fmt(lows[i]), _fmt(highs[i])])
    return "\ufeff" + out.getvalue()
