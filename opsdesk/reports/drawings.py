"""Every way OpsDesk has drawn a signed paper, by kind and version (R-INSP-5, R-SHIFT-3).

A signed paper is verified against what was drawn when it was signed (the PDF kept in
``signed_paper``, see :mod:`opsdesk.ops.papers`), never against what today's code would
draw: a label, a number format, a person's displayed name or the font may change between
releases, and a hospital's archive of signed sheets must not turn into apparent forgeries.

Each drawing version that a release has printed stays here for good:

- version 1 is the drawing of release 0.1.0, kept verbatim in
  :mod:`opsdesk.reports.frozen.v1` (never edited; a test pins its bytes). A database from
  that release gets its kept papers drawn by it when it is upgraded (migration 0008), and
  a paper that release printed again later is still recognised.
- the live modules (:mod:`opsdesk.reports.inspection`, :mod:`opsdesk.reports.shiftlog`)
  draw new papers and say which version they draw (``DRAWING_VERSION``). While that number
  names a frozen version, the live drawing must print exactly what the frozen one prints
  (tests/inspection_paper/test_papers_across_releases.py); changing how a paper looks means raising the
  number, and the release that does so freezes the old drawing here first.

A drawing is given a :class:`PaperInput`: the signed revision as plain data
(:class:`RecordView`, also made from raw rows by the migration), the site's zone, whether the
database is a demo, the names printed for user names, the print time and the paper's language.

Languages: every paper printed before release 0.2 is Chinese, and the frozen version 1 draws
Chinese only (``Drawing.languages``). The live drawings draw Chinese and English; their Chinese
is version 1's. A paper's language is kept with the paper kept at signing (``signed_paper.language``)
and read again from a printed copy by verify (the words before its code: 核验码 / verification code).
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from opsdesk import __version__
from opsdesk.models.signing import state_hash

Box = tuple[float, float, float, float]  # mm from the page's top left corner: left, top, right, bottom


@dataclass(frozen=True)
class SignatureView:
    username: str
    printed_name: str
    role: str
    meaning: str
    signed_at: dt.datetime
    image_png: bytes | None
    hash: str


@dataclass(frozen=True)
class RecordView:
    """One signed revision as a drawing reads it (the attributes of
    :class:`opsdesk.models.signing.SignedRecord`), with the signatures it had when drawn."""

    kind: str
    record_id: int
    revision: int
    reason: str
    content_hash: str
    created_at: dt.datetime | None
    snapshot: Any
    signatures: tuple[SignatureView, ...] = ()

    @classmethod
    def of(cls, record: Any) -> RecordView:
        """From a stored :class:`~opsdesk.models.signing.SignedRecord`."""
        return cls(record.kind, record.record_id, record.revision, record.reason or "", record.content_hash,
                   record.created_at, record.snapshot,
                   tuple(SignatureView(s.username, s.printed_name, s.role, s.meaning, s.signed_at, s.image_png, s.hash)
                         for s in record.signatures))

    def signed_hash(self) -> str:
        """What the paper prints (the same rule as ``SignedRecord.signed_hash``)."""
        return state_hash(self.content_hash, [s.hash for s in self.signatures])

    def upto(self, count: int) -> RecordView:
        """The revision as it stood after its first ``count`` signatures."""
        return replace(self, signatures=self.signatures[:count])

    def states(self) -> list[RecordView]:
        """Every signed state of the revision, oldest first (one per signature)."""
        return [self.upto(n) for n in range(1, len(self.signatures) + 1)]


@dataclass(frozen=True)
class PaperInput:
    record: RecordView
    demo: bool
    tz: str
    names: Mapping[str, str] = field(default_factory=dict)  # user name → printed name (shift logs)
    printed_at: dt.datetime | None = None  # the print time a shift log states
    lang: str = "zh"  # the paper's language


@dataclass(frozen=True)
class Drawing:
    """One version of one kind of paper."""

    kind: str  # "inspection", "shift"
    version: int
    release: str  # the OpsDesk release that first printed it
    render: Callable[[PaperInput], bytes]
    # What may differ between two prints of the same revision by this drawing (a shift log's
    # print time): a pattern over the page text, and where it is drawn on every page.
    variable_text: re.Pattern[str] | None = None
    variable_boxes: tuple[Box, ...] = ()
    languages: tuple[str, ...] = ("zh",)  # the languages it draws (a frozen drawing: the one it drew)


# -- how a drawing module is called -------------------------------------------------------------

def _module(name: str) -> Callable[[], Any]:
    """The module ``opsdesk.reports.<name>``, imported when first drawn with (not at start)."""
    return lambda: importlib.import_module(f"opsdesk.reports.{name}")


def _inspection_sheet(load: Callable[[], Any], languages: bool = False) -> Callable[[PaperInput], bytes]:
    """``languages``: the module takes ``lang`` (a frozen one draws its one language and is not given it)."""
    def render(inp: PaperInput) -> bytes:
        lang = {"lang": inp.lang} if languages else {}
        pdf: bytes = load().render_bytes(inp.record.snapshot, inp.record, demo=inp.demo, tz=inp.tz, **lang)
        return pdf
    return render


def _shift_log(load: Callable[[], Any], languages: bool = False) -> Callable[[PaperInput], bytes]:
    def render(inp: PaperInput) -> bytes:
        buf = io.BytesIO()
        lang = {"lang": inp.lang} if languages else {}
        load().shift_log_pdf(inp.record.snapshot, inp.record, demo=inp.demo, out=buf, names=inp.names, tz=inp.tz,
                             printed_at=inp.printed_at or _signed_at(inp.record), **lang)
        return buf.getvalue()
    return render


def _signed_at(record: RecordView) -> dt.datetime:
    times = [s.signed_at for s in record.signatures] or [record.created_at or dt.datetime(2000, 1, 1)]
    return max(times)


# The second footer line of a portrait shift log: "打印时间 2026-11-20 17:30　OpsDesk 机房值班运维台",
# its baseline 6.4 mm above the bottom edge of a 297 mm page.
SHIFT_PRINT_TIME_V1 = re.compile(r"打印时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
SHIFT_PRINT_TIME_BOX_V1: Box = (0.0, 287.8, 210.0, 292.5)

# -- drawing version 1 (release 0.1.0), frozen --------------------------------------------------

FROZEN: dict[str, dict[int, Drawing]] = {
    "inspection": {1: Drawing("inspection", 1, "0.1.0", _inspection_sheet(_module("frozen.v1.inspection")))},
    "shift": {1: Drawing("shift", 1, "0.1.0", _shift_log(_module("frozen.v1.shiftlog")), SHIFT_PRINT_TIME_V1,
                         (SHIFT_PRINT_TIME_BOX_V1,))},
}


# -- the live drawings --------------------------------------------------------------------------

LANGUAGES = ("zh", "en")  # what the live drawings print


def _live(kind: str, lang: str = "zh") -> Drawing:
    text: re.Pattern[str] | None
    boxes: tuple[Box, ...]
    if kind == "inspection":
        from opsdesk.reports.inspection import DRAWING_VERSION as version

        render, text, boxes = _inspection_sheet(_module("inspection"), languages=True), None, ()
    elif kind == "shift":
        from opsdesk.reports.shiftlog import DRAWING_VERSION as version
        from opsdesk.reports.shiftlog import PRINT_TIME, PRINT_TIME_BOX

        render, text, boxes = _shift_log(_module("shiftlog"), languages=True), PRINT_TIME, (PRINT_TIME_BOX,)
    else:
        raise KeyError(kind)
    frozen = FROZEN[kind].get(version)
    # the release that first printed it: the frozen version's for the language that one drew,
    # this release's for a language it did not (the English papers of drawing 1)
    release = frozen.release if frozen is not None and lang in frozen.languages else __version__
    return Drawing(kind, version, release, render, text, boxes, LANGUAGES)


def current(kind: str, lang: str = "zh") -> Drawing:
    """The drawing new papers of ``kind`` are printed with (in ``lang``)."""
    return _live(kind, lang)


def candidates(kind: str, lang: str = "zh") -> list[Drawing]:
    """Every drawing a paper of ``kind`` in ``lang`` may have been printed with: the live one
    first, then the frozen ones that drew that language, newest first."""
    live = current(kind, lang)
    # A frozen version the live drawing still draws is the same paper (a test holds them equal).
    return [live, *(d for v, d in sorted(FROZEN.get(kind, {}).items(), reverse=True)
                    if v != live.version and lang in d.languages)]


def kinds() -> list[str]:
    return list(FROZEN)
