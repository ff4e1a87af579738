"""历史: one site's month, a day per cell, each scheduled or recorded shift coloured —
signed (green), signed late (amber), missed (red), in progress (blue), not yet (grey).
Double-click a shift to read it (with its signed revisions); from the keyboard, the arrows
choose a day (PgUp/PgDn the month), Enter opens its shift and Shift+Enter its night shift."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from opsdesk import clock
from opsdesk.models.workcal import DayInfo
from opsdesk.ops import shift_rows
from opsdesk.ops.shift_rows import HistoryMonth, ShiftRecord
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import DAY_STATUS_COLOURS, colour_css, day_status_label, shift_code_label, weekday_names
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query
from opsdesk.ui.site_month import site_month_bar
from opsdesk.ui.style import repolish

if TYPE_CHECKING:
    from opsdesk.ui.shift.record_dialog import ShiftRecordDialog

WEEKS = 6
CURSOR_CSS = "#dayCell { border: 3px solid #c05621; }"  # the keyboard's day; today keeps its blue
DAY_STEPS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}


class ShiftChip(QLabel):
    """One shift of a day: its name and state, in the state's colour."""

    sig_opened = Signal(str)
    """Shift code: double-clicked."""

    def __init__(self, code: str, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftChip")
        self.code, self.status = code, status
        self.setText(f"{shift_code_label(code)} {day_status_label(status)}")
        self.setStyleSheet(colour_css(DAY_STATUS_COLOURS[status]))
        self.setToolTip(self.tr("Double-click to open this shift's record"))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.sig_opened.emit(self.code)
        event.accept()


class DayCell(QFrame):
    """One day of the month view."""

    sig_shift_opened = Signal(object, str)
    """Date, shift code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayCell")
        self.day: dt.date | None = None
        self.chips: list[ShiftChip] = []
        self.number_label = QLabel()
        self.number_label.setObjectName("dayNumber")
        self.name_label = QLabel()
        self.name_label.setObjectName("dayName")
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.number_label)
        top.addStretch(1)
        top.addWidget(self.name_label)
        self._chips = QVBoxLayout()
        self._chips.setSpacing(3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(self._chips)
        layout.addStretch(1)

    def set_day(self, day: dt.date | None, info: DayInfo | None, shifts: dict[str, str], today: bool) -> None:
        self.day = day
        for chip in self.chips:
            chip.deleteLater()
        self.chips = []
        if day is None or info is None:
            self.number_label.setText("")
            self.name_label.setText("")
            self.setProperty("kind", "outside")
            repolish(self)
            return
        self.number_label.setText(str(day.day))
        self.name_label.setText(info.name)
        weekend = day.weekday() >= 5
        kind = "rest" if not info.workday else ("adjusted" if weekend else "work")
        self.setProperty("kind", kind)
        self.setProperty("today", today)
        repolish(self)
        for code, status in sorted(shifts.items(), key=lambda kv: kv[0] != "day"):
            chip = ShiftChip(code, status)
            chip.sig_opened.connect(self._on_chip_opened)
            self._chips.addWidget(chip)
            self.chips.append(chip)

    def _on_chip_opened(self, code: str) -> None:
        if self.day is not None:
            self.sig_shift_opened.emit(self.day, code)

    def set_cursor(self, on: bool) -> None:
        self.setProperty("keyboardDay", on)
        self.setStyleSheet(CURSOR_CSS if on else "")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.day is not None and self.chips:
            self.sig_shift_opened.emit(self.day, self.chips[0].code)
        event.accept()


class MonthGrid(QWidget):
    """Seven columns (Monday first) by six weeks."""

    sig_shift_opened = Signal(object, str)
    """Date, shift code: a shift was double-clicked, or chosen with Enter."""
    sig_day_outside_requested = Signal(object)
    """Date in another month: the arrows or PgUp/PgDn left the month shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current_day: dt.date | None = None
        self._month: tuple[int, int] | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for column, name in enumerate(weekday_names()):
            label = QLabel(name)
            label.setObjectName("weekdayHeader")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, column)
        self.cells: list[DayCell] = []
        for index in range(WEEKS * 7):
            cell = DayCell()
            cell.sig_shift_opened.connect(self.sig_shift_opened)
            grid.addWidget(cell, 1 + index // 7, index % 7)
            self.cells.append(cell)
        for column in range(7):
            grid.setColumnStretch(column, 1)
        for row in range(1, WEEKS + 1):
            grid.setRowStretch(row, 1)

    def set_month(self, year: int, month: int, overview: dict[dt.date, dict[str, str]],
                  infos: dict[dt.date, DayInfo], today: dt.date) -> None:
        first = dt.date(year, month, 1)
        days = calendar.monthrange(year, month)[1]
        offset = first.weekday()
        for index, cell in enumerate(self.cells):
            n = index - offset + 1
            if 1 <= n <= days:
                day = dt.date(year, month, n)
                cell.set_day(day, infos[day], overview.get(day, {}), day == today)
            else:
                cell.set_day(None, None, {}, False)
        # A sixth week only when the month needs it.
        for cell in self.cells[35:]:
            cell.setVisible(offset + days > 35)
        self._month = (year, month)
        current = self.current_day
        if current is None or (current.year, current.month) != (year, month):
            current = today if (today.year, today.month) == (year, month) else first
        self.set_current_day(current)

    def set_current_day(self, day: dt.date) -> None:
        """The day the keyboard is on (its cell framed)."""
        self.current_day = day
        for cell in self.cells:
            cell.set_cursor(cell.day == day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        day = self.current_day
        if day is None or self._month is None:
            super().keyPressEvent(event)
            return
        if key in DAY_STEPS:
            target = day + dt.timedelta(days=DAY_STEPS[key])
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            index = day.year * 12 + day.month - 1 + (1 if key == Qt.Key.Key_PageDown else -1)
            year, month = index // 12, index % 12 + 1
            target = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            cell = self.cell_for(day)
            if cell is not None and cell.chips:
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.sig_shift_opened.emit(day, (cell.chips[-1] if shift else cell.chips[0]).code)
            event.accept()
            return
        else:
            super().keyPressEvent(event)
            return
        event.accept()
        if (target.year, target.month) == self._month:
            self.set_current_day(target)
        else:
            self.current_day = target
            self.sig_day_outside_requested.emit(target)

    def cell_for(self, day: dt.date) -> DayCell | None:
        return next((c for c in self.cells if c.day == day), None)

    def status_of(self, day: dt.date, code: str) -> str | None:
        cell = self.cell_for(day)
        chip = next((c for c in cell.chips if c.code == code), None) if cell else None
        return chip.status if chip else None


class HistoryPage(QWidget):
    """The month view of one site, with month navigation and a legend."""

    sig_month_shown = Signal(int, int)
    """Year, month."""
    sig_record_opened = Signal(object)
    """The ShiftRecordDialog just opened (or None when the shift has no record)."""

    # Kinds of record that change what the month shows.
    SHOWN_KINDS = frozenset({"shift", "signed_record", "roster_entry", "setting", "calendar_day"})

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_dialog: ShiftRecordDialog | None = None
        today = clock.get_clock().today()
        self.year, self.month = today.year, today.month

        (top, self.site_combo, self.previous_button, self.month_label, self.next_button,
         self.this_month_button) = site_month_bar(self, ctx.store, "historySiteCombo", 130)
        for status in ("complete", "late", "missed", "open", "future"):
            chip = QLabel(day_status_label(status))
            chip.setObjectName("legendChip")
            chip.setStyleSheet(colour_css(DAY_STATUS_COLOURS[status]))
            top.addWidget(chip)

        self.grid = MonthGrid()
        self.grid.sig_shift_opened.connect(self._on_shift_opened)
        self.grid.sig_day_outside_requested.connect(self._on_day_outside_requested)
        hint = QLabel(self.tr("Double-click a shift, or choose a day with the arrow keys and press Enter "
                              "(Shift+Enter: the night shift), to read its record and signed revisions. "
                              "PgUp/PgDn change the month. Shaded days are days off; amber days are weekends "
                              "made working days."))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("monthSummary")
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label)
        bottom.addSpacing(24)
        bottom.addWidget(hint, 1)
        layout.addWidget(self.grid, 1)
        layout.addLayout(bottom)
        self._generation = 0  # the newest read asked for; an older one's answer is dropped
        live_feed(ctx.store).sig_records_changed.connect(self._on_records_changed)
        self.reload()

    def site_id(self) -> int | None:
        return self.site_combo.currentData()

    def show_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.reload()

    def step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def reload(self) -> None:
        """Read the month shown (off the GUI thread); :attr:`sig_month_shown` when it is drawn."""
        site_id = self.site_id()
        self.month_label.setText(self.tr("{month}/{year}").format(year=self.year, month=self.month))
        if site_id is None:
            return
        self._generation += 1
        generation, year, month = self._generation, self.year, self.month
        Query(self, self.ctx.store, lambda s: shift_rows.history_month(s, site_id, year, month)).success(
            lambda data: self._show(data) if generation == self._generation else None).run()

    def _on_records_changed(self, kind: str) -> None:
        if kind in self.SHOWN_KINDS and self.isVisible():
            self.reload()

    def _show(self, data: HistoryMonth) -> None:
        overview = data.overview
        self.grid.set_month(data.year, data.month, overview, data.infos, clock.get_clock().today(data.timezone))
        counts: dict[str, int] = {}
        for shifts in overview.values():
            for status in shifts.values():
                counts[status] = counts.get(status, 0) + 1
        parts = [f"{day_status_label(s)} {counts[s]}" for s in ("complete", "late", "missed", "open") if counts.get(s)]
        self.summary_label.setText(self.tr("This month: {counts}").format(counts=" · ".join(parts) or "—"))
        self.sig_month_shown.emit(data.year, data.month)

    def _on_site_changed(self, _index: int) -> None:
        self.reload()

    def _on_this_month_clicked(self) -> None:
        today = clock.get_clock().today()
        self.show_month(today.year, today.month)

    def _on_shift_opened(self, day: dt.date, code: str) -> None:
        self.open_shift(day, code)

    def _on_day_outside_requested(self, day: dt.date) -> None:
        self.show_month(day.year, day.month)  # the grid keeps the day as its current one

    def focus_first(self) -> None:
        """The keyboard starts on the month's grid (the arrows choose a day)."""
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_shift(self, day: dt.date, code: str) -> None:
        """The record of a shift, read-only, read off the GUI thread; a shift nobody started
        has none (said). :attr:`sig_record_opened` follows."""
        site_id = self.site_id()
        if site_id is None:
            return

        def read(session) -> ShiftRecord | None:
            shift_id = shift_rows.find_shift_id(session, site_id, day, code)
            return shift_rows.shift_record(session, shift_id) if shift_id is not None else None

        Query(self, self.ctx.store, read).success(lambda record: self._show_record(day, code, record)).run()

    def _show_record(self, day: dt.date, code: str, record: ShiftRecord | None) -> None:
        from opsdesk.ui.shift.record_dialog import ShiftRecordDialog

        if record is None:
            dialogs.show_info(self, self.tr("{day} {shift}: no record — nobody started this shift.").format(
                day=day.isoformat(), shift=shift_code_label(code)))
            self.sig_record_opened.emit(None)
            return
        if self.record_dialog is not None:
            self.record_dialog.close()
            self.record_dialog.deleteLater()
        self.record_dialog = ShiftRecordDialog(self.ctx, record, parent=self)
        self.record_dialog.show()
        self.sig_record_opened.emit(self.record_dialog)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload()

