"""The strip above the panels that counts unacknowledged active alarms by
severity ("严重 2 · 警告 3 未确认"): red when any is critical, amber for warnings
only, calm when there is none. A click asks for the alarm list."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from opsdesk.store import Store
from opsdesk.ui.alarm_events import alarm_events
from opsdesk.ui.alarm_rows import unacknowledged_counts
from opsdesk.ui.dialogs import error_text

REFRESH_MS = 5000


class AlarmBanner(QPushButton):
    """Fed by its own periodic count query; knows nothing of the alarm panel."""

    sig_alarms_requested = Signal()
    """The person on duty clicked the banner: show the alarm list."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBanner")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._store = store
        self.counts: dict[str, int] = {}
        self.clicked.connect(self._on_clicked)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        alarm_events().sig_alarms_changed.connect(self.refresh)
        self.refresh()

    @property
    def state(self) -> str:
        """"critical", "warning" or "none": what the colour says."""
        return str(self.property("state") or "none")

    def refresh(self) -> None:
        try:
            with self._store.read() as session:
                counts = unacknowledged_counts(session)
        except Exception as exc:  # noqa: BLE001 - a busy database: try again on the next tick
            self.setToolTip(error_text(exc))
            return
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
        self._timer.stop()

    def _on_clicked(self) -> None:
        self.sig_alarms_requested.emit()
