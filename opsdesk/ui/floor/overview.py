"""站点概况: for a site with no floor plan to draw (区属医疗机构: twenty-three hospitals and
health centres, a few devices each), its institutions and their devices' states, coloured
as the floor plan colours them. Arrow keys walk the list, Right/Left open and close an
institution, Enter opens a device's live panel (or an institution's devices)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from opsdesk.models import categories
from opsdesk.ops import floor
from opsdesk.ops.floor import STATUS_RANK, OverviewDevice, PlaceOverview, SiteOverview
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.floor.items import STATUS_COLOURS, status_label
from opsdesk.ui.live_feed import FLOOR_KINDS, follow
from opsdesk.ui.operations import reading
from opsdesk.ui.worker import LatestRead

if TYPE_CHECKING:  # imported when first opened
    from opsdesk.ui.device.panel import DevicePanel

ORDER = ("critical", "unreachable", "warning", "maintenance", "normal", "unknown")  # the count columns
NAME, KIND, STATE, TOTAL = 0, 1, 2, 3
FIRST_COUNT = 4
NOTE = FIRST_COUNT + len(ORDER)
DEVICE_ROLE = Qt.ItemDataRole.UserRole  # unit id on a device's row
PLACE_ROLE = Qt.ItemDataRole.UserRole + 1  # the place's key on an institution's row
ZERO = QColor("#9aa5b1")

_ICONS: dict[str, QIcon] = {}


def status_icon(status: str) -> QIcon:
    """A small square in the state's colour (hatched for maintenance), as the legend draws."""
    icon = _ICONS.get(status)
    if icon is None:
        fill, outline, _ = STATUS_COLOURS.get(status, STATUS_COLOURS["unknown"])
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setPen(outline)
        painter.setBrush(fill)
        painter.drawRoundedRect(0, 0, 13, 13, 3, 3)
        if status == "maintenance":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(255, 255, 255, 150), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(1, 1, 12, 12)
        painter.end()
        icon = _ICONS[status] = QIcon(pixmap)
    return icon


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(i) for i in range(item.childCount()))
    return [child for child in children if child is not None]  # None only out of range


def _read(store, site_id: int) -> SiteOverview:
    """Runs in the pool: its own session, no widget touched."""
    return reading(store, lambda session: floor.site_overview(session, site_id))()


class SiteOverviewPanel(QWidget):
    """The institutions of one site and their devices' states, read every few seconds while shown."""

    sig_overview_applied = Signal(int)
    """Site id, after a read was applied to the list."""
    sig_device_requested = Signal(int)
    """Unit id whose live panel was asked for (the panel opens it itself too)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.site_id: int | None = None
        self.overview: SiteOverview | None = None
        self.device_panel: DevicePanel | None = None
        self._read = LatestRead(self.refresh, self._on_read, self._on_read_failed)
        self._expanded_once: set[int] = set()  # sites whose troubled institutions were opened already

        self.title = QLabel()
        self.title.setObjectName("overviewTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.counts_bar = QHBoxLayout()
        self.counts_bar.setSpacing(4)
        self.count_labels: dict[str, QLabel] = {}
        for status in ORDER:
            swatch = QLabel()
            swatch.setPixmap(status_icon(status).pixmap(14, 14))
            label = QLabel()
            label.setObjectName(f"overviewCount_{status}")
            self.count_labels[status] = label
            self.counts_bar.addWidget(swatch)
            self.counts_bar.addWidget(label)
            self.counts_bar.addSpacing(12)
        self.counts_bar.addStretch(1)
        self.hint = QLabel(self.tr("This site has no machine room with a floor plan: its institutions and their "
                                   "devices are listed here. ↑↓ choose, → opens an institution, Enter opens a device."))
        self.hint.setObjectName("hintLabel")
        self.hint.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setObjectName("siteOverviewTree")
        self.tree.setColumnCount(NOTE + 1)
        self.tree.setHeaderLabels([self.tr("Institution / device"), self.tr("Kind"), self.tr("State"),
                                   self.tr("Devices"), *(status_label(s) for s in ORDER), self.tr("Note")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setIconSize(self.tree.iconSize().expandedTo(status_icon("normal").availableSizes()[0]))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        for column in range(TOTAL, NOTE):
            self.tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
        self.tree.itemActivated.connect(self._on_item_activated)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.counts_bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.tree, 1)
        self.setFocusProxy(self.tree)

        follow(self, ctx.store, self.refresh, kinds=FLOOR_KINDS, cycles=True)  # the live feed, not a timer

    # -- reading ------------------------------------------------------------------------------
    def set_site(self, site_id: int | None) -> None:
        """Show another site (None: nothing)."""
        if site_id != self.site_id:
            self.site_id = site_id
            self.overview = None
            self.tree.clear()
        self.refresh()

    def refresh(self) -> None:
        """Read the site's states off the GUI thread; applied when they come back."""
        if self.site_id is None:
            return
        store, site_id = self.ctx.store, self.site_id
        self._read.start(lambda: _read(store, site_id))

    def _on_read(self, overview: SiteOverview) -> None:
        if overview.site_id == self.site_id:
            self.apply(overview)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.setToolTip(dialogs.error_text(exc))

    # -- showing ------------------------------------------------------------------------------
    def apply(self, overview: SiteOverview) -> None:
        """Fill the list, keeping what was open and chosen when the same places come back."""
        unchanged = self.overview is not None and self.overview.places == overview.places
        self.overview = overview
        if unchanged and self.tree.topLevelItemCount():  # nothing new: the list stays as the user left it
            self.sig_overview_applied.emit(overview.site_id)
            return
        devices = overview.devices
        self.title.setText(self.tr("{site} · {places} institutions · {devices} devices").format(
            site=overview.site_name, places=sum(1 for p in overview.places if p.name), devices=len(devices)))
        counts = overview.counts
        for status, label in self.count_labels.items():
            label.setText(f"{status_label(status)} {counts[status]}")
        opened = {top.data(NAME, PLACE_ROLE) for top in self._places() if top.isExpanded()}
        current = self.tree.currentItem()
        chosen = (current.data(NAME, DEVICE_ROLE), current.data(NAME, PLACE_ROLE)) if current else (None, None)
        first_time = overview.site_id not in self._expanded_once
        self._expanded_once.add(overview.site_id)
        scrolled = self.tree.verticalScrollBar().value()
        self.tree.setUpdatesEnabled(False)
        try:
            self.tree.clear()
            restore = None
            for place in overview.places:
                top = self._place_item(place)
                self.tree.addTopLevelItem(top)
                for device in place.devices:
                    child = self._device_item(device)
                    top.addChild(child)
                    if chosen[0] == device.id:
                        restore = child
                if chosen[1] is not None and chosen[1] == place.key:
                    restore = top
                troubled = STATUS_RANK[place.worst] >= STATUS_RANK["warning"]
                top.setExpanded(place.key in opened or (first_time and troubled))
            if restore is None and self.tree.topLevelItemCount():
                restore = self.tree.topLevelItem(0)
            if restore is not None:
                self.tree.setCurrentItem(restore)
            self.tree.verticalScrollBar().setValue(scrolled)
        finally:
            self.tree.setUpdatesEnabled(True)
        self.sig_overview_applied.emit(overview.site_id)

    def _paint_state(self, item: QTreeWidgetItem, status: str) -> None:
        fill, _outline, text = STATUS_COLOURS.get(status, STATUS_COLOURS["unknown"])
        item.setText(STATE, status_label(status))
        item.setBackground(STATE, fill)
        item.setForeground(STATE, text)
        item.setTextAlignment(STATE, Qt.AlignmentFlag.AlignCenter)
        item.setIcon(NAME, status_icon(status))

    def _place_item(self, place: PlaceOverview) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(NAME, PLACE_ROLE, place.key)
        item.setText(NAME, place.name or self.tr("(no institution)"))
        item.setText(KIND, place.kind)
        font = item.font(NAME)
        font.setBold(True)
        item.setFont(NAME, font)
        self._paint_state(item, place.worst)
        item.setText(TOTAL, str(len(place.devices)))
        item.setTextAlignment(TOTAL, Qt.AlignmentFlag.AlignCenter)
        counts = place.counts
        for column, status in enumerate(ORDER, FIRST_COUNT):
            item.setText(column, str(counts[status]))
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
            if not counts[status]:
                item.setForeground(column, ZERO)
        troubled = [d for d in place.devices if STATUS_RANK[d.state.status] >= STATUS_RANK["warning"]]
        worst = max(troubled, key=lambda d: STATUS_RANK[d.state.status], default=None)
        if worst is not None:  # the worst device's alarm (its message names the device already)
            item.setText(NOTE, worst.state.message or self.tr("{tag}: {what}").format(
                tag=worst.asset_tag, what=status_label(worst.state.status)))
        elif not place.devices:
            item.setText(NOTE, self.tr("No device registered"))
        return item

    def _device_item(self, device: OverviewDevice) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(NAME, DEVICE_ROLE, device.id)
        item.setText(NAME, device.label)
        item.setText(KIND, categories.name(device.category))
        self._paint_state(item, device.state.status)
        state = device.state
        item.setText(NOTE, " · ".join(p for p in (state.message, state.reading, state.note) if p))
        tip = [device.label, status_label(state.status), *(p for p in (state.message, state.reading, state.note) if p),
               self.tr("Enter or double-click for the device's live status.")]
        item.setToolTip(NAME, "\n".join(tip))
        return item

    # -- actions ------------------------------------------------------------------------------
    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        unit_id = item.data(NAME, DEVICE_ROLE)
        if unit_id is not None:
            self.open_device(int(unit_id))
        elif item.childCount():
            item.setExpanded(not item.isExpanded())

    def _places(self) -> list[QTreeWidgetItem]:
        """The institutions' rows."""
        return _children(self.tree.invisibleRootItem())

    def open_device(self, unit_id: int) -> DevicePanel | None:
        """The device's live state, as the floor plan and the alarm list open it."""
        from opsdesk.ui.device.panel import DevicePanel

        self.sig_device_requested.emit(unit_id)
        try:
            panel = DevicePanel(self.ctx, unit_id, parent=self)
        except Exception as exc:  # noqa: BLE001 - e.g. the unit was deleted meanwhile
            dialogs.show_error(self, dialogs.error_text(exc))
            return None
        if self.device_panel is not None:
            self.device_panel.close()
            self.device_panel.deleteLater()
        self.device_panel = panel
        panel.show()
        return panel

    def device_items(self) -> dict[int, QTreeWidgetItem]:
        """Unit id → its row (tests and screenshots read them)."""
        found = {}
        for top in self._places():
            for row in _children(top):
                found[int(row.data(NAME, DEVICE_ROLE))] = row
        return found

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._read.reading:
            self.refresh()
