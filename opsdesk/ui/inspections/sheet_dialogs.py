"""Small dialogs of the sheet editor: the note an abnormal value needs, the reason of a
correction, and the signed revisions read back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from opsdesk.models import labels
from opsdesk.ops.inspection_sheet import RevisionInfo, sections_of_snapshot
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.inspections.labels import meaning_label
from opsdesk.ui.inspections.sheet_table import SectionModel, SectionTable


class TextDialog(FormDialog):
    """One question, one text answer; ``on_ok(text)`` runs when the user confirms."""

    def __init__(self, title: str, question: str, placeholder: str, on_ok: Callable[[str], object],
                 text: str = "", ok_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self._on_ok = on_ok
        label = QLabel(question)
        label.setObjectName("dialogQuestion")
        label.setWordWrap(True)
        self.text_edit = QPlainTextEdit(text)
        self.text_edit.setObjectName("dialogText")
        self.text_edit.setPlaceholderText(placeholder)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(90)
        self.text_edit.textChanged.connect(self._on_text_changed)
        self.body.addWidget(label)
        self.body.addWidget(self.text_edit)
        self.add_button_row(ok_text or self.tr("OK"), self._on_ok_clicked, default=False)
        self.ok_button.setToolTip("Ctrl+Enter")
        for key in ("Ctrl+Return", "Ctrl+Enter"):  # Enter makes a new line in the answer
            QShortcut(QKeySequence(key), self).activated.connect(self._on_ok_clicked)
        QWidget.setTabOrder(self.text_edit, self.ok_button)  # Tab from the answer goes to OK
        self._on_text_changed()
        self.text_edit.setFocus()

    def _on_text_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def _on_ok_clicked(self) -> None:
        text = self.text_edit.toPlainText().strip()
        if text:
            self.accept()
            self._on_ok(text)


class RevisionsDialog(FormDialog):
    """Every signed revision of a sheet, each readable as it was signed."""

    def __init__(self, revisions: list[RevisionInfo], title: str, on_export: Callable[[int], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, margins=None, spacing=-1)
        self.setObjectName("revisionsDialog")
        self.setWindowTitle(self.tr("Revisions · {title}").format(title=title))
        self.resize(1100, 700)
        self.revisions = revisions
        self._on_export = on_export
        self.list = QListWidget()
        self.list.setObjectName("revisionList")
        for info in revisions:
            names = labels.listing(f"{meaning_label(s.meaning)} {s.printed_name}" for s in info.signatures) or "—"
            text = self.tr("Revision {n} · {time}\n{names}").format(n=info.revision, time=info.created_at, names=names)
            if info.reason:
                text += "\n" + self.tr("Correction: {reason}").format(reason=info.reason)
            self.list.addItem(QListWidgetItem(text))
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.detail = QLabel()
        self.detail.setObjectName("revisionDetail")
        self.detail.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("revisionTabs")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.tabs, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([280, 820])
        self.export_button = QPushButton(self.tr("Export this revision as PDF…"))
        self.export_button.setObjectName("exportRevisionButton")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.body.addWidget(splitter, 1)
        self.add_close_row(self.export_button)
        if revisions:
            self.list.setCurrentRow(len(revisions) - 1)

    def current(self) -> RevisionInfo | None:
        row = self.list.currentRow()
        return self.revisions[row] if 0 <= row < len(self.revisions) else None

    def _on_row_changed(self, row: int) -> None:
        info = self.current()
        self.tabs.clear()
        if info is None:
            return
        snap = info.snapshot
        lines = [self.tr("Revision {n}, frozen {time} by {who}").format(n=info.revision, time=info.created_at,
                                                                      who=info.created_by)]
        for s in info.signatures:
            lines.append(self.tr("{meaning}: {name}, {time}").format(meaning=meaning_label(s.meaning),
                                                                   name=s.printed_name, time=s.signed_at))
        if snap.get("findings"):
            lines.append(self.tr("Findings: {text}").format(text=snap["findings"]))
        if snap.get("advice"):
            lines.append(self.tr("Advice: {text}").format(text=snap["advice"]))
        self.detail.setText("\n".join(lines))
        for section in sections_of_snapshot(snap):
            self.tabs.addTab(SectionTable(SectionModel(section, editable=False)), section.title)

    def _on_export_clicked(self) -> None:
        info = self.current()
        if info is not None:
            self._on_export(info.revision)
