"""Printing a PDF through poppler page images: the printer gets exactly the file's pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

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
