"""The shift log on paper (机房值班日志, R-SHIFT-1 … R-SHIFT-3).

Printed from a frozen snapshot and its signed revision, never from live rows, so any
stored revision can be printed again exactly as it was signed. The labels are Chinese
constants: this is the hospital's Chinese duty record, whose content (checklist items,
signature meanings 交班人/接班人, handover notes) is Chinese in every language setting.
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
    short_code,
    signature_image,
)

# The drawing this module prints (opsdesk.reports.drawings): while it names a frozen version,
# this module must print exactly what that version prints. Raise it with any visible change.
DRAWING_VERSION = 1
# The print time (footer, second line) differs from one print of a revision to the next.
PRINT_TIME = re.compile(r"打印时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
PRINT_TIME_BOX = (0.0, 287.8, 210.0, 292.5)  # mm from the top left of a portrait A4 page

PAPER_TITLE = "机房值班日志"
SHIFT_NAMES = {"day": "白班", "night": "夜班"}
WEEKDAYS = "一二三四五六日"
STATUS = {  # mark, word, colour
    "normal": ("√", "正常", None),
    "abnormal": ("×", "异常", ALERT),
    "na": ("—", "不适用", MUTED),
    None: ("□", "未检", MUTED),
}
ROLE_NAMES = {"duty": "值班运维人员", "supervisor": "审核人", "admin": "管理员"}
SEVERITY_NAMES = {"critical": "严重", "warning": "警告", "info": "提示"}
MEANINGS = ("交班人", "接班人")
NUMERALS = "一二三四五六七八九十"
COLUMNS = ("检查项", "预期结果", "状态", "值", "备注与后续处理", "检查人与时间")
WIDTHS_MM = (38, 29, 17, 31, 39, 26)  # 180 mm: A4 less 15 mm margins


def _ordinal(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return (NUMERALS[n // 10 - 1] if n >= 20 else "") + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def _small(text: str, colour: colors.Color = MUTED) -> str:
    return f'<font size="7" color="{colour.hexval()}">{markup(text)}</font>'


def _hours(code: str) -> str:
    """08:30–17:30; a night shift ends 次日 (the next morning)."""
    shift = SHIFT_DEFS.get(code)
    if shift is None:
        return ""
    return f"{shift.start:%H:%M}–{'次日 ' if shift.end <= shift.start else ''}{shift.end:%H:%M}"


def _short_time(stamp: str, day: str) -> str:
    """``2026-11-20 09:12`` → ``09:12`` on the shift's own day, else ``11-21 09:12``."""
    if not stamp:
        return ""
    date, _, time = stamp.partition(" ")
    return time if date == day else f"{date[5:]} {time}"


class ShiftLogPaper:
    """Lays out one snapshot; :func:`shift_log_pdf` is the way in."""

    def __init__(self, snapshot: dict[str, Any], record: SignedRecord | None, demo: bool,
                 names: Mapping[str, str], tz: str, printed_at: dt.datetime | None = None) -> None:
        self.s, self.record, self.names, self.tz = snapshot, record, names, tz
        self.printed_at = printed_at
        self.day = snapshot["day"]
        weekday = WEEKDAYS[dt.date.fromisoformat(self.day).weekday()]
        self.shift_name = SHIFT_NAMES.get(snapshot["shift"], snapshot["shift"])
        self.title = f"{PAPER_TITLE} {self.day} {self.shift_name}"
        self.subtitle = f"{self.day}　星期{weekday}　{self.shift_name}（{_hours(snapshot['shift'])}）"
        self.signatures = {sg.meaning: sg for sg in (record.signatures if record else [])}
        self.demo = demo

    def name(self, username: str) -> str:
        return self.names.get(username, username) if username else ""

    # -- footer and verification ------------------------------------------------------

    def revision_line(self) -> str:
        if self.record is None:
            return "草稿（未冻结、未签字）"
        line = f"第 {self.record.revision} 版"
        if self.record.signatures:
            signed = self.record.signed_hash()
            return f"{line} · 签字哈希 {signed[:16]} · 核验码 {short_code(signed)}"
        return f"{line} · 待签字 · 内容哈希 {self.record.content_hash[:16]}"

    def footer_lines(self) -> list[str]:
        printed = format_local(self.printed_at or now(), self.tz)
        return [self.revision_line(), f"打印时间 {printed}　OpsDesk 机房值班运维台"]

    # -- sections ---------------------------------------------------------------------

    def heading(self, paper: Paper) -> list[Flowable]:
        s = self.s
        items = s["items"]
        counts = {k: sum(1 for i in items if i["status"] == k) for k in STATUS}
        done = f"共 {len(items)} 项：" + "，".join(f"{STATUS[k][1]} {counts[k]}" for k in STATUS)
        template = s.get("template") or {}
        if self.record is None:
            state = "草稿，未签字"
        elif len(self.record.signatures) >= len(MEANINGS):
            state = "已签字锁定"
        else:
            state = "待签字"
        revision = "—" if self.record is None else f"第 {self.record.revision} 版"
        if self.record is not None and self.record.reason:
            revision += f"（更正原因：{self.record.reason}）"
        on_duty = "、".join(self.name(u) for u in s.get("on_duty", [])) or "—"
        rows: list[list[Any]] = [
            ["医院", s.get("hospital", ""), "机房", s.get("site", "")],
            ["班次", f"{self.day} {self.shift_name}", "检查表",
             f"{template.get('title', '')}（第 {template.get('version', 1)} 版）"],
            ["值班人员", on_duty, "完成情况", done],
            ["记录版本", revision, "记录状态", state],
        ]
        for row in rows:  # label cells in muted ink
            row[0], row[2] = (paper.para(row[0], "cell", textColor=MUTED), paper.para(row[2], "cell", textColor=MUTED))
        table = paper.table(None, rows, [20 * mm, 70 * mm, 20 * mm, 70 * mm], style=[
            ("BACKGROUND", (0, 0), (0, -1), GROUP_BG), ("BACKGROUND", (2, 0), (2, -1), GROUP_BG),
        ])
        return [paper.para(PAPER_TITLE, "title"), paper.para(self.subtitle, "subtitle"), table]

    def checklist(self, paper: Paper) -> list[Flowable]:
        rows: list[list[Any]] = []
        groups: list[int] = []
        abnormal_rows: list[int] = []
        order: list[str] = []
        by_group: dict[str, list[dict[str, Any]]] = {}
        for item in self.s["items"]:
            group = item.get("group") or "其他"
            if group not in by_group:
                order.append(group)
                by_group[group] = []
            by_group[group].append(item)
        for n, group in enumerate(order, start=1):
            groups.append(len(rows))
            rows.append([paper.para(f"{_ordinal(n)}、{group}", "cell"), None, None, None, None, None])
            for item in by_group[group]:
                if item.get("status") == "abnormal":
                    abnormal_rows.append(len(rows))
                rows.append(self.item_row(paper, item))
        widths = [w * mm for w in WIDTHS_MM]
        style: list[TableCommand] = [("ALIGN", (2, 1), (2, -1), "CENTER")]
        style += [("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fdf1f0")) for r in abnormal_rows]
        legend = ("注：带 * 者为必检项。状态：√ 正常，× 异常，— 不适用，□ 未检。"
                  "“实时”为监控系统读数时间；“人工修正”为值班人员改写实时值及其原因。")
        return [paper.para("一、检查项目", "h2"), paper.table(COLUMNS, rows, widths, groups=groups, style=style),
                Spacer(1, 2 * mm), paper.para(legend, "small")]

    def item_row(self, paper: Paper, item: dict[str, Any]) -> list[Any]:
        title = markup(item["title"]) + (f' <font color="{ALERT.hexval()}">*</font>' if item.get("required") else "")
        mark, word, colour = STATUS.get(item.get("status"), STATUS[None])
        status = f"{mark} {word}"
        if colour is not None:
            status = f'<font color="{colour.hexval()}">{status}</font>'
        value = markup(item.get("value") or "")
        if item.get("source") == "metric" and item.get("metric_at"):
            value += "<br/>" + _small(f"实时 {_short_time(item['metric_at'], self.day)}")
        elif item.get("source") == "override":
            value += "<br/>" + _small(f"人工修正：{item.get('override_reason') or ''}", ALERT)
        notes = [markup(item["note"])] if item.get("note") else []
        if item.get("followup"):
            notes.append(f'<font color="{ALERT.hexval()}">后续处理：</font>{markup(item["followup"])}')
        who = self.name(item.get("ticked_by", "")) or ("自动采集" if item.get("source") == "metric" else "")
        when = _short_time(item.get("ticked_at", ""), self.day)
        checker = markup(who) + ("　" + _small(when) if when else "")
        return [paper.rich(title, "cell"), paper.para(item.get("expected", ""), "cell"),
                paper.rich(status, "cell_center"), paper.rich(value, "cell"), paper.rich("<br/>".join(notes), "cell"),
                paper.rich(checker, "cell")]

    def handover(self, paper: Paper) -> list[Flowable]:
        opened = self.s.get("handover_open") or {}
        out: list[Flowable] = [paper.para("二、交接班记录", "h2")]
        notes = self.s.get("handover_notes") or "（无）"
        out.append(paper.table(["交接说明"], [[notes]], [paper.width],
                               style=[("ALIGN", (0, 0), (-1, 0), "LEFT")], head_style="cell"))
        out.append(Spacer(1, 3 * mm))
        alarms = opened.get("alarms") or []
        out.append(paper.para(f"交班时未消除告警（{len(alarms)} 条）", "body"))
        out.append(Spacer(1, 1.2 * mm))
        if alarms:
            rows = [[a.get("unit", ""), SEVERITY_NAMES.get(a.get("severity"), a.get("severity", "")),
                     a.get("message", ""), a.get("raised_at", ""), self.name(a.get("acked_by", "")) or "未确认"]
                    for a in alarms]
            out.append(paper.table(["设备", "级别", "告警内容", "发生时间", "确认人"], rows,
                                   [30 * mm, 14 * mm, 84 * mm, 30 * mm, 22 * mm]))
        else:
            out.append(paper.para("无", "cell"))
        out.append(Spacer(1, 3 * mm))
        # Abnormal and unfinished items are read from the checklist itself, not from the
        # handover's copy: a correction after the handover changes the items only, and the
        # paper must agree with the table above it.
        items = self.s["items"]
        abnormal = [{"item": i["title"], "followup": i.get("followup", "")}
                    for i in items if i.get("status") == "abnormal"]
        out.append(paper.para(f"异常项及后续处理（{len(abnormal)} 项）", "body"))
        out.append(Spacer(1, 1.2 * mm))
        if abnormal:
            out.append(paper.table(["检查项", "后续处理"],
                                   [[a.get("item", ""), a.get("followup", "")] for a in abnormal],
                                   [50 * mm, 130 * mm]))
        else:
            out.append(paper.para("无", "cell"))
        out.append(Spacer(1, 3 * mm))
        unfinished = [i["title"] for i in items if not i.get("status")]
        out.append(paper.para(f"未完成检查项（{len(unfinished)} 项）：" + ("、".join(unfinished) or "无"), "body"))
        return out

    def signature_block(self, paper: Paper, meaning: str) -> Table:
        """One signer's box: filled from the signature, or ruled lines to sign by hand."""
        sig: Signature | None = self.signatures.get(meaning)
        if sig is not None:
            mark: Any
            mark = signature_image(sig.image_png, 42) if sig.image_png else None
            if mark is None:
                note = "（口令确认电子签名）" if not sig.image_png else "（签名图像无法显示，以口令确认为准）"
                mark = paper.rich(f"{markup(sig.printed_name)}　{_small(note)}", "cell")
            rows = [["签名", mark], ["姓名", sig.printed_name], ["角色", ROLE_NAMES.get(sig.role, sig.role)],
                    ["签字时间", format_local(sig.signed_at, self.tz)]]
            lines: list[TableCommand] = []
        else:
            who = self.s.get("outgoing" if meaning == "交班人" else "incoming") or ""
            rows = [["签名", ""], ["姓名", self.name(who)], ["角色", ""], ["签字时间", date_line(paper)]]
            lines = [("LINEBELOW", (1, r), (1, r), 0.6, RULE) for r in range(1, 4)]
        data: list[list[Any]] = [[paper.para(meaning, "body"), None]]
        data += [[paper.para(k, "cell", textColor=MUTED), v if isinstance(v, Flowable) else paper.para(v, "cell")]
                 for k, v in rows]
        table = Table(data, colWidths=[16 * mm, 67 * mm], rowHeights=[6 * mm, 15 * mm, 7 * mm, 7 * mm, 7 * mm])
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
        if self.record is None:
            proof = "本记录尚未冻结为签字版本，打印件仅供手工签字或核对。"
        else:
            proof = f"第 {self.record.revision} 版内容哈希（SHA-256）：{self.record.content_hash}"
            if self.record.signatures:
                signed = self.record.signed_hash()
                proof += f"\n签字哈希：{signed}　核验码：{short_code(signed)}"
            else:
                proof += "\n本版尚未电子签字：请交接双方在上方手工签字。"
        return [paper.para("三、签字确认", "h2"), blocks, Spacer(1, 2.5 * mm), paper.para(proof, "small")]

    def build(self, out: Path | str | BinaryIO) -> None:
        site = self.s.get("site", "")
        paper = Paper(out, title=self.title, hospital=self.s.get("hospital", ""), site=site, demo=self.demo,
                      footer_lines=self.footer_lines(), subject=f"{site} {self.title}")
        story: list[Flowable] = [*self.heading(paper), Spacer(1, 2 * mm), *self.checklist(paper),
                                 # the handover and the signatures that accept it stay on one page
                                 KeepTogether([*self.handover(paper), *self.signatures_section(paper)])]
        paper.build(story)


def shift_log_pdf(snapshot: dict[str, Any], record: SignedRecord | None, *, demo: bool,
                  out: Path | str | BinaryIO, names: Mapping[str, str] | None = None, tz: str = DEFAULT_TZ,
                  printed_at: dt.datetime | None = None) -> None:
    """Print one shift log: ``snapshot`` is the frozen content (``record.snapshot`` for a
    stored revision), ``record`` the revision whose number, signatures and hash are
    printed (None: a draft with empty signature blocks). ``names``: user name → the
    name printed for it; ``tz``: the site's zone for signature and print times;
    ``printed_at``: the print time stated (now when None).

    Raises ValueError when ``snapshot`` is not the content ``record`` signs: a paper
    must never carry a hash that does not cover what it shows."""
    if record is not None and sha256(snapshot) != record.content_hash:
        raise ValueError("the snapshot is not the content of this signed revision")
    ShiftLogPaper(snapshot, record, demo, names or {}, tz, printed_at).build(out)

