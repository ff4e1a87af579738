"""Printing a PDF through poppler page images: the printer gets exactly the file's pages.

The end-to-end tests drive Qt's real print dialog (PySide6 6.11.3) with keys, pick its
"print to file (PDF)" printer and read the printed file back with poppler's pdfinfo and
pdftotext, against the PDF that ``opsdesk verify`` checks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageRanges
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from sqlalchemy import select

from opsdesk.ui import pdf_print
from opsdesk.ui.pdf_print import PdfPrinting, paint_pages, rasterize

LOW_DPI = 60  # enough to prove the path; the console uses 300


def two_page_pdf(path: Path) -> Path:
    sheet = canvas.Canvas(str(path), pagesize=A4)
    for number in (1, 2):
        sheet.setFont("Helvetica", 28)
        sheet.drawString(72, 760, f"Page {number}")
        sheet.rect(72, 300, 300, 300, fill=1)
        sheet.showPage()
    sheet.save()
    return path


def pdf_printer(out: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return pdf_print.prepare_printer(printer)


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_pages_rendered_by_poppler_are_printed_one_per_page(tmp_path):
    pages = rasterize(two_page_pdf(tmp_path / "in.pdf"), tmp_path, dpi=LOW_DPI)
    assert [p.name for p in pages] == ["page-1.png", "page-2.png"]
    out = tmp_path / "printed.pdf"
    assert paint_pages(pdf_printer(out), pages) == 2
    reader = PdfReader(out)
    assert len(reader.pages) == 2
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2  # A4, portrait


def test_print_dialog_accepted_sends_every_page(qtbot, parent, tmp_path, recorder):
    out = tmp_path / "printer.pdf"
    made: list[QDialog] = []

    def print_factory(printer: QPrinter, owner: QWidget | None) -> QDialog:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # what the user picks as "printer"
        printer.setOutputFileName(str(out))
        made.append(QDialog(owner))
        return made[-1]

    job = PdfPrinting(parent, print_factory=print_factory, dpi=LOW_DPI)
    with qtbot.waitSignal(job.sig_pages_ready, timeout=30_000) as ready:
        assert job.print(two_page_pdf(tmp_path / "in.pdf"))
    assert ready.args == [2]
    assert job.busy() and not job.print(tmp_path / "in.pdf")  # one job at a time
    with qtbot.waitSignal(job.sig_printed) as printed:
        made[0].accept()
    assert printed.args == [2]
    assert len(PdfReader(out).pages) == 2
    assert not job.busy() and recorder.errors == []


def test_preview_paints_the_pages_of_a_written_pdf(qtbot, parent, tmp_path, recorder):
    """The source may be a function that writes the PDF (the sheet is exported first)."""
    dialogs: list[QPrintPreviewDialog] = []

    def preview_factory(printer, owner):
        dialogs.append(QPrintPreviewDialog(printer, owner))
        return dialogs[-1]

    job = PdfPrinting(parent, preview_factory=preview_factory, dpi=LOW_DPI)
    with qtbot.waitSignal(job.sig_printed, timeout=30_000) as printed:
        assert job.preview(lambda out: two_page_pdf(out))
    assert printed.args == [2]
    dialogs[0].reject()
    assert not job.busy() and recorder.errors == []


def test_a_broken_pdf_is_said_in_chinese(qtbot, parent, tmp_path, recorder):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a pdf")
    job = PdfPrinting(parent, dpi=LOW_DPI)
    with qtbot.waitSignal(job.sig_print_failed, timeout=30_000):
        job.preview(broken)
    assert len(recorder.errors) == 1
    assert "无法读取" in recorder.errors[0]
    assert not job.busy()


def test_without_pdftoppm_the_user_is_told_what_to_install(qtbot, parent, tmp_path, recorder, monkeypatch):
    monkeypatch.setattr(pdf_print, "pdftoppm", lambda: None)
    job = PdfPrinting(parent)
    with qtbot.waitSignal(job.sig_print_failed, timeout=10_000):
        job.print(two_page_pdf(tmp_path / "in.pdf"))
    assert "poppler-utils" in recorder.errors[0] and "未安装" in recorder.errors[0]


# -- the real dialogs, driven by keys ----------------------------------------------------------
needs_poppler = pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
                                   reason="poppler-utils (./run installs it)")


def active_dialog(qtbot, kind: type) -> QDialog:
    """The dialog of ``kind`` the user is now looking at (the active modal widget)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind)
                    and QApplication.activeModalWidget().isVisible(), timeout=60_000)
    return QApplication.activeModalWidget()


def print_to_file(qtbot, dialog: QPrintDialog, out: Path) -> None:
    """Choose 打印到文件(PDF) (the last printer), type the file name, press Enter."""
    printers = dialog.findChild(QComboBox, "printers")
    printers.setFocus()
    qtbot.keyClick(printers, Qt.Key.Key_End)
    assert printers.currentText() == "打印到文件(PDF)"
    name = dialog.findChild(QLineEdit, "filename")
    name.setFocus()
    qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(name, str(out))
    qtbot.keyClick(name, Qt.Key.Key_Return)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def assert_printed_like(printed: Path, verified: Path) -> None:
    assert pdf_pages(printed) == pdf_pages(verified) >= 1
    assert pdf_text(printed) == pdf_text(verified)


@needs_poppler
def test_the_real_print_dialog_prints_the_pdfs_pages_to_a_file(qtbot, parent, tmp_path, recorder):
    source, out = two_page_pdf(tmp_path / "in.pdf"), tmp_path / "out" / "printed.pdf"
    out.parent.mkdir()
    job = PdfPrinting(parent, dpi=LOW_DPI)
    assert job.print(source, "巡检表-2026-10")
    dialog = active_dialog(qtbot, QPrintDialog)
    with qtbot.waitSignal(job.sig_printed, timeout=30_000) as printed:
        print_to_file(qtbot, dialog, out)
    assert printed.args == [2]
    assert_printed_like(out, source)
    assert "Page 2" in pdf_text(out)
    assert not job.busy() and recorder.errors == []


@needs_poppler
def test_a_page_range_prints_only_those_pages(tmp_path):
    """页面 2 到 2 in the dialog: to a file, the PDF's own page 2; to a printer, its image."""
    source = two_page_pdf(tmp_path / "in.pdf")
    pages = rasterize(source, tmp_path, dpi=LOW_DPI)
    printer = pdf_printer(tmp_path / "page2.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("2"))
    assert pdf_print.send_to_printer(printer, source, pages) == 1
    assert pdf_pages(tmp_path / "page2.pdf") == 1 and "Page 2" in pdf_text(tmp_path / "page2.pdf")
    assert pdf_print.chosen_pages(printer, 2) == [2]
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    assert pdf_print.chosen_pages(printer, 3) == [3, 2, 1]


def test_preview_opens_after_a_cancelled_print(qtbot, parent, tmp_path, recorder):
    """Issue 13: the print dialog failed to open, and 打印预览 then did nothing until restart."""
    source = two_page_pdf(tmp_path / "in.pdf")
    job = PdfPrinting(parent, dpi=LOW_DPI)
    assert job.print(source)
    dialog = active_dialog(qtbot, QPrintDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not job.busy())
    with qtbot.waitSignal(job.sig_printed, timeout=30_000) as painted:
        assert job.preview(source)
    assert painted.args == [2]
    preview = active_dialog(qtbot, QPrintPreviewDialog)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not job.busy())
    assert job.print(source)  # and printing again works too
    qtbot.keyClick(active_dialog(qtbot, QPrintDialog), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not job.busy())
    assert recorder.errors == []


def test_a_dialog_that_fails_to_open_is_said_and_preview_still_works(qtbot, parent, tmp_path, recorder):
    def broken_factory(printer, owner):
        raise TypeError("open expected 2 arguments, got 0")

    source = two_page_pdf(tmp_path / "in.pdf")
    job = PdfPrinting(parent, print_factory=broken_factory, dpi=LOW_DPI)
    with qtbot.waitSignal(job.sig_print_failed, timeout=30_000):
        assert job.print(source)
    assert recorder.errors == ["意外错误：open expected 2 arguments, got 0"]
    assert not job.busy()
    with qtbot.waitSignal(job.sig_printed, timeout=30_000):
        assert job.preview(source)
    qtbot.keyClick(active_dialog(qtbot, QPrintPreviewDialog), Qt.Key.Key_Escape)


# -- the console's papers ----------------------------------------------------------------------
@pytest.fixture
def october_sheet(demo_store) -> int:
    from opsdesk.models.inspection import Inspection
    from tests.ui.conftest import read_off_gui

    return read_off_gui(demo_store, lambda s: s.scalars(select(Inspection.id).where(
        Inspection.kind == "monthly", Inspection.period == "2026-10", Inspection.status != "draft")).first())


@needs_poppler
@pytest.mark.usefixtures("gui_thread_guard")
def test_an_inspection_sheet_prints_its_verified_pdf(qtbot, make_ctx, october_sheet, demo_store, tmp_path, recorder):
    from opsdesk.ui.inspections.panel import InspectionsPanel
    from opsdesk.ui.inspections.printing import write_sheet_pdf
    from tests.ui.conftest import off_gui

    panel = InspectionsPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        assert panel.open_sheet(october_sheet)
    state = panel.editor.state
    panel.editor.printing._dpi = LOW_DPI
    assert panel.editor.print_sheet()
    out = tmp_path / "sheet-printed.pdf"
    with qtbot.waitSignal(panel.editor.printing.sig_printed, timeout=60_000):
        print_to_file(qtbot, active_dialog(qtbot, QPrintDialog), out)
    verified = off_gui(write_sheet_pdf, demo_store, state.site_id, state.kind, state.period, tmp_path / "verified.pdf")
    assert_printed_like(out, verified)
    assert "巡检" in pdf_text(out)
    assert recorder.errors == []


@pytest.fixture
def duty_page(qtbot, demo_store, demo_users, fixed_clock):
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.shift.duty_page import DutyPage
    from tests.shift.fill import clear_demo_duty
    from tests.ui.conftest import off_gui, settle
    from tests.ui.shift_data import DAY, start, user

    off_gui(clear_demo_duty, demo_store)
    shift_id = start(demo_store, demo_users["duty"])
    page = DutyPage(ConsoleContext(demo_store, user(demo_store, "zhangwei").as_actor(), demo=True))
    qtbot.addWidget(page)
    page.show()
    settle(qtbot)  # the page reads off the GUI thread
    page.choose(day=DAY, code="day")
    settle(qtbot)
    assert page.state is not None and page.state.id == shift_id
    return page


@needs_poppler
def test_the_shift_log_prints_through_the_print_dialog(qtbot, duty_page, demo_store, tmp_path, recorder):
    from opsdesk.reports.shiftlog import shift_log_pdf
    from opsdesk.ui.shift.printing import write_shift_log

    duty_page.setFocus()
    qtbot.keyClick(duty_page.print_button, Qt.Key.Key_Space)  # 打印交班记录…
    dialog = active_dialog(qtbot, QPrintDialog)
    job = duty_page.printing
    out = tmp_path / "shift-log.pdf"
    with qtbot.waitSignal(job.sig_printed, timeout=60_000):
        print_to_file(qtbot, dialog, out)
    verified = tmp_path / "verified.pdf"
    from tests.ui.conftest import off_gui

    off_gui(write_shift_log, demo_store, duty_page.state.id, verified, shift_log_pdf)
    assert_printed_like(out, verified)
    assert "永和路数据中心" in pdf_text(out)
    assert recorder.errors == []
