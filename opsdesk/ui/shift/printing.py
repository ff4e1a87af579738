"""打印交班记录: the shift log as a PDF through ``opsdesk.reports.shiftlog``, which is
looked up only when asked for, its absence said plainly, then printed through
:class:`~opsdesk.ui.pdf_print.PdfPrinting` like an inspection sheet (the printer gets the
PDF's own pages; printing to a file gives the PDF itself)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from opsdesk.models.meta import is_demo
from opsdesk.ops import shift as shift_ops
from opsdesk.ops import shift_rows
from opsdesk.ops.shift_rows import ShiftState
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label
from opsdesk.ui.pdf_export import missing_text, report_function
from opsdesk.ui.pdf_print import PdfPrinting


def write_shift_log(store, shift_id: int, out: Path, shift_log_pdf) -> None:
    """Print what was signed (the newest signed revision) or, before signing, the
    shift as it stands — the same rule as ``opsdesk shift pdf``. Runs off the UI thread."""
    with store.read() as session:
        shift = shift_ops.get_shift(session, shift_id)
        snapshot = shift_ops.snapshot(shift)
        record = shift_ops.latest_record(session, shift_id)
        if record is not None:
            for signature in record.signatures:  # loaded while the session is open
                _ = signature.printed_name
        signed = shift.status == "signed"
        demo = is_demo(session)
        names = shift_rows.people(session)
        tz = shift.site.timezone
    printed = record.snapshot if signed and record is not None else snapshot
    shift_log_pdf(printed, record if signed else None, demo=demo, out=out, names=names, tz=tz)


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
