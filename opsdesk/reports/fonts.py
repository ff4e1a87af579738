"""The one CJK font every paper is printed in, embedded in the PDF.

reportlab's built-in ``STSong-Light`` is a CID font that is *not* embedded: on a viewer
without Adobe's Asian font pack the page is blank or boxes (shared/PLATFORM.md). So a
TrueType font is embedded (subset) instead. WenQuanYi Zen Hei is preferred; the others
are accepted fallbacks. Noto CJK is not listed: it has PostScript outlines, which
reportlab cannot embed.

reportlab drops a character the font lacks without a word, so papers pass user text
through :func:`printable`, and the font records every character it draws
(:func:`drawn_chars`) so tests can prove nothing was dropped.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from opsdesk.i18n import t

if TYPE_CHECKING:
    from reportlab.pdfbase.pdfdoc import PDFDocument

FONT_NAME = "OpsDeskCJK"
REPLACEMENT = "?"  # printed where the font has no glyph, so a dropped character stays visible


@dataclass(frozen=True)
class FontCandidate:
    path: str
    subfont: int
    package: str  # the Debian package that ships it


CANDIDATES = (
    FontCandidate("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
    # microhei's ℃ is an empty glyph: missing_glyphs() reports it, printable() replaces it.
    FontCandidate("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
    FontCandidate("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "fonts-arphic-uming"),
)


class FontMissing(RuntimeError):
    """No accepted CJK TrueType font is installed."""


class _AuditedTTFont(TTFont):
    """A TTFont that remembers each character it was asked to draw."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drawn: set[str] = set()

    def splitString(self, text: str | bytes, doc: PDFDocument, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        self.drawn.update(text if isinstance(text, str) else text.decode(encoding))
        return super().splitString(text, doc, encoding)


_lock = threading.Lock()
_font: _AuditedTTFont | None = None
_usable: frozenset[int] = frozenset()


def _outlined_codes(font: TTFont) -> frozenset[int]:
    """Code points with a real glyph: mapped, not .notdef, and with an outline
    (whitespace is allowed to be empty)."""
    face = font.face
    pos = face.glyphPos
    codes = set()
    for code, glyph in face.charToGlyph.items():
        if glyph <= 0 or glyph + 1 >= len(pos):
            continue
        if pos[glyph + 1] > pos[glyph] or chr(code).isspace():
            codes.add(code)
    return frozenset(codes)


def register() -> str:
    """Register the CJK font once per process and return its reportlab name."""
    global _font, _usable
    if _font is not None:
        return FONT_NAME
    with _lock:
        if _font is None:
            found = next((c for c in CANDIDATES if Path(c.path).is_file()), None)
            if found is None:
                packages = " / ".join(c.package for c in CANDIDATES)
                raise FontMissing(t(
                    "No Chinese font that can be embedded in a PDF was found, so papers cannot be printed. "
                    "Install the Debian package fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei). "
                    "Font packages that will do: {packages}.", packages=packages))
            font = _AuditedTTFont(FONT_NAME, found.path, subfontIndex=found.subfont)
            pdfmetrics.registerFont(font)
            # No bold or italic face: <b>/<i> in a paragraph fall back to the same font
            # instead of a non-embedded Helvetica.
            from reportlab.lib.fonts import addMapping

            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _usable = _outlined_codes(font)
            _font = font
    return FONT_NAME


def _registered() -> _AuditedTTFont:
    """The CJK font, registered first if need be."""
    register()
    if _font is None:  # register() sets it or raises FontMissing
        raise RuntimeError("the CJK font was not registered")
    return _font


def font_path() -> str:
    path: str = _registered().face.filename  # (types-reportlab leaves it untyped)
    return path


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` the font cannot print (line breaks and tabs aside)."""
    register()
    return {ch for ch in set(text) if ch not in "\n\r\t" and ord(ch) not in _usable}


def printable(text: str) -> str:
    """``text`` with every character the font lacks replaced by a visible ``?``."""
    missing = missing_glyphs(text)
    if not missing:
        return text
    return "".join(REPLACEMENT if ch in missing else ch for ch in text)


def drawn_chars() -> set[str]:
    """Every character this process has drawn in the CJK font (for glyph audits)."""
    return set(_registered().drawn)


def reset_drawn() -> None:
    _registered().drawn.clear()
