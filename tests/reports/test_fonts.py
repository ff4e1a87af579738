"""The embedded CJK font and the glyph audit every paper relies on."""

from __future__ import annotations

import pytest

from opsdesk.reports import fonts


def test_the_font_is_an_embeddable_truetype_cjk_font_registered_once():
    assert fonts.register() == fonts.register() == fonts.FONT_NAME
    assert fonts.font_path().endswith("wqy-zenhei.ttc")


def test_missing_glyphs_knows_what_the_font_can_print():
    assert fonts.missing_glyphs("机房值班日志 24.5 ℃ 35–75 %RH √ × — □ ≤ ≥ （）：、·第 1 页 共 2 页\n") == set()
    assert fonts.missing_glyphs("☑ 已检 ☐ 未检 😀") == {"☑", "☐", "😀"}
    assert fonts.printable("☑ 正常") == "? 正常"


def test_no_font_is_a_clear_error_naming_the_package(monkeypatch):
    monkeypatch.setattr(fonts, "_font", None)
    monkeypatch.setattr(fonts, "CANDIDATES", (fonts.FontCandidate("/nonexistent/x.ttc", 0, "fonts-x"),))
    with pytest.raises(fonts.FontMissing, match="fonts-wqy-zenhei"):
        fonts.register()
