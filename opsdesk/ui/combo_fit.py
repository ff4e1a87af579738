"""Selectors as wide as their longest choice.

A QComboBox sizes itself to the items it holds when first shown (AdjustToContentsOnFirstShow):
a room selector filled with the first site's 主机房 then clips the second site's 灾备机房 to
"灾备机." (issue 13). ``fit_to_texts`` makes it wide enough, once, for every text it may
ever hold, so a choice is never clipped and the toolbar does not jump when the site changes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox


def width_for(combo: QComboBox, texts: Iterable[str]) -> int:
    """The width the combo needs to show the longest of ``texts`` whole (in its style:
    the style sheet's padding and drop-down arrow included)."""
    combo.ensurePolished()  # the style sheet's font and padding
    metrics = combo.fontMetrics()
    text_w = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    size = combo.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, option,
                                          QSize(text_w + 4, metrics.height()), combo)
    return size.width()


def fit_to_texts(combo: QComboBox, texts: Iterable[str]) -> None:
    """Give ``combo`` the minimum width for every one of ``texts`` (and what it holds now)."""
    texts = [*texts, *(combo.itemText(i) for i in range(combo.count()))]
    combo.setMinimumWidth(width_for(combo, texts))
