"""The demo room's past: a month of readings and a year of roll-ups for its temperature and
humidity points, so the environment trends (1 h … 1 y) have something to show on the first start.

Called by :func:`opsdesk.demo.seed.load_demo` when the demo database is created (no Qt here).
The points are the ones the poller creates for the demo's precision air-conditioners (the
Liebert GP profile, ``data/profiles/liebert-gp-env.toml``): return-air temperature and
humidity, series (unit, ``cooling.return_temperature`` / ``cooling.return_humidity``, index
``"1"``) with the probe's label, class and unit, so the first real poll continues them.

The values follow the demo agents' variation module (``data/demo/agents/variation/dutyroom.py``,
``ac_state``): the same seeded base, day wave, 15-minute compressor cycle and, for the last
month, the same smooth noise, so the trend runs on into the live readings without a step. On top:
a seasonal drift over the year (warmer and more humid in summer, nothing at the moment of loading)
and a slow wander of a few days, both seeded. Two short excursions above 28 ℃ a few days ago
come with the threshold alarms the monitor would have raised, acknowledged and cleared.

What is written, per point, as the poller would have written it (readings retention respected):

- raw readings every ``poller.interval_seconds`` (60 s) for ``readings.raw_days`` (30 days);
- 5-minute roll-ups over the same month (from exactly those readings);
- hourly roll-ups over a year (``readings.rollup_days`` at most), from one value a minute.

The series carry no latest value: what the AC says now is the poller's to tell (until its first
cycle the gauges show "—" over a day of sparkline, and the shift checklist has nothing live).

Everything goes in with Core executemany in the demo loader's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from opsdesk.clock import DEFAULT_TZ, UTC, now, to_local
from opsdesk.demo.devices import DEMO_SITE_CODES, device_seed, dutyroom
from opsdesk.i18n import language
from opsdesk.models import settings
from opsdesk.models.alarm_text import THRESHOLD, coded, threshold_params
from opsdesk.models.base import table_of
from opsdesk.models.equipment import RegisterLine, Site, Unit, display_name
from opsdesk.models.monitoring import Alarm, MetricSeries, RawReading, Rollup1h, Rollup5m

AC_CATEGORY = "cooling"  # (category code) the demo register's precision air-conditioners (agent kind ac-liebert)
YEAR_DAYS = 365
SEASON_PEAK_DOY = 205  # late July: the room runs warmest and most humid
SEED = 2026


@dataclass(frozen=True)
class PointSpec:
    """A series as the Liebert GP profile names it (metric key, index, class, unit, label)."""

    metric: str
    idx: str
    cls: str
    unit_symbol: str
    label_zh: str
    label_en: str
    role: str = ""

    @property
    def label(self) -> str:
        return self.label_en if language() == "en" else self.label_zh

    @property
    def names(self) -> dict[str, str]:
        """Its name in both languages, as a series' names and an alarm's parameters keep it."""
        return {"zh": self.label_zh, "en": self.label_en}


RETURN_TEMPERATURE = PointSpec("cooling.return_temperature", "1", "temperature", "℃", "回风温度",
                               "Return air temperature", "cooling.return_temperature")
RETURN_HUMIDITY = PointSpec("cooling.return_humidity", "1", "humidity", "%RH", "回风湿度", "Return air humidity",
                            "cooling.return_humidity")
POINTS = (RETURN_TEMPERATURE, RETURN_HUMIDITY)


@dataclass(frozen=True)
class Excursion:
    """Return air above the limit for a while: ``days_ago`` at local ``hour``, ``minutes`` long,
    reaching ``peak`` ℃; acknowledged by ``acked_by`` with ``note``."""

    days_ago: int
    hour: float
    minutes: float
    peak: float
    acked_by: str
    ack_after_min: float
    note: str


# By the AC's order in the register (YHL-AC-0001, YHL-AC-0002).
EXCURSIONS = (
    Excursion(3, 14.3, 34, 28.9, "zhangwei", 4, "压缩机高压保护动作，现场复位后回风温度回落，已通知厂家检查冷凝器。"),
    Excursion(5, 10.6, 36, 28.6, "lina", 3, "搬运设备时机房门长时间敞开，已关门，回风温度回落。"),
)


# ------------------------------------------------------------------ the shape of the values

Knots = Callable[[int, int], np.ndarray]  # (n0, count) → the knot values n0 … n0 + count − 1


def _smooth_noise(t: np.ndarray, step: float, knot: Knots) -> np.ndarray:
    """dutyroom.noise over an array of times: seeded knots every ``step`` s, eased in between.
    ``knot(n0, count)`` gives the knot values n0 … n0 + count − 1 in [−1, 1]."""
    x = t / step
    n = np.floor(x)
    f = x - n
    s = f * f * (3.0 - 2.0 * f)
    n0 = int(n.min())
    knots = knot(n0, int(n.max()) - n0 + 2)
    i = (n - n0).astype(np.int64)
    a, b = knots[i], knots[i + 1]
    return a + (b - a) * s


def _agent_knots(seed: str, key: str) -> Knots:
    """The demo agent's own noise knots: ``2·dutyroom.rnd(seed, key, n) − 1``, exactly (the
    hash written out here, a month of knots costs a tenth of a second; a test compares)."""
    def knots(n0: int, count: int) -> np.ndarray:
        prefix, blake = f"{seed}:{key}:", hashlib.blake2b
        ints = [int.from_bytes(blake(f"{prefix}{n}".encode(), digest_size=8).digest(), "big")
                for n in range(n0, n0 + count)]
        return np.array(ints, dtype=np.float64) / 2.0 ** 63 - 1.0
    return knots


def _rng_knots(rng: np.random.Generator) -> Knots:
    return lambda n0, count: rng.uniform(-1.0, 1.0, count)


def _noise(t: np.ndarray, step: float, seed: str, key: str, exact_from: float, rng: np.random.Generator) -> np.ndarray:
    """The agent's noise from ``exact_from`` on (the raw month: cheap enough to hash), a seeded
    stand-in with the same character before (a year of hashes would cost a second)."""
    out = np.empty_like(t)
    recent = t >= exact_from
    if recent.any():
        out[recent] = _smooth_noise(t[recent], step, _agent_knots(seed, key))
    if (~recent).any():
        out[~recent] = _smooth_noise(t[~recent], step, _rng_knots(rng))
    return out


def _day_wave(t: np.ndarray, peak_hour: float, tz_offset: float) -> np.ndarray:
    hours = ((t + tz_offset) % 86400.0) / 3600.0
    return np.cos(2.0 * np.pi * (hours - peak_hour) / 24.0)


def _season(t: np.ndarray, at: float) -> np.ndarray:
    """−1 … 1 over the year (1 in late July), minus its value at ``at``: nothing now."""
    def wave(x: np.ndarray) -> np.ndarray:
        doy = (x - dt.datetime(2000, 1, 1, tzinfo=UTC).timestamp()) / 86400.0 % 365.2425
        return np.cos(2.0 * np.pi * (doy - SEASON_PEAK_DOY) / 365.2425)
    return wave(t) - float(wave(np.array([at]))[0])


def ac_history(seed: int, t: np.ndarray, at: float, exact_from: float, tz_offset: float = 8 * 3600.0,
               rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return-air temperature (℃) and humidity (%RH) of a demo AC at the epoch seconds ``t``,
    in tenths as the MIB carries them: the agent's ``ac_state`` plus season and a slow wander
    (both zero at ``at``)."""
    duty = dutyroom()
    s = str(seed)
    rng = rng or np.random.default_rng([SEED, seed])
    base = 23.0 + 0.8 * duty.rnd(s, "base")
    phase = ((t + duty.COMPRESSOR_CYCLE * duty.rnd(s, "cycle")) % duty.COMPRESSOR_CYCLE) / duty.COMPRESSOR_CYCLE
    cycle = np.sin(2.0 * np.pi * phase)
    cooling = np.maximum(0.0, -np.cos(2.0 * np.pi * phase))
    season = _season(t, at)
    wander_t = _smooth_noise(np.append(t, at), 3 * 86400.0, _rng_knots(rng))
    wander_h = _smooth_noise(np.append(t, at), 4 * 86400.0, _rng_knots(rng))
    wander_t, wander_h = wander_t[:-1] - wander_t[-1], wander_h[:-1] - wander_h[-1]
    temp = (base + 0.9 * _day_wave(t, 15.0, tz_offset) + 0.5 * cycle
            + 0.15 * _noise(t, 120.0, s, "T", exact_from, rng) + 1.1 * season + 0.35 * wander_t)
    hum = (50.0 + (2.0 * duty.rnd(s, "hum") - 1.0) + 3.0 * _day_wave(t, 5.0, tz_offset) - 1.5 * cooling
           + 0.8 * _noise(t, 300.0, s, "H", exact_from, rng) + 4.0 * season + 1.5 * wander_h)
    return temp, hum


def _bump(t: np.ndarray, start: float, seconds: float) -> np.ndarray:
    """0 outside [start, start + seconds], rising to 1 in the middle (sin²)."""
    x = (t - start) / seconds
    return np.where((x > 0) & (x < 1), np.sin(np.pi * np.clip(x, 0, 1)) ** 2, 0.0)


# ------------------------------------------------------------------ the threshold alarms

@dataclass(frozen=True)
class _Limits:
    low: float
    high: float
    hysteresis: float
    hold: float
    margin: float

    def breach(self, v: float) -> str | None:
        over = v - self.high if v > self.high else self.low - v if v < self.low else None
        if over is None:
            return None
        return "critical" if over >= self.margin else "warning"


def _limits(session: Session, cls: str) -> _Limits:
    keys = settings.ROOM_LIMIT_KEYS[cls]
    got = settings.get_many(session, (keys.low, keys.high, keys.hysteresis, keys.critical_margin,
                                      "monitor.hold_seconds"))
    return _Limits(got[keys.low], got[keys.high], got[keys.hysteresis], float(got["monitor.hold_seconds"]),
                   got[keys.critical_margin])


class FoundAlarm(TypedDict):
    raised: float  # epoch seconds
    value: float  # the raise's value, or the first critical one
    severity: str
    cleared: float | None


def threshold_alarms(times: np.ndarray, values: np.ndarray, lim: _Limits) -> list[FoundAlarm]:
    """The monitor's threshold state machine (opsdesk.monitor.rules.evaluate) over a run of
    readings: each alarm's raise (time, value, severity, escalated to critical if it got
    there) and clear. Only the readings outside the limits are looked at closely."""
    outside = np.flatnonzero((values > lim.high) | (values < lim.low))
    alarms: list[FoundAlarm] = []
    if not len(outside):
        return alarms
    i, n = int(outside[0]), len(values)
    since: float | None = None
    current: FoundAlarm | None = None
    while i < n:
        v, at = float(values[i]), float(times[i])
        sev = lim.breach(v)
        if current is not None:
            if sev == "critical" and current["severity"] != "critical":
                current["severity"], current["value"] = "critical", v
            elif sev is None and lim.low + lim.hysteresis <= v <= lim.high - lim.hysteresis:
                current["cleared"] = at
                alarms.append(current)
                current, since = None, None
                later = outside[outside > i]
                if not len(later):
                    break
                i = int(later[0])
                continue
        elif sev is None:
            since = None
            later = outside[outside > i]
            if not len(later):
                break
            i = int(later[0])
            continue
        else:
            since = at if since is None else since
            if at - since >= lim.hold:
                current = {"raised": at, "value": v, "severity": sev, "cleared": None}
        i += 1
    if current is not None:
        alarms.append(current)
    return alarms


# ------------------------------------------------------------------ writing it

def _stamps(epochs: np.ndarray, sqlite: bool) -> list[str] | list[dt.datetime]:
    """Epoch seconds as the UTC column stores them: on SQLite the text SQLAlchemy writes
    (made for the whole array at once), elsewhere aware datetimes for the driver."""
    if sqlite:
        text = np.datetime_as_string(epochs.astype(np.int64).astype("datetime64[s]"), unit="s")
        return [f"{x[:10]} {x[11:]}.000000" for x in text.tolist()]
    return [dt.datetime.fromtimestamp(x, tz=UTC) for x in epochs.tolist()]


def _insert(session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Core executemany; on SQLite straight to the driver (rows already in stored form: no
    per-row bind processing, which would cost seconds for the demo's quarter million rows)."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - our table and columns
        conn.exec_driver_sql(sql, rows)
    else:
        conn.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])


ROLLUP_COLUMNS = ("series_id", "bucket", "vmin", "vmax", "vsum", "n")


def _rollup_rows(series_id: int, times: np.ndarray, values: np.ndarray, seconds: int,
                 sqlite: bool) -> list[tuple[object, ...]]:
    """min/max/sum/count per bucket of ``seconds`` (times sorted, whole seconds)."""
    buckets = (times // seconds) * seconds
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    vmin = np.minimum.reduceat(values, starts)
    vmax = np.maximum.reduceat(values, starts)
    vsum = np.add.reduceat(values, starts)
    count = np.diff(np.r_[starts, len(values)])
    return list(zip([series_id] * len(starts), _stamps(buckets[starts], sqlite), vmin.tolist(), vmax.tolist(),
                    vsum.tolist(), count.tolist(), strict=True))


def _utc_offset(at: dt.datetime, tz: str) -> float:
    """Seconds the site's local time is ahead of UTC at ``at``."""
    offset = to_local(at, tz).utcoffset()
    if offset is None:  # to_local answers an aware time: not expected
        raise ValueError(f"no UTC offset for the time zone {tz}")
    return offset.total_seconds()


def demo_ac_units(session: Session) -> list[tuple[int, str, str, str]]:
    """(unit id, asset tag, unit label as the poller names it, site time zone) of the demo
    sites' precision air-conditioners, in register order."""
    rows = session.execute(
        select(Unit.id, Unit.asset_tag, RegisterLine.name, RegisterLine.category, Site.timezone)
        .join(RegisterLine, Unit.line_id == RegisterLine.id).join(Site, RegisterLine.site_id == Site.id)
        .where(Site.code.in_(DEMO_SITE_CODES), RegisterLine.category == AC_CATEGORY)
        .order_by(Unit.id)
    ).all()
    return [(uid, tag, display_name(tag, name, category), tz or DEFAULT_TZ) for uid, tag, name, category, tz in rows]


def load_demo_history(session: Session, at: dt.datetime | None = None) -> dict[str, int]:
    """Back-fill the demo ACs' return-air temperature and humidity (see the module text).
    Returns how many rows of each kind were written."""
    at = at or now()
    interval = int(settings.get(session, "poller.interval_seconds"))
    raw_days = min(30, int(settings.get(session, "readings.raw_days")))
    roll_days = min(YEAR_DAYS, int(settings.get(session, "readings.rollup_days")))
    at_s = at.timestamp()
    last = math.floor(at_s / interval) * interval
    if last >= at_s:
        last -= interval
    # One value a minute for the year (the hourly roll-ups), the poll interval for the raw month.
    minute = 60
    year_start = math.ceil((at_s - roll_days * 86400) / 3600) * 3600
    t_year = np.arange(year_start, last + 1, minute, dtype=np.float64)
    raw_start = math.ceil((at_s - raw_days * 86400) / interval) * interval
    t_raw = np.arange(raw_start, last + 1, interval, dtype=np.float64)
    sqlite = session.get_bind().dialect.name == "sqlite"
    raw_stamps = _stamps(t_raw, sqlite)
    counts = {"series": 0, "raw": 0, "5m": 0, "1h": 0, "alarms": 0}
    limits = {cls: _limits(session, cls) for cls in ("temperature", "humidity")}

    for order, (unit_id, tag, unit_label, tz) in enumerate(demo_ac_units(session)):
        seed = device_seed(tag)
        tz_offset = _utc_offset(at, tz)
        both = t_year if interval == minute and raw_start >= year_start else np.union1d(t_year, t_raw)
        temp, hum = ac_history(seed, both, at_s, exact_from=raw_start, tz_offset=tz_offset)
        if order < len(EXCURSIONS):
            ex = EXCURSIONS[order]
            midnight = to_local(at, tz).replace(hour=0, minute=0, second=0, microsecond=0)
            local_day = midnight - dt.timedelta(days=ex.days_ago)
            start = (local_day + dt.timedelta(hours=ex.hour)).timestamp()
            mid = start + ex.minutes * 30
            plain = float(np.interp(mid, both, temp))
            bump = _bump(both, start, ex.minutes * 60)
            temp = temp + (ex.peak - plain) * bump
            hum = hum - 1.2 * (ex.peak - plain) * bump  # the warmer air holds the same water: RH falls
        values = {RETURN_TEMPERATURE: np.round(temp, 1), RETURN_HUMIDITY: np.round(hum, 1)}
        in_year: slice | np.ndarray
        if both is t_year:
            in_year, in_raw = slice(None), both >= raw_start
        else:
            in_year, in_raw = np.isin(both, t_year), np.isin(both, t_raw)
        for spec in POINTS:
            v = values[spec]
            series_id = session.execute(
                insert(MetricSeries).values(
                    unit_id=unit_id, metric=spec.metric, idx=spec.idx, label=spec.label, cls=spec.cls, role=spec.role,
                    unit_symbol=spec.unit_symbol, names=spec.names)
                .returning(MetricSeries.id)).scalar_one()
            counts["series"] += 1
            raw_v = v[in_raw]
            _insert(session, table_of(RawReading), ("series_id", "at", "value"),
                    list(zip([series_id] * len(raw_v), raw_stamps, raw_v.tolist(), strict=True)))
            counts["raw"] += len(raw_v)
            rows5 = _rollup_rows(series_id, t_raw.astype(np.int64), raw_v, 300, sqlite)
            _insert(session, table_of(Rollup5m), ROLLUP_COLUMNS, rows5)
            counts["5m"] += len(rows5)
            rows1 = _rollup_rows(series_id, both[in_year].astype(np.int64), v[in_year], 3600, sqlite)
            _insert(session, table_of(Rollup1h), ROLLUP_COLUMNS, rows1)
            counts["1h"] += len(rows1)
            lim = limits[spec.cls]
            for n, found in enumerate(threshold_alarms(t_raw, raw_v, lim)):
                raised = dt.datetime.fromtimestamp(found["raised"], tz=UTC)
                cleared = dt.datetime.fromtimestamp(found["cleared"], tz=UTC) if found["cleared"] else None
                if cleared is None:  # still outside at the end: not history, the poller will judge
                    continue
                told = EXCURSIONS[order] if order < len(EXCURSIONS) and n == 0 else None
                acked = min(raised + dt.timedelta(minutes=told.ack_after_min if told else 5), cleared)
                session.add(Alarm(
                    unit_id=unit_id, series_id=series_id, kind="threshold", severity=found["severity"],
                    **coded(THRESHOLD, threshold_params(
                        unit_label, spec.names, found["value"], spec.unit_symbol,
                        lim.low, lim.high, metric=spec.metric, role=spec.role)),
                    value=found["value"], limit_low=lim.low, limit_high=lim.high, raised_at=raised,
                    acked_at=acked, acked_by=told.acked_by if told else "zhangwei",
                    ack_note=told.note if told else "已确认，温湿度已恢复正常。", cleared_at=cleared))
                counts["alarms"] += 1
    session.flush()
    return counts
