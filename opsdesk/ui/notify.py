"""The one place where background failures are shown (STYLE.md): a persistent
status-bar message and one non-modal warning, reused rather than piled up."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

INFO_TIMEOUT_MS = 10_000


class Notifier(QObject):
    """Reports what happened in the background to the person on duty."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._box: QMessageBox | None = None
        self.last_problem = ""

    def report_info(self, text: str) -> None:
        if text:
            self._window.statusBar().showMessage(text, INFO_TIMEOUT_MS)

    def report_problem(self, text: str) -> None:
        self.last_problem = text
        self._window.statusBar().showMessage(text)  # stays until the next message
        if self._box is None:
            self._box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Attention"), text,
                                    QMessageBox.StandardButton.Ok, self._window)
            self._box.setObjectName("problemBox")
            self._box.setWindowModality(Qt.WindowModality.NonModal)
            self._box.finished.connect(self._on_box_finished)
        else:
            self._box.setText(text)
        self._box.show()

    def _on_box_finished(self, _result: int) -> None:
        if self._box is not None:
            self._box.deleteLater()
            self._box = None
