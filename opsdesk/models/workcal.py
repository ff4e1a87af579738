"""The one working-day calendar: Chinese public holidays and adjusted working days (调休).

Built on the ``holidays`` library (official notices of the State Council, kept
current by its maintainers), plus days an administrator imports into the store
when a new year's notice is published before the library has it
(``opsdesk calendar import``). Imported days win over the library.
Shifts on working days, pre-holiday inspections and SLA clocks all use this.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from dataclasses import dataclass
from functools import lru_cache

import holidays
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.clock import now
from opsdesk.i18n import language, t
from opsdesk.models.base import Base


class DayKind(enum.StrEnum):
    HOLIDAY = "holiday"  # 休: a day off, even on a weekday
    WORKDAY = "workday"  # 班: an adjusted working day, even on a weekend


class CalendarDay(Base):
    """A day set by an imported official notice; overrides the library."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[dt.datetime] = mapped_column(default=now)


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    workday: bool
    name: str  # holiday name, "调休上班", or ""
    official: bool  # False where the year's notice is not yet known (computed from statute)


@lru_cache(maxsize=64)
def _library_year(year: int, lang: str = "zh") -> holidays.HolidayBase:
    """The library's year, its holidays named in ``lang`` (the dates are the same in either)."""
    return holidays.country_holidays("CN", years=year, language="en_US" if lang == "en" else "zh_CN")


def _library_is_official(year: int) -> bool:
    # The library computes statutory days for any year; a year whose State Council
    # notice it carries has adjusted working days (调休) or substituted days off.
    cal = _library_year(year)
    return any(d.year == year for d in cal.weekend_workdays) or any(
        "调休" in name or "substituted" in name.lower() for name in cal.values()
    )


class WorkCalendar:
    """Ask whether a day is a working day; load once per session use."""

    def __init__(self, overrides: dict[dt.date, CalendarDay] | None = None) -> None:
        self._overrides = overrides or {}
        self._official_years = {d.year for d in self._overrides}

    @classmethod
    def load(cls, session: Session) -> WorkCalendar:
        days = session.scalars(select(CalendarDay)).all()
        return cls({d.day: d for d in days})

    def is_official(self, year: int) -> bool:
        return year in self._official_years or _library_is_official(year)

    def info(self, day: dt.date) -> DayInfo:
        official = self.is_official(day.year)
        override = self._overrides.get(day)
        if override is not None:
            workday = override.kind == DayKind.WORKDAY
            name = override.name or (t("Adjusted working day") if workday else t("Holiday"))
            return DayInfo(day, workday, name, True)
        cal = _library_year(day.year)
        if day in cal.weekend_workdays:
            return DayInfo(day, True, t("Adjusted working day"), official)
        if day in cal:  # named in the reader's language (the library's own names, not codes)
            return DayInfo(day, False, _library_year(day.year, language()).get(day), official)
        return DayInfo(day, day.weekday() < 5, "", official)

    def is_workday(self, day: dt.date) -> bool:
        return self.info(day).workday

    def previous_workday(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        d = day - dt.timedelta(days=1)
        while not self.is_workday(d):
            d -= dt.timedelta(days=1)
        return d


# -- import of an official notice --------------------------------------------------------

_KIND_WORDS = {
    "holiday": DayKind.HOLIDAY, "休": DayKind.HOLIDAY, "假": DayKind.HOLIDAY, "放假": DayKind.HOLIDAY,
    "workday": DayKind.WORKDAY, "班": DayKind.WORKDAY, "上班": DayKind.WORKDAY, "调休上班": DayKind.WORKDAY,
}


class CalendarFileError(ValueError):
    pass


def parse_calendar_csv(data: bytes) -> list[tuple[dt.date, DayKind, str]]:
    """Rows ``date,kind,name`` (kind: 休/班 or holiday/workday). All or nothing."""
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise CalendarFileError(t("The file is neither UTF-8 nor GBK text."))
    rows: list[tuple[dt.date, DayKind, str]] = []
    seen: set[dt.date] = set()
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        first = row[0].strip()
        if lineno == 1 and first.lower() in ("date", "日期"):
            continue
        try:
            day = dt.date.fromisoformat(first)
        except ValueError:
            raise CalendarFileError(t("Line {line}: '{value}' is not a date like 2027-10-01.", line=lineno,
                                      value=first)) from None
        kind_word = row[1].strip() if len(row) > 1 else ""
        kind = _KIND_WORDS.get(kind_word.lower())
        if kind is None:
            raise CalendarFileError(
                t("Line {line}: kind '{value}' must be 休 (holiday) or 班 (working day).", line=lineno, value=kind_word)
            )
        if day in seen:
            raise CalendarFileError(t("Line {line}: {day} appears twice.", line=lineno, day=day.isoformat()))
        seen.add(day)
        rows.append((day, kind, row[2].strip() if len(row) > 2 else ""))
    if not rows:
        raise CalendarFileError(t("The file holds no days."))
    return rows
