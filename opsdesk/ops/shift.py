"""Running a shift: start, tick (each tick committed at once), live values, handover,
sign-off by both engineers, corrections as new revisions (R-SHIFT-1 … R-SHIFT-3)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk import paths
from opsdesk.clock import format_local, now
from opsdesk.i18n import t
from opsdesk.models import audit, labels, settings
from opsdesk.models.alarm_text import shown
from opsdesk.models.equipment import RegisterLine, Site, Unit
from opsdesk.models.meta import is_demo
from opsdesk.models.monitoring import Alarm, MetricSeries, series_name, series_text
from opsdesk.models.shift import SHIFT_DEFS, ChecklistTemplate, Shift, ShiftStatus, Tick, TickStatus
from opsdesk.models.signing import SignedRecord, latest, sha256
from opsdesk.models.users import AuthError, Perm, Principal, User, require
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import papers
from opsdesk.ops.duty_rules import owed_shifts
from opsdesk.ops.errors import ConflictError, NotFound, OpError, ValidationError
from opsdesk.ops.signing import confirm_password, freeze, sign

TEMPLATE_FILE = paths.DATA / "checklists" / "daily.toml"
SOURCES = ("manual", "metric", "yesno")
COMBINE = ("max", "min", "states")


class ShiftLocked(OpError):
    pass


class SignerRefused(AuthError):
    """One signer's password was refused at sign-off; ``signer`` says whose ("outgoing" or
    "incoming"), so the screen marks that field without checking the password again."""

    def __init__(self, signer: str, message: str) -> None:
        super().__init__(message)
        self.signer = signer


def scheduled_shifts(session: Session, day: dt.date, calendar: WorkCalendar | None = None) -> list[str]:
    """Which shifts a date has: the working-day calendar decides (2026-02-14, a Saturday
    made a working day, has a day shift); emergency mode turns on 7×24 cover."""
    if settings.get(session, "shift.emergency_mode"):
        return ["day", "night"]
    calendar = calendar or WorkCalendar.load(session)
    return ["day"] if calendar.is_workday(day) else []


# -- templates -------------------------------------------------------------------------------

def validate_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = set()
    clean = []
    for n, item in enumerate(items, start=1):
        key = str(item.get("key", "")).strip()
        if not key or key in keys:
            raise ValidationError("items", t("Item {n}: a unique key is required.", n=n))
        keys.add(key)
        if not str(item.get("title", "")).strip():
            raise ValidationError("items", t("Item {n}: a title is required.", n=n))
        source = item.get("source", "manual")
        if source not in SOURCES:
            raise ValidationError("items", t("Item {n}: unknown value source '{source}'.", n=n, source=source))
        if source == "metric" and (not live_names(item) or item.get("combine", "max") not in COMBINE):
            raise ValidationError("items", t("Item {n}: a live item names its metrics and how they combine.", n=n))
        clean.append({**item, "key": key, "source": source, "required": bool(item.get("required", False))})
    return clean


def current_template(session: Session, code: str = "daily") -> ChecklistTemplate:
    """The template in force; the shipped one becomes version 1 on first use."""
    template = session.scalars(select(ChecklistTemplate).where(ChecklistTemplate.code == code,
                                                               ChecklistTemplate.current.is_(True))).first()
    if template is None:
        data = tomllib.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
        template = ChecklistTemplate(code=data["code"], version=1, title=data["title"],
                                     items=validate_items(data["item"]), created_by="system")
        session.add(template)
        session.flush()
    return template


def save_template(session: Session, actor: Principal, items: list[dict[str, Any]], title: str | None = None,
                  code: str = "daily") -> ChecklistTemplate:
    """A supervisor's edit: a new version; shifts already started keep theirs."""
    require(actor, Perm.EDIT_CHECKLIST)
    old = current_template(session, code)
    items = validate_items(items)
    if items == old.items and (title or old.title) == old.title:
        return old
    old.current = False
    new = ChecklistTemplate(code=code, version=old.version + 1, title=title or old.title, items=items,
                            created_by=actor.username)
    session.add(new)
    session.flush()
    audit.record(session, actor.username, "checklist.edit", "checklist", code,
                 t("Checklist version {n}", n=new.version), {"version": old.version, "items": len(old.items)},
                 {"version": new.version, "items": len(items)})
    return new


# -- shifts ----------------------------------------------------------------------------------

def get_shift(session: Session, shift_id: int) -> Shift:
    shift = session.get(Shift, shift_id, options=[selectinload(Shift.ticks), selectinload(Shift.template),
                                                  selectinload(Shift.site)])
    if shift is None:
        raise NotFound(t("No shift {id}.", id=shift_id))
    return shift


def find_shift(session: Session, site_id: int, day: dt.date, code: str) -> Shift | None:
    return session.scalars(select(Shift).where(Shift.site_id == site_id, Shift.day == day, Shift.code == code)).first()


def start_shift(session: Session, actor: Principal, site_id: int, day: dt.date, code: str = "day") -> Shift:
    """Open today's shift (or join it: a second engineer on duty is added)."""
    require(actor, Perm.RUN_SHIFT)
    if code not in SHIFT_DEFS:
        raise ValidationError("code", t("Unknown shift '{code}'.", code=code))
    shift = find_shift(session, site_id, day, code)
    if shift is not None:
        if actor.username not in shift.on_duty and shift.status == ShiftStatus.OPEN:
            shift.on_duty = [*shift.on_duty, actor.username]
        return shift
    template = current_template(session)
    shift = Shift(site_id=site_id, day=day, code=code, template_id=template.id, started_by=actor.username,
                  on_duty=[actor.username], started_at=now())
    session.add(shift)
    session.flush()
    for item in template.items_for(code):
        session.add(Tick(shift_id=shift.id, item_key=item["key"]))
    session.flush()
    audit.record(session, actor.username, "shift.start", "shift", shift.id,
                 t("{day} {shift} started", day=day.isoformat(), shift=SHIFT_DEFS[code].name))
    autofill(session, shift)
    return shift


def items_by_key(shift: Shift) -> dict[str, dict[str, Any]]:
    return {item["key"]: item for item in shift.template.items_for(shift.code)}


def live_names(item: dict[str, Any]) -> list[str]:
    """The readings a live item is filled from: ``roles`` (opsdesk.models.roles); a checklist
    saved before roles existed names metric keys (``metrics``), matched as they were."""
    return list(item.get("roles") or item.get("metrics") or [])


def _live(session: Session, shift: Shift, item: dict[str, Any]) -> tuple[str, dt.datetime, str] | None:
    """(value text, reading time, status) for a live item from the site's latest readings."""
    names = live_names(item)
    which = MetricSeries.role.in_(names) if item.get("roles") else MetricSeries.metric.in_(names)
    query = (select(MetricSeries).join(Unit, MetricSeries.unit_id == Unit.id).join(RegisterLine)
             .where(RegisterLine.site_id == shift.site_id, which, MetricSeries.last_at.isnot(None)))
    series = list(session.scalars(query))
    if not series:
        return None
    at = min(s.last_at for s in series if s.last_at is not None)  # all of them: the query wants a last_at
    if item.get("combine") == "states":
        bad = [s for s in series if s.last_severity in ("warning", "critical")]
        if bad:
            text = labels.clauses(labels.said_of(series_name(s), series_text(s) or "") for s in bad[:3])
            return text, at, TickStatus.ABNORMAL.value
        return t("All {n} normal", n=len(series)), at, TickStatus.NORMAL.value
    values = [s.last_value for s in series if s.last_value is not None]
    if not values:
        return None
    value = max(values) if item.get("combine", "max") == "max" else min(values)
    unit = item.get("unit", "")
    text = f"{value:.1f} {unit}".strip() if unit != "%" else f"{value:.0f} %"
    low, high = item.get("low"), item.get("high")
    ok = (low is None or value >= low) and (high is None or value <= high)
    return text, at, (TickStatus.NORMAL if ok else TickStatus.ABNORMAL).value


def autofill(session: Session, shift: Shift) -> int:
    """Fill live items from the monitor with the time of the reading (R-SHIFT-2);
    an engineer's override stays. Returns how many ticks changed."""
    if shift.status == ShiftStatus.SIGNED:
        return 0
    items = items_by_key(shift)
    changed = 0
    for tick in shift.ticks:
        item = items.get(tick.item_key)
        if item is None or item["source"] != "metric" or tick.source == "override":
            continue
        live = _live(session, shift, item)
        if live is None:
            continue
        text, at, status = live
        if (tick.metric_value, tick.metric_at, tick.status) != (text, at, status):
            tick.metric_value, tick.metric_at, tick.value, tick.status = text, at, text, status
            tick.source, tick.ticked_by, tick.ticked_at = "metric", "", now()
            changed += 1
    return changed


def _editable(shift: Shift) -> None:
    if shift.status == ShiftStatus.SIGNED:
        raise ShiftLocked(t("The shift is signed and locked: a correction is a new revision with a reason."))


def tick(session: Session, actor: Principal, tick_id: int, status: str | None, *, value: str | None = None,
         note: str | None = None, followup: str | None = None, override_reason: str | None = None,
         expected_version: int | None = None) -> Tick:
    """Tick one item; committed by the caller's transaction at once."""
    require(actor, Perm.RUN_SHIFT)
    row = session.get(Tick, tick_id)
    if row is None:
        raise NotFound(t("No checklist item {id}.", id=tick_id))
    if expected_version is not None and row.version != expected_version:
        raise ConflictError()
    shift = row.shift
    _editable(shift)
    _apply_tick(session, actor, shift, row, status, value, note, followup, override_reason)
    return row


def _apply_tick(session: Session, actor: Principal, shift: Shift, row: Tick, status: str | None, value: str | None,
                note: str | None, followup: str | None, override_reason: str | None) -> None:
    item = items_by_key(shift).get(row.item_key, {})
    if status is not None and status not in TickStatus.__members__.values():
        raise ValidationError("status", t("Unknown status '{status}'.", status=status))
    before = {"status": row.status, "value": row.value, "note": row.note, "followup": row.followup,
              "source": row.source}
    reason = (override_reason or "").strip()
    new_followup = row.followup if followup is None else followup.strip()
    if status == TickStatus.ABNORMAL and not new_followup:
        raise ValidationError("followup", t("An abnormal item needs the follow-up that was started."))
    if value is not None and item.get("source") == "metric" and row.metric_value and value.strip() != row.metric_value:
        if not reason:
            raise ValidationError("override_reason", t("Overriding a live value needs a reason."))
        row.source, row.override_reason = "override", reason
    if status is not None and item.get("source") == "metric" and row.source == "metric" and status != row.status:
        if not reason:
            raise ValidationError("override_reason", t("Overriding a live value needs a reason."))
        row.source, row.override_reason = "override", reason
    if status is not None or value is not None:
        _require_manual_result(item, row.status if status is None else status,
                               row.value if value is None else value.strip())
    if status is not None:
        row.status = status
    if value is not None:
        row.value = value.strip()
    if note is not None:
        row.note = note.strip()
    row.followup = new_followup
    row.ticked_by, row.ticked_at = actor.username, now()
    after = {"status": row.status, "value": row.value, "note": row.note, "followup": row.followup, "source": row.source}
    if before != after:
        audit.record(session, actor.username, "shift.tick", "shift", shift.id, f"{item.get('title', row.item_key)}",
                     before, after)


def _require_manual_result(item: dict[str, Any], status: str | None, value: str) -> None:
    """An item the engineer fills in by hand (人工填写) is only 正常 with the result written:
    a tick without it says nothing a reviewer could check."""
    if item.get("source", "manual") == "manual" and status == TickStatus.NORMAL and not value:
        raise ValidationError("value", t("Write the result first: an item filled in by hand is only Normal "
                                         "with its result."))


@dataclass(frozen=True)
class Completion:
    done: int
    total: int
    open_required: list[str]  # titles
    overdue: bool


def completion(shift: Shift, at: dt.datetime | None = None) -> Completion:
    items = items_by_key(shift)
    done = sum(1 for tk in shift.ticks if tk.status)
    open_required = [items[tk.item_key]["title"] for tk in shift.ticks
                     if not tk.status and items.get(tk.item_key, {}).get("required")]
    _, end = SHIFT_DEFS[shift.code].window(shift.day, shift.site.timezone)
    overdue = bool(open_required) and (at or now()) > end
    return Completion(done, len(shift.ticks), open_required, overdue)


def open_alarms_for(session: Session, site_id: int, lang: str | None = None) -> list[dict[str, Any]]:
    """The site's current alarms, as the alarm list shows them (ISA-18.2): active ones, and
    those that cleared before anyone acknowledged them (``cleared`` says when); what they say
    in ``lang`` (the console's when None)."""
    query = (select(Alarm).join(Unit, Alarm.unit_id == Unit.id).join(RegisterLine)
             .where(RegisterLine.site_id == site_id, Alarm.current, Alarm.kind != "event")
             .order_by(Alarm.raised_at))
    return [{"id": a.id, "unit": a.unit.asset_tag, "severity": a.severity, "message": shown(a, lang),
             "raised_at": format_local(a.raised_at), "acked_by": a.acked_by or "",
             "cleared": format_local(a.cleared_at) if a.cleared_at else ""} for a in session.scalars(query)]


def _handover_lists(session: Session, shift: Shift) -> dict[str, Any]:
    items = items_by_key(shift)
    return {
        # in Chinese, the snapshot's language (the handover paper is Chinese; signed snapshots stay as written)
        "alarms": open_alarms_for(session, shift.site_id, "zh"),
        "unfinished": [items[tk.item_key]["title"] for tk in shift.ticks if not tk.status and tk.item_key in items],
        "abnormal": [{"item": items[tk.item_key]["title"], "followup": tk.followup}
                     for tk in shift.ticks if tk.status == TickStatus.ABNORMAL and tk.item_key in items],
    }


def hand_over(session: Session, actor: Principal, shift_id: int, notes: str) -> Shift:
    """The outgoing engineer writes the handover: open alarms and unfinished items listed."""
    require(actor, Perm.RUN_SHIFT)
    shift = get_shift(session, shift_id)
    _editable(shift)
    shift.handover_notes = notes.strip()
    shift.handover_open = _handover_lists(session, shift)
    shift.outgoing, shift.handed_over_at = actor.username, now()
    shift.status = ShiftStatus.HANDED_OVER.value
    audit.record(session, actor.username, "shift.handover", "shift", shift.id, t("Handover written"), None,
                 {"notes": shift.handover_notes, "open_alarms": len(shift.handover_open["alarms"])})
    return shift


def snapshot(shift: Shift) -> dict[str, Any]:
    """The frozen form of a shift log: what the signatures cover and the PDF prints."""
    items = items_by_key(shift)
    rows = []
    for tk in shift.ticks:
        item = items.get(tk.item_key, {"title": tk.item_key, "group": ""})
        rows.append({
            "key": tk.item_key, "group": item.get("group", ""), "title": item["title"],
            "expected": item.get("expected", ""), "required": bool(item.get("required")),
            "status": tk.status, "value": tk.value, "source": tk.source,
            "metric_at": format_local(tk.metric_at, shift.site.timezone, seconds=True) if tk.metric_at else "",
            "override_reason": tk.override_reason, "note": tk.note, "followup": tk.followup,
            "ticked_by": tk.ticked_by,
            "ticked_at": format_local(tk.ticked_at, shift.site.timezone) if tk.ticked_at else "",
        })
    return {
        "site": shift.site.name, "hospital": shift.site.hospital, "day": shift.day.isoformat(),
        "shift": shift.code, "template": {"code": shift.template.code, "version": shift.template.version,
                                           "title": shift.template.title},
        "on_duty": list(shift.on_duty), "items": rows, "handover_notes": shift.handover_notes,
        "handover_open": shift.handover_open or {}, "outgoing": shift.outgoing, "incoming": shift.incoming,
    }


def _confirm_signer(session: Session, signer: str, user: Principal, password: str) -> User:
    try:
        return confirm_password(session, user, password)
    except AuthError as exc:
        raise SignerRefused(signer, str(exc)) from exc


def sign_off(session: Session, outgoing: Principal, outgoing_password: str, incoming: Principal,
             incoming_password: str,
             shift_id: int, reason: str = "") -> Shift:
    """Both engineers sign with their passwords; the record locks. Refused while a
    required item is open. ``reason``: for a corrected (already signed) shift."""
    require(outgoing, Perm.RUN_SHIFT)
    require(incoming, Perm.RUN_SHIFT)
    if outgoing.username == incoming.username:
        raise ValidationError("incoming", t("The incoming engineer must be another person."))
    # Both passwords first: a wrong one is counted and committed before anything changes.
    outgoing = _confirm_signer(session, "outgoing", outgoing, outgoing_password)
    incoming = _confirm_signer(session, "incoming", incoming, incoming_password)
    shift = get_shift(session, shift_id)
    if shift.status == ShiftStatus.SIGNED:
        raise ShiftLocked(t("The shift is signed already."))
    state = completion(shift)
    if state.open_required:
        raise ValidationError("items", t("Required items are still open: {items}",
                                         items=labels.listing(state.open_required)))
    if shift.status != ShiftStatus.HANDED_OVER:
        hand_over(session, outgoing, shift.id, shift.handover_notes)
    shift.incoming = incoming.username
    shift.handover_open = _handover_lists(session, shift)  # as they stand when both sign
    record = freeze(session, outgoing, "shift", shift.id, snapshot(shift), reason)
    sign(session, outgoing, record, "交班人")
    sign(session, incoming, record, "接班人")
    papers.keep(session, record)
    shift.status, shift.signed_at = ShiftStatus.SIGNED.value, now()
    return shift


def correct(session: Session, actor: Principal, tick_id: int, reason: str, *, status: str | None = None,
            value: str | None = None, note: str | None = None, followup: str | None = None) -> Shift:
    """A correction after sign-off: the shift reopens for signing as revision n+1, the
    reason is kept, and the signed revision stays readable in history and the audit trail."""
    require(actor, Perm.RUN_SHIFT)
    if not reason.strip():
        raise ValidationError("reason", t("The record is signed: a correction needs a reason and new signatures."))
    row = session.get(Tick, tick_id)
    if row is None:
        raise NotFound(t("No checklist item {id}.", id=tick_id))
    shift = row.shift
    if shift.status != ShiftStatus.SIGNED:
        return tick(session, actor, tick_id, status, value=value, note=note, followup=followup).shift
    _apply_tick(session, actor, shift, row, status, value, note, followup, reason)
    shift.status, shift.signed_at = ShiftStatus.HANDED_OVER.value, None
    record = freeze(session, actor, "shift", shift.id, snapshot(shift), reason)
    audit.record(session, actor.username, "shift.correct", "shift", shift.id, reason, None,
                 {"revision": record.revision})
    return shift


# -- history -----------------------------------------------------------------------------------

def month_overview(session: Session, site_id: int, year: int, month: int,
                   at: dt.datetime | None = None) -> dict[dt.date, dict[str, str]]:
    """For each day of a month and each owed or recorded shift: complete, late, missed, open,
    or future. What a day owed is :func:`opsdesk.ops.duty_rules.owed_shifts`: the rules in force
    that day, and nothing before the site's duty began — so a day before its first recorded
    shift is never 漏签 (the demo's first days, a site newly taken into OpsDesk)."""
    at = at or now()
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("No site {id}.", id=site_id))
    late_after = dt.timedelta(hours=settings.get(session, "shift.late_hours"))
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    owed = owed_shifts(session, site_id, first, nxt - dt.timedelta(days=1), site.timezone)
    shifts = {(s.day, s.code): s for s in session.scalars(
        select(Shift).where(Shift.site_id == site_id, Shift.day >= first, Shift.day < nxt))}
    out: dict[dt.date, dict[str, str]] = {}
    day = first
    while day < nxt:
        codes = set(owed[day]) | {c for (d, c) in shifts if d == day}
        row = {}
        for code in sorted(codes):
            shift = shifts.get((day, code))
            start, end = SHIFT_DEFS[code].window(day, site.timezone)
            if shift is not None and shift.status == ShiftStatus.SIGNED:
                row[code] = "late" if shift.signed_at and shift.signed_at > end + late_after else "complete"
            elif at < start:
                row[code] = "future"
            elif at <= end + late_after:
                row[code] = "open"
            else:
                row[code] = "missed"
        out[day] = row
        day += dt.timedelta(days=1)
    return out


def signed_revisions(session: Session, shift_id: int) -> list[SignedRecord]:
    from opsdesk.models.signing import revisions

    return revisions(session, "shift", shift_id)


def latest_record(session: Session, shift_id: int) -> SignedRecord | None:
    return latest(session, "shift", shift_id)


class ShiftLogReport(Protocol):
    """What draws a shift log: :func:`opsdesk.reports.shiftlog.shift_log_pdf`."""

    def __call__(self, snapshot: dict[str, Any], record: SignedRecord | None, *, demo: bool,
                 out: Path | str | BinaryIO, names: Mapping[str, str] | None = None, tz: str = ...,
                 lang: str = ...) -> None: ...


def print_shift_log(session: Session, shift_id: int, out: Path | str | BinaryIO, *,
                    revision: int | None = None, report: ShiftLogReport | None = None, lang: str = "zh") -> None:
    """The shift log of ``shift_id`` as a PDF (:func:`opsdesk.reports.shiftlog.shift_log_pdf`,
    or ``report`` — the console's lookup of it), as it stands (``revision`` None) or as a stored
    revision, in ``lang`` ("zh", "en"). The CLI's ``opsdesk shift pdf`` and the console's 打印交班记录
    both print with it.

    The current log carries the latest revision's signatures when its content is that
    revision's, and prints as a draft otherwise."""
    from opsdesk.reports.shiftlog import shift_log_pdf as drawn_by

    shift_log_pdf: ShiftLogReport = report or drawn_by

    shift = get_shift(session, shift_id)
    if revision is None:
        snap = snapshot(shift)
        record = latest_record(session, shift_id)
        if record is not None and record.content_hash != sha256(snap):
            record = None
    else:
        record = next((r for r in signed_revisions(session, shift_id) if r.revision == revision), None)
        if record is None:
            raise NotFound(t("This shift log has no signed revision {n}.", n=revision))
        snap = record.snapshot
    names = {u.username: u.display_name or u.username for u in session.scalars(select(User))}
    shift_log_pdf(snap, record, demo=is_demo(session), out=out, names=names, tz=shift.site.timezone, lang=lang)


def export_shift_log(session: Session, actor: Principal, shift_id: int, out: Path | str | BinaryIO, *,
                     revision: int | None = None, lang: str = "zh") -> None:
    """:func:`print_shift_log` asked for by a user (``opsdesk shift pdf``): whoever sees the register."""
    require(actor, Perm.VIEW_REGISTER)
    print_shift_log(session, shift_id, out, revision=revision, lang=lang)
