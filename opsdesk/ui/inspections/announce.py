"""The strip on the main screen that announces inspections due within
``inspection.announce_days`` days, and those overdue; for one who signs as 审核人 also how
many sheets wait for their review (待审核 N 份). A click opens 巡检.

A sheet the inspector signed is not named here: the engineers did their part, and the
reviewer sees it counted."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from opsdesk import clock
from opsdesk.models.users import User
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops import inspection_review
from opsdesk.store import Store
from opsdesk.ui.inspections.labels import STATE_COLOURS, colour_css, state_label
from opsdesk.ui.worker import run_in_background

REFRESH_MS = 10 * 60_000
SHOWN = 4  # items named in the strip; the rest are counted


class InspectionStrip(QLabel):
    """One line: 巡检提醒 and the nearest items; hidden when nothing is due."""

    sig_inspections_requested = Signal()
    """The strip was clicked."""
    sig_refreshed = Signal()
    """The items were read again and shown."""

    def __init__(self, store: Store, parent: QWidget | None = None, *, user: User | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionStrip")
        self.store = store
        self.user = user  # the reviewer's count needs to know who is asking
        self.items: list = []
        self.review_count = 0
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Open the inspection calendar"))
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_in_background)
        self._timer.start()
        self.setVisible(False)
        self.refresh_in_background()  # the calendar work never delays the main window

    def _read(self, user: User | None) -> tuple[list, int]:
        with self.store.read() as session:
            items = [i for i in inspection_ops.announcements(session, clock.get_clock().today())
                     if i.state != "review"]
            count = len(inspection_review.awaiting_review(session, user)) if user is not None else 0
        return items, count

    def refresh(self) -> None:
        try:
            found = self._read(self.user)
        except Exception:  # noqa: BLE001 - a reminder strip never breaks the main screen
            found = ([], 0)
        self._show(found)

    def refresh_in_background(self) -> None:
        user = self.user
        run_in_background(lambda: self._read(user), self._show, self._on_read_failed)

    def _on_read_failed(self, _exc: BaseException) -> None:
        self._show(([], 0))

    def _show(self, found: tuple[list, int]) -> None:
        self.items, self.review_count = found
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
        self._timer.stop()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self.sig_inspections_requested.emit()
        event.accept()
