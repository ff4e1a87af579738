"""The console's own daily backup (R-SEC-4): checked once shortly after start-up,
then every hour; ``backup_if_due`` decides whether one is due.

The copy runs off the UI thread; success and failure come back as signals, and
the main window shows failures in its one notification place.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from opsdesk import environment, paths
from opsdesk.ops.backup import BackupResult, backup_if_due
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.worker import run_in_background

HOUR_MS = 60 * 60 * 1000
FIRST_CHECK_MS = 3000  # after the first paint, so start-up never waits on a copy


class BackupScheduler(QObject):
    """Checks for a due backup at start-up and hourly."""

    sig_backup_finished = Signal(str)
    """Message for the status bar; empty when no backup was due."""
    sig_backup_failed = Signal(str)
    """Why the backup failed, ready to show."""

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(HOUR_MS)
        self._timer.timeout.connect(self.run_now)

    def start(self, first_delay_ms: int = FIRST_CHECK_MS) -> None:
        QTimer.singleShot(first_delay_ms, self, self.run_now)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._running

    def run_now(self) -> None:
        if self._running:
            return
        self._running = True
        store = self._store
        run_in_background(lambda: backup_if_due(store), self._on_task_succeeded, self._on_task_failed)

    def _on_task_succeeded(self, result: BackupResult | None) -> None:
        self._running = False
        self.sig_backup_finished.emit(result.message() if result is not None else "")

    def _on_task_failed(self, exc: BaseException) -> None:
        self._running = False
        found = environment.describe(exc, paths.data_dir() / "backups")  # a full or read-only backup disk
        if found is not None:
            dialogs.show_environment_problem(found)
        error = str(found) if found is not None else dialogs.error_text(exc)
        self.sig_backup_failed.emit(
            QCoreApplication.translate("BackupScheduler", "The daily backup failed: {error}").format(error=error)
        )
