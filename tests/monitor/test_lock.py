"""Two consoles on one database never poll twice; a dead poller's lock is taken over."""

from __future__ import annotations

import datetime as dt

from opsdesk.monitor import lock
from opsdesk.store import Store

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
STALE = dt.timedelta(seconds=90)


def test_one_poller_holds_the_lock_and_a_stale_one_is_taken_over(store):
    other = Store(store.url)  # a second console on the same file
    with store.write() as s:
        assert lock.acquire(s, "pc-1:100", T0, STALE)
    with other.write() as s:
        assert not lock.acquire(s, "pc-2:200", T0 + dt.timedelta(seconds=30), STALE)
    with store.write() as s:
        assert lock.heartbeat(s, "pc-1:100", T0 + dt.timedelta(seconds=60), cycle_seconds=1.5, answering=10, silent=1)
    with other.write() as s:
        assert not lock.acquire(s, "pc-2:200", T0 + dt.timedelta(seconds=120), STALE)  # 60 s old: alive
        assert lock.acquire(s, "pc-2:200", T0 + dt.timedelta(seconds=151), STALE)  # 91 s old: stale
    with store.write() as s:
        assert not lock.heartbeat(s, "pc-1:100", T0 + dt.timedelta(seconds=160))  # the old one must stop
    with store.read() as s:
        current = lock.current(s)
        assert current.holder == "pc-2:200"
        assert lock.is_alive(current, T0 + dt.timedelta(seconds=200), STALE)
    other.close()


def test_release_frees_the_lock(store):
    with store.write() as s:
        assert lock.acquire(s, "a:1", T0, STALE)
    with store.write() as s:
        lock.release(s, "a:1")
    with store.write() as s:
        assert lock.acquire(s, "b:2", T0, STALE)
