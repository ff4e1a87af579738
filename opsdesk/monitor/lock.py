"""Which poller runs: a row in the store, taken in a write transaction.

Two consoles on one database never poll twice. A poller renews its heartbeat
every cycle; a lock whose heartbeat is older than ``stale_after`` belongs to a
poller that died and may be taken over.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opsdesk.models import settings
from opsdesk.models.equipment import Unit
from opsdesk.models.monitoring import DeviceState, DeviceStatus, PollerLock

LOCK_NAME = "poller"
MIN_STALE = dt.timedelta(seconds=60)


def holder_for(pid: int) -> str:
    """The lock holder a poller with this process id on this host writes: ``host:pid``."""
    return f"{socket.gethostname()}:{pid}"


def holder_id() -> str:
    return holder_for(os.getpid())


def intervals(session: Session) -> tuple[float, float]:
    """(fast, slow) seconds between the poller's reads of a device; the fast one never slower
    than the slow one."""
    values = settings.get_many(session, ("poller.fast_seconds", "poller.interval_seconds"))
    slow = float(values["poller.interval_seconds"])
    return min(float(values["poller.fast_seconds"]), slow), slow


def tick_seconds(session: Session) -> float:
    """How often the poller's loop ticks (and renews its heartbeat): the fast interval."""
    return intervals(session)[0]


def stale_after(session: Session) -> dt.timedelta:
    """How old a heartbeat may be before its poller counts as gone: three missed ticks, at
    least a minute (a first tick matching every device's profiles takes a while). The poller
    taking the lock, the console deciding whether to start one and the status bar all judge
    by this one rule."""
    return max(dt.timedelta(seconds=3 * tick_seconds(session)), MIN_STALE)


def _stale(lock: PollerLock, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    # A poller whose ticks take long (a large site) is given three of its own ticks.
    grace = dt.timedelta(seconds=3 * (lock.cycle_seconds or 0.0))
    return now - lock.heartbeat_at > max(stale_after, grace)


def acquire(session: Session, holder: str, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    """Take the lock if free, ours, or stale. Call inside a write (BEGIN IMMEDIATE) transaction."""
    lock = session.get(PollerLock, LOCK_NAME, with_for_update=True)
    if lock is None:
        session.add(PollerLock(name=LOCK_NAME, holder=holder, started_at=now, heartbeat_at=now))
        return True
    if lock.holder == holder or _stale(lock, now, stale_after):
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


def holds(session: Session, holder: str) -> bool:
    """Whether ``holder`` still holds the lock (checked by each of a cycle's write transactions)."""
    lock = session.get(PollerLock, LOCK_NAME)
    return lock is not None and lock.holder == holder


def release(session: Session, holder: str) -> None:
    lock = session.get(PollerLock, LOCK_NAME)
    if lock is not None and lock.holder == holder:
        session.delete(lock)


def current(session: Session) -> PollerLock | None:
    return session.get(PollerLock, LOCK_NAME)


def is_alive(lock: PollerLock | None, now: dt.datetime, stale_after: dt.timedelta) -> bool:
    return lock is not None and not _stale(lock, now, stale_after)


# -- what the status bar says --------------------------------------------------------------

@dataclass(frozen=True)
class DeviceCounts:
    """Every polled device (a management address and SNMP settings) in exactly one class,
    so the classes add up to ``total``."""

    answering: int = 0  # answers, and a profile reads it
    no_profile: int = 0  # answers, but no profile reads what its category needs (无匹配型号)
    silent: int = 0  # missed its last poll(s), not yet judged unreachable: still read in full
    unreachable: int = 0  # judged unreachable: asked one short GET per interval until it answers
    waiting: int = 0  # not polled yet

    @property
    def total(self) -> int:
        return self.answering + self.no_profile + self.silent + self.unreachable + self.waiting


def device_counts(session: Session) -> DeviceCounts:
    """How the polled devices stand, from their device state (one grouped query)."""
    unreachable_after = int(settings.get(session, "monitor.unreachable_after"))
    failures = func.coalesce(DeviceState.failures, 0)
    rows = session.execute(
        select(DeviceState.status, failures >= unreachable_after, failures > 0, func.count())
        .select_from(Unit).outerjoin(DeviceState, DeviceState.unit_id == Unit.id)
        .where(Unit.mgmt_ip != "", Unit.snmp_version != "")
        .group_by(DeviceState.status, failures >= unreachable_after, failures > 0))
    counts = dict.fromkeys(("answering", "no_profile", "silent", "unreachable", "waiting"), 0)
    for status, judged, failed, n in rows:
        if judged or status == DeviceStatus.UNREACHABLE.value:
            key = "unreachable"
        elif failed:
            key = "silent"
        elif status is None or status == DeviceStatus.UNKNOWN.value:
            key = "waiting"
        elif status == DeviceStatus.NO_PROFILE.value:
            key = "no_profile"
        else:
            key = "answering"
        counts[key] += n
    return DeviceCounts(**counts)


@dataclass(frozen=True)
class PollerStatus:
    """The lock row and the device counts, as the status bar shows them."""

    alive: bool  # a poller holds the lock and its heartbeat is fresh
    holder: str = ""
    started_at: dt.datetime | None = None
    heartbeat_at: dt.datetime | None = None
    last_cycle_at: dt.datetime | None = None
    cycle_seconds: float | None = None
    devices: DeviceCounts = DeviceCounts()


def poller_status(session: Session, now: dt.datetime) -> PollerStatus:
    """Whether a live poller holds the lock, and how every polled device stands."""
    lock = current(session)
    counts = device_counts(session)
    if lock is None:
        return PollerStatus(alive=False, devices=counts)
    return PollerStatus(alive=is_alive(lock, now, stale_after(session)), holder=lock.holder,
                        started_at=lock.started_at, heartbeat_at=lock.heartbeat_at,
                        last_cycle_at=lock.last_cycle_at, cycle_seconds=lock.cycle_seconds, devices=counts)
