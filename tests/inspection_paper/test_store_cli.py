"""Export and verify against the store: the demo's signed October sheet, a correction as
revision 2, a draft, the blank form; ``opsdesk inspection pdf`` and ``opsdesk verify``."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from opsdesk.cli import main
from opsdesk.models.equipment import Site
from opsdesk.ops import inspection
from opsdesk.ops.users import find_user
from opsdesk.ops.verify import export_sheet, verify
from opsdesk.reports.inspection import InspectionPaper
from tests.reports.conftest import assert_printable_pdf

PERIOD = "2026-10"  # the demo signs last month's sheet (NOW is 2026-11-22)


@pytest.fixture
def run(demo_db_path, monkeypatch, capsys, fixed_clock):
    def _run(*args: str, user: str = "zhangwei", password: str = "duty-2026"):
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        monkeypatch.setenv("OPSDESK_USER", user)
        monkeypatch.setenv("OPSDESK_PASSWORD", password)
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def yhl(session) -> int:
    return session.scalars(select(Site.id).where(Site.code == "YHL")).one()


def test_the_signed_sheet_exported_and_verified_from_the_command_line(run, tmp_path):
    pdf = tmp_path / "oct.pdf"
    code, out, _ = run("inspection", "pdf", "--site", "YHL", "--month", PERIOD, "--out", str(pdf))
    assert code == 0 and "已签字" in out
    text = "".join(assert_printable_pdf(pdf)).replace("\n", "")
    assert "月度巡检表" in text and "李娜" in text and "王芳" in text and "核验码" in text
    code, out, _ = run("verify", str(pdf))
    assert code == 0, out
    assert "与存档记录一致：永和路数据中心 月度巡检表 2026-10，第 1 版" in out
    assert "巡检人：李娜，2026-10-30 15:40 签字" in out and "审核人：王芳" in out and "签字哈希：" in out


def test_a_forged_copy_fails_on_the_command_line_and_unknown_files_are_unknown(run, demo_store, tmp_path):
    with demo_store.read() as s:
        sheet = inspection.find_sheet(s, yhl(s), "monthly", PERIOD)
        record = inspection.latest_record(s, sheet.id)
        forged = copy.deepcopy(record.snapshot)
        forged["findings"] = "机房运行正常，无异常。"
        InspectionPaper(forged, record, demo=True, tz="Asia/Shanghai").build(tmp_path / "forged.pdf")
    code, out, _ = run("verify", str(tmp_path / "forged.pdf"))
    assert code == 1 and "与存档记录不一致" in out and "文件为“" in out and "机房运行正常，无异常。" in out
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4 broken")
    code, out, _ = run("verify", str(junk))
    assert code == 2 and "不是可读取的 PDF" in out
    code, _, err = run("verify", str(tmp_path / "missing.pdf"))
    assert code == 2 and "没有文件" in err


def test_a_draft_prints_as_draft_and_cannot_be_verified(run, demo_store, tmp_path):
    with demo_store.write() as s:
        inspection.open_sheet(s, find_user(s, "zhangwei"), yhl(s), "monthly", "2026-11")
    pdf = tmp_path / "nov.pdf"
    code, out, _ = run("inspection", "pdf", "--site", "YHL", "--month", "2026-11", "--out", str(pdf))
    assert code == 0 and "草稿" in out
    text = "".join(assert_printable_pdf(pdf)).replace("\n", "")
    assert "（草稿）" in text and "核验码" not in text
    code, out, _ = run("verify", str(pdf))
    assert code == 2 and "没有找到核验码" in out


def test_the_blank_form_from_the_command_line(run, tmp_path):
    pdf = tmp_path / "blank.pdf"
    code, out, _ = run("inspection", "pdf", "--site", "YHL", "--month", "2026-12", "--blank", "--out", str(pdf))
    assert code == 0 and "空白表" in out
    pages = assert_printable_pdf(pdf)
    text = "".join(pages).replace("\n", "")
    assert "（空白表）" in text and "□ 正常" in text and "YHL-SRV-0001" in text and "核验码" not in text
    assert f"第 1 页 共 {len(pages)} 页" in pages[0]


def test_every_revision_stays_verifiable_after_a_correction(demo_store, fixed_clock, tmp_path):
    with demo_store.write() as s:
        li = find_user(s, "lina")
        sheet = inspection.find_sheet(s, yhl(s), "monthly", PERIOD)
        sheet_id = sheet.id
        inspection.correct(s, li, sheet_id, "补记精密空调滤网更换")
        sheet = inspection.get_sheet(s, sheet_id)
        inspection.set_findings(s, li, sheet_id, sheet.findings + "1号精密空调滤网已更换。", sheet.advice,
                                sheet.version)
    fixed_clock.advance(hours=1)
    with demo_store.write() as s:
        inspection.sign_as_inspector(s, find_user(s, "lina"), "duty-2026", sheet_id)
        inspection.sign_as_reviewer(s, find_user(s, "wangfang"), "review-2026", sheet_id)
    first, second = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    with demo_store.read() as s:
        assert export_sheet(s, yhl(s), PERIOD, first, revision=1) == "signed"
        assert export_sheet(s, yhl(s), PERIOD, second) == "signed"
        r1, r2 = verify(s, first), verify(s, second)
    assert (r1.status, r1.revision) == ("match", 1)
    assert (r2.status, r2.revision, r2.reason) == ("match", 2, "补记精密空调滤网更换")
    assert r1.code != r2.code
    text = "".join(assert_printable_pdf(second)).replace("\n", "")
    assert "第 2 版（更正原因：补记精密空调滤网更换）" in text and "1号精密空调滤网已更换" in text


def test_a_full_disk_leaves_the_earlier_sheet_whole_and_is_said_in_chinese(run, tmp_path, monkeypatch):
    """The PDF is built in memory and written whole or not at all; the command line says why
    in the user's language with the file's name, and a missing folder likewise."""
    import errno
    import os

    pdf = tmp_path / "oct.pdf"
    code, _, _ = run("inspection", "pdf", "--site", "YHL", "--month", PERIOD, "--out", str(pdf))
    assert code == 0
    earlier = pdf.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run("inspection", "pdf", "--site", "YHL", "--month", "2026-12", "--blank", "--out", str(pdf))
    monkeypatch.undo()
    assert code != 0 and f"{pdf} 所在的磁盘已满：未写入任何内容" in err
    assert pdf.read_bytes() == earlier and not list(tmp_path.glob("*.tmp"))
    missing = tmp_path / "没有的文件夹" / "oct.pdf"
    code, _, err = run("inspection", "pdf", "--site", "YHL", "--month", PERIOD, "--out", str(missing))
    assert code != 0 and f"文件夹或文件 {missing} 不存在" in err


def test_an_english_sheet_from_the_command_line_verifies_in_either_language(run, demo_store, tmp_path):
    """``--lang en`` prints the English paper; verify reads its language from the paper (the words
    before its code) and redraws it in English, whatever the reader's language."""
    pdf = tmp_path / "oct-en.pdf"
    code, out, _ = run("inspection", "pdf", "--site", "YHL", "--month", PERIOD, "--out", str(pdf), "--lang", "en")
    assert code == 0 and "signed" in out
    text = "".join(assert_printable_pdf(pdf)).replace("\n", " ")
    assert "Monthly inspection sheet" in text and "Verification code:" in text and "核验码" not in text
    code, out, _ = run("verify", str(pdf), "--lang", "en")
    assert code == 0, out
    assert "Matches the stored record" in out
    code, out, _ = run("verify", str(pdf))
    assert code == 0 and "与存档记录一致" in out
    # an English copy with a finding changed does not match
    with demo_store.read() as s:
        sheet = inspection.find_sheet(s, yhl(s), "monthly", PERIOD)
        record = inspection.latest_record(s, sheet.id)
        forged = copy.deepcopy(record.snapshot)
        forged["findings"] = "All normal."
        InspectionPaper(forged, record, demo=True, tz="Asia/Shanghai", lang="en").build(tmp_path / "forged-en.pdf")
    code, out, _ = run("verify", str(tmp_path / "forged-en.pdf"), "--lang", "en")
    assert code == 1 and "All normal." in out
