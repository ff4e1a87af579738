"""Which shifts a day owed, as the rules stood on that day (R-SHIFT-1, R-SHIFT-4).

Two facts the plain rule (a day shift on working days, 7×24 while ``shift.emergency_mode`` is
on) does not know by itself:

- **Emergency mode has a past.** The setting holds only today's value, but every change of it
  is in the audit trail (``setting.set``: when, the value before and after). A week run 7×24
  last month stays a 7×24 week — its night shifts owed, its roster checked by the emergency
  rule — after the mode is switched off; and switching it on today does not make last month's
  nights missed. A shift is owed under emergency mode when the mode was on at any moment of
  the shift's window. Without any recorded change (a setting written behind the trail's back)
  the current value holds for every day, as before.
- **Duty has a beginning.** A site owes no shift from before its duty log began — the day of
  its first recorded shift. Nobody kept the log in OpsDesk before then, so nothing there is
  漏签; a site that never started one owes nothing before today.

Shift screens and the roster check ask here (no Qt).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opsdesk.clock import DEFAULT_TZ, get_clock
from opsdesk.models import settings
from opsdesk.models.audit import AuditEntry
from opsdesk.models.shift import SHIFT_DEFS, Shift
from opsdesk.models.workcal import WorkCalendar

EMERGENCY_KEY = "shift.emergency_mode"


@dataclass(frozen=True)
class EmergencyHistory:
    """The emergency mode over time: its recorded changes (time, value after) and its value now."""

    current: bool
    changes: tuple[tuple[dt.datetime, bool, bool], ...] = ()  # (at, before, after), oldest first

    @classmethod
    def load(cls, session: Session) -> EmergencyHistory:
        rows = session.execute(
            select(AuditEntry.at, AuditEntry.before, AuditEntry.after)
            .where(AuditEntry.action == "setting.set", AuditEntry.entity == "setting",
                   AuditEntry.entity_id == EMERGENCY_KEY)
            .order_by(AuditEntry.at, AuditEntry.id)).all()
        changes = tuple((at, _value(before), _value(after)) for at, before, after in rows)
        return cls(bool(settings.get(session, EMERGENCY_KEY)), changes)

    def on_at(self, when: dt.datetime) -> bool:
        """The mode at ``when``: the value before the next change after it, else today's."""
        index = bisect.bisect_right([at for at, _, _ in self.changes], when)
        return self.changes[index][1] if index < len(self.changes) else self.current

    def on_during(self, start: dt.datetime, end: dt.datetime) -> bool:
        """Whether the mode was on at any moment of [start, end)."""
        return self.on_at(start) or any(after for at, _, after in self.changes if start <= at < end)

    def periods(self) -> list[tuple[dt.datetime | None, dt.datetime | None]]:
        """The spans the mode was on, (from, to); None: since before the trail / still on."""
        spans: list[tuple[dt.datetime | None, dt.datetime | None]] = []
        began = None
        on = self.changes[0][1] if self.changes else self.current
        for at, _before, after in self.changes:
            if after and not on:
                began = at
            elif on and not after:
                spans.append((began, at))
            on = after
        if on:
            spans.append((began, None))
        return spans


def _value(stored: object) -> bool:
    """A trail's ``{"value": …}`` as a bool (absent: off)."""
    value = stored.get("value") if isinstance(stored, dict) else stored
    try:
        return bool(settings.coerce(EMERGENCY_KEY, value)) if value is not None else False
    except ValueError:
        return False


def shifts_for(day: dt.date, calendar: WorkCalendar, emergency: EmergencyHistory, tz: str = DEFAULT_TZ) -> list[str]:
    """The shifts ``day`` has by the rules in force then: a day shift on working days (the
    working-day calendar), and day and night shifts whenever emergency mode covered them."""
    codes = []
    for code in ("day", "night"):
        start, end = SHIFT_DEFS[code].window(day, tz)
        if emergency.on_during(start, end) or (code == "day" and calendar.is_workday(day)):
            codes.append(code)
    return codes


def emergency_days(session: Session, days: Iterable[dt.date], tz: str = DEFAULT_TZ,
                   emergency: EmergencyHistory | None = None) -> set[dt.date]:
    """The days run 7×24: emergency mode on at some moment of their day or night shift."""
    emergency = emergency or EmergencyHistory.load(session)
    out = set()
    for day in days:
        start = SHIFT_DEFS["day"].window(day, tz)[0]
        end = SHIFT_DEFS["night"].window(day, tz)[1]
        if emergency.on_during(start, end):
            out.add(day)
    return out


def duty_began(session: Session, site_id: int) -> dt.date | None:
    """The day the site's duty log began: its first recorded shift (None: never started)."""
    return session.scalar(select(func.min(Shift.day)).where(Shift.site_id == site_id))


def owed_shifts(session: Session, site_id: int, first: dt.date, last: dt.date,
                tz: str = DEFAULT_TZ) -> dict[dt.date, list[str]]:
    """Each day from ``first`` to ``last`` and the shifts it owes: by the rules in force that day,
    and nothing before the site's duty began (or, if it has not, before today)."""
    calendar = WorkCalendar.load(session)
    emergency = EmergencyHistory.load(session)
    began = duty_began(session, site_id) or get_clock().today(tz)
    out = {}
    day = first
    while day <= last:
        out[day] = shifts_for(day, calendar, emergency, tz) if day >= began else []
        day += dt.timedelta(days=1)
    return out
