"""Print preview and printing of a PDF file — the very file that ``opsdesk verify`` checks.

Each page is rendered by poppler (``pdftoppm -r 300 -png``) into a temporary folder off
the UI thread, and the page images are painted onto the QPrinter, one page each. The
sheet is never drawn a second time with QPainter, so the paper and the PDF cannot differ
(issue 6, R-INSP-4). When the user picks Qt's "print to file (PDF)" the file gets the
PDF's own pages (the file itself when every page is chosen): a page image would lose the
text that ``opsdesk verify`` reads, and the copy verifies like the original.

The dialogs are made by factories so that tests can drive them:
``preview_factory(printer, parent)`` returns a dialog with ``paintRequested(QPrinter)``,
``print_factory(printer, parent)`` a dialog whose acceptance (``finished(Accepted)``)
means "print now". Painting and writing run off the UI thread; every failure, opening a
dialog included, ends the job and is said in a message box (issue 13: a job left "busy"
by an error made 打印预览 do nothing until the console restarted).
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
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from opsdesk.ui import dialogs
from opsdesk.ui.worker import run_in_background

DPI = 300
RENDER_TIMEOUT_S = 120
PAGE_FILE = re.compile(r"-(\d+)\.png$")

PdfSource = Path | Callable[[Path], None]  # a PDF file, or a function that writes one
DialogFactory = Callable[[QPrinter, QWidget | None], QDialog]
PreviewFactory = Callable[[QPrinter, QWidget | None], QPrintPreviewDialog]  # its paintRequested draws the pages


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
        done = subprocess.run([tool, "-r", str(dpi), "-png", str(pdf), str(out_dir / "page")],  # noqa: S603 - fixed argv, no shell
                              capture_output=True, text=True, timeout=RENDER_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfRenderError("broken", str(exc)) from exc
    numbered = [(int(m.group(1)), p) for p in out_dir.glob("page-*.png") if (m := PAGE_FILE.search(p.name))]
    pages = [p for _number, p in sorted(numbered, key=lambda item: item[0])]
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


def paint_pages(printer: QPrinter, pages: list[Path], copies: int = 1) -> int:
    """Paint the page images onto ``printer``, each scaled to fit its page and centred,
    ``copies`` times over (collated); the number of pages painted. Qt allows painting on a
    QPrinter outside the GUI thread, so a long job need not freeze the window."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfRenderError("broken", QCoreApplication.translate("PdfPrint", "the printer could not be opened"))
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for index, page in enumerate(pages * max(1, copies)):
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


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The page numbers (1-based) the print dialog asked for, in printing order: all of
    them unless a range was given, last first when the dialog says so."""
    numbers = list(range(1, count + 1))
    if printer.printRange() == QPrinter.PrintRange.PageRange and not printer.pageRanges().isEmpty():
        ranges = printer.pageRanges()
        numbers = [n for n in numbers if ranges.contains(n)] or numbers
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        numbers.reverse()
    return numbers


def prints_to_file(printer: QPrinter) -> bool:
    """Qt's "print to file (PDF)" rather than a printer."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def write_pdf_pages(pdf: Path, out: Path, numbers: list[int]) -> int:
    """Write the chosen pages of ``pdf`` to ``out`` as PDF — byte for byte the same file
    when all are chosen in order; the number of pages written. Blocking."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(pdf))
    if numbers == list(range(1, len(reader.pages) + 1)):
        shutil.copyfile(pdf, out)
        return len(numbers)
    writer = PdfWriter()
    for number in numbers:
        writer.add_page(reader.pages[number - 1])
    with open(out, "wb") as handle:
        writer.write(handle)
    return len(numbers)


def send_to_printer(printer: QPrinter, pdf: Path, pages: list[Path]) -> int:
    """What an accepted print dialog does: the chosen pages to the file or to the printer.
    Blocking: runs off the UI thread."""
    numbers = chosen_pages(printer, len(pages))
    if prints_to_file(printer):
        return write_pdf_pages(pdf, Path(printer.outputFileName()), numbers)
    copies = 1 if printer.supportsMultipleCopies() else printer.copyCount()
    return paint_pages(printer, [pages[n - 1] for n in numbers], copies)


class PdfPrinting(QObject):
    """Print preview and printing of PDFs for one widget; failures in a message box there."""

    sig_pages_ready = Signal(int)
    """Number of pages rendered; the dialog opens next."""
    sig_dialog_opened = Signal(QDialog)
    """The print or preview dialog, just shown (window-modal)."""
    sig_printed = Signal(int)
    """Number of pages sent to the printer (or painted into a preview)."""
    sig_print_failed = Signal(str)
    """What went wrong, in words."""

    def __init__(self, parent: QWidget, *, preview_factory: PreviewFactory | None = None,
                 print_factory: DialogFactory | None = None, dpi: int = DPI) -> None:
        super().__init__(parent)
        self._parent = parent
        self._preview_factory = preview_factory or _preview_dialog
        self._print_factory = print_factory or _print_dialog
        self._dpi = dpi
        self._busy = False
        self._mode = ""
        self._name = ""
        self._tmp: tempfile.TemporaryDirectory | None = None
        self.pdf: Path | None = None
        self.pages: list[Path] = []
        self.printer: QPrinter | None = None
        self.dialog: QDialog | None = None

    def busy(self) -> bool:
        return self._busy

    def preview(self, source: PdfSource, name: str = "") -> bool:
        """打印预览: render, then open the preview dialog. False if a job is already running
        (its dialog, when open, comes to the front)."""
        return self._start("preview", source, name)

    def print(self, source: PdfSource, name: str = "") -> bool:
        """打印: render, then Qt's print dialog; accepted → the pages go to the printer.
        ``name``: the print job's name, and the file name offered for printing to a file."""
        return self._start("print", source, name)

    # -- the job -----------------------------------------------------------------------------
    def _start(self, mode: str, source: PdfSource, name: str) -> bool:
        if self._busy:
            if self.dialog is not None:
                self.dialog.raise_()
                self.dialog.activateWindow()
            return False
        self._cleanup()
        self._busy, self._mode, self._name = True, mode, name
        self._tmp = tempfile.TemporaryDirectory(prefix="opsdesk-print-")
        folder, dpi = Path(self._tmp.name), self._dpi

        def work() -> tuple[Path, list[Path]]:
            pdf = source if isinstance(source, Path) else folder / "sheet.pdf"
            if not isinstance(source, Path):
                source(pdf)
            return Path(pdf), rasterize(Path(pdf), folder, dpi)

        run_in_background(work, self._on_rendered, self._on_failed)
        return True

    def _on_rendered(self, rendered: tuple[Path, list[Path]]) -> None:
        self.pdf, self.pages = rendered
        self.sig_pages_ready.emit(len(self.pages))
        try:
            self._open_dialog()
        except Exception as exc:  # noqa: BLE001 - a dialog that will not open is said, and the job ends
            self._on_failed(exc)

    def _open_dialog(self) -> None:
        self.printer = prepare_printer(QPrinter(QPrinter.PrinterMode.HighResolution), self.pages[0])
        self.printer.setDocName(self._name or QCoreApplication.translate("PdfPrint", "OpsDesk sheet"))
        dialog: QDialog
        if self._mode == "preview":
            preview = self._preview_factory(self.printer, self._parent)
            preview.paintRequested.connect(self._on_paint_requested)
            dialog = preview
        else:
            dialog = self._print_factory(self.printer, self._parent)
            if isinstance(dialog, QAbstractPrintDialog):
                dialog.setMinMax(1, len(self.pages))
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        # QDialog.open, not dialog.open: PySide6 6.11 binds QPrintDialog.open to the
        # open(receiver, member) overload only, so the plain call raised a TypeError.
        QDialog.open(dialog)
        self.sig_dialog_opened.emit(dialog)

    def _on_paint_requested(self, printer: QPrinter) -> None:
        try:  # the preview paints on the GUI thread: it draws what it is given at once
            count = paint_pages(printer, self.pages)
        except Exception as exc:  # noqa: BLE001 - a printer problem is said, never a crash
            self._report(render_error_text(exc))
            return
        self.sig_printed.emit(count)

    def _on_dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        accepted = result == QDialog.DialogCode.Accepted
        if self._mode == "print" and accepted and self.printer is not None and self.pdf is not None:
            printer, pdf, pages = self.printer, self.pdf, list(self.pages)
            run_in_background(lambda: send_to_printer(printer, pdf, pages), self._on_printed, self._on_failed)
            return  # busy until the pages are out
        self._finish()

    def _on_printed(self, count: int) -> None:
        self._finish()
        self.sig_printed.emit(count)

    def _on_failed(self, exc: BaseException) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        self._finish()
        self._report(render_error_text(exc))

    def _finish(self) -> None:
        self._busy = False
        self._cleanup()

    def _report(self, text: str) -> None:
        dialogs.show_error(self._parent, text)
        self.sig_print_failed.emit(text)

    def _cleanup(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        self.pages = []
        self.pdf = None


def _preview_dialog(printer: QPrinter, parent: QWidget | None) -> QPrintPreviewDialog:
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(QCoreApplication.translate("PdfPrint", "Print preview"))
    dialog.resize(1000, 900)
    return dialog


def _print_dialog(printer: QPrinter, parent: QWidget | None) -> QDialog:
    dialog = QPrintDialog(printer, parent)
    dialog.setObjectName("printDialog")
    return dialog
