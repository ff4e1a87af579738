"""The one place that says "alarms changed in this console" (an acknowledgement, a
maintenance window), so the banner and the alarm list refresh at once instead of
on their next tick. Neither knows the other; the main window wires nothing."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AlarmEvents(QObject):
    sig_alarms_changed = Signal()
    """Something this console did changed alarms or maintenance windows."""


_events: AlarmEvents | None = None


def alarm_events() -> AlarmEvents:
    global _events
    if _events is None:
        _events = AlarmEvents()
    return _events
