"""Room temperature and humidity: the gauges' points and the trends behind them (R-ENV-1, R-ENV-2).

Queries only, no Qt. A point is a metric series the room limits apply to (the
``models.monitoring.ROOM_METRIC_PREFIXES`` with class temperature or humidity: return air,
ambient sensors). A trend is one series over a range, read with one Core select
into numpy arrays (no ORM object per row), from the source that fits the range:
raw readings for 1 h, 24 h and 30 days, 5-minute roll-ups for 7 days, hourly
roll-ups for a year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, contains_eager

from opsdesk.clock import DEFAULT_TZ, UTC, now, to_local
from opsdesk.i18n import t
from opsdesk.models import settings
from opsdesk.models.equipment import RegisterLine, Room, Site, Unit
from opsdesk.models.monitoring import (ROOM_METRIC_PREFIXES, Alarm, MetricSeries, RawReading, Rollup1h, Rollup5m,
                                      is_room_point)
from opsdesk.ops.errors import ValidationError

ENV_CLASSES = ("temperature", "humidity")
_LIMIT_KEYS = {"temperature": ("env.temp_low", "env.temp_high", "monitor.temp_critical_margin"),
               "humidity": ("env.humidity_low", "env.humidity_high", "monitor.humidity_critical_margin")}
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
_ROLLUPS = {"5m": Rollup5m, "1h": Rollup1h}


@dataclass(frozen=True)
class EnvLimits:
    """The band in force for a class of point: green inside, amber beyond, red from the margin."""

    low: float | None
    high: float | None
    critical_margin: float | None

    def status(self, value: float | None) -> str:
        """"ok", "warning" or "critical" for a value; "unknown" without one."""
        if value is None:
            return "unknown"
        over = None
        if self.high is not None and value > self.high:
            over = value - self.high
        elif self.low is not None and value < self.low:
            over = self.low - value
        if over is None:
            return "ok"
        return "critical" if self.critical_margin is not None and over >= self.critical_margin else "warning"


def env_limits(session: Session) -> dict[str, EnvLimits]:
    """Limits per class from the settings env.* and monitor.*_critical_margin."""
    wanted = [key for keys in _LIMIT_KEYS.values() for key in keys]
    # One query for the six (settings.get would ask once per key): stored value, else the default.
    stored = dict(session.execute(select(settings.Setting.key, settings.Setting.value)
                                  .where(settings.Setting.key.in_(wanted))).all())
    return {cls: EnvLimits(*(stored[key] if key in stored else settings.SPECS[key].default for key in keys))
            for cls, keys in _LIMIT_KEYS.items()}


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


def _epoch_col(session: Session, column):
    """The column as epoch seconds computed by the database: floats come back, no datetime
    object (or string to parse) per row."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(column) - 2440587.5) * 86400.0
    return func.extract("epoch", column)


def _epochs(values) -> np.ndarray:
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
        select(MetricSeries, Unit.asset_tag, RegisterLine.name, Site.id, Site.name, Site.timezone, Room.id, Room.name)
        .join(Unit, MetricSeries.unit_id == Unit.id)
        .join(RegisterLine, Unit.line_id == RegisterLine.id)
        .join(Site, RegisterLine.site_id == Site.id)
        .outerjoin(Room, Unit.room_id == Room.id)
        .where(MetricSeries.cls.in_(ENV_CLASSES),
               or_(*(MetricSeries.metric.startswith(p) for p in ROOM_METRIC_PREFIXES)))
    )
    if site_id is not None:
        query = query.where(Site.id == site_id)
    if room_id is not None:
        query = query.where(Unit.room_id == room_id)
    limits = env_limits(session)
    points: list[EnvPoint] = []
    for series, tag, line_name, s_id, s_name, tz, r_id, r_name in session.execute(query):
        if not is_room_point(series.metric):
            continue
        lim = limits[series.cls]
        points.append(EnvPoint(
            series_id=series.id, unit_id=series.unit_id, device=f"{tag} {line_name}".strip(),
            label=series.label or series.metric, cls=series.cls, unit_symbol=series.unit_symbol,
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

    def __len__(self) -> int:
        return len(self.t)


def _matrix(rows, columns: int) -> np.ndarray:
    """Result rows as a float matrix, read once as a flat stream (rows are not sequences numpy knows)."""
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.float64, count=len(rows) * columns)
    return flat.reshape(-1, columns)


def range_spec(range_key: str) -> RangeSpec:
    spec = RANGES.get(range_key)
    if spec is None:
        raise ValidationError("range", t("Unknown trend range: {key}", key=range_key))
    return spec


def trend(session: Session, series_id: int, range_key: str, end: dt.datetime | None = None) -> Trend:
    """The series over the range ending at ``end`` (now), from raw readings or roll-ups."""
    spec = range_spec(range_key)
    end = end or now()
    start = end - spec.span
    # One Core select on the session's connection, its rows read as the driver's plain tuples
    # (no ORM object, no Row per reading; the columns are floats, nothing to convert).
    conn = session.connection()
    if spec.source == "raw":
        rows = conn.execute(
            select(_epoch_col(session, RawReading.at), RawReading.value)
            .where(RawReading.series_id == series_id, RawReading.at >= start, RawReading.at <= end)
            .order_by(RawReading.at)
        ).cursor.fetchall()
        data = _matrix(rows, 2)
        return Trend(series_id, range_key, "raw", start, end, _epochs(data[:, 0]), data[:, 1])
    model = _ROLLUPS[spec.source]
    rows = conn.execute(
        select(_epoch_col(session, model.bucket), model.vsum / model.n, model.vmin, model.vmax)
        .where(model.series_id == series_id, model.bucket >= start, model.bucket <= end)
        .order_by(model.bucket)
    ).cursor.fetchall()
    data = _matrix(rows, 4)
    return Trend(series_id, range_key, spec.source, start, end, _epochs(data[:, 0]), data[:, 1], data[:, 2],
                 data[:, 3])


@dataclass(frozen=True)
class AlarmMark:
    """An alarm of the series on the time axis: raised, and cleared (or still open)."""

    raised: float  # epoch seconds
    cleared: float | None
    severity: str
    message: str


def alarm_marks(session: Session, series_id: int, start: dt.datetime, end: dt.datetime) -> list[AlarmMark]:
    """Alarms of the series that were open at some time in [start, end]."""
    rows = session.execute(
        select(Alarm.raised_at, Alarm.cleared_at, Alarm.severity, Alarm.message)
        .where(Alarm.series_id == series_id, Alarm.kind != "event", Alarm.raised_at <= end,
               or_(Alarm.cleared_at.is_(None), Alarm.cleared_at >= start))
        .order_by(Alarm.raised_at)
    ).all()
    return [AlarmMark(r.raised_at.timestamp(), r.cleared_at.timestamp() if r.cleared_at else None,
                      r.severity, r.message) for r in rows]


def series_info(session: Session, series_id: int) -> tuple[MetricSeries, str]:
    """The series and its site's time zone."""
    row = session.execute(
        select(MetricSeries, Site.timezone)
        .join(Unit, MetricSeries.unit_id == Unit.id)
        .join(RegisterLine, Unit.line_id == RegisterLine.id)
        .join(Site, RegisterLine.site_id == Site.id)
        .where(MetricSeries.id == series_id)
        .options(contains_eager(MetricSeries.unit))
    ).first()
    if row is None:
        raise ValidationError("series", t("No such measuring point."))
    return row[0], row[1] or DEFAULT_TZ


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def trend_csv(session: Session, series_id: int, range_key: str, end: dt.datetime | None = None,
              tz: str | None = None, data: Trend | None = None) -> str:
    """The trend as CSV for Excel: UTF-8 with BOM, the site's local time, one row per point
    (raw readings with seconds; roll-ups with their average, lowest and highest)."""
    series, site_tz = series_info(session, series_id)
    tz = tz or site_tz
    data = data if data is not None else trend(session, series_id, range_key, end)
    symbol = series.unit_symbol or ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if data.source == "raw":
        writer.writerow([t("Time"), t("Value ({unit})", unit=symbol)])
    else:
        writer.writerow([t("Time"), t("Average ({unit})", unit=symbol), t("Lowest ({unit})", unit=symbol),
                         t("Highest ({unit})", unit=symbol)])
    pattern = "%Y-%m-%d %H:%M:%S" if data.source == "raw" else "%Y-%m-%d %H:%M"
    for i, epoch in enumerate(data.t):
        when = to_local(dt.datetime.fromtimestamp(float(epoch), tz=UTC), tz).strftime(pattern)
        if data.source == "raw":
            writer.writerow([when, _fmt(data.v[i])])
        else:
            writer.writerow([when, _fmt(data.v[i]), _fmt(data.vmin[i]), _fmt(data.vmax[i])])
    return "\ufeff" + out.getvalue()
