"""Shared fixtures. Qt-free ones here; qtbot ones live in tests/ui/.

A template database is migrated once per session (and one with the demo loaded);
each test gets its own copy, made with SQLite's backup API.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from opsdesk import clock, i18n
from opsdesk.clock import FixedClock
from opsdesk.demo.seed import DEMO_USERS, load_demo
from opsdesk.models.users import User
from opsdesk.store import Store
from opsdesk.vault import Vault

# 2026-11-22 10:00 in Shanghai.
NOW = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


# -- stress mode: ./run test --stress [N] ----------------------------------------------------------
# The wall and environment tests repeated in the same process after the rest of the suite: what
# earlier tests leave behind (widgets, timers, threads, garbage) must never crash a later widget
# (a segmentation fault was seen in WallWindow.__init__ at ~97 % of a full run). Every run repeats
# them once; --stress alone ten times.
STRESS_MODULES = ("tests/ui/test_wall_mode.py", "tests/ui/test_environment.py")
STRESS_DEFAULT, STRESS_ASKED = 1, 10


def pytest_addoption(parser):
    parser.addoption("--stress", type=int, nargs="?", default=STRESS_DEFAULT, const=STRESS_ASKED, metavar="N",
                     help=f"repeat the wall and environment UI tests N more times after the whole suite "
                          f"(default {STRESS_DEFAULT}; --stress alone: {STRESS_ASKED})")


def _stressed(node_path: Path, rootdir: Path) -> bool:
    try:
        return node_path.relative_to(rootdir).as_posix() in STRESS_MODULES
    except ValueError:
        return False


def pytest_generate_tests(metafunc):
    rounds = metafunc.config.getoption("--stress")
    if rounds and _stressed(Path(metafunc.definition.fspath), Path(metafunc.config.rootpath)):
        metafunc.fixturenames.append("stress_round")
        metafunc.parametrize("stress_round", range(rounds + 1), ids=lambda n: f"round{n}")


def pytest_collection_modifyitems(config, items):
    """Round 0 runs in its usual place; the repeats run last, round by round."""
    if not config.getoption("--stress"):
        return
    def round_of(item) -> int:
        spec = getattr(item, "callspec", None)
        return spec.params.get("stress_round", 0) if spec is not None else 0
    repeats = sorted((i for i in items if round_of(i) > 0), key=round_of)
    items[:] = [i for i in items if round_of(i) == 0] + repeats


def copy_db(src: Path, dst: Path) -> None:
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    with b:
        a.backup(b)
    a.close()
    b.close()


@pytest.fixture(scope="session")
def _session_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("session-home")


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    Store(str(path)).close()
    return path


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory) -> Path:
    """The demo, loaded once; its SNMP communities are encrypted with a key file kept
    beside it (``demo.key``), which each test's data directory gets a copy of."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    previous = clock.set_clock(FixedClock(NOW))
    try:
        store = Store(str(path))
        load_demo(store, vault=Vault(path.with_name("demo.key")))
        store.close()
    finally:
        clock.set_clock(previous)
    return path


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch) -> Path:
    """Every test has its own data directory and key file; Chinese by default."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("OPSDESK_HOME", str(home))
    monkeypatch.delenv("OPSDESK_DB", raising=False)
    monkeypatch.delenv("OPSDESK_KEY_FILE", raising=False)
    monkeypatch.delenv("OPSDESK_USER", raising=False)
    monkeypatch.delenv("OPSDESK_PASSWORD", raising=False)
    monkeypatch.delenv("OPSDESK_BUSY_TIMEOUT_MS", raising=False)
    # No test makes the system group opsdesk by running init as root, except the tests of it.
    monkeypatch.setenv("OPSDESK_GROUP", "")
    i18n.set_language("zh")
    umask = os.umask(0o022)  # cli.main() sets the process umask (0007): each test starts from the same
    os.umask(umask)
    yield home
    os.umask(umask)


@pytest.fixture
def fixed_clock():
    fixed = FixedClock(NOW)
    previous = clock.set_clock(fixed)
    yield fixed
    clock.set_clock(previous)


@pytest.fixture
def store(tmp_path, template_db, isolated_home) -> Store:
    """A site database as ``opsdesk init`` leaves it: with its key file in the data directory."""
    from opsdesk.store import bind_key
    from opsdesk.vault import Vault

    path = tmp_path / "opsdesk.sqlite3"
    copy_db(template_db, path)
    s = Store(str(path))

    def bind() -> None:
        with s.write() as session:
            bind_key(session, Vault(create=True))

    with ThreadPoolExecutor(1) as pool:  # off the GUI thread: a console test's guard may be on
        pool.submit(bind).result()
    yield s
    s.close()


@pytest.fixture
def demo_db_path(tmp_path, demo_template_db, isolated_home) -> Path:
    path = tmp_path / "demo.sqlite3"
    copy_db(demo_template_db, path)
    shutil.copy(demo_template_db.with_name("demo.key"), isolated_home / "secret.key")
    return path


@pytest.fixture
def demo_store(demo_db_path) -> Store:
    s = Store(str(demo_db_path))
    yield s
    s.close()


@pytest.fixture
def demo_users(demo_store) -> dict[str, User]:
    """The demo's users by role value: duty, supervisor, admin."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import select

    def read() -> dict[str, User]:
        with demo_store.read() as session:
            return {u.username: u for u in session.scalars(select(User))}

    with ThreadPoolExecutor(1) as pool:  # not on the GUI thread: a UI test's gui_thread_guard may be on already
        found = pool.submit(read).result()
    return {du.role.value: found[du.username] for du in reversed(DEMO_USERS)}


DEMO_PASSWORDS = {du.username: du.password for du in DEMO_USERS}


def clear_demo_history(store: Store) -> None:
    """Take the demo's back-filled history (opsdesk.demo.history: the ACs' series, a month
    of readings, a year of roll-ups, two cleared alarms) out again, for tests of the monitor and
    the trends that start from a room nobody has polled yet."""
    from opsdesk.models.monitoring import Alarm, MetricSeries, RawReading, Rollup1h, Rollup5m

    with store.write() as session:
        for model in (RawReading, Rollup5m, Rollup1h, Alarm, MetricSeries):
            session.query(model).delete()
