"""环境监控: the site/room switcher, one gauge per temperature and humidity point, and below
the trend of the gauge clicked (R-ENV-1, R-ENV-2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from opsdesk.models.users import Perm
from opsdesk.ops.floor import SiteRooms, rooms_by_site
from opsdesk.ops.room_views import RoomLimitsForm, room_limits_form
from opsdesk.ui.combo_fit import fit_to_texts
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.environment.chart import TrendChart
from opsdesk.ui.environment.grid import GaugeGrid
from opsdesk.ui.operations import Query

if TYPE_CHECKING:  # imported when first opened
    from opsdesk.ui.environment.room_limits_dialog import RoomLimitsDialog


class EnvironmentPanel(QWidget):
    """Gauges of the chosen site or room and the trend of one of them."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(self.tr("Environment"))
        title.setObjectName("panelTitle")
        self.site_combo = QComboBox()
        self.site_combo.setObjectName("envSiteCombo")
        self.site_combo.setMinimumContentsLength(10)
        self.room_combo = QComboBox()
        self.room_combo.setObjectName("envRoomCombo")
        self.room_combo.setMinimumContentsLength(10)
        self.limits_label = QLabel()
        self.limits_label.setObjectName("envLimitsLabel")
        self.limits_label.setStyleSheet("color:#52606d;")
        self.limits_button = QPushButton(self.tr("Room limits…"))
        self.limits_button.setObjectName("roomLimitsButton")
        self.limits_button.setVisible(ctx.can(Perm.EDIT_SETTINGS))
        self.limits_button.clicked.connect(self.edit_room_limits)
        self.grid = GaugeGrid(ctx)
        self.chart = TrendChart(ctx)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(QLabel(self.tr("Site")))
        top.addWidget(self.site_combo)
        top.addWidget(QLabel(self.tr("Room")))
        top.addWidget(self.room_combo)
        top.addStretch(1)
        top.addWidget(self.limits_label)
        top.addWidget(self.limits_button)
        # The gauges get the height of their cards (one row, or two, then they scroll), the
        # trend the rest; dragging the handle keeps what the user chose.
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.grid)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self.grid.setMinimumHeight(60)
        self._user_sized = False
        splitter.splitterMoved.connect(self._on_splitter_moved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._fit_gauges()

        self._rooms: dict[int, list[tuple[int, str]]] = {}
        self.limits_dialog: RoomLimitsDialog | None = None
        self.grid.sig_point_selected.connect(self._on_point_selected)
        self.grid.sig_values_applied.connect(self._on_values_applied)
        self.grid.sig_height_changed.connect(self._fit_gauges)
        self._fill_rooms()
        self._update_limits_button()
        self.chart.apply(None)
        self.sites_loaded = False
        Query(self, ctx.store, rooms_by_site).success(self._on_sites_read).run()  # then the gauges

    def _on_sites_read(self, sites: list[SiteRooms]) -> None:
        self.site_combo.blockSignals(True)
        for site in sites:
            self.site_combo.addItem(site.site_name, site.site_id)
            self._rooms[site.site_id] = list(site.rooms)
        self.site_combo.blockSignals(False)
        # Wide enough for every site's rooms, not only the first one's (no "灾备机." clipped).
        fit_to_texts(self.site_combo, ())
        fit_to_texts(self.room_combo, [self.tr("All rooms"), *(n for rooms in self._rooms.values() for _i, n in rooms)])
        self.site_combo.currentIndexChanged.connect(self._on_site_changed)
        self.room_combo.currentIndexChanged.connect(self._on_room_changed)
        self._fill_rooms()
        self._update_limits_button()
        self.sites_loaded = True
        self.grid.site_id = self.site_combo.currentData()
        self.grid.refresh()

    def _fill_rooms(self) -> None:
        self.room_combo.blockSignals(True)
        self.room_combo.clear()
        self.room_combo.addItem(self.tr("All rooms"), None)
        for room_id, name in self._rooms.get(self.site_combo.currentData(), []):
            self.room_combo.addItem(name, room_id)
        self.room_combo.blockSignals(False)

    # -- what tests and other screens call --------------------------------------------------
    def show_site(self, site_id: int, room_id: int | None = None) -> None:
        self.site_combo.setCurrentIndex(max(self.site_combo.findData(site_id), 0))
        if room_id is not None:
            self.room_combo.setCurrentIndex(max(self.room_combo.findData(room_id), 0))

    def select_point(self, series_id: int) -> None:
        self.grid.select(series_id)
        self.chart.set_series(series_id)

    def edit_room_limits(self) -> bool:
        """The chosen room's own band (机房限值): its limits are read off the GUI thread (the
        button busy meanwhile), then the dialog opens; gauges and trend follow once saved."""
        room_id = self.room_combo.currentData()
        if room_id is None:
            return False
        Query(self, self.ctx.store, lambda session: room_limits_form(session, room_id),
              button=self.limits_button).success(self._open_room_limits).run()
        return True

    def _open_room_limits(self, form: RoomLimitsForm) -> RoomLimitsDialog:
        from opsdesk.ui.environment.room_limits_dialog import RoomLimitsDialog

        if self.limits_dialog is not None:
            self.limits_dialog.deleteLater()
        self.limits_dialog = dialog = RoomLimitsDialog(self.ctx, form, self)
        dialog.accepted.connect(self._on_limits_saved)
        dialog.open()
        return dialog

    def _on_limits_saved(self) -> None:
        self.grid.refresh()
        self.chart.reload()

    def _update_limits_button(self) -> None:
        chosen = self.room_combo.currentData() is not None
        self.limits_button.setEnabled(chosen)
        self.limits_button.setToolTip("" if chosen else self.tr("Choose a room to give it limits of its own."))

    # -- handlers -------------------------------------------------------------------------
    def _on_site_changed(self, _index: int) -> None:
        self._fill_rooms()
        self._update_limits_button()
        self.grid.set_site(self.site_combo.currentData())

    def _on_room_changed(self, _index: int) -> None:
        self._update_limits_button()
        self.grid.set_room(self.room_combo.currentData())

    def _on_point_selected(self, series_id: int) -> None:
        self.chart.set_series(series_id)

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_sized = True

    def _fit_gauges(self) -> None:
        """Give the gauge area what its cards need and the trend everything else."""
        if self._user_sized:
            return
        total = sum(self.splitter.sizes()) or max(self.splitter.height(), 1)
        want = self.grid.content_height()
        self.splitter.setSizes([want, max(total - want, 1)])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_gauges()

    def _on_values_applied(self, _count: int) -> None:
        self._fit_gauges()
        gauges = self.grid.gauges()
        if gauges:
            self.limits_label.setText(self.tr("Limits: {limits}").format(limits=self._limits_text(gauges)))
        else:
            self.limits_label.clear()
        if self.grid.selected_id is None and gauges:  # the first point's trend until one is clicked
            self.select_point(gauges[0].point.series_id)
        elif not gauges and self.chart.series_id is not None:  # a site without points: no other site's trend
            self.chart.set_series(None)

    def _limits_text(self, gauges) -> str:
        """The bands of the points shown: "18–28 ℃ · 35–75 %RH", a room's own marked as such,
        and "differ by room" where the rooms shown have different ones."""
        parts = []
        for cls, unit in (("temperature", "℃"), ("humidity", "%RH")):
            bands = {(g.point.limits.low, g.point.limits.high, g.point.limits.own)
                     for g in gauges if g.point.cls == cls}
            if len({(lo, hi) for lo, hi, _own in bands}) > 1:
                parts.append(self.tr("{unit} differ by room").format(unit=unit))
            elif bands:
                lo, hi, own = next(iter(bands))
                text = f"{lo:g}–{hi:g} {unit}"
                parts.append(self.tr("{band} (this room)").format(band=text) if own and len(bands) == 1 else text)
        return " · ".join(parts)
