"""What a console's live feed reads every couple of seconds, in one short read: the poller's
state (its lock row, its last cycle, the devices by state), the unacknowledged alarms, and the
change marks (how often each table has been changed, by anyone). Plain frozen records, safe to
hand from the reading thread to the GUI thread (issue 15; STYLE.md: screens subscribe, they do
not poll)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from opsdesk.models.meta import change_marks
from opsdesk.models.monitoring import Alarm
from opsdesk.monitor import lock


@dataclass(frozen=True)
class AlarmSummary:
    """Current alarms nobody has acknowledged yet (a critical one that cleared on its own
    included), by severity; alarms in a maintenance window are expected and stay out (R-ENV-4)."""

    counts: tuple[tuple[str, int], ...] = ()
    critical_ids: frozenset[int] = frozenset()

    def count(self, severity: str) -> int:
        return dict(self.counts).get(severity, 0)


@dataclass(frozen=True)
class LiveSnapshot:
    read_at: dt.datetime
    poller: lock.PollerStatus
    alarms: AlarmSummary
    marks: dict[str, int] = field(default_factory=dict)

    @property
    def cycle_marker(self) -> tuple[str, dt.datetime | None]:
        """Changes when the poller finishes a cycle (or another poller takes over)."""
        return self.poller.holder, self.poller.last_cycle_at


_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")  # a SELECT of any columns


def _waiting(query: _Query) -> _Query:
    """``query`` narrowed to the alarms the banner counts."""
    return query.where(Alarm.current, Alarm.acked_at.is_(None), Alarm.in_maintenance.is_(False))


def unacknowledged_counts(session: Session) -> dict[str, int]:
    """The banner's count: current, unacknowledged, outside maintenance, by severity."""
    query = _waiting(select(Alarm.severity, func.count())).group_by(Alarm.severity)
    return {severity: count for severity, count in session.execute(query)}


def unacknowledged_critical_ids(session: Session) -> set[int]:
    """The alarms the banner counts as 严重, by id, so that a new one is seen (the tone)."""
    return set(session.scalars(_waiting(select(Alarm.id)).where(Alarm.severity == "critical")))


def alarm_summary(session: Session) -> AlarmSummary:
    counts = unacknowledged_counts(session)
    return AlarmSummary(tuple(sorted(counts.items())), frozenset(unacknowledged_critical_ids(session)))


def read_snapshot(session: Session, at: dt.datetime) -> LiveSnapshot:
    return LiveSnapshot(at, lock.poller_status(session, at), alarm_summary(session), change_marks(session))
