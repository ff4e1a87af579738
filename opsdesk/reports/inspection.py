"""The inspection sheet on paper (月度巡检表 and the other inspections, R-INSP-4, R-INSP-5).

Printed only from a frozen snapshot (the dict :func:`opsdesk.ops.inspection.snapshot`
makes, the one that is hashed and signed) and the signed revision that covers it, never
from live rows: any stored revision prints again exactly as it was signed, and
:mod:`opsdesk.reports.verify` can render a revision again to compare it with a paper.

So the output is deterministic — the same snapshot and record give the same bytes:
reportlab's invariant mode, document dates taken from the record, no print time.

Landscape A4: one table per device class, its header row repeated on every page it runs
onto; the findings and advice; the two signature blocks (巡检人, 审核人) with the drawn
signature; and a verification block with the revision, the signed hash, the short code
and a QR code. Every page's footer carries the revision and the code, so one page on
its own can still be checked. :func:`print_blank` prints the same form with empty
cells for use on paper when the console is down.

The labels are English source texts said in the paper's language (``lang``, "zh" by default:
the hospital's Chinese record) through the catalogue, :mod:`opsdesk.messages_zh`; what the
snapshot holds (the site, the devices, the sheet's own section and item names) is printed as
it was signed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Group, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from opsdesk.clock import DEFAULT_TZ, format_local, to_local
from opsdesk.i18n import N_, say, say_n
from opsdesk.models import labels
from opsdesk.models.signing import Signature, SignedRecord, sha256
from opsdesk.reports.fonts import FONT_NAME, printable
from opsdesk.reports.paper import (
    ALERT,
    GRID,
    GROUP_BG,
    HEAD_BG,
    INK,
    MUTED,
    RULE,
    CountingCanvas,
    Paper,
    TableCommand,
    date_line,
    markup,
    run_on,
    short_code,
    signature_image,
)

# The drawing this module prints (opsdesk.reports.drawings): while it names a frozen version,
# this module must print exactly what that version prints. Raise it with any visible change.
DRAWING_VERSION = 1

# The signature meanings as the record stores them (data), and what the paper calls them
INSPECTOR, REVIEWER = "巡检人", "审核人"
MEANINGS = (INSPECTOR, REVIEWER)
ROLE_NAMES = {"duty": N_("Duty engineer"), "supervisor": N_("Reviewer (supervisor)"), "admin": N_("Administrator")}
NUMERALS = "一二三四五六七八九十"
ABNORMAL_BG = colors.HexColor("#fbe9e7")
QR_PREFIX = "OPSDESK"
# Fixed columns, mm (landscape A4 less 12 mm margins: 273 mm)
NO_W, TAG_W, NAME_W, LOC_W, NOTE_MIN_W = 10, 25, 46, 27, 34
ITEM_MIN_W, ITEM_MAX_W = 17, 30


def kind_name(snapshot: dict[str, Any], lang: str = "zh") -> str:
    """The sheet's title: as the snapshot names it on a Chinese paper, in English on an English one
    (labels.inspection_kind; a kind it does not know, by the snapshot's name)."""
    stored = snapshot.get("kind_name") or ""
    if lang == "zh" or snapshot.get("kind", "") not in labels.INSPECTION_KINDS:
        return str(stored or say(lang, "Inspection sheet"))
    return labels.inspection_kind(snapshot["kind"], lang)


def qr_payload(code: str, signed_hash: str) -> str:
    """What the QR code says: enough to find the record and check the hash by eye."""
    return f"{QR_PREFIX}:{code}:{signed_hash}"


def verification_code(record: SignedRecord) -> str:
    return short_code(record.signed_hash())


def _ordinal(n: int, lang: str = "zh") -> str:
    """一、二 … 十一 on a Chinese paper; 1, 2 … on an English one."""
    if lang == "en":
        return str(n)
    if n <= 10:
        return NUMERALS[n - 1]
    return (NUMERALS[n // 10 - 1] if n >= 20 else "") + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _small(text: str, colour: colors.Color = MUTED, size: float = 6.5) -> str:
    return f'<font size="{size}" color="{colour.hexval()}">{markup(text)}</font>'


def _num(x: Any) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def expected_range(col: dict[str, Any]) -> str:
    """``18–27 ℃``, ``≤ 80 %``, ``≥ 90 %`` — how the header states what is expected."""
    if col.get("kind") != "number":
        return ""
    if col.get("range"):
        return str(col["range"])
    low, high, unit = col.get("low"), col.get("high"), col.get("unit") or ""
    unit = f" {unit}" if unit else ""
    if low is not None and high is not None and low != 0:
        return f"{_num(low)}–{_num(high)}{unit}"
    if high is not None:
        return f"≤ {_num(high)}{unit}"
    if low is not None:
        return f"≥ {_num(low)}{unit}"
    return unit.strip()


def period_text(kind: str, period: str, lang: str = "zh") -> str:
    """``2026-11`` → ``2026 年 11 月``; ``2026-Q4`` → ``2026 年第四季度``; ``2026-H2`` → ``2026 年下半年``
    (``November 2026``, ``Q4 2026``, ``H2 2026`` in English)."""
    year, _, rest = period.partition("-")
    if kind and rest.isdigit() and year.isdigit():
        month = calendar.month_name[int(rest)] if lang == "en" and 1 <= int(rest) <= 12 else str(int(rest))
        return say(lang, "{month} {year}", month=month, year=year)
    if rest[:1] == "Q" and rest[1:].isdigit():
        quarter = rest[1:] if lang == "en" else NUMERALS[int(rest[1:]) - 1]
        return say(lang, "Q{quarter} {year}", quarter=quarter, year=year)
    if rest == "H1":
        return say(lang, "H1 {year}", year=year)
    if rest == "H2":
        return say(lang, "H2 {year}", year=year)
    return period


class InspectionPaper:
    """Lays out one snapshot; :func:`print_inspection` and :func:`print_blank` are the way in."""

    def __init__(self, snapshot: dict[str, Any], record: SignedRecord | None, *, demo: bool, tz: str,
                 blank: bool = False, lang: str = "zh") -> None:
        self.s, self.record, self.demo, self.tz, self.blank = snapshot, record, demo, tz, blank
        self.lang = lang
        self.site = snapshot.get("site") or {}
        self.kind_name = kind_name(snapshot, lang)
        self.period = period_text(snapshot.get("kind", ""), str(snapshot.get("period", "")), lang)
        self.title = f"{self.kind_name} {snapshot.get('period', '')}"
        self.signatures: dict[str, Signature] = {sg.meaning: sg for sg in (record.signatures if record else [])}
        self.signed_hash = record.signed_hash() if record is not None and record.signatures else None
        self.code = short_code(self.signed_hash) if self.signed_hash else None

    # -- state ------------------------------------------------------------------------

    def state(self) -> str:
        lang = self.lang
        if self.blank:
            return say(lang, "Blank form (filled in by hand)")
        if self.record is None:
            return say(lang, "Draft (not signed)")
        if REVIEWER in self.signatures:
            return say(lang, "Reviewed, signed and locked")
        if INSPECTOR in self.signatures:
            return say(lang, "Signed by the inspector, awaiting review")
        return say(lang, "Frozen, awaiting signatures")

    def revision_text(self) -> str:
        if self.blank or self.record is None:
            return "—"
        text = say(self.lang, "Revision {n}", n=self.record.revision)
        if self.record.revision > 1 and self.record.reason:
            text += say(self.lang, " (reason for the correction: {reason})", reason=self.record.reason)
        return text

    def footer_lines(self) -> list[str]:
        site = self.site.get("name", "")
        lang = self.lang
        if self.blank:
            first = say(lang, "Blank form · filled in on paper while the system is down, entered into OpsDesk "
                              "and signed electronically once it is back")
        elif self.record is None:
            first = say(lang, "Draft · not frozen, not signed, cannot be verified")
        elif self.signed_hash is None:
            first = say(lang, "Revision {n} · awaiting signatures · content hash {hash}", n=self.record.revision,
                        hash=self.record.content_hash[:16])
        else:
            first = say(lang, "Revision {n} · verification code {code} · signed hash {hash}", n=self.record.revision,
                        code=self.code, hash=self.signed_hash[:16])
        return [first, f"{site} {self.title} · OpsDesk {say(lang, 'Duty-room operations console')}"]

    # -- heading ----------------------------------------------------------------------

    def heading(self, paper: Paper) -> list[Flowable]:
        s = self.s
        sections = s.get("sections") or []
        units = sum(len(sec.get("rows") or []) for sec in sections)
        per_class = run_on(self.lang, (f"{sec.get('title', '')} {len(sec.get('rows') or [])}"
                                       for sec in sections if sec.get("rows")))
        abnormal = sum(1 for sec in sections for row in sec.get("rows") or []
                       for v in (row.get("values") or {}).values() if (v or {}).get("result") == "abnormal")
        lang = self.lang
        due = str(s.get("due") or "")
        due_cell: Any = due
        if s.get("provisional"):
            provisional = markup(say(lang, "provisional"))
            due_cell = paper.rich(f'{markup(due)}　<font color="{ALERT.hexval()}">{provisional}</font>'
                                  + _small(say(lang, " (this year's holidays are not announced yet; reckoned from "
                                                     "the statutory holidays)")), "cell")
        site = self.site.get("name", "") + (say(lang, " ({code})", code=self.site["code"])
                                            if self.site.get("code") else "")
        rows: list[list[Any]] = [
            [say(lang, "Hospital"), self.site.get("hospital", ""), say(lang, "Machine room"), site,
             say(lang, "Inspection period"), self.period],
            [say(lang, "Date due"), due_cell, say(lang, "Record revision"), self.revision_text(),
             say(lang, "Record status"), self.state()],
            [say(lang, "Devices inspected"), say(lang, "{n} units/places: {per_class}", n=units, per_class=per_class),
             say(lang, "Abnormal items"), "" if self.blank else say_n(lang, "{n} item", "{n} items", abnormal),
             say(lang, "Inspection date"), "" if self.blank else self.inspected_on()],
        ]
        for row in rows:
            for c in (0, 2, 4):
                row[c] = paper.para(row[c], "cell", textColor=MUTED)
        w = paper.width
        # the label columns: wider for English labels, which wrap only between words
        first, label = (22 * mm, 20 * mm) if lang == "zh" else (30 * mm, 30 * mm)
        table = paper.table(None, rows, [first, w * 0.34 - first, label, w * 0.33 - label, label, w * 0.33 - label],
                            style=[("BACKGROUND", (c, 0), (c, -1), GROUP_BG) for c in (0, 2, 4)])
        title = self.kind_name
        out: list[Flowable] = [paper.para(title, "title")]
        sub = f"{self.site.get('name', '')}　{self.period}"
        if self.blank:
            sub += "　" + say(lang, "(blank form)")
        elif self.record is None:
            sub += "　" + say(lang, "(draft)")
        if s.get("provisional"):
            sub += "　" + say(lang, "date provisional")
        out += [paper.para(sub, "subtitle"), table]
        return out

    def inspected_on(self) -> str:
        sig = self.signatures.get(INSPECTOR)
        return format_local(sig.signed_at, self.tz)[:10] if sig is not None else ""

    # -- the device tables ------------------------------------------------------------

    def widths(self, paper: Paper, n_items: int) -> tuple[list[float], float]:
        fixed = (NO_W + TAG_W + NAME_W + LOC_W + NOTE_MIN_W) * mm
        free = paper.width - fixed
        item = min(max(free / max(n_items, 1), ITEM_MIN_W * mm), ITEM_MAX_W * mm)
        note = paper.width - (NO_W + TAG_W + NAME_W + LOC_W) * mm - item * n_items
        return [NO_W * mm, TAG_W * mm, NAME_W * mm, LOC_W * mm, *([item] * n_items), note], item

    def header_cell(self, col: dict[str, Any], width: float) -> _Lines:
        """The item's name, wrapped to the column, over its expected range in small print."""
        expected = expected_range(col)
        if col.get("kind") == "check":
            expected = say(self.lang, "normal/abnormal")
        inner = width - 2 * PAD_X
        lines = [(t, 8.5, INK) for t in wrap_text(str(col.get("label") or col.get("key", "")), 8.5, inner)]
        lines += [(t, 6.5, MUTED) for t in wrap_text(expected, 6.5, inner)] if expected else []
        return _Lines.of(tuple(lines), leading=HEAD_LEADING)

    def value_cell(self, col: dict[str, Any], v: dict[str, Any] | None, width: float) -> tuple[_Lines | str, bool]:
        """The printed cell and whether it is abnormal. Lines drawn straight onto the page
        (:class:`_Lines`, :class:`_SheetTable`): a sheet has thousands of these cells, and a
        wrapping paragraph each would cost several times the rest of the layout."""
        kind = col.get("kind")
        lang = self.lang
        if self.blank:
            if kind == "check":
                boxes = (("□ " + say(lang, "Normal"), 7.5, INK), ("□ " + say(lang, "Abnormal"), 7.5, INK))
                return _Lines.of(boxes), False
            unit = col.get("unit") or ""
            return (_Lines.of(((unit, 7, MUTED),), align="right") if unit else ""), False
        v = v or {}
        result = v.get("result") or ""
        text = str(v.get("text") or "")
        abnormal = result == "abnormal"
        lines: list[tuple[str, float, colors.Color]]
        if result == "na":
            lines = [("— " + say(lang, "Not applicable"), 8, MUTED)]
        elif kind == "check":
            if result == "ok":
                lines = [("√ " + say(lang, "Normal"), 8.5, INK)]
            elif abnormal:
                lines = [("× " + say(lang, "Abnormal"), 8.5, ALERT)]
            else:
                lines = [("□ " + say(lang, "Not checked"), 8, MUTED)]
            # a check's text is the stored word for its result ("正常", "异常") unless someone wrote more
            if text and text not in (say("zh", "Normal"), say("zh", "Abnormal"), "Normal", "Abnormal"):
                lines.append((text, 6.5, INK))
        elif not text and not result:
            lines = [("□ " + say(lang, "Not checked"), 8, MUTED)]
        elif abnormal:
            lines = [(say(lang, "{value} abnormal", value=text), 8.5, ALERT)]
        else:
            lines = [(text, 8.5, INK)]
        if v.get("source") == "monitor" and v.get("read_at"):
            lines.append((say(lang, "live {time}", time=self.short_time(str(v["read_at"]))), 6.5, MUTED))
        inner = width - 2 * PAD_X
        if any(_width(t, size) > inner for t, size, _ in lines):  # free text may need to wrap
            lines = [(part, size, colour) for t, size, colour in lines for part in wrap_text(t, size, inner)]
        return _Lines.of(tuple(lines)), abnormal

    @staticmethod
    def text_cell(text: str, width: float) -> _Lines | str:
        """Plain text: drawn as it is when it fits on one line, else wrapped to the column
        (measured, at character or word boundaries; no paragraph layout)."""
        if not text:
            return ""
        if "\n" not in text and _width(text, 8.5) <= width - 2 * PAD_X:
            return printable(text)
        return _Lines.of(tuple((t, 8.5, INK) for t in wrap_text(text, 8.5, width - 2 * PAD_X)), align="left",
                         leading=TEXT_LEADING)

    def short_time(self, stamp: str) -> str:
        """``2026-11-22 10:00`` → ``11-22 10:00`` within the sheet's year."""
        year = str(self.s.get("period", ""))[:4]
        return stamp[5:] if year and stamp.startswith(year) else stamp

    def section(self, paper: Paper, n: int, sec: dict[str, Any]) -> list[Flowable]:
        cols: list[dict[str, Any]] = list(sec.get("columns") or [])
        rows_in: list[dict[str, Any]] = list(sec.get("rows") or [])
        lang = self.lang
        head = say(lang, "{n}. {title} ({count} units)", n=_ordinal(n, lang), title=sec.get("title", ""),
                   count=len(rows_in))
        if sec.get("key") == "room":
            head = say(lang, "{n}. {title} ({count} places)", n=_ordinal(n, lang), title=sec.get("title", ""),
                       count=len(rows_in))
        widths, _ = self.widths(paper, len(cols))
        fixed = (say(lang, "No."), say(lang, "Asset tag"), say(lang, "Device"), say(lang, "Location"))
        # (strict=False: the widths go on past the fixed columns and past the items, to the note)
        header = [*(_head_label(t, w) for t, w in zip(fixed, widths, strict=False)),
                  *[self.header_cell(c, w) for c, w in zip(cols, widths[4:], strict=False)],
                  _head_label(say(lang, "Note"), widths[-1])]
        rows: list[list[Any]] = []
        style: list[TableCommand] = []
        for r, row in enumerate(rows_in, start=1):
            values = row.get("values") or {}
            cells: list[Any] = [str(r), printable(row.get("asset_tag") or "—"),
                                self.text_cell(row.get("name", ""), widths[2]),
                                self.text_cell(row.get("location", ""), widths[3])]
            notes: list[str] = []
            for c, col in enumerate(cols):
                v = values.get(col.get("key"))
                cell, abnormal = self.value_cell(col, v, widths[4 + c])
                cells.append(cell)
                if abnormal:
                    style.append(("BACKGROUND", (4 + c, r), (4 + c, r), ABNORMAL_BG))
                if not self.blank and v and v.get("note"):
                    notes.append(say(lang, "{label}: {note}", label=col.get("label", ""), note=v["note"]))
            cells.append(self.text_cell(labels.clauses(notes, lang), widths[-1]))
            rows.append(cells)
        # room to write by hand on the blank form
        table = _grid(header, rows, widths, style, min_row=9 * mm if self.blank else 0.0)
        # a heading never sits alone at a page foot: it goes on with the header row and the
        # first device; the table itself runs on across pages
        heading = paper.para(head, "h2")
        need = heading.wrap(paper.width, paper.height)[1] + heading.getSpaceBefore() + heading.getSpaceAfter()
        first_rows = sum(table._argH[:2])  # type: ignore[attr-defined]  # reportlab's private row heights
        return [CondPageBreak(max(32 * mm, need + first_rows + 1)), heading, table]

    def legend(self, paper: Paper) -> Flowable:
        if self.blank:
            text = say(self.lang, "Note: the small print under each heading is the expected range. Write values "
                                  "with their unit; tick √ in the □ of a check. Describe an abnormal item in the "
                                  "note column and sum it up in the findings.")
        else:
            text = say(self.lang, "Note: √ normal, × abnormal, — not applicable, □ not checked; a red background "
                                  "marks an item outside its expected range or a failed check, described in the "
                                  "note column. “Live” is the time of the monitor's reading; everything else was "
                                  "entered on site by the inspector.")
        return paper.para(text, "small")

    # -- findings, signatures, verification -------------------------------------------

    def findings(self, paper: Paper, n: int) -> list[Flowable]:
        lang = self.lang
        out: list[Flowable] = [paper.para(say(lang, "{n}. Findings and advice", n=_ordinal(n, lang)), "h2",
                                          keepWithNext=1)]
        if self.blank:
            cells = ["", ""]
            style = [("VALIGN", (0, 1), (-1, 1), "TOP")]
        else:
            cells = [self.s.get("findings") or say(lang, "(none)"), self.s.get("advice") or say(lang, "(none)")]
            style = [("VALIGN", (0, 1), (-1, 1), "TOP")]
        table = paper.table([say(lang, "Findings"), say(lang, "Advice")], [cells], [paper.width / 2] * 2,
                            style=style)
        if self.blank:
            table._rowHeights = table._argH = [None, 34 * mm]  # type: ignore[attr-defined]  # private row heights
        out.append(table)
        return out

    def signature_block(self, paper: Paper, meaning: str) -> Table:
        lang = self.lang
        sig = None if self.blank else self.signatures.get(meaning)
        captions = [say(lang, "Signature"), say(lang, "Full name"), say(lang, "Role"), say(lang, "Signed at")]
        if sig is not None:
            mark: Any = signature_image(sig.image_png, 45) if sig.image_png else None
            if mark is None:
                note = (say(lang, "(electronic signature confirmed by password)") if not sig.image_png else
                        say(lang, "(the signature image cannot be shown; the password confirmation stands)"))
                mark = paper.rich(f"{markup(sig.printed_name)}　{_small(note)}", "cell")
            values = [mark, sig.printed_name, say(lang, ROLE_NAMES.get(sig.role, sig.role)),
                      format_local(sig.signed_at, self.tz)]
            lines: list[TableCommand] = []
        else:
            values = ["", "", "", date_line(paper)]
            lines = [("LINEBELOW", (1, r), (1, r), 0.6, RULE) for r in range(1, 4)]
        rows = [[k, v] for k, v in zip(captions, values, strict=True)]
        data: list[list[Any]] = [[paper.para(labels.signature_meaning(meaning, lang), "body"), None]]
        data += [[paper.para(k, "cell", textColor=MUTED), v if isinstance(v, Flowable) else paper.para(v, "cell")]
                 for k, v in rows]
        label = 16 if lang == "zh" else 20
        table = Table(data, colWidths=[label * mm, (86 - label) * mm],
                      rowHeights=[6 * mm, 15 * mm, 7 * mm, 7 * mm, 7 * mm])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), paper.font), ("SPAN", (0, 0), (1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2), *lines,
        ]))
        return table

    def verification(self, paper: Paper) -> Table:
        """Revision, hash, code and QR; on a draft or blank form what stands in their place."""
        lang = self.lang
        if self.blank:
            lines = [say(lang, "Paper inspection sheet (blank form): it carries no electronic signature and "
                               "cannot be verified in the system."),
                     say(lang, "Once the system is back, enter the results into OpsDesk and have the inspector and "
                               "the reviewer sign them electronically; file this paper with the month's records.")]
            qr: Any = ""
        elif self.record is None:
            lines = [say(lang, "Draft: not frozen, not signed, cannot be verified. Export it again once signed.")]
            qr = ""
        elif self.signed_hash is None:
            lines = [say(lang, "Record revision: {revision} (awaiting signatures)", revision=self.revision_text()),
                     say(lang, "Content hash (SHA-256): {hash}", hash=self.record.content_hash),
                     say(lang, "Export it again once signed to make it verifiable.")]
            qr = ""
        else:
            code = self.code
            if code is None:  # made with the signed hash
                raise RuntimeError("a signed sheet without its verification code")
            lines = [say(lang, "Record revision: {revision}", revision=self.revision_text()),
                     say(lang, "Signed hash (SHA-256): {hash}", hash=self.signed_hash),
                     say(lang, "Verification code: {code}", code=code),
                     say(lang, "How to verify: choose “Verify a paper” in OpsDesk, or run opsdesk verify file.pdf; "
                               "the system takes the signed revision this code names, draws it again and compares "
                               "the pages' content page by page.")]
            qr = _qr(qr_payload(code, self.signed_hash), 27 * mm)
        text = paper.rich("<br/>".join(markup(x) for x in lines), "cell", leading=12)
        if qr:
            table = Table([[qr, text]], colWidths=[31 * mm, paper.width - 31 * mm])
        else:
            table = Table([[text]], colWidths=[paper.width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), paper.font), ("BOX", (0, 0), (-1, -1), 0.6, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def closing(self, paper: Paper, n: int) -> list[Flowable]:
        blocks = Table([[self.signature_block(paper, m) for m in MEANINGS]], colWidths=[paper.width / 2] * 2)
        blocks.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), paper.font),
                                    ("BOX", (0, 0), (0, 0), 0.6, GRID), ("BOX", (1, 0), (1, 0), 0.6, GRID),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                                    ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return [paper.para(say(self.lang, "{n}. Signatures and verification", n=_ordinal(n, self.lang)), "h2"), blocks,
                Spacer(1, 3 * mm), self.verification(paper)]

    # -- the document -----------------------------------------------------------------

    def story(self, paper: Paper) -> list[Flowable]:
        story: list[Flowable] = [*self.heading(paper), Spacer(1, 1 * mm)]
        n = 0
        for sec in self.s.get("sections") or []:
            n += 1
            story += self.section(paper, n, sec)
        story += [Spacer(1, 1.5 * mm), self.legend(paper)]
        story += self.findings(paper, n + 1)
        story.append(KeepTogether(self.closing(paper, n + 2)))
        return story

    def document_time(self) -> dt.datetime | None:
        """The time the document says it was made: the newest signature, else the revision's freezing."""
        if self.record is None or self.blank:
            return None
        times = [sg.signed_at for sg in self.record.signatures] or [self.record.created_at]
        return max((t for t in times if t is not None), default=None)

    def build(self, out: Path | str | BinaryIO) -> None:
        site = self.site.get("name", "")
        paper = _StablePaper(out, title=self.title, hospital=self.site.get("hospital", ""), site=site,
                             demo=self.demo, landscape_page=True, footer_lines=self.footer_lines(),
                             subject=f"{site} {self.title}", stamp=self._pdf_date(), lang=self.lang)
        paper.build(self.story(paper))

    def _pdf_date(self) -> str:
        when = self.document_time()
        if when is None:
            return "D:20000101000000+00'00'"
        local = to_local(when, self.tz)
        off = local.utcoffset() or dt.timedelta()
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        return f"D:{local:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


class _StablePaper(Paper):
    """The paper built in reportlab's invariant mode with a fixed document date: the same
    inputs give the same bytes, which verify relies on."""

    def __init__(self, *args: Any, stamp: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stamp = stamp

    def doc_options(self) -> dict[str, Any]:
        return {"invariant": 1}

    def canvas_maker(self) -> Callable[..., CountingCanvas]:
        return functools.partial(_StampedCanvas, paper=self, stamp=self.stamp)


class _StampedCanvas(CountingCanvas):
    def __init__(self, *args: Any, stamp: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setDateFormatter(lambda *_: stamp)


class _QrCode(Flowable):
    """A QR code drawn as filled squares straight onto the page. (reportlab's graphics
    renderer would set a Helvetica font state, a font that is not embedded.)"""

    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload, self.size = payload, size
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        squares, (x1, y1, x2, y2) = _qr_squares(self.payload)
        sx, sy = self.size / (x2 - x1), self.size / (y2 - y1)
        canv = self.canv
        canv.saveState()
        canv.setFillColor(colors.black)
        for x, y, w, h in squares:
            canv.rect((x - x1) * sx, (y - y1) * sy, w * sx, h * sy, stroke=0, fill=1)
        canv.restoreState()


@functools.lru_cache(maxsize=16)
def _qr_squares(payload: str) -> tuple[tuple[tuple[float, float, float, float], ...], tuple[float, ...]]:
    """The dark modules of the QR code of ``payload`` and its bounds (encoded once)."""
    widget = QrCodeWidget(payload, barLevel="M")
    group: Group = widget.draw()  # type: ignore[no-untyped-call]  # draw() is unannotated in types-reportlab
    squares = tuple((r.x, r.y, r.width, r.height) for r in group.contents
                    if isinstance(r, Rect) and r.fillColor is not None and r.fillColor != colors.white)
    return squares, tuple(group.getBounds())


class _Lines(Flowable):
    """A few short lines in the CJK font, each with its size and colour, centred (or left
    or right aligned) in a cell; ``leading``: each line's height (default 1.28 × its size).

    :class:`_SheetTable` draws them itself; as a flowable anywhere else they draw the same.
    Equal cells are one shared object (:meth:`of`): they are never changed once made."""

    def __init__(self, lines: Sequence[tuple[str, float, colors.Color]], align: str = "center",
                 leading: float | None = None) -> None:
        super().__init__()
        self.lines = [(printable(t), size, colour, leading or size * 1.28) for t, size, colour in lines]
        self.align = align
        self.height = sum(h for *_, h in self.lines)

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def of(lines: tuple[tuple[str, float, colors.Color], ...], align: str = "center",
           leading: float | None = None) -> _Lines:
        return _Lines(lines, align, leading)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width  # (a shared cell is wrapped right before each drawing)
        return avail_width, self.height

    def draw(self) -> None:
        canv, width = self.canv, self.width
        y = self.height
        for text, size, colour, line_height in self.lines:
            y -= line_height
            canv.setFont(FONT_NAME, size)
            canv.setFillColor(colour)
            base = y + (line_height - size * 1.28) / 2 + size * 0.22
            if self.align == "right":
                canv.drawRightString(width, base, text)
            elif self.align == "left":
                canv.drawString(0, base, text)
            else:
                canv.drawCentredString(width / 2, base, text)


def _qr(payload: str, size: float) -> Flowable:
    return _QrCode(payload, size)


def _grid(header: list[Any], rows: list[list[Any]], widths: list[float], style: list[TableCommand],
          min_row: float = 0.0) -> Table:
    """:meth:`Paper.table`'s gridded table with its header row repeated, made cheap to lay
    out for a register of hundreds of devices: plain strings stay strings (drawn in the
    table's font), other cells are :class:`_Lines` drawn straight onto the page, every
    row's height is known beforehand (nothing is wrapped to measure it, not even when the
    table is split across pages), and all cells share a handful of cell styles instead of
    a style command applied to each cell. ``style``: backgrounds and lines only."""
    if not all(cmd[0] in ("BACKGROUND", "LINEBELOW", "LINEABOVE", "BOX") for cmd in style):
        raise ValueError(f"a device table takes backgrounds and lines only: {style}")
    n_cols = len(widths)
    body = [_CENTER_STYLE, *[_LEFT_STYLE] * 3, *[_CENTER_STYLE] * (n_cols - 5), _LEFT_STYLE]
    cell_styles = [[_HEAD_STYLE] * n_cols, *([body] * len(rows))]
    # a row to write in by hand keeps its height unless its printed text would not fit
    # even when it runs into the cell's padding
    heights = [_row_height(header)] + [max(_row_height(row) - (PAD_TOP + PAD_BOTTOM if min_row else 0), min_row)
                                       for row in rows]
    cmds: list[TableCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID), ("BOX", (0, 0), (-1, -1), 0.9, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.9, RULE), *style,
    ]
    return _SheetTable([header, *rows], colWidths=widths, rowHeights=heights, repeatRows=1, style=TableStyle(cmds),
                       hAlign="LEFT", cellStyles=cell_styles)


# The device tables' cells: 8.5 pt in the CJK font, 12 pt leading for plain strings (as a
# table's default), centred vertically; header cells centred, value columns centred.
PAD_X, PAD_TOP, PAD_BOTTOM = 3.5, 2.5, 3.0
STRING_LEADING, TEXT_LEADING, HEAD_LEADING = 12.0, 11.0, 11.0


def _cell_style(name: str, align: Literal["LEFT", "CENTER"]) -> CellStyle:
    style = CellStyle(name)
    style.fontname, style.fontsize, style.leading, style.color = FONT_NAME, 8.5, STRING_LEADING, INK
    style.alignment, style.valign = align, "MIDDLE"
    style.leftPadding = style.rightPadding = PAD_X
    style.topPadding, style.bottomPadding = PAD_TOP, PAD_BOTTOM
    return style


_LEFT_STYLE = _cell_style("sheet-left", "LEFT")
_CENTER_STYLE = _cell_style("sheet-center", "CENTER")
_HEAD_STYLE = _cell_style("sheet-head", "CENTER")


def _row_height(cells: list[Any]) -> float:
    """What reportlab would make of the row: the tallest cell and its padding."""
    tallest = 0.0
    for cell in cells:
        if isinstance(cell, _Lines):
            h = cell.height
        elif isinstance(cell, Flowable):  # not expected here; measured as reportlab would
            h = cell.wrap(10_000, 10_000)[1]
        else:
            h = STRING_LEADING * (str(cell or "").count("\n") + 1)
        tallest = max(tallest, h)
    return tallest + PAD_TOP + PAD_BOTTOM


@functools.lru_cache(maxsize=8192)
def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(printable(text), FONT_NAME, size)


_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_/:%+#")
_NO_LINE_START = frozenset("）)]】」』〕，。、；：！？,.;:!?%℃")
_NO_LINE_END = frozenset("（([【「『〔")
_HANGING = frozenset("）】」』〕，。、；：！？")


@functools.lru_cache(maxsize=2048)
def wrap_text(text: str, size: float, width: float) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width`` at ``size`` pt: anywhere between
    Chinese characters, at a space or a word's edge in Latin text (a longer word is broken),
    and never with a closing mark starting a line or an opening one ending it."""
    out: list[str] = []
    for part in text.split("\n"):
        out += _wrap_line(part, size, width)
    return tuple(out)


def _wrap_line(text: str, size: float, width: float) -> list[str]:
    if _width(text, size) <= width:
        return [text]
    widths = [_width(ch, size) for ch in text]
    lines: list[str] = []
    i, n = 0, len(text)
    while i < n:
        used, j = 0.0, i
        while j < n and used + widths[j] <= width:
            used += widths[j]
            j += 1
        # one full-width closing mark may hang into the cell's padding, as in reportlab's
        # CJK wrapping (its ink is on the left of its box)
        if j < n and text[j] in _HANGING and used + widths[j] <= width + size:
            used += widths[j]
            j += 1
        if j >= n:
            lines.append(text[i:].rstrip())
            break
        k = _break_at(text, i, max(j, i + 1))
        lines.append(text[i:k].rstrip())
        i = k
        while i < n and text[i] == " ":
            i += 1
    return [line for line in lines if line] or [""]


def _break_at(text: str, i: int, j: int) -> int:
    """Where to end the line ``text[i:j]`` that cannot take ``text[j]``: moved back so that
    no Latin word is split and no line starts with a closing mark or ends with an opening
    one; ``j`` itself when no such place is left on the line."""
    k = j
    while k > i + 1:
        if text[k] in _NO_LINE_START or text[k - 1] in _NO_LINE_END:
            k -= 1
        elif text[k - 1] in _WORD and text[k] in _WORD:
            start = k
            while start > i and text[start - 1] in _WORD:
                start -= 1
            if start <= i or not text[i:start].strip():
                return j  # the word alone is wider than the line
            k = start
        else:
            return k
    return j


def _head_label(text: str, width: float) -> _Lines:
    return _Lines.of(tuple((t, 8.5, INK) for t in wrap_text(text, 8.5, width - 2 * PAD_X)), leading=HEAD_LEADING)


class _SheetTable(Table):
    """A table that draws :class:`_Lines` cells itself, straight onto the canvas at the
    place the cell's flowable would be drawn: no wrapping, no graphics state saved and
    restored per cell, and the font and colour set only when they change. (Each line
    stays its own text object: a reader's tool then reads every cell apart, as before.)"""

    def _drawCell(self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float],
                  size: tuple[float, float]) -> None:
        if not isinstance(cellval, _Lines):
            super()._drawCell(cellval, cellstyle, pos, size)  # type: ignore[misc]  # private, not in the stubs
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        if cellstyle.valign == "TOP":
            top = rowpos + rowheight - cellstyle.topPadding
        elif cellstyle.valign == "BOTTOM":
            top = rowpos + cellstyle.bottomPadding + cellval.height
        else:
            top = rowpos + (rowheight + cellstyle.bottomPadding - cellstyle.topPadding + cellval.height) / 2
        canv = self.canv
        if cellval.align == "right":
            x, draw = colpos + colwidth - cellstyle.rightPadding, canv.drawRightString
        elif cellval.align == "left":
            x, draw = colpos + cellstyle.leftPadding, canv.drawString
        else:
            x = colpos + cellstyle.leftPadding + (colwidth - cellstyle.leftPadding - cellstyle.rightPadding) / 2
            draw = canv.drawCentredString
        changed = False
        for text, size_pt, colour, line_height in cellval.lines:
            # (the canvas's current font and fill: reportlab's private attributes, not in its stubs)
            if canv._fontname != FONT_NAME or canv._fontsize != size_pt:  # type: ignore[attr-defined]  # private, see above
                canv.setFont(FONT_NAME, size_pt)
                changed = True
            if canv._fillColorObj != colour:  # type: ignore[attr-defined]  # private, not in the stubs
                canv.setFillColor(colour)
                changed = True
            # each line centred in its line box, as _Lines draws it
            top -= line_height
            if text:
                draw(x, top + (line_height - size_pt * 1.28) / 2 + size_pt * 0.22, text)
        if changed:  # the table sets its cell style's font and colour again when next needed
            self._curcellstyle = None


# -- the way in ----------------------------------------------------------------------------

def print_inspection(snapshot: dict[str, Any], record: SignedRecord | None, *, out: Path | str | BinaryIO,
                     demo: bool = False, tz: str = DEFAULT_TZ, lang: str = "zh") -> Path | BinaryIO:
    """Print one inspection sheet: ``snapshot`` is the frozen content (``record.snapshot``
    for a stored revision), ``record`` the revision whose number, signatures, hash and code
    are printed (None: a draft, marked 草稿, with empty signature blocks). ``tz``: the
    site's zone for signature times; ``lang``: the paper's language ("zh", "en").

    Raises ValueError when ``snapshot`` is not the content ``record`` signs: a paper must
    never carry a hash that does not cover what it shows."""
    if record is not None and sha256(snapshot) != record.content_hash:
        raise ValueError("the snapshot is not the content of this signed revision")
    InspectionPaper(snapshot, record, demo=demo, tz=tz, lang=lang).build(out)
    return Path(out) if isinstance(out, str | Path) else out


def print_blank(snapshot: dict[str, Any], out: Path | str | BinaryIO, *, demo: bool = False,
                lang: str = "zh") -> Path | BinaryIO:
    """The blank form of the same layout: the devices and items of ``snapshot``, every
    value cell empty (□ 正常 □ 异常 for checks), ruled signature lines, no hash."""
    InspectionPaper(snapshot, None, demo=demo, tz=DEFAULT_TZ, blank=True, lang=lang).build(out)
    return Path(out) if isinstance(out, str | Path) else out


def render_bytes(snapshot: dict[str, Any], record: SignedRecord | None, *, demo: bool = False,
                 tz: str = DEFAULT_TZ, lang: str = "zh") -> bytes:
    """The sheet as PDF bytes (what :mod:`opsdesk.reports.verify` compares a paper with)."""
    buf = io.BytesIO()
    print_inspection(snapshot, record, out=buf, demo=demo, tz=tz, lang=lang)
    return buf.getvalue()
