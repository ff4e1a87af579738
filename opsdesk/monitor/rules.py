"""Limits with hysteresis and a hold time, so a value hovering at a limit does not flap.

R-ENV-1: 18–28 ℃ and 35–75 %RH while the precision AC runs; the numbers are settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy.orm import Session

from opsdesk.models import settings


@dataclass(frozen=True)
class Limits:
    low: float | None
    high: float | None
    hysteresis: float = 0.0
    hold: dt.timedelta = dt.timedelta(0)
    critical_margin: float | None = None  # beyond the limit by this much: critical

    def breach(self, value: float) -> str | None:
        """The severity of a value outside the limits, or None inside."""
        over = None
        if self.high is not None and value > self.high:
            over = value - self.high
        elif self.low is not None and value < self.low:
            over = self.low - value
        if over is None:
            return None
        if self.critical_margin is not None and over >= self.critical_margin:
            return "critical"
        return "warning"

    def cleared(self, value: float) -> bool:
        """Back inside by at least the hysteresis: the alarm may clear."""
        if self.high is not None and value > self.high - self.hysteresis:
            return False
        if self.low is not None and value < self.low + self.hysteresis:
            return False
        return True


@dataclass(frozen=True)
class Decision:
    raise_severity: str | None = None  # raise (or escalate to) an alarm of this severity
    clear: bool = False
    breach_since: dt.datetime | None = None
    breach_severity: str | None = None


def evaluate(
    value: float,
    limits: Limits,
    alarm_open: str | None,
    breach_since: dt.datetime | None,
    now: dt.datetime,
) -> Decision:
    """One step of the threshold state machine for one series.

    ``alarm_open``: the severity of the series' open alarm, or None."""
    severity = limits.breach(value)
    if alarm_open is not None:
        if severity is not None and severity != alarm_open and severity == "critical":
            return Decision(raise_severity="critical", breach_since=breach_since, breach_severity=severity)
        if severity is None and limits.cleared(value):
            return Decision(clear=True)
        return Decision(breach_since=breach_since, breach_severity=alarm_open)
    if severity is None:
        return Decision()
    since = breach_since or now
    if now - since >= limits.hold:
        return Decision(raise_severity=severity, breach_since=since, breach_severity=severity)
    return Decision(breach_since=since, breach_severity=severity)


def environment_limits(session: Session, metric_cls: str, room_id: int | None = None) -> Limits | None:
    """The limits in force for temperature and humidity points of a room (R-ENV-1): the room's
    own band where it has one, else the site-wide settings; hysteresis and hold from the settings."""
    if metric_cls not in settings.ROOM_LIMIT_KEYS:
        return None
    return room_limits(session, [room_id])[(room_id, metric_cls)]


def room_limits(session: Session, room_ids: Collection[int | None]) -> dict[tuple[int | None, str], Limits]:
    """(room, class) → the limits in force there, for any number of rooms in three queries."""
    hold = dt.timedelta(seconds=settings.get(session, "monitor.hold_seconds"))
    return {(room, cls): Limits(band.low, band.high, band.hysteresis, hold, band.critical_margin)
            for room, by_cls in settings.room_limits(session, room_ids).items() for cls, band in by_cls.items()}
