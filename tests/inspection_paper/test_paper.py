"""The printed inspection sheet, read back as a reader would: its text, fonts, pages."""

from __future__ import annotations

import copy
import io
import re

import pytest
from pypdf import PdfReader

from opsdesk.reports import fonts
from opsdesk.reports.inspection import print_blank, print_inspection, qr_payload, render_bytes
from opsdesk.reports.paper import short_code
from tests.inspection_paper.conftest import make_record
from tests.reports.conftest import assert_printable_pdf, pdf_fonts


def flat(pages: list[str]) -> str:
    return "".join(pages).replace("\n", "")  # cells wrap; read across the breaks


def test_signed_sheet_prints_values_names_hash_and_code(snapshot, record, tmp_path):
    pdf = print_inspection(snapshot, record, out=tmp_path / "sheet.pdf", demo=True)
    pages = assert_printable_pdf(pdf)  # fonts embedded, no STSong, every character in the font
    text = flat(pages)
    signed = record.signed_hash()
    for expected in ("月度巡检表", "2026 年 11 月", "上海市静安区卫生信息中心", "永和路数据中心（YHL）", "2026-11-30",
                     # one table per device class, every class of the register
                     "一、UPS电源（4 台）", "二、精密空调（2 台）", "三、服务器（46 台）", "四、网络设备（21 台）",
                     "五、存储设备（4 台）", "六、安全设备（42 台）", "七、机房环境（3 处）",
                     "资产编号", "设备", "位置", "回风温度", "18–27 ℃", "40–60 %RH", "≤ 80 %",
                     "YHL-SRV-0046", "YHL-SEC-0042", "PACS应用服务器（IBM X3650", "主机房 A01",
                     "27.9 ℃ 异常", "86 % 异常", "× 异常", "√ 正常", "实时 11-2",
                     "2 号硬盘黄灯，已报修 IBM", "巡检发现", "处理建议", "本季度 UPS 充放电测试后评估更换电池组",
                     "巡检人", "审核人", "张伟", "王芳", "值班运维人员", "2026-11-22 09:30", "2026-11-22 10:00",
                     "第 1 版", f"签字哈希（SHA-256）：{signed}", f"核验码：{short_code(signed)}", "已审核，签字锁定",
                     "异常项6 项"):
        assert expected in text, expected
    for snap_row in snapshot["sections"][0]["rows"]:  # every UPS reading as entered
        for v in snap_row["values"].values():
            assert v["text"] in text
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
        assert "演示数据" in page
        assert f"核验码 {short_code(signed)}" in page  # any single page can be checked
    assert len(pages) > 5
    meta = PdfReader(str(pdf)).metadata
    assert meta.title == "月度巡检表 2026-11"
    assert meta["/CreationDate"].startswith("D:20261122100000+08")  # the last signature, site time


def test_the_font_is_embedded_truetype_and_no_glyph_is_missing(snapshot, record, tmp_path):
    pdf = print_inspection(snapshot, record, out=tmp_path / "sheet.pdf")
    rows = pdf_fonts(pdf)
    assert rows and all(r["emb"] == "yes" and "TrueType" in r["line"] for r in rows)
    drawn = "".join(fonts.drawn_chars())
    assert "℃" in drawn and "√" in drawn and "巡" in drawn
    assert fonts.missing_glyphs(drawn) == set()
    assert not ({"☑", "☐"} & set(drawn))  # PLATFORM.md: not in the font


def test_table_headers_repeat_on_every_page_a_table_runs_onto(snapshot, record, tmp_path):
    pages = assert_printable_pdf(print_inspection(snapshot, record, out=tmp_path / "s.pdf"))
    server_pages = [p for p in pages if re.search(r"^YHL-SRV-\d{4}$", p, re.M)]
    assert len(server_pages) >= 3  # 46 servers run over several pages
    for page in server_pages:
        assert "序号" in page and "资产编号" in page and "进风温度" in page and "双路供电" in page
    security_pages = [p for p in pages if re.search(r"^YHL-SEC-\d{4}$", p, re.M)]
    assert len(security_pages) >= 2 and all("特征库版本" in p for p in security_pages)


def test_a_revision_prints_its_number_and_reason(snapshot, tmp_path):
    record = make_record(snapshot, revision=2, reason="补录 2 号 UPS 电池容量复测值")
    text = flat(assert_printable_pdf(print_inspection(snapshot, record, out=tmp_path / "r2.pdf")))
    assert "第 2 版（更正原因：补录 2 号 UPS 电池容量复测值）" in text
    assert "（口令确认电子签名）" in text  # signed without a drawn image


def test_a_draft_is_marked_and_carries_no_hash(snapshot, tmp_path):
    text = flat(assert_printable_pdf(print_inspection(snapshot, None, out=tmp_path / "d.pdf")))
    assert "（草稿）" in text and "草稿（未签字）" in text and "不能核验" in text
    assert "核验码" not in text and "签字哈希" not in text
    assert "27.9 ℃ 异常" in text  # the values print all the same


def test_half_signed_sheet_waits_for_the_reviewer(snapshot, tmp_path):
    record = make_record(snapshot, signed=("巡检人",))
    text = flat(print_inspection(snapshot, record, out=tmp_path / "h.pdf") and
                assert_printable_pdf(tmp_path / "h.pdf"))
    assert "巡检人已签字，待审核" in text and "张伟" in text and "王芳" not in text
    assert f"核验码：{short_code(record.signed_hash())}" in text


def test_provisional_due_date_is_marked(snapshot, tmp_path):
    snapshot.update(kind="pre_holiday", kind_name="节前健康检查", period="2027 春节", due="2027-02-05",
                    provisional=True)
    text = flat(assert_printable_pdf(print_inspection(snapshot, None, out=tmp_path / "p.pdf")))
    assert "节前健康检查" in text and "2027 春节" in text and "暂定" in text and "按法定节日推算" in text


def test_the_paper_refuses_a_hash_that_does_not_cover_what_it_shows(snapshot, record, tmp_path):
    changed = copy.deepcopy(snapshot)
    changed["findings"] = "无"
    with pytest.raises(ValueError):
        print_inspection(changed, record, out=tmp_path / "x.pdf")


def test_rendering_is_deterministic(snapshot, record):
    assert render_bytes(snapshot, record) == render_bytes(snapshot, record)


def test_the_qr_code_says_the_code_and_hash(snapshot, record, tmp_path):
    signed = record.signed_hash()
    assert qr_payload(short_code(signed), signed) == f"OPSDESK:{short_code(signed)}:{signed}"
    # the QR is drawn as vector squares on the last page: many filled rectangles there
    reader = PdfReader(io.BytesIO(render_bytes(snapshot, record)))
    last = reader.pages[-1].get_contents().get_data()
    assert last.count(b" re") > 100


def test_blank_form_has_the_layout_and_no_values(snapshot, tmp_path):
    pages = assert_printable_pdf(print_blank(snapshot, tmp_path / "blank.pdf"))
    text = flat(pages)
    for expected in ("月度巡检表", "（空白表）", "一、UPS电源（4 台）", "七、机房环境（3 处）", "YHL-SRV-0046",
                     "□ 正常", "□ 异常", "回风温度", "18–27 ℃", "巡检发现", "处理建议", "巡检人", "审核人",
                     "年", "月", "日", "不能在系统中核验"):
        assert expected in text, expected
    for absent in ("27.9", "√ 正常", "张伟", "核验码", "签字哈希", "实时", "2 号硬盘黄灯"):
        assert absent not in text, absent
    for n, page in enumerate(pages, start=1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
    # the same tables: blank rows are taller (for handwriting), the devices the same
    tags = re.compile(r"^(YHL-[A-Z]+-\d{4})$", re.M)
    draft = assert_printable_pdf(print_inspection(snapshot, None, out=tmp_path / "d.pdf"))
    assert tags.findall("".join(pages)) == tags.findall("".join(draft))
    assert len(tags.findall("".join(pages))) == 119  # every unit of the site
