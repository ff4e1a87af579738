"""打印交班记录: the shift log as a PDF through ``opsdesk.reports.shiftlog``, which is
looked up only when asked for, its absence said plainly, then printed through
:class:`~opsdesk.ui.pdf_print.PdfPrinting` like an inspection sheet (the printer gets the
PDF's own pages; printing to a file gives the PDF itself)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from opsdesk import i18n
from opsdesk.ops import shift as shift_ops
from opsdesk.ops.shift import ShiftLogReport
from opsdesk.ops.shift_rows import ShiftState
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label
from opsdesk.ui.operations import reading
from opsdesk.ui.pdf_export import missing_text, report_function
from opsdesk.ui.pdf_print import PdfPrinting


def write_shift_log(store: Store, shift_id: int, out: Path, shift_log_pdf: ShiftLogReport) -> None:
    """The shift log as ``opsdesk shift pdf`` prints it (:func:`opsdesk.ops.shift.print_shift_log`):
    signed, with its signatures; before signing or while corrected, as it stands, a draft. Runs
    off the UI thread, in a read session of its own; the paper in the console's language."""
    lang = i18n.language()
    reading(store, lambda session: shift_ops.print_shift_log(session, shift_id, out, report=shift_log_pdf,
                                                             lang=lang))()


def _writer(parent: QWidget, ctx: ConsoleContext, state: ShiftState):
    """``write(out)`` for this shift, or None (said) when the report is not installed."""
    shift_log_pdf = report_function("shiftlog", "shift_log_pdf")
    if shift_log_pdf is None:
        dialogs.show_error(parent, missing_text("shiftlog", "shift_log_pdf"))
        return None
    store, shift_id = ctx.store, state.id
    return lambda out: write_shift_log(store, shift_id, out, shift_log_pdf)


def file_stem(state: ShiftState) -> str:
    return f"{state.site_name}-{state.day.isoformat()}-{shift_code_label(state.code)}"


def print_shift_log(parent: QWidget, printing: PdfPrinting, ctx: ConsoleContext, state: ShiftState) -> bool:
    """打印交班记录…: write the PDF in the background, then Qt's print dialog; False if
    nothing started."""
    write = _writer(parent, ctx, state)
    if write is None:
        return False
    return printing.print(write, file_stem(state))
