"""Settings that shape records, shared by every console and audited.

Per-user screen preferences live in QSettings; anything that changes what a
record means (limits, retention, roster minimums) lives here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models.base import Base


def iso_date(value: Any) -> str:
    """A date setting, kept as "2026-10-01" ("" for none)."""
    text = str(value or "").strip()
    return dt.date.fromisoformat(text).isoformat() if text else ""


@dataclass(frozen=True)
class SettingSpec:
    default: Any
    kind: Any  # a type, or a function that converts and validates (iso_date)
    description: str
    minimum: float | None = None
    maximum: float | None = None


# R-ENV-1: 18–28 °C and 35–75 %RH; R-SHIFT-4: 4 people on 5×8, 2 per shift on 7×24.
SPECS: dict[str, SettingSpec] = {
    "env.temp_low": SettingSpec(18.0, float, "Lowest room temperature (℃)", -10, 50),
    "env.temp_high": SettingSpec(28.0, float, "Highest room temperature (℃)", -10, 50),
    "env.humidity_low": SettingSpec(35.0, float, "Lowest relative humidity (%RH)", 0, 100),
    "env.humidity_high": SettingSpec(75.0, float, "Highest relative humidity (%RH)", 0, 100),
    "readings.raw_days": SettingSpec(30, int, "Days raw readings are kept", 1, 3650),
    "readings.rollup_days": SettingSpec(3 * 366, int, "Days 5-minute and hourly roll-ups are kept", 365, 36500),
    "roster.min_workday": SettingSpec(4, int, "People on duty each working day (5×8)", 1, 100),
    "roster.min_emergency_shift": SettingSpec(2, int, "People per shift in emergency mode (7×24)", 1, 100),
    "warranty.soon_days": SettingSpec(90, int, "Days before warranty end shown as ending soon", 0, 3650),
    "backup.keep": SettingSpec(14, int, "Backups kept (rotation)", 1, 3650),
    "backup.second_dir": SettingSpec("", str, "Second backup folder (another disk or a share)"),
    "login.max_failures": SettingSpec(5, int, "Wrong passwords before an account locks", 1, 100),
    "ui.idle_lock_minutes": SettingSpec(15, int, "Minutes without input before the console locks (0: never)", 0, 480),
    "login.lock_minutes": SettingSpec(15, int, "Minutes an account stays locked", 1, 1440),
    "monitor.unreachable_after": SettingSpec(3, int, "Failed polls before a device counts as unreachable", 1, 100),
    "monitor.hold_seconds": SettingSpec(60, int, "Seconds a limit must be crossed before an alarm", 0, 3600),
    "monitor.temp_hysteresis": SettingSpec(0.5, float, "Temperature hysteresis (℃)", 0, 10),
    "monitor.humidity_hysteresis": SettingSpec(2.0, float, "Humidity hysteresis (%RH)", 0, 20),
    "monitor.temp_critical_margin": SettingSpec(
        2.0, float, "Degrees beyond a limit that make a temperature alarm critical (℃)", 0, 50),
    "monitor.humidity_critical_margin": SettingSpec(
        10.0, float, "Points beyond a limit that make a humidity alarm critical (%RH)", 0, 100),
    # Fast where it matters: a breach of the room's air, a UPS on battery or a leak reaches the
    # duty engineer in seconds (opsdesk.poller.is_fast says which devices); the rest every minute.
    "poller.fast_seconds": SettingSpec(
        10, int, "Seconds between polls of room environment points, UPSs and leak, smoke and door contacts", 2, 3600),
    "poller.interval_seconds": SettingSpec(60, int, "Seconds between polls of every other device", 2, 3600),
    "poller.timeout_seconds": SettingSpec(2.0, float, "SNMP timeout per request (s)", 0.2, 30),
    "poller.retries": SettingSpec(1, int, "SNMP retries", 0, 5),
    "shift.emergency_mode": SettingSpec(
        False, bool, "Emergency mode: 7×24 cover with day and night shifts (R-SHIFT-4)"),
    "shift.late_hours": SettingSpec(2, int, "Hours after a shift's end before its sign-off counts as late", 0, 48),
    "inspection.announce_days": SettingSpec(
        7, int, "Days ahead that due inspections are announced on the main screen", 0, 90),
    "alarm.tone": SettingSpec(True, bool, "Sound a tone for a new critical alarm until it is acknowledged or muted"),
    "alarm.tone_repeat_seconds": SettingSpec(10, int, "Seconds between repeats of the alarm tone", 2, 600),
    "inspection.since": SettingSpec(
        "", iso_date,
        "Inspections are tracked from this date (e.g. the contract's start); earlier ones are not shown as overdue"),
    "wall.cycle_seconds": SettingSpec(30, int, "Seconds each room is shown in wall mode before the next", 5, 3600),
}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on", "是", "开"):
        return True
    if text in ("0", "false", "no", "off", "否", "关", ""):
        return False
    raise ValueError(text)


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


def coerce(key: str, value: Any) -> Any:
    """Validate a value for a setting; ValueError with a user-language message."""
    spec = SPECS.get(key)
    if spec is None:
        raise ValueError(t("Unknown setting: {key}", key=key))
    try:
        result = _bool(value) if spec.kind is bool else spec.kind(value)
    except (TypeError, ValueError):
        raise ValueError(t("{key}: not a valid value: {value}", key=key, value=value)) from None
    if spec.minimum is not None and result < spec.minimum or spec.maximum is not None and result > spec.maximum:
        raise ValueError(
            t("{key}: must be between {lo} and {hi}", key=key, lo=spec.minimum, hi=spec.maximum)
        )
    return result


def get(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return SPECS[key].default if row is None else row.value


def get_many(session: Session, keys: Iterable[str]) -> dict[str, Any]:
    """Several settings in one query: key → stored value, else the default."""
    keys = list(keys)
    stored: dict[str, Any] = dict(
        session.connection().execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all())
    return {key: stored[key] if key in stored else SPECS[key].default for key in keys}


@dataclass(frozen=True)
class RoomLimitKeys:
    """The settings that make up a room point's limits, for one class of point."""

    low: str
    high: str
    hysteresis: str
    critical_margin: str


ROOM_LIMIT_KEYS = {
    "temperature": RoomLimitKeys("env.temp_low", "env.temp_high", "monitor.temp_hysteresis",
                                 "monitor.temp_critical_margin"),
    "humidity": RoomLimitKeys("env.humidity_low", "env.humidity_high", "monitor.humidity_hysteresis",
                              "monitor.humidity_critical_margin"),
}
"""One table for the monitor's alarm rules and the gauges' and trends' bands (R-ENV-1)."""

ROOM_LIMIT_COLUMNS = {"temperature": ("temp_low", "temp_high"), "humidity": ("humidity_low", "humidity_high")}
"""The columns of ``room`` that hold a room's own band; None there keeps the site-wide setting."""


@dataclass(frozen=True)
class RoomLimits:
    """The band in force for one class of point in one room."""

    low: float | None
    high: float | None
    hysteresis: float
    critical_margin: float | None
    own: bool = False  # the room's own band, not the site-wide setting

    def status(self, value: float | None) -> str:
        """"ok", "warning" or "critical" for a value (red from the critical margin beyond the
        band, as the monitor raises it); "unknown" without one."""
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


def room_limits(session: Session, room_ids: Collection[int | None]) -> dict[int | None, dict[str, RoomLimits]]:
    """For each room id (None: a point in no room), its limits per class: the room's own low
    and high where it has them, the settings for the rest. Two queries for any number of rooms."""
    from opsdesk.models.equipment import Room

    table = ROOM_LIMIT_KEYS
    values = get_many(session, (key for keys in table.values()
                                for key in (keys.low, keys.high, keys.hysteresis, keys.critical_margin)))
    wanted = {r for r in room_ids if r is not None}
    columns = [getattr(Room, name) for cls in table for name in ROOM_LIMIT_COLUMNS[cls]]
    own = {row[0]: row[1:] for row in session.connection().execute(
        select(Room.id, *columns).where(Room.id.in_(wanted)))} if wanted else {}
    result: dict[int | None, dict[str, RoomLimits]] = {}
    for room_id in set(room_ids):
        mine = own.get(room_id, (None,) * len(columns))
        result[room_id] = {}
        for n, (cls, keys) in enumerate(table.items()):
            low, high = mine[2 * n], mine[2 * n + 1]
            has_own = low is not None and high is not None
            result[room_id][cls] = RoomLimits(low if has_own else values[keys.low],
                                              high if has_own else values[keys.high],
                                              values[keys.hysteresis], values[keys.critical_margin], has_own)
    return result
