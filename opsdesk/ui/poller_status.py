"""The status bar's word on the poller, read from its lock row and the devices' states every
few seconds: "轮询：上次 10:05:12，耗时 1.2 秒；共 125 台：应答 118 / 无应答 1 / 离线探测 5 /
无匹配型号 1" — every polled device counted once — or in red that no live poller holds the lock."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from opsdesk.clock import format_local, to_local
from opsdesk.monitor import lock
from opsdesk.monitor.live import LiveSnapshot
from opsdesk.store import Store
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.poller_control import PollerControl


def _clock_time(when: dt.datetime | None) -> str:
    """10:05:12 ("" for no time, as format_local)."""
    return to_local(when).strftime("%H:%M:%S") if when is not None else ""


class PollerStatusLabel(QLabel):
    """``state`` property: "ok", "starting" or "down" (red). Redrawn on every read of the
    console's live feed (the poller's lock row and the devices' states are part of it)."""

    def __init__(self, store: Store, poller: PollerControl | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pollerStatus")
        self._store = store
        self._poller = poller
        self._feed = live_feed(store)
        self._feed.sig_snapshot_read.connect(self._on_snapshot_read)
        self._feed.sig_read_failed.connect(self._on_read_failed)
        if self._feed.snapshot is not None:
            self._on_snapshot_read(self._feed.snapshot)
        else:
            self.setText(self.tr("Poller starting…"))

    @property
    def state(self) -> str:
        return str(self.property("state") or "")

    def refresh(self) -> None:
        """Ask the feed to read now."""
        self._feed.poke()

    def _on_read_failed(self, exc: BaseException) -> None:
        self.setToolTip(error_text(exc))  # a busy database: keep the last word, say why

    def _on_snapshot_read(self, snapshot: LiveSnapshot) -> None:
        status = snapshot.poller
        counts = self._counts_text(status.devices)
        if status.alive:
            if status.last_cycle_at is None:
                text = self.tr("Polling: started {time}, first cycle running; {counts}").format(
                    time=_clock_time(status.started_at), counts=counts)
            else:
                text = self.tr("Polling: last {time}, took {seconds} s; {counts}").format(
                    time=_clock_time(status.last_cycle_at),
                    seconds=f"{status.cycle_seconds or 0:.1f}", counts=counts)
            tip = self.tr("Poller {holder}, running since {since}; last heartbeat {beat}").format(
                holder=status.holder, since=format_local(status.started_at, seconds=True),
                beat=format_local(status.heartbeat_at, seconds=True))
            tip += "\n" + self.tr("A device that does not answer is asked one short request per interval; "
                                  "the moment it answers it is read in full.")
            state = "ok"
        elif self._poller is not None and self._poller.is_running():
            text, state = self.tr("Poller starting…"), "starting"
            tip = self.tr("Log: {path}").format(path=self._poller.log_file)
        else:
            text, state = self.tr("Poller not running"), "down"
            tip = self.tr("No device is being polled: no alarms are raised until a poller runs.")
            if status.heartbeat_at is not None:
                tip += "\n" + self.tr("Last heartbeat {beat} from {holder}").format(
                    beat=format_local(status.heartbeat_at, seconds=True), holder=status.holder)
            tip += "\n" + self.tr("As last polled: {counts}").format(counts=counts)
        self.setText(text)
        self.setToolTip(tip)
        if state != self.property("state"):
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)

    def _counts_text(self, counts: lock.DeviceCounts) -> str:
        """Every polled device, in classes that add up to the total; empty classes left out
        except answering and silent."""
        parts = [self.tr("answering {n}").format(n=counts.answering),
                 self.tr("silent {n}").format(n=counts.silent)]
        if counts.unreachable:
            parts.append(self.tr("unreachable, probed {n}").format(n=counts.unreachable))
        if counts.no_profile:
            parts.append(self.tr("no profile {n}").format(n=counts.no_profile))
        if counts.waiting:
            parts.append(self.tr("not yet polled {n}").format(n=counts.waiting))
        return self.tr("{total} devices: {parts}").format(total=counts.total, parts=" / ".join(parts))

    def stop(self) -> None:
        """The window closes: no more redraws from the feed."""
        try:
            self._feed.sig_snapshot_read.disconnect(self._on_snapshot_read)
        except (RuntimeError, TypeError):  # already disconnected
            pass
