"""The reviewer's side of inspections (issue 13, item 8): the sheets an inspector has signed
that wait for the hospital's reviewer (待我审核), and when a sheet was completed against its due
date (逾期完成). Plain frozen records, so that screens read them without holding a session.

A sheet the inspector signed is no longer owed by the engineers: it waits for the reviewer,
whether the inspector signed on time or late; the lateness is kept and shown, not hidden."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from opsdesk.clock import DEFAULT_TZ, format_local, to_local
from opsdesk.models import labels
from opsdesk.models.inspection import EntryResult, Inspection, InspectionEntry, InspectionStatus
from opsdesk.models.signing import latest
from opsdesk.models.users import Perm, Principal
from opsdesk.ops.inspection import INSPECTOR, RECORD_KIND, first_inspected


@dataclass(frozen=True)
class Completion:
    """When the engineers' part of a sheet was done, against its due day."""

    due: dt.date
    inspected_at: str = ""  # site-local "YYYY-MM-DD HH:MM" of the inspector's first signature
    inspected_on: dt.date | None = None

    @property
    def days_late(self) -> int:
        """Days between the due day and the inspector's signature; 0 when on time or unsigned."""
        return max(0, (self.inspected_on - self.due).days) if self.inspected_on else 0

    @property
    def late(self) -> bool:
        return self.days_late > 0


@dataclass(frozen=True)
class ReviewItem:
    """One sheet waiting for the reviewer's signature."""

    inspection_id: int
    site_id: int
    site_name: str
    kind: str
    period: str
    provisional: bool
    inspector: str  # the inspector's name as signed (张伟)
    revision: int
    abnormal: int  # entries found abnormal: what a reviewer looks at first
    completion: Completion

    @property
    def title(self) -> str:
        return f"{labels.inspection_kind(self.kind)} {labels.period(self.period)}"

    @property
    def due(self) -> dt.date:
        return self.completion.due


def completion(session: Session, inspection_id: int) -> Completion:
    """The due day of a sheet and when its inspector first signed it."""
    sheet = session.get(Inspection, inspection_id, options=[selectinload(Inspection.site)])
    if sheet is None:
        return Completion(dt.date.min)
    return _completion(sheet, first_inspected(session, [sheet.id]).get(sheet.id))


def _completion(sheet: Inspection, signed_at: dt.datetime | None) -> Completion:
    if signed_at is None:
        return Completion(sheet.due)
    tz = sheet.site.timezone or DEFAULT_TZ
    return Completion(sheet.due, format_local(signed_at, tz), to_local(signed_at, tz).date())


def awaiting_review(session: Session, actor: Principal) -> list[ReviewItem]:
    """The sheets ``actor`` may sign as 审核人 now: signed by an inspector other than the
    actor and not yet reviewed, the longest waiting first. Empty for one who does not review."""
    if not actor.can(Perm.REVIEW_INSPECTION):
        return []
    sheets = list(session.scalars(select(Inspection).where(Inspection.status == InspectionStatus.INSPECTED.value)
                                  .options(selectinload(Inspection.site))))
    if not sheets:
        return []
    ids = [s.id for s in sheets]
    signed = first_inspected(session, ids)
    abnormal = dict(session.execute(
        select(InspectionEntry.inspection_id, func.count())
        .where(InspectionEntry.inspection_id.in_(ids), InspectionEntry.result == EntryResult.ABNORMAL.value)
        .group_by(InspectionEntry.inspection_id)).all())
    out = []
    for sheet in sheets:
        record = latest(session, RECORD_KIND, sheet.id)
        if record is None:
            continue
        inspector = next((s for s in record.signatures if s.meaning == INSPECTOR), None)
        if inspector is None or inspector.username == actor.username:
            continue  # nobody reviews their own inspection (ops.inspection.sign_as_reviewer)
        out.append(ReviewItem(sheet.id, sheet.site_id, sheet.site.name, sheet.kind, sheet.period,
                              bool(sheet.provisional), inspector.printed_name, record.revision,
                              abnormal.get(sheet.id, 0), _completion(sheet, signed.get(sheet.id))))
    return sorted(out, key=lambda i: (i.completion.inspected_at, i.due, i.site_id))

