"""Print preview and printing of a PDF file — the very file that ``opsdesk verify`` checks.

Each page is rendered by poppler (``pdftoppm -r 300 -png``) into a temporary folder off
the UI thread, and the page images are painted onto the QPrinter, one page each. The
sheet is never drawn a second time with QPainter, so the paper and the PDF cannot differ
(issue 6, R-INSP-4).

The dialogs are made by factories so that tests can drive them:
``preview_factory(printer, parent)`` returns a dialog with ``paintRequested(QPrinter)``,
``print_factory(printer, parent)`` a dialog whose ``accepted`` means "print now".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from opsdesk.ui import dialogs
from opsdesk.ui.worker import run_in_background

DPI = 300
RENDER_TIMEOUT_S = 120
PAGE_FILE = re.compile(r"-(\d+)\.png$")

PdfSource = Path | Callable[[Path], None]  # a PDF file, or a function that writes one
DialogFactory = Callable[[QPrinter, QWidget | None], QDialog]


class PdfRenderError(Exception):
    """The PDF could not be turned into page images. ``kind`` is "tool", "broken" or "empty"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind, self.detail = kind, detail


def render_error_text(exc: BaseException) -> str:
    """What to tell the user, in the UI language (called on the GUI thread)."""
    if isinstance(exc, PdfRenderError):
        if exc.kind == "tool":
            return QCoreApplication.translate(
                "PdfPrint", "Printing needs poppler's pdftoppm, which is not installed on this computer. "
                            "Ask the administrator to install poppler-utils. The PDF can still be saved and "
                            "printed from a PDF viewer.")
        if exc.kind == "empty":
            return QCoreApplication.translate("PdfPrint", "The PDF has no pages to print.")
        return QCoreApplication.translate("PdfPrint", "The PDF could not be read for printing: {detail}").format(
            detail=exc.detail or "pdftoppm")
    return dialogs.error_text(exc)


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def rasterize(pdf: Path, out_dir: Path, dpi: int = DPI) -> list[Path]:
    """Render every page of ``pdf`` into ``out_dir`` as PNG; the page images in order.
    Raises :class:`PdfRenderError`. Blocking: call it off the UI thread."""
    tool = pdftoppm()
    if tool is None:
        raise PdfRenderError("tool")
    if not Path(pdf).is_file():
        raise PdfRenderError("broken", str(pdf))
    try:
        done = subprocess.run([tool, "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")],
                              capture_output=True, text=True, timeout=RENDER_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfRenderError("broken", str(exc)) from exc
    pages = sorted((p for p in out_dir.glob("page-*.png") if PAGE_FILE.search(p.name)),
                   key=lambda p: int(PAGE_FILE.search(p.name).group(1)))
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise PdfRenderError("broken", lines[-1] if lines else f"pdftoppm exit {done.returncode}")
    if not pages:
        raise PdfRenderError("empty")
    return pages


def prepare_printer(printer: QPrinter, first_page: Path | None = None) -> QPrinter:
    """A4 (or the page's own shape), no margins of Qt's own: the PDF's margins are the
    sheet's margins, as in a PDF viewer's "actual size"."""
    printer.setFullPage(True)
    orientation = QPageLayout.Orientation.Portrait
    if first_page is not None:
        image = QImage(str(first_page))
        if not image.isNull() and image.width() > image.height():
            orientation = QPageLayout.Orientation.Landscape
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0)))
    return printer


def paint_pages(printer: QPrinter, pages: list[Path]) -> int:
    """Paint the page images onto ``printer``, each scaled to fit its page and centred;
    the number of pages painted."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfRenderError("broken", QCoreApplication.translate("PdfPrint", "the printer could not be opened"))
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            image = QImage(str(page))
            if image.isNull():
                raise PdfRenderError("broken", page.name)
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            size = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            placed = QRectF(target.x() + (target.width() - size.width()) / 2,
                            target.y() + (target.height() - size.height()) / 2, size.width(), size.height())
            painter.drawImage(placed, image)
            painted += 1
    finally:
        painter.end()
    return painted


class PdfPrinting(QObject):
    """Print preview and printing of PDFs for one widget; failures in a message box there."""

    sig_pages_ready = Signal(int)
    """Number of pages rendered; the dialog opens next."""
    sig_printed = Signal(int)
    """Number of pages sent to the printer (or painted into a preview)."""
    sig_print_failed = Signal(str)
    """What went wrong, in words."""

    def __init__(self, parent: QWidget, *, preview_factory: DialogFactory | None = None,
                 print_factory: DialogFactory | None = None, dpi: int = DPI) -> None:
        super().__init__(parent)
        self._parent = parent
        self._preview_factory = preview_factory or _preview_dialog
        self._print_factory = print_factory or _print_dialog
        self._dpi = dpi
        self._busy = False
        self._mode = ""
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.pages: list[Path] = []
        self.printer: QPrinter | None = None
        self.dialog: QDialog | None = None

    def busy(self) -> bool:
        return self._busy

    def preview(self, source: PdfSource) -> bool:
        """打印预览: render, then open the preview dialog. False if a job is already running."""
        return self._start("preview", source)

    def print(self, source: PdfSource) -> bool:  # noqa: A003 - the user's word
        """打印: render, then Qt's print dialog; accepted → the pages go to the printer."""
        return self._start("print", source)

    # -- the job -----------------------------------------------------------------------------
    def _start(self, mode: str, source: PdfSource) -> bool:
        if self._busy:
            return False
        self._cleanup()
        self._busy, self._mode = True, mode
        self._tmp = tempfile.TemporaryDirectory(prefix="opsdesk-print-")
        folder, dpi = Path(self._tmp.name), self._dpi

        def work() -> list[Path]:
            pdf = source if isinstance(source, Path) else folder / "sheet.pdf"
            if not isinstance(source, Path):
                source(pdf)
            return rasterize(Path(pdf), folder, dpi)

        run_in_background(work, self._on_rendered, self._on_failed)
        return True

    def _on_rendered(self, pages: list[Path]) -> None:
        self.pages = pages
        self.sig_pages_ready.emit(len(pages))
        self.printer = prepare_printer(QPrinter(QPrinter.PrinterMode.HighResolution), pages[0])
        self.printer.setDocName(QCoreApplication.translate("PdfPrint", "OpsDesk sheet"))
        if self._mode == "preview":
            self.dialog = self._preview_factory(self.printer, self._parent)
            self.dialog.paintRequested.connect(self._on_paint_requested)
        else:
            self.dialog = self._print_factory(self.printer, self._parent)
            self.dialog.accepted.connect(self._on_print_accepted)
        self.dialog.finished.connect(self._on_dialog_finished)
        self.dialog.open()

    def _on_paint_requested(self, printer: QPrinter) -> None:
        self._paint(printer)

    def _on_print_accepted(self) -> None:
        if self.printer is not None:
            self._paint(self.printer)

    def _paint(self, printer: QPrinter) -> None:
        try:
            count = paint_pages(printer, self.pages)
        except Exception as exc:  # noqa: BLE001 - a printer problem is said, never a crash
            self._report(render_error_text(exc))
            return
        self.sig_printed.emit(count)

    def _on_dialog_finished(self, _result: int) -> None:
        self._busy = False
        self.dialog = None
        self._cleanup()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._cleanup()
        self._report(render_error_text(exc))

    def _report(self, text: str) -> None:
        dialogs.show_error(self._parent, text)
        self.sig_print_failed.emit(text)

    def _cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        self.pages = []


def _preview_dialog(printer: QPrinter, parent: QWidget | None) -> QDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(QCoreApplication.translate("PdfPrint", "Print preview"))
    dialog.resize(1000, 900)
    return dialog


def _print_dialog(printer: QPrinter, parent: QWidget | None) -> QDialog:
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    return dialog
