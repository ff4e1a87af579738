"""The demo duty room's last three weeks on duty: roster, a 7×24 week, two weeks of day shifts.

Called by :func:`opsdesk.demo.seed.load_demo` after the room's readings are back-filled (no Qt
here). Everything is done as the people would have done it, through the same functions the
console calls, each at its moment (the clock is set to it), so the audit trail, the signed
records and their kept papers read like three real weeks:

- the supervisor (王芳) fills each month's roster by the working-day calendar (5×8: all four
  engineers on every working day, ``roster.min_workday`` = 4) before it begins;
- three weeks before today she switches emergency mode on for a week (重保, 7×24): 张伟 and
  李娜 take the day shifts, 陈静 and 刘洋 the nights, every day, and the roster says so; she
  switches it off at the morning handover a week later (the trail keeps both changes, which is
  how :mod:`opsdesk.ops.duty_rules` knows that week was 7×24);
- every shift of that week, and every working day's day shift of the two weeks after it up
  to yesterday, is started by its lead engineer (the others on duty join), its checklist ticked
  with the values of the room's back-filled readings at the time of the tick, handed over with
  the alarms of the shift in the notes, and signed by the outgoing and incoming engineers;
- 陈静 has a day of annual leave next month, asked for and approved in advance (next month's
  roster, not made yet, must find cover for that day: the rule wants four).

The log begins with that emergency week: nothing before it is owed (:func:`duty_rules.duty_began`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opsdesk import clock
from opsdesk.clock import DEFAULT_TZ
from opsdesk.i18n import t
from opsdesk.models import settings
from opsdesk.models.alarm_text import shown
from opsdesk.models.equipment import RegisterLine, Site, Unit
from opsdesk.models.monitoring import Alarm, MetricSeries, RawReading
from opsdesk.models.shift import SHIFT_DEFS, Shift
from opsdesk.models.users import User
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import roster, settings_ops
from opsdesk.ops import shift as shift_ops
from opsdesk.ops.duty_rules import EMERGENCY_KEY

SITE_CODE = "YHL"
ENGINEERS = ("zhangwei", "lina", "chenjing", "liuyang")  # the order leads rotate in
DAY_TEAM, NIGHT_TEAM = ("zhangwei", "lina"), ("chenjing", "liuyang")  # the emergency week
SUPERVISOR = "wangfang"
UPS_CATEGORY = "ups"  # the category code (data/categories.toml)
EMERGENCY_DAYS = 7
NORMAL_DAYS = 14  # the two weeks before today
EMERGENCY_NOTE = "重保期间启用应急模式（7×24），白班、夜班各两人。"

# What the engineers write for the manual items: the day's findings, as a duty log reads.
MANUAL_VALUES = {
    "database_status": "实例运行正常，表空间使用率 {pct} %",
    "database_errors": "无新增错误，无异常慢查询",
    "space_trend": "日增约 {gb} GB，增长平稳，无失效对象",
    "data_exchange": "交互正常，失败记录 0 条",
    "platform_logs": "无未处理错误",
    "audit_logs": "无异常操作，网页防篡改无告警",
}


@dataclass(frozen=True)
class DutyPlan:
    """One shift to run: its date, code, lead, the others on duty and who takes over."""

    day: dt.date
    code: str
    lead: str
    others: tuple[str, ...]
    incoming: str


def plan(today: dt.date, calendar: WorkCalendar) -> list[DutyPlan]:
    """The emergency week three weeks back, then the working days' day shifts up to yesterday."""
    shifts: list[DutyPlan] = []
    first = today - dt.timedelta(days=EMERGENCY_DAYS + NORMAL_DAYS)
    for n in range(EMERGENCY_DAYS):
        day = first + dt.timedelta(days=n)
        day_lead, day_other = DAY_TEAM[n % 2], DAY_TEAM[(n + 1) % 2]
        night_lead, night_other = NIGHT_TEAM[n % 2], NIGHT_TEAM[(n + 1) % 2]
        shifts.append(DutyPlan(day, "day", day_lead, (day_other,), night_lead))
        shifts.append(DutyPlan(day, "night", night_lead, (night_other,), DAY_TEAM[(n + 1) % 2]))
    workdays = [today - dt.timedelta(days=NORMAL_DAYS - n) for n in range(NORMAL_DAYS)]
    workdays = [d for d in workdays if calendar.is_workday(d)]
    for k, day in enumerate(workdays):
        lead = ENGINEERS[k % len(ENGINEERS)]
        shifts.append(DutyPlan(day, "day", lead, tuple(e for e in ENGINEERS if e != lead),
                               ENGINEERS[(k + 1) % len(ENGINEERS)]))
    return shifts


def emergency_span(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the demo's emergency week."""
    first = today - dt.timedelta(days=EMERGENCY_DAYS + NORMAL_DAYS)
    return first, first + dt.timedelta(days=EMERGENCY_DAYS - 1)


@contextlib.contextmanager
def _known_passwords(people: dict[str, tuple[User, str]]) -> Iterator[None]:
    """Each sign-off asks both engineers' passwords again (argon2id, a few tenths of a second a
    check): three weeks of shifts would spend most of the demo's loading proving what the demo
    knows — it created these users with these passwords moments before, in this transaction.
    While the history is written a password is compared with that one, on those user objects
    only (never on the class); everything else about signing is the real thing."""
    def known(password: str) -> Callable[[str], bool]:
        return lambda given: given == password

    for user, password in people.values():
        user.__dict__["check_password"] = known(password)  # shadows the method on this object only
    try:
        yield
    finally:
        for user, _ in people.values():
            user.__dict__.pop("check_password", None)


class _Readings:
    """The room's back-filled readings, as a live item would have shown them at a moment."""

    def __init__(self, session: Session, site_id: int) -> None:
        self.session = session
        rows = session.execute(
            select(MetricSeries.id, MetricSeries.role).join(Unit, MetricSeries.unit_id == Unit.id)
            .join(RegisterLine, Unit.line_id == RegisterLine.id).where(RegisterLine.site_id == site_id)).all()
        self.by_role: dict[str, list[int]] = {}
        for series_id, role in rows:
            self.by_role.setdefault(role or "", []).append(series_id)

    def value(self, item: dict[str, Any], when: dt.datetime) -> float | None:
        ids = [i for role in shift_ops.live_names(item) for i in self.by_role.get(role, [])]
        if not ids:
            return None
        minute = when.replace(second=0, microsecond=0)
        pick = func.max if item.get("combine", "max") == "max" else func.min
        return self.session.scalar(select(pick(RawReading.value)).where(RawReading.series_id.in_(ids),
                                                                        RawReading.at == minute))


def _text(item: dict[str, Any], value: float) -> str:
    """A live value as :func:`opsdesk.ops.shift.autofill` writes it."""
    unit = item.get("unit", "")
    return f"{value:.1f} {unit}".strip() if unit != "%" else f"{value:.0f} %"


def _panel_value(item: dict[str, Any], n: int) -> float:
    """A point with no back-filled history (the UPSs, the hosts; the room's readings beyond
    their retention): what the engineer read off the panel, normal and varying a little."""
    names = shift_ops.live_names(item)
    if any("temperature" in name for name in names):
        return 22.8 + (n * 3) % 9 / 10
    if any("humidity" in name for name in names):
        return 44.0 + (n * 7) % 6
    if "ups.battery_charge" in names:
        return 100.0
    if "ups.output_load" in names:
        return 38.0 + (n * 7) % 9
    return 22.0 + (n * 11) % 17  # host.cpu


def _tick_values(item: dict[str, Any], n: int, when: dt.datetime, readings: _Readings,
                 ups_count: int) -> tuple[str, str, str]:
    """(status, value, follow-up) an engineer records for ``item`` on the n-th shift at ``when``."""
    key, source = item["key"], item["source"]
    if source == "metric":
        if item.get("combine") == "states":
            return "normal", t("All {n} normal", n=ups_count), ""
        value = readings.value(item, when)
        value = _panel_value(item, n) if value is None else value
        low, high = item.get("low"), item.get("high")
        if (low is None or value >= low) and (high is None or value <= high):
            return "normal", _text(item, value), ""
        return "abnormal", _text(item, value), "已通知厂家检查，持续观察"
    if source == "manual":
        return "normal", MANUAL_VALUES.get(key, "正常").format(pct=61 + (n * 3) % 7, gb=9 + (n * 5) % 6), ""
    return "normal", "", ""


def _handover_notes(session: Session, site: Site, start: dt.datetime, end: dt.datetime,
                    names: dict[str, str], emergency: bool) -> str:
    """The notes the outgoing engineer writes: the shift's alarms and how they ended."""
    alarms = session.scalars(
        select(Alarm).join(Unit, Alarm.unit_id == Unit.id).join(RegisterLine, Unit.line_id == RegisterLine.id)
        .where(RegisterLine.site_id == site.id, Alarm.raised_at >= start, Alarm.raised_at < end)
        .order_by(Alarm.raised_at)).all()
    lines = [EMERGENCY_NOTE] if emergency else []
    for alarm in alarms:
        at = clock.format_local(alarm.raised_at, site.timezone)[-5:]
        who = names.get(alarm.acked_by or "", alarm.acked_by or "")
        lines.append(f"{at} {shown(alarm, 'zh')}，{who}确认：{alarm.ack_note}")  # the demo's engineers write Chinese
    if len(lines) == int(emergency):
        lines.append("本班运行平稳，无未处理告警。")
    return "\n".join(lines)


def load_demo_duty(session: Session, passwords: dict[str, str], at: dt.datetime | None = None) -> int:
    """Write the demo's roster and three weeks of shifts (see the module text). ``passwords``:
    the demo users' passwords by user name. Returns how many shifts were signed."""
    site = session.scalars(select(Site).where(Site.code == SITE_CODE)).first()
    if site is None:
        return 0
    tz = site.timezone or DEFAULT_TZ
    zone = ZoneInfo(tz)
    at = at or clock.now()
    today = clock.to_local(at, tz).date()
    calendar = WorkCalendar.load(session)
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(passwords)))}
    names = {name: u.display_name or name for name, u in users.items()}
    supervisor = users[SUPERVISOR]
    shifts = plan(today, calendar)
    em_first, em_last = emergency_span(today)
    readings = _Readings(session, site.id)
    ups_count = session.scalar(select(func.count(Unit.id)).join(RegisterLine, Unit.line_id == RegisterLine.id)
                               .where(RegisterLine.site_id == site.id, RegisterLine.category == UPS_CATEGORY)) or 0

    def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), zone)

    demo_clock = clock.FixedClock(local(em_first, 8))
    previous = clock.set_clock(demo_clock)
    try:
        # Each month's roster from the service contract's start (inspection.since) on, filled a
        # week before the month begins.
        since = settings.get(session, "inspection.since")
        first_day = min(dt.date.fromisoformat(since) if since else em_first, em_first).replace(day=1)
        while first_day <= today:
            year, month_no = first_day.year, first_day.month
            first_day = (first_day + dt.timedelta(days=32)).replace(day=1)
            demo_clock.set(min(local(dt.date(year, month_no, 1) - dt.timedelta(days=7), 10), at))
            roster.fill_default(session, supervisor, site.id, year, month_no, list(ENGINEERS))
        # The emergency week: switched on at the morning handover of its first day (the night
        # before stays a 5×8 night: nothing owed), the roster set to 7×24.
        demo_clock.set(local(em_first, 8, 30))
        settings_ops.set_setting(session, supervisor, EMERGENCY_KEY, True)
        day = em_first
        while day <= em_last:
            for team, code in ((DAY_TEAM, "day"), (NIGHT_TEAM, "night")):
                for name in team:
                    roster.set_entry(session, supervisor, site.id, day, name, code)
            day += dt.timedelta(days=1)

        with _known_passwords({n: (users[n], passwords[n]) for n in ENGINEERS}):
            switched_off = False
            for n, duty in enumerate(shifts):
                if duty.day > em_last and not switched_off:
                    _emergency_off(session, supervisor, local(em_last + dt.timedelta(days=1), 8, 30), demo_clock)
                    switched_off = True
                _run_shift(session, site, duty, n, users, passwords, names, readings, ups_count,
                           em_first <= duty.day <= em_last, demo_clock)
            if not switched_off:
                _emergency_off(session, supervisor, local(em_last + dt.timedelta(days=1), 8, 30), demo_clock)

        # A day of annual leave next month, asked for in advance and approved the same day; next
        # month's roster, not made yet, will have to cover it.
        next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        leave_day = next_month + dt.timedelta(days=9)
        while not calendar.is_workday(leave_day):
            leave_day += dt.timedelta(days=1)
        asked = calendar.previous_workday(today)
        demo_clock.set(min(local(asked, 10, 20), at))
        leave = roster.request_leave(session, users["chenjing"], leave_day, leave_day, "年休假，家中有事")
        demo_clock.set(min(local(asked, 15, 0), at))
        roster.decide_leave(session, supervisor, leave.id, approve=True)
    finally:
        clock.set_clock(previous)
    session.flush()
    return len(shifts)


def _emergency_off(session: Session, supervisor: User, when: dt.datetime, demo_clock: clock.FixedClock) -> None:
    """The supervisor ends the 7×24 week at the morning handover after its last night."""
    demo_clock.set(when)
    settings_ops.set_setting(session, supervisor, EMERGENCY_KEY, False)


def _run_shift(session: Session, site: Site, duty: DutyPlan, n: int, users: dict[str, User],
               passwords: dict[str, str], names: dict[str, str], readings: _Readings, ups_count: int,
               emergency: bool, fixed: clock.FixedClock) -> Shift:
    """One shift as its engineers ran it (on the demo's clock ``fixed``): start and join, the
    checklist, handover, both signatures."""
    start, end = SHIFT_DEFS[duty.code].window(duty.day, site.timezone or DEFAULT_TZ)
    fixed.set(start + dt.timedelta(minutes=3))
    shift = shift_ops.start_shift(session, users[duty.lead], site.id, duty.day, duty.code)
    for other in duty.others:
        fixed.advance(minutes=2)
        shift_ops.start_shift(session, users[other], site.id, duty.day, duty.code)
    items = shift_ops.items_by_key(shift)
    # The round of the room half an hour into the shift, a tick a minute or two apart.
    fixed.set(start + dt.timedelta(minutes=30))
    for tick in shift.ticks:
        fixed.advance(minutes=2)
        status, value, followup = _tick_values(items[tick.item_key], n, fixed.now(), readings, ups_count)
        shift_ops.tick(session, users[duty.lead], tick.id, status, value=value, followup=followup or None)
    fixed.set(end - dt.timedelta(minutes=20))
    notes = _handover_notes(session, site, start, end, names, emergency)
    shift_ops.hand_over(session, users[duty.lead], shift.id, notes)
    fixed.set(end - dt.timedelta(minutes=10))
    return shift_ops.sign_off(session, users[duty.lead], passwords[duty.lead], users[duty.incoming],
                              passwords[duty.incoming], shift.id)
