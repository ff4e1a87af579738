"""The shift log on paper (机房值班日志, R-SHIFT-1 … R-SHIFT-3).

Printed from a frozen snapshot and its signed revision, never from live rows, so any
stored revision can be printed again exactly as it was signed. The labels are English
source texts said in the paper's language (``lang``, "zh" by default: the hospital's Chinese
duty record) through the catalogue; the content (checklist items, handover notes, names) is
printed as it was signed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from opsdesk.clock import DEFAULT_TZ, format_local, now
from opsdesk.i18n import N_, say
from opsdesk.models import labels
from opsdesk.models.shift import SHIFT_DEFS
from opsdesk.models.signing import Signature, SignedRecord, sha256
from opsdesk.reports.paper import (
    ALERT,
    GRID,
    GROUP_BG,
    MUTED,
    RULE,
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
# The print time (footer, second line) differs from one print of a revision to the next.
# (the same place on an English paper, "Printed 2026-11-20 17:30")
PRINT_TIME = re.compile(r"(?:打印时间|Printed)\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
PRINT_TIME_BOX = (0.0, 287.8, 210.0, 292.5)  # mm from the top left of a portrait A4 page

PAPER_TITLE = N_("Machine room duty log")
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
            N_("Sunday"))
STATUS = {  # mark, word, colour
    "normal": ("√", N_("Normal"), None),
    "abnormal": ("×", N_("Abnormal"), ALERT),
    "na": ("—", N_("Not applicable"), MUTED),
    None: ("□", N_("Not checked"), MUTED),
}
SEVERITY_NAMES = {"critical": N_("Critical"), "warning": N_("Warning"), "info": N_("Info")}
# The signature meanings as the record stores them (data), and what the paper calls them
OUTGOING, INCOMING = "交班人", "接班人"
MEANINGS = (OUTGOING, INCOMING)
NUMERALS = "一二三四五六七八九十"
COLUMNS = (N_("Checklist item"), N_("Expected"), N_("Status"), N_("Value read"), N_("Notes and follow-up"),
           N_("Checked by, at"))
WIDTHS_MM = (38, 29, 17, 31, 39, 26)  # 180 mm: A4 less 15 mm margins
WIDTHS_MM_EN = (34, 25, 28, 28, 39, 26)  # English statuses ("Not applicable") wrap only between words


def _ordinal(n: int, lang: str = "zh") -> str:
    """一、二 … 十一 on a Chinese paper; 1, 2 … on an English one."""
    if lang == "en":
        return str(n)
    if n <= 10:
        return NUMERALS[n - 1]
    return (NUMERALS[n // 10 - 1] if n >= 20 else "") + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _small(text: str, colour: colors.Color = MUTED) -> str:
    return f'<font size="7" color="{colour.hexval()}">{markup(text)}</font>'


def _hours(code: str, lang: str = "zh") -> str:
    """08:30–17:30; a night shift ends 次日 (the next morning)."""
    shift = SHIFT_DEFS.get(code)
    if shift is None:
        return ""
    if shift.end <= shift.start:
        return say(lang, "{start}–next day {end}", start=f"{shift.start:%H:%M}", end=f"{shift.end:%H:%M}")
    return f"{shift.start:%H:%M}–{shift.end:%H:%M}"


def _short_time(stamp: str, day: str) -> str:
    """``2026-11-20 09:12`` → ``09:12`` on the shift's own day, else ``11-21 09:12``."""
    if not stamp:
        return ""
    date, _, time = stamp.partition(" ")
    return time if date == day else f"{date[5:]} {time}"


class ShiftLogPaper:
    """Lays out one snapshot; :func:`shift_log_pdf` is the way in."""

    def __init__(self, snapshot: dict[str, Any], record: SignedRecord | None, demo: bool,
                 names: Mapping[str, str], tz: str, printed_at: dt.datetime | None = None, lang: str = "zh") -> None:
        self.s, self.record, self.names, self.tz = snapshot, record, names, tz
        self.printed_at = printed_at
        self.lang = lang
        self.day = snapshot["day"]
        weekday = say(lang, WEEKDAYS[dt.date.fromisoformat(self.day).weekday()])
        self.shift_name = labels.shift_code(snapshot["shift"], lang) or snapshot["shift"]
        self.title = f"{say(lang, PAPER_TITLE)} {self.day} {self.shift_name}"
        self.subtitle = say(lang, "{day}　{weekday}　{shift} ({hours})", day=self.day, weekday=weekday,
                            shift=self.shift_name, hours=_hours(snapshot["shift"], lang))
        self.signatures = {sg.meaning: sg for sg in (record.signatures if record else [])}
        self.demo = demo

    def name(self, username: str) -> str:
        return self.names.get(username, username) if username else ""

    # -- footer and verification ------------------------------------------------------

    def revision_line(self) -> str:
        lang = self.lang
        if self.record is None:
            return say(lang, "Draft (not frozen, not signed)")
        if self.record.signatures:
            signed = self.record.signed_hash()
            return say(lang, "Revision {n} · signed hash {hash} · verification code {code}", n=self.record.revision,
                       hash=signed[:16], code=short_code(signed))
        return say(lang, "Revision {n} · awaiting signatures · content hash {hash}", n=self.record.revision,
                   hash=self.record.content_hash[:16])

    def footer_lines(self) -> list[str]:
        printed = format_local(self.printed_at or now(), self.tz)
        return [self.revision_line(), say(self.lang, "Printed {time}", time=printed)
                + f"　OpsDesk {say(self.lang, 'Duty-room operations console')}"]

    # -- sections ---------------------------------------------------------------------

    def heading(self, paper: Paper) -> list[Flowable]:
        s = self.s
        lang = self.lang
        items = s["items"]
        counts = {k: sum(1 for i in items if i["status"] == k) for k in STATUS}
        done = (say(lang, "{n} items: ", n=len(items))
                + run_on(lang, (f"{say(lang, STATUS[k][1])} {counts[k]}" for k in STATUS)))
        template = s.get("template") or {}
        if self.record is None:
            state = say(lang, "draft, not signed")
        elif len(self.record.signatures) >= len(MEANINGS):
            state = say(lang, "Signed and locked")
        else:
            state = say(lang, "Awaiting signatures")
        revision = "—" if self.record is None else say(lang, "Revision {n}", n=self.record.revision)
        if self.record is not None and self.record.reason:
            revision += say(lang, " (reason for the correction: {reason})", reason=self.record.reason)
        on_duty = labels.listing((self.name(u) for u in s.get("on_duty", [])), lang) or "—"
        rows: list[list[Any]] = [
            [say(lang, "Hospital"), s.get("hospital", ""), say(lang, "Machine room"), s.get("site", "")],
            [say(lang, "Shift and date"), f"{self.day} {self.shift_name}", say(lang, "Checklist"),
             say(lang, "{title} (version {n})", title=template.get("title", ""), n=template.get("version", 1))],
            [say(lang, "Engineers on duty"), on_duty, say(lang, "Completion"), done],
            [say(lang, "Record revision"), revision, say(lang, "Record status"), state],
        ]
        for row in rows:  # label cells in muted ink
            row[0], row[2] = (paper.para(row[0], "cell", textColor=MUTED), paper.para(row[2], "cell", textColor=MUTED))
        label = 20 if lang == "zh" else 30  # (English labels wrap only between words)
        table = paper.table(None, rows, [label * mm, (90 - label) * mm, label * mm, (90 - label) * mm], style=[
            ("BACKGROUND", (0, 0), (0, -1), GROUP_BG), ("BACKGROUND", (2, 0), (2, -1), GROUP_BG),
        ])
        return [paper.para(say(lang, PAPER_TITLE), "title"), paper.para(self.subtitle, "subtitle"), table]

    def checklist(self, paper: Paper) -> list[Flowable]:
        rows: list[list[Any]] = []
        groups: list[int] = []
        abnormal_rows: list[int] = []
        order: list[str] = []
        by_group: dict[str, list[dict[str, Any]]] = {}
        lang = self.lang
        for item in self.s["items"]:
            group = item.get("group") or say(lang, "Other")
            if group not in by_group:
                order.append(group)
                by_group[group] = []
            by_group[group].append(item)
        for n, group in enumerate(order, start=1):
            groups.append(len(rows))
            rows.append([paper.para(say(lang, "{n}. {title}", n=_ordinal(n, lang), title=group), "cell"),
                         None, None, None, None, None])
            for item in by_group[group]:
                if item.get("status") == "abnormal":
                    abnormal_rows.append(len(rows))
                rows.append(self.item_row(paper, item))
        widths = [w * mm for w in (WIDTHS_MM if lang == "zh" else WIDTHS_MM_EN)]
        style: list[TableCommand] = [("ALIGN", (2, 1), (2, -1), "CENTER")]
        style += [("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fdf1f0")) for r in abnormal_rows]
        legend = say(lang, "Note: items marked * are required. Status: √ normal, × abnormal, — not applicable, "
                           "□ not checked. “Live” is the time of the monitor's reading; “corrected by hand” is a "
                           "live value the engineer on duty wrote over, with the reason.")
        columns = [say(lang, c) for c in COLUMNS]
        return [paper.para(say(lang, "{n}. Checklist", n=_ordinal(1, lang)), "h2"),
                paper.table(columns, rows, widths, groups=groups, style=style),
                Spacer(1, 2 * mm), paper.para(legend, "small")]

    def item_row(self, paper: Paper, item: dict[str, Any]) -> list[Any]:
        title = markup(item["title"]) + (f' <font color="{ALERT.hexval()}">*</font>' if item.get("required") else "")
        lang = self.lang
        mark, word, colour = STATUS.get(item.get("status"), STATUS[None])
        status = f"{mark} {markup(say(lang, word))}"
        if colour is not None:
            status = f'<font color="{colour.hexval()}">{status}</font>'
        value = markup(item.get("value") or "")
        if item.get("source") == "metric" and item.get("metric_at"):
            value += "<br/>" + _small(say(lang, "live {time}", time=_short_time(item["metric_at"], self.day)))
        elif item.get("source") == "override":
            reason = item.get("override_reason") or ""
            value += "<br/>" + _small(say(lang, "corrected by hand: {reason}", reason=reason), ALERT)
        notes = [markup(item["note"])] if item.get("note") else []
        if item.get("followup"):
            notes.append(f'<font color="{ALERT.hexval()}">{markup(say(lang, "Follow-up: "))}</font>'
                         f'{markup(item["followup"])}')
        who = self.name(item.get("ticked_by", "")) or (say(lang, "collected automatically")
                                                       if item.get("source") == "metric" else "")
        when = _short_time(item.get("ticked_at", ""), self.day)
        checker = markup(who) + ("　" + _small(when) if when else "")
        return [paper.rich(title, "cell"), paper.para(item.get("expected", ""), "cell"),
                paper.rich(status, "cell_center"), paper.rich(value, "cell"), paper.rich("<br/>".join(notes), "cell"),
                paper.rich(checker, "cell")]

    def handover(self, paper: Paper) -> list[Flowable]:
        lang = self.lang
        opened = self.s.get("handover_open") or {}
        out: list[Flowable] = [paper.para(say(lang, "{n}. Handover", n=_ordinal(2, lang)), "h2")]
        notes = self.s.get("handover_notes") or say(lang, "(none)")
        out.append(paper.table([say(lang, "Handover notes")], [[notes]], [paper.width],
                               style=[("ALIGN", (0, 0), (-1, 0), "LEFT")], head_style="cell"))
        out.append(Spacer(1, 3 * mm))
        alarms = opened.get("alarms") or []
        out.append(paper.para(say(lang, "Alarms not cleared at handover ({n})", n=len(alarms)), "body"))
        out.append(Spacer(1, 1.2 * mm))
        if alarms:
            rows = [[a.get("unit", ""), say(lang, SEVERITY_NAMES.get(a.get("severity"), a.get("severity", ""))),
                     a.get("message", ""), a.get("raised_at", ""),
                     self.name(a.get("acked_by", "")) or say(lang, "Not acknowledged")]
                    for a in alarms]
            out.append(paper.table([say(lang, "Device"), say(lang, "Severity"), say(lang, "Alarm"),
                                    say(lang, "Raised at"), say(lang, "Acknowledged by")], rows,
                                   [30 * mm, 14 * mm, 84 * mm, 30 * mm, 22 * mm]))
        else:
            out.append(paper.para(say(lang, "none"), "cell"))
        out.append(Spacer(1, 3 * mm))
        # Abnormal and unfinished items are read from the checklist itself, not from the
        # handover's copy: a correction after the handover changes the items only, and the
        # paper must agree with the table above it.
        items = self.s["items"]
        abnormal = [{"item": i["title"], "followup": i.get("followup", "")}
                    for i in items if i.get("status") == "abnormal"]
        out.append(paper.para(say(lang, "Abnormal items and follow-up ({n})", n=len(abnormal)), "body"))
        out.append(Spacer(1, 1.2 * mm))
        if abnormal:
            out.append(paper.table([say(lang, "Checklist item"), say(lang, "Follow-up")],
                                   [[a.get("item", ""), a.get("followup", "")] for a in abnormal],
                                   [50 * mm, 130 * mm]))
        else:
            out.append(paper.para(say(lang, "none"), "cell"))
        out.append(Spacer(1, 3 * mm))
        unfinished = [i["title"] for i in items if not i.get("status")]
        out.append(paper.para(say(lang, "Unfinished items ({n}): ", n=len(unfinished))
                              + (labels.listing(unfinished, lang) or say(lang, "none")), "body"))
        return out

    def signature_block(self, paper: Paper, meaning: str) -> Table:
        """One signer's box: filled from the signature, or ruled lines to sign by hand."""
        lang = self.lang
        sig: Signature | None = self.signatures.get(meaning)
        captions = [say(lang, "Signature"), say(lang, "Full name"), say(lang, "Role"), say(lang, "Signed at")]
        if sig is not None:
            mark: Any
            mark = signature_image(sig.image_png, 42) if sig.image_png else None
            if mark is None:
                note = (say(lang, "(electronic signature confirmed by password)") if not sig.image_png else
                        say(lang, "(the signature image cannot be shown; the password confirmation stands)"))
                mark = paper.rich(f"{markup(sig.printed_name)}　{_small(note)}", "cell")
            values = [mark, sig.printed_name, labels.role(sig.role, lang),
                      format_local(sig.signed_at, self.tz)]
            lines: list[TableCommand] = []
        else:
            who = self.s.get("outgoing" if meaning == OUTGOING else "incoming") or ""
            values = ["", self.name(who), "", date_line(paper)]
            lines = [("LINEBELOW", (1, r), (1, r), 0.6, RULE) for r in range(1, 4)]
        rows = [[k, v] for k, v in zip(captions, values, strict=True)]
        data: list[list[Any]] = [[paper.para(labels.signature_meaning(meaning, lang), "body"), None]]
        data += [[paper.para(k, "cell", textColor=MUTED), v if isinstance(v, Flowable) else paper.para(v, "cell")]
                 for k, v in rows]
        label = 16 if lang == "zh" else 20
        table = Table(data, colWidths=[label * mm, (83 - label) * mm],
                      rowHeights=[6 * mm, 15 * mm, 7 * mm, 7 * mm, 7 * mm])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), paper.font), ("SPAN", (0, 0), (1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2), *lines,
        ]))
        return table

    def signatures_section(self, paper: Paper) -> list[Flowable]:
        blocks = Table([[self.signature_block(paper, m) for m in MEANINGS]], colWidths=[paper.width / 2] * 2)
        blocks.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), paper.font),
                                    ("BOX", (0, 0), (0, 0), 0.6, GRID), ("BOX", (1, 0), (1, 0), 0.6, GRID),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                                    ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        lang = self.lang
        if self.record is None:
            proof = say(lang, "This record is not frozen as a signed revision yet; a print is for signing by hand "
                              "or checking only.")
        else:
            proof = say(lang, "Content hash (SHA-256) of revision {n}: {hash}", n=self.record.revision,
                        hash=self.record.content_hash)
            if self.record.signatures:
                signed = self.record.signed_hash()
                proof += "\n" + say(lang, "Signed hash: {hash}　verification code: {code}", hash=signed,
                                     code=short_code(signed))
            else:
                proof += "\n" + say(lang, "This revision is not signed electronically yet: both engineers of the "
                                           "handover sign by hand above.")
        return [paper.para(say(lang, "{n}. Signatures", n=_ordinal(3, lang)), "h2"), blocks, Spacer(1, 2.5 * mm),
                paper.para(proof, "small")]

    def build(self, out: Path | str | BinaryIO) -> None:
        site = self.s.get("site", "")
        paper = Paper(out, title=self.title, hospital=self.s.get("hospital", ""), site=site, demo=self.demo,
                      footer_lines=self.footer_lines(), subject=f"{site} {self.title}", lang=self.lang)
        story: list[Flowable] = [*self.heading(paper), Spacer(1, 2 * mm), *self.checklist(paper),
                                 # the handover and the signatures that accept it stay on one page
                                 KeepTogether([*self.handover(paper), *self.signatures_section(paper)])]
        paper.build(story)


def shift_log_pdf(snapshot: dict[str, Any], record: SignedRecord | None, *, demo: bool,
                  out: Path | str | BinaryIO, names: Mapping[str, str] | None = None, tz: str = DEFAULT_TZ,
                  printed_at: dt.datetime | None = None, lang: str = "zh") -> None:
    """Print one shift log: ``snapshot`` is the frozen content (``record.snapshot`` for a
    stored revision), ``record`` the revision whose number, signatures and hash are
    printed (None: a draft with empty signature blocks). ``names``: user name → the
    name printed for it; ``tz``: the site's zone for signature and print times;
    ``printed_at``: the print time stated (now when None); ``lang``: the paper's language ("zh", "en").

    Raises ValueError when ``snapshot`` is not the content ``record`` signs: a paper
    must never carry a hash that does not cover what it shows."""
    if record is not None and sha256(snapshot) != record.content_hash:
        raise ValueError("the snapshot is not the content of this signed revision")
    ShiftLogPaper(snapshot, record, demo, names or {}, tz, printed_at, lang).build(out)

