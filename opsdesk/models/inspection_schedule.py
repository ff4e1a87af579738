"""When inspections are due (R-INSP-1, R-INSP-2, R-INSP-3), from the one working-day calendar.

- 月度巡检表: each site, by the last working day of the month;
- 季度现场深度巡检, 季度漏水及消防隐患检查, 季度 UPS 巡检: by the last working day of the quarter;
- UPS 充放电: twice a year, by the last working day of June and of December;
- 节前健康检查 before 元旦, 春节, 五一 and 十一: on the last working day before the holiday's
  first day off — by the official calendar with its adjusted working days (调休), so the
  春节 check of 2026 falls on Saturday 2026-02-14. For a year whose State Council notice is not
  in the calendar yet the dates come from the statutory holidays and are marked provisional.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from dataclasses import dataclass

from opsdesk.i18n import say
from opsdesk.models import labels
from opsdesk.models.workcal import WorkCalendar

MONTHLY = "monthly"
QUARTERLY_DEEP = "quarterly_deep"
QUARTERLY_LEAK_FIRE = "quarterly_leak_fire"
QUARTERLY_UPS = "quarterly_ups"
UPS_DISCHARGE = "ups_discharge"
PRE_HOLIDAY = "pre_holiday"

# The kinds in their order, each with the Chinese name a sheet's signed snapshot records (and a
# template's default title): what is signed stays in the words it was signed with. What a reader
# sees is labels.inspection_kind(kind), in the reader's language.
KIND_NAMES = {kind: say("zh", labels.INSPECTION_KINDS[kind]) for kind in (
    MONTHLY, QUARTERLY_DEEP, QUARTERLY_LEAK_FIRE, QUARTERLY_UPS, UPS_DISCHARGE, PRE_HOLIDAY)}

# The holidays the contract names (seed 002 巡检服务), by their statutory day.
# (name, month, day, lunar festival): 春节 has no fixed month and day, its date is looked up per year.
HOLIDAYS: tuple[tuple[str, int | None, int | None, str | None], ...] = (
    ("元旦", 1, 1, None), ("春节", None, None, "春节"), ("五一", 5, 1, None), ("十一", 10, 1, None))


@dataclass(frozen=True)
class Due:
    kind: str
    due: dt.date
    period: str  # "2026-11", "2026-Q4", "2026-H2", "2026 春节"
    provisional: bool = False

    @property
    def title(self) -> str:
        return f"{labels.inspection_kind(self.kind)} {labels.period(self.period)}"


def last_workday_on_or_before(cal: WorkCalendar, day: dt.date) -> dt.date:
    while not cal.is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, pycal.monthrange(year, month)[1])


def _spring_festival(year: int) -> dt.date:
    import holidays

    names = holidays.country_holidays("CN", years=year, language="zh_CN")
    return min(d for d, name in names.items() if name == "春节" and d.year == year)


def pre_holiday_check(cal: WorkCalendar, statutory: dt.date) -> dt.date:
    """The last working day before the block of days off that holds ``statutory``."""
    first_off = statutory
    while not cal.is_workday(first_off - dt.timedelta(days=1)):
        first_off -= dt.timedelta(days=1)
    return cal.previous_workday(first_off)


def holiday_checks(cal: WorkCalendar, year: int) -> list[Due]:
    """The pre-holiday checks of the holidays that fall in ``year`` (the 元旦 check may be in December before)."""
    out: list[Due] = []
    for name, month, day, _ in HOLIDAYS:
        statutory = _spring_festival(year) if month is None or day is None else dt.date(year, month, day)
        due = pre_holiday_check(cal, statutory)
        provisional = not (cal.is_official(year) and cal.is_official(due.year))
        out.append(Due(PRE_HOLIDAY, due, f"{year} {name}", provisional))
    return out


def schedule(cal: WorkCalendar, year: int) -> list[Due]:
    """Everything due in ``year`` (by due date), plus next year's 元旦 check if it falls in December."""
    items: list[Due] = []
    official = cal.is_official(year)
    for month in range(1, 13):
        due = last_workday_on_or_before(cal, month_end(year, month))
        items.append(Due(MONTHLY, due, f"{year}-{month:02d}", not official))
    for quarter in range(1, 5):
        end = last_workday_on_or_before(cal, month_end(year, quarter * 3))
        for kind in (QUARTERLY_DEEP, QUARTERLY_LEAK_FIRE, QUARTERLY_UPS):
            items.append(Due(kind, end, f"{year}-Q{quarter}", not official))
    for half, month in ((1, 6), (2, 12)):
        due = last_workday_on_or_before(cal, month_end(year, month))
        items.append(Due(UPS_DISCHARGE, due, f"{year}-H{half}", not official))
    items += [d for d in holiday_checks(cal, year) if d.due.year == year]
    items += [d for d in holiday_checks(cal, year + 1) if d.due.year == year]
    order = list(KIND_NAMES)
    return sorted(items, key=lambda d: (d.due, order.index(d.kind)))


def upcoming(cal: WorkCalendar, today: dt.date, days_ahead: int) -> list[Due]:
    """What falls due from today to ``days_ahead`` days on: announced on the main screen."""
    items = schedule(cal, today.year) + (schedule(cal, today.year + 1) if today.month == 12 else [])
    return [d for d in items if today <= d.due <= today + dt.timedelta(days=days_ahead)]
