"""The console keeps a poller running: after login it looks at the poller lock in
the store and, when no live poller holds it (another console's, or a service's),
starts ``opsdesk poller`` as its own child process; it stops that child when the
console exits. While the console runs it looks again now and then, so it takes
over when the other poller goes away.

The child writes to ``poller.log`` in the data directory. It also stops by itself
when its parent console is gone (``--parent-pid``) and on SIGTERM.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QIODevice, QObject, QProcess, QTimer, Signal

from opsdesk import paths
from opsdesk.clock import now
from opsdesk.models import settings
from opsdesk.monitor import lock
from opsdesk.store import Store

# Tests set this to False (tests/ui/conftest.py) so no UI test ever spawns a poller.
AUTO_START = True
CHECK_MS = 15_000  # how often the console looks whether a poller is alive
# After SIGTERM. The poller only looks at its stop flag between cycles, so one stopped
# mid-cycle is killed after this; SQLite (WAL) rolls back a half-done write on next open.
STOP_WAIT_MS = 3000
KILL_WAIT_MS = 2000
RESTART_AFTER = dt.timedelta(seconds=60)  # a child that keeps failing is not restarted in a loop


def poller_command(store: Store) -> list[str]:
    return [sys.executable, "-m", "opsdesk", "poller", "--db", store.url, "--parent-pid", str(os.getpid())]


def stale_after(session) -> dt.timedelta:
    """How old a heartbeat may be before its poller counts as gone (the poller's own rule)."""
    interval = float(settings.get(session, "poller.interval_seconds"))
    return dt.timedelta(seconds=max(3 * interval, 30))


def log_path() -> Path:
    return paths.data_dir() / "poller.log"


def child_holder(pid: int) -> str:
    """The lock holder our child writes."""
    return lock.holder_for(pid)


class PollerControl(QObject):
    """Starts and stops this console's poller child; reads the lock to decide."""

    sig_poller_started = Signal(int)
    """Process id of the poller child that was started."""
    sig_poller_finished = Signal(int)
    """Exit code of the poller child (also after a crash or a kill)."""

    def __init__(self, store: Store, command: Sequence[str] | None = None, log_file: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._command = list(command) if command is not None else poller_command(store)
        self._log_file = log_file
        self._process: QProcess | None = None
        self._last_start: dt.datetime | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self._on_check_due)

    # -- what the console asks ------------------------------------------------------------
    def is_running(self) -> bool:
        return self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning

    def pid(self) -> int | None:
        return int(self._process.processId()) if self.is_running() else None

    @property
    def log_file(self) -> Path:
        return self._log_file or log_path()

    def live_poller_elsewhere(self) -> bool:
        """A live lock that is not held by our own child."""
        with self._store.read() as session:
            current = lock.current(session)
            alive = lock.is_alive(current, now(), stale_after(session))
        return alive and not self.is_running()

    def ensure_running(self) -> bool:
        """Start a poller unless one is alive; True if one was started now."""
        if self.is_running():
            return False
        try:
            if self.live_poller_elsewhere():
                return False
        except Exception as exc:  # noqa: BLE001 - the status line shows the poller missing; try next time
            print(f"OpsDesk: could not read the poller lock: {exc}", file=sys.stderr)
            return False
        if self._last_start is not None and now() - self._last_start < RESTART_AFTER:
            return False
        return self.start()

    def watch(self) -> None:
        """Check now and then from here on (after login)."""
        self.ensure_running()
        self._timer.start()

    def start(self) -> bool:
        if self.is_running():
            return False
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        process = QProcess(self)
        process.setProgram(self._command[0])
        process.setArguments(self._command[1:])
        process.setStandardOutputFile(str(self.log_file), QIODevice.OpenModeFlag.Append)
        process.setStandardErrorFile(str(self.log_file), QIODevice.OpenModeFlag.Append)
        process.started.connect(self._on_process_started)
        process.finished.connect(self._on_process_finished)
        process.errorOccurred.connect(self._on_process_error)
        self._process = process
        self._last_start = now()
        process.start()
        return True

    def stop(self, wait_ms: int = STOP_WAIT_MS) -> None:
        """Ask the child to stop (SIGTERM), kill it if it does not; blocks at most
        ``wait_ms`` + ``KILL_WAIT_MS`` (only at exit)."""
        self._timer.stop()
        process, self._process = self._process, None
        if process is None:
            return
        if process.state() != QProcess.ProcessState.NotRunning:
            pid = int(process.processId())
            process.terminate()
            if not process.waitForFinished(wait_ms):
                process.kill()
                process.waitForFinished(KILL_WAIT_MS)
                self._release_lock_of(pid)
        process.deleteLater()

    def _release_lock_of(self, pid: int) -> None:
        """A killed child could not release its lock; we know it is dead, so the next
        console need not wait for the heartbeat to go stale."""
        try:
            with self._store.write() as session:
                lock.release(session, child_holder(pid))
        except Exception as exc:  # noqa: BLE001 - at exit: the lock goes stale by itself
            print(f"OpsDesk: could not release the poller lock: {exc}", file=sys.stderr)

    # -- handlers -------------------------------------------------------------------------
    def _on_check_due(self) -> None:
        self.ensure_running()

    def _on_process_started(self) -> None:
        process = self.sender()
        if isinstance(process, QProcess):
            self.sig_poller_started.emit(int(process.processId()))

    def _on_process_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        self.sig_poller_finished.emit(exit_code)

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            print(f"OpsDesk: the poller could not be started: {' '.join(self._command)}", file=sys.stderr)
            self.sig_poller_finished.emit(-1)
