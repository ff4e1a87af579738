"""The gauges of a site or a room, kept live: a timer asks the store off the GUI thread and
the cards are updated in place (wall mode embeds this grid and calls :meth:`GaugeGrid.set_room`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from opsdesk.clock import now
from opsdesk.ops.trends import EnvPoint, env_points
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.environment.gauge import Gauge
from opsdesk.ui.live_feed import READING_KINDS, follow
from opsdesk.ui.operations import reading
from opsdesk.ui.worker import run_in_background

GAUGE_WIDTH = 250
GAUGE_HEIGHT = 140
SPACING = 10
MAX_ROWS = 2  # the grid asks for at most this many rows; more points scroll


class GaugeGrid(QWidget):
    """One gauge per temperature and humidity point of the chosen site or room."""

    sig_values_applied = Signal(int)
    """Number of points shown after a refresh was applied."""
    sig_point_selected = Signal(int)
    """The series id of the gauge the user clicked."""
    sig_height_changed = Signal()
    """The cards were laid out in a different number of columns (content_height changed)."""
    sig_refresh_failed = Signal(str)
    """Why a refresh failed (shown in the grid, tried again next tick)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.site_id: int | None = None
        self.room_id: int | None = None
        self.selected_id: int | None = None
        self._gauges: dict[int, Gauge] = {}
        self._generation = 0
        self._busy = False
        self._again = False
        self._columns = 0
        self._order: list[int] = []

        self._inner = QWidget()
        self._inner.setObjectName("gaugeGridInner")
        self._layout = QGridLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(SPACING)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty_label = QLabel(self.tr("No temperature or humidity points here yet."))
        self.empty_label.setObjectName("gaugeEmptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color:#7b8794;padding:24px;")
        self._scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(scroll, 1)
        self.empty_label.hide()

        # new readings come with each poll cycle; a room's own limits with its change
        follow(self, ctx.store, self.refresh, kinds=READING_KINDS | {"room", "setting"}, cycles=True)

    # -- what the panel, wall mode and tests call -------------------------------------------
    def set_site(self, site_id: int | None) -> None:
        self.site_id, self.room_id = site_id, None
        self.refresh()

    def set_room(self, room_id: int | None) -> None:
        """Show the points of one room; None shows all points of the site."""
        self.room_id = room_id
        self.refresh()

    def gauges(self) -> list[Gauge]:
        return [self._gauges[k] for k in self._order]

    def content_height(self) -> int:
        """The height the cards need: their rows (at most MAX_ROWS, the rest scrolls), or the
        empty note's when there are none."""
        if not self._order:
            return self.empty_label.sizeHint().height()
        columns = self._columns or max(1, (self.width() - 20) // (GAUGE_WIDTH + SPACING))
        rows = min(MAX_ROWS, -(-len(self._order) // columns))
        return rows * GAUGE_HEIGHT + (rows - 1) * SPACING + 2

    def gauge_for(self, series_id: int) -> Gauge | None:
        return self._gauges.get(series_id)

    def select(self, series_id: int | None) -> None:
        self.selected_id = series_id
        for sid, gauge in self._gauges.items():
            gauge.set_selected(sid == series_id)

    def refresh(self) -> None:
        """Read the points again off the GUI thread; sig_values_applied when shown."""
        if self._busy:  # one query at a time; a change meanwhile asks once more afterwards
            self._again = True
            return
        self._busy, self._again = True, False
        self._generation += 1
        generation, store, site_id, room_id = self._generation, self.ctx.store, self.site_id, self.room_id

        fetch = reading(store, lambda session: env_points(session, site_id=site_id, room_id=room_id, at=now()))

        run_in_background(lambda: (generation, fetch()), self._on_fetched, self._on_fetch_failed)

    # -- applying -------------------------------------------------------------------------
    def _on_fetched(self, result: tuple[int, list[EnvPoint]]) -> None:
        self._busy = False
        generation, points = result
        if self._again or generation != self._generation:  # the site or room changed meanwhile
            self.refresh()
            return
        self.apply_points(points)

    def _on_fetch_failed(self, exc: BaseException) -> None:
        self._busy = False
        if self._again:
            self.refresh()
        from opsdesk.ui import dialogs

        self.sig_refresh_failed.emit(dialogs.error_text(exc))

    def apply_points(self, points: list[EnvPoint]) -> None:
        order = [p.series_id for p in points]
        if order != self._order:
            for gauge in self._gauges.values():
                gauge.setParent(None)
                gauge.deleteLater()
            self._gauges = {}
            for p in points:
                gauge = Gauge(p)
                gauge.sig_clicked.connect(self._on_gauge_clicked)
                self._gauges[p.series_id] = gauge
            self._order = order
            self._columns = 0
            self._relayout()
        else:
            for p in points:
                self._gauges[p.series_id].set_point(p)
        self.empty_label.setVisible(not points)
        self._scroll.setVisible(bool(points))  # the note gets the (card-high) room, not an empty scroll area
        self.select(self.selected_id if self.selected_id in self._gauges else None)
        self.sig_values_applied.emit(len(points))

    def _relayout(self) -> None:
        columns = max(1, (self.width() - 20) // (GAUGE_WIDTH + 10))
        if columns == self._columns:
            return
        self._columns = columns
        for gauge in self._gauges.values():
            self._layout.removeWidget(gauge)
        for i, sid in enumerate(self._order):
            self._layout.addWidget(self._gauges[sid], i // columns, i % columns)
        self.sig_height_changed.emit()

    def _on_gauge_clicked(self, series_id: int) -> None:
        self.select(series_id)
        self.sig_point_selected.emit(series_id)

    # -- Qt overrides ---------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # what the feed's changes brought while it was hidden
