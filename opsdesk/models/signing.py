"""Signing, built once (R-SHIFT-3, R-INSP-4, R-INSP-5).

A record to be signed is frozen as a snapshot (plain JSON data, not live rows);
its SHA-256 over a canonical form is the content hash. Each signature keeps
who (user name, printed name, role), when, and what it means (交班人, 接班人,
巡检人, 审核人), and is itself hashed together with the content hash, so a
later schema change never breaks an old signature. A change after signing is a
new revision with a reason; earlier revisions stay readable.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from opsdesk.clock import now
from opsdesk.models.base import Base


def canonical(data: Any) -> bytes:
    """The one byte form a snapshot is hashed in: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def sha256(data: Any) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def short_code(hex_hash: str) -> str:
    """A code a person can read out over the phone to match a paper with the stored
    record: the first 40 bits of the hash in base32, as ``ABCD-EFGH`` (the same as
    opsdesk.reports.paper.short_code)."""
    code = base64.b32encode(bytes.fromhex(hex_hash[:10])).decode()
    return f"{code[:4]}-{code[4:8]}"


class SignedRecord(Base):
    """One frozen revision of a record (a shift log, an inspection sheet)."""

    __tablename__ = "signed_record"
    __table_args__ = (UniqueConstraint("kind", "record_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # "shift", "inspection"
    record_id: Mapped[int]
    revision: Mapped[int] = mapped_column(default=1)
    snapshot: Mapped[Any] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")  # why this revision exists (after the first)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    created_by: Mapped[str] = mapped_column(String(64), default="")

    signatures: Mapped[list[Signature]] = relationship(back_populates="record", order_by="Signature.id",
                                                       cascade="all, delete-orphan")

    def content_ok(self) -> bool:
        return sha256(self.snapshot) == self.content_hash

    def signed_hash(self) -> str:
        """The hash over the content and every signature: what a printed sheet carries."""
        return state_hash(self.content_hash, [s.hash for s in self.signatures])


class Signature(Base):
    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("signed_record.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    printed_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    meaning: Mapped[str] = mapped_column(String(32))  # 交班人 / 接班人 / 巡检人 / 审核人
    signed_at: Mapped[dt.datetime] = mapped_column(default=now)
    image_png: Mapped[bytes | None] = mapped_column(LargeBinary)  # a drawn signature, if any
    hash: Mapped[str] = mapped_column(String(64))

    record: Mapped[SignedRecord] = relationship(back_populates="signatures")

    def body(self, content_hash: str) -> dict[str, Any]:
        return {
            "content": content_hash,
            "username": self.username,
            "printed_name": self.printed_name,
            "role": self.role,
            "meaning": self.meaning,
            "signed_at": self.signed_at.isoformat(timespec="seconds"),
            "image": hashlib.sha256(self.image_png).hexdigest() if self.image_png else None,
        }

    def compute_hash(self, content_hash: str) -> str:
        return sha256(self.body(content_hash))


def latest(session: Session, kind: str, record_id: int) -> SignedRecord | None:
    return session.scalars(
        select(SignedRecord).where(SignedRecord.kind == kind, SignedRecord.record_id == record_id)
        .order_by(SignedRecord.revision.desc()).limit(1)
    ).first()


def revisions(session: Session, kind: str, record_id: int) -> list[SignedRecord]:
    return list(session.scalars(
        select(SignedRecord).where(SignedRecord.kind == kind, SignedRecord.record_id == record_id)
        .order_by(SignedRecord.revision)
    ))


def verify(record: SignedRecord) -> list[str]:
    """What is wrong with a stored revision (empty when it holds)."""
    problems = []
    if not record.content_ok():
        problems.append("content")
    for sig in record.signatures:
        if sig.compute_hash(record.content_hash) != sig.hash:
            problems.append(f"signature {sig.id}")
    return problems


class SignedPaper(Base):
    """A signed paper as it was drawn when signed: what ``opsdesk verify`` compares a
    printed copy with, so a later release that draws papers differently still recognises
    every paper printed before it (R-INSP-5). One row per signed state of a revision (its
    verification code) and drawing version; the code is the registry from a paper to its
    record, of any kind. The PDF is kept whole: its pages' text and look at any resolution."""

    __tablename__ = "signed_paper"
    __table_args__ = (UniqueConstraint("signed_hash", "drawing", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(9), index=True)  # ABCD-EFGH, as printed
    kind: Mapped[str] = mapped_column(String(32))  # the record's kind: "inspection", "shift"
    signed_record_id: Mapped[int] = mapped_column(ForeignKey("signed_record.id", ondelete="CASCADE"), index=True)
    signed_hash: Mapped[str] = mapped_column(String(64))  # the state drawn (its signatures so far)
    signatures: Mapped[int]  # how many signatures that state has
    drawing: Mapped[int]  # the drawing version (opsdesk.reports.drawings)
    release: Mapped[str] = mapped_column(String(32))  # the OpsDesk release whose drawing it is
    # the language it is printed in ("zh", "en"); every paper kept before migration 0017 is Chinese
    language: Mapped[str] = mapped_column(String(8), default="zh", server_default="zh")
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=now)

    record: Mapped[SignedRecord] = relationship()


def state_hash(content_hash: str, signature_hashes: list[str]) -> str:
    """The signed hash of a revision holding these signatures (``SignedRecord.signed_hash``)."""
    return sha256({"content": content_hash, "signatures": signature_hashes})
