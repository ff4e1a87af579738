"""Saving a paper (shift log, roster) as a PDF: find the report function, ask where to
save, write it off the UI thread, and say how it went.

The report modules live in ``opsdesk.reports`` and are imported only when a paper is
asked for, so the console starts, and says so clearly, without them."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from opsdesk.ui import dialogs
from opsdesk.ui.worker import run_in_background

PDF_FILTER = "PDF (*.pdf)"


def report_function(module: str, name: str) -> Callable[..., Any] | None:
    """``opsdesk.reports.<module>.<name>``, or None when it is not installed."""
    try:
        return getattr(importlib.import_module(f"opsdesk.reports.{module}"), name)
    except (ImportError, AttributeError):
        return None


def missing_text(module: str, name: str) -> str:
    return QCoreApplication.translate(
        "PdfExport", "Printing is not available in this installation: the report {function} is missing. "
                     "Ask the administrator to update OpsDesk.").format(function=f"opsdesk.reports.{module}.{name}")


class PdfExport(QObject):
    """One widget's PDF saves; reports the outcome in a message box on ``parent``."""

    sig_pdf_saved = Signal(str)
    """Path of the PDF written."""
    sig_pdf_failed = Signal(str)
    """What went wrong, in words."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._pending: str = ""

    def save(self, title: str, suggested: str, write: Callable[[Path], None]) -> bool:
        """Ask for a file name, then run ``write(path)`` in the background.
        ``write`` must not touch widgets; it opens its own read session."""
        path = dialogs.ask_save_path(self._parent, title, suggested, PDF_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._pending = path
        run_in_background(lambda: write(Path(path)), self._on_written, self._on_failed)
        return True

    def _on_written(self, _result: object) -> None:
        path, self._pending = self._pending, ""
        dialogs.show_done(self._parent, self.tr("Saved to {path}").format(path=path))
        self.sig_pdf_saved.emit(path)

    def _on_failed(self, exc: BaseException) -> None:
        self._pending = ""
        if isinstance(exc, OSError) and exc.strerror:
            text = self.tr("Could not write the file: {error}").format(error=exc.strerror)
        else:
            text = dialogs.error_text(exc)
        dialogs.show_error(self._parent, text)
        self.sig_pdf_failed.emit(text)
