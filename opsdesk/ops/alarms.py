"""Alarm actions of the duty staff: acknowledge with a note (one alarm, or a device's
cleared ones together), maintenance windows (R-ENV-4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models import audit
from opsdesk.models.alarm_text import shown
from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.models.monitoring import Alarm, MaintenanceWindow
from opsdesk.models.users import Perm, Principal, display_names, require
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError


@dataclass
class AlarmFilter:
    active_only: bool = True  # 当前告警: active, or cleared and not yet acknowledged (Alarm.current)
    severity: str | None = None
    site_id: int | None = None
    unit_id: int | None = None
    since: dt.datetime | None = None
    limit: int = 500


def list_alarms(session: Session, actor: Principal, flt: AlarmFilter | None = None) -> list[Alarm]:
    require(actor, Perm.VIEW_REGISTER)
    flt = flt or AlarmFilter()
    query = (select(Alarm).options(selectinload(Alarm.unit).selectinload(Unit.line).selectinload(RegisterLine.site))
             .order_by(Alarm.last_raised_at.desc(), Alarm.id.desc()).limit(flt.limit))
    if flt.active_only:
        query = query.where(Alarm.current)
    if flt.severity:
        query = query.where(Alarm.severity == flt.severity)
    if flt.unit_id is not None:
        query = query.where(Alarm.unit_id == flt.unit_id)
    if flt.site_id is not None:
        query = query.join(Unit, Alarm.unit_id == Unit.id).join(RegisterLine).where(RegisterLine.site_id == flt.site_id)
    if flt.since is not None:
        query = query.where(Alarm.last_raised_at >= flt.since)
    return list(session.scalars(query))


def person_name(session: Session, username: str | None) -> str:
    """How people say who it was (张伟), the login when the account has no name."""
    return display_names(session, {username}).get(username, "") if username else ""


def check_note(actor: Principal, note: str) -> str:
    """What an acknowledgement's note must be (and who may give one), checked before writing."""
    require(actor, Perm.ACK_ALARM)
    if not note.strip():
        raise ValidationError("note", t("Say what was done: a note is required to acknowledge."))
    return note.strip()


def _ack(session: Session, actor: Principal, alarm: Alarm, note: str) -> None:
    alarm.acked_at, alarm.acked_by, alarm.ack_note = now(), actor.username, note
    # the alarm as the acknowledging person read it, in their language at the time
    audit.record(session, actor.username, "alarm.ack", "alarm", alarm.id, shown(alarm), None, {"note": note})


def acknowledge(session: Session, actor: Principal, alarm_id: int, note: str,
                expected_version: int | None = None) -> Alarm:
    """A named person takes the alarm in hand; the note says what was done."""
    note = check_note(actor, note)
    alarm = session.get(Alarm, alarm_id)
    if alarm is None:
        raise NotFound(t("No alarm {id}.", id=alarm_id))
    if expected_version is not None and alarm.version != expected_version:
        raise ConflictError()
    if alarm.acked_at is not None:
        raise ValidationError("note", t("Alarm {id} was acknowledged by {user} already.", id=alarm_id,
                                        user=person_name(session, alarm.acked_by)))
    _ack(session, actor, alarm, note)
    return alarm


def acknowledge_many(session: Session, actor: Principal, alarm_ids: Iterable[int], note: str) -> list[Alarm]:
    """Several alarms taken in hand with one note (audited one by one). Those someone
    acknowledged meanwhile are left as they are; refused only when none is left."""
    note = check_note(actor, note)
    ids = sorted(set(alarm_ids))
    alarms = list(session.scalars(select(Alarm).where(Alarm.id.in_(ids)).order_by(Alarm.id))) if ids else []
    missing = set(ids) - {a.id for a in alarms}
    if missing:
        raise NotFound(t("No alarm {id}.", id=min(missing)))
    waiting = [a for a in alarms if a.acked_at is None]
    if not waiting:
        raise ValidationError("note", t("These alarms were acknowledged already."))
    for alarm in waiting:
        _ack(session, actor, alarm, note)
    return waiting


def cleared_unacknowledged(session: Session, unit_id: int) -> list[Alarm]:
    """A device's alarms that cleared before anyone acknowledged them and still wait
    (ISA-18.2 "returned to normal, unacknowledged"), oldest first."""
    query = (select(Alarm).where(Alarm.unit_id == unit_id, Alarm.cleared_at.is_not(None), Alarm.latched.is_(True),
                                 Alarm.acked_at.is_(None)).order_by(Alarm.raised_at, Alarm.id))
    return list(session.scalars(query))


def acknowledge_device(session: Session, actor: Principal, unit_id: int, note: str) -> list[Alarm]:
    """A device's cleared, unacknowledged alarms together, with one note: a device that
    keeps dropping out and coming back (a flaky UPS card, a KVM) is looked at once, not
    once per drop. Its active alarms are left for a look of their own."""
    note = check_note(actor, note)
    alarms = cleared_unacknowledged(session, unit_id)
    if not alarms:
        raise ValidationError("note", t("No cleared alarm of this device waits for an acknowledgement."))
    for alarm in alarms:
        _ack(session, actor, alarm, note)
    return alarms


def open_maintenance(session: Session, actor: Principal, unit_id: int, hours: float, reason: str) -> MaintenanceWindow:
    require(actor, Perm.EDIT_DEVICE)
    if not reason.strip():
        raise ValidationError("reason", t("Say why: a reason is required for a maintenance window."))
    if not 0 < hours <= 24 * 7:
        raise ValidationError("hours", t("A maintenance window lasts between a minute and 7 days."))
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(t("The unit was deleted in the meantime."))
    start = now()
    window = MaintenanceWindow(unit_id=unit_id, starts_at=start, ends_at=start + dt.timedelta(hours=hours),
                               reason=reason.strip(), created_by=actor.username)
    session.add(window)
    session.flush()
    audit.record(session, actor.username, "maintenance.open", "unit", unit_id, unit.asset_tag, None,
                 {"hours": hours, "reason": window.reason})
    return window


def close_maintenance(session: Session, actor: Principal, window_id: int) -> None:
    require(actor, Perm.EDIT_DEVICE)
    window = session.get(MaintenanceWindow, window_id)
    if window is None:
        raise NotFound(t("No maintenance window {id}.", id=window_id))
    window.ends_at = min(window.ends_at, now())
    audit.record(session, actor.username, "maintenance.close", "unit", window.unit_id, "", None, {"window": window_id})
