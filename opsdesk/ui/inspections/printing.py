"""The inspection sheet on paper: export as PDF, print preview and print (the same PDF,
rendered page by page by poppler — never drawn a second time), the blank form, and the
check of a printed sheet against the stored record.

Everything here that touches the store runs off the UI thread with its own session."""

from __future__ import annotations

from pathlib import Path

from opsdesk.models.inspection import InspectionStatus
from opsdesk.models.meta import is_demo
from opsdesk.models.signing import revisions
from opsdesk.ops import inspection as inspection_ops
from opsdesk.store import Store


def write_sheet_pdf(store: Store, inspection_id: int, out: Path, revision: int | None = None) -> Path:
    """What ``opsdesk inspection pdf`` prints: the signed revision while the sheet is signed
    (or the revision asked for), else the sheet as it stands, marked 草稿."""
    from opsdesk.reports.inspection import print_inspection

    with store.read() as session:
        sheet = inspection_ops.get_sheet(session, inspection_id)
        tz, demo = sheet.site.timezone, is_demo(session)
        if revision is not None:
            record = next((r for r in revisions(session, inspection_ops.RECORD_KIND, inspection_id)
                           if r.revision == revision), None)
        elif sheet.status != InspectionStatus.DRAFT:
            record = inspection_ops.latest_record(session, inspection_id)
        else:
            record = None
        if record is not None:
            print_inspection(record.snapshot, record, out=out, demo=demo, tz=tz)
        else:
            print_inspection(inspection_ops.snapshot(session, sheet), None, out=out, demo=demo, tz=tz)
    return out


def write_blank_pdf(store: Store, site_id: int, kind: str, period: str, out: Path) -> Path:
    """The empty form of the same layout, for paper when the console is down."""
    from opsdesk.reports.inspection import print_blank

    with store.read() as session:
        snapshot = inspection_ops.blank_snapshot(session, site_id, kind, period)
        demo = is_demo(session)
    print_blank(snapshot, out, demo=demo)
    return out


def verify_file(store: Store, path: Path):
    """Does the PDF at ``path`` match its stored signed revision? (a VerifyResult)"""
    from opsdesk.ops.verify import verify

    with store.read() as session:
        return verify(session, path)
