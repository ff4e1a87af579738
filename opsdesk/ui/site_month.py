"""The site chooser and previous/next month buttons that month views (roster, shift
history) share."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from opsdesk.ops import devices
from opsdesk.store import Store
from opsdesk.ui.operations import Query


def site_month_controls(owner: QWidget, store: Store, combo_name: str, label_width: int, *,
                        in_background: bool = False) -> tuple[QComboBox, QPushButton, QLabel, QPushButton]:
    """Site combo (all sites), ‹ previous, month label, next ›, wired to the owner's
    ``_on_site_changed`` and ``step(±1)``. ``in_background``: the sites are read off the GUI
    thread and the combo fills a moment later (issue 15; every owner once its screen is ready)."""
    site_combo = QComboBox()
    site_combo.setObjectName(combo_name)
    site_combo.setMinimumContentsLength(8)

    def fill(sites: list[tuple[int, str]]) -> None:
        for site_id, name in sites:
            site_combo.addItem(name, site_id)

    def read(session) -> list[tuple[int, str]]:
        return [(site.id, site.name) for site in devices.sites(session)]

    if in_background:
        Query(owner, store, read).success(fill).run()
    else:
        with store.read() as session:
            fill(read(session))
    site_combo.currentIndexChanged.connect(owner._on_site_changed)
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


def site_month_bar(owner: QWidget, store: Store, combo_name: str, label_width: int, *, in_background: bool = False,
                   ) -> tuple[QHBoxLayout, QComboBox, QPushButton, QLabel, QPushButton, QPushButton]:
    """The whole row: 站点 [site], ‹ previous, month, next ›, 本月 (wired to the owner's
    ``_on_this_month_clicked``), then a stretch; the owner may add to its end."""
    site_combo, previous_button, month_label, next_button = site_month_controls(owner, store, combo_name, label_width,
                                                                            in_background=in_background)
    this_month_button = QPushButton(QCoreApplication.translate("SiteMonth", "This month"))
    this_month_button.setObjectName("thisMonthButton")
    this_month_button.clicked.connect(owner._on_this_month_clicked)
    row = QHBoxLayout()
    row.setSpacing(8)
    caption = QLabel(QCoreApplication.translate("SiteMonth", "Site"))
    caption.setObjectName("fieldCaption")
    for widget in (caption, site_combo):
        row.addWidget(widget)
    row.addSpacing(16)
    for widget in (previous_button, month_label, next_button, this_month_button):
        row.addWidget(widget)
    row.addStretch(1)
    return row, site_combo, previous_button, month_label, next_button, this_month_button
