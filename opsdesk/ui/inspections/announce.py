"""The strip on the main screen that announces inspections due within
``inspection.announce_days`` days, and those overdue; for one who signs as 审核人 also how
many sheets wait for their review (待审核 N 份). A click opens 巡检.

A sheet the inspector signed is not named here: the engineers did their part, and the
reviewer sees it counted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from opsdesk import clock
from opsdesk.models.users import Principal
from opsdesk.ops import inspection_lists
from opsdesk.ops.inspection_lists import Reminders
from opsdesk.store import Store
from opsdesk.ui.inspections.labels import STATE_COLOURS, colour_css, state_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query

SHOWN = 4  # items named in the strip; the rest are counted


class InspectionStrip(QLabel):
    """One line: 巡检提醒 and the nearest items; hidden when nothing is due.

    Read again when the records it is drawn from change (by anyone: the live feed) and when
    the day changes (the feed's next read after midnight), never on a timer of its own."""

    sig_inspections_requested = Signal()
    """The strip was clicked."""
    sig_refreshed = Signal()
    """The items were read again and shown."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, user: Principal | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionStrip")
        self.store = store
        self.user = user  # the reviewer's count needs to know who is asking
        self.items: list = []
        self.review_count = 0
        self._asked = 0  # the latest read asked for: an older answer is not shown over it
        self._day = clock.get_clock().today()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Open the inspection calendar"))
        self.setVisible(False)
        self._feed = live_feed(store)
        self._feed.sig_records_changed.connect(self._on_records_changed)
        self._feed.sig_snapshot_read.connect(self._on_snapshot_read)
        self.refresh()  # off the GUI thread: the calendar work never delays the main window

    def refresh(self) -> None:
        """Read the reminders again off the GUI thread; :attr:`sig_refreshed` says when shown."""
        user, today = self.user, clock.get_clock().today()
        self._day = today
        self._asked += 1
        asked = self._asked
        (Query(self, self.store, lambda s: inspection_lists.reminders(s, user, today))
         .success(lambda found: self._on_read(asked, found))
         .failure(lambda _exc: self._on_read(asked, Reminders()))  # a reminder never breaks the main screen
         .run())

    def _on_records_changed(self, kind: str) -> None:
        if kind in inspection_lists.KINDS:
            self.refresh()

    def _on_snapshot_read(self, _snapshot) -> None:
        if clock.get_clock().today() != self._day:  # a new day: what is due and overdue moved on
            self.refresh()

    def _on_read(self, asked: int, found: Reminders) -> None:
        if asked == self._asked:
            self._show(found)

    def _show(self, found: Reminders) -> None:
        self.items, self.review_count = list(found.items), found.review_count
        shown = bool(self.items) or self.review_count > 0
        self.setVisible(shown)
        if shown:
            self._show_text()
        self.sig_refreshed.emit()
    def _show_text(self) -> None:
        overdue = any(i.state == "overdue" for i in self.items)
        parts = [self.tr("{site} {title} due {date} ({state})").format(
            site=i.site_name, title=i.title, date=i.due.strftime("%m-%d"), state=state_label(i.state))
            for i in self.items[:SHOWN]]
        if len(self.items) > SHOWN:
            parts.append(self.tr("{n} more").format(n=len(self.items) - SHOWN))
        if self.review_count:
            parts.append(self.tr("{n} sheets awaiting review").format(n=self.review_count))
        self.setText(self.tr("Inspections: {items}").format(items=" · ".join(parts)))
        state = "overdue" if overdue else "due" if self.items else "review"
        self.setStyleSheet(colour_css(STATE_COLOURS[state]) + "padding:5px 12px;font-weight:bold;")

    def stop(self) -> None:
        """No more reads (the window closes)."""
        for signal, slot in ((self._feed.sig_records_changed, self._on_records_changed),
                             (self._feed.sig_snapshot_read, self._on_snapshot_read)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):  # already disconnected, or the feed is gone
                pass

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_inspections_requested.emit()
        event.accept()
