"""The site chooser and previous/next month buttons that month views (roster, shift
history) share."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from opsdesk.ops.shift_rows import SiteChoice, site_choices
from opsdesk.store import Store
from opsdesk.ui.operations import Query


@runtime_checkable
class MonthView(Protocol):
    """What the controls call on their owner."""

    def _on_site_changed(self, index: int, /) -> None: ...

    def step(self, months: int, /) -> None: ...


@runtime_checkable
class MonthBarView(MonthView, Protocol):
    """What the whole row calls on its owner: the controls' methods, and 本月."""

    def _on_this_month_clicked(self) -> None: ...


def site_month_controls(owner: QWidget, store: Store, combo_name: str,
                        label_width: int) -> tuple[QComboBox, QPushButton, QLabel, QPushButton]:
    """Site combo (all sites), ‹ previous, month label, next ›, wired to the owner's
    ``_on_site_changed`` and ``step(±1)``. The sites are read off the GUI thread: the combo
    fills a moment later, and choosing its first site calls ``_on_site_changed`` then."""
    if not isinstance(owner, MonthView):
        raise TypeError(f"{type(owner).__name__} lacks _on_site_changed or step: see MonthView")
    site_combo = QComboBox()
    site_combo.setObjectName(combo_name)
    site_combo.setMinimumContentsLength(8)
    site_combo.currentIndexChanged.connect(owner._on_site_changed)

    def fill(sites: list[SiteChoice]) -> None:
        for site in sites:
            site_combo.addItem(site.name, site.id)

    Query(owner, store, site_choices).success(fill).run()
    previous_button = QPushButton(QCoreApplication.translate("SiteMonth", "‹ Previous month"))
    previous_button.setObjectName("previousMonthButton")
    previous_button.clicked.connect(lambda: owner.step(-1))
    month_label = QLabel()
    month_label.setObjectName("monthLabel")
    month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    month_label.setMinimumWidth(label_width)
    next_button = QPushButton(QCoreApplication.translate("SiteMonth", "Next month ›"))
    next_button.setObjectName("nextMonthButton")
    next_button.clicked.connect(lambda: owner.step(1))
    return site_combo, previous_button, month_label, next_button


def site_month_bar(owner: QWidget, store: Store, combo_name: str,
                   label_width: int) -> tuple[QHBoxLayout, QComboBox, QPushButton, QLabel, QPushButton, QPushButton]:
    """The whole row: 站点 [site], ‹ previous, month, next ›, 本月 (wired to the owner's
    ``_on_this_month_clicked``), then a stretch; the owner may add to its end."""
    if not isinstance(owner, MonthBarView):
        raise TypeError(f"{type(owner).__name__} lacks _on_this_month_clicked: see MonthBarView")
    site_combo, previous_button, month_label, next_button = site_month_controls(owner, store, combo_name, label_width)
    this_month_button = QPushButton(QCoreApplication.translate("SiteMonth", "This month"))
    this_month_button.setObjectName("thisMonthButton")
    this_month_button.clicked.connect(owner._on_this_month_clicked)
    row = QHBoxLayout()
    row.setSpacing(8)
    caption = QLabel(QCoreApplication.translate("SiteMonth", "Site"))
    caption.setObjectName("fieldCaption")
    for field in (caption, site_combo):
        row.addWidget(field)
    row.addSpacing(16)
    for widget in (previous_button, month_label, next_button, this_month_button):
        row.addWidget(widget)
    row.addStretch(1)
    return row, site_combo, previous_button, month_label, next_button, this_month_button
