"""The console's operation runner (issue 15; STYLE.md: one runner for every user action, after
Anki's ``CollectionOp`` / ``QueryOp``).

A screen hands the runner a function of a session — an ops verb or a typed query returning plain
frozen records — and what to do with the result::

    Write(self, ctx.store, lambda s: shift_ops.tick(s, user, tick_id, status), button=self.ok_button,
          feed=ctx.feed).success(self._on_ticked).run()
    Query(self, ctx.store, lambda s: alarm_rows(s, flt)).success(self._show).run()

The function runs off the GUI thread (a write in one transaction); the button that started it is
busy meanwhile; the result comes back on the GUI thread. Every failure takes one path: a user's
error (a refused permission, a wrong value, a full disk, a locked database …) is shown in its own
Chinese sentence; anything else is a bug — its traceback goes to the console's log and the user
reads a short message naming the log. After a write, the kinds of record it changed are told to
the live feed at once, so every screen showing them redraws.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QWidget

from opsdesk import environment, paths
from opsdesk.models.meta import COMMITTED
from opsdesk.models.users import AuthError, PermissionDenied
from opsdesk.ops.errors import OpError
from opsdesk.store import SchemaError, Store
from opsdesk.ui import dialogs
from opsdesk.ui.worker import run_in_background
from opsdesk.vault import VaultError

if TYPE_CHECKING:  # a type only: the console never imports SQLAlchemy (import contract)
    from sqlalchemy.orm import Session

log = logging.getLogger("opsdesk.ui")
T = TypeVar("T")

# What a person can act on, said in their words; everything else is a bug in OpsDesk.
USER_ERRORS = (OpError, PermissionDenied, AuthError, ValueError, VaultError, SchemaError,
               environment.EnvironmentProblem)


def log_path() -> Path:
    return paths.data_dir() / "console.log"


def setup_log(path: Path | None = None) -> Path:
    """The console's log (rotated, 1 MB × 3): a bug's traceback lands here."""
    path = path or log_path()
    root = logging.getLogger("opsdesk")
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        except OSError:
            return path  # a read-only data folder is said elsewhere; the log then goes to stderr
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def is_bug(exc: BaseException) -> bool:
    return not isinstance(exc, USER_ERRORS) and environment.describe(exc) is None


def failure_text(exc: BaseException, *, log_bug: bool = True) -> str:
    """The one failure path's words: a user's error as it is; a bug logged with its traceback
    (once: ``log_bug=False`` where the runner has logged it already), and said in one line that
    names the log."""
    if not is_bug(exc):
        return dialogs.error_text(exc)
    if log_bug:
        log.error("unexpected error in an operation", exc_info=(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate("Operations", "{text} (details in the log {path})").format(
        text=dialogs.error_text(exc), path=log_path())


def reading(store: Store, fn: Callable[[Session], T]) -> Callable[[], T]:
    """``fn(session)`` in a read session of its own, as a call for the background pool (a view's
    ``LatestRead``, ``run_in_background``, a PDF written off the GUI thread). With :class:`Query`
    and :class:`Write`, the only way the console opens a session."""

    def call() -> T:
        with store.read() as session:
            return fn(session)

    return call


def writing(store: Store, fn: Callable[[Session], T]) -> Callable[[], T]:
    """``fn(session)`` in one write transaction, committed when it returns, as a call for the
    background pool: for the few writes that are not a user's action on a screen (the login's
    check, releasing a killed poller's lock). A screen's write is a :class:`Write`."""

    def call() -> T:
        with store.write() as session:
            return fn(session)

    return call


class _Op(Generic[T]):
    def __init__(self, parent: QWidget | None, store: Store, fn: Callable[[Session], T], *,
                 button: QAbstractButton | None = None) -> None:
        self._parent, self._store, self._fn, self._button = parent, store, fn, button
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[BaseException], Any] | None = None

    def success(self, callback: Callable[[T], Any]) -> _Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> _Op[T]:
        """Instead of the default (a message box over ``parent``); the bug is logged all the same."""
        self._on_failure = callback
        return self

    def run(self) -> None:
        if self._button is not None:
            self._button.setEnabled(False)
            self._button.setProperty("busy", True)
        run_in_background(self._call, self._done, self._failed)

    def _call(self) -> Any:
        raise NotImplementedError

    def _release(self) -> None:
        button = self._button
        if button is not None and shiboken6.isValid(button):
            button.setProperty("busy", False)
            button.setEnabled(True)

    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _done(self, result: Any) -> None:
        self._release()
        if self._alive() and self._on_success is not None:
            self._on_success(result)

    def _failed(self, exc: BaseException) -> None:
        self._release()
        text = failure_text(exc)  # a bug is logged here, whoever says it
        if not self._alive():
            return
        if self._on_failure is not None:
            self._on_failure(exc)
        else:
            dialogs.show_error(self._parent, text)


class Query(_Op[T]):
    """A read off the GUI thread: ``fn(session)`` in a read session; it must return plain records."""

    def _call(self) -> T:
        return reading(self._store, self._fn)()


class Write(_Op[T]):
    """A write off the GUI thread: ``fn(session)`` in one transaction, committed when it returns;
    the kinds of record it changed are then told to the live feed (``feed``)."""

    def __init__(self, parent: QWidget | None, store: Store, fn: Callable[[Session], T], *,
                 button: QAbstractButton | None = None, feed=None) -> None:
        super().__init__(parent, store, fn, button=button)
        self._feed = feed

    def _call(self) -> tuple[T, frozenset[str]]:
        with self._store.write() as session:
            result = self._fn(session)
        return result, frozenset(session.info.get(COMMITTED, ()))

    def _done(self, outcome: Any) -> None:
        result, kinds = outcome
        if self._feed is not None and shiboken6.isValid(self._feed) and kinds:
            self._feed.records_changed(kinds)
        super()._done(result)
