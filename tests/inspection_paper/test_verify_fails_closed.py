"""The verifier fails closed, and sees a faint pen stroke (issue 14, finding 7; R-INSP-5).

Real papers: the demo's signed October sheet of 永和路数据中心 as it was kept at signing,
tampered with as a forger would (a white box or a light-grey pen stroke merged over the page
with pypdf), checked through the store as the console's 核验纸质表 and ``opsdesk verify`` do.

- Without pdftoppm (poppler-utils: PATH holds no pdftoppm) a paper whose text reads as the
  record but whose bytes differ cannot be verified: never "一致", exit 2, and the message
  names the package to install.
- With it, a 0.3 mm stroke in grey 192/255 in front of "33 %" or across one of its digits does
  not match, and the result says on which page and where; a copy read and written again by
  pypdf, and one rewritten by qpdf (object streams regenerated, streams decompressed,
  linearised — ./run installs qpdf), still match.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from opsdesk.cli import main
from opsdesk.models.signing import SignedPaper
from opsdesk.ops.verify import verify

MM = 72 / 25.4  # points per millimetre
GREY = 192 / 255
VALUE = "33 %"  # UPS 1's load on page 1 of the demo's October sheet


@pytest.fixture
def kept(demo_store) -> bytes:
    """The paper kept when the demo's October sheet of 永和路数据中心 was reviewed (both signatures)."""
    with demo_store.read() as session:
        paper = session.scalars(select(SignedPaper).where(SignedPaper.kind == "inspection")
                                .order_by(SignedPaper.signatures.desc(), SignedPaper.id.desc())).first()
        assert paper is not None and paper.signatures == 2
        return paper.pdf


@pytest.fixture
def no_pdftoppm(tmp_path, monkeypatch) -> None:
    """A machine without poppler-utils: the search path holds no pdftoppm."""
    empty = tmp_path / "bin-without-poppler"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("pdftoppm") is None


@pytest.fixture
def run(demo_db_path, monkeypatch, capsys, fixed_clock):
    """``opsdesk …`` as 张伟 against the demo database; returns (exit code, stdout, stderr)."""
    def _run(*args: str):
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        monkeypatch.setenv("OPSDESK_USER", "zhangwei")
        monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


def check(store, pdf: Path | bytes):
    """What the console's 核验纸质表 gets (opsdesk.ops.verify.verify, run by InspectionsPanel.verify_pdf)."""
    with store.read() as session:
        return verify(session, pdf)


def locate(pdf: bytes, needle: str, page: int = 0) -> tuple[float, float, float]:
    """Where ``needle`` is printed: its baseline start (x, y in points from the bottom left)
    and font size, read back from the PDF as a reader's tools do."""
    hits: list[tuple[float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if needle in text and not hits:
            hits.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                         size * tm[0] * cm[0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    assert hits, needle
    return hits[0]


def overlaid(original: bytes, draw, page: int = 0) -> bytes:
    """``original`` with what ``draw(canvas)`` paints merged over one page by pypdf."""
    box = PdfReader(io.BytesIO(original)).pages[page].mediabox
    overlay = io.BytesIO()
    canvas = Canvas(overlay, pagesize=(float(box.width), float(box.height)))
    draw(canvas)
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(original))
    writer.pages[page].merge_page(PdfReader(io.BytesIO(overlay.getvalue())).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def white_box_over_the_value(original: bytes) -> bytes:
    x, y, size = locate(original, VALUE)

    def white_out(canvas):
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(x - 1, y - 2, 20, size + 3, stroke=0, fill=1)

    return overlaid(original, white_out)


def grey_stroke(original: bytes, start: tuple[float, float], end: tuple[float, float]) -> bytes:
    """A pen stroke 0.3 mm wide in grey 192/255 from ``start`` to ``end`` (points)."""
    def pen(canvas):
        canvas.setStrokeColorRGB(GREY, GREY, GREY)
        canvas.setLineWidth(0.3 * MM)
        canvas.line(*start, *end)

    return overlaid(original, pen)


def page_height_pt(pdf: bytes) -> float:
    return float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.height)


def assert_region_holds(diff, pdf: bytes, x_pt: float, y_pt: float) -> None:
    """The difference's region (mm from the page's top left) holds the point (points from the bottom left)."""
    left, top, right, bottom = diff.region
    x_mm, y_mm = x_pt / MM, (page_height_pt(pdf) - y_pt) / MM
    assert left - 1 <= x_mm <= right + 1 and top - 1 <= y_mm <= bottom + 1, (diff.region, x_mm, y_mm)
    assert right - left < 6 and bottom - top < 6, diff.region  # the stroke, not the row or the page


# -- without the renderer: cannot verify, never "match" -----------------------------------------

def test_a_white_box_over_a_value_cannot_be_verified_without_pdftoppm(demo_store, kept, tmp_path, monkeypatch):
    tampered = tmp_path / "whited.pdf"
    tampered.write_bytes(white_box_over_the_value(kept))
    assert VALUE in PdfReader(str(tampered)).pages[0].extract_text()  # the text alone still reads the same
    with monkeypatch.context() as hidden:
        empty = tmp_path / "no-poppler"
        empty.mkdir()
        hidden.setenv("PATH", str(empty))
        assert shutil.which("pdftoppm") is None
        result = check(demo_store, tampered)
    assert result.status == "cannot_verify" and not result.ok, result
    assert result.detail == "no_renderer" and result.differences == []
    assert (result.title, result.revision) == ("永和路数据中心 月度巡检表 2026-10", 1)  # what it says it is
    note = "\n".join(result.notes)
    assert "poppler-utils" in note and "pdftoppm" in note
    assert "无法核验" in note and "安装" in note and "一致" not in note
    # with poppler in place the same file does not match, and the box is found
    assert shutil.which("pdftoppm") is not None
    result = check(demo_store, tampered)
    assert result.status == "mismatch" and [d.kind for d in result.differences] == ["visual"]


def test_without_pdftoppm_only_the_kept_bytes_match_and_a_changed_text_is_still_caught(demo_store, kept, no_pdftoppm,
                                                                                      tmp_path):
    result = check(demo_store, kept)  # the very file kept at signing: nothing to render
    assert result.status == "match" and result.compared == ("text", "bytes") and result.notes == []
    rewritten = PdfWriter(clone_from=io.BytesIO(kept))
    rewritten.add_metadata({"/Producer": "某 PDF 编辑器"})
    out = io.BytesIO()
    rewritten.write(out)
    result = check(demo_store, out.getvalue())  # probably harmless, but nothing here can tell
    assert result.status == "cannot_verify" and "poppler-utils" in "".join(result.notes)
    x, y, size = locate(kept, VALUE)

    def write_over(canvas):
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(x - 1, y - 2, 20, size + 3, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica", size)
        canvas.drawString(x, y, "38 %")

    result = check(demo_store, overlaid(kept, write_over))  # new text: the text comparison is enough
    assert result.status == "mismatch" and any("38 %" in d.found for d in result.differences)


def test_opsdesk_verify_without_pdftoppm_exits_2_and_names_the_package(run, kept, tmp_path, monkeypatch):
    tampered = tmp_path / "whited.pdf"
    tampered.write_bytes(white_box_over_the_value(kept))
    empty = tmp_path / "no-poppler"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("pdftoppm") is None
    code, out, _ = run("verify", str(tampered))
    assert code == 2, out
    assert "一致" not in out.replace("不一致", "")  # neither "matches" …
    assert "不一致" not in out  # … nor a mismatch it did not see
    assert "无法核验" in out and "poppler-utils" in out and "永和路数据中心 月度巡检表 2026-10" in out


# -- with the renderer: a faint pen stroke is seen, a rewritten file is not ------------------------

def test_a_light_grey_stroke_in_front_of_a_value_does_not_match_and_says_where(demo_store, kept, tmp_path):
    x, y, size = locate(kept, VALUE)
    stroke_x = x - 2  # a "1" in front of "33 %": 133 %
    tampered = grey_stroke(kept, (stroke_x, y), (stroke_x, y + 0.72 * size))
    assert VALUE in PdfReader(io.BytesIO(tampered)).pages[0].extract_text()
    result = check(demo_store, tampered)
    assert result.status == "mismatch", result
    assert "pixels" in result.compared and [d.kind for d in result.differences] == ["visual"]
    diff = result.differences[0]
    assert diff.page == 1
    assert_region_holds(diff, kept, stroke_x, y + 0.36 * size)
    assert "距左边" in diff.found and "距上边" in diff.found and "遮盖或改画" in diff.found


def test_a_light_grey_stroke_across_one_digit_is_seen_while_a_pypdf_rewrite_matches(demo_store, kept, run, tmp_path):
    x, y, size = locate(kept, VALUE)
    digit, middle = 0.55 * size, y + 0.36 * size  # across the first "3", through its middle
    tampered = tmp_path / "stroke.pdf"
    tampered.write_bytes(grey_stroke(kept, (x, middle), (x + digit, middle)))
    result = check(demo_store, tampered)
    assert result.status == "mismatch", result
    diff = result.differences[0]
    assert (diff.kind, diff.page) == ("visual", 1)
    assert_region_holds(diff, kept, x + digit / 2, middle)

    # read and written again by pypdf: other bytes, the same pages
    reader = PdfReader(io.BytesIO(kept))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    for page in writer.pages:
        page.compress_content_streams(level=9)
    copy = tmp_path / "rewritten.pdf"
    with copy.open("wb") as fh:
        writer.write(fh)
    assert copy.read_bytes() != kept
    result = check(demo_store, copy)
    assert result.status == "match", result.differences
    assert result.compared == ("text", "pixels") and result.kept

    # rewritten by qpdf as a PDF tool or a document system would: decompressed, object streams
    # regenerated, linearised — other bytes again, the same pages
    import subprocess

    qpdf = shutil.which("qpdf")
    assert qpdf, "qpdf is missing: ./run installs it (apt-get install qpdf)"
    for flags in (["--stream-data=uncompress", "--object-streams=generate"], ["--linearize", "--compress-streams=y"]):
        rewritten = tmp_path / f"qpdf-{flags[0].strip('-').split('=')[0]}.pdf"
        source = tmp_path / "kept-for-qpdf.pdf"
        source.write_bytes(kept)
        subprocess.run([qpdf, *flags, str(source), str(rewritten)], check=True, capture_output=True)
        assert rewritten.read_bytes() != kept
        result = check(demo_store, rewritten)
        assert result.status == "match", (flags, result.differences)

    # and on the command line: the stroke is named by page and place, the copy matches
    code, out, _ = run("verify", str(tampered))
    assert code == 1 and "与存档记录不一致" in out
    assert "第 1 页：存档为“签字时的页面”，文件为“距左边" in out
    code, out, _ = run("verify", str(copy))
    assert code == 0 and "与存档记录一致" in out
