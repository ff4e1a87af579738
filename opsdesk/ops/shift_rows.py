"""What the shift screens show of a shift: typed queries returning frozen records, read while
the session is open (no Qt here; issue 15: no ORM instance leaves the session's thread). The
console, the CLI and the tests share them.

A checklist row is built either from the live ticks of a shift or from a signed
revision's snapshot, so the same view shows both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk import clock
from opsdesk.clock import format_local, to_local
from opsdesk.i18n import t
from opsdesk.models import labels
from opsdesk.models.equipment import Site
from opsdesk.models.shift import SHIFT_DEFS, ChecklistTemplate, Shift, ShiftStatus
from opsdesk.models.users import Perm, Principal, Role, User, require
from opsdesk.models.workcal import DayInfo, WorkCalendar
from opsdesk.ops import devices
from opsdesk.ops import shift as shift_ops
from opsdesk.ops.errors import NotFound, ValidationError
from opsdesk.ops.shift import Completion


@dataclass(frozen=True)
class ItemRow:
    """One checklist item with its tick, ready to show."""

    tick_id: int | None  # None for a row from a signed snapshot
    key: str
    group: str
    title: str
    how: str
    expected: str
    kind: str  # the item's value source: manual, metric, yesno
    required: bool
    unit: str
    status: str | None  # normal, abnormal, na
    value: str
    source: str  # the tick's: manual, metric, override
    metric_value: str  # what the monitor said
    metric_time: str  # the reading's local time, 10:05:12
    override_reason: str
    note: str
    followup: str
    ticked_by: str  # the person's name
    ticked_time: str  # local, 10:12
    version: int

    @property
    def live(self) -> bool:
        return self.kind == "metric"

    @property
    def live_filled(self) -> bool:
        """Filled in by the monitor and not changed by a person."""
        return self.live and self.source == "metric" and bool(self.metric_value)


@dataclass(frozen=True)
class Signer:
    meaning: str  # 交班人 / 接班人
    name: str
    signed_at: str


@dataclass(frozen=True)
class Revision:
    revision: int
    reason: str
    created_at: str
    created_by: str
    signers: tuple[Signer, ...]
    snapshot: dict[str, Any] = field(compare=False)

    @property
    def signed(self) -> bool:
        return len(self.signers) >= 2


@dataclass(frozen=True)
class ShiftState:
    """A shift as the screen shows it."""

    id: int
    site_id: int
    site_name: str
    timezone: str
    day: dt.date
    code: str
    status: str
    on_duty: tuple[str, ...]  # user names
    on_duty_names: tuple[str, ...]
    template_version: int
    window: tuple[dt.datetime, dt.datetime]
    rows: tuple[ItemRow, ...]
    completion: Completion
    handover_notes: str
    handover_open: dict[str, Any] | None
    outgoing: str | None
    incoming: str | None
    revisions: tuple[Revision, ...]

    @property
    def signed(self) -> bool:
        return self.status == ShiftStatus.SIGNED

    @property
    def revision(self) -> int:
        """The newest revision's number (0 before the first signing)."""
        return self.revisions[-1].revision if self.revisions else 0

    @property
    def awaiting_signatures(self) -> bool:
        """Corrected after signing: a new revision waits for both signatures."""
        return not self.signed and bool(self.revisions) and not self.revisions[-1].signed

    def row(self, tick_id: int) -> ItemRow | None:
        return next((r for r in self.rows if r.tick_id == tick_id), None)

    def shift_name(self) -> str:
        return SHIFT_DEFS[self.code].name

    def window_text(self) -> str:
        start, end = self.window
        return f"{to_local(start, self.timezone):%H:%M}–{to_local(end, self.timezone):%H:%M}"


def people(session: Session) -> dict[str, str]:
    """user name → the name people say (张伟)."""
    return {u.username: u.display_name or u.username for u in session.scalars(select(User))}


def duty_people(session: Session, exclude: str | None = None) -> list[tuple[str, str]]:
    """(user name, the name people say) of enabled duty engineers and supervisors: who may
    take over a shift. The login stays behind the name: people are named, not their accounts."""
    query = select(User).where(User.role.in_((Role.DUTY.value, Role.SUPERVISOR.value)), User.disabled.is_(False))
    return [(u.username, u.display_name or u.username) for u in session.scalars(query.order_by(User.role, User.id))
            if u.username != exclude]


def _short_time(when: dt.datetime | None, tz: str, seconds: bool = False) -> str:
    if when is None:
        return ""
    return to_local(when, tz).strftime("%H:%M:%S" if seconds else "%H:%M")


def rows_of(shift: Shift, names: dict[str, str]) -> list[ItemRow]:
    items = shift_ops.items_by_key(shift)
    tz = shift.site.timezone
    rows = []
    for tk in shift.ticks:
        item = items.get(tk.item_key, {"title": tk.item_key})
        rows.append(ItemRow(
            tick_id=tk.id, key=tk.item_key, group=item.get("group", ""), title=item["title"],
            how=item.get("how", ""), expected=item.get("expected", ""), kind=item.get("source", "manual"),
            required=bool(item.get("required")), unit=item.get("unit", ""), status=tk.status, value=tk.value or "",
            source=tk.source, metric_value=tk.metric_value or "", metric_time=_short_time(tk.metric_at, tz, True),
            override_reason=tk.override_reason or "", note=tk.note or "", followup=tk.followup or "",
            ticked_by=names.get(tk.ticked_by, tk.ticked_by) if tk.ticked_by else "",
            ticked_time=_short_time(tk.ticked_at, tz), version=tk.version,
        ))
    return rows


def rows_of_snapshot(snapshot: dict[str, Any], items: dict[str, dict[str, Any]],
                     names: dict[str, str]) -> list[ItemRow]:
    """Rows of a signed revision (its times are already local text); ``items`` — the
    shift's template items by key — add what a snapshot does not keep (how, kind)."""
    rows = []
    for item in snapshot.get("items", []):
        template_item = items.get(item["key"], {})
        kind = template_item.get("source") or ("metric" if item.get("metric_at") else "manual")
        rows.append(ItemRow(
            tick_id=None, key=item["key"], group=item.get("group", ""), title=item["title"],
            how=template_item.get("how", ""), expected=item.get("expected", ""), kind=kind,
            required=bool(item.get("required")), unit=template_item.get("unit", ""), status=item.get("status"),
            value=item.get("value", ""),
            source=item.get("source", "manual"), metric_value="", metric_time=(item.get("metric_at") or "")[11:],
            override_reason=item.get("override_reason", ""), note=item.get("note", ""),
            followup=item.get("followup", ""),
            ticked_by=names.get(item.get("ticked_by", ""), item.get("ticked_by", "")),
            ticked_time=(item.get("ticked_at") or "")[11:], version=0,
        ))
    return rows


def revisions_of(session: Session, shift_id: int, tz: str) -> list[Revision]:
    out = []
    for record in shift_ops.signed_revisions(session, shift_id):
        signers = tuple(Signer(s.meaning, s.printed_name, format_local(s.signed_at, tz)) for s in record.signatures)
        out.append(Revision(record.revision, record.reason or "", format_local(record.created_at, tz),
                            record.created_by or "", signers, record.snapshot))
    return out


def load_state(session: Session, shift_id: int) -> ShiftState:
    shift = shift_ops.get_shift(session, shift_id)
    return state_of(session, shift)


def state_of(session: Session, shift: Shift) -> ShiftState:
    names = people(session)
    tz = shift.site.timezone
    return ShiftState(
        id=shift.id, site_id=shift.site_id, site_name=shift.site.name, timezone=tz, day=shift.day, code=shift.code,
        status=shift.status, on_duty=tuple(shift.on_duty), on_duty_names=tuple(names.get(u, u) for u in shift.on_duty),
        template_version=shift.template.version, window=SHIFT_DEFS[shift.code].window(shift.day, tz),
        rows=tuple(rows_of(shift, names)), completion=shift_ops.completion(shift),
        handover_notes=shift.handover_notes or "", handover_open=shift.handover_open,
        outgoing=shift.outgoing, incoming=shift.incoming, revisions=tuple(revisions_of(session, shift.id, tz)),
    )


def refresh_state(session: Session, shift_id: int) -> ShiftState:
    """In a write session: fill live items from the monitor, then read the shift."""
    shift = shift_ops.get_shift(session, shift_id)
    shift_ops.autofill(session, shift)
    session.flush()
    return state_of(session, shift)


def current_shift(session: Session, site_id: int) -> tuple[dt.date, str]:
    """The shift a console opens on: the scheduled one whose window holds the present
    (a night shift after midnight belongs to the day before), else today's day shift."""
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    at = clock.now()
    today = clock.get_clock().today(site.timezone)
    for day in (today, today - dt.timedelta(days=1)):
        for code in shift_ops.scheduled_shifts(session, day):
            start, end = SHIFT_DEFS[code].window(day, site.timezone)
            if start <= at < end:
                return day, code
    return today, "day"


# -- what the screens ask for, each in one read ------------------------------------------------
@dataclass(frozen=True)
class SiteChoice:
    id: int
    name: str
    timezone: str


def site_choices(session: Session) -> list[SiteChoice]:
    """The sites a month view or the duty page offers, in the register's order."""
    return [SiteChoice(s.id, s.name, s.timezone) for s in devices.sites(session)]


@dataclass(frozen=True)
class ShiftChoice:
    """What the duty page knows of a chosen site, day and shift before opening it."""

    scheduled: tuple[str, ...]  # the shift codes scheduled that day
    shift_id: int | None  # the shift, when it has started


def shift_choice(session: Session, site_id: int, day: dt.date, code: str) -> ShiftChoice:
    found = shift_ops.find_shift(session, site_id, day, code)
    return ShiftChoice(tuple(shift_ops.scheduled_shifts(session, day)), found.id if found is not None else None)


def find_shift_id(session: Session, site_id: int, day: dt.date, code: str) -> int | None:
    found = shift_ops.find_shift(session, site_id, day, code)
    return found.id if found is not None else None


def start_and_read(session: Session, actor: Principal, site_id: int, day: dt.date, code: str) -> ShiftState:
    """In a write session: start (or join) the shift, then read it."""
    return state_of(session, shift_ops.start_shift(session, actor, site_id, day, code))


@dataclass(frozen=True)
class HistoryMonth:
    """One site's month of shifts: day → {shift code: complete, late, missed, open, future}."""

    site_id: int
    year: int
    month: int
    timezone: str
    overview: dict[dt.date, dict[str, str]]
    infos: dict[dt.date, DayInfo]


def history_month(session: Session, site_id: int, year: int, month: int) -> HistoryMonth:
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    overview = shift_ops.month_overview(session, site_id, year, month)
    cal = WorkCalendar.load(session)
    return HistoryMonth(site_id, year, month, site.timezone, overview, {day: cal.info(day) for day in overview})


@dataclass(frozen=True)
class ShiftRecord:
    """A shift's record as the read-only record dialog shows it."""

    state: ShiftState
    items: dict[str, dict[str, Any]]  # the shift's template items by key
    names: dict[str, str]  # user name → the name people say

    def rows_of_revision(self, revision: int) -> list[ItemRow]:
        chosen = next(r for r in self.state.revisions if r.revision == revision)
        return rows_of_snapshot(chosen.snapshot, self.items, self.names)


def shift_record(session: Session, shift_id: int) -> ShiftRecord:
    shift = shift_ops.get_shift(session, shift_id)
    return ShiftRecord(state_of(session, shift), shift_ops.items_by_key(shift), people(session))


@dataclass(frozen=True)
class HandoverView:
    """What the handover dialog shows: the shift, the site's open alarms now, who is who."""

    state: ShiftState
    live_alarms: tuple[dict[str, Any], ...]
    names: dict[str, str]


def handover_view(session: Session, shift_id: int) -> HandoverView:
    state = load_state(session, shift_id)
    return HandoverView(state, tuple(shift_ops.open_alarms_for(session, state.site_id)), people(session))


@dataclass(frozen=True)
class TemplateVersion:
    version: int
    created_by: str  # the person's name, "system" for the shipped one
    created_at: dt.datetime
    count: int  # items


@dataclass(frozen=True)
class TemplateView:
    """The checklist template in force, and every version of it (newest first)."""

    version: int
    title: str
    items: tuple[dict[str, Any], ...]
    versions: tuple[TemplateVersion, ...]


def template_view(session: Session) -> TemplateView:
    """In a write session: the shipped template becomes version 1 on first use."""
    template = shift_ops.current_template(session)
    names = people(session)
    versions = session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.code == template.code)
                               .order_by(ChecklistTemplate.version.desc()))
    return TemplateView(
        template.version, template.title, tuple(dict(i) for i in template.items),
        tuple(TemplateVersion(v.version,
                              v.created_by if v.created_by == "system" else names.get(v.created_by, v.created_by),
                              v.created_at, len(v.items)) for v in versions))


@dataclass(frozen=True)
class Signature:
    meaning: str
    printed_name: str
    signed_at: dt.datetime
    revision: int


@dataclass(frozen=True)
class ShiftReport:
    """A shift as ``opsdesk shift show`` prints it: its snapshot (site, people on duty, items as
    the shift log prints them), how far it is, and the latest signed revision's signatures."""

    shift_id: int
    site: str
    day: dt.date
    code: str
    on_duty: tuple[str, ...]
    items: tuple[dict[str, Any], ...]
    completion: Completion
    signatures: tuple[Signature, ...]


def shift_report(session: Session, actor: Principal, site_name: str | None, day: dt.date | None,
                 code: str) -> ShiftReport:
    """The ``code`` shift (day, night) of the site named ``site_name`` (default the first) on ``day``
    (default the site's today); NotFound, naming the shifts scheduled that day, when none was kept."""
    require(actor, Perm.VIEW_REGISTER)
    if code not in SHIFT_DEFS:
        raise ValidationError("code", t("Unknown shift '{code}'.", code=code))
    site = devices.find_site(session, site_name)
    day = day or clock.get_clock().today(site.timezone)
    found = shift_ops.find_shift(session, site.id, day, code)
    if found is None:
        planned = labels.listing(SHIFT_DEFS[c].name for c in shift_ops.scheduled_shifts(session, day)) or t("none")
        raise NotFound(t("No {shift} recorded for {site} on {day} (scheduled: {planned}).",
                         shift=SHIFT_DEFS[code].name, site=site.name, day=day.isoformat(), planned=planned))
    shift = shift_ops.get_shift(session, found.id)
    snap = shift_ops.snapshot(shift)
    record = shift_ops.latest_record(session, shift.id)
    signatures = () if record is None else tuple(
        Signature(sig.meaning, sig.printed_name, sig.signed_at, record.revision) for sig in record.signatures)
    return ShiftReport(shift.id, str(snap["site"]), day, code, tuple(snap["on_duty"]), tuple(snap["items"]),
                       shift_ops.completion(shift), signatures)
