"""Facts about the database itself: demo or real, when it was made."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text, event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from opsdesk.clock import now
from opsdesk.models.base import Base, table_of


class DbInfo(Base):
    __tablename__ = "db_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)


def get_info(session: Session, key: str, default: str = "") -> str:
    row = session.get(DbInfo, key)
    return default if row is None else row.value


def set_info(session: Session, key: str, value: str) -> None:
    row = session.get(DbInfo, key)
    if row is None:
        session.add(DbInfo(key=key, value=value))
    else:
        row.value = value


def is_demo(session: Session) -> bool:
    return get_info(session, "demo") == "1"


# -- what changed: one counter per table, so every console learns of another's writes ----------
class ChangeMark(Base):
    """How many committed transactions have changed a table (by its name). Bumped at commit by
    every session the store hands out; a console's live feed reads these few rows every couple of
    seconds and tells its screens which kinds of record changed — whoever changed them: this
    console, another one, the CLI or the poller."""

    __tablename__ = "change_mark"

    kind: Mapped[str] = mapped_column(String(64), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)


TRACK = "track_changes"  # session.info: bump the change marks at commit (the store's write sessions)
NOTED = "changed_kinds"  # session.info: kinds changed by Core statements the ORM did not see
COMMITTED = "committed_kinds"  # session.info: what the session's committed transactions changed


def note_change(session: Session, *kinds: str) -> None:
    """Say that this transaction changed ``kinds`` (table names) by a statement the ORM does not
    track (a bulk insert or update)."""
    session.info.setdefault(NOTED, set()).update(kinds)


def _changed_kinds(session: Session) -> set[str]:
    kinds = set(session.info.get(NOTED, ()))
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table and table != ChangeMark.__tablename__:
            kinds.add(table)
    return kinds


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context: UOWTransaction, _instances: object) -> None:
    if session.info.get(TRACK):
        kinds = _changed_kinds(session)
        if kinds:
            session.info.setdefault(NOTED, set()).update(kinds)


@event.listens_for(Session, "before_commit")
def _bump(session: Session) -> None:
    if not session.info.get(TRACK):
        return
    kinds = _changed_kinds(session)
    session.info.pop(NOTED, None)
    session.info[COMMITTED] = session.info.get(COMMITTED, set()) | kinds
    if not kinds:
        return
    table = table_of(ChangeMark)
    for kind in sorted(kinds):  # one order, so two writers never wait on each other in a cycle
        stmt = sqlite_insert(table) if session.get_bind().dialect.name == "sqlite" else pg_insert(table)
        session.execute(stmt.values(kind=kind, n=1)
                        .on_conflict_do_update(index_elements=["kind"], set_={"n": table.c.n + 1}))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(NOTED, None)


def change_marks(session: Session) -> dict[str, int]:
    return dict(session.execute(select(ChangeMark.kind, ChangeMark.n)).all())
