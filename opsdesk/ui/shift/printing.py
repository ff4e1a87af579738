"""打印交班记录: the shift log as a PDF through ``opsdesk.reports.shiftlog``, which is
looked up only when asked for, its absence said plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from opsdesk.models.meta import is_demo
from opsdesk.ops import shift as shift_ops
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label
from opsdesk.ui.pdf_export import PdfExport, missing_text, report_function
from opsdesk.ui.shift import rows as shift_rows
from opsdesk.ui.shift.rows import ShiftState


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


def print_shift_log(parent: QWidget, pdf: PdfExport, ctx: ConsoleContext, state: ShiftState) -> bool:
    """Ask where to save, then write the PDF in the background; False if nothing started."""
    shift_log_pdf = report_function("shiftlog", "shift_log_pdf")
    if shift_log_pdf is None:
        dialogs.show_error(parent, missing_text("shiftlog", "shift_log_pdf"))
        return False
    suggested = f"{state.site_name}-{state.day.isoformat()}-{shift_code_label(state.code)}.pdf"
    store, shift_id = ctx.store, state.id
    return pdf.save(QCoreApplication.translate("DutyPage", "Save handover record"), suggested,
                    lambda out: write_shift_log(store, shift_id, out, shift_log_pdf))
