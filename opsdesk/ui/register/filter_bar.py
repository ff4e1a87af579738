"""The register's filter bar: site, category, warranty status, free text, and the
day the warranty status is judged on (default today)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from opsdesk.clock import get_clock
from opsdesk.models import categories
from opsdesk.models.equipment import WarrantyStatus
from opsdesk.ops.devices import RegisterFilter
from opsdesk.ui.labels import status_label

TEXT_DEBOUNCE_MS = 250  # one query after typing pauses, not one per key


class RegisterFilterBar(QWidget):
    """Emits a signal whenever the filter changes; the panel reloads."""

    sig_filter_changed = Signal()
    """Any of the filter fields changed (text: after typing pauses)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registerFilterBar")
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("siteCombo")
        self.site_combo.addItem(self.tr("All sites"), None)
        self.site_combo.setMinimumContentsLength(8)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.addItem(self.tr("All categories"), None)
        for category in categories.categories().all:
            self.category_combo.addItem(category.name(), category.code)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.addItem(self.tr("Any warranty status"), None)
        for status in (WarrantyStatus.IN, WarrantyStatus.SOON, WarrantyStatus.OUT, WarrantyStatus.UNKNOWN):
            self.status_combo.addItem(status_label(status), status.value)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("Search name, model, asset tag, IP…"))
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setObjectName("asOfEdit")
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        today = get_clock().today()
        self.as_of_edit.setDate(QDate(today.year, today.month, today.day))
        self.as_of_edit.setToolTip(self.tr("Warranty status is judged on this day"))

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_DEBOUNCE_MS)
        self._text_timer.timeout.connect(self.sig_filter_changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.site_combo)
        layout.addWidget(self.category_combo)
        layout.addWidget(self.status_combo)
        layout.addWidget(self.search_edit, 1)
        layout.addWidget(QLabel(self.tr("As of")))
        layout.addWidget(self.as_of_edit)

        self.site_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.category_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.status_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.as_of_edit.dateChanged.connect(self._on_choice_changed)
        self.search_edit.textChanged.connect(self._on_text_changed)

    def set_sites(self, sites: list[tuple[int, str]]) -> None:
        """Fill the site choice (id, name), keeping the current choice if it still exists."""
        current = self.site_combo.currentData()
        self.site_combo.blockSignals(True)
        while self.site_combo.count() > 1:
            self.site_combo.removeItem(1)
        for site_id, name in sites:
            self.site_combo.addItem(name, site_id)
        index = self.site_combo.findData(current)
        self.site_combo.setCurrentIndex(max(index, 0))
        self.site_combo.blockSignals(False)

    def select_site(self, name: str) -> None:
        self.site_combo.setCurrentIndex(self.site_combo.findText(name))

    def set_as_of(self, day: dt.date) -> None:
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))

    def as_of(self) -> dt.date:
        date = self.as_of_edit.date()
        return dt.date(date.year(), date.month(), date.day())

    def current_filter(self) -> RegisterFilter:
        status = self.status_combo.currentData()
        return RegisterFilter(
            site_id=self.site_combo.currentData(),
            category=self.category_combo.currentData(),
            warranty=WarrantyStatus(status) if status else None,
            text=self.search_edit.text(),
            as_of=self.as_of(),
        )

    def _on_choice_changed(self, *_args: object) -> None:
        self._text_timer.stop()
        self.sig_filter_changed.emit()

    def _on_text_changed(self, _text: str) -> None:
        self._text_timer.start()
