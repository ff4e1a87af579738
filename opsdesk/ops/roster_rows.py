"""What the roster screen shows of a month, read in one session: typed queries returning frozen
records, shared by the console and the tests (no Qt here; issue 15)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models.equipment import Site
from opsdesk.models.meta import is_demo
from opsdesk.models.shift import LeaveRequest
from opsdesk.models.users import Role, User
from opsdesk.models.workcal import DayInfo, WorkCalendar
from opsdesk.ops import roster as roster_ops
from opsdesk.ops.errors import NotFound


@dataclass(frozen=True)
class LeaveRow:
    id: int
    username: str
    name: str
    first_day: dt.date
    last_day: dt.date
    reason: str
    status: str  # pending, approved, rejected
    decided_by: str

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class RosterMonth:
    site_id: int
    site_name: str
    hospital: str
    timezone: str
    year: int
    month: int
    days: tuple[dt.date, ...]
    infos: dict[dt.date, DayInfo]
    people: tuple[tuple[str, str], ...]  # (user name, name people say)
    grid: dict[tuple[str, dt.date], str]  # (user name, day) → day, night, off, leave
    problems: tuple[str, ...]
    problem_days: frozenset[dt.date]
    leaves: tuple[LeaveRow, ...]
    rosterable: tuple[tuple[str, str], ...] = ()  # who a generated month may name (enabled duty staff)
    demo: bool = False  # the demo database: a printed roster says so

    def on_duty(self, day: dt.date) -> dict[str, int]:
        """People per shift code on ``day`` (leave does not count)."""
        counts: dict[str, int] = {}
        for (_name, d), code in self.grid.items():
            if d == day and code in ("day", "night"):
                counts[code] = counts.get(code, 0) + 1
        return counts


def roster_people(session: Session, grid: dict[tuple[str, dt.date], str]) -> list[tuple[str, str]]:
    """Who can be rostered (enabled duty engineers and supervisors), then anyone the
    month already names (a person disabled later keeps their row)."""
    users = {u.username: u for u in session.scalars(select(User).order_by(User.id))}
    people = [(u.username, u.display_name or u.username) for u in users.values()
              if not u.disabled and u.role in (Role.DUTY.value, Role.SUPERVISOR.value)]
    listed = {name for name, _ in people}
    for username in sorted({name for name, _day in grid} - listed):
        user = users.get(username)
        people.append((username, (user.display_name if user else "") or username))
    return people


def leave_rows(session: Session, first: dt.date, last: dt.date) -> list[LeaveRow]:
    """Every pending request, and decided ones that touch the month; newest first."""
    names = {u.username: u.display_name or u.username for u in session.scalars(select(User))}
    query = select(LeaveRequest).where(
        (LeaveRequest.status == "pending") | ((LeaveRequest.first_day <= last) & (LeaveRequest.last_day >= first))
    ).order_by(LeaveRequest.id.desc())
    return [LeaveRow(r.id, r.username, names.get(r.username, r.username), r.first_day, r.last_day, r.reason,
                     r.status, names.get(r.decided_by or "", r.decided_by or "")) for r in session.scalars(query)]


def load_month(session: Session, site_id: int, year: int, month: int) -> RosterMonth:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    days = roster_ops.month_days(year, month)
    cal = WorkCalendar.load(session)
    grid = roster_ops.month(session, site_id, year, month)
    problems = roster_ops.check(session, site_id, year, month)
    return RosterMonth(
        site_id=site_id, site_name=site.name, hospital=site.hospital or "", timezone=site.timezone, year=year,
        month=month,
        days=tuple(days), infos={d: cal.info(d) for d in days}, people=tuple(roster_people(session, grid)),
        grid=grid, problems=tuple(p.message() for p in problems), problem_days=frozenset(p.day for p in problems),
        leaves=tuple(leave_rows(session, days[0], days[-1])),
        rosterable=tuple(roster_people(session, {})), demo=is_demo(session),
    )

