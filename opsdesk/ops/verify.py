"""``opsdesk verify FILE.pdf`` and the UI's check of a paper: the store-facing half of
:mod:`opsdesk.reports.verify` (which compares pages; this finds and renders the record)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models.meta import is_demo
from opsdesk.models.signing import SignedRecord
from opsdesk.reports.verify import VerifyResult, verify_pdf


def site_tz(session: Session, record: SignedRecord) -> str:
    from opsdesk.ops import inspection

    return inspection.get_sheet(session, record.record_id).site.timezone


def record_title(record: SignedRecord) -> str:
    """``永和路数据中心 月度巡检表 2026-11``."""
    snap = record.snapshot
    return f"{(snap.get('site') or {}).get('name', '')} {snap.get('kind_name', '')} {snap.get('period', '')}".strip()


def render_record(session: Session, record: SignedRecord) -> tuple[bytes, str, str]:
    """The stored revision printed again exactly as it was exported: (pdf, title, tz)."""
    from opsdesk.reports.inspection import render_bytes

    tz = site_tz(session, record)
    return render_bytes(record.snapshot, record, demo=is_demo(session), tz=tz), record_title(record), tz


def verify(session: Session, source: Path | str | bytes | BinaryIO) -> VerifyResult:
    """Whether the exported sheet ``source`` matches its stored signed revision."""
    from opsdesk.ops import inspection

    def lookup(code: str):
        record = inspection.record_for_code(session, code)
        if record is None or record.kind != "inspection":
            return None
        return record, lambda: render_record(session, record)[0], record_title(record), site_tz(session, record)

    return verify_pdf(source, lookup)


# -- export ----------------------------------------------------------------------------------

def export_sheet(session: Session, site_id: int, period: str, out: Path | str | BinaryIO, *, kind: str = "monthly",
                 revision: int | None = None, blank: bool = False) -> str:
    """Print the ``kind`` sheet of a site for ``period``; returns what was printed:
    ``"blank"`` (the paper form with the site's devices and empty cells), ``"signed"``
    (the latest signed revision, or ``revision``: the paper verify accepts) or ``"draft"``
    (the sheet as it stands while it is not signed, marked 草稿)."""
    from opsdesk.ops import inspection
    from opsdesk.ops.errors import NotFound
    from opsdesk.reports.inspection import print_blank, print_inspection

    demo = is_demo(session)
    if blank:
        print_blank(inspection.blank_snapshot(session, site_id, kind, period), out, demo=demo)
        return "blank"
    sheet = inspection.find_sheet(session, site_id, kind, period)
    if sheet is None:
        raise NotFound(t("No {kind} {period} has been started for this site.",
                         kind=inspection.KIND_NAMES.get(kind, kind), period=period))
    tz = sheet.site.timezone
    if revision is not None:
        record = next((r for r in inspection.signed_revisions(session, sheet.id)
                       if r.revision == revision and r.signatures), None)
        if record is None:
            raise NotFound(t("This sheet has no signed revision {n}.", n=revision))
    else:
        record = inspection.latest_record(session, sheet.id)
        if record is not None and sheet.status == "draft":
            record = None  # being corrected: the sheet as it stands is a draft of the next revision
    if record is None:
        print_inspection(inspection.snapshot(session, sheet), None, out=out, demo=demo, tz=tz)
        return "draft"
    print_inspection(record.snapshot, record, out=out, demo=demo, tz=tz)
    return "signed"
