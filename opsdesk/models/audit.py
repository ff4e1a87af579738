"""The audit trail (R-SEC-2): who changed what, when, before and after.

Entries are hash-chained: each stores the hash of the one before it and a
SHA-256 over a canonical form of itself. Editing or deleting a row behind the
application's back breaks the chain at that row; removing the newest rows is
caught against the chain head written into every backup.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models.base import Base

GENESIS = "0" * 64
SECRET_MARK = "(changed)"  # what the trail says of a secret, never its value


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def canonical(self) -> bytes:
        body = {
            "id": self.id,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
            "prev": self.prev_hash,
        }
        return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str)) if value is not None else None


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: object = "",
    summary: str = "",
    before: Any = None,
    after: Any = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's (write) transaction."""
    last = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,
        at=now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry.compute_hash()
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainHead:
    id: int
    hash: str

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "hash": self.hash}


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return t("Audit trail intact: {n} entries, chain verified.", n=self.entries)
        return t("Audit trail broken at entry {id}: {reason}", id=self.first_bad_id, reason=self.reason)


def head(session: Session) -> ChainHead | None:
    row = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return ChainHead(row.id, row.hash) if row else None


def verify_chain(session: Session, expected_head: ChainHead | None = None) -> ChainReport:
    """Walk the chain; name the first entry altered or removed behind the app's back."""
    prev_hash, expected_id, count = GENESIS, 1, 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(500):
        if entry.id != expected_id:
            return ChainReport(False, count, expected_id, t("entry removed"))
        if entry.prev_hash != prev_hash:
            return ChainReport(False, count, entry.id, t("link to the previous entry does not match"))
        if entry.compute_hash() != entry.hash:
            return ChainReport(False, count, entry.id, t("content altered"))
        prev_hash, expected_id, count = entry.hash, expected_id + 1, count + 1
    if expected_head is not None:
        if expected_head.id >= expected_id:
            return ChainReport(
                False, count, expected_id, t("entries up to {id} recorded in the latest backup are missing", id=expected_head.id)
            )
        stored = session.get(AuditEntry, expected_head.id)
        if stored is None or stored.hash != expected_head.hash:
            return ChainReport(False, count, expected_head.id, t("differs from the entry recorded in the latest backup"))
    return ChainReport(True, count)
