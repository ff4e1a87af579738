"""The papers in both languages from the one catalogue (issue 16): the inspection sheet, the
shift log and the roster drawn in English carry no Chinese but the data put on them (site,
devices, people, checklist, holidays), and drawn in Chinese no English word but data, units
and codes; the Chinese paper does not follow the process's language."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from opsdesk import i18n
from opsdesk.models.users import User
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import shift as shifts
from opsdesk.ops.roster import RosterProblem
from opsdesk.ops.shift import print_shift_log
from opsdesk.reports.inspection import print_blank, render_bytes
from opsdesk.reports.paper import short_code
from opsdesk.reports.roster import roster_pdf
from tests.inspection_paper.conftest import load_snapshot, make_record, signature_png

# Han, CJK punctuation, full-width forms (not the ideographic space: a space between data items)
CJK = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uff00-\uffef]+")
WORD = re.compile(r"[A-Za-z]+")
# English a Chinese paper prints of its own: the product, hashes and codes, units, the command
# that verifies, the device-class words of the register.
ALLOWED_ON_CHINESE = {"OpsDesk", "opsdesk", "verify", "pdf", "SHA", "UPS", "PDU", "IP", "SNMP", "RH", "kW", "kVA",
                      "mm", "V", "A", "Hz", "h", "min", "s", "PUE"}


def texts(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def strings(value: object) -> Iterable[str]:
    """Every text inside a snapshot (dicts, lists, values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from strings(v)


def foreign_chinese(text: str, data: Iterable[str]) -> list[str]:
    """Runs of Chinese in ``text`` that are no part of the data put on the paper (a run may be
    a piece of a data text wrapped over two lines)."""
    data = list(data)
    return sorted({run for run in CJK.findall(text) if not any(run in d for d in data)})


def foreign_english(text: str, data: Iterable[str]) -> list[str]:
    """English words in ``text`` that are neither allowed nor a part of the data on the paper."""
    data = list(data)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_ON_CHINESE and not any(w in d for d in data)})


# -- the inspection sheet ------------------------------------------------------------------------

@pytest.fixture
def sheet():
    snapshot = load_snapshot()
    record = make_record(snapshot, image=signature_png())
    data = [*strings(snapshot), "张伟", "王芳", record.content_hash, record.signed_hash(),
            short_code(record.signed_hash())]
    return snapshot, record, data


def test_the_inspection_sheet_in_english_has_no_chinese_but_its_data(sheet):
    snapshot, record, data = sheet
    english = texts(render_bytes(snapshot, record, demo=True, tz="Asia/Shanghai", lang="en"))
    assert foreign_chinese(english, data) == []
    for said in ("Monthly inspection sheet", "November 2026", "Verification code:", "Findings and advice",
                 "Signatures and verification", "Inspector", "Reviewer", "Demo data", "Page 1 of"):
        assert said in english.replace("\n", " "), said


def test_the_inspection_sheet_in_chinese_has_no_english_but_its_data(sheet):
    snapshot, record, data = sheet
    chinese = texts(render_bytes(snapshot, record, demo=True, tz="Asia/Shanghai"))
    assert foreign_english(chinese, data) == []
    assert "核验码" in chinese and "第 1 页 共" in chinese


def test_the_blank_form_in_english(sheet):
    snapshot, _, data = sheet
    out = io.BytesIO()
    print_blank(snapshot, out, demo=False, lang="en")
    english = texts(out.getvalue())
    assert foreign_chinese(english, data) == []
    assert "Blank form" in english and "□ Normal" in english


# -- the shift log -------------------------------------------------------------------------------

def _shift_data(session, shift_id: int) -> tuple[dict, list[str]]:
    record = shifts.latest_record(session, shift_id)
    names = [u.display_name for u in session.scalars(select(User))]
    alarms = [a.get("message", "") for a in (record.snapshot.get("handover_open") or {}).get("alarms", [])]
    return record.snapshot, [*strings(record.snapshot), *filter(None, names), *alarms]


def test_the_shift_log_in_both_languages(demo_store, signed_shift):
    i18n.set_language("zh")  # the paper's language is its own, not the process's: print English under zh
    with demo_store.read() as s:
        snapshot, data = _shift_data(s, signed_shift)
        english_pdf, chinese_pdf = io.BytesIO(), io.BytesIO()
        print_shift_log(s, signed_shift, english_pdf, lang="en")
        i18n.set_language("en")  # … and Chinese under en
        try:
            print_shift_log(s, signed_shift, chinese_pdf)
        finally:
            i18n.set_language("zh")
    english, chinese = texts(english_pdf.getvalue()), texts(chinese_pdf.getvalue())
    assert foreign_chinese(english, data) == []
    flat = english.replace("\n", " ")
    for said in ("Machine room duty log", "Day shift", "Friday", "Outgoing engineer", "Incoming engineer",
                 "verification code", "Printed 2026-", "Handover", "Alarms not cleared at handover (1)"):
        assert said in flat, said
    codes = re.findall(r"[A-Z2-7]{4}-[A-Z2-7]{4}", english)
    hashes = re.findall(r"[0-9a-f]{16,64}", chinese)
    assert foreign_english(chinese, [*data, *codes, *hashes]) == []
    assert "机房值班日志" in chinese and "核验码" in chinese and "交班人" in chinese


# -- the roster ----------------------------------------------------------------------------------

def _roster(lang: str) -> tuple[str, list[str]]:
    days = [dt.date(2026, 10, d) for d in range(1, 32)]
    calendar = WorkCalendar()
    info = {d: calendar.info(d) for d in days}
    people = [("zhangwei", "张伟"), ("lina", "李娜"), ("wangfang", "王芳")]
    grid = {(u, d): ("day", "night", "off", "leave")[(k + d.day) % 4] for k, (u, _) in enumerate(people) for d in days}
    problems = [RosterProblem(dt.date(2026, 10, 9), "day", 1, 2)]
    out = io.BytesIO()
    roster_pdf("永和路数据中心", "上海市静安区卫生信息中心", 2026, 10, people, grid, info, problems, demo=True, out=out,
               lang=lang)
    data = ["永和路数据中心", "上海市静安区卫生信息中心", *(name for _, name in people),
            *(i.name for i in info.values() if i.name)]
    return texts(out.getvalue()), data


def test_the_roster_in_both_languages():
    english, data = _roster("en")
    assert foreign_chinese(english, data) == []
    flat = english.replace("\n", " ")
    for said in ("Machine room duty roster", "October 2026", "Roster rule check", "2026-10-09: day shift has 1 person",
                 "Prepared by:", "Public holiday"):
        assert said in flat, said
    chinese, _ = _roster("zh")
    assert foreign_english(chinese, data) == []
    assert "机房值班排班表" in chinese and "2026-10-09：白班仅 1 人" in chinese


def test_an_english_shift_log_printed_later_verifies(demo_store, signed_shift, fixed_clock):
    """The English log is drawn again in English by verify; its print time (``Printed …``) may
    differ from the signing's, as on a Chinese one."""
    from opsdesk.ops.verify import verify

    fixed_clock.set(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    with demo_store.read() as s:
        out = io.BytesIO()
        print_shift_log(s, signed_shift, out, lang="en")
        result = verify(s, out.getvalue())
    assert result.status == "match", (result.detail, result.differences)
    assert result.kept is False  # no English paper kept at signing: drawn again now, in English
