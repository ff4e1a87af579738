"""One live feed for the whole console (issue 15; STYLE.md: screens subscribe, they do not poll).

Every couple of seconds it reads, off the GUI thread and in one short read, what the poller and
everyone else have done (:func:`opsdesk.ops.live.read_snapshot`): the poller's cycle marker and
state, the unacknowledged alarms, and the change marks — one counter per table that every
committed write bumps, whoever made it (this console, another one, the CLI, the poller). It
then emits what changed; floor, gauges, alarms, banner, tone, status bar, wall and device panel
redraw on these signals instead of each running a timer of its own.

A write this console makes through the operation runner is announced at once
(:meth:`LiveFeed.records_changed`), and the feed reads again straight away.
"""

from __future__ import annotations

import weakref

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from opsdesk.clock import now
from opsdesk.monitor.live import AlarmSummary, LiveSnapshot, read_snapshot
from opsdesk.store import Store
from opsdesk.ui.operations import reading
from opsdesk.ui.worker import LatestRead, weak_callable

FEED_MS = 2000
ALARM_KINDS = frozenset({"alarm", "maintenance_window"})  # what the alarm screens show
READING_KINDS = frozenset({"reading_raw", "device_state"})  # a poll cycle's readings and states
# what the floor, its overview and the wall draw: states, alarms, and the room's racks and units
FLOOR_KINDS = ALARM_KINDS | READING_KINDS | {"unit", "rack", "room", "register_line"}


class LiveFeed(QObject):
    """Follows the store; emits what changed. Made once per console, shared through the context."""

    sig_snapshot_read = Signal(object)
    """Every read: the LiveSnapshot (the status bar judges the poller's heartbeat by it)."""
    sig_cycle_completed = Signal(object)
    """The poller finished a cycle (readings and device states are new): the LiveSnapshot."""
    sig_alarms_changed = Signal(object)
    """The unacknowledged alarms changed: the AlarmSummary."""
    sig_records_changed = Signal(str)
    """A kind of record changed (a table's name: "alarm", "shift", "tick" …), by anyone."""
    sig_read_failed = Signal(object)
    """The feed could not read the store (a busy or damaged database): the exception."""

    def __init__(self, store: Store, interval_ms: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.snapshot: LiveSnapshot | None = None
        self._announced: dict[str, int] = {}  # this console's commits already told, not yet read back
        self._read = LatestRead(self.poke, self._on_read, self._on_failed)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms or FEED_MS)
        self._timer.timeout.connect(self.poke)

    @property
    def alarms(self) -> AlarmSummary:
        return self.snapshot.alarms if self.snapshot is not None else AlarmSummary()

    def start(self) -> None:
        self._timer.start()
        self.poke()

    def stop(self) -> None:
        self._timer.stop()

    def poke(self) -> None:
        """Read now (coalesced with a read already out)."""
        store = self._store
        self._read.start(lambda: _read(store))

    def records_changed(self, kinds) -> None:
        """This console committed a change to ``kinds``: tell the screens now, then read again."""
        for kind in sorted(set(kinds)):
            self._announced[kind] = self._announced.get(kind, 0) + 1
            self.sig_records_changed.emit(kind)
        self.poke()

    def _on_read(self, snapshot: LiveSnapshot) -> None:
        before, self.snapshot = self.snapshot, snapshot
        self.sig_snapshot_read.emit(snapshot)
        if before is None:  # the baseline: screens have just read for themselves; the alarm
            self.sig_alarms_changed.emit(snapshot.alarms)  # summary's few readers take it from here
            return
        for kind in sorted(snapshot.marks):  # first: a screen may start a read its next step needs
            grown = snapshot.marks[kind] - before.marks.get(kind, 0)
            told = self._announced.pop(kind, 0)
            if grown > told:  # someone else changed it too (another console, the CLI, the poller)
                self.sig_records_changed.emit(kind)
            elif told > grown:
                self._announced[kind] = told - grown  # read before that commit was: keep for the next
        if snapshot.alarms != before.alarms:
            self.sig_alarms_changed.emit(snapshot.alarms)
        if snapshot.cycle_marker != before.cycle_marker:
            self.sig_cycle_completed.emit(snapshot)

    def _on_failed(self, exc: BaseException) -> None:
        self.sig_read_failed.emit(exc)


def _read(store: Store) -> LiveSnapshot:
    return reading(store, lambda session: read_snapshot(session, now()))()


_feeds: dict[int, LiveFeed] = {}


def live_feed(store: Store) -> LiveFeed:
    """The console's one feed for ``store``, made (and started) on first use: every screen of
    the console — main window, lock screen, wall — shares it."""
    feed = _feeds.get(id(store))
    if feed is None or feed._store is not store:
        feed = LiveFeed(store)
        _feeds[id(store)] = feed
        feed.start()
    return feed


def stop_feeds() -> None:
    """At exit and between tests: no feed reads a store that is being closed. Each is freed on
    the GUI thread (deleteLater), never by the garbage collector in a worker thread."""
    for feed in _feeds.values():
        feed.stop()
        feed.deleteLater()
    _feeds.clear()


class Follower(QObject):
    """A screen's subscription to the feed: ``refresh()`` when a poll cycle completes (``cycles``)
    or one of ``kinds`` changes, while the screen is shown (a screen reads anyway when it is
    shown). A child of the screen, so the subscription ends with it."""

    def __init__(self, screen: QObject, store: Store, refresh, *, kinds=(), cycles: bool = False) -> None:
        super().__init__(screen)
        # Weakly (see worker.LatestRead): no reference cycle through the screen for the collector.
        self._screen, self._refresh, self._kinds = weakref.ref(screen), weak_callable(refresh), frozenset(kinds)
        feed = live_feed(store)
        if self._kinds:
            feed.sig_records_changed.connect(self._on_records_changed)
        if cycles:
            feed.sig_cycle_completed.connect(self._on_cycle_completed)

    def _on_records_changed(self, kind: str) -> None:
        if kind in self._kinds:
            self._due()

    def _on_cycle_completed(self, _snapshot) -> None:
        self._due()

    def _due(self) -> None:
        screen, refresh = self._screen(), self._refresh()
        if screen is None or refresh is None or not shiboken6.isValid(screen):
            return
        visible = getattr(screen, "isVisible", None)
        if visible is None or visible():
            refresh()


def follow(screen: QObject, store: Store, refresh, *, kinds=(), cycles: bool = False) -> Follower:
    return Follower(screen, store, refresh, kinds=kinds, cycles=cycles)
