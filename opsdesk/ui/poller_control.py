"""The console keeps a poller running: after login it looks at the poller lock in
the store and, when no live poller holds it (another console's, or a service's),
starts ``opsdesk poller`` as a process of its own session. Monitoring outlives the
window: closing the console leaves that poller running (the quit dialog says so),
and the next console finds it by its lock and only reads it. While the console runs
it looks again now and then, so it takes over when the other poller goes away.

Only a supervisor or an administrator stops monitoring from the console
(:meth:`PollerControl.stop_monitoring`, audited); the console then starts no poller
again until it is restarted. The poller writes to ``poller.log`` in the data
directory and stops on SIGTERM. For monitoring that survives a reboot, install it as
a service (``opsdesk service install``).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from opsdesk import paths
from opsdesk.clock import now
from opsdesk.monitor import lock
from opsdesk.monitor.live import LiveSnapshot
from opsdesk.monitor.lock import stale_after as stale_after  # re-exported: the one rule, the status bar's too
from opsdesk.ops.errors import OpError
from opsdesk.store import Store
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import writing
from opsdesk.ui.worker import run_in_background

# Tests set this to False (tests/ui/conftest.py) so no UI test ever spawns a poller.
AUTO_START = True
# After SIGTERM. The poller only looks at its stop flag between cycles, so one stopped
# mid-cycle is killed after this; SQLite (WAL) rolls back a half-done write on next open.
STOP_WAIT_MS = 3000
KILL_WAIT_MS = 2000
RESTART_AFTER = dt.timedelta(seconds=60)  # a child that keeps failing is not restarted in a loop


REAP_MS = 500  # how often a started poller is looked at (its exit code, while this console runs)


def poller_command(store: Store) -> list[str]:
    """The poller, not tied to this console (no ``--parent-pid``): it goes on when the console closes."""
    return [sys.executable, "-m", "opsdesk", "poller", "--db", store.url]


def log_path() -> Path:
    return paths.data_dir() / "poller.log"


def poller_log_tail(path: Path, limit: int = 4096) -> str:
    """The last line the poller wrote to its log that is not a log record's header noise
    ("" when there is none): what it said when it stopped."""
    try:
        with open(path, "rb") as log:
            log.seek(0, 2)
            size = log.tell()
            log.seek(max(0, size - limit))
            lines = log.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    lines = [line.strip() for line in lines if line.strip()]
    return lines[-1] if lines else ""


def child_holder(pid: int) -> str:
    """The lock holder our child writes."""
    return lock.holder_for(pid)


def live_lock_holder(store: Store) -> str | None:
    """The holder (``host:pid``) of a live poller lock as the console's live feed last read it
    (no session here: the GUI thread asks); None when no poller is alive or nothing is read yet."""
    snapshot = live_feed(store).snapshot
    if snapshot is None or not snapshot.poller.alive:
        return None
    return snapshot.poller.holder or None


def release_lock(session, pid: int) -> None:
    """A killed poller could not release its lock; we know it is dead, so the next console
    need not wait for the heartbeat to go stale (in a write session, off the GUI thread)."""
    lock.release(session, child_holder(pid))


@dataclass(frozen=True)
class StopPlan:
    """What 停止监控 is to stop, decided on the GUI thread (:meth:`PollerControl.plan_stop`)."""

    holder: str = ""  # "" when no poller lives
    process: subprocess.Popen | None = None  # the poller this console started
    pid: int | None = None  # another poller on this computer (its lock's pid)


def terminate(process: subprocess.Popen, wait_ms: int = STOP_WAIT_MS) -> bool:
    """SIGTERM, SIGKILL after ``wait_ms``; blocks at most ``wait_ms`` + ``KILL_WAIT_MS``. True if
    it had to be killed (then its lock is left behind). Qt-free: any thread."""
    if process.poll() is not None:
        return False
    process.terminate()
    try:
        process.wait(wait_ms / 1000)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(KILL_WAIT_MS / 1000)
        return True
    return False


def carry_out(plan: StopPlan, wait_ms: int = STOP_WAIT_MS) -> int | None:
    """Stop what ``plan`` says (blocking: run it off the GUI thread); the pid whose lock is left
    to release, or None. Raises :class:`OpError` for a poller of another user."""
    if plan.process is not None:
        return plan.process.pid if terminate(plan.process, wait_ms) else None
    pid = plan.pid
    if pid is None:
        return None
    if process_alive(pid):
        try:
            os.kill(pid, signal.SIGTERM)
        except PermissionError:
            raise OpError(QCoreApplication.translate(
                "PollerControl", "The poller ({holder}) runs as another user (a service?); stop it with "
                "systemctl stop opsdesk-poller.").format(holder=plan.holder)) from None
        deadline = time.monotonic() + (wait_ms + KILL_WAIT_MS) / 1000
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)
    return pid


def local_pid(holder: str) -> int | None:
    """The process id of a lock holder on this computer (``host:pid``); None for another host's."""
    host, _, pid = holder.rpartition(":")
    return int(pid) if host == socket.gethostname() and pid.isdigit() else None


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's (a service's user): alive
    return True


class PollerControl(QObject):
    """Starts this console's poller when none lives, and reads the lock to decide."""

    sig_poller_started = Signal(int)
    """Process id of the poller that was started."""
    sig_poller_finished = Signal(int)
    """Exit code of the poller this console started (also after a crash or a kill)."""

    def __init__(self, store: Store, command: Sequence[str] | None = None, log_file: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._command = list(command) if command is not None else poller_command(store)
        self._log_file = log_file
        self._process: subprocess.Popen | None = None
        self._last_start: dt.datetime | None = None
        self.stopped_by: str = ""  # who stopped monitoring from this console ("" while it may start one)
        self._watching = False  # after login: start a poller when the live feed sees none alive
        self._reaper = QTimer(self)
        self._reaper.setInterval(REAP_MS)
        self._reaper.timeout.connect(self._on_reap_due)
        live_feed(store)  # reading from now on: whether a poller lives is known from its snapshot

    # -- what the console asks ------------------------------------------------------------
    def is_running(self) -> bool:
        """The poller this console started is still running."""
        return self._running_process() is not None

    def _running_process(self) -> subprocess.Popen | None:
        """The poller this console started, while it runs."""
        process = self._process
        return process if process is not None and process.poll() is None else None

    def pid(self) -> int | None:
        process = self._running_process()
        return process.pid if process is not None else None

    @property
    def log_file(self) -> Path:
        return self._log_file or log_path()

    def live_poller_elsewhere(self) -> bool:
        """A live lock (as the live feed last read it) that is not held by the poller this console started."""
        return live_lock_holder(self._store) is not None and not self.is_running()

    def live_holder(self) -> str | None:
        """The holder (``host:pid``) of a live lock, whoever started it (from the live feed's last
        read); None when no poller lives."""
        holder = live_lock_holder(self._store)
        if holder is not None:
            return holder
        process = self._running_process()
        return child_holder(process.pid) if process is not None else None

    def ensure_running(self) -> bool:
        """Start a poller unless one is alive (by the live feed's last read); True if one was
        started now. Before the feed's first read nothing is known: its read decides (:meth:`watch`)."""
        if self.is_running() or self.stopped_by:
            return False
        if live_feed(self._store).snapshot is None or self.live_poller_elsewhere():
            return False
        if self._last_start is not None and now() - self._last_start < RESTART_AFTER:
            return False
        return self.start()

    def watch(self) -> None:
        """Check now, and on every read of the console's live feed from here on (after login)."""
        self.ensure_running()
        if not self.stopped_by and not self._watching:
            self._watching = True
            live_feed(self._store).sig_snapshot_read.connect(self._on_snapshot_read)

    def _unwatch(self) -> None:
        if self._watching:
            self._watching = False
            try:
                live_feed(self._store).sig_snapshot_read.disconnect(self._on_snapshot_read)
            except (RuntimeError, TypeError):  # already disconnected
                pass

    def start(self) -> bool:
        """Start the poller in a session of its own, so that it outlives this console (and
        a terminal's Ctrl+C); its output goes to the log."""
        if self.is_running():
            return False
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self._last_start = now()
        try:
            with open(self.log_file, "ab") as log:
                self._process = subprocess.Popen(  # noqa: S603 - our own poller's argv (not user input), no shell
                    self._command, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True, close_fds=True)
        except OSError as exc:
            print(f"OpsDesk: the poller could not be started: {' '.join(self._command)}: {exc}", file=sys.stderr)
            self._process = None
            self.sig_poller_finished.emit(-1)
            return False
        self._reaper.start()
        self.sig_poller_started.emit(self._process.pid)
        return True

    def leave_running(self) -> None:
        """The console closes and monitoring goes on: stop looking, keep the poller."""
        self._unwatch()
        self._reaper.stop()

    def stop(self, wait_ms: int = STOP_WAIT_MS) -> None:
        """Stop the poller this console started (SIGTERM, killed if it does not stop);
        blocks at most ``wait_ms`` + ``KILL_WAIT_MS`` (停止监控 goes through :meth:`plan_stop`
        and :func:`carry_out` off the GUI thread instead)."""
        self._unwatch()
        process = self._process
        if process is None:
            return
        if terminate(process, wait_ms):
            self._release_lock_of(process.pid)
        self._on_reap_due()

    def plan_stop(self, who: str) -> StopPlan:
        """停止监控, on the GUI thread: which poller on this computer to stop (from the live feed's
        last read); from now on none is started again. The caller has checked the permission,
        then runs :func:`carry_out` off the GUI thread and audits it. Raises :class:`OpError`
        (a message for the user) for a poller on another computer."""
        holder = self.live_holder()
        self.stopped_by = who
        self._unwatch()
        if holder is None:
            return StopPlan()
        process = self._running_process()
        if process is not None and holder == child_holder(process.pid):
            return StopPlan(holder, process=process)
        pid = local_pid(holder)
        if pid is None:
            self.stopped_by = ""
            self.watch()
            raise OpError(self.tr("The poller runs on another computer ({holder}); stop it there.").format(
                holder=holder))
        return StopPlan(holder, pid=pid)

    def stop_refused(self) -> None:
        """:func:`carry_out` was refused (another user's poller): this console may start one again."""
        self.stopped_by = ""

    def stop_done(self) -> None:
        """After :func:`carry_out`: the child's exit code is collected now."""
        self._on_reap_due()

    def _release_lock_of(self, pid: int) -> None:
        """A killed poller could not release its lock: released off the GUI thread."""
        store = self._store

        release = writing(store, lambda session: release_lock(session, pid))

        def failed(exc: BaseException) -> None:  # the lock goes stale by itself
            print(f"OpsDesk: could not release the poller lock: {exc}", file=sys.stderr)

        run_in_background(release, lambda _none: None, failed)

    # -- handlers -------------------------------------------------------------------------
    def _on_snapshot_read(self, snapshot: LiveSnapshot) -> None:
        """The feed read the lock (off the GUI thread): start one when no poller is alive."""
        self.ensure_running()  # it judges by this very snapshot, which the feed keeps before telling

    def _on_reap_due(self) -> None:
        process = self._process
        if process is None:
            self._reaper.stop()
            return
        code = process.poll()
        if code is not None:
            self._process = None
            self._reaper.stop()
            self.sig_poller_finished.emit(code)
