"""The month's duty roster on paper (值班排班表, R-SHIFT-4): people × days on A4 landscape,
weekends and holidays shaded, adjusted working days (调休上班) marked 班, people per day
counted, the rule check listed, and a line for the supervisor's signature.

The labels and the short marks 白 / 夜 / 休 / 假 are English source texts said in the paper's
language (``lang``, "zh" by default: the Chinese paper form the information centre files)
through the catalogue; D / N / O / L on an English paper.
"""

from __future__ import annotations

import calendar as pycal
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from opsdesk.clock import DEFAULT_TZ, format_local, now
from opsdesk.i18n import N_, say, say_n
from opsdesk.models import labels
from opsdesk.models.workcal import DayInfo
from opsdesk.reports.fonts import printable
from opsdesk.reports.paper import ALERT, DATE_BLANKS, MUTED, RULE, Paper, TableCommand, short_mark

PAPER_TITLE = N_("Machine room duty roster")
# the roster codes, each with its one-letter mark in the grid (白 夜 休 假: labels.shift_letter)
# and its name (labels.shift_code)
MARKS = tuple(labels.SHIFT_LETTERS)
MARK_INK = {"day": colors.HexColor("#1a1a1a"), "night": colors.HexColor("#1f4e8c"),
            "off": MUTED, "leave": colors.HexColor("#a15c00")}
REST_BG = colors.HexColor("#e6e8eb")  # weekends and holidays
SWAP_BG = colors.HexColor("#fff3d6")  # 调休上班: a weekend that is a working day
SWAP_INK = colors.HexColor("#a15c00")
SHORT_BG = colors.HexColor("#fbe3e1")  # a day the rule check found short
NAME_W, COUNT_W = 22 * mm, 7.5 * mm
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def _days(year: int, month: int) -> list[dt.date]:
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return [first + dt.timedelta(days=n) for n in range((nxt - first).days)]


def _is_swap(info: DayInfo) -> bool:
    """A weekend made a working day (调休上班)."""
    return info.workday and info.day.weekday() >= 5


def day_mark(info: DayInfo, lang: str = "zh") -> str:
    """The mark under a date in the grid, as on a Chinese wall calendar: 班 on an
    adjusted working day (调休上班), 休 on a public holiday, nothing otherwise (W and H in English)."""
    if _is_swap(info):
        return short_mark(lang, N_("roster mark: W"))
    return short_mark(lang, N_("roster mark: H")) if info.name and not info.workday else ""


def _problem_days(problems: Sequence[Any]) -> set[dt.date]:
    days = set()
    for p in problems:
        day = getattr(p, "day", None)
        if day is None:
            m = _ISO_DAY.match(str(p))
            day = dt.date.fromisoformat(m.group(1)) if m else None
        if day is not None:
            days.add(day)
    return days


def _problem_text(p: Any, lang: str) -> str:
    return p.message(lang) if hasattr(p, "message") else str(p)


def _ranges(days: list[dt.date]) -> list[str]:
    """02-16, 02-17–02-19: consecutive days as ranges."""
    runs: list[list[dt.date]] = []
    for d in sorted(days):
        if runs and d - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(d)
        else:
            runs.append([d])
    return [run[0].strftime("%m-%d") + ("" if len(run) == 1 else "–" + run[-1].strftime("%m-%d")) for run in runs]


def _calendar_note(days: list[dt.date], info: Mapping[dt.date, DayInfo], lang: str = "zh") -> str:
    named: dict[str, list[dt.date]] = {}
    for d in days:
        i = info[d]
        if not i.workday and i.name:
            named.setdefault(i.name, []).append(d)
    parts = [f"{name} {labels.listing(_ranges(ds), lang)}" for name, ds in named.items()]
    swaps = [d for d in days if _is_swap(info[d])]
    if swaps:
        parts.append(f"{say(lang, 'Adjusted working day')} {labels.listing(_ranges(swaps), lang)}")
    text = say(lang, "Holidays this month: ") + (labels.clauses(parts, lang) if parts else say(lang, "none"))
    if any(not info[d].official for d in days):
        text += say(lang, " (this year's holiday arrangements are not announced yet; the holidays are reckoned "
                          "from the statutory ones, the State Council's notice prevails)")
    return text


def roster_pdf(site_name: str, hospital: str, year: int, month: int, people: Sequence[tuple[str, str]],
               grid: Mapping[tuple[str, dt.date], str], calendar_info: Mapping[dt.date, DayInfo],
               problems: Sequence[Any], *, demo: bool, out: Path | str | BinaryIO, tz: str = DEFAULT_TZ,
               lang: str = "zh") -> None:
    """Print the roster of one month.

    ``people``: (user name, name printed), in print order; ``grid``: (user name, date) →
    day / night / off / leave (:func:`opsdesk.ops.roster.month`); ``calendar_info``:
    each date of the month → :class:`DayInfo`; ``problems``: the rule check, as messages
    or :class:`~opsdesk.ops.roster.RosterProblem` (a day named at the start of a message
    is highlighted in the count row); ``lang``: the paper's language ("zh", "en")."""
    days = _days(year, month)
    info = {d: calendar_info[d] for d in days}
    title = f"{say(lang, PAPER_TITLE)} {year}-{month:02d}"
    footer = (say(lang, "Printed {time}", time=format_local(now(), tz))
              + f"　OpsDesk {say(lang, 'Duty-room operations console')}")
    paper = Paper(out, title=title, hospital=hospital, site=site_name, demo=demo, landscape_page=True,
                  footer_lines=[footer], subject=f"{site_name} {title}", lang=lang)
    short = _problem_days(problems)
    month_name = pycal.month_name[month] if lang == "en" else str(month)
    story: list[Flowable] = [
        paper.para(say(lang, PAPER_TITLE), "title"),
        paper.para(f"{site_name} · {say(lang, '{month} {year}', month=month_name, year=year)}", "subtitle"),
        _grid_table(paper, days, info, people, grid, short),
        Spacer(1, 2.5 * mm),
        _legend(paper),
        Spacer(1, 1.5 * mm),
        paper.para(_calendar_note(days, info, lang), "small"),
        Spacer(1, 2 * mm),
        *_checks(paper, problems),
        Spacer(1, 8 * mm),
        KeepTogether([_sign_line(paper)]),
    ]
    paper.build(story)


def _grid_table(paper: Paper, days: list[dt.date], info: Mapping[dt.date, DayInfo],
                people: Sequence[tuple[str, str]], grid: Mapping[tuple[str, dt.date], str],
                short: set[dt.date]) -> Table:
    n = len(days)
    lang = paper.lang
    day_w = (paper.width - NAME_W - 4 * COUNT_W) / n
    font = paper.font
    marks = {c: labels.shift_letter(c, lang) for c in MARKS}
    head1 = [say(lang, "Full name"), *[str(d.day) for d in days], say(lang, "Total"), "", "", ""]
    head2 = ["", *[labels.weekday_letter(d.weekday(), lang) for d in days], *marks.values()]
    head3 = ["", *[day_mark(info[d], lang) for d in days], "", "", "", ""]
    rows: list[list[Any]] = [head1, head2, head3]
    cmds: list[TableCommand] = [
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#aab2bb")), ("BOX", (0, 0), (-1, -1), 0.9, RULE),
        ("SPAN", (0, 0), (0, 2)), ("SPAN", (n + 1, 0), (n + 4, 0)),
        *[("SPAN", (n + 1 + k, 1), (n + 1 + k, 2)) for k in range(4)],
        ("LINEBELOW", (0, 2), (-1, 2), 0.9, RULE), ("FONTSIZE", (1, 2), (n, 2), 7),
        ("TEXTCOLOR", (1, 1), (n, 2), MUTED),
    ]
    for col, d in enumerate(days, start=1):
        if not info[d].workday:
            cmds.append(("BACKGROUND", (col, 0), (col, -1), REST_BG))
        elif _is_swap(info[d]):
            cmds += [("BACKGROUND", (col, 0), (col, 2), SWAP_BG), ("TEXTCOLOR", (col, 2), (col, 2), SWAP_INK)]
        if info[d].name and not info[d].workday:
            cmds.append(("TEXTCOLOR", (col, 2), (col, 2), ALERT))
    totals = {c: 0 for c in MARKS}
    for r, (username, name) in enumerate(people, start=3):
        row: list[Any] = [paper.para(name, "cell_center")]
        counts = {c: 0 for c in MARKS}
        for col, d in enumerate(days, start=1):
            code = grid.get((username, d))
            row.append(marks.get(code, "") if code else "")
            if code in MARKS:
                counts[code] += 1
                cmds.append(("TEXTCOLOR", (col, r), (col, r), MARK_INK[code]))
        row += [str(counts[c]) for c in MARKS]
        for c in MARKS:
            totals[c] += counts[c]
        rows.append(row)
    count_rows = ["day"] + (["night"] if any(code == "night" for code in grid.values()) else [])
    first_count = len(rows)
    for code in count_rows:
        per_day = [sum(1 for u, _ in people if grid.get((u, d)) == code) for d in days]
        rows.append([say(lang, "{shift}: people", shift=labels.shift_code(code, lang)), *[str(v) for v in per_day],
                     str(totals["day"]) if code == "day" else
                     str(totals["night"]), "", "", ""])
        r = len(rows) - 1
        cmds.append(("SPAN", (n + 1, r), (n + 4, r)))
    cmds += [("LINEABOVE", (0, first_count), (-1, first_count), 0.9, RULE),
             ("FONTSIZE", (0, first_count), (0, -1), 7.5)]
    for col, d in enumerate(days, start=1):
        if d in short:
            cmds += [("BACKGROUND", (col, first_count), (col, first_count), SHORT_BG),
                     ("TEXTCOLOR", (col, first_count), (col, first_count), ALERT)]
    widths = [NAME_W, *[day_w] * n, *[COUNT_W] * 4]
    table = Table([[printable(c) if isinstance(c, str) else c for c in row] for row in rows], colWidths=widths,
                  repeatRows=3, style=TableStyle(cmds), hAlign="CENTER")
    return table


def _checks(paper: Paper, problems: Sequence[Any]) -> list[Flowable]:
    lang = paper.lang
    out: list[Flowable] = [paper.para(say(lang, "Roster rule check"), "h2")]
    if not problems:
        return [*out, paper.para("√ " + say(lang, "This month's roster meets the staffing requirement."), "body")]
    out.append(paper.para("× " + say_n(lang, "{n} place does not meet the staffing requirement:",
                                         "{n} places do not meet the staffing requirement:", len(problems)),
                          "body", textColor=ALERT))
    texts = [f"{k}. {_problem_text(p, lang)}" for k, p in enumerate(problems, start=1)]
    per_col = -(-len(texts) // 2)
    cols = [texts[:per_col], texts[per_col:]]
    rows = [[paper.para(cols[0][i], "cell"), paper.para(cols[1][i], "cell") if i < len(cols[1]) else ""]
            for i in range(per_col)]
    table = Table(rows, colWidths=[paper.width / 2] * 2, hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), paper.font), ("LEFTPADDING", (0, 0), (-1, -1), 6),
                               ("TOPPADDING", (0, 0), (-1, -1), 0.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5)]))
    return [*out, Spacer(1, 1 * mm), table]


def _legend(paper: Paper) -> Table:
    """The marks and the shadings, each shown as it appears in the grid."""
    lang = paper.lang
    keys: list[tuple[str, Any, Any, str]] = [(labels.shift_letter(c, lang), None, MARK_INK[c],
                                              labels.shift_code(c, lang)) for c in MARKS]
    keys += [("", REST_BG, None, say(lang, "Weekends and public holidays")),
             (short_mark(lang, N_("roster mark: W")), SWAP_BG, SWAP_INK,
              say(lang, "Adjusted working day (a weekend worked)")),
             (short_mark(lang, N_("roster mark: H")), None, ALERT, say(lang, "Public holiday")),
             ("3", SHORT_BG, ALERT, say(lang, "Too few people on duty"))]
    cells: list[Any] = []
    widths: list[float] = []
    cmds: list[TableCommand] = [("FONTNAME", (0, 0), (-1, -1), paper.font), ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                         ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                         ("TEXTCOLOR", (0, 0), (-1, -1), MUTED), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                         ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for k, (mark, bg, ink, words) in enumerate(keys):
        col = 2 * k
        cells += [mark, words]
        widths += [5 * mm, paper.stringwidth(words, 7.5) + 6 * mm]
        cmds += [("BOX", (col, 0), (col, 0), 0.4, colors.HexColor("#aab2bb")),
                 ("ALIGN", (col + 1, 0), (col + 1, 0), "LEFT"), ("LEFTPADDING", (col + 1, 0), (col + 1, 0), 1.5 * mm)]
        if bg is not None:
            cmds.append(("BACKGROUND", (col, 0), (col, 0), bg))
        if ink is not None:
            cmds.append(("TEXTCOLOR", (col, 0), (col, 0), ink))
    return Table([[printable(c) for c in cells]], colWidths=widths, rowHeights=[5 * mm], hAlign="LEFT",
                 style=TableStyle(cmds))


def _sign_line(paper: Paper) -> Table:
    """编制人 / 审核人 with ruled blanks and a date to fill in by hand."""
    lang = paper.lang
    cells = [say(lang, "Prepared by: "), "", "", say(lang, "Reviewer (signature): "), "", "",
             say(lang, "Date: "), "", short_mark(lang, DATE_BLANKS[0]), "", short_mark(lang, DATE_BLANKS[1]), "",
             short_mark(lang, DATE_BLANKS[2])]
    widths = [16, 48, 10, 30, 48, 10, 12, 16, 6, 10, 6, 10, 6] if lang == "zh" else \
        [24, 44, 10, 38, 44, 10, 12, 16, 6, 10, 6, 10, 6]  # English labels wrap only between words
    table = Table([[paper.para(c, "body") if c else "" for c in cells]], colWidths=[w * mm for w in widths],
                  rowHeights=[9 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), paper.font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1),
                               *[("LINEBELOW", (c, 0), (c, 0), 0.6, RULE) for c in (1, 4, 7, 9, 11)]]))
    return table

