"""The inspection sheet on paper: export as PDF, print preview and print (the same PDF,
rendered page by page by poppler — never drawn a second time) and the blank form.

The PDF is what ``opsdesk inspection pdf`` prints (:func:`opsdesk.ops.verify.export_sheet`, the
same function). These run off the GUI thread (``PdfExport`` / ``PdfPrinting`` start them in the
background), each in a read session of its own; checking a printed sheet goes through the
operation runner (``InspectionsPanel.verify_pdf``)."""

from __future__ import annotations

from pathlib import Path

from opsdesk import i18n
from opsdesk.ops.verify import export_sheet
from opsdesk.store import Store
from opsdesk.ui.operations import reading


def write_sheet_pdf(store: Store, site_id: int, kind: str, period: str, out: Path,
                    revision: int | None = None) -> Path:
    """The signed revision while the sheet is signed (or the revision asked for), else the
    sheet as it stands, marked 草稿; in the console's language."""
    lang = i18n.language()
    reading(store, lambda session: export_sheet(session, site_id, period, out, kind=kind, revision=revision,
                                                lang=lang))()
    return out


def write_blank_pdf(store: Store, site_id: int, kind: str, period: str, out: Path) -> Path:
    """The empty form of the same layout, for paper when the console is down."""
    lang = i18n.language()
    reading(store, lambda session: export_sheet(session, site_id, period, out, kind=kind, blank=True, lang=lang))()
    return out
