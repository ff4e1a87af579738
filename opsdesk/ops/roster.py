"""The duty roster (排班表) and leave (R-SHIFT-4): at least 4 people on each working day
(5×8) and at least 2 per shift in emergency mode (7×24); the numbers are settings."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from opsdesk.clock import now
from opsdesk.i18n import language, say, say_n, t
from opsdesk.models import audit, settings
from opsdesk.models.shift import LeaveRequest, RosterEntry
from opsdesk.models.users import Perm, Principal, User, require
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import duty_rules
from opsdesk.ops.errors import NotFound, ValidationError

CODES = ("day", "night", "off")  # 白, 夜, 休 — leave comes from approved requests


def month_days(year: int, month: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in range(1, pycal.monthrange(year, month)[1] + 1)]


def set_entry(session: Session, actor: Principal, site_id: int, day: dt.date, username: str, code: str | None) -> None:
    """Put one person on one day's shift (code None clears the cell)."""
    require(actor, Perm.EDIT_ROSTER)
    if code is not None and code not in CODES:
        raise ValidationError("code", t("Unknown shift code '{code}'.", code=code))
    entry = session.scalars(select(RosterEntry).where(RosterEntry.site_id == site_id, RosterEntry.day == day,
                                                      RosterEntry.username == username)).first()
    before = entry.code if entry else None
    if code is None:
        if entry is not None:
            session.delete(entry)
    elif entry is None:
        session.add(RosterEntry(site_id=site_id, day=day, username=username, code=code))
    else:
        entry.code = code
    if before != code:
        audit.record(session, actor.username, "roster.set", "roster", f"{site_id}:{day.isoformat()}",
                     f"{username} {day.isoformat()}", {"code": before}, {"code": code})


def month(session: Session, site_id: int, year: int, month_no: int) -> dict[tuple[str, dt.date], str]:
    days = month_days(year, month_no)
    rows = session.scalars(select(RosterEntry).where(RosterEntry.site_id == site_id, RosterEntry.day >= days[0],
                                                     RosterEntry.day <= days[-1]))
    grid = {(r.username, r.day): r.code for r in rows}
    for leave in approved_leave(session, days[0], days[-1]):
        d = max(leave.first_day, days[0])
        while d <= min(leave.last_day, days[-1]):
            grid[(leave.username, d)] = "leave"
            d += dt.timedelta(days=1)
    return grid


def fill_default(session: Session, actor: Principal, site_id: int, year: int, month_no: int, people: list[str]) -> int:
    """A starting roster: everyone on the day shift each working day (5×8)."""
    require(actor, Perm.EDIT_ROSTER)
    cal = WorkCalendar.load(session)
    days = month_days(year, month_no)
    session.execute(delete(RosterEntry).where(RosterEntry.site_id == site_id, RosterEntry.day >= days[0],
                                              RosterEntry.day <= days[-1]))
    count = 0
    for day in days:
        for name in people:
            session.add(RosterEntry(site_id=site_id, day=day, username=name,
                                    code="day" if cal.is_workday(day) else "off"))
            count += 1
    audit.record(session, actor.username, "roster.fill", "roster", f"{site_id}:{year}-{month_no:02d}",
                 t("Roster {year}-{month:02d} filled", year=year, month=month_no), None, {"people": people})
    return count


@dataclass(frozen=True)
class RosterProblem:
    day: dt.date
    shift: str
    people: int
    needed: int

    def message(self, lang: str | None = None) -> str:
        """Said in ``lang`` (a paper's language), else the reader's."""
        lang = lang or language()
        return say_n(lang, "{day}: {shift} has {n} person, needs at least {m}",
                     "{day}: {shift} has {n} people, needs at least {m}", self.people, day=self.day.isoformat(),
                     shift=say(lang, "day shift") if self.shift == "day" else say(lang, "night shift"), m=self.needed)


def check(session: Session, site_id: int, year: int, month_no: int) -> list[RosterProblem]:
    """Working days need ``roster.min_workday`` people; in emergency mode every shift of
    every day needs ``roster.min_emergency_shift``. People on approved leave do not count.
    Each day by the rule in force on it (:mod:`opsdesk.ops.duty_rules`): a week run 7×24
    last month is checked as 7×24, and today's mode holds for the days still to come."""
    grid = month(session, site_id, year, month_no)
    cal = WorkCalendar.load(session)
    days = month_days(year, month_no)
    emergency_days = duty_rules.emergency_days(session, days)
    min_day = settings.get(session, "roster.min_workday")
    min_shift = settings.get(session, "roster.min_emergency_shift")
    problems = []
    for day in days:
        count = {code: sum(1 for (_, d), c in grid.items() if d == day and c == code) for code in ("day", "night")}
        if day in emergency_days:
            problems += [RosterProblem(day, code, count[code], min_shift) for code in ("day", "night")
                         if count[code] < min_shift]
        elif cal.is_workday(day) and count["day"] < min_day:
            problems.append(RosterProblem(day, "day", count["day"], min_day))
    return problems


# -- leave -------------------------------------------------------------------------------------

def request_leave(session: Session, actor: Principal, first_day: dt.date, last_day: dt.date,
                  reason: str) -> LeaveRequest:
    """Resident engineers ask the information centre in advance (seed 002 总体要求)."""
    require(actor, Perm.RUN_SHIFT)
    if last_day < first_day:
        raise ValidationError("last_day", t("The last day of leave is before the first."))
    if not reason.strip():
        raise ValidationError("reason", t("Give a reason for the leave."))
    leave = LeaveRequest(username=actor.username, first_day=first_day, last_day=last_day, reason=reason.strip())
    session.add(leave)
    session.flush()
    audit.record(session, actor.username, "leave.request", "leave", leave.id, reason.strip(), None,
                 {"from": first_day.isoformat(), "to": last_day.isoformat()})
    return leave


def decide_leave(session: Session, actor: Principal, leave_id: int, approve: bool) -> LeaveRequest:
    require(actor, Perm.EDIT_ROSTER)
    leave = session.get(LeaveRequest, leave_id)
    if leave is None:
        raise NotFound(t("No leave request {id}.", id=leave_id))
    if leave.status != "pending":
        raise ValidationError("status", t("This leave request was decided already."))
    leave.status = "approved" if approve else "rejected"
    leave.decided_by, leave.decided_at = actor.username, now()
    audit.record(session, actor.username, "leave.decide", "leave", leave.id, leave.status, None,
                 {"status": leave.status})
    return leave


def approved_leave(session: Session, first: dt.date, last: dt.date) -> list[LeaveRequest]:
    return list(session.scalars(select(LeaveRequest).where(
        LeaveRequest.status == "approved", LeaveRequest.first_day <= last, LeaveRequest.last_day >= first)))


def print_roster(session: Session, site_id: int, year: int, month_no: int, out: Path | str | BinaryIO,
                 people: Sequence[str] | None = None, lang: str = "zh") -> None:
    """The roster of a site's month as a PDF (:func:`opsdesk.reports.roster.roster_pdf`):
    ``people`` (user names) default to everyone on the roster that month plus active duty
    engineers, by name; ``lang``: the paper's language ("zh", "en")."""
    from opsdesk.models.equipment import Site
    from opsdesk.models.meta import is_demo
    from opsdesk.models.users import Role
    from opsdesk.reports.roster import roster_pdf

    site = session.get(Site, site_id)
    if site is None:
        raise LookupError(f"no site {site_id}")
    grid = month(session, site_id, year, month_no)
    users = {u.username: u for u in session.scalars(select(User))}
    if people is None:
        names = {u for u, _ in grid} | {u.username for u in users.values()
                                         if u.role == Role.DUTY and not u.disabled}
        people = sorted(names, key=lambda u: (users[u].role != Role.DUTY if u in users else True, u))
    calendar = WorkCalendar.load(session)
    info = {d: calendar.info(d) for d in month_days(year, month_no)}
    problems = check(session, site_id, year, month_no)
    roster_pdf(site.name, site.hospital, year, month_no,
               [(u, (users[u].display_name or u) if u in users else u) for u in people], grid, info, problems,
               demo=is_demo(session), out=out, tz=site.timezone, lang=lang)
