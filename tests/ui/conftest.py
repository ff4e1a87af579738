"""qtbot fixtures for the console's widgets (the Qt-free ones are in tests/conftest.py).

The application is set up once (Chinese, font, style sheet); each test gets the
demo database copy, a fixed clock, and a recorder in place of message boxes and
file choosers, so that no test waits on a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtWidgets import QApplication

from opsdesk.ui import dialogs, poller_control
from opsdesk.ui.app import install_language, setup_app
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import stop_feeds
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.worker import wait_for_tasks


@pytest.fixture(scope="session")
def console_app(qapp: QApplication) -> QApplication:
    return setup_app(qapp, "zh")


@pytest.fixture(autouse=True)
def _no_poller_autostart(monkeypatch):
    """No UI test ever spawns a real poller; tests/ui/test_poller_control.py injects a harmless command."""
    monkeypatch.setattr(poller_control, "AUTO_START", False)


@pytest.fixture(autouse=True)
def _chinese_console(console_app, isolated_home):
    """Chinese for every test (a test may switch); no background task outlives a test."""
    install_language(console_app, "zh")
    yield console_app
    stop_feeds()  # no live feed reads a store the next test has closed
    wait_for_tasks(10_000)
    install_language(console_app, "zh")


@dataclass
class DialogRecorder:
    """Stands in for message boxes and file choosers (opsdesk.ui.dialogs)."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    environment: list[str] = field(default_factory=list)  # the box of a full or read-only disk, a lock
    questions: list[str] = field(default_factory=list)
    answer_yes: bool = True
    save_path: Path | None = None
    open_path: Path | None = None


@pytest.fixture
def recorder(monkeypatch) -> DialogRecorder:
    rec = DialogRecorder()

    def confirm(parent, text, on_yes, title=None):
        rec.questions.append(text)
        if rec.answer_yes:
            on_yes()

    monkeypatch.setattr(dialogs, "show_error", lambda parent, text, title=None: rec.errors.append(text))
    monkeypatch.setattr(dialogs, "show_environment_problem", lambda found: rec.environment.append(str(found)))
    monkeypatch.setattr(dialogs, "show_info", lambda parent, text, title=None: rec.infos.append(text))
    monkeypatch.setattr(dialogs, "show_done", lambda parent, text: rec.infos.append(text))
    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *a: str(rec.save_path) if rec.save_path else "")
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *a: str(rec.open_path) if rec.open_path else "")
    return rec


@pytest.fixture
def make_ctx(demo_store, demo_users, fixed_clock):
    """ConsoleContext for a demo user by role: "duty", "supervisor" or "admin"."""

    def make(role: str) -> ConsoleContext:
        return ConsoleContext(demo_store, demo_users[role].as_actor(), demo=True)

    return make


@pytest.fixture
def main_window(qtbot, make_ctx):
    """Factory: a shown main window for a role, without the background backup."""

    def make(role: str) -> MainWindow:
        window = MainWindow(make_ctx(role), auto_backup=False)
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "asks_before_closing", False))
        window.show()
        qtbot.waitExposed(window)
        wait_for_feed(qtbot, window.ctx.store)
        return window

    return make


def wait_for_feed(qtbot, store) -> None:
    """Until the console's live feed has read the store (and its screens have drawn on it)."""
    from PySide6.QtCore import QThreadPool

    from opsdesk.ui.live_feed import live_feed

    feed = live_feed(store)
    qtbot.waitUntil(lambda: feed.snapshot is not None and not feed._read.reading
                    and QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)


@pytest.fixture
def alarm_store(demo_store, fixed_clock):
    """The demo with a few monitored devices and their alarms (see monitoring_data.py)."""
    from tests.ui.monitoring_data import feed_scenario

    return off_gui(feed_scenario, demo_store)  # beside the screens: the guard may be on


class GuiThreadSession(AssertionError):
    """A screen opened a database session on the GUI thread (issue 15)."""


@pytest.fixture(autouse=True)
def gui_thread_guard(console_app, monkeypatch):
    """For every UI test: opening a session on the GUI thread raises. The screens go through the
    operation runner and the live feed; a test prepares and checks the database beside them
    (read_off_gui, write_off_gui, off_gui)."""
    from PySide6.QtCore import QThread

    from opsdesk.store import Store

    def guard() -> None:
        if QThread.currentThread() is console_app.thread():
            raise GuiThreadSession("a database session was opened on the GUI thread")

    monkeypatch.setattr(Store, "session_guard", guard)
    yield guard


@pytest.fixture
def quick_feed(monkeypatch):
    """The live feed reads every 20 ms instead of every 2 s (tests of what another console, the
    CLI or the poller changed reaching a screen)."""
    from opsdesk.ui import live_feed

    monkeypatch.setattr(live_feed, "FEED_MS", 20)


# -- reading and waiting beside the screens (issue 15) ------------------------------------------
T = TypeVar("T")


def off_gui(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args)`` in a thread of its own, its result (or its error) here: a test prepares or
    checks the database beside the screens, as another console or the CLI would, and the
    guard (which refuses a session on the GUI thread) lets it."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def read_off_gui(store, fn: Callable[[Any], T]) -> T:
    """``fn(session)`` in a read session, off the GUI thread (see :func:`off_gui`)."""

    def read() -> T:
        with store.read() as session:
            return fn(session)

    return off_gui(read)


def write_off_gui(store, fn: Callable[[Any], T]) -> T:
    """``fn(session)`` in one write transaction, off the GUI thread (see :func:`off_gui`)."""

    def write() -> T:
        with store.write() as session:
            return fn(session)

    return off_gui(write)


def settle(qtbot, timeout: int = 10_000) -> None:
    """Wait until every operation the screens started — and what its answer started in turn
    (a write, then the read that redraws) — is done and shown."""
    from opsdesk.ui import worker

    qtbot.waitUntil(lambda: worker._dispatcher is None or not worker._dispatcher.pending, timeout=timeout)


@pytest.fixture
def demo_users(demo_store) -> dict:
    """The demo's users by role value (read off the GUI thread: the guard may be on)."""
    from sqlalchemy import select

    from opsdesk.models.users import User
    from tests.conftest import DEMO_USERS

    found = read_off_gui(demo_store, lambda s: {u.username: u for u in s.scalars(select(User))})
    return {du.role.value: found[du.username] for du in reversed(DEMO_USERS)}
