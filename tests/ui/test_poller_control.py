"""The console and its poller: the status-bar line read from the lock, and the
control that starts a child when no live poller exists and stops it at exit.

No test here runs the real poller: a harmless Python command stands in for it."""

from __future__ import annotations

import datetime as dt
import os
import sys
import uuid
from pathlib import Path

import pytest

from opsdesk.models.monitoring import PollerLock
from opsdesk.ui import poller_control
from opsdesk.ui.app import Console, run_console
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.poller_control import PollerControl, child_holder, poller_command
from tests.ui.conftest import read_off_gui, wait_for_feed, write_off_gui
from tests.ui.monitoring_data import NOW

pytestmark = pytest.mark.usefixtures("gui_thread_guard")
needs_proc = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="looks for processes in /proc")


def stand_in(marker: str, ignore_term: bool = False) -> list[str]:
    """A child that says it is up and then waits; ``marker`` lets the test find it."""
    code = ("import signal, sys, time\n"
            + ("signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" if ignore_term else "")
            + "print('stand-in up', flush=True)\n"
            + "time.sleep(120)\n")
    return [sys.executable, "-c", code, marker]


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def put_lock(store, heartbeat_ago: dt.timedelta, **fields) -> None:
    write_off_gui(store, lambda s: s.add(PollerLock(
        name="poller", holder="dutypc-2:4711", started_at=NOW - dt.timedelta(hours=1),
        heartbeat_at=NOW - heartbeat_ago, **fields)))


# -- the status-bar line -------------------------------------------------------------------
def test_status_line_says_not_running_without_a_lock(main_window):
    window = main_window("duty")
    label = window.poller_label
    assert label.text() == "轮询进程未运行"
    assert label.state == "down" and label.isVisible()


def test_status_line_shows_the_last_cycle_of_a_live_poller(main_window, demo_store):
    put_lock(demo_store, dt.timedelta(seconds=10), cycle_seconds=1.234, answering=118, silent=1,
             last_cycle_at=NOW - dt.timedelta(seconds=48))
    window = main_window("duty")
    # Every device counted from its own state (the demo's store has none polled yet), not the heartbeat's.
    # 135: seed 002's 125 units with addresses and the demo room's 10 动环 points (opsdesk/demo/facilities.py)
    assert window.poller_label.text() == "轮询：上次 09:59:12，耗时 1.2 秒；共 135 台：应答 0 / 无应答 0 / 待轮询 135"
    assert window.poller_label.state == "ok"
    assert "dutypc-2:4711" in window.poller_label.toolTip()


def test_status_line_follows_the_lock(qtbot, quick_feed, main_window, demo_store, fixed_clock):
    window = main_window("duty")
    label = window.poller_label
    put_lock(demo_store, dt.timedelta(seconds=2))
    qtbot.waitUntil(lambda: label.state == "ok", timeout=3000)
    assert label.text().startswith("轮询：09:00:00 启动，首轮进行中；共 135 台")
    # 3 cycles without a heartbeat (the demo polls every 60 s): gone
    gone = read_off_gui(demo_store, lambda session: poller_control.stale_after(session).total_seconds() + 1)
    fixed_clock.advance(seconds=gone)
    qtbot.waitUntil(lambda: label.state == "down", timeout=3000)
    assert label.text() == "轮询进程未运行"
    assert "dutypc-2:4711" in label.toolTip()


# -- starting and stopping ------------------------------------------------------------------
def test_the_real_command_runs_the_poller_sub_command(demo_store):
    from opsdesk.monitor import lock

    assert child_holder(os.getpid()) == lock.holder_id()  # the same holder format as the poller's
    command = poller_command(demo_store)
    assert command[:4] == [sys.executable, "-m", "opsdesk", "poller"]
    assert command[command.index("--db") + 1] == demo_store.url
    assert "--parent-pid" not in command  # it goes on monitoring when the console closes


def test_ui_tests_never_start_a_poller(demo_store):
    assert poller_control.AUTO_START is False  # tests/ui/conftest.py
    assert Console(demo_store, auto_backup=False).poller is None


def test_starts_a_child_when_no_poller_lives_and_stops_it(qtbot, demo_store, tmp_path, fixed_clock):
    log = tmp_path / "poller.log"
    control = PollerControl(demo_store, stand_in(uuid.uuid4().hex), log_file=log)
    wait_for_feed(qtbot, demo_store)  # it decides by the live feed's read of the lock
    with qtbot.waitSignal(control.sig_poller_started, timeout=10_000) as started:
        assert control.ensure_running()
    pid = started.args[0]
    assert pid == control.pid() and alive(pid)
    assert not control.ensure_running()  # one child is enough
    qtbot.waitUntil(lambda: "stand-in up" in log.read_text(), timeout=10_000)  # its output goes to the log
    with qtbot.waitSignal(control.sig_poller_finished, timeout=10_000):
        control.stop()
    assert not control.is_running() and not alive(pid)


def test_a_child_that_ignores_sigterm_is_killed_and_its_lock_released(qtbot, demo_store, tmp_path, fixed_clock):
    log = tmp_path / "poller.log"
    control = PollerControl(demo_store, stand_in(uuid.uuid4().hex, ignore_term=True), log_file=log)
    with qtbot.waitSignal(control.sig_poller_started, timeout=10_000) as started:
        control.start()
    pid = started.args[0]
    qtbot.waitUntil(lambda: log.exists() and "stand-in up" in log.read_text(), timeout=10_000)
    # as the real poller would hold it, mid-cycle
    write_off_gui(demo_store, lambda s: s.add(PollerLock(name="poller", holder=child_holder(pid), started_at=NOW,
                                                         heartbeat_at=NOW)))
    control.stop(wait_ms=200)
    assert not alive(pid)
    # released off the GUI thread: the next console need not wait 90 s
    qtbot.waitUntil(lambda: read_off_gui(demo_store, lambda s: s.get(PollerLock, "poller") is None), timeout=5000)


def test_a_live_poller_elsewhere_is_only_read(qtbot, demo_store, tmp_path, fixed_clock):
    put_lock(demo_store, dt.timedelta(seconds=20))
    control = PollerControl(demo_store, stand_in(uuid.uuid4().hex), log_file=tmp_path / "poller.log")
    wait_for_feed(qtbot, demo_store)
    assert control.live_poller_elsewhere()
    assert not control.ensure_running() and not control.is_running()
    assert not (tmp_path / "poller.log").exists()


def test_a_stale_lock_is_taken_over(qtbot, demo_store, tmp_path, fixed_clock):
    put_lock(demo_store, dt.timedelta(minutes=10))  # its poller died without releasing
    control = PollerControl(demo_store, stand_in(uuid.uuid4().hex), log_file=tmp_path / "poller.log")
    wait_for_feed(qtbot, demo_store)
    with qtbot.waitSignal(control.sig_poller_started, timeout=10_000):
        assert control.ensure_running()
    control.stop()
    assert not control.is_running()


def test_a_failing_child_is_not_restarted_in_a_loop(qtbot, demo_store, tmp_path, fixed_clock):
    control = PollerControl(demo_store, [sys.executable, "-c", "raise SystemExit(3)"], log_file=tmp_path / "p.log")
    wait_for_feed(qtbot, demo_store)
    with qtbot.waitSignal(control.sig_poller_finished, timeout=10_000) as finished:
        control.ensure_running()
    assert finished.args == [3]
    assert not control.ensure_running()  # within a minute of the last start
    fixed_clock.advance(seconds=61)
    with qtbot.waitSignal(control.sig_poller_finished, timeout=10_000):
        assert control.ensure_running()
    control.stop()


@needs_proc
def test_console_starts_its_poller_after_login_and_it_outlives_the_console(demo_store, fixed_clock, monkeypatch):
    monkeypatch.setattr(poller_control, "AUTO_START", True)
    marker = uuid.uuid4().hex
    code = run_console(demo_store, auto_login="zhangwei", quit_after=0.5, poller_command=stand_in(marker))
    assert code == 0
    assert poller_control.log_path().exists()  # the child was started, writing to the data directory's log
    running = processes_with(marker)
    try:
        assert len(running) == 1  # monitoring goes on after the console closed
        assert os.getsid(running[0]) == running[0]  # in a session of its own: a terminal's Ctrl+C spares it
    finally:
        for pid in running:
            os.kill(pid, 15)


@needs_proc
def test_screenshot_run_starts_no_poller(demo_store, fixed_clock, monkeypatch, tmp_path):
    monkeypatch.setattr(poller_control, "AUTO_START", True)
    marker = uuid.uuid4().hex
    code = run_console(demo_store, screenshot=tmp_path / "shot.png", auto_login="zhangwei", quit_after=0.2,
                       poller_command=stand_in(marker))
    assert code == 0 and (tmp_path / "shot.png").exists()
    assert not poller_control.log_path().exists()
    assert processes_with(marker) == []


def test_a_poller_that_stops_by_itself_is_said_with_its_last_words(qtbot, make_ctx, demo_store, tmp_path):
    """Issue 14: a poller refused to start (a missing key file) and the console stayed calm."""
    said = "找不到密钥文件 /srv/opsdesk/secret.key：设备的 SNMP 团体字和密钥无法解密，所有设备都无法轮询。"
    command = [sys.executable, "-c", f"import sys; print({said!r}, file=sys.stderr); sys.exit(3)"]
    control = PollerControl(demo_store, command, log_file=tmp_path / "poller.log")
    window = MainWindow(make_ctx("duty"), auto_backup=False, poller=control)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "asks_before_closing", False))
    window.show()
    with qtbot.waitSignal(control.sig_poller_finished, timeout=15_000) as finished:
        assert control.start()
    assert finished.args == [3]
    problem = window.notifier.last_problem
    assert problem.startswith("监控已停止：轮询进程已退出（退出码 3）") and problem.endswith(said)
    assert window.statusBar().currentMessage() == problem
