"""What the alarm screens show of an alarm, read while the session is open (frozen records for any thread), and
the few cheap queries the periodic refresh makes (no Qt here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.clock import now
from opsdesk.models.alarm_text import shown
from opsdesk.models.equipment import display_name
from opsdesk.models.monitoring import Alarm, MetricSeries
from opsdesk.models.users import Principal, User
from opsdesk.ops import alarms as alarm_ops

HISTORY_DAYS = 30
HISTORY_LIMIT = 1000  # the newest; older ones are in the CLI's and the reports' reach
ACTIVE_LIMIT = 1000


@dataclass(frozen=True)
class AlarmRow:
    id: int
    version: int
    unit_id: int
    kind: str
    severity: str
    message: str  # what it says, in the reader's language (opsdesk.models.alarm_text), with its device
    text: str  # the same without the device (the table has a column for it)
    raised_at: dt.datetime  # the first time
    last_raised_at: dt.datetime  # the newest time it came back (the first when it never did)
    occurrences: int  # how often it was raised before anyone acknowledged it
    asset_tag: str
    device: str  # the register line's name (or category)
    site: str
    value: float | None
    limit_low: float | None
    limit_high: float | None
    unit_symbol: str
    acked_by: str | None  # the person's name, e.g. 张伟
    acked_by_label: str | None  # with the user name, e.g. 张伟（zhangwei）
    acked_at: dt.datetime | None
    ack_note: str | None
    cleared_at: dt.datetime | None
    in_maintenance: bool
    latched: bool  # cleared before anyone acknowledged it: still current until someone does

    @property
    def active(self) -> bool:
        return self.cleared_at is None

    @property
    def acked(self) -> bool:
        return self.acked_at is not None

    @property
    def cleared_unacked(self) -> bool:
        """ISA-18.2's "returned to normal, unacknowledged" (已恢复·未确认) that still waits."""
        return self.latched and not self.active and not self.acked

    @property
    def device_label(self) -> str:
        return display_name(self.asset_tag, self.device, "")


def user_names(session: Session) -> dict[str, tuple[str, str]]:
    """user name → (name as people say it, label with the user name)."""
    return {u.username: (u.display_name or u.username, u.label) for u in session.scalars(select(User))}


def rows_of(session: Session, alarms: list[Alarm], lang: str | None = None) -> list[AlarmRow]:
    """Call inside the session that loaded ``alarms`` (with unit, line and site). Their words in
    ``lang``, the console's when None."""
    series_ids = {a.series_id for a in alarms if a.series_id is not None}
    symbols: dict[int, str] = {}
    if series_ids:
        query = select(MetricSeries.id, MetricSeries.unit_symbol).where(MetricSeries.id.in_(series_ids))
        symbols = {series_id: symbol for series_id, symbol in session.execute(query)}
    people = user_names(session) if any(a.acked_by for a in alarms) else {}
    rows = []
    for a in alarms:
        unit = a.unit
        rows.append(AlarmRow(
            id=a.id, version=a.version, unit_id=a.unit_id, kind=a.kind, severity=a.severity,
            message=shown(a, lang), text=shown(a, lang, device=False),
            raised_at=a.raised_at, last_raised_at=a.last_raised_at or a.raised_at, occurrences=a.occurrences or 1,
            asset_tag=unit.asset_tag if unit else "",
            device=display_name("", unit.line.name, unit.line.category) if unit else "",
            site=unit.line.site.name if unit else "", value=a.value, limit_low=a.limit_low, limit_high=a.limit_high,
            unit_symbol=symbols.get(a.series_id, "") if a.series_id is not None else "",
            acked_by=people.get(a.acked_by, (a.acked_by,))[0] if a.acked_by else None,
            acked_by_label=people.get(a.acked_by, (None, a.acked_by))[1] if a.acked_by else None, acked_at=a.acked_at,
            ack_note=a.ack_note, cleared_at=a.cleared_at, in_maintenance=a.in_maintenance, latched=a.latched,
        ))
    return rows


def load_rows(session: Session, actor: Principal, *, history: bool, severity: str | None = None,
              site_id: int | None = None, unit_id: int | None = None, limit: int | None = None) -> list[AlarmRow]:
    """Current alarms (active, and cleared ones still waiting for an acknowledgement), or
    the last 30 days (everything), newest first."""
    flt = alarm_ops.AlarmFilter(
        active_only=not history, severity=severity, site_id=site_id, unit_id=unit_id,
        since=now() - dt.timedelta(days=HISTORY_DAYS) if history else None,
        limit=limit or (HISTORY_LIMIT if history else ACTIVE_LIMIT),
    )
    return rows_of(session, alarm_ops.list_alarms(session, actor, flt))


def load_row(session: Session, alarm_id: int) -> AlarmRow | None:
    alarm = session.get(Alarm, alarm_id)
    return rows_of(session, [alarm])[0] if alarm is not None else None
