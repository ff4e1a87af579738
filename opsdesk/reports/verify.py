"""Does a printed (exported) sheet match the stored signed record? (R-INSP-5)

Not a hash in the metadata — anyone can copy that. The pages' text is read (pypdf), the
verification code printed on them names the stored revision, that revision is rendered
again in memory by the very function that printed it (rendering is deterministic), and
the two are compared page by page, twice:

- their text: a copy with one value changed, or with text written over a value, reads
  differently and does not match;
- what the pages show: both PDFs are rasterised by poppler (``pdftoppm -gray``) and
  compared pixel by pixel, so a value covered without new text — a white box drawn over
  it, or an image pasted over it — does not match either, and the result says on which
  page and roughly where (in mm from the page's top left corner).

A second export of the same revision is the same bytes (reportlab's invariant mode, the
document date taken from the record) and matches without rendering. A copy whose file
was rewritten by a tool that keeps the pages' drawing instructions (pypdf, qpdf) renders
to exactly the same pixels with the same renderer (measured: not one grey level differs);
the tolerance per pixel is there for round-off only, far below a light-grey pen stroke
(see RENDER_DPI and PIXEL_TOLERANCE).

The verifier fails closed: a paper whose bytes differ from the record's and whose pages
cannot be rasterised because pdftoppm (poppler-utils) is not installed is not called a
match on its text alone — the result is ``cannot_verify``, with a note naming the package
to install. (Its text is still compared: a paper whose text differs is a mismatch.)

This module knows PDFs and text only; finding the record and rendering it is the
caller's (:mod:`opsdesk.ops.verify`), passed in as ``lookup``.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

from opsdesk.clock import DEFAULT_TZ, format_local
from opsdesk.i18n import t

if TYPE_CHECKING:  # numpy is imported when a page is compared, not with this module
    import numpy as np
    from numpy.typing import NDArray

# "cannot_verify": the paper's text reads as the record, but what its pages show could not be
# compared (pdftoppm is not installed) — not a match: a covered value would go unnoticed.
Status = Literal["match", "mismatch", "unknown", "cannot_verify"]
# the code as a Chinese paper (核验码) or an English one (verification code) prints it; which
# of the two says the paper's language (LANGUAGE_OF_LABEL)
CODE_RE = re.compile(r"(核验码|[Vv]erification code)\s*[：:]?\s*([A-Z2-7]{4}-[A-Z2-7]{4})")
LANGUAGE_OF_LABEL = {"核验码": "zh", "verification code": "en"}
QR_RE = re.compile(r"OPSDESK:([A-Z2-7]{4}-[A-Z2-7]{4}):([0-9a-f]{64})")

# The visual comparison: pages rasterised in grey at RENDER_DPI; a pixel counts as changed
# when its grey differs by more than PIXEL_TOLERANCE of 255; changed pixels within REGION_MM
# of each other are one region. Chosen from measurement (the demo's signed October sheet,
# 8 pages, poppler 22.12, ``pdftoppm -gray``):
#
# - What must be caught, at its faintest: a pen stroke 0.3 mm wide in grey 192/255 across
#   one digit of "33 %" or in front of it. Over white paper it can change a pixel by at most
#   255 - 192 = 63 grey levels, and only where it covers the whole pixel. At 60 dpi
#   (1 px = 0.42 mm) the stroke is 0.7 px wide: the largest change measured was 58–63 on
#   4–6 pixels — below the former tolerance of 64, so it passed — and a stroke straddling
#   two pixel columns would reach only about half that. At 150 dpi (1 px = 0.17 mm) the
#   stroke is 1.8 px wide, so whatever its angle at least one pixel along it is fully
#   covered: 63 measured on 26 pixels in front of the value, up to 166 where it crosses a
#   digit's ink (17 pixels above 32).
# - What must not count: copies rewritten by pypdf (cloned and written, pages copied into a
#   new writer, content streams re-compressed or parsed and written again by merging an
#   empty page) rendered at 60, 100, 150 and 200 dpi differ from the original by 0 grey
#   levels on every pixel of every page; qpdf keeps content streams as they are and so
#   renders the same. The tolerance is round-off headroom only.
#
# PIXEL_TOLERANCE = 24 sits between the two: a fully covered pixel of the faintest stroke
# (63) is 2.6 times over it, and a pixel counts once the stroke covers more than 38 % of
# it; a rewrite's noise (0) is 24 levels under it. 150 dpi costs about 0.1 s for 8 pages.
# A tool that moves the drawing itself does not match at any tolerance (shifted by a
# hundredth of a point, thin rules snap to the next pixel: up to 255 levels measured at
# each of these dpi); such a copy is "not matching", the safe side.
RENDER_DPI = 150
PIXEL_TOLERANCE = 24
REGION_MM = 4.0
RENDER_TIMEOUT_S = 120
PGM_HEADER = re.compile(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s")
PAGE_FILE = re.compile(r"-(\d+)\.pgm$")


@dataclass(frozen=True)
class Signer:
    printed_name: str
    meaning: str
    role: str
    signed_at: str  # local time, "2026-11-22 10:00"


@dataclass(frozen=True)
class Difference:
    page: int  # 1-based; 0: the page count differs (or the file's pages cannot be rendered)
    expected: str  # the line as the stored revision prints it ("" if none)
    found: str  # the line on the paper ("" if none)
    kind: Literal["text", "pages", "visual", "render"] = "text"
    # "visual": where the page looks different, mm from its top left corner: (left, top, right, bottom)
    region: tuple[float, float, float, float] | None = None


@dataclass
class VerifyResult:
    status: Status
    code: str = ""
    revision: int | None = None
    reason: str = ""  # why that revision exists (n > 1)
    signed_hash: str = ""
    record_id: int | None = None
    title: str = ""  # what the record is, e.g. "永和路数据中心 月度巡检表 2026-11"
    signers: list[Signer] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    pages: int = 0
    # why unknown: "not_pdf", "no_code", "no_record"; "record_damaged" (mismatch); "no_renderer" (cannot_verify)
    detail: str = ""
    notes: list[str] = field(default_factory=list)  # e.g. why it cannot be verified here (what to install)
    compared: tuple[str, ...] = ()  # what was compared: "text", "bytes" (identical file), "pixels"
    drawing: int | None = None  # the drawing version of the paper it matched
    release: str = ""  # the OpsDesk release whose drawing that is
    kept: bool = False  # matched the paper kept at signing (False: the revision drawn again now)

    @property
    def ok(self) -> bool:
        return self.status == "match"


@dataclass(frozen=True)
class Reference:
    """A paper a printed copy may be a copy of: the one kept when the revision was signed,
    or the revision drawn again by a drawing version this release carries."""

    pdf: Callable[[], bytes]  # its bytes (drawn only when asked)
    drawing: int  # the drawing version (opsdesk.reports.drawings)
    release: str  # the OpsDesk release whose drawing it is
    kept: bool  # kept at signing (True) or drawn now (False)
    variable_text: re.Pattern[str] | None = None  # text that differs between prints (a print time)
    variable_boxes: tuple[tuple[float, float, float, float], ...] = ()  # where it is drawn, mm


@dataclass(frozen=True)
class Found:
    """What a verification code names: the signed state of a revision and its papers."""

    record: Any  # a RecordView or SignedRecord: revision, reason, record_id, signatures, signed_hash()
    title: str  # e.g. "永和路数据中心 月度巡检表 2026-11"
    tz: str
    references: Sequence[Reference]
    problems: Sequence[str] = ()  # the stored revision no longer holds its own hashes
    notes: Sequence[str] = ()


# A lookup finds what a code names, for a paper in a language ("zh", "en": the drawings that
# can have printed it); None when no signed record has it.
Lookup = Callable[[str, str], "Found | None"]


def read_bytes(source: Path | str | bytes | BinaryIO) -> bytes | None:
    """The file's bytes, or None when it cannot be read."""
    try:
        if isinstance(source, bytes):
            return source
        if isinstance(source, str | Path):
            return Path(source).read_bytes()
        data: Any = source.read()
        return bytes(data) if isinstance(data, bytes | bytearray) else None
    except OSError:
        return None


def read_pages(source: Path | str | bytes | BinaryIO) -> list[str] | None:
    """The text of each page, or None when ``source`` is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if isinstance(source, str | Path):
            data = Path(source).read_bytes()
            if not data.lstrip()[:5] == b"%PDF-":
                return None
            stream: Any = io.BytesIO(data)
        elif isinstance(source, bytes):
            stream = io.BytesIO(source)
        else:
            stream = source
        reader = PdfReader(stream)
        return [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return None


def find_code(pages: list[str]) -> str | None:
    """The verification code printed on the pages (the first one found)."""
    found = code_and_language(pages)
    return found[0] if found else None


def code_and_language(pages: list[str]) -> tuple[str, str] | None:
    """The verification code printed on the pages and the language the paper is printed in
    ("zh", "en": read from the words before the code; "zh" when only the QR code's text is found)."""
    for text in pages:
        labelled = CODE_RE.search(text)
        if labelled:
            return labelled.group(2), LANGUAGE_OF_LABEL.get(labelled.group(1).lower(), "zh")
        bare = QR_RE.search(text)
        if bare:
            return bare.group(1), "zh"
    return None


def lines(text: str) -> list[str]:
    """A page's text as a reader compares it: whitespace collapsed, empty lines dropped."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def compare(expected: list[str], found: list[str], limit: int = 5,
            variable: re.Pattern[str] | None = None) -> list[Difference]:
    """The first differing lines, page by page (at most ``limit``). ``variable``: text that
    may differ between two prints of one paper (a print time), left out of the comparison."""
    if variable is not None:
        expected = [variable.sub("…", page) for page in expected]
        found = [variable.sub("…", page) for page in found]
    out: list[Difference] = []
    if len(expected) != len(found):
        out.append(Difference(0, t("{n} pages", n=len(expected)), t("{n} pages", n=len(found)), kind="pages"))
    for number, (want, got) in enumerate(zip(expected, found, strict=False), start=1):
        a, b = lines(want), lines(got)
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            width = max(i2 - i1, j2 - j1)
            for k in range(width):
                out.append(Difference(number, a[i1 + k] if i1 + k < i2 else "", b[j1 + k] if j1 + k < j2 else ""))
                if len(out) >= limit:
                    return out
    return out


# -- what the pages show --------------------------------------------------------------------

class RenderError(Exception):
    """A PDF could not be rasterised: ``missing`` when pdftoppm is not installed."""

    def __init__(self, detail: str, *, missing: bool = False) -> None:
        super().__init__(detail)
        self.missing = missing


def pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def parse_pgm(data: bytes) -> NDArray[np.uint8]:
    """A binary greymap (``P5``, as ``pdftoppm -gray`` writes it) as a 2-D uint8 array."""
    import numpy as np

    head = PGM_HEADER.match(data)
    if head is None or int(head.group(3)) > 255:
        raise RenderError("not an 8-bit PGM image")
    width, height = int(head.group(1)), int(head.group(2))
    if len(data) - head.end() < width * height:
        raise RenderError("truncated PGM image")
    return np.frombuffer(data, dtype=np.uint8, count=width * height, offset=head.end()).reshape(height, width)


def render_gray(pdf: bytes, dpi: int = RENDER_DPI) -> list[NDArray[np.uint8]]:
    """Every page of ``pdf`` rasterised in grey by poppler (one uint8 array per page).
    Raises :class:`RenderError`."""
    tool = pdftoppm()
    if tool is None:
        raise RenderError("pdftoppm", missing=True)
    with tempfile.TemporaryDirectory(prefix="opsdesk-verify-") as tmp:
        folder = Path(tmp)
        (folder / "in.pdf").write_bytes(pdf)
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv (pdftoppm found on PATH, our temp files), no shell
                [tool, "-r", str(dpi), "-gray", str(folder / "in.pdf"), str(folder / "page")],
                capture_output=True, text=True, timeout=RENDER_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RenderError(str(exc)) from exc
        if done.returncode != 0:
            said = (done.stderr or "").strip().splitlines()
            raise RenderError(said[-1] if said else f"pdftoppm exit {done.returncode}")
        numbered = [(int(m.group(1)), f) for f in folder.glob("page-*.pgm") if (m := PAGE_FILE.search(f.name))]
        return [parse_pgm(f.read_bytes()) for _, f in sorted(numbered, key=lambda page: page[0])]


def changed_regions(expected: NDArray[np.uint8], found: NDArray[np.uint8], dpi: int = RENDER_DPI,
                    ignore: Sequence[tuple[float, float, float, float]] = (),
                    ) -> list[tuple[float, float, float, float]]:
    """Where two renderings of a page differ visibly: boxes in mm from the top left corner
    (left, top, right, bottom), top to bottom; empty when they look the same. ``ignore``:
    boxes (mm) whose content may differ between two prints of one paper."""
    import numpy as np

    if expected.shape != found.shape:
        h, w = found.shape
        return [(0.0, 0.0, round(w * 25.4 / dpi, 1), round(h * 25.4 / dpi, 1))]
    changed = np.abs(expected.astype(np.int16) - found.astype(np.int16)) > PIXEL_TOLERANCE
    px = dpi / 25.4
    for left, top, right, bottom in ignore:
        changed[int(top * px):int(bottom * px) + 1, int(left * px):int(right * px) + 1] = False
    if not changed.any():
        return []
    # group the changed pixels by blocks of REGION_MM; touching blocks are one region
    block = max(1, round(REGION_MM * dpi / 25.4))
    h, w = changed.shape
    padded = np.zeros((-(-h // block) * block, -(-w // block) * block), dtype=bool)
    padded[:h, :w] = changed
    # (any() over two of the four axes is a 2-D array; numpy's types say "array or scalar")
    blocks = cast("NDArray[np.bool_]",
                  padded.reshape(padded.shape[0] // block, block, padded.shape[1] // block, block).any(axis=(1, 3)))
    seen = np.zeros_like(blocks)
    regions: list[tuple[float, float, float, float]] = []
    for by, bx in zip(*np.nonzero(blocks), strict=True):
        if seen[by, bx]:
            continue
        stack, members = [(by, bx)], []
        seen[by, bx] = True
        while stack:
            y, x = stack.pop()
            members.append((y, x))
            for ny in range(max(y - 1, 0), min(y + 2, blocks.shape[0])):
                for nx in range(max(x - 1, 0), min(x + 2, blocks.shape[1])):
                    if blocks[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys, xs = zip(*members, strict=True)
        y0, y1, x0, x1 = min(ys) * block, (max(ys) + 1) * block, min(xs) * block, (max(xs) + 1) * block
        dy, dx = np.nonzero(changed[y0:y1, x0:x1])  # the changed pixels themselves, not whole blocks
        top, bottom, left, right = (int(v) for v in (y0 + dy.min(), y0 + dy.max() + 1,
                                                     x0 + dx.min(), x0 + dx.max() + 1))
        mm = 25.4 / dpi
        regions.append((round(left * mm, 1), round(top * mm, 1), round(right * mm, 1), round(bottom * mm, 1)))
    return sorted(regions, key=lambda r: (r[1], r[0]))


def region_text(region: tuple[float, float, float, float]) -> str:
    left, top, right, bottom = (round(v) for v in region)
    return t("covered or drawn over at {left}–{right} mm from the left edge, {top}–{bottom} mm from the top",
             left=left, right=max(right, left + 1), top=top, bottom=max(bottom, top + 1))


def compare_visual(expected_pdf: bytes, found_pdf: bytes, limit: int = 5, dpi: int = RENDER_DPI,
                   ignore: Sequence[tuple[float, float, float, float]] = ()) -> list[Difference]:
    """Where the pages of ``found_pdf`` look different from ``expected_pdf`` (at most
    ``limit`` regions). Raises :class:`RenderError` when either cannot be rasterised;
    ``missing`` on the error when pdftoppm is not installed."""
    expected = render_gray(expected_pdf, dpi)
    try:
        found = render_gray(found_pdf, dpi)
    except RenderError as exc:
        if exc.missing:
            raise
        return [Difference(0, "", str(exc), kind="render")]  # found: what poppler said
    out: list[Difference] = []
    if len(expected) != len(found):
        out.append(Difference(0, t("{n} pages", n=len(expected)), t("{n} pages", n=len(found)), kind="pages"))
    for number, (want, got) in enumerate(zip(expected, found, strict=False), start=1):
        for region in changed_regions(want, got, dpi, ignore):
            out.append(Difference(number, t("the page as signed"), region_text(region), kind="visual", region=region))
            if len(out) >= limit:
                return out
    return out


def signers(record: Any, tz: str = DEFAULT_TZ) -> list[Signer]:
    return [Signer(sg.printed_name, sg.meaning, sg.role, format_local(sg.signed_at, tz)) for sg in record.signatures]


def verify_pdf(source: Path | str | bytes | BinaryIO, lookup: Lookup) -> VerifyResult:
    """Check one exported paper against what ``lookup`` finds for its code.

    The paper is compared with each reference in turn — the paper kept at signing first —
    until one matches in text and look. When none does, the differences shown are those
    from the first reference whose text matched (a covered value), else from the first one
    (what was signed).

    Fails closed: when a reference's text matches but the pages cannot be rasterised
    because pdftoppm is not installed, and no reference is the very same bytes, the result
    is ``cannot_verify`` (never ``match``) with a note naming poppler-utils; a paper whose
    text differs from every reference is still a ``mismatch``."""
    data = read_bytes(source)
    pages = read_pages(data) if data is not None and data.lstrip()[:5] == b"%PDF-" else None
    if data is None or pages is None:
        return VerifyResult("unknown", detail="not_pdf")
    coded = code_and_language(pages)
    if coded is None:
        return VerifyResult("unknown", pages=len(pages), detail="no_code")
    code, lang = coded
    found = lookup(code, lang)
    if found is None:
        return VerifyResult("unknown", code=code, pages=len(pages), detail="no_record")
    record = found.record
    result = VerifyResult("match", code=code, revision=record.revision, reason=record.reason,
                          signed_hash=record.signed_hash(), record_id=record.record_id, title=found.title,
                          signers=signers(record, found.tz), pages=len(pages), notes=list(found.notes))
    if found.problems:  # the stored revision no longer holds its own hashes
        result.status, result.detail = "mismatch", "record_damaged"
        return result
    first: list[Difference] | None = None
    visual: tuple[list[Difference], tuple[str, ...]] | None = None
    unrendered = False  # some reference's text matched, but pdftoppm is missing to compare the look
    for ref in found.references:
        outcome = _against(ref, data, pages)
        if outcome is None:
            continue  # this reference could not be drawn
        if isinstance(outcome, _NoRenderer):  # NO_RENDERER
            unrendered = True
            continue  # a later reference may still be the very same bytes
        differences, compared = outcome
        if not differences:
            result.compared, result.drawing, result.release, result.kept = compared, ref.drawing, ref.release, ref.kept
            return result
        if first is None:
            first = differences
        if visual is None and ("pixels" in compared or any(d.kind == "render" for d in differences)):
            visual = (differences, compared)
    if unrendered and visual is None:
        result.status, result.detail, result.compared = "cannot_verify", "no_renderer", ("text",)
        result.notes.append(no_renderer_note())
        return result
    result.status = "mismatch"
    result.differences, result.compared = visual if visual is not None else (first or [], ("text",))
    return result


def no_renderer_note() -> str:
    """Why a paper cannot be verified here, and what to install."""
    return t("Cannot verify this paper: pdftoppm (poppler-utils) is not installed, so what the pages show "
             "cannot be compared with the signed record, and a value covered without new text would go "
             "unnoticed. Its text alone proves nothing. Ask the administrator to install poppler-utils "
             "(apt install poppler-utils), then check the paper again.")


class _NoRenderer:
    """What :func:`_against` answers when the text matched but pdftoppm is not installed."""


NO_RENDERER = _NoRenderer()


def _against(ref: Reference, data: bytes, pages: list[str]
             ) -> tuple[list[Difference], tuple[str, ...]] | _NoRenderer | None:
    """The differences of the paper (``data``, its ``pages``' text) from one reference and
    what was compared; None when the reference cannot be drawn; NO_RENDERER when the text
    matched but the look cannot be compared (pdftoppm is not installed)."""
    try:
        expected_pdf = ref.pdf()
    except Exception:  # noqa: BLE001 - an old drawing that fails here is no evidence either way
        return None
    differences = compare(read_pages(expected_pdf) or [], pages, variable=ref.variable_text)
    if differences:
        return differences, ("text",)
    if data == expected_pdf:  # the very bytes kept or drawn: nothing to render
        return [], ("text", "bytes")
    try:
        return compare_visual(expected_pdf, data, ignore=ref.variable_boxes), ("text", "pixels")
    except RenderError as exc:
        if not exc.missing:
            return [Difference(0, "", str(exc), kind="render")], ("text",)
        return NO_RENDERER
