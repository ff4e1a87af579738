"""The strip above the panels that counts unacknowledged active alarms by
severity ("严重 2 · 警告 3 未确认"): red when any is critical, amber for warnings
only, calm when there is none. A click asks for the alarm list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from opsdesk.monitor.live import AlarmSummary
from opsdesk.store import Store
from opsdesk.ui.dialogs import error_text
from opsdesk.ui.live_feed import live_feed


class AlarmBanner(QPushButton):
    """Fed by the console's live feed (the alarm summary it reads); knows nothing of the alarm panel."""

    sig_alarms_requested = Signal()
    """The person on duty clicked the banner: show the alarm list."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBanner")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._feed = live_feed(store)
        self.counts: dict[str, int] = {}
        self.clicked.connect(self._on_clicked)
        self._feed.sig_alarms_changed.connect(self._on_alarms_changed)
        self._feed.sig_read_failed.connect(self._on_read_failed)
        if self._feed.snapshot is not None:
            self._on_alarms_changed(self._feed.alarms)
        else:  # until the feed's first read: not "no alarms", which it may not be
            self.setText(self.tr("Reading the alarms…"))
        self.refresh()

    @property
    def state(self) -> str:
        """"critical", "warning" or "none": what the colour says."""
        return str(self.property("state") or "none")

    def refresh(self) -> None:
        """Ask the feed to read now (the banner redraws when its summary comes)."""
        self._feed.poke()

    def _on_read_failed(self, exc: BaseException) -> None:
        self.setToolTip(error_text(exc))  # a busy database: keep the last count, say why

    def _on_alarms_changed(self, summary: AlarmSummary) -> None:
        counts = dict(summary.counts)
        self.counts = counts
        critical, warning = counts.get("critical", 0), counts.get("warning", 0)
        if critical or warning:
            parts = []
            if critical:
                parts.append(self.tr("Critical {n}").format(n=critical))
            if warning:
                parts.append(self.tr("Warning {n}").format(n=warning))
            text = self.tr("{counts} not acknowledged").format(counts=" · ".join(parts))
            state = "critical" if critical else "warning"
            tip = self.tr("Click to open the alarm list and acknowledge.")
        else:
            text, state = self.tr("No unacknowledged alarms"), "none"
            tip = self.tr("Click to open the alarm list.")
        self.setText(text)
        self.setToolTip(tip)
        if state != self.property("state"):
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)

    def stop(self) -> None:
        try:
            self._feed.sig_alarms_changed.disconnect(self._on_alarms_changed)
        except (RuntimeError, TypeError):  # already disconnected
            pass

    def _on_clicked(self) -> None:
        self.sig_alarms_requested.emit()
