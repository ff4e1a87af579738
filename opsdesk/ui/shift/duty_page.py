"""当前班次: pick site, date and shift, start or join it, and work the checklist.

Each tick is its own write transaction with the version the row was read at; a tick
someone else saved first is reported on the row ("已被他人修改") and the row reloads.
Everything is read and written off the GUI thread through the operation runner. The page
follows the live feed: when the poller completes a cycle the shift's live items are filled
from the monitor (one write), and when anyone — another console, the CLI — changes a shift
or a tick, the shift is read again, so a second console's ticks appear here."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from opsdesk import clock
from opsdesk.models import labels
from opsdesk.models.users import Perm
from opsdesk.ops import shift as shift_ops
from opsdesk.ops import shift_rows
from opsdesk.ops.errors import ConflictError, OpError, ValidationError
from opsdesk.ops.shift_rows import ShiftChoice, ShiftState, SiteChoice
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.pdf_print import PdfPrinting
from opsdesk.ui.shift.checklist import ChecklistView
from opsdesk.ui.shift.header import ShiftHeader
from opsdesk.ui.shift.printing import print_shift_log
from opsdesk.ui.shift.tick_dialogs import CORRECT, OVERRIDE, TICK, TickDialog, TickInput

if TYPE_CHECKING:
    from opsdesk.ui.shift.handover import HandoverDialog

# Kinds of record whose change by anyone makes the page read its shift again.
SHOWN_KINDS = frozenset({"shift", "tick", "signed_record", "signature", "user_account"})


class DutyPage(QWidget):
    """The shift being worked: header, checklist, handover and sign-off."""

    sig_shift_loaded = Signal(int)
    """Id of the shift now shown, 0 when the chosen shift has not started."""
    sig_tick_saved = Signal(int)
    """Id of the tick just committed (and the shift read again)."""
    sig_tick_refused = Signal(int)
    """Id of a tick that was not saved (the refusal is said on its row or in its dialog)."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state: ShiftState | None = None
        self.tick_dialog: TickDialog | None = None
        self.handover_dialog: HandoverDialog | None = None
        self.printing = PdfPrinting(self)  # 打印交班记录
        self._sites: dict[int, str] = {}  # site id → time zone
        self._generation = 0  # the newest read of the shift asked for; older answers are dropped
        self._after_read: list = []  # what waits for the next read to be shown
        self._stale = False  # something changed while the page was hidden or a dialog was open
        # tick id → edits of that item waiting for the one being written (the value, then the
        # note at once): each goes with the version the one before it left.
        self._ticking: dict[int, list[tuple[TickInput, TickDialog | None]]] = {}

        self.site_combo = QComboBox()
        self.site_combo.setObjectName("shiftSiteCombo")
        self.site_combo.setMinimumContentsLength(8)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("shiftDateEdit")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.code_combo = QComboBox()
        self.code_combo.setObjectName("shiftCodeCombo")
        self.code_combo.addItem(self.tr("Day shift 08:30–17:30"), "day")
        self.code_combo.addItem(self.tr("Night shift 17:30–08:30 next day"), "night")
        self.schedule_label = QLabel()
        self.schedule_label.setObjectName("hintLabel")
        self.start_button = QPushButton(self.tr("S&tart shift"))
        self.start_button.setObjectName("startShiftButton")
        self.start_button.setProperty("primary", True)
        self.start_button.setAutoDefault(True)  # Enter on it starts the shift, as Space does
        self.start_button.clicked.connect(self._on_start_clicked)
        selectors = QHBoxLayout()
        selectors.setSpacing(8)
        for label, widget in ((self.tr("Sit&e"), self.site_combo), (self.tr("&Date"), self.date_edit),
                              (self.tr("Shi&ft"), self.code_combo)):
            caption = QLabel(label)
            caption.setObjectName("fieldCaption")
            caption.setBuddy(widget)  # Alt+letter takes the keyboard to the field
            selectors.addWidget(caption)
            selectors.addWidget(widget)
            selectors.addSpacing(6)
        selectors.addWidget(self.schedule_label, 1)
        selectors.addWidget(self.start_button)

        self.header = ShiftHeader()
        self.header.sig_correct_requested.connect(self._on_correct_clicked)
        self.header.sig_sign_requested.connect(self._on_handover_clicked)

        self.info_label = QLabel()
        self.info_label.setObjectName("shiftInfo")
        self.info_label.setWordWrap(True)
        self.info_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info_label.hide()

        self.checklist = ChecklistView()
        self.checklist.sig_status_requested.connect(self._on_status_requested)
        self.checklist.sig_note_edited.connect(self._on_note_edited)
        self.checklist.sig_value_edited.connect(self._on_value_edited)
        self.checklist.sig_override_requested.connect(self._on_override_requested)

        self.legend_label = QLabel(self.tr("Keyboard: ↑ ↓ or J K choose an item · 1 Normal · 2 Abnormal · "
                                           "3 Not applicable · Space next status · Enter value or note"))
        self.legend_label.setObjectName("keyLegend")
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.print_button = QPushButton(self.tr("&Print handover record…"))
        self.print_button.setObjectName("printShiftButton")
        self.print_button.clicked.connect(self._on_print_clicked)
        self.handover_button = QPushButton(self.tr("Hand&over and sign-off…"))
        self.handover_button.setObjectName("handoverButton")
        self.handover_button.setProperty("primary", True)
        self.handover_button.clicked.connect(self._on_handover_clicked)
        for button in (self.refresh_button, self.print_button, self.handover_button):
            button.setAutoDefault(True)  # Enter presses the focused button, not only Space
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend_label)
        bottom.addStretch(1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.handover_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(selectors)
        layout.addWidget(self.header)
        layout.addWidget(self.info_label, 1)
        layout.addWidget(self.checklist, 1)
        layout.addLayout(bottom)

        self._set_tab_order()
        today = clock.get_clock().today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        for button in (self.handover_button, self.print_button, self.refresh_button):
            button.setEnabled(False)
        feed = live_feed(ctx.store)
        feed.sig_cycle_completed.connect(self._on_cycle_completed)
        feed.sig_records_changed.connect(self._on_records_changed)
        self._load_sites()

    def _set_tab_order(self) -> None:
        """Tab goes as the eye reads: the choice of shift, 开始值班, the header's buttons,
        the checklist (one stop: its own keys work inside), then the buttons below it."""
        chain = [self.site_combo, self.date_edit, self.code_combo, self.start_button,
                 self.header.sign_again_button, self.header.correct_button, self.checklist,
                 self.refresh_button, self.print_button, self.handover_button]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def focus_first(self) -> None:
        """Where the keyboard starts: the checklist of a shift being worked, else 开始值班
        (Enter starts it), else the choice of site."""
        target: QWidget
        if self.state is not None:
            target = self.checklist
        elif self.start_button.isVisibleTo(self) and self.start_button.isEnabled():
            target = self.start_button
        else:
            target = self.site_combo
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- choosing ---------------------------------------------------------------------------
    def _load_sites(self) -> None:
        """The sites, and the shift the console opens on (of the first site), read off the GUI
        thread; then the page follows the choice."""

        def read(session) -> tuple[list[SiteChoice], tuple[dt.date, str] | None]:
            sites = shift_rows.site_choices(session)
            return sites, shift_rows.current_shift(session, sites[0].id) if sites else None

        Query(self, self.ctx.store, read).success(self._on_sites_read).run()

    def _on_sites_read(self, result: tuple[list[SiteChoice], tuple[dt.date, str] | None]) -> None:
        sites, current = result
        self._sites = {site.id: site.timezone for site in sites}
        for site in sites:
            self.site_combo.addItem(site.name, site.id)
        if current is not None:
            day, code = current
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
            self.code_combo.setCurrentIndex(self.code_combo.findData(code))
        self.site_combo.currentIndexChanged.connect(self._on_selection_changed)
        self.date_edit.dateChanged.connect(self._on_selection_changed)
        self.code_combo.currentIndexChanged.connect(self._on_selection_changed)
        self.show_selected()

    def site_id(self) -> int | None:
        return self.site_combo.currentData()

    def day(self) -> dt.date:
        date = self.date_edit.date()
        return dt.date(date.year(), date.month(), date.day())

    def code(self) -> str:
        return self.code_combo.currentData()

    def choose(self, site_id: int | None = None, day: dt.date | None = None, code: str | None = None) -> None:
        """Show another shift (tests, the history)."""
        if site_id is not None:
            self.site_combo.setCurrentIndex(self.site_combo.findData(site_id))
        if day is not None:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))
        if code is not None:
            self.code_combo.setCurrentIndex(self.code_combo.findData(code))

    def _next_read(self) -> int:
        self._generation += 1
        return self._generation

    def show_selected(self) -> None:
        """Show the chosen shift if it has started, else what starting it would mean (read off
        the GUI thread; :attr:`sig_shift_loaded` when shown)."""
        site_id, day, code = self.site_id(), self.day(), self.code()
        if site_id is None:
            self.set_state(None)
            return
        generation = self._next_read()
        Query(self, self.ctx.store, lambda s: shift_rows.shift_choice(s, site_id, day, code)).success(
            lambda choice: self._on_choice_read(generation, choice)).run()

    def _on_choice_read(self, generation: int, choice: ShiftChoice) -> None:
        if generation != self._generation:
            return  # the choice changed meanwhile: a newer read is out
        if choice.scheduled:
            self.schedule_label.setText(self.tr("Scheduled that day: {shifts}").format(
                shifts=labels.listing(shift_code_label(c) for c in choice.scheduled)))
        else:
            self.schedule_label.setText(self.tr("No shift is scheduled that day; one can still be started."))
        if choice.shift_id is None:
            self._shown(generation, None)
        else:
            self.open_shift(choice.shift_id)

    def open_shift(self, shift_id: int) -> None:
        """Read the shift, filling its live items from the monitor first (one write, off the
        GUI thread)."""
        generation = self._next_read()
        Write(self, self.ctx.store, lambda s: shift_rows.refresh_state(s, shift_id),
              feed=live_feed(self.ctx.store)).success(lambda state: self._shown(generation, state)).failure(
            self._on_read_failed).run()

    def reload(self, then=None) -> None:
        """Read the shift again without touching it (after a tick), then ``then()``."""
        if then is not None:
            self._after_read.append(then)
        if self.state is None:
            self.show_selected()
            return
        shift_id, generation = self.state.id, self._next_read()
        Query(self, self.ctx.store, lambda s: shift_rows.load_state(s, shift_id)).success(
            lambda state: self._shown(generation, state)).failure(self._on_read_failed).run()

    def _shown(self, generation: int, state: ShiftState | None) -> None:
        if generation != self._generation:
            return  # a newer read is out: it will be shown, and what waits runs then
        self.set_state(state)
        waiting, self._after_read = self._after_read, []
        for then in waiting:
            then()

    def _on_read_failed(self, exc: BaseException) -> None:
        # e.g. the database is busy: said in the header, read again on the next change
        self.header.people_label.setText(dialogs.error_text(exc))

    def refresh(self) -> None:
        """刷新 and the live feed: pick up other consoles' ticks and the monitor's readings."""
        self._stale = False
        if self.state is None:
            self.show_selected()
        else:
            self.open_shift(self.state.id)

    # -- showing ----------------------------------------------------------------------------
    @property
    def on_duty(self) -> bool:
        return self.state is not None and self.ctx.user.username in self.state.on_duty

    @property
    def editable(self) -> bool:
        return self.state is not None and not self.state.signed and self.on_duty and self.ctx.can(Perm.RUN_SHIFT)

    def set_state(self, state: ShiftState | None) -> None:
        self.state = state
        if state is None:
            self.header.hide()
            self.checklist.hide()
            self.info_label.setText(self.tr("This shift has not started. Choose site, date and shift, then press "
                                            "“Start shift”. The checklist is filled from the monitor where it can."))
            self.info_label.show()
            self.start_button.setText(self.tr("S&tart shift"))
            self.start_button.setVisible(self.ctx.can(Perm.RUN_SHIFT))
            for button in (self.handover_button, self.print_button, self.refresh_button):
                button.setEnabled(False)
            self.legend_label.hide()
            self.sig_shift_loaded.emit(0)
            return
        self.info_label.hide()
        self.header.show()
        self.checklist.show()
        self.header.show_state(state, can_correct=self.ctx.can(Perm.RUN_SHIFT), can_sign=self.editable)
        self.checklist.set_read_only(not self.editable)
        self.checklist.set_rows(state.rows)
        joinable = state.status == "open" and not self.on_duty and self.ctx.can(Perm.RUN_SHIFT)
        self.start_button.setText(self.tr("&Join shift"))
        self.start_button.setVisible(joinable)
        self.handover_button.setVisible(not state.signed)
        self.handover_button.setEnabled(self.editable)
        self.print_button.setEnabled(True)
        self.refresh_button.setEnabled(True)
        self.legend_label.setVisible(self.editable)
        self.sig_shift_loaded.emit(state.id)

    def item_message(self, tick_id: int, text: str) -> None:
        item = self.checklist.item_for(tick_id)
        if item is not None:
            item.show_message(text)

    # -- starting ---------------------------------------------------------------------------
    def _on_selection_changed(self, *_args: object) -> None:
        self.show_selected()

    def _on_start_clicked(self) -> None:
        self.start_shift()

    def start_shift(self) -> bool:
        """Start the chosen shift, or join it if it has started (off the GUI thread;
        :attr:`sig_shift_loaded` follows). False if there is nothing to start."""
        site_id, day, code, user = self.site_id(), self.day(), self.code(), self.ctx.user
        if site_id is None:
            return False
        generation = self._next_read()
        Write(self, self.ctx.store, lambda s: shift_rows.start_and_read(s, user, site_id, day, code),
              button=self.start_button, feed=live_feed(self.ctx.store)).success(
            lambda state: self._on_started(generation, state)).run()
        return True

    def _on_started(self, generation: int, state: ShiftState) -> None:
        self._generation = max(self._generation, generation)  # this answer is the newest there is
        self._shown(self._generation, state)
        self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- ticking ----------------------------------------------------------------------------
    def _on_status_requested(self, tick_id: int, status: str) -> None:
        self.request_status(tick_id, status)

    def request_status(self, tick_id: int, status: str) -> TickDialog | None:
        """Set an item's status: at once, or through a dialog when the item needs more
        (an abnormal item's follow-up, the reason for overriding the monitor)."""
        row = self.state.row(tick_id) if self.state else None
        if row is None or not self.editable:
            return None
        need_reason = row.live_filled and status != row.status
        if status == "abnormal" or need_reason:
            return self._open_dialog(TickDialog(row, TICK, status, need_reason=need_reason, parent=self))
        self.commit(TickInput(tick_id, status, None, None, None, None))
        return None

    def _on_note_edited(self, tick_id: int, note: str) -> None:
        self.commit(TickInput(tick_id, None, None, note, None, None))

    def _on_value_edited(self, tick_id: int, value: str, status: str) -> None:
        self.commit(TickInput(tick_id, status or None, value, None, None, None))

    def _on_override_requested(self, tick_id: int) -> None:
        self.request_override(tick_id)

    def request_override(self, tick_id: int) -> TickDialog | None:
        row = self.state.row(tick_id) if self.state else None
        if row is None or not self.editable:
            return None
        return self._open_dialog(TickDialog(row, OVERRIDE, parent=self))

    def _open_dialog(self, dialog: TickDialog) -> TickDialog:
        if self.tick_dialog is not None:
            self.tick_dialog.close()
            self.tick_dialog.deleteLater()
        self.tick_dialog = dialog
        dialog.sig_ok_requested.connect(self._on_dialog_ok)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()  # no refresh while it is open: it would make the row's version stale
        return dialog

    def _on_dialog_ok(self, entry: TickInput) -> None:
        dialog = self.tick_dialog
        if dialog is not None and dialog.mode == CORRECT:
            self.commit_correction(entry, dialog)
        else:
            self.commit(entry, dialog)

    def _on_dialog_finished(self, _result: int) -> None:
        self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._stale and self.isVisible():
            self.refresh()

    def commit(self, entry: TickInput, dialog: TickDialog | None = None) -> bool:
        """One tick, one transaction (off the GUI thread), with the version the row was read
        at; :attr:`sig_tick_saved` or :attr:`sig_tick_refused` follows. False if there is no
        such row."""
        row = self.state.row(entry.tick_id) if self.state else None
        if row is None:
            return False
        waiting = self._ticking.get(entry.tick_id)
        if waiting is not None:  # this item is being written: this edit goes after it
            waiting.append((entry, dialog))
            return True
        self._ticking[entry.tick_id] = []
        self._write_tick(entry, dialog, row.version)
        return True

    def _write_tick(self, entry: TickInput, dialog: TickDialog | None, version: int) -> None:
        user = self.ctx.user

        def tick(session) -> int:
            row = shift_ops.tick(session, user, entry.tick_id, entry.status, value=entry.value, note=entry.note,
                                 followup=entry.followup, override_reason=entry.reason, expected_version=version)
            session.flush()
            return row.version

        def done(new_version: int) -> None:
            self._next_tick(entry.tick_id, new_version)
            self._on_ticked(entry, dialog)

        def failed(exc: BaseException) -> None:
            self._next_tick(entry.tick_id, version)
            self._on_tick_failed(entry, dialog, exc)

        Write(self, self.ctx.store, tick, button=dialog.ok_button if dialog is not None else None,
              feed=live_feed(self.ctx.store)).success(done).failure(failed).run()

    def _next_tick(self, tick_id: int, version: int) -> None:
        waiting = self._ticking.get(tick_id) or []
        if waiting:
            entry, dialog = waiting.pop(0)
            self._write_tick(entry, dialog, version)
        else:
            self._ticking.pop(tick_id, None)

    def _on_ticked(self, entry: TickInput, dialog: TickDialog | None) -> None:
        if dialog is not None:
            dialog.accept()

        def shown() -> None:
            item = self.checklist.item_for(entry.tick_id)
            if item is not None:
                item.clear_messages()
            self.sig_tick_saved.emit(entry.tick_id)

        self.reload(then=shown)

    def _on_tick_failed(self, entry: TickInput, dialog: TickDialog | None, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            if dialog is not None:
                dialog.reject()
            self.reload(then=lambda: self._refused(entry.tick_id, self.tr(
                "Changed by someone else: reloaded. Check it and tick again.")))
            return
        if isinstance(exc, ValidationError):
            item = self.checklist.item_for(entry.tick_id)
            if dialog is not None:
                dialog.show_error(str(exc))
            elif exc.field == "value" and item is not None:
                # A manual item's result is missing: said under the field, the keyboard put there,
                # and the status asked for is set once the result is written.
                self.checklist.set_current(self.checklist.items.index(item))
                item.ask_for_value(str(exc), entry.status)
            else:
                self.item_message(entry.tick_id, str(exc))
        elif isinstance(exc, shift_ops.ShiftLocked):
            if dialog is not None:
                dialog.reject()
            self.reload()
            dialogs.show_error(self, str(exc))
        elif dialog is not None:  # the database, a permission: shown, never a crash
            dialog.show_error(dialogs.error_text(exc))
        else:
            dialogs.show_error(self, dialogs.error_text(exc))
        self.sig_tick_refused.emit(entry.tick_id)

    def _refused(self, tick_id: int, text: str) -> None:
        self.item_message(tick_id, text)
        self.sig_tick_refused.emit(tick_id)

    # -- correcting a signed shift ----------------------------------------------------------
    def _on_correct_clicked(self) -> None:
        self.request_correction()

    def request_correction(self, tick_id: int | None = None) -> TickDialog | None:
        """更正: the current item of a signed shift, with a reason; both sign again."""
        if self.state is None or not self.state.signed or not self.ctx.can(Perm.RUN_SHIFT):
            return None
        if tick_id is None:
            current = self.checklist.current_item()
            tick_id = current.tick_id if current is not None else None
        row = self.state.row(tick_id) if tick_id is not None else None
        if row is None:
            return None
        return self._open_dialog(TickDialog(row, CORRECT, parent=self))

    def commit_correction(self, entry: TickInput, dialog: TickDialog) -> None:
        """更正, off the GUI thread; the dialog closes and the shift is read again, or the
        dialog says what was refused."""
        user = self.ctx.user

        def correct(session) -> None:
            shift_ops.correct(session, user, entry.tick_id, entry.reason or "", status=entry.status,
                              value=entry.value, note=entry.note, followup=entry.followup)

        def failed(exc: BaseException) -> None:
            dialog.show_error(str(exc) if isinstance(exc, OpError) else dialogs.error_text(exc))

        def done(_result: None) -> None:
            dialog.accept()
            self.reload(then=lambda: self.sig_tick_saved.emit(entry.tick_id))

        Write(self, self.ctx.store, correct, button=dialog.ok_button, feed=live_feed(self.ctx.store)).success(
            done).failure(failed).run()

    # -- handover, printing -----------------------------------------------------------------
    def _on_handover_clicked(self) -> None:
        self.open_handover()

    def open_handover(self) -> HandoverDialog | None:
        from opsdesk.ui.shift.handover import HandoverDialog

        if self.state is None or not self.editable:
            return None
        if self.handover_dialog is not None:
            self.handover_dialog.close()
            self.handover_dialog.deleteLater()
        self.handover_dialog = HandoverDialog(self.ctx, self.state.id, parent=self)
        self.handover_dialog.finished.connect(self._on_handover_finished)
        self.handover_dialog.open()
        return self.handover_dialog

    def _on_handover_finished(self, _result: int) -> None:
        self.checklist.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_print_clicked(self) -> None:
        self.print_record()

    def print_record(self) -> bool:
        if self.state is None:
            return False
        return print_shift_log(self, self.printing, self.ctx, self.state)

    # -- following the live feed ------------------------------------------------------------
    def _on_cycle_completed(self, _snapshot: object) -> None:
        """The poller has new readings: fill the live items of the shift being worked (one
        write, off the GUI thread — it replaces the page's old 10-second timer)."""
        if self.state is not None and not self.state.signed:
            self._when_free(self.refresh)

    def _on_records_changed(self, kind: str) -> None:
        """Someone (here or elsewhere) changed a shift or a tick: read it again."""
        if kind in SHOWN_KINDS:
            self._when_free(self.reload)

    def _when_free(self, read) -> None:
        """Now, unless the page is hidden or a tick dialog is open (a read would make the
        dialog's row stale): then when it is shown again or the dialog closes."""
        if self.isVisible() and self.tick_dialog_closed():
            read()
        else:
            self._stale = True

    def tick_dialog_closed(self) -> bool:
        return self.tick_dialog is None or not self.tick_dialog.isVisible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if self.window().focusWidget() is None:  # a window just opened: start where the work is
            self.focus_first()
