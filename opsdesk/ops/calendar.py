"""Importing an official holiday notice into the working-day calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import audit
from opsdesk.models.users import Perm, Principal, require
from opsdesk.models.workcal import CalendarDay, CalendarFileError, DayInfo, WorkCalendar, parse_calendar_csv
from opsdesk.ops.errors import OpError, ValidationError


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


@dataclass(frozen=True)
class YearCalendar:
    """A year's holidays and adjusted working days (or every day), and whether the official notice
    of that year is in (else the days are computed from the statutory holidays: provisional)."""

    year: int
    days: tuple[DayInfo, ...]
    official: bool


def year_calendar(session: Session, year: int, every_day: bool = False) -> YearCalendar:
    """The days of ``year`` that have a name (a holiday, an adjusted working day), or all of them."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise ValidationError("year", t("There is no year {year} in the calendar.", year=year))
    cal = WorkCalendar.load(session)
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        info = cal.info(day)
        if info.name or every_day:
            days.append(info)
        if day == dt.date.max:
            break
        day += dt.timedelta(days=1)
    return YearCalendar(year, tuple(days), cal.is_official(year))
