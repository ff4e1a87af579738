"""Importing an official holiday notice into the working-day calendar."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.orm import Session

from opsdesk.models import audit
from opsdesk.models.users import Perm, Principal, require
from opsdesk.models.workcal import CalendarDay, CalendarFileError, parse_calendar_csv
from opsdesk.ops.errors import OpError


class CalendarImportError(OpError):
    pass


def import_calendar(session: Session, actor: Principal, data: bytes, source: str = "") -> int:
    """Replace the imported days of every year the file covers; returns the day count."""
    require(actor, Perm.IMPORT_CALENDAR)
    try:
        rows = parse_calendar_csv(data)
    except CalendarFileError as exc:
        raise CalendarImportError(str(exc)) from None
    years = sorted({day.year for day, _, _ in rows})
    for year in years:
        session.execute(delete(CalendarDay).where(CalendarDay.day.between(f"{year}-01-01", f"{year}-12-31")))
    for day, kind, name in rows:
        session.add(CalendarDay(day=day, kind=kind.value, name=name, source=source))
    audit.record(session, actor.username, "calendar.import", "calendar", ",".join(map(str, years)),
                 source, None, {"years": years, "days": len(rows), "file": source})
    return len(rows)
