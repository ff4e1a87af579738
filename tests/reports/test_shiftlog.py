"""The shift log on paper: printed from a signed revision, read back as a reader would."""

from __future__ import annotations

import copy
import datetime as dt
import io

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from pypdf import PdfReader

from opsdesk import i18n
from opsdesk.models.signing import Signature, SignedRecord, sha256
from opsdesk.ops import shift as shifts
from opsdesk.ops.shift import print_shift_log
from opsdesk.ops.users import find_user
from opsdesk.reports.paper import short_code
from opsdesk.reports.shiftlog import shift_log_pdf
from tests.reports.conftest import assert_printable_pdf, at, page_texts


def test_a_signed_shift_log_prints_everything_the_signatures_cover(demo_store, signed_shift, tmp_path):
    pdf = tmp_path / "shift.pdf"
    with demo_store.read() as s:
        print_shift_log(s, signed_shift, pdf)
        signed = shifts.latest_record(s, signed_shift).signed_hash()
    pages = assert_printable_pdf(pdf)
    text = "".join(pages).replace("\n", "")  # cells wrap; read across the breaks
    for expected in ("机房值班日志 2026-11-20 白班", "上海市静安区卫生信息中心", "永和路数据中心", "星期五",
                     "24.5 ℃", "实时 08:38:12", "自动采集", "人工修正：手持温湿度计", "√ 正常", "× 异常",
                     "— 不适用", "□ 未检", "后续处理：已重跑备份并通知厂商", "交班人", "接班人", "张伟", "李娜",
                     "值班运维人员", "2026-11-20 17:32", "YHL-AC-0001", "1号精密空调 回风温度 27.9 ℃ 接近上限",
                     "未完成检查项（1 项）", "审计日志及网页防篡改日志检查", "PACS 前置机夜间需关注备份重跑结果",
                     "已签字锁定", f"签字哈希 {signed[:16]}", short_code(signed), signed):
        assert expected in text, expected
    for n, page in enumerate(pages, start=1):
        assert "演示数据" in page  # a demo database's paper says so on every page
        assert f"第 {n} 页 共 {len(pages)} 页" in page
        assert f"第 1 版 · 签字哈希 {signed[:16]}" in page
    meta = PdfReader(str(pdf)).metadata
    assert meta.title == "机房值班日志 2026-11-20 白班"


def test_any_stored_revision_prints_again_as_it_was_signed(demo_store, signed_shift, fixed_clock, tmp_path):
    with demo_store.read() as s:
        zhang, li = find_user(s, "zhangwei"), find_user(s, "lina")
        tick_id = next(tk.id for tk in shifts.get_shift(s, signed_shift).ticks if tk.item_key == "app_availability")
    fixed_clock.set(at(18, 5))
    with demo_store.write() as s:
        shifts.correct(s, zhang, tick_id, "补记：17:05 影像系统短暂不可用", status="abnormal",
                       followup="已恢复，原因待查")
    draft = tmp_path / "draft.pdf"
    with demo_store.read() as s:
        print_shift_log(s, signed_shift, draft)  # revision 2 frozen, not yet signed
    text = "".join(assert_printable_pdf(draft)).replace("\n", "")
    assert "第 2 版 · 待签字" in text and "更正原因：补记" in text and "签字哈希" not in text
    with demo_store.write() as s:
        shifts.sign_off(s, zhang, "duty-2026", li, "duty-2026", signed_shift, reason="补记")
    first, second = tmp_path / "rev1.pdf", tmp_path / "rev2.pdf"
    with demo_store.read() as s:
        revisions = shifts.signed_revisions(s, signed_shift)
        hashes = [r.signed_hash() for r in revisions]
        print_shift_log(s, signed_shift, first, revision=1)
        print_shift_log(s, signed_shift, second, revision=2)
        with pytest.raises(ValueError):  # a hash must cover what the paper shows
            shift_log_pdf(revisions[1].snapshot, revisions[0], demo=True, out=tmp_path / "wrong.pdf")
    one, two = ("".join(page_texts(p)).replace("\n", "") for p in (first, second))
    assert f"第 1 版 · 签字哈希 {hashes[0][:16]}" in one and "影像系统短暂不可用" not in one
    assert f"第 2 版 · 签字哈希 {hashes[1][:16]}" in two and "更正原因：补记" in two and "已恢复，原因待查" in two
    assert "异常项及后续处理（2 项）" in two  # the correction shows in the handover section too


def test_an_unsigned_log_prints_empty_signature_blocks_to_sign_by_hand(tmp_path):
    snapshot = _snapshot(3)
    pdf = tmp_path / "draft.pdf"
    shift_log_pdf(snapshot, None, demo=False, out=pdf, names={"zhangwei": "张伟"})
    text = "\n".join(assert_printable_pdf(pdf))
    assert "草稿（未冻结、未签字）" in text and "签字哈希" not in text
    assert text.count("签字时间") == 2 and text.count("年") >= 2 and "演示数据" not in text


def test_a_long_checklist_breaks_over_pages_with_the_header_row_repeated(tmp_path):
    pdf = tmp_path / "long.pdf"
    shift_log_pdf(_snapshot(40), None, demo=False, out=pdf)
    pages = assert_printable_pdf(pdf)
    checklist_pages = [p for p in pages if "检查 " in p]  # pages holding checklist rows
    assert len(pages) >= 2 and len(checklist_pages) >= 2
    for page in checklist_pages:
        assert page.index("检查项") < page.index("预期结果") < page.index("备注与后续处理") < page.index("检查人与时间")
        assert page.index("检查人与时间") < page.index("检查 ")  # the header row heads every page's rows
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
    text = "".join(pages)
    assert all(f"检查 {k:02d} 设备运行状态" in text for k in range(40))
    assert "八、第 5 组" not in text and "五、第 5 组" in text


def test_a_drawn_signature_is_printed_and_unprintable_characters_stay_visible(tmp_path):
    snapshot = _snapshot(2)
    snapshot["items"][0]["note"] = "☑ 已复核 😀"
    png = io.BytesIO()
    image = PILImage.new("RGB", (240, 80), "white")
    ImageDraw.Draw(image).line([(10, 60), (60, 15), (110, 55), (160, 20), (230, 50)], fill="navy", width=5)
    image.save(png, "PNG")
    record = SignedRecord(kind="shift", record_id=1, revision=1, snapshot=snapshot, content_hash=sha256(snapshot))
    record.signatures = [Signature(username="zhangwei", printed_name="张伟", role="duty", meaning="交班人",
                                   signed_at=dt.datetime(2026, 11, 20, 9, 32), image_png=png.getvalue(), hash="a" * 64)]
    pdf = tmp_path / "image.pdf"
    shift_log_pdf(snapshot, record, demo=False, out=pdf)
    pages = assert_printable_pdf(pdf)
    assert sum(len(p.images) for p in PdfReader(str(pdf)).pages) == 1
    text = "\n".join(pages)
    assert "? 已复核 ?" in text and "2026-11-20 17:32" in text  # UTC stored, Shanghai printed
    assert "待签字" in text  # one of two signatures


def test_the_paper_is_chinese_whatever_the_screen_language(tmp_path):
    i18n.set_language("en")
    pdf = tmp_path / "en.pdf"
    shift_log_pdf({**_snapshot(2), "shift": "night"}, None, demo=True, out=pdf)
    text = "\n".join(assert_printable_pdf(pdf))
    assert "机房值班日志 2026-11-20 夜班" in text and "夜班（17:30–次日 08:30）" in text and "演示数据" in text


def _snapshot(n: int) -> dict:
    """A snapshot of ``n`` items in groups of eight, shaped like shift.snapshot()."""
    items = [{"key": f"k{k}", "group": f"第 {k // 8 + 1} 组", "title": f"检查 {k:02d} 设备运行状态",
              "expected": "运行正常，无告警", "required": k % 3 == 0, "status": (None, "normal", "na")[k % 3],
              "value": "", "source": "manual", "metric_at": "", "override_reason": "", "note": "", "followup": "",
              "ticked_by": "zhangwei" if k % 3 else "", "ticked_at": "2026-11-20 09:00" if k % 3 else ""}
             for k in range(n)]
    return copy.deepcopy({
        "site": "永和路数据中心", "hospital": "上海市静安区卫生信息中心", "day": "2026-11-20", "shift": "day",
        "template": {"code": "daily", "version": 1, "title": "机房每日值班检查表"}, "on_duty": ["zhangwei"],
        "items": items, "handover_notes": "", "handover_open": {}, "outgoing": "zhangwei", "incoming": "",
    })
