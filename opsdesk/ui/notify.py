"""The one place where background failures are shown (STYLE.md): a persistent
status-bar message and one non-modal warning, reused rather than piled up."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

INFO_TIMEOUT_MS = 10_000
NOTICE_MS = 6000


class Notifier(QObject):
    """Reports what happened in the background to the person on duty."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._box: QMessageBox | None = None
        self._notice: QLabel | None = None
        self.last_problem = ""

    def report_info(self, text: str) -> None:
        if text:
            self._window.statusBar().showMessage(text, INFO_TIMEOUT_MS)

    def report_done(self, text: str) -> None:
        """A non-modal notice that something was done ("已保存…"): a label in the window's
        lower right corner for a few seconds, and the status bar's message."""
        if not text:
            return
        self.report_info(text)
        if self._notice is None:
            self._notice = QLabel(self._window)
            self._notice.setObjectName("doneNotice")
            self._notice.setWordWrap(True)
            self._notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._notice_timer = QTimer(self)
            self._notice_timer.setSingleShot(True)
            self._notice_timer.timeout.connect(self._notice.hide)
            self._window.installEventFilter(self)
        self._notice.setText(text)
        self._place_notice(self._notice)
        self._notice.show()
        self._notice.raise_()
        self._notice_timer.start(NOTICE_MS)

    @property
    def notice_text(self) -> str:
        """The notice showing now ("" when none)."""
        return self._notice.text() if self._notice is not None and self._notice.isVisible() else ""

    def _place_notice(self, notice: QLabel) -> None:
        window = self._window
        notice.setMaximumWidth(max(320, window.width() // 3))
        notice.adjustSize()
        bottom = window.height() - (window.statusBar().height() if window.statusBar().isVisible() else 0)
        notice.move(window.width() - notice.width() - 16, bottom - notice.height() - 16)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self._notice is not None:
            self._place_notice(self._notice)
        return False

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
