"""The operation runner and the live feed (issue 15): a write runs off the GUI thread with its
button busy, its changes reach every screen through the feed; a user's error is said in its own
words, a bug is logged with its traceback; another console's write reaches this one's feed."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import select

from opsdesk.models.users import User
from opsdesk.ops.errors import ValidationError
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store
from opsdesk.ui.live_feed import LiveFeed
from opsdesk.ui.operations import Query, Write
from tests.ui.conftest import write_off_gui


def _admin(session) -> User:
    return session.scalars(select(User).where(User.username == "admin")).one()


def test_a_write_runs_off_the_gui_thread_and_tells_the_feed(qtbot, demo_store):
    parent = QWidget()
    qtbot.addWidget(parent)
    button = QPushButton("保存", parent)
    feed = LiveFeed(demo_store)
    threads, kinds, results = [], [], []
    feed.sig_records_changed.connect(kinds.append)

    def save(session):
        threads.append(QThread.currentThread())
        set_setting(session, _admin(session), "env.temp_high", 27.5)
        return "已保存"

    Write(parent, demo_store, save, button=button, feed=feed).success(results.append).run()
    assert not button.isEnabled() and button.property("busy")
    qtbot.waitUntil(lambda: results == ["已保存"], timeout=10_000)
    assert threads and threads[0] is not parent.thread()
    assert button.isEnabled() and not button.property("busy")
    assert {"setting", "audit_entry"} <= set(kinds)


def test_a_users_error_is_said_and_a_bug_is_logged(qtbot, demo_store, recorder, caplog):
    parent = QWidget()
    qtbot.addWidget(parent)

    def wrong(session):
        raise ValidationError("value", "温度上限必须高于下限。")

    Write(parent, demo_store, wrong).run()
    qtbot.waitUntil(lambda: len(recorder.errors) == 1, timeout=10_000)
    assert recorder.errors[0] == "温度上限必须高于下限。"

    def bug(session):
        return {}["missing"]

    with caplog.at_level(logging.ERROR, logger="opsdesk.ui"):
        Query(parent, demo_store, bug).run()
        qtbot.waitUntil(lambda: len(recorder.errors) == 2, timeout=10_000)
    assert "意外错误" in recorder.errors[1] and "console.log" in recorder.errors[1]
    record = next(r for r in caplog.records if r.name == "opsdesk.ui")
    assert record.exc_info and record.exc_info[0] is KeyError  # the traceback is in the log


def test_another_consoles_write_reaches_this_feed(qtbot, demo_store):
    feed = LiveFeed(demo_store)
    with qtbot.waitSignal(feed.sig_snapshot_read, timeout=10_000):
        feed.poke()
    other = Store(demo_store.url)  # another console, the CLI
    write_off_gui(other, lambda session: set_setting(session, _admin(session), "env.temp_high", 26.5))
    other.close()
    with qtbot.waitSignal(feed.sig_records_changed, timeout=10_000,
                          check_params_cb=lambda kind: kind == "setting"):
        feed.poke()


def test_a_local_write_is_told_once(qtbot, demo_store):
    parent = QWidget()
    qtbot.addWidget(parent)
    feed = LiveFeed(demo_store)
    with qtbot.waitSignal(feed.sig_snapshot_read, timeout=10_000):
        feed.poke()
    kinds: list[str] = []
    feed.sig_records_changed.connect(kinds.append)
    done = []
    Write(parent, demo_store, lambda s: set_setting(s, _admin(s), "env.temp_high", 26.0),
          feed=feed).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    with qtbot.waitSignal(feed.sig_snapshot_read, timeout=10_000):
        feed.poke()
    assert kinds.count("setting") == 1


def test_the_guard_refuses_a_session_on_the_gui_thread(qtbot, demo_store, gui_thread_guard):
    from tests.ui.conftest import GuiThreadSession

    with pytest.raises(GuiThreadSession):
        with demo_store.read():
            pass
    parent = QWidget()
    qtbot.addWidget(parent)
    got = []
    Query(parent, demo_store, lambda s: s.scalars(select(User.username)).all()).success(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=10_000)
    assert "admin" in got[0]


def test_no_screen_opens_a_session_of_its_own():
    """Every read and write of the console goes through the runner (Query, Write, reading,
    writing in opsdesk/ui/operations.py): no other console module opens a store's session."""
    import ast
    from pathlib import Path

    import opsdesk.ui

    ui = Path(opsdesk.ui.__file__).parent
    opened = []
    for path in sorted(ui.rglob("*.py")):
        if path.name == "operations.py" and path.parent == ui:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("read", "write", "session")
                    and isinstance(node.func.value, (ast.Name, ast.Attribute))
                    and (getattr(node.func.value, "id", "") or getattr(node.func.value, "attr", "")).endswith("store")):
                opened.append(f"{path.relative_to(ui)}:{node.lineno}")
    assert opened == []
