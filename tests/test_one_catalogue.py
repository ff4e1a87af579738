"""No module outside the catalogue holds user-facing Chinese (issue 16, item 1).

Every text the user reads is English source text said through ``t()``/``say()``/``tr()`` with its
Chinese in :mod:`opsdesk.messages_zh`. This scans every module of opsdesk for a string constant
containing CJK (docstrings aside) and names it file:line. What may still hold Chinese is listed
below, each with its reason; the lists are meant to shrink.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import opsdesk

ROOT = Path(opsdesk.__file__).parent
# Ideographs and CJK punctuation; U+3000 (the ideographic space that pads a column) is whitespace.
CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

# The catalogue itself.
CATALOGUE = {"messages_zh.py"}

# Whole folders that are not user-facing text: migrations rewrite old rows whose stored Chinese
# they must recognise; the demo is site data (names of units, people, rooms, institutions).
EXEMPT_TREES = ("migrations/", "demo/")

# reports/frozen/ keeps the drawings of papers already signed and stays exempt for good (the live
# papers say their words through the catalogue in the paper's language, issue 16 item 1).
REPORTS_PENDING = ("reports/frozen/",)

# The categories helper moves the Chinese category names to data/categories.toml; emptied at merge.
CATEGORIES_PENDING: set[str] = set()

# (file, literal): Chinese that is not shown to anyone but matched, parsed or stored as a code.
ALLOWED: dict[tuple[str, str], str] = {}
_REASONS = {
    # the signatures' meanings are stored as the form's own words: codes, shown through models.labels
    "signature meaning code": [("ops/inspection.py", "巡检人"), ("ops/inspection.py", "审核人"),
                               ("ops/shift.py", "交班人"), ("ops/shift.py", "接班人")]
    + [("models/labels.py", w) for w in ("巡检人", "审核人", "交班人", "接班人")]
    + [("reports/inspection.py", "巡检人"), ("reports/inspection.py", "审核人"), ("reports/shiftlog.py", "交班人"),
       ("reports/shiftlog.py", "接班人")],
    # the papers' Chinese section numbers (一、二、… 十一), a number format like a date's; 1, 2 … in English
    "Chinese numerals": [(f"reports/{m}.py", w) for m in ("inspection", "shiftlog")
                         for w in ("一二三四五六七八九十", "十")],
    # the wrapping rules of a sheet's cells: which marks may not start or end a line (typography)
    "line-breaking marks": [("reports/inspection.py", w) for w in ("）)]】」』〕，。、；：！？,.;:!?%℃", "（([【「『〔",
                                                                   "）】」』〕，。、；：！？")],
    # matched on a printed paper, never shown: the code's label (which also says the paper's language)
    # and the print time that differs between two prints of one shift log
    "paper text matcher": [("reports/verify.py", r"(核验码|[Vv]erification code)\s*[：:]?\s*([A-Z2-7]{4}-[A-Z2-7]{4})"),
                           ("reports/verify.py", "核验码"),
                           ("reports/shiftlog.py", r"(?:打印时间|Printed)\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}"),
                           ("reports/drawings.py", r"打印时间\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}")],
    # words a person types or a file carries, matched on input, never shown
    "input matcher": [("models/settings.py", w) for w in ("是", "开", "否", "关")]
    + [("models/workcal.py", w) for w in ("休", "假", "放假", "班", "上班", "调休上班", "日期", "调休")]
    + [("cli/settings.py", w) for w in ("默认", "全局", "～")]
    + [("ops/settings_ops.py", r"\s*[:：]\s*"), ("ui/inspections/sheet_editor.py", "不适用"),
       ("models/inspection_schedule.py", "春节"),
       # a month as people write it (2018年4月), a date as a notice writes it, and ；as a separator
       ("models/equipment.py", r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月?\s*$"), ("models/equipment.py", r"[;；\n]"),
       ("ops/devices.py", r"(\d{4})年(\d{1,2})月(\d{1,2})日"), ("ops/devices.py", r"[;；\n]")],
    # the accepted input written out in a prompt: the words the file or field must carry
    "input format shown": [("models/workcal.py",
                            "Line {line}: kind '{value}' must be 休 (holiday) or 班 (working day)."),
                           ("cli/parser.py", "import an official holiday notice (CSV: date,休|班,name)"),
                           ("ui/register/line_form.py", "e.g. 2018-04, 2018.4 or 2018年4月"),
                           ("ops/devices.py", "'{value}' is not a month like 2018.04, 2018-04 or 2018年4月")],
    # the register CSV is the contract's format (its Chinese column headers are the file format,
    # read and written by other tools), not text of the program
    "register CSV format": [("ops/register_csv.py", w) for w in ("保修状态", "名称型号", "资产标签", "数量")]
    + [("ops/devices.py", w) for w in (
        "资产编号", "站点", "机构", "类别", "名称", "品牌", "型号", "购置年月", "保修年限", "停止服务日期", "序列号",
        "机房",
        "机柜", "U位", "U高", "平面X", "平面Y", "管理IP", "SNMP版本", "SNMP端口", "SNMPv3用户", "认证协议", "加密协议",
        "SNMP团体名", "认证密码", "加密密码", "PDU A路", "PDU B路", "监控端口", "备注")],
    # holiday names are the period codes of pre-holiday inspections ("2026 春节"), stored in records
    "stored period code": [(f, w) for f in ("models/inspection_schedule.py", "models/labels.py")
                           for w in ("元旦", "春节", "五一", "十一")],
    # written into the signed snapshot (kind_name, the sheet's result words) and printed on the
    # paper: converting them changes what is signed, part of the papers' conversion (REPORTS_PENDING)
    "paper snapshot words": [("ops/inspection.py", w) for w in ("正常", "异常", "不适用")],
    # a unit's words per language: the next step is the catalogue (they clash with "min"/"h" as units)
    "unit words (left)": [("quantities.py", w) for w in ("天", "时", "分", "秒", "分钟", "小时")],
}
for _reason, _pairs in _REASONS.items():
    ALLOWED.update(dict.fromkeys(_pairs, _reason))

# probes/draft.py drafts a device profile from a MIB: its Chinese is the zh half of the names it
# writes into the draft TOML (a profile carries zh and en names as device data the engineer edits),
# not text of the program. Moving its word tables to data is left for later.
DRAFT_PENDING = {"probes/draft.py"}


def _docstrings(tree: ast.AST) -> set[int]:
    """Docstrings, and the strings standing alone as a statement that document an attribute or a
    signal (``done = Signal(); "更正… was pressed"``): read by developers, never shown."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def _exempt(rel: str) -> bool:
    return (rel in CATALOGUE or rel in CATEGORIES_PENDING or rel in DRAFT_PENDING
            or rel.startswith(EXEMPT_TREES) or rel.startswith(REPORTS_PENDING))


def chinese_literals(include_exempt: bool = False) -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not include_exempt and _exempt(rel):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and CJK.search(node.value) and (rel, node.value) not in ALLOWED):
                found.append((rel, node.lineno, node.value))
    return found


def test_no_chinese_outside_the_catalogue():
    found = chinese_literals()
    assert not found, "Chinese outside opsdesk/messages_zh.py (say it in English with t()/tr()):\n" + "\n".join(
        f"opsdesk/{rel}:{line}: {text!r}" for rel, line, text in found)


def test_the_allow_list_is_used():
    """An allowed literal no module holds any more is taken off the list."""
    present = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                present.add((rel, node.value))
    assert set(ALLOWED) <= present, sorted(set(ALLOWED) - present)
