"""Freezing and signing a record: one mechanism for shift logs and inspection sheets."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models import audit
from opsdesk.models.signing import Signature, SignedRecord, latest, sha256
from opsdesk.models.users import Principal, User
from opsdesk.ops.auth import authenticate
from opsdesk.ops.errors import ValidationError


def freeze(session: Session, actor: Principal, kind: str, record_id: int, snapshot: dict[str, Any],
           reason: str = "") -> SignedRecord:
    """The revision to sign for this content: the current one if unchanged; otherwise the
    unsigned one is refreshed, or — once signed — a new revision, which needs a reason."""
    content_hash = sha256(snapshot)
    current = latest(session, kind, record_id)
    if current is not None and current.content_hash == content_hash:
        return current
    if current is not None and not current.signatures:
        current.snapshot, current.content_hash = snapshot, content_hash
        return current
    if current is not None and not reason.strip():
        raise ValidationError("reason", t("The record is signed: a correction needs a reason and new signatures."))
    record = SignedRecord(kind=kind, record_id=record_id, revision=(current.revision + 1) if current else 1,
                          snapshot=snapshot, content_hash=content_hash, reason=reason.strip(),
                          created_by=actor.username)
    session.add(record)
    session.flush()
    if current is not None:
        audit.record(session, actor.username, f"{kind}.revise", kind, record_id,
                     t("Revision {n}: {reason}", n=record.revision, reason=record.reason),
                     {"revision": current.revision, "hash": current.content_hash},
                     {"revision": record.revision, "hash": content_hash})
    return record


def confirm_password(session: Session, actor: Principal, password: str) -> User:
    """The signer enters the password again. Call it before changing anything in the
    transaction: a wrong password is counted toward the lock-out and committed."""
    return authenticate(session, actor.username, password)


def sign(session: Session, user: Principal, record: SignedRecord, meaning: str,
         image_png: bytes | None = None) -> Signature:
    """Sign a frozen revision as ``user``, whose password :func:`confirm_password` checked;
    the signature keeps name, role, time and meaning."""
    if any(s.meaning == meaning for s in record.signatures):
        raise ValidationError("meaning", t("This revision already has a signature as {meaning}.", meaning=meaning))
    signature = Signature(username=user.username, printed_name=user.display_name or user.username, role=user.role,
                          meaning=meaning, signed_at=now().replace(microsecond=0), image_png=image_png, hash="")
    record.signatures.append(signature)
    signature.hash = signature.compute_hash(record.content_hash)
    session.flush()
    audit.record(session, user.username, f"{record.kind}.sign", record.kind, record.record_id,
                 t("Signed as {meaning} (revision {n})", meaning=meaning, n=record.revision), None,
                 {"revision": record.revision, "content_hash": record.content_hash, "signature": signature.hash})
    return signature
