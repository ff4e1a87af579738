"""The status bar's word on the poller, read from its lock row every few seconds:
"轮询：上次 10:05:12，耗时 1.2 秒，应答 118 / 无应答 1", or in red that no poller runs."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from opsdesk.clock import format_local, now, to_local
from opsdesk.monitor import lock
from opsdesk.store import Store
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.poller_control import PollerControl, stale_after

REFRESH_MS = 5000


class PollerStatusLabel(QLabel):
    """``state`` property: "ok", "starting" or "down" (red)."""

    def __init__(self, store: Store, poller: PollerControl | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pollerStatus")
        self._store = store
        self._poller = poller
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    @property
    def state(self) -> str:
        return str(self.property("state") or "")

    def refresh(self) -> None:
        try:
            with self._store.read() as session:
                current = lock.current(session)
                alive = lock.is_alive(current, now(), stale_after(session))
        except Exception as exc:  # noqa: BLE001 - a busy database: keep the last word, say why
            self.setToolTip(error_text(exc))
            return
        if alive and current is not None:
            if current.last_cycle_at is None:
                text = self.tr("Polling: started {time}, first cycle running").format(
                    time=to_local(current.started_at).strftime("%H:%M:%S"))
            else:
                text = self.tr("Polling: last {time}, took {seconds} s, answering {ok} / silent {silent}").format(
                    time=to_local(current.last_cycle_at).strftime("%H:%M:%S"),
                    seconds=f"{current.cycle_seconds or 0:.1f}", ok=current.answering, silent=current.silent)
            tip = self.tr("Poller {holder}, running since {since}; last heartbeat {beat}").format(
                holder=current.holder, since=format_local(current.started_at, seconds=True),
                beat=format_local(current.heartbeat_at, seconds=True))
            state = "ok"
        elif self._poller is not None and self._poller.is_running():
            text, state = self.tr("Poller starting…"), "starting"
            tip = self.tr("Log: {path}").format(path=self._poller.log_file)
        else:
            text, state = self.tr("Poller not running"), "down"
            tip = self.tr("No device is being polled: no alarms are raised until a poller runs.")
            if current is not None:
                tip += "\n" + self.tr("Last heartbeat {beat} from {holder}").format(
                    beat=format_local(current.heartbeat_at, seconds=True), holder=current.holder)
        self.setText(text)
        self.setToolTip(tip)
        if state != self.property("state"):
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)

    def stop(self) -> None:
        self._timer.stop()
