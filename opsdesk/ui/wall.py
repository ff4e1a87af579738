"""大屏模式 (F11): the duty room's big display. Full screen and dark: the floor of
one room (read-only), its temperature and humidity gauges, every active alarm in
large type, the clock and the unacknowledged counts; it moves on to the next room
of all sites every ``wall.cycle_seconds``. Esc or F11 closes it.

Shows only; nothing on it edits or acknowledges (that is done at the console).
"""

from __future__ import annotations

import logging
import string
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QGuiApplication, QKeyEvent, QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGraphicsView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from opsdesk.clock import now, to_local
from opsdesk.monitor.live import unacknowledged_counts
from opsdesk.ops.alarm_rows import AlarmRow, load_rows
from opsdesk.ops.room_views import WallPlan, WallRoom, wall_plan
from opsdesk.ui.alarm_table import AlarmTableModel
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.environment.grid import GaugeGrid
from opsdesk.ui.floor.view import FloorView
from opsdesk.ui.labels import severity_label
from opsdesk.ui.live_feed import ALARM_KINDS, follow
from opsdesk.ui.operations import Query, reading
from opsdesk.ui.worker import LatestRead

log = logging.getLogger(__name__)

CLOCK_MS = 1000
ALARM_COLUMNS = ("severity", "alarm", "raised")  # "alarm": the device, and under it what is wrong
ALARM_ROW_HEIGHT = 74

WidgetFactory = Callable[[ConsoleContext, QWidget], QWidget]


@runtime_checkable
class RoomView(Protocol):
    """What the wall asks of its floor and gauges widgets (FloorView, GaugeGrid)."""

    def set_room(self, room_id: int, /) -> None: ...

CARD_BACKGROUND = "#142131"

# Dark, high-contrast, readable from across the room. A template ($name): the style sheet is all braces.
WALL_QSS = string.Template("""
#wallWindow { background: #0d1520; }
#wallWindow QLabel { color: #dbe4ee; }
#wallTitle { font-size: 22pt; font-weight: bold; color: #ffffff; }
#wallRoom { font-size: 22pt; font-weight: bold; color: #7fc4ff; }
#wallCycle { font-size: 12pt; color: #8a9bb0; }
#wallClock { font-size: 30pt; font-weight: bold; color: #ffffff; }
#wallDate { font-size: 13pt; color: #8a9bb0; }
#wallCounts { font-size: 18pt; font-weight: bold; padding: 8px 22px; border-radius: 6px;
              background: #1f4d34; color: #c9f2d8; }
#wallCounts[state="warning"] { background: #8a5a00; color: #fff4d6; }
#wallCounts[state="critical"] { background: #c53030; color: #ffffff; }
QFrame#wallCard { background: $card; border: 1px solid #233449; border-radius: 8px; }
#wallCardTitle { font-size: 15pt; font-weight: bold; color: #9fb3c8; }
#wallAlarmCount { font-size: 15pt; color: #9fb3c8; }
#wallAlarms { background: #142131; alternate-background-color: #18283b; color: #e6edf5; border: none;
              font-size: 15pt; gridline-color: #233449; selection-background-color: #142131; }
#wallAlarms::item { padding: 0 10px; }
#wallAlarms QHeaderView::section { background: #1b2b40; color: #9fb3c8; border: none; padding: 6px 10px;
                                   font-size: 13pt; font-weight: bold; }
#wallNoAlarms { font-size: 20pt; color: #6fcf97; }
#wallGauges QScrollArea, #wallGauges QScrollArea > QWidget > QWidget { background: transparent; }
#wallGauges QScrollBar:vertical { background: $card; width: 10px; border: none; }
#wallGauges QScrollBar::handle:vertical { background: #3a4d66; border-radius: 5px; min-height: 30px; }
#wallGauges QScrollBar::add-line, #wallGauges QScrollBar::sub-line { height: 0; }
#wallGauges #gaugeEmptyLabel { color: #8a9bb0; font-size: 14pt; }
""").substitute(card=CARD_BACKGROUND)

# Severity chips on a dark ground (the list's light tints would glare).
DARK_SEVERITY = {"critical": (QColor("#c53030"), QColor("#ffffff")),
                 "warning": (QColor("#d69e2e"), QColor("#1a1200"))}
DARK_MUTED = (QColor("#3a4756"), QColor("#9aa5b1"))
ACKED_TEXT = QColor("#8a9bb0")


def default_floor(ctx: ConsoleContext, parent: QWidget) -> QWidget:
    return FloorView(ctx, parent, read_only=True)


def default_gauges(ctx: ConsoleContext, parent: QWidget) -> QWidget:
    return GaugeGrid(ctx, parent)


class WallAlarmModel(AlarmTableModel):
    """The alarm list's model with colours for a dark wall; acknowledged alarms dimmed."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        key = self.columns[index.column()]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            # A critical alarm that cleared unacknowledged keeps its colour: it still waits (ISA-18.2).
            if key == "severity":
                colours = DARK_MUTED if row.in_maintenance or row.acked else \
                    DARK_SEVERITY.get(row.severity, DARK_MUTED)
                return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
            if role == Qt.ItemDataRole.ForegroundRole and (row.acked or row.in_maintenance):
                return ACKED_TEXT
            return None
        if role == Qt.ItemDataRole.DisplayRole and key == "alarm":
            times = self.tr(" (×{n})").format(n=row.occurrences) if row.occurrences > 1 else ""
            return f"{row.device_label}\n{row.text}{times}"
        if role == Qt.ItemDataRole.ToolTipRole and key == "alarm":
            return row.message
        if role == Qt.ItemDataRole.DisplayRole and key == "raised":
            return to_local(row.last_raised_at).strftime("%m-%d %H:%M")  # the date is on the clock
        if role == Qt.ItemDataRole.DisplayRole and key == "severity" and row.acked and not row.in_maintenance:
            return severity_label(row.severity) + self.tr(" (acked)")
        if role == Qt.ItemDataRole.DisplayRole and key == "severity" and row.cleared_unacked:
            return severity_label(row.severity) + "\n" + self.tr("Cleared, unacknowledged")
        if role == Qt.ItemDataRole.FontRole and key == "severity":
            font = QFont()
            font.setBold(True)
            return font
        if key == "alarm":
            return None
        return super().data(index, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and self.columns[section] == "alarm":
            return self.tr("Device / alarm")
        return super().headerData(section, orientation, role)


def wall_order(rows: list[AlarmRow]) -> list[AlarmRow]:
    """What needs someone first: unacknowledged (a cleared one still waiting included)
    before acknowledged, critical before warning, expected (maintenance) last; newest first
    within each."""
    rank = {"critical": 0, "warning": 1}
    return sorted(rows, key=lambda r: (r.in_maintenance, r.acked, rank.get(r.severity, 2),
                                       -r.last_raised_at.timestamp()))


class WallWindow(QWidget):
    """The big display; made by the main window on F11, deleted when closed."""

    sig_closed = Signal()
    """The wall was closed (Esc, F11, or the window manager)."""

    sig_room_changed = Signal(int)
    """Id of the room now shown."""

    def __init__(self, ctx: ConsoleContext, *, floor_factory: WidgetFactory | None = None,
                 gauges_factory: WidgetFactory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctx = ctx
        self.setObjectName("wallWindow")
        self.setWindowTitle(self.tr("Wall display"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(WALL_QSS)

        self.rooms: list[WallRoom] = []
        self.room_index = -1
        self.cycle_seconds = 0
        self._closed = False

        title = QLabel(self.tr("Duty-room wall display"))
        title.setObjectName("wallTitle")
        if ctx.demo:
            title.setText(title.text() + " · " + self.tr("Demo data"))
        self.room_label = QLabel()
        self.room_label.setObjectName("wallRoom")
        self.cycle_label = QLabel()
        self.cycle_label.setObjectName("wallCycle")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("wallCounts")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("wallClock")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.date_label = QLabel()
        self.date_label.setObjectName("wallDate")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        floor = (floor_factory or default_floor)(ctx, self)
        gauges = (gauges_factory or default_gauges)(ctx, self)
        if not isinstance(floor, RoomView) or not isinstance(gauges, RoomView):
            raise TypeError("the wall's floor and gauges widgets need set_room(room_id): see RoomView")
        self.floor, self.gauges = floor, gauges
        self.floor.setObjectName("wallFloor")
        self.gauges.setObjectName("wallGauges")
        if isinstance(self.floor, QGraphicsView):
            self.floor.setBackgroundBrush(QColor(CARD_BACKGROUND))  # the plan's plate stays light
            self.floor.setFrameShape(QFrame.Shape.NoFrame)

        self.alarm_model = WallAlarmModel(ALARM_COLUMNS, self)
        self.alarm_table = QTableView()
        self.alarm_table.setObjectName("wallAlarms")
        self.alarm_table.setModel(self.alarm_model)
        self.alarm_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.alarm_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.alarm_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alarm_table.setAlternatingRowColors(True)
        self.alarm_table.setShowGrid(False)
        self.alarm_table.setWordWrap(True)
        self.alarm_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.alarm_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alarm_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alarm_table.verticalHeader().setVisible(False)
        self.alarm_table.verticalHeader().setDefaultSectionSize(ALARM_ROW_HEIGHT)
        header = self.alarm_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ALARM_COLUMNS.index("alarm"), QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.no_alarms_label = QLabel(self.tr("No active alarms"))
        self.no_alarms_label.setObjectName("wallNoAlarms")
        self.no_alarms_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.alarm_count_label = QLabel()
        self.alarm_count_label.setObjectName("wallAlarmCount")

        top = QHBoxLayout()
        top.setSpacing(24)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(self.cycle_label)
        top.addLayout(heading)
        top.addSpacing(24)
        top.addWidget(self.room_label, 1)
        top.addWidget(self.counts_label)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.clock_label)
        clock.addWidget(self.date_label)
        top.addLayout(clock)

        floor_card, _ = self._card(self.tr("Floor"), self.floor)
        gauges_card, _ = self._card(self.tr("Temperature and humidity"), self.gauges)
        alarms_head = QHBoxLayout()
        alarms_head.addStretch(1)
        alarms_head.addWidget(self.alarm_count_label)
        alarms_card, alarms_column = self._card(self.tr("Active alarms (all sites)"), self.alarm_table, alarms_head)
        alarms_column.addWidget(self.no_alarms_label, 1)

        # Gauges across the whole width: a room's points fit in one or two rows.
        upper = QHBoxLayout()
        upper.setSpacing(16)
        upper.addWidget(floor_card, 3)
        upper.addWidget(alarms_card, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(upper, 7)
        layout.addWidget(gauges_card, 3)

        for key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.close)

        self.cycle_timer = QTimer(self)
        self.cycle_timer.timeout.connect(self.advance)
        self._alarm_read = LatestRead(self.refresh_alarms, self._on_alarms_read, self._on_alarms_failed)
        follow(self, ctx.store, self.refresh_alarms, kinds=ALARM_KINDS)  # the live feed, not a timer
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_MS)
        self._clock_timer.timeout.connect(self._on_clock_ticked)

        self._on_clock_ticked()
        self.reload_rooms()
        self.refresh_alarms()
        self._clock_timer.start()

    def _card(self, title: str, body: QWidget, extra: QHBoxLayout | None = None) -> tuple[QFrame, QVBoxLayout]:
        """A card with its title over ``body``; the card and its column (for more under the body)."""
        card = QFrame()
        card.setObjectName("wallCard")
        label = QLabel(title)
        label.setObjectName("wallCardTitle")
        head = QHBoxLayout()
        head.addWidget(label)
        if extra is not None:
            head.addLayout(extra, 1)
        else:
            head.addStretch(1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(body, 1)
        return card, layout

    # -- rooms ----------------------------------------------------------------------------
    def reload_rooms(self) -> None:
        """Read the rooms and the cycle time again (off the GUI thread); show the first room."""
        Query(self, self.ctx.store, wall_plan).success(self._on_rooms_read) \
            .failure(lambda exc: log.warning("wall: cannot read rooms: %s", exc)).run()  # the wall stays as it was

    def _on_rooms_read(self, plan: WallPlan) -> None:
        self.rooms, seconds = list(plan.rooms), plan.cycle_seconds
        self.cycle_timer.setInterval(seconds * 1000)
        self.cycle_seconds = seconds
        if len(self.rooms) > 1:
            self.cycle_timer.start()
        else:
            self.cycle_timer.stop()
        self.show_room(0)

    def current_room(self) -> WallRoom | None:
        return self.rooms[self.room_index] if 0 <= self.room_index < len(self.rooms) else None

    def advance(self) -> None:
        """The next room (after the last, the first again)."""
        if self.rooms:
            self.show_room((self.room_index + 1) % len(self.rooms))

    def show_room(self, index: int) -> None:
        if not self.rooms:
            self.room_index = -1
            self.room_label.setText(self.tr("No rooms set up"))
            self.cycle_label.setText("")
            return
        self.room_index = index
        room = self.rooms[index]
        self.room_label.setText(f"{room.site_name} · {room.room_name}")
        if len(self.rooms) > 1:
            self.cycle_label.setText(self.tr("Room {n} of {total} · next in {seconds} s").format(
                n=index + 1, total=len(self.rooms), seconds=self.cycle_seconds))
        else:
            self.cycle_label.setText("")
        self.floor.set_room(room.room_id)
        self.gauges.set_room(room.room_id)
        self.sig_room_changed.emit(room.room_id)

    # -- alarms and clock -----------------------------------------------------------------
    def refresh_alarms(self) -> None:
        """The current alarms and the banner's count, read off the GUI thread (again whenever the
        live feed says alarms changed)."""
        store, user = self.ctx.store, self.ctx.user

        self._alarm_read.start(reading(store, lambda session: (load_rows(session, user, history=False),
                                                                unacknowledged_counts(session))))

    def _on_alarms_failed(self, exc: BaseException) -> None:
        log.warning("wall: cannot read alarms: %s", exc)  # a busy database: the next change tries again

    def _on_alarms_read(self, result) -> None:
        rows, counts = result
        self.alarm_model.set_rows(wall_order(rows))
        has_rows = bool(rows)
        self.alarm_table.setVisible(has_rows)
        self.no_alarms_label.setVisible(not has_rows)
        self.alarm_count_label.setText(self.tr("{n} active").format(n=len(rows)) if rows else "")
        self._show_counts(counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        critical, warning = counts.get("critical", 0), counts.get("warning", 0)
        parts = []
        if critical:
            parts.append(self.tr("Critical {n}").format(n=critical))
        if warning:
            parts.append(self.tr("Warning {n}").format(n=warning))
        if parts:
            text = self.tr("{counts} not acknowledged").format(counts=" · ".join(parts))
        else:
            text = self.tr("No unacknowledged alarms")
        state = "critical" if critical else "warning" if warning else "none"
        self.counts_label.setText(text)
        if state != self.counts_label.property("state"):
            self.counts_label.setProperty("state", state)
            self.counts_label.style().unpolish(self.counts_label)
            self.counts_label.style().polish(self.counts_label)

    def _on_clock_ticked(self) -> None:
        local = to_local(now())
        self.clock_label.setText(local.strftime("%H:%M:%S"))
        weekday = (self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                   self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday"))[local.weekday()]
        self.date_label.setText(f"{local.strftime('%Y-%m-%d')} {weekday}")

    def show_on_display(self, console_screen: QScreen | None = None) -> None:
        """Full screen on another screen than the console's when there is one (the
        duty room's big display is usually the second screen), else on the console's.
        ``console_screen`` comes from :func:`opsdesk.ui.screens.screen_of`."""
        other = next((s for s in QGuiApplication.screens()
                      if console_screen is not None and s.geometry() != console_screen.geometry()), None)
        if other is not None and console_screen is not None:
            self.setGeometry(other.geometry())
        self.showFullScreen()
        self.activateWindow()

    # -- closing --------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if self._closed:
            return
        self._closed = True
        self.cycle_timer.stop()
        self._clock_timer.stop()
        self.sig_closed.emit()
