"""Signed papers outlive the code that drew them (R-INSP-5, R-SHIFT-3).

``tests/fixtures/papers_v1`` holds a database made by release 0.1.0 (commit 63db74a) and the
inspection sheet and shift log that release exported (``make_v1.py`` says how). Every later
release must still verify them as matching — after the upgrade, and after the current drawing
has changed (a test changes a label in it here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from opsdesk import __version__
from opsdesk.cli import main
from opsdesk.models import Site
from opsdesk.models.signing import SignedPaper, SignedRecord
from opsdesk.models.users import User
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops import papers
from opsdesk.ops import shift as shifts
from opsdesk.ops.shift import print_shift_log
from opsdesk.ops.verify import export_sheet, verify
from opsdesk.reports import drawings
from opsdesk.reports import inspection as live_inspection
from opsdesk.reports.verify import compare, compare_visual, read_pages
from opsdesk.store import Store
from tests.shift.fill import clear_demo_duty, tick_all

FIXTURES = Path(__file__).parents[1] / "fixtures" / "papers_v1"
SHEET_PDF = FIXTURES / "inspection-yhl-2026-10.pdf"
SHIFT_PDF = FIXTURES / "shift-yhl-2026-11-20-day.pdf"
# The frozen drawing version 1: never edited (a new look is a new version). Re-pinned once, for
# type annotations and import order only (issue 15, item 5: its syntax tree without annotations
# and imports compared equal); the papers below, drawn again by it, prove the bytes unchanged.
FROZEN_V1 = {
    "paper.py": "45670d8751bf4ecd8ff57e66b9b76fea94944d507e4cd963078cfb003d67065a",
    "inspection.py": "52f96c8dd1f9ff134b807c55dcba58e983b28d2d2c340dc66c365de1d3021080",
    "shiftlog.py": "cb21847b76a99686a1a914e8fa1133673c371f718ca8f2cb2071ddd2468c5954",
}


@pytest.fixture
def v1_db(tmp_path) -> Path:
    """A copy of the release 0.1.0 database (not yet upgraded)."""
    path = tmp_path / "v1.sqlite3"
    shutil.copy(FIXTURES / "v1.sqlite3", path)
    return path


@pytest.fixture
def upgraded(v1_db) -> Store:
    store = Store(str(v1_db))  # migrates 0007 → head, keeping the papers signed before
    yield store
    store.close()


@pytest.fixture
def changed_label(monkeypatch):
    """A later release: the live inspection sheet prints the reviewer's role differently and
    says it is drawing version 2."""
    monkeypatch.setattr(live_inspection, "ROLE_NAMES", {**live_inspection.ROLE_NAMES, "supervisor": "医院信息科审核人"})
    monkeypatch.setattr(live_inspection, "DRAWING_VERSION", 2)
    assert drawings.current("inspection").version == 2


def whited_out(pdf: Path) -> bytes:
    """``pdf`` with a white box drawn over the middle of its first page (no text added)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    box = io.BytesIO()
    canvas = Canvas(box, pagesize=landscape(A4))
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(300, 250, 120, 40, stroke=0, fill=1)
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(str(pdf)))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(box.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def check(store: Store, pdf: Path | bytes):
    with store.read() as session:
        return verify(session, pdf)


def test_the_fixture_database_is_from_release_0_1_0(v1_db):
    con = sqlite3.connect(v1_db)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0007",)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    assert "signed_paper" not in tables


def test_papers_printed_by_release_0_1_0_verify_after_the_upgrade(upgraded):
    with upgraded.read() as session:
        kept = list(session.scalars(select(SignedPaper).order_by(SignedPaper.id)))
    assert [(p.kind, p.drawing, p.release, p.signatures) for p in kept] == [
        ("inspection", 1, "0.1.0", 2), ("shift", 1, "0.1.0", 2)]

    sheet = check(upgraded, SHEET_PDF)
    assert sheet.status == "match", sheet.differences
    assert (sheet.drawing, sheet.release, sheet.kept) == (1, "0.1.0", True)
    assert sheet.compared == ("text", "bytes")  # the very bytes that release printed
    assert sheet.title == "永和路数据中心 月度巡检表 2026-10"
    assert [(s.meaning, s.printed_name) for s in sheet.signers] == [("巡检人", "李娜"), ("审核人", "王芳")]

    log = check(upgraded, SHIFT_PDF)  # printed 2026-12-01 10:15, kept as of the signing (17:30)
    assert log.status == "match", log.differences
    assert (log.drawing, log.release, log.kept) == (1, "0.1.0", True)
    assert log.compared == ("text", "pixels")
    assert log.title == "永和路数据中心 机房值班日志 2026-11-20 白班"
    assert [(s.meaning, s.printed_name) for s in log.signers] == [("交班人", "张伟"), ("接班人", "李娜")]


def test_after_a_label_changed_in_the_current_drawing_old_papers_still_verify(v1_db, changed_label, tmp_path):
    store = Store(str(v1_db))  # the upgrade runs with the changed drawing installed
    try:
        for pdf in (SHEET_PDF, SHIFT_PDF):
            result = check(store, pdf)
            assert result.status == "match", (pdf.name, result.differences)
            assert (result.drawing, result.release, result.kept) == (1, "0.1.0", True)

        # The same revision printed again by the new drawing: recognised, and said to be that drawing.
        again = tmp_path / "again.pdf"
        with store.read() as session:
            site = session.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()
            assert export_sheet(session, site, "2026-10", again) == "signed"
        text = "".join(read_pages(again))
        assert "医院信息科审核人" in text and "医院信息科审核人" not in "".join(read_pages(SHEET_PDF))
        result = check(store, again)
        assert result.status == "match", result.differences
        assert (result.drawing, result.release, result.kept) == (2, __version__, False)

        # The old paper with values on its first page whited out is still caught, and where.
        result = check(store, whited_out(SHEET_PDF))
        assert result.status == "mismatch" and result.differences[0].kind == "visual"
        assert result.differences[0].page == 1
    finally:
        store.close()


def test_a_copy_with_a_page_removed_does_not_match(upgraded, tmp_path):
    reader = PdfReader(str(SHEET_PDF))
    writer = PdfWriter()
    for page in reader.pages[:-1]:
        writer.add_page(page)
    short = tmp_path / "short.pdf"
    with short.open("wb") as f:
        writer.write(f)
    result = check(upgraded, short)
    assert result.status == "mismatch" and any(d.kind == "pages" for d in result.differences)


def test_a_shift_log_with_its_handover_changed_does_not_match(upgraded, tmp_path):
    """Printed again by hand from the record with one word changed: the kept paper says otherwise."""
    with upgraded.read() as session:
        record = session.scalars(select(SignedRecord).where(SignedRecord.kind == "shift")).one()
        view = drawings.RecordView.of(record)
        inp = papers.paper_input(session, view)
    from opsdesk.reports.frozen.v1 import shiftlog as v1

    forged = dict(view.snapshot, handover_notes="UPS 电池柜巡检异常；精密空调二号机滤网下周更换。")
    buf = io.BytesIO()
    v1.ShiftLogPaper(forged, view, inp.demo, inp.names, inp.tz,
                     dt.datetime(2026, 12, 1, 2, 15, tzinfo=dt.UTC)).build(buf)
    result = check(upgraded, buf.getvalue())
    assert result.status == "mismatch"
    assert any("异常" in d.found and "正常" in d.expected for d in result.differences)


def test_without_a_kept_paper_the_frozen_drawing_verifies(upgraded):
    """A revision whose paper could not be kept (no font at the upgrade): drawn by drawing 1 when asked."""
    with upgraded.write() as session:
        session.query(SignedPaper).delete()
    result = check(upgraded, SHEET_PDF)
    assert result.status == "match" and (result.drawing, result.kept) == (1, False)


def test_the_live_drawings_print_what_their_version_printed(upgraded):
    """While a live module says it draws a frozen version, it must print what that version
    prints: a visible change raises its DRAWING_VERSION, and every earlier version is frozen."""
    with upgraded.read() as session:
        records = list(session.scalars(select(SignedRecord)))
        assert {r.kind for r in records} == set(drawings.kinds())
        for record in records:
            live = drawings.current(record.kind)
            assert set(range(1, live.version)) <= set(drawings.FROZEN[record.kind]), \
                f"{record.kind}: freeze drawing versions before {live.version} in opsdesk/reports/drawings.py"
            frozen = drawings.FROZEN[record.kind].get(live.version)
            if frozen is None:
                continue  # a new drawing: nothing printed with it before this release
            inp = papers.paper_input(session, drawings.RecordView.of(record))
            old, new = frozen.render(inp), live.render(inp)
            if record.kind == "inspection":
                assert new == old, "the inspection sheet looks different: raise DRAWING_VERSION"
            else:
                assert compare(read_pages(old), read_pages(new)) == [], "raise shiftlog.DRAWING_VERSION"
                assert compare_visual(old, new) == [], "raise shiftlog.DRAWING_VERSION"


def test_the_frozen_drawing_files_are_never_edited():
    folder = Path(drawings.__file__).with_name("frozen") / "v1"
    for name, pinned in FROZEN_V1.items():
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        assert digest == pinned, f"{name} of drawing version 1 was edited"


# -- papers signed from now on ------------------------------------------------------------------

@pytest.fixture
def duty_day(demo_store, fixed_clock):
    """A day shift of 2026-11-20 at 永和路数据中心, ticked, handed over and signed by 张伟 and 李娜
    (the demo's own weeks on duty taken out first: that day is one of them)."""
    store = demo_store
    clear_demo_duty(store)
    with store.read() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        site = s.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()
    with store.write() as s:
        shift_id = shifts.start_shift(s, users["zhangwei"], site, dt.date(2026, 11, 20), "day").id
    tick_all(store, users["zhangwei"], shift_id)
    with store.write() as s:
        shifts.sign_off(s, users["zhangwei"], "duty-2026", users["lina"], "duty-2026", shift_id)
    return store, shift_id


def test_a_signed_shift_log_verifies_whenever_it_is_printed(duty_day, fixed_clock, tmp_path):
    store, shift_id = duty_day
    with store.read() as s:
        kept = s.scalars(select(SignedPaper).where(SignedPaper.kind == "shift")).one()
    assert kept.drawing == 1 and kept.pages >= 1 and len(kept.pdf) < 150_000  # modest: ~65 KB
    for hours in (0, 30):  # printed at once, and again the next afternoon
        fixed_clock.set(fixed_clock.now() + dt.timedelta(hours=hours))
        pdf = tmp_path / f"log-{hours}.pdf"
        with store.read() as s:
            print_shift_log(s, shift_id, pdf)
        result = check(store, pdf)
        assert result.status == "match", result.differences
        assert result.kept and "pixels" in result.compared


def test_the_command_line_verifies_a_shift_log(duty_day, demo_db_path, monkeypatch, capsys, tmp_path):
    store, shift_id = duty_day
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    pdf = tmp_path / "shift.pdf"
    assert main(["shift", "pdf", "--date", "2026-11-20", "--site", "永和路数据中心", "--out", str(pdf)]) == 0
    capsys.readouterr()
    assert main(["verify", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("与存档记录一致：永和路数据中心 机房值班日志 2026-11-20 白班，第 1 版")
    assert "本纸质记录：OpsDesk 0.1.0 第 1 版版式（与签字时存档的页面一致）" in out


def test_a_sheet_printed_before_the_review_verifies_and_says_so(demo_store, demo_users, fixed_clock, tmp_path):
    from tests.inspection.conftest import fill_all, site_id  # a sheet filled as on the floor

    site = site_id(demo_store, "DR")
    with demo_store.write() as s:
        sheet_id = inspection_ops.open_sheet(s, demo_users["duty"], site, "monthly", "2026-11").id
    fill_all(demo_store, sheet_id, by=demo_users["duty"].username)
    with demo_store.write() as s:
        inspection_ops.sign_as_inspector(s, demo_users["duty"], "duty-2026", sheet_id)
    early = tmp_path / "early.pdf"
    with demo_store.read() as s:
        assert export_sheet(s, site, "2026-11", early) == "signed"
    with demo_store.write() as s:
        inspection_ops.sign_as_reviewer(s, demo_users["supervisor"], "review-2026", sheet_id)
    result = check(demo_store, early)
    assert result.status == "match", result.differences
    assert [s.meaning for s in result.signers] == ["巡检人"]
    assert any("审核人 王芳" in note for note in result.notes)
    with demo_store.read() as s:
        kept = list(s.scalars(select(SignedPaper).join(SignedRecord).where(SignedRecord.kind == "inspection",
                                                                           SignedRecord.record_id == sheet_id)))
    assert sorted(p.signatures for p in kept) == [1, 2]


def test_the_papers_kept_before_languages_are_chinese(upgraded, v1_db):
    """Migration 0017 marks every paper kept before it as Chinese, the language release 0.1.0 drew."""
    con = sqlite3.connect(v1_db)
    try:
        languages = {r[0] for r in con.execute("SELECT language FROM signed_paper")}
    finally:
        con.close()
    assert languages == {"zh"}
