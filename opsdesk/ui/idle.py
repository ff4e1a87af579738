"""The idle lock: after ``ui.idle_lock_minutes`` without a key press, a click or a
wheel turn anywhere in the console, the console locks itself (the lock screen keeps
showing the alarms and ringing). Zero minutes switches it off."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress})


class IdleWatcher(QObject):
    """Watches the whole application's input; ``sig_idle`` once the time has run out."""

    sig_idle = Signal()
    """Nobody touched the console for the set time."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sig_idle)
        self._installed = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()

    def start(self, minutes: float) -> None:
        """Watch from now on (``minutes`` ≤ 0: never lock)."""
        if minutes <= 0:
            self.stop()
            return
        self._timer.setInterval(int(minutes * 60_000))
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self._timer.isActive():
            self._timer.start()  # again from the full interval
        return False
