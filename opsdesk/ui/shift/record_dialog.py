"""A shift's record, read-only: the checklist as it stands and each signed revision
as it was signed, with who signed and why a revision was made."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models import labels
from opsdesk.ops.shift_rows import ItemRow, Revision, ShiftRecord, ShiftState
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.labels import shift_code_label, shift_status_label
from opsdesk.ui.pdf_print import PdfPrinting
from opsdesk.ui.shift.checklist import ChecklistView
from opsdesk.ui.shift.printing import print_shift_log
from opsdesk.ui.style import repolish

CURRENT = -1  # the list entry for the record as it stands


class ShiftRecordDialog(QDialog):
    """One past (or current) shift, nothing editable; shows a record read beforehand
    (:func:`opsdesk.ops.shift_rows.shift_record`)."""

    def __init__(self, ctx: ConsoleContext, record: ShiftRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftRecordDialog")
        self.ctx = ctx
        self.printing = PdfPrinting(self)
        self.record = record
        self.state: ShiftState = record.state
        self._names = record.names
        state = self.state
        self.setWindowTitle(self.tr("Shift record {day} {shift}").format(day=state.day.isoformat(),
                                                                         shift=shift_code_label(state.code)))
        self.resize(1320, 800)

        heading = QLabel(self.tr("{site} · {day} {shift} {window}").format(
            site=state.site_name, day=state.day.isoformat(), shift=shift_code_label(state.code),
            window=state.window_text()))
        heading.setObjectName("shiftHeading")
        badge = QLabel(shift_status_label(state.status))
        badge.setObjectName("shiftStatusBadge")
        badge.setProperty("state", state.status)
        repolish(badge)
        names = self._names
        people = self.tr("On duty: {people}").format(people=labels.listing(state.on_duty_names) or "—")
        if state.outgoing:
            people += "　" + self.tr("Outgoing: {name}").format(name=names.get(state.outgoing, state.outgoing))
        if state.incoming:
            people += "　" + self.tr("Incoming: {name}").format(name=names.get(state.incoming, state.incoming))
        people_label = QLabel(people)
        people_label.setObjectName("shiftPeople")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(10)
        top.addWidget(badge)
        top.addStretch(1)

        self.revision_list = QListWidget()
        self.revision_list.setObjectName("revisionList")
        self.revision_list.setWordWrap(True)
        self.revision_list.setSpacing(2)
        self.revision_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.revision_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        current = QListWidgetItem(self.tr("The record as it stands"))
        current.setData(Qt.ItemDataRole.UserRole, CURRENT)
        self.revision_list.addItem(current)
        for revision in state.revisions:
            item = QListWidgetItem(self._revision_text(revision))
            item.setData(Qt.ItemDataRole.UserRole, revision.revision)
            self.revision_list.addItem(item)
        self.revision_list.currentRowChanged.connect(self._on_revision_changed)
        revisions_box = QWidget()
        side = QVBoxLayout(revisions_box)
        side.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("Signed revisions ({n})").format(n=len(state.revisions)))
        caption.setObjectName("checkGroup")
        side.addWidget(caption)
        side.addWidget(self.revision_list, 1)
        self.notes_label = QLabel()
        self.notes_label.setObjectName("handoverNotesLabel")
        self.notes_label.setWordWrap(True)
        side.addWidget(self.notes_label)

        self.checklist = ChecklistView()
        self.checklist.set_read_only(True)
        splitter = QSplitter()
        splitter.addWidget(revisions_box)
        splitter.addWidget(self.checklist)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1040])

        print_button = QPushButton(self.tr("&Print handover record…"))
        print_button.setObjectName("printShiftButton")
        print_button.clicked.connect(self._on_print_clicked)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.accept)
        close.setDefault(True)  # Enter closes, as Escape does
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(print_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(people_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.revision_list.setCurrentRow(len(state.revisions) if state.signed else 0)
        self.revision_list.setFocus()  # ↑ ↓ go through the revisions; Tab reaches the checklist

    def _revision_text(self, revision: Revision) -> str:
        lines = [self.tr("Revision {n} · {time}").format(n=revision.revision, time=revision.created_at)]
        if revision.reason:
            lines.append(self.tr("Reason: {reason}").format(reason=revision.reason))
        if revision.signers:
            lines += [f"{s.meaning} {s.name} {s.signed_at}" for s in revision.signers]
        else:
            lines.append(self.tr("Not signed yet"))
        return "\n".join(lines)

    def shown_revision(self) -> int:
        item = self.revision_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else CURRENT

    def rows_for(self, revision: int) -> list[ItemRow]:
        if revision == CURRENT:
            return list(self.state.rows)
        return self.record.rows_of_revision(revision)

    def _on_revision_changed(self, _row: int) -> None:
        revision = self.shown_revision()
        self.checklist.set_rows(self.rows_for(revision))
        self.checklist.set_read_only(True)
        if revision == CURRENT:
            notes = self.state.handover_notes
        else:
            notes = next(r for r in self.state.revisions if r.revision == revision).snapshot.get("handover_notes", "")
        self.notes_label.setText(self.tr("Handover notes: {notes}").format(notes=notes) if notes else "")
        self.notes_label.setVisible(bool(notes))

    def _on_print_clicked(self) -> None:
        print_shift_log(self, self.printing, self.ctx, self.state)
