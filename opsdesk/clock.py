"""The one clock every record's time comes from, so tests can set it.

Times are stored in UTC; screens and papers convert to the site's zone.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UTC = dt.UTC
DEFAULT_TZ = "Asia/Shanghai"


class Clock:
    """System time, always timezone-aware UTC."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(UTC)

    def today(self, tz: str = DEFAULT_TZ) -> dt.date:
        return self.now().astimezone(ZoneInfo(tz)).date()


class FixedClock(Clock):
    """A clock that stands still until told to move (tests, benchmarks)."""

    def __init__(self, when: dt.datetime) -> None:
        self.set(when)

    def set(self, when: dt.datetime) -> None:
        if when.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = when.astimezone(UTC)

    def advance(self, **delta: float) -> None:
        self._now += dt.timedelta(**delta)

    def now(self) -> dt.datetime:
        return self._now


_clock: Clock = Clock()


def get_clock() -> Clock:
    return _clock


def set_clock(clock: Clock) -> Clock:
    """Replace the process clock; returns the previous one."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def now() -> dt.datetime:
    return _clock.now()


def to_local(when: dt.datetime, tz: str = DEFAULT_TZ) -> dt.datetime:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(ZoneInfo(tz))


def format_local(when: dt.datetime | None, tz: str = DEFAULT_TZ, seconds: bool = False) -> str:
    """2026-11-22 14:05 — how Chinese users write a time."""
    if when is None:
        return ""
    return to_local(when, tz).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
