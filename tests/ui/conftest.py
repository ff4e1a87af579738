"""qtbot fixtures for the console's widgets (the Qt-free ones are in tests/conftest.py).

The application is set up once (Chinese, font, style sheet); each test gets the
demo database copy, a fixed clock, and a recorder in place of message boxes and
file choosers, so that no test waits on a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from opsdesk.ui import dialogs, poller_control
from opsdesk.ui.app import install_language, setup_app
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.live_feed import stop_feeds
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
        return ConsoleContext(demo_store, demo_users[role], demo=True)

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
    from opsdesk.ui.live_feed import live_feed

    from PySide6.QtCore import QThreadPool

    feed = live_feed(store)
    qtbot.waitUntil(lambda: feed.snapshot is not None and not feed._read.reading
                    and QThreadPool.globalInstance().activeThreadCount() == 0, timeout=10_000)


@pytest.fixture
def alarm_store(demo_store, fixed_clock):
    """The demo with a few monitored devices and their alarms (see monitoring_data.py)."""
    from tests.ui.monitoring_data import feed_scenario

    return feed_scenario(demo_store)


class GuiThreadSession(AssertionError):
    """A screen opened a database session on the GUI thread (issue 15)."""


@pytest.fixture
def gui_thread_guard(console_app, monkeypatch):
    """Opening a session on the GUI thread raises: the screens under test go through the
    operation runner and the live feed. (Made autouse once every screen does.)"""
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


def read_off_gui(store, fn):
    """``fn(session)`` in a read session on another thread, for a test that checks the
    database while ``gui_thread_guard`` is on (the guard refuses the test's own session on
    the GUI thread too). Return plain values, not ORM instances."""
    from concurrent.futures import ThreadPoolExecutor

    def read():
        with store.read() as session:
            return fn(session)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(read).result()


def write_off_gui(store, fn):
    """``fn(session)`` in a write transaction on another thread: what another console or the
    CLI does meanwhile, in a test with ``gui_thread_guard`` on."""
    from concurrent.futures import ThreadPoolExecutor

    def write():
        with store.write() as session:
            return fn(session)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(write).result()
