"""The page every OpsDesk paper is printed on: A4, embedded CJK font, a header with the
hospital, the site and the paper's title, a footer with "第 1 页 共 N 页", and on a demo
database a 演示数据 mark no one can miss. A paper is printed in the language it is given
(``lang``: "zh" or "en"), its words said through the catalogue (:func:`opsdesk.i18n.say`).

Shift logs, rosters and inspection sheets are built from the same parts::

    paper = Paper(out, title="机房值班日志 2026-11-20 白班", hospital=..., site=..., demo=False)
    paper.build([paper.para("…", "title"), paper.table(header, rows, widths)])
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Image, PageTemplate, Paragraph, Table, TableStyle

from opsdesk.i18n import N_, say
from opsdesk.models import labels
from opsdesk.paths import write_atomically
from opsdesk.reports.fonts import printable, register

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#5f6670")
RULE = colors.HexColor("#8a929c")
GRID = colors.HexColor("#9aa3ad")
HEAD_BG = colors.HexColor("#e4e9f0")
GROUP_BG = colors.HexColor("#f1f3f6")
ALERT = colors.HexColor("#b3261e")
DEMO_RED = colors.HexColor("#c62828")

DEMO_MARK = N_("Demo data")

# One of reportlab's table style commands: ("OPNAME", (first col, row), (last col, row), *the op's arguments).
TableCommand: TypeAlias = tuple[str, tuple[int, int], tuple[int, int], *tuple[Any, ...]]


def short_code(hex_hash: str) -> str:
    """A code a person can read out over the phone to match a paper with the stored
    record: the first 40 bits of the hash in base32, as ``ABCD-EFGH``."""
    code = base64.b32encode(bytes.fromhex(hex_hash[:10])).decode()
    return f"{code[:4]}-{code[4:8]}"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    font = register()
    base = ParagraphStyle("body", fontName=font, fontSize=9, leading=12.5, textColor=INK, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontSize=17, leading=22, alignment=TA_CENTER, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, alignment=TA_CENTER,
                                   textColor=MUTED, spaceAfter=8),
        "h2": ParagraphStyle("h2", base, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=5),
        "cell": ParagraphStyle("cell", base, fontSize=8.5, leading=11),
        "cell_center": ParagraphStyle("cell_center", base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "cell_head": ParagraphStyle("cell_head", base, fontSize=8.5, leading=11, alignment=TA_CENTER),
        "cell_small": ParagraphStyle("cell_small", base, fontSize=7, leading=9, textColor=MUTED),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=10, textColor=MUTED, alignment=TA_LEFT),
    }


def markup(text: Any) -> str:
    """Plain text as safe paragraph markup: escaped, line breaks kept, missing glyphs visible."""
    return escape(printable(str(text))).replace("\n", "<br/>")


def run_on(lang: str, parts: Iterable[str]) -> str:
    """Statements in one sentence: 共 3 项：正常 1，异常 2 / 3 items: Normal 1, Abnormal 2
    (:func:`opsdesk.models.labels.then`)."""
    first, *more = list(parts) or [""]
    return labels.then(first, more, lang)


def short_mark(lang: str, text: str) -> str:
    """A short mark in ``lang``: the part after "…: " of its English source text
    ("date blank: y" → y), its Chinese (年) from the catalogue."""
    said = say(lang, text)
    return said.rpartition(": ")[2] if lang == "en" else said


# what follows each blank of a date written by hand: 年 月 日 时 分
DATE_BLANKS = (N_("date blank: y"), N_("date blank: m"), N_("date blank: d"), N_("date blank: h"),
               N_("date blank: min"))


class Paper:
    """One document: the page template and the building blocks of its story."""

    def __init__(self, out: Path | str | BinaryIO, *, title: str, hospital: str, site: str, demo: bool,
                 landscape_page: bool = False, footer_lines: Sequence[str] = (), author: str = "",
                 subject: str = "", lang: str = "zh") -> None:
        self.font = register()
        self.lang = lang
        self.out = str(out) if isinstance(out, Path) else out
        self.title, self.hospital, self.site, self.demo = title, hospital, site, demo
        self.footer_lines = list(footer_lines)
        self.pagesize = landscape(A4) if landscape_page else A4
        self.margin_x = 12 * mm if landscape_page else 15 * mm
        self.margin_top, self.margin_bottom = 20 * mm, 19 * mm
        self.width = self.pagesize[0] - 2 * self.margin_x
        self.height = self.pagesize[1] - self.margin_top - self.margin_bottom
        self.author, self.subject = author or hospital, subject or title
        self.styles = styles()

    # -- building blocks -------------------------------------------------------------

    def para(self, text: Any, style: str | ParagraphStyle = "body", **override: Any) -> Paragraph:
        """A paragraph of plain text (not markup)."""
        return self.rich(markup(text), style, **override)

    def rich(self, markup_text: str, style: str | ParagraphStyle = "body", **override: Any) -> Paragraph:
        """A paragraph of markup the caller built with :func:`markup` pieces."""
        st = self.styles[style] if isinstance(style, str) else style
        if override:
            st = ParagraphStyle(f"{st.name}+", st, **override)
        return Paragraph(markup_text, st)

    def table(self, header: Sequence[Any] | None, rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
              groups: Iterable[int] = (), style: Iterable[TableCommand] = (), head_style: str = "cell_head",
              cell_style: str = "cell") -> Table:
        """A gridded table whose header row repeats on every page it runs onto.

        Text cells become wrapping paragraphs. ``groups``: indexes into ``rows`` of group
        heading rows — spanned, shaded and kept with the row after them."""
        data: list[list[Any]] = []
        if header is not None:
            data.append([c if isinstance(c, Flowable) else self.para(c, head_style) for c in header])
        for row in rows:
            data.append([c if isinstance(c, Flowable) or c is None else self.para(c, cell_style) for c in row])
        first = 1 if header is not None else 0
        cmds: list[TableCommand] = [
            ("FONTNAME", (0, 0), (-1, -1), self.font),
            ("FONTSIZE", (0, 0), (-1, -1), 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BOX", (0, 0), (-1, -1), 0.9, RULE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header is not None:
            cmds += [("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE)]
        for g in groups:
            r = g + first
            cmds += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), GROUP_BG)]
            if r + 1 < len(data):
                cmds.append(("NOSPLIT", (0, r), (-1, r + 1)))
        cmds += list(style)
        return Table(data, colWidths=list(widths), repeatRows=first, style=TableStyle(cmds), hAlign="LEFT")

    def stringwidth(self, text: str, size: float) -> float:
        return pdfmetrics.stringWidth(printable(text), self.font, size)

    # -- the page ---------------------------------------------------------------------

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """Drawn first on every page (so under the content): watermark, header, footer."""
        w, h = self.pagesize
        left, right = self.margin_x, w - self.margin_x
        canv.saveState()
        if self.demo:
            canv.setFillColor(DEMO_RED)
            canv.setFillAlpha(0.07)
            canv.setFont(self.font, 64)
            canv.translate(w / 2, h / 2)
            canv.rotate(35)
            canv.drawCentredString(0, 30, printable(say(self.lang, DEMO_MARK)))
            canv.setFont(self.font, 22)
            canv.drawCentredString(0, -10, printable(say(
                self.lang, "Not an official record · not valid as a duty record")))
            canv.restoreState()
            canv.saveState()
        top = h - 12 * mm
        canv.setFillColor(MUTED)
        canv.setFont(self.font, 8.5)
        canv.drawString(left, top, printable("　".join(x for x in (self.hospital, self.site) if x)))
        canv.drawRightString(right, top, printable(self.title))
        if self.demo:
            label = printable(say(self.lang, "{demo} · not an official record", demo=say(self.lang, DEMO_MARK)))
            lw = canv.stringWidth(label, self.font, 9) + 8
            canv.setStrokeColor(DEMO_RED)
            canv.setFillColor(DEMO_RED)
            canv.setLineWidth(0.8)
            canv.roundRect(w / 2 - lw / 2, top - 3, lw, 13, 2, stroke=1, fill=0)
            canv.setFont(self.font, 9)
            canv.drawCentredString(w / 2, top, label)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, top - 5, right, top - 5)
        canv.line(left, 14 * mm, right, 14 * mm)
        canv.setFillColor(MUTED)
        canv.setFont(self.font, 7.5)
        for n, line in enumerate(self.footer_lines[:2]):
            canv.drawString(left, 10 * mm - n * 3.6 * mm, printable(line))
        canv.restoreState()

    def _page_number(self, canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setFillColor(INK)
        canv.setFont(self.font, 8.5)
        canv.drawRightString(self.pagesize[0] - self.margin_x, 10 * mm,
                             say(self.lang, "Page {page} of {total}", page=page, total=total))
        canv.restoreState()

    def build(self, story: list[Flowable]) -> None:
        """Lay the story out on A4 pages. A file named by path is written whole or not at all
        (built in memory, then ``paths.write_atomically``): a full disk or a failure half-way
        leaves an earlier copy as it was."""
        if isinstance(self.out, str):  # a path
            buffer = io.BytesIO()
            self._lay_out(buffer, story)
            write_atomically(self.out, buffer.getvalue())
        else:
            self._lay_out(self.out, story)

    def _lay_out(self, target: BinaryIO, story: list[Flowable]) -> None:
        doc = BaseDocTemplate(
            target, pagesize=self.pagesize, leftMargin=self.margin_x, rightMargin=self.margin_x,
            topMargin=self.margin_top, bottomMargin=self.margin_bottom, title=printable(self.title),
            author=printable(self.author), subject=printable(self.subject),
            creator=f"OpsDesk {say(self.lang, 'Duty-room operations console')}", initialFontName=self.font,
            initialFontSize=9, **self.doc_options(),
        )
        frame = Frame(self.margin_x, self.margin_bottom, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate,
                                           pagesize=self.pagesize)])
        doc.build(story, canvasmaker=self.canvas_maker())

    def doc_options(self) -> dict[str, Any]:
        """Extra options of reportlab's document template (a subclass may add some)."""
        return {}

    def canvas_maker(self) -> Callable[..., CountingCanvas]:
        """The canvas class the document is drawn on: counts pages for "第 n 页 共 m 页"."""
        return functools.partial(CountingCanvas, paper=self)


class CountingCanvas(Canvas):
    """Holds every page back until the end, so each can say how many there are."""

    def __init__(self, *args: Any, paper: Paper, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._paper = paper
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's private page reset, not in types-reportlab

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._paper._page_number(self, number, total)
            super().showPage()
        super().save()


def signature_image(png: bytes, width_mm: float) -> Image | None:
    """A drawn signature fitted into ``width_mm`` × 13 mm; None when the bytes are no image."""
    try:
        ImageReader(io.BytesIO(png)).getSize()
    except Exception:  # noqa: BLE001 - a damaged image must not stop the paper from printing
        return None
    image = Image(io.BytesIO(png), width=width_mm * mm, height=13 * mm, kind="proportional")
    image.hAlign = "LEFT"
    return image


def date_line(paper: Paper) -> Table:
    """``____年__月__日__时__分`` with ruled blanks, to date a hand signature
    (``____-__-__ __:__`` on an English paper)."""
    blanks: Sequence[float] = (13, 7, 7, 6, 6)
    cells: list[Any] = []
    widths: list[float] = []
    # each blank's mark after it: 年 月 日 时 分
    marks = [short_mark(paper.lang, m) for m in DATE_BLANKS]
    for blank, unit in zip(blanks, marks, strict=True):
        cells += ["", paper.para(unit, "cell")]
        # (a Chinese mark is one character: 4.5 mm; an English one as wide as it needs)
        widths += [blank * mm, max(4.5 * mm, paper.stringwidth(unit, 8.5) + 1 * mm)]
    table = Table([cells], colWidths=widths, rowHeights=[5 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), paper.font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0.5), ("RIGHTPADDING", (0, 0), (-1, -1), 0.5),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                               *[("LINEBELOW", (c, 0), (c, 0), 0.6, RULE) for c in range(0, 10, 2)]]))
    table.hAlign = "LEFT"
    return table
