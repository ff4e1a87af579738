"""The audit trail (R-SEC-2): who changed what, when, before and after.

Entries are hash-chained: each stores the hash of the one before it and a SHA-256 over a
canonical form of itself. Since schema 0011 each entry is also authenticated: an HMAC-SHA256
(``mac``) made with a key derived from the key file, which is kept outside the database
(:meth:`opsdesk.vault.Vault.audit_key`). Whoever edits the file without that key can recompute
the hashes but not the MACs, so an edited, inserted, swapped or re-hashed entry is caught.
Entries written before 0011 keep ``mac`` empty: the plain chain is checked as it is, and the
first authenticated entry commits to its head.

Each authenticated entry also commits to the users table as it stood (username, role,
password hash, enabled: ``users_digest``, and ``users_state`` where it changed), so a role
raised, a hash copied or an account enabled directly in the file is caught. A change to those
columns that no entry of its transaction records gets an entry of its own at commit
(``user.state``). An entry earlier than the newest one (a clock set back) is preceded by a
``clock.set_back`` entry and shown by the check.

Removing the newest entries is caught against heads kept outside the table: every backup's
manifest and the head file beside the database (see :mod:`opsdesk.ops.audit_trail`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, String, Text, event, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from opsdesk.clock import format_local, now
from opsdesk.i18n import t
from opsdesk.models.base import Base
from opsdesk.models.users import User

GENESIS = "0" * 64
SECRET_MARK = "(changed)"  # noqa: S105 - not a password: what the trail says of a secret, never its value
KEY_PROVIDER = "audit_key"  # session.info: a callable (session) -> the chain's HMAC key
WRITTEN = "audit_written"  # session.info: the newest entry this transaction wrote (for the head file)
USERS_TOUCHED = "audit_users_touched"
CLOCK_BACK = "clock.set_back"
BACKFILL = "audit_backfill"  # session.info: the demo writes a made-up past out of order; no clock.set_back
USER_STATE = "user.state"


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
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)
    users_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    users_state: Mapped[Any] = mapped_column(JSON, nullable=True)

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

    def compute_mac(self, key: bytes) -> str:
        """The entry's HMAC: its hash (so its content and its link) and the users it was written against."""
        users = json.dumps({"digest": self.users_digest, "state": self.users_state}, sort_keys=True,
                           ensure_ascii=False, separators=(",", ":")).encode()
        return hmac.new(key, self.hash.encode() + b"\x1e" + users, hashlib.sha256).hexdigest()


def head_mac(key: bytes, entry_id: int, entry_hash: str) -> str:
    """The MAC of a chain head kept outside the table (head file, backup manifests)."""
    return hmac.new(key, f"head:{entry_id}:{entry_hash}".encode(), hashlib.sha256).hexdigest()


# -- the users table as the chain sees it --------------------------------------------------------
# What the chain keeps of one user, as a JSON list: [role, enabled, digest of the password hash].
UserFact = list[str | bool]


def _user_fact(role: str, disabled: bool, password_hash: str) -> UserFact:
    """What the chain keeps of one user: role, enabled, and a digest of the password hash."""
    return [role, not disabled, hashlib.sha256(password_hash.encode()).hexdigest()[:16]]


def users_state(session: Session) -> dict[str, UserFact]:
    rows = session.execute(select(User.username, User.role, User.disabled, User.password_hash)).all()
    return {username: _user_fact(role, disabled, password_hash) for username, role, disabled, password_hash in rows}


def digest_of(state: dict[str, UserFact]) -> str:
    canonical = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _key(session: Session) -> bytes:
    provider: Callable[[Session], bytes] | None = session.info.get(KEY_PROVIDER)
    if provider is None:
        from opsdesk.vault import KeyFileError

        raise KeyFileError(t("The audit trail cannot be written: this session has no key file (open the database "
                             "through Store)."))
    return provider(session)


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
    """Append one authenticated entry to the chain, inside the caller's (write) transaction.

    Needs the key file (KeyFileError otherwise): an entry nobody can authenticate is not written."""
    key = _key(session)
    session.flush()  # the users as this transaction leaves them
    last = session.execute(select(AuditEntry.id, AuditEntry.hash, AuditEntry.at, AuditEntry.users_digest)
                           .order_by(AuditEntry.id.desc()).limit(1)).first()
    at = now()
    if last is not None and at < last.at and action != CLOCK_BACK and not session.info.get(BACKFILL):
        record(session, "system", CLOCK_BACK, "clock", "",
               t("The clock was set back: {at} is earlier than the previous entry's {previous}",
                 at=format_local(at, seconds=True), previous=format_local(last.at, seconds=True)),
               {"previous_at": last.at.isoformat()}, {"at": at.isoformat()})
        return record(session, actor, action, entity, entity_id, summary, before, after)
    state = users_state(session)
    digest = digest_of(state)
    entry = AuditEntry(
        id=(last.id + 1) if last else 1,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        before=_jsonable(before),
        after=_jsonable(after),
        prev_hash=last.hash if last else GENESIS,
        users_digest=digest,
        users_state=state if last is None or last.users_digest != digest else None,
    )
    entry.hash = entry.compute_hash()
    entry.mac = entry.compute_mac(key)
    session.add(entry)
    session.flush()
    session.info[WRITTEN] = (entry.id, entry.hash)
    return entry


# -- users changed in a transaction that recorded nothing of it -----------------------------------
_WATCHED = ("username", "role", "password_hash", "disabled")


def _touches_users(session: Session) -> bool:
    from sqlalchemy import inspect as sa_inspect

    if any(isinstance(obj, User) for obj in (*session.new, *session.deleted)):
        return True
    return any(isinstance(obj, User) and any(sa_inspect(obj).attrs[name].history.has_changes() for name in _WATCHED)
               for obj in session.dirty)


@event.listens_for(Session, "before_flush")
def _watch_users(session: Session, _context: UOWTransaction, _instances: object) -> None:
    if KEY_PROVIDER in session.info and not session.info.get(USERS_TOUCHED) and _touches_users(session):
        session.info[USERS_TOUCHED] = True


@event.listens_for(Session, "before_commit")
def _users_recorded(session: Session) -> None:
    """A password hash renewed at a login (argon2's parameters raised), or any change to the
    users no entry of this transaction covered, gets an entry: the chain always knows the users."""
    if KEY_PROVIDER not in session.info:
        return
    if not (session.info.pop(USERS_TOUCHED, False) or _touches_users(session)):
        return
    session.flush()
    session.info.pop(USERS_TOUCHED, None)
    newest = session.execute(select(AuditEntry.users_digest).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    if newest != digest_of(users_state(session)):
        record(session, "system", USER_STATE, "user", "", t("Users table updated (password hashes renewed)"))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    session.info.pop(USERS_TOUCHED, None)


# -- the check --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainHead:
    id: int
    hash: str
    source: str = ""  # where it was kept: a backup's manifest, the head file

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "hash": self.hash}


@dataclass(frozen=True)
class ClockBack:
    """A ``clock.set_back`` entry: an entry was written earlier than the one before it."""

    id: int
    at: dt.datetime
    newest_before: dt.datetime


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    first_bad_id: int | None = None
    reason: str = ""
    authenticated: int = 0  # entries checked against the key
    can_authenticate: bool = True  # False: the key file was missing, only the plain chain was checked
    key_problem: str = ""
    users_changed: tuple[str, ...] = ()
    clock_back: tuple[ClockBack, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        """intact, broken, or cannot_verify (the plain chain holds but the key file is missing)."""
        if not self.ok:
            return "broken"
        return "intact" if self.can_authenticate else "cannot_verify"

    def message(self) -> str:
        lines = []
        if not self.ok and self.first_bad_id is not None:
            lines.append(t("Audit trail broken at entry {id}: {reason}", id=self.first_bad_id, reason=self.reason))
        elif not self.ok:
            lines.append(t("Audit trail broken: {reason}", reason=self.reason))
        lines += [t("The users table was changed outside OpsDesk: {change}", change=c) for c in self.users_changed]
        if self.ok and not self.can_authenticate:
            lines.append(t("Audit trail: {n} entries, the hash chain holds, but its authentication cannot be checked: "
                           "{problem}", n=self.entries, problem=self.key_problem))
        elif self.ok:
            lines.append(t("Audit trail intact: {n} entries, chain verified.", n=self.entries))
        for back in self.clock_back:
            lines.append(t("The clock was set back at entry {id}: {at} is earlier than {newest}", id=back.id,
                           at=format_local(back.at, seconds=True),
                           newest=format_local(back.newest_before, seconds=True)))
        lines += list(self.notes)
        return "\n".join(lines)


def head(session: Session) -> ChainHead | None:
    row = session.execute(select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return ChainHead(row.id, row.hash) if row else None


def _describe_user_changes(recorded: dict[str, UserFact], current: dict[str, UserFact]) -> list[str]:
    from opsdesk.models import labels
    from opsdesk.models.labels import role as role_label

    changes = []
    for name in sorted(set(recorded) | set(current)):
        was, now_ = recorded.get(name), current.get(name)
        if was == now_:
            continue
        if was is None:
            changes.append(t("user {name} was added", name=name))
            continue
        if now_ is None:
            changes.append(t("user {name} was removed", name=name))
            continue
        if was[0] != now_[0]:
            changes.append(t("role of {name} changed from {old} to {new}", name=name, old=role_label(str(was[0])),
                             new=role_label(str(now_[0]))))
        if was[1] != now_[1]:
            changes.append(t("{name} was enabled", name=name) if now_[1] else t("{name} was disabled", name=name))
        if was[2] != now_[2]:
            copied = [other for other, fact in current.items() if other != name and fact[2] == now_[2]]
            changes.append(t("password of {name} replaced by that of {other}", name=name, other=labels.listing(copied))
                           if copied else t("password hash of {name} changed", name=name))
    return changes


def verify_chain(session: Session, expected_heads: list[ChainHead] | ChainHead | None = None,
                 key: bytes | None = None, key_problem: str = "") -> ChainReport:
    """Walk the chain; name the first entry altered, inserted or removed behind the app's back.

    ``expected_heads``: heads kept outside the table (backups' manifests, the head file); the
    chain must still hold each. ``key``: the chain's HMAC key; None checks the plain chain
    only and says the authentication could not be checked (``key_problem`` says why)."""
    if isinstance(expected_heads, ChainHead):
        expected_heads = [expected_heads]
    prev_hash, expected_id, count, authenticated = GENESIS, 1, 0, 0
    clock_back: list[ClockBack] = []
    recorded_users: dict[str, UserFact] | None = None
    users_digest: str | None = None

    def broken(entry_id: int | None, reason: str) -> ChainReport:
        return ChainReport(False, count, entry_id, reason, authenticated, key is not None, key_problem,
                           clock_back=tuple(clock_back))

    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(500):
        if entry.id != expected_id:
            if entry.id > expected_id:
                last = entry.id - 1
                return broken(expected_id, t("entry {first} removed", first=expected_id) if last == expected_id
                              else t("entries {first}–{last} removed", first=expected_id, last=last))
            return broken(entry.id, t("entry inserted out of order"))
        if entry.prev_hash != prev_hash:
            return broken(entry.id, t("link to the previous entry does not match (an entry was inserted, removed or "
                                      "moved here)"))
        if entry.compute_hash() != entry.hash:
            return broken(entry.id, t("content altered"))
        if entry.mac is None:
            if authenticated or users_digest is not None:
                return broken(entry.id, t("entry without authentication after authenticated ones: written outside "
                                          "OpsDesk"))
        else:
            if key is not None and not hmac.compare_digest(entry.compute_mac(key), entry.mac):
                return broken(entry.id, t("not written by OpsDesk with this database's key: altered and re-hashed, "
                                          "or inserted"))
            if entry.users_state is not None:
                if digest_of(entry.users_state) != entry.users_digest:
                    return broken(entry.id, t("content altered"))
                recorded_users = entry.users_state
            users_digest = entry.users_digest
            authenticated += 1 if key is not None else 0
        if entry.action == CLOCK_BACK:  # recorded when it happened, and authenticated
            previous = (entry.before or {}).get("previous_at") if isinstance(entry.before, dict) else None
            try:
                newest = dt.datetime.fromisoformat(previous) if previous else entry.at
            except (TypeError, ValueError):
                newest = entry.at
            clock_back.append(ClockBack(entry.id, entry.at, newest))
        prev_hash, expected_id, count = entry.hash, expected_id + 1, count + 1
    for expected in sorted(expected_heads or [], key=lambda h: -h.id):  # the widest gap first
        if expected.id >= expected_id:
            first, last, source = expected_id, expected.id, expected.source or t("the latest backup")
            return broken(first, t("entry {first} is missing: the chain had reached it when {source} was written",
                                   first=first, source=source) if first == last else
                          t("entries {first}–{last} are missing: the chain had reached entry {last} when {source} "
                            "was written", first=first, last=last, source=source))
        stored = session.get(AuditEntry, expected.id)
        if stored is None or stored.hash != expected.hash:
            return broken(expected.id, t("differs from the entry recorded in {source}",
                                         source=expected.source or t("the latest backup")))
    changes: tuple[str, ...] = ()
    if recorded_users is not None:
        current = users_state(session)
        if digest_of(current) != users_digest:
            changes = tuple(_describe_user_changes(recorded_users, current)) or (t("users table altered"),)
    return ChainReport(not changes, count, None, t("users table altered") if changes else "", authenticated,
                       key is not None, key_problem, changes, tuple(clock_back))
