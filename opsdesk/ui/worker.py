"""Run one blocking call (a backup, a chain check) off the UI thread.

The call runs in Qt's global thread pool; its result or its error comes back
to the GUI thread by a queued signal. The function must not touch widgets
(STYLE.md: Anki #4536); errors are caught here, never lost in a thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class TaskRelay(QObject):
    """Lives in the GUI thread; carries one task's outcome back to it."""

    sig_task_succeeded = Signal(object)
    """The function's return value."""
    sig_task_failed = Signal(object)
    """The exception the function raised."""


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: TaskRelay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none kills the thread
            self._relay.sig_task_failed.emit(exc)
        else:
            self._relay.sig_task_succeeded.emit(result)


_running: set[TaskRelay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_succeeded: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
) -> TaskRelay:
    """Start ``fn`` in the pool; ``on_succeeded(result)`` or ``on_failed(exc)`` runs
    in the GUI thread. Pass bound methods of QObjects, so a receiver deleted in the
    meantime is simply not called."""
    relay = TaskRelay()
    relay.sig_task_succeeded.connect(on_succeeded)
    relay.sig_task_failed.connect(on_failed)
    relay.sig_task_succeeded.connect(lambda _r: _running.discard(relay))
    relay.sig_task_failed.connect(lambda _e: _running.discard(relay))
    _running.add(relay)  # keep the relay alive until its signal is delivered
    QThreadPool.globalInstance().start(_Task(fn, relay))
    return relay


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Block until background tasks are done (at exit and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
