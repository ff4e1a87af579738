"""``opsdesk verify FILE.pdf``, the UI's check of a paper, and the inspection sheet's export."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models.meta import is_demo
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops import papers
from opsdesk.reports.verify import VerifyResult


def verify(session: Session, source: Path | str | bytes | BinaryIO) -> VerifyResult:
    """Whether the exported paper ``source`` (an inspection sheet or a shift log) matches its
    stored signed revision: compared with the paper kept when it was signed (opsdesk.ops.papers).

    The one answer for ``opsdesk verify`` and the console's 核验纸质表: ``match``, ``mismatch``,
    ``unknown`` (not a PDF, no code, no such record) or ``cannot_verify`` — its text reads as the
    record but pdftoppm (poppler-utils) is not installed to compare what the pages show, so it
    is never called a match on its text alone; the result's note says what to install."""
    return papers.verify(session, source)


def check_paper(session: Session, actor: Principal, source: Path | str | bytes | BinaryIO) -> VerifyResult:
    """:func:`verify` asked for by a user (``opsdesk verify``): whoever sees the register."""
    require(actor, Perm.VIEW_REGISTER)
    return verify(session, source)


# -- export ----------------------------------------------------------------------------------

def export_sheet(session: Session, site_id: int, period: str, out: Path | str | BinaryIO, *, kind: str = "monthly",
                 revision: int | None = None, blank: bool = False, lang: str = "zh") -> str:
    """Print the ``kind`` sheet of a site for ``period``; returns what was printed:
    ``"blank"`` (the paper form with the site's devices and empty cells), ``"signed"``
    (the latest signed revision, or ``revision``: the paper verify accepts) or ``"draft"``
    (the sheet as it stands while it is not signed, marked 草稿). ``lang``: the paper's
    language ("zh", "en"); verify reads it back from the paper."""
    from opsdesk.models import labels
    from opsdesk.ops import inspection
    from opsdesk.ops.errors import NotFound
    from opsdesk.reports.inspection import print_blank, print_inspection

    demo = is_demo(session)
    if blank:
        print_blank(inspection.blank_snapshot(session, site_id, kind, period), out, demo=demo, lang=lang)
        return "blank"
    sheet = inspection.find_sheet(session, site_id, kind, period)
    if sheet is None:
        raise NotFound(t("No {kind} {period} has been started for this site.",
                         kind=labels.inspection_kind(kind), period=period))
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
        print_inspection(inspection.snapshot(session, sheet), None, out=out, demo=demo, tz=tz, lang=lang)
        return "draft"
    print_inspection(record.snapshot, record, out=out, demo=demo, tz=tz, lang=lang)
    return "signed"


def print_sheet(session: Session, actor: Principal, site_id: int, period: str, out: Path | str | BinaryIO, *,
                revision: int | None = None, blank: bool = False, lang: str = "zh") -> str:
    """:func:`export_sheet` asked for by a user (``opsdesk inspection pdf``): whoever sees the register."""
    require(actor, Perm.VIEW_REGISTER)
    return export_sheet(session, site_id, period, out, revision=revision, blank=blank, lang=lang)
