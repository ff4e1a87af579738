"""What a locked console shows to anyone in the duty room: the newest alarms that still
need someone (R-ENV-4), read without a logged-in user, as the banner's count is.

An alarm needs someone while it is current (:attr:`Alarm.current`: active, or critical and
cleared by itself before anyone acknowledged it — ISA-18.2's "returned to normal,
unacknowledged"). Alarms raised in a maintenance window are expected and left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.models.alarm_text import shown
from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.models.monitoring import Alarm
from opsdesk.models.users import display_names

NEWEST = 8


@dataclass(frozen=True)
class AlarmLine:
    id: int
    raised_at: dt.datetime
    severity: str  # critical, warning
    device: str  # asset tag and the register line's name
    site: str
    message: str  # what it says in the console's language, without the device (a column of its own)
    active: bool  # False: cleared by itself, not yet acknowledged
    acked_by: str  # the person's name ("" while nobody acknowledged it)


def newest_alarms(session: Session, limit: int = NEWEST) -> list[AlarmLine]:
    """The newest alarms that need someone, unacknowledged first, critical before warning."""
    query = (select(Alarm).options(selectinload(Alarm.unit).selectinload(Unit.line).selectinload(RegisterLine.site))
             .where(Alarm.current, Alarm.in_maintenance.is_(False))
             .order_by(Alarm.acked_at.is_not(None), (Alarm.severity != "critical"), Alarm.last_raised_at.desc(),
                       Alarm.id.desc())
             .limit(limit))
    alarms = list(session.scalars(query))
    people = display_names(session, {a.acked_by for a in alarms})
    lines = []
    for alarm in alarms:
        unit = alarm.unit
        device = unit.display_name if unit is not None else ""
        message = shown(alarm, device=False)
        lines.append(AlarmLine(alarm.id, alarm.last_raised_at or alarm.raised_at, alarm.severity, device,
                               unit.line.site.name if unit is not None else "", message, alarm.cleared_at is None,
                               people.get(alarm.acked_by, alarm.acked_by or "") if alarm.acked_by else ""))
    return lines
