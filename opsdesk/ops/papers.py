"""Signed papers, one mechanism for every kind of signed record (R-INSP-5, R-SHIFT-3).

When a revision is signed, its paper is drawn by the current drawing and kept
(``signed_paper``: the PDF, its drawing version, release and language — Chinese, the
hospital's record; :func:`keep` keeps one in another language when asked). ``opsdesk verify`` finds a
printed copy's record by the verification code on it — the code is the registry from a
paper to its record, whatever its kind — and compares the copy with the kept paper, not
with what today's code would draw. A copy printed again later by another release is
recognised too: the revision is drawn again by each drawing version this release carries
(:mod:`opsdesk.reports.drawings`), and the result says which one drew it.

A paper's language is read from the copy itself (the words before its code: 核验码 on a
Chinese paper, "verification code" on an English one): the kept papers of that language are
compared, and the revision is drawn again in that language. Papers kept before languages
existed are Chinese (migration 0017).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.clock import DEFAULT_TZ
from opsdesk.i18n import language, t
from opsdesk.models import labels
from opsdesk.models.meta import is_demo
from opsdesk.models.signing import SignedPaper, SignedRecord, short_code
from opsdesk.models.signing import verify as record_problems
from opsdesk.models.users import User
from opsdesk.reports import drawings
from opsdesk.reports.drawings import PaperInput, RecordView
from opsdesk.reports.verify import Found, Reference, VerifyResult, verify_pdf


@dataclass(frozen=True)
class PaperKind:
    """What the papers of one kind of signed record need from the store."""

    kind: str
    zone: Callable[[Session, int], str]  # the record's site's time zone
    title: Callable[[RecordView], str]  # "永和路数据中心 月度巡检表 2026-11"


def _inspection_zone(session: Session, record_id: int) -> str:
    from opsdesk.models.inspection import Inspection

    sheet = session.get(Inspection, record_id)
    return sheet.site.timezone if sheet is not None else DEFAULT_TZ


def _shift_zone(session: Session, record_id: int) -> str:
    from opsdesk.models.shift import Shift

    shift = session.get(Shift, record_id)
    return shift.site.timezone if shift is not None else DEFAULT_TZ


def _inspection_title(record: RecordView) -> str:
    """In the reader's language: "永和路数据中心 月度巡检表 2026-11"."""
    from opsdesk.reports.inspection import kind_name

    snap = record.snapshot or {}
    name = kind_name(snap, language()) if snap.get("kind") or snap.get("kind_name") else ""
    return f"{(snap.get('site') or {}).get('name', '')} {name} {snap.get('period', '')}".strip()


def _shift_title(record: RecordView) -> str:
    """In the reader's language: "永和路数据中心 机房值班日志 2026-11-20 白班"."""
    snap = record.snapshot or {}
    shift = labels.shift_code(snap.get("shift", "")) or snap.get("shift", "")
    return t("{site} duty log {day} {shift}", site=snap.get("site", ""), day=snap.get("day", ""), shift=shift).strip()


KINDS: dict[str, PaperKind] = {
    "inspection": PaperKind("inspection", _inspection_zone, _inspection_title),
    "shift": PaperKind("shift", _shift_zone, _shift_title),
}


def paper_input(session: Session, record: RecordView, printed_at: dt.datetime | None = None,
                lang: str = "zh") -> PaperInput:
    """What a drawing needs besides the revision: the site's zone, the demo mark, the names
    printed for user names (as they are now), the paper's language."""
    names = {u.username: u.display_name or u.username for u in session.scalars(select(User))}
    return PaperInput(record, is_demo(session), KINDS[record.kind].zone(session, record.record_id), names, printed_at,
                      lang)


def keep(session: Session, record: SignedRecord, lang: str = "zh") -> SignedPaper:
    """Keep the paper of ``record`` as it stands now (its signatures so far), drawn by the
    current drawing in ``lang`` (Chinese: the hospital's record); call it in the transaction
    that signs. Kept once per state, drawing and language."""
    view = RecordView.of(record)
    drawing = drawings.current(record.kind, lang)
    signed = view.signed_hash()
    existing = session.scalars(select(SignedPaper).where(SignedPaper.signed_hash == signed,
                                                         SignedPaper.drawing == drawing.version,
                                                         SignedPaper.language == lang)).first()
    if existing is not None:
        return existing
    pdf = drawing.render(paper_input(session, view, lang=lang))
    row = SignedPaper(code=short_code(signed), kind=record.kind, signed_record_id=record.id, signed_hash=signed,
                      signatures=len(view.signatures), drawing=drawing.version, release=drawing.release, pdf=pdf,
                      pdf_sha256=hashlib.sha256(pdf).hexdigest(), pages=_page_count(pdf), language=lang)
    session.add(row)
    session.flush()
    return row


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def normalise_code(code: str) -> str:
    wanted = code.strip().upper().replace(" ", "")
    return f"{wanted[:4]}-{wanted[4:]}" if len(wanted) == 8 else wanted


def find(session: Session, code: str) -> tuple[SignedRecord, RecordView, list[SignedPaper]] | None:
    """The signed revision a verification code names, its state then (the signatures it had
    when that paper was printed) and the papers kept of that state; None when no record has it."""
    wanted = normalise_code(code)
    kept = list(session.scalars(select(SignedPaper).where(SignedPaper.code == wanted)
                                .order_by(SignedPaper.drawing.desc(), SignedPaper.id)))
    if kept:
        record = session.get(SignedRecord, kept[0].signed_record_id, options=[selectinload(SignedRecord.signatures)])
        if record is not None:
            state = next((s for s in RecordView.of(record).states() if s.signed_hash() == kept[0].signed_hash), None)
            # a state no longer among the record's own: its signatures were changed after the paper was kept
            return record, state or RecordView.of(record), kept
    # No paper kept (signed where no font could draw it): any signed state with that code.
    records = session.scalars(select(SignedRecord).where(SignedRecord.kind.in_(list(KINDS)))
                              .options(selectinload(SignedRecord.signatures)))
    for record in records:
        for state in RecordView.of(record).states():
            if short_code(state.signed_hash()) == wanted:
                return record, state, []
    return None


def lookup(session: Session, code: str, lang: str = "zh") -> Found | None:
    """What :func:`opsdesk.reports.verify.verify_pdf` compares a paper in ``lang`` with: the
    papers kept in that language, then the revision drawn again in it."""
    hit = find(session, code)
    if hit is None:
        return None
    record, state, all_kept = hit
    kept = [p for p in all_kept if (p.language or "zh") == lang]
    kind = KINDS[record.kind]
    problems = record_problems(record)
    if kept and state.signed_hash() != kept[0].signed_hash:
        problems.append("signatures")
    def kept_reference(paper: SignedPaper) -> Reference:
        drawing = _drawing(record.kind, paper.drawing, lang)  # what may differ between two prints of it
        return Reference(pdf=lambda: paper.pdf, drawing=paper.drawing, release=paper.release, kept=True,
                         variable_text=drawing.variable_text, variable_boxes=drawing.variable_boxes)

    references = [kept_reference(p) for p in kept]
    inp: list[PaperInput] = []

    def drawn(drawing: drawings.Drawing) -> Callable[[], bytes]:
        def render() -> bytes:
            if not inp:
                inp.append(paper_input(session, state, lang=lang))
            return drawing.render(inp[0])
        return render

    references += [Reference(pdf=drawn(d), drawing=d.version, release=d.release, kept=False,
                             variable_text=d.variable_text, variable_boxes=d.variable_boxes)
                   for d in drawings.candidates(record.kind, lang)]
    notes = []
    if len(state.signatures) < len(record.signatures):
        later = labels.listing(f"{labels.signature_meaning(s.meaning)} {s.printed_name}"
                               for s in record.signatures[len(state.signatures):])
        notes.append(t("This copy was printed before the later signatures ({later}); print the sheet again for "
                       "a copy that carries them.", later=later))
    return Found(state, kind.title(state), kind.zone(session, record.record_id), references, problems, notes)


def _drawing(kind: str, version: int, lang: str = "zh") -> drawings.Drawing:
    live = drawings.current(kind, lang)
    if live.version == version:
        return live
    return drawings.FROZEN.get(kind, {}).get(version) or live


def verify(session: Session, source: Path | str | bytes | BinaryIO) -> VerifyResult:
    """Whether the exported paper ``source`` matches its stored signed revision (fails closed:
    ``cannot_verify`` when only its text could be compared, see :func:`opsdesk.reports.verify.verify_pdf`)."""
    return verify_pdf(source, lambda code, lang: lookup(session, code, lang))


def drawn_by(result: VerifyResult) -> str:
    """Which drawing the matched paper is: "OpsDesk 0.1.0 第 1 版版式（与签字时存档的页面一致）"."""
    if result.drawing is None:
        return ""
    where = t("kept when signed") if result.kept else t("drawn again now")
    return t("drawing {n} of OpsDesk {release} ({where})", n=result.drawing, release=result.release, where=where)
