"""Which poller runs: a row in the store, taken in a write transaction.

Two consoles on one database never poll twice. A poller renews its heartbeat
every cycle; a lock whose heartbeat is older than ``stale_after`` belongs to a
poller that died and may be taken over.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from sqlalchemy.orm import Session

from opsdesk.models.monitoring import PollerLock

LOCK_NAME = "poller"


def holder_for(pid: int) -> str:
    """The lock holder a poller with this process id on this host writes: ``host:pid``."""
    return f"{socket.gethostname()}:{pid}"


def holder_id() -> str:
    return holder_for(os.getpid())


def acquire(session: Session, holder: str, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    """Take the lock if free, ours, or stale. Call inside a write (BEGIN IMMEDIATE) transaction."""
    lock = session.get(PollerLock, LOCK_NAME, with_for_update=True)
    if lock is None:
        session.add(PollerLock(name=LOCK_NAME, holder=holder, started_at=now, heartbeat_at=now))
        return True
    if lock.holder == holder or now - lock.heartbeat_at > stale_after:
        if lock.holder != holder:
            lock.started_at = now
        lock.holder, lock.heartbeat_at = holder, now
        return True
    return False


def heartbeat(session: Session, holder: str, now: dt.datetime, cycle_seconds: float | None = None,
              answering: int | None = None, silent: int | None = None) -> bool:
    """Renew the lock; False if another poller has taken it over (then stop)."""
    lock = session.get(PollerLock, LOCK_NAME)
    if lock is None or lock.holder != holder:
        return False
    lock.heartbeat_at = now
    if cycle_seconds is not None:
        lock.cycle_seconds, lock.last_cycle_at = cycle_seconds, now
    if answering is not None:
        lock.answering = answering
    if silent is not None:
        lock.silent = silent
    return True


def release(session: Session, holder: str) -> None:
    lock = session.get(PollerLock, LOCK_NAME)
    if lock is not None and lock.holder == holder:
        session.delete(lock)


def current(session: Session) -> PollerLock | None:
    return session.get(PollerLock, LOCK_NAME)


def is_alive(lock: PollerLock | None, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    return lock is not None and now - lock.heartbeat_at <= stale_after
