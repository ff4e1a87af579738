"""What the inspection screens list, as frozen records read in one session: a month of the
calendar with what is still open from earlier months (巡检日历), and the main screen's reminder
(巡检提醒: what falls due soon or is overdue, and for a reviewer how many sheets wait). The
console reads them off the GUI thread (issue 15); the CLI lists the same calendar
(:func:`opsdesk.ops.inspection.calendar`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from opsdesk import clock
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops import devices, inspection_review
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops.inspection import DueItem

# The records an inspection list is drawn from: a change to any of them (by anyone) is a
# reason to read a list again (the live feed's sig_records_changed names them).
KINDS = frozenset({"inspection", "inspection_entry", "signed_record", "signature", "calendar_day", "setting",
                   "site", "register_line", "unit"})


@dataclass(frozen=True)
class CalendarMonth:
    """One month of the calendar for one site (or all), and what is still open from earlier
    months when the month shown is the current one."""

    year: int
    month: int
    site_id: int | None
    items: tuple[DueItem, ...]
    earlier: tuple[DueItem, ...] = ()


def due_in_month(session: Session, actor: Principal, site_name: str | None,
                 year_month: tuple[int, int] | None = None) -> CalendarMonth:
    """``opsdesk inspection due``: a month (default this one) of the calendar of the site named
    ``site_name`` (by name or code; None: every site), for whoever sees the register."""
    require(actor, Perm.VIEW_REGISTER)
    site = devices.find_site(session, site_name) if site_name else None
    today = clock.get_clock().today(site.timezone if site else clock.DEFAULT_TZ)
    year, month = year_month or (today.year, today.month)
    site_id = site.id if site else None
    return CalendarMonth(year, month, site_id, tuple(inspection_ops.calendar(session, site_id, year, month, today)))


def calendar_month(session: Session, site_id: int | None, year: int, month: int, today: dt.date) -> CalendarMonth:
    items = inspection_ops.calendar(session, site_id, year, month, today)
    earlier: list[DueItem] = []
    if (year, month) == (today.year, today.month):  # what the main screen announces as overdue, for this site
        earlier = [i for i in inspection_ops.announcements(session, today)
                   if i.due < dt.date(year, month, 1) and site_id in (None, i.site_id)]
    return CalendarMonth(year, month, site_id, tuple(items), tuple(earlier))


@dataclass(frozen=True)
class Reminders:
    """The main screen's 巡检提醒: due soon or overdue (not those the inspector signed), and how
    many sheets wait for this reviewer."""

    items: tuple[DueItem, ...] = ()
    review_count: int = 0


def reminders(session: Session, user: Principal | None, today: dt.date) -> Reminders:
    items = tuple(i for i in inspection_ops.announcements(session, today) if i.state != "review")
    count = len(inspection_review.awaiting_review(session, user)) if user is not None else 0
    return Reminders(items, count)
