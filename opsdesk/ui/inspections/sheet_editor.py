"""One inspection sheet filled on screen (R-INSP-1, R-INSP-4, R-INSP-5): a tab per device
class, devices down and items across; values from the monitor with their reading time,
the rest entered by hand and checked against the expected range (an abnormal value asks
for a note); findings and advice; then 巡检人 and 审核人 sign, a correction is a new
revision, and the sheet is exported, previewed and printed as the one PDF.

Every action has a key (issue 13, item 6): arrows move between items, typing or Enter edits a
cell, 1 / 2 / 3 set a check to 正常 / 异常 / 不适用, Tab while editing goes on to the next item;
Ctrl+M fills from the monitor, Ctrl+Shift+S signs, Ctrl+P prints, Ctrl+PgDn / Ctrl+PgUp
change the device class, Alt+← goes back. The header says when a sheet was completed late."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models.users import Perm
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops.errors import ValidationError
from opsdesk.ops.inspection_sheet import (
    Cell,
    Column,
    RevisionInfo,
    SheetState,
    enter_cell,
    load_revisions,
    load_sheet,
)
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections import printing
from opsdesk.ui.inspections.labels import (
    STATE_COLOURS,
    colour_css,
    failure_words,
    meaning_label,
    provisional_label,
    status_label,
)
from opsdesk.ui.inspections.sheet_dialogs import RevisionsDialog, TextDialog
from opsdesk.ui.inspections.sheet_table import FIXED, SectionModel, SectionTable
from opsdesk.ui.inspections.sign_dialog import INSPECTOR, REVIEWER, SignDialog
from opsdesk.ui.labels import format_limits
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.pdf_export import PdfExport
from opsdesk.ui.pdf_print import PdfPrinting
from opsdesk.ui.style import repolish

NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
NOT_APPLICABLE = ("不适用", "/", "na", "n/a", "—", "-")
# What a sheet is drawn from: changed by anyone (another console, the CLI), the open sheet is read again.
SHEET_KINDS = frozenset({"inspection", "inspection_entry", "signed_record", "signature"})


class SheetEditor(QWidget):
    """The sheet of one inspection; reads and writes it through the operation runner, and
    reads it again when someone else changes it (the live feed)."""

    sig_back_requested = Signal()
    """The user wants the calendar again."""
    sig_sheet_opened = Signal(int)
    """Id of the inspection whose sheet was read and is shown now (:meth:`open_sheet`)."""
    sig_sheet_shown = Signal(int)
    """Id of the inspection whose sheet was read (opened or read again) and is shown."""
    sig_revisions_shown = Signal(object)
    """The RevisionsDialog, read and opened (:meth:`open_revisions`)."""
    sig_sheet_changed = Signal(int)
    """Id of the inspection that was signed, corrected or changed."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.feed = live_feed(ctx.store)
        self.state: SheetState | None = None
        self._asked = 0  # the latest read (or write) asked for: an older read is not shown over it
        self._opening = 0  # the latest sheet asked for: another one, asked for meanwhile, is not shown
        self.models: list[SectionModel] = []
        self.note_dialog: TextDialog | None = None
        self.sign_dialog: SignDialog | None = None
        self.correction_dialog: TextDialog | None = None
        self.revisions_dialog: RevisionsDialog | None = None
        self.pdf = PdfExport(self)
        self.printing = PdfPrinting(self)

        self.back_button = QPushButton(self.tr("‹ Calendar"))
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.sig_back_requested)
        self.heading = QLabel()
        self.heading.setObjectName("shiftHeading")
        self.status_badge = QLabel()
        self.status_badge.setObjectName("shiftStatusBadge")
        self.due_label = QLabel()
        self.due_label.setObjectName("hintLabel")
        self.completion_label = QLabel()
        self.completion_label.setObjectName("completionMark")
        self.progress_label = QLabel()
        self.progress_label.setObjectName("completionLabel")
        self.signature_label = QLabel()
        self.signature_label.setObjectName("signatureSummary")
        self.signature_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.heading)
        top.addSpacing(8)
        top.addWidget(self.status_badge)
        top.addStretch(1)
        top.addWidget(self.progress_label)
        info = QHBoxLayout()
        info.addWidget(self.due_label)
        info.addWidget(self.completion_label)
        info.addSpacing(16)
        info.addWidget(self.signature_label, 1)

        def button(text: str, name: str, slot, primary: bool = False) -> QPushButton:
            b = QPushButton(text, self)  # with its parent: made visible alone it would be a window
            b.setObjectName(name)
            b.setProperty("primary", primary)
            b.clicked.connect(slot)
            return b

        self.autofill_button = button(self.tr("Fill from the monitor"), "autofillButton", self._on_autofill_clicked)
        self.inspector_button = button(self.tr("Sign as inspector…"), "signInspectorButton",
                                       self._on_sign_inspector_clicked, primary=True)
        self.reviewer_button = button(self.tr("Sign as reviewer…"), "signReviewerButton",
                                      self._on_sign_reviewer_clicked, primary=True)
        self.correct_button = button(self.tr("Correct…"), "correctButton", self._on_correct_clicked)
        self.revisions_button = button(self.tr("Revisions…"), "revisionsButton", self._on_revisions_clicked)
        self.export_button = button(self.tr("Export PDF…"), "exportPdfButton", self._on_export_clicked)
        self.preview_button = button(self.tr("Print preview"), "printPreviewButton", self._on_preview_clicked)
        self.print_button = button(self.tr("Print…"), "printButton", self._on_print_clicked)
        self.blank_button = button(self.tr("Blank form…"), "blankFormButton", self._on_blank_clicked)
        self.reviewer_button.setVisible(ctx.can(Perm.REVIEW_INSPECTION))
        actions = QHBoxLayout()
        actions.setSpacing(6)
        for b in (self.autofill_button, self.inspector_button, self.reviewer_button, self.correct_button,
                  self.revisions_button):
            actions.addWidget(b)
        actions.addStretch(1)
        for b in (self.export_button, self.preview_button, self.print_button, self.blank_button):
            actions.addWidget(b)

        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockBanner")
        self.lock_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sectionTabs")
        self.tabs.setDocumentMode(True)

        self.findings_edit = QPlainTextEdit()
        self.findings_edit.setObjectName("findingsEdit")
        self.findings_edit.setPlaceholderText(self.tr("What the inspection found: faults, risks, anything unusual"))
        self.advice_edit = QPlainTextEdit()
        self.advice_edit.setObjectName("adviceEdit")
        self.advice_edit.setPlaceholderText(self.tr("What should be done about it, by whom and when"))
        for edit in (self.findings_edit, self.advice_edit):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(70)
            edit.textChanged.connect(self._on_findings_edited)
        self.save_findings_button = button(self.tr("Save findings"), "saveFindingsButton",
                                           self._on_save_findings_clicked)
        findings_box = QGroupBox(self.tr("Findings and advice"))
        grid = QGridLayout(findings_box)
        grid.addWidget(QLabel(self.tr("Findings")), 0, 0)
        grid.addWidget(QLabel(self.tr("Advice")), 0, 1)
        grid.addWidget(self.findings_edit, 1, 0)
        grid.addWidget(self.advice_edit, 1, 1)
        grid.addWidget(self.save_findings_button, 1, 2)

        self.keys_label = QLabel(self.tr("Keys: arrows move · type or Enter to fill · 1 normal, 2 abnormal, 3 not "
                                         "applicable · Tab next item while filling · Ctrl+PgDn next class · "
                                         "Ctrl+M fill from the monitor · Ctrl+Shift+S sign · Ctrl+P print"))
        self.keys_label.setObjectName("hintLabel")
        self.keys_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(info)
        layout.addLayout(actions)
        layout.addWidget(self.lock_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.keys_label)
        layout.addWidget(findings_box)
        self._add_shortcuts()
        self.feed.sig_records_changed.connect(self._on_records_changed)

    def _add_shortcuts(self) -> None:
        """Keys for the sheet's actions while it has the focus; each button's tooltip names its key."""
        def key(sequence: str, slot, *buttons: QPushButton, shown: str = "") -> QAction:
            action = QAction(self)
            action.setShortcut(QKeySequence(sequence))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            for button in buttons:
                button.setToolTip(shown or sequence)
            return action

        key("Ctrl+M", self._on_autofill_key, self.autofill_button)
        key("Ctrl+Shift+S", self._on_sign_key, self.inspector_button, self.reviewer_button)
        key("Ctrl+P", self._on_print_key, self.print_button)
        key("Ctrl+Shift+P", self._on_preview_key, self.preview_button)
        key("Ctrl+E", self._on_export_key, self.export_button)
        key("Alt+Left", self.sig_back_requested.emit, self.back_button, shown="Alt+←")
        key("Ctrl+PgDown", lambda: self.step_section(1))
        key("Ctrl+PgUp", lambda: self.step_section(-1))

    # -- loading -----------------------------------------------------------------------------
    def open_sheet(self, inspection_id: int) -> bool:
        """Read a sheet off the GUI thread and show it; :attr:`sig_sheet_opened` says when."""
        self._ask()
        self._opening += 1
        opening = self._opening
        (Query(self, self.ctx.store, lambda s: load_sheet(s, inspection_id))
         .success(lambda state: self._on_opened(opening, state)).run())
        return True

    def reload(self) -> None:
        """Read the open sheet again; values change in place, the tables stay as they are
        (the cell being edited, the device class shown) unless the sheet's layout changed."""
        if self.state is None:
            return
        asked, inspection_id = self._ask(), self.state.id
        (Query(self, self.ctx.store, lambda s: load_sheet(s, inspection_id))
         .success(lambda state: self._on_reloaded(asked, state)).run())

    def _ask(self) -> int:
        """A read or a write starts: what an earlier read brings is older than it, not shown."""
        self._asked += 1
        return self._asked

    def open_state(self) -> SheetState:
        """The sheet shown. Everything but opening one needs it: the buttons and keys that reach
        here are shown or act only once a sheet is open."""
        if self.state is None:
            raise RuntimeError("no inspection sheet is open")
        return self.state

    def _on_opened(self, opening: int, state: SheetState) -> None:
        if opening != self._opening:
            return
        self.state = state
        self._show_state()
        self.sig_sheet_opened.emit(state.id)
        self.sig_sheet_shown.emit(state.id)

    def _on_reloaded(self, asked: int, state: SheetState) -> None:
        if asked != self._asked or self.state is None or state.id != self.state.id:
            return
        before, self.state = self.state, state
        if self.save_findings_button.isEnabled():  # unsaved findings: kept, and saved against what they were written on
            self.state = dataclasses.replace(state, findings=before.findings, advice=before.advice,
                                             version=before.version)
        if before.same_layout(state) and len(self.models) == len(state.sections):
            for model, section in zip(self.models, self.state.sections, strict=True):
                model.set_section(section)
            self._show_header()
            if not (self.save_findings_button.isEnabled() or self.findings_edit.hasFocus()
                    or self.advice_edit.hasFocus()):  # never under the cursor of one writing them
                self._show_findings()
        else:
            self._rebuild()
        self.sig_sheet_shown.emit(state.id)

    def _rebuild(self) -> None:
        """Everything drawn again, the device class and the cell kept."""
        current = self.tabs.currentIndex()
        table = self.current_table()
        had_focus = table is not None and table.hasFocus()
        cell = table.currentIndex() if table is not None else None
        self._show_state()
        self.tabs.setCurrentIndex(current)
        table = self.current_table()
        if table is not None and cell is not None and cell.isValid():
            table.setCurrentIndex(table.model().index(cell.row(), cell.column()))
        if table is not None and had_focus:
            table.setFocus()

    def _on_records_changed(self, kind: str) -> None:
        if kind in SHEET_KINDS and self.state is not None and self.isVisible():
            self.reload()

    def _show_state(self) -> None:
        state = self.open_state()
        self.tabs.clear()
        self.models = []
        editable = self._editable()
        previous: QWidget = self.tabs.tabBar()
        for section in state.sections:
            model = SectionModel(section, editable=editable, commit=self.commit, parent=self)
            self.models.append(model)
            table = SectionTable(model)
            self.tabs.addTab(table, self._tab_title(model))
            QWidget.setTabOrder(previous, table)  # tab bar → the shown table → findings
            previous = table
        QWidget.setTabOrder(previous, self.findings_edit)
        self._show_findings()
        self._show_header()

    def _editable(self) -> bool:
        return not self.open_state().locked and self.ctx.can(Perm.INSPECT)

    def _show_findings(self) -> None:
        state, editable = self.open_state(), self._editable()
        for edit, text in ((self.findings_edit, state.findings), (self.advice_edit, state.advice)):
            edit.setReadOnly(not editable)
            if edit.toPlainText() != text:
                edit.blockSignals(True)
                edit.setPlainText(text)
                edit.blockSignals(False)
        self.save_findings_button.setEnabled(False)

    def _show_header(self) -> None:
        state = self.open_state()
        self.heading.setText(f"{state.site_name} · {state.title}")
        self.status_badge.setText(status_label(state.status))
        self.status_badge.setProperty("state", {"draft": "", "inspected": "handed_over",
                                                "reviewed": "signed"}.get(state.status, ""))
        repolish(self.status_badge)
        due = self.tr("Due {date}").format(date=state.due.isoformat())
        if state.provisional:
            due += self.tr(" ({provisional})").format(provisional=provisional_label())
        self.due_label.setText(due)
        self._show_completion()
        parts = [self.tr("{meaning}: {name}, {time}").format(meaning=meaning_label(s.meaning), name=s.printed_name,
                                                              time=s.signed_at) for s in state.signatures]
        if state.revision is not None:
            parts.insert(0, self.tr("Revision {n}").format(n=state.revision))
        self.signature_label.setText(" · ".join(parts) if parts else self.tr("Not signed yet"))
        if state.status == "reviewed":
            self.lock_label.setText(self.tr("Signed by inspector and reviewer and locked. A change is a correction: "
                                            "a new revision with a reason, signed again by both."))
        elif state.status == "inspected":
            self.lock_label.setText(
                self.tr("Signed by the inspector and locked; waiting for the reviewer's signature."))
        elif state.revision is not None:
            self.lock_label.setText(self.tr("Being corrected after revision {n}: the next signatures make revision "
                                            "{m}.").format(n=state.revision, m=state.revision + 1))
        self.lock_label.setVisible(state.locked or state.revision is not None)
        self._update_progress()
        self._update_buttons()

    def _show_completion(self) -> None:
        """逾期完成 or 按时完成 beside the due date, once the inspector has signed."""
        timing = self.open_state().completion
        if timing.inspected_on is None:
            self.completion_label.hide()
            return
        if timing.late:
            text = self.tr("Completed late: the inspector signed on {date}, {n} days after the due date").format(
                date=timing.inspected_on.isoformat(), n=timing.days_late)
            colours = STATE_COLOURS["done_late"]
        else:
            text = self.tr("Completed on time: the inspector signed on {date}").format(
                date=timing.inspected_on.isoformat())
            colours = STATE_COLOURS["done"]
        self.completion_label.setText(text)
        self.completion_label.setStyleSheet(colour_css(colours) + "padding:2px 8px;font-weight:bold;")
        self.completion_label.show()

    # -- keys --------------------------------------------------------------------------------
    def current_table(self) -> SectionTable | None:
        table = self.tabs.currentWidget()
        return table if isinstance(table, SectionTable) else None

    def focus_sheet(self) -> None:
        """The keyboard starts in the table, on the first item still to fill (or the first item)."""
        table = self.current_table()
        if table is None:
            return
        model = table.section_model()
        first = next(((r, c) for r in range(model.rowCount()) for c in range(FIXED, model.columnCount())
                      if (cell := model.cell(r, c)) is not None and not cell.filled), (0, FIXED))
        if model.rowCount():
            table.setCurrentIndex(model.index(*first))
        table.setFocus()

    def step_section(self, step: int) -> None:
        """The next or previous device class, its table taking the keys."""
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
            self.focus_sheet()

    def _on_autofill_key(self) -> None:
        if self.autofill_button.isEnabled():
            self.autofill()

    def _on_sign_key(self) -> None:
        """The signature this user can give now: 巡检人 on a draft, 审核人 on a signed sheet."""
        if self.inspector_button.isEnabled():
            self.open_sign_dialog(INSPECTOR)
        elif self.reviewer_button.isEnabled() and self.reviewer_button.isVisible():
            self.open_sign_dialog(REVIEWER)

    def _on_print_key(self) -> None:
        if self.state is not None:
            self.print_sheet()

    def _on_preview_key(self) -> None:
        if self.state is not None:
            self.print_preview()

    def _on_export_key(self) -> None:
        if self.state is not None:
            self.export_pdf()

    def _tab_title(self, model: SectionModel) -> str:
        filled, total, abnormal = model.section.counts()
        title = f"{model.section.title} ({len(model.section.rows)})"
        return title + " ⚠" if abnormal else title

    def _update_progress(self) -> None:
        filled, total, abnormal = self.open_state().counts()
        text = self.tr("Filled {filled} of {total}").format(filled=filled, total=total)
        if abnormal:
            text += self.tr(" · {n} abnormal").format(n=abnormal)
        self.progress_label.setText(text)
        self.progress_label.setProperty("state", "done" if filled == total else "")
        repolish(self.progress_label)
        for index, model in enumerate(self.models):
            self.tabs.setTabText(index, self._tab_title(model))

    def _update_buttons(self) -> None:
        state, can = self.open_state(), self.ctx.can
        draft = state.status == "draft"
        self.autofill_button.setEnabled(draft and can(Perm.INSPECT))
        self.inspector_button.setEnabled(draft and can(Perm.INSPECT))
        self.reviewer_button.setEnabled(state.status == "inspected" and can(Perm.REVIEW_INSPECTION))
        self.correct_button.setEnabled(not draft and can(Perm.INSPECT))
        self.revisions_button.setEnabled(state.revision_count > 0)

    def model_for(self, section_key: str) -> SectionModel:
        return next(m for m in self.models if m.section.key == section_key)

    # -- entering values ---------------------------------------------------------------------
    def commit(self, section_key: str, row: int, column: Column, raw: str) -> bool:
        """A value typed or chosen in a cell: stored off the GUI thread (the cell shows it once
        stored), or — when it is abnormal and has no note yet — after the note is written.
        True when the value went to be stored."""
        cell = self.open_state().section(section_key).rows[row].cells[column.key]
        try:
            change = self._parse(column, raw)
        except ValidationError as exc:
            dialogs.show_error(self, str(exc))
            return False
        value = change.get("value")
        abnormal = (change.get("result") in ("abnormal", "na")
                    or (value is not None and column.out_of_range(value)))
        if abnormal and not cell.note:
            self.ask_note(section_key, row, column, change)
            return False
        self._store(section_key, row, column, change, None)
        return True

    def _parse(self, column: Column, raw: str) -> dict:
        text = raw.strip()
        if column.kind == "check":
            return {"result": text}
        if column.kind == "text":
            return {"text": text}
        if not text:
            return {"result": ""}
        if text.lower() in NOT_APPLICABLE:
            return {"result": "na"}
        found = NUMBER.search(text.replace(",", "."))
        if found is None:
            raise ValidationError("value", self.tr("{label}: enter a number, or n/a.").format(label=column.label))
        return {"value": float(found.group())}

    def ask_note(self, section_key: str, row: int, column: Column, change: dict) -> TextDialog:
        device = self.model_for(section_key).section.rows[row]
        limits = format_limits(column.low, column.high, column.unit)
        if change.get("result") == "na":
            question = self.tr("{device} · {item}: say why this item does not apply.")
        elif "value" in change:
            question = self.tr("{device} · {item}: {value} is outside the expected range {range}. "
                               "What was found and what is being done?")
        else:
            question = self.tr("{device} · {item} is abnormal. What was found and what is being done?")
        question = question.format(device=device.asset_tag or device.name, item=column.label,
                                   value=f"{change.get('value', 0):g} {column.unit}".strip(), range=limits)
        if self.note_dialog is not None:
            self.note_dialog.deleteLater()
        self.note_dialog = TextDialog(self.tr("Note required"), question,
                                      self.tr("e.g. filter cleaned, vendor called, re-measured at 14:00"),
                                      lambda note: self._on_note_given(section_key, row, column, change, note),
                                      parent=self)
        self.note_dialog.open()
        return self.note_dialog

    def _on_note_given(self, section_key: str, row: int, column: Column, change: dict, note: str) -> None:
        self._store(section_key, row, column, change, note)

    def _store(self, section_key: str, row: int, column: Column, change: dict, note: str | None) -> None:
        cell = self.open_state().section(section_key).rows[row].cells[column.key]
        user, entry_id, version = self.ctx.user, cell.entry_id, cell.version
        if entry_id is None:
            raise ValueError("a cell of a frozen revision cannot be entered")  # the open sheet's cells all have one
        self._ask()  # a read already out may not have this value: not shown over it
        (Write(self, self.ctx.store, lambda s: enter_cell(s, user, entry_id, column, note=note,
                                                          expected_version=version, **change), feed=self.feed)
         .success(lambda stored: self._on_stored(section_key, row, column, stored))
         .failure(lambda exc: self._on_store_failed(section_key, row, column, change, note, exc))
         .run())

    def _on_stored(self, section_key: str, row: int, column: Column, stored: Cell) -> None:
        if self.state is None:
            return
        self.state = self.state.with_cell(section_key, row, column.key, stored)
        self.model_for(section_key).update_cell(row, column.key, stored)
        self._update_progress()

    def _on_store_failed(self, section_key: str, row: int, column: Column, change: dict, note: str | None,
                         exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.field == "note" and note is None:
            self.ask_note(section_key, row, column, change)  # abnormal by the sheet's own range
            return
        dialogs.show_error(self, failure_words(exc))
        self.reload()  # what the sheet holds now (someone else's value, a signature meanwhile)

    def _on_autofill_clicked(self) -> None:
        self.autofill()

    def autofill(self) -> bool:
        """Fill what the monitor read, off the GUI thread; says how many items. True when started."""
        user, inspection_id = self.ctx.user, self.open_state().id
        (Write(self, self.ctx.store,
               lambda s: inspection_ops.autofill(s, user, inspection_ops.get_sheet(s, inspection_id)),
               button=self.autofill_button, feed=self.feed)
         .success(self._on_autofilled).run())
        return True

    def _on_autofilled(self, count: int) -> None:
        self.reload()
        dialogs.show_done(self, self.tr("{n} items filled from the monitor's latest readings.").format(n=count))

    # -- findings ----------------------------------------------------------------------------
    def _on_findings_edited(self) -> None:
        self.save_findings_button.setEnabled(not self.findings_edit.isReadOnly())

    def _on_save_findings_clicked(self) -> None:
        self.save_findings()

    def save_findings(self, then: Callable[[], object] | None = None) -> bool:
        """Store findings and advice off the GUI thread; ``then()`` runs once they are stored."""
        state = self.open_state()
        user, inspection_id, version = self.ctx.user, state.id, state.version
        findings, advice = self.findings_edit.toPlainText(), self.advice_edit.toPlainText()
        self._ask()
        (Write(self, self.ctx.store,
               lambda s: inspection_ops.set_findings(s, user, inspection_id, findings, advice,
                                                     expected_version=version).version,
               button=self.save_findings_button, feed=self.feed)
         .success(lambda new_version: self._on_findings_saved(findings, advice, new_version, then)).run())
        return True

    def _on_findings_saved(self, findings: str, advice: str, version: int,
                           then: Callable[[], object] | None) -> None:
        if self.state is not None:
            self.state = dataclasses.replace(self.state, findings=findings.strip(), advice=advice.strip(),
                                             version=version)
        edited = (self.findings_edit.toPlainText(), self.advice_edit.toPlainText()) != (findings, advice)
        self.save_findings_button.setEnabled(edited and not self.findings_edit.isReadOnly())
        if then is not None:
            then()

    # -- signing and corrections -------------------------------------------------------------
    def _on_sign_inspector_clicked(self) -> None:
        self.open_sign_dialog(INSPECTOR)

    def _on_sign_reviewer_clicked(self) -> None:
        self.open_sign_dialog(REVIEWER)

    def open_sign_dialog(self, meaning: str) -> SignDialog | None:
        if self.state is None:
            return None
        if self.save_findings_button.isEnabled():  # what was written goes into what is signed
            self.save_findings(then=lambda: self.open_sign_dialog(meaning))
            return None
        if self.sign_dialog is not None:
            self.sign_dialog.deleteLater()
        self.sign_dialog = SignDialog(self.ctx, self.state.id, meaning, f"{self.state.site_name} {self.state.title}",
                                      parent=self)
        self.sign_dialog.sig_signed.connect(self._on_signed)
        self.sign_dialog.open()
        return self.sign_dialog

    def _on_signed(self, inspection_id: int) -> None:
        self.reload()
        self.sig_sheet_changed.emit(inspection_id)

    def _on_correct_clicked(self) -> None:
        self.open_correction()

    def open_correction(self) -> TextDialog:
        if self.correction_dialog is not None:
            self.correction_dialog.deleteLater()
        self.correction_dialog = TextDialog(
            self.tr("Correct a signed sheet"),
            self.tr("The signed revision stays readable. The sheet opens for changes and must be signed again by "
                    "both; the new revision keeps this reason."),
            self.tr("Why the signed sheet must change"), self.correct, ok_text=self.tr("Start correction"), parent=self)
        self.correction_dialog.open()
        return self.correction_dialog

    def correct(self, reason: str) -> bool:
        """Open the signed sheet for a correction, off the GUI thread. True when started."""
        user, inspection_id = self.ctx.user, self.open_state().id
        (Write(self, self.ctx.store, lambda s: inspection_ops.correct(s, user, inspection_id, reason).id,
               button=self.correct_button, feed=self.feed)
         .success(self._on_corrected).run())
        return True

    def _on_corrected(self, inspection_id: int) -> None:
        self.reload()
        self.sig_sheet_changed.emit(inspection_id)

    def _on_revisions_clicked(self) -> None:
        self.open_revisions()

    def open_revisions(self) -> bool:
        """Read the signed revisions off the GUI thread and show them (:attr:`sig_revisions_shown`)."""
        state = self.open_state()
        inspection_id, tz = state.id, state.tz
        (Query(self, self.ctx.store, lambda s: load_revisions(s, inspection_id, tz, signed_only=True),
               button=self.revisions_button)
         .success(self._on_revisions_read).run())
        return True

    def _on_revisions_read(self, found: tuple[RevisionInfo, ...]) -> None:
        state = self.open_state()
        if self.revisions_dialog is not None:
            self.revisions_dialog.deleteLater()
        self.revisions_dialog = RevisionsDialog(list(found), f"{state.site_name} {state.title}",
                                                self.export_revision, parent=self)
        self.revisions_dialog.show()
        self.sig_revisions_shown.emit(self.revisions_dialog)

    # -- paper -------------------------------------------------------------------------------
    def suggested_name(self, suffix: str = "") -> str:
        state = self.open_state()
        return f"{state.site_name}-{state.title.replace(' ', '-')}{suffix}.pdf"

    def _on_export_clicked(self) -> None:
        self.export_pdf()

    def writer(self, revision: int | None = None, blank: bool = False) -> Callable[[Path], None]:
        """What writes the open sheet's PDF (or its blank form) into a file, off the GUI thread."""
        store, state = self.ctx.store, self.open_state()

        def write(out: Path) -> None:
            if blank:
                printing.write_blank_pdf(store, state.site_id, state.kind, state.period, out)
            else:
                printing.write_sheet_pdf(store, state.site_id, state.kind, state.period, out, revision)
        return write

    def export_pdf(self) -> bool:
        return self.pdf.save(self.tr("Export inspection sheet"), self.suggested_name(), self.writer())

    def export_revision(self, revision: int) -> bool:
        return self.pdf.save(self.tr("Export inspection sheet"), self.suggested_name(f"-v{revision}"),
                             self.writer(revision))

    def _on_blank_clicked(self) -> None:
        self.export_blank()

    def export_blank(self) -> bool:
        return self.pdf.save(self.tr("Blank inspection form"), self.suggested_name(self.tr("-blank")),
                             self.writer(blank=True))

    def _on_preview_clicked(self) -> None:
        self.print_preview()

    def print_preview(self) -> bool:
        return self.printing.preview(self.writer())

    def _on_print_clicked(self) -> None:
        self.print_sheet()

    def print_sheet(self) -> bool:
        return self.printing.print(self.writer())
