"""Run one blocking call (a backup, a chain check, a screen's query) off the UI thread.

The call runs in Qt's global thread pool; its result or its error comes back to the GUI
thread by a queued signal. The function must not touch widgets (STYLE.md: Anki #4536);
errors are caught here, never lost in a thread.

One dispatcher QObject, made once in the GUI thread, carries every outcome back: no QObject
is made per call, so none can be freed by the garbage collector running in a worker thread
(a per-call relay caught in a reference cycle was, now and then, and Qt crashed).

Nor is anything freed by a reference count falling to zero in a worker: what the call holds
(an operation, and through it the widget that started it) is also held by the dispatcher in
the GUI thread until the outcome is delivered there, and the worker lets go of its own
references — the call, the frames of a failure's traceback — before it sends the outcome.
Otherwise a widget closed while its query ran died in the worker when the query ended, while
the GUI thread was painting it (a segfault in QWidget::backgroundRole, a few runs in ten on a
busy machine).
"""

from __future__ import annotations

import itertools
import traceback
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, cast

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Dispatcher(QObject):
    """Lives in the GUI thread; hands each task's outcome to the callback waiting for it."""

    sig_task_done = Signal(int)
    """A task's number: its outcome waits in :attr:`outcomes`."""

    def __init__(self) -> None:
        super().__init__()
        # task number -> (on_succeeded, on_failed, the call): held here, in the GUI thread, until
        # delivered, so whatever they hold is let go of here, never in a worker (module text).
        self.pending: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None], object]] = {}
        # task number -> (succeeded, the return value or the exception), put by the worker
        # before it signals, so that the worker holds no reference to it afterwards.
        self.outcomes: dict[int, tuple[bool, object]] = {}
        self.sig_task_done.connect(self._deliver)  # queued: emitted from the pool's threads

    def _deliver(self, number: int) -> None:
        succeeded, payload = self.outcomes.pop(number, (False, None))
        callbacks = self.pending.pop(number, None)
        if callbacks is None:
            return
        on_succeeded, on_failed, _call = callbacks
        owner = getattr(on_succeeded if succeeded else on_failed, "__self__", None)
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            return  # the receiver was deleted in the meantime: nobody to tell
        if succeeded:
            on_succeeded(payload)
        else:
            on_failed(cast(BaseException, payload))  # a failed task sends the exception it caught


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], number: int, dispatcher: _Dispatcher) -> None:
        super().__init__()
        self._fn: Callable[[], Any] | None = fn
        self._number = number
        self._dispatcher = dispatcher

    def run(self) -> None:
        fn, self._fn = self._fn, None  # run once, and the task lets go of fn
        if fn is None:
            return
        outcome: object
        try:
            outcome, succeeded = fn(), True
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none kills the thread
            # The frames' locals (the operation, its widget) are let go of now, while the
            # dispatcher still holds them; the traceback keeps its lines for the log.
            traceback.clear_frames(exc.__traceback__)
            outcome, succeeded = exc, False
        del fn  # the dispatcher holds the call until the outcome is delivered
        self._dispatcher.outcomes[self._number] = (succeeded, outcome)
        del outcome  # from here on only the GUI thread holds it
        self._dispatcher.sig_task_done.emit(self._number)


_dispatcher: _Dispatcher | None = None
_numbers = itertools.count(1)


def run_in_background(
    fn: Callable[[], Any],
    on_succeeded: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
) -> int:
    """Start ``fn`` in the pool (call this from the GUI thread); ``on_succeeded(result)`` or
    ``on_failed(exc)`` runs in the GUI thread. A bound method of a QObject deleted in the
    meantime is not called. Returns the task's number."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    number = next(_numbers)
    _dispatcher.pending[number] = (on_succeeded, on_failed, fn)
    QThreadPool.globalInstance().start(_Task(fn, number, _dispatcher))
    return number


def wait_for_tasks(msecs: int = 30_000) -> bool:
    """Block until background tasks are done (at exit and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)


class LatestRead:
    """One background read at a time for a view refreshed by a timer and by the user: a
    refresh asked for while a read is out is made once when that read is in (never two in
    flight, never one lost). ``refresh`` is the view's own method, called again then, so the
    new read asks for what the view shows by then (another room, another site).

    ``on_read(result)`` and ``on_failed(exc)`` are the view's bound methods; nothing is called
    once the view has been deleted. A plain object, not a QObject: see the module's text."""

    def __init__(self, refresh: Callable[[], None], on_read: Callable[[Any], None],
                 on_failed: Callable[[BaseException], None]) -> None:
        # Weakly: a view holds its LatestRead, and a strong reference back would make a cycle that
        # only the garbage collector frees — in whatever thread it runs, a worker's included, and a
        # QObject freed there crashes Qt (what the module's text says of the per-call relay).
        self._refresh = weak_callable(refresh)
        self._on_read = weak_callable(on_read)
        self._on_failed = weak_callable(on_failed)
        self.reading = False
        self._again = False

    def start(self, fn: Callable[[], Any]) -> bool:
        """Read ``fn()`` in the background, or note that one more read is wanted; True if started."""
        if self.reading:
            self._again = True
            return False
        self.reading = True
        run_in_background(fn, self._done, self._failed)
        return True

    def _live_on_read(self) -> Callable[[Any], None] | None:
        """The view's ``on_read`` while the view lives, None once it has been deleted."""
        on_read = self._on_read()
        owner = getattr(on_read, "__self__", None)
        if on_read is None or (isinstance(owner, QObject) and not shiboken6.isValid(owner)):
            return None
        return on_read

    def _alive(self) -> bool:
        return self._live_on_read() is not None

    def _done(self, result: Any) -> None:
        self.reading = False
        on_read = self._live_on_read()
        if on_read is None:
            return
        on_read(result)
        if self._again:
            self._again = False
            refresh = self._refresh()
            if refresh is not None:
                refresh()

    def _failed(self, exc: BaseException) -> None:
        self.reading = False  # e.g. the database is busy: tried again on the next tick
        on_failed = self._on_failed()
        if self._alive() and on_failed is not None:
            on_failed(exc)


_F = TypeVar("_F", bound=Callable[..., Any])


def weak_callable(fn: _F) -> Callable[[], _F | None]:
    """A callable's weak stand-in: a bound method by WeakMethod, anything else as it is."""
    if getattr(fn, "__self__", None) is not None:
        return weakref.WeakMethod(fn)
    return lambda: fn
