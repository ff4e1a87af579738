"""核验纸质表: the result of checking an exported or scanned-back PDF (an inspection sheet or
a shift log) against the stored signed record — matches, does not match (with the lines that differ), or unknown."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QListWidget, QWidget

from opsdesk.ops.papers import drawn_by
from opsdesk.reports.verify import VerifyResult
from opsdesk.ui.dialogs import FormDialog
from opsdesk.ui.inspections.labels import STATE_COLOURS, colour_css, meaning_label
from opsdesk.ui.labels import role_label

VERDICT_COLOURS = {"match": STATE_COLOURS["done"], "mismatch": STATE_COLOURS["overdue"],
                   "unknown": STATE_COLOURS["in_progress"], "cannot_verify": STATE_COLOURS["in_progress"]}


class VerifyResultDialog(FormDialog):
    """Shows one VerifyResult (opsdesk.reports.verify)."""

    def __init__(self, result: VerifyResult, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyResultDialog")
        self.setWindowTitle(self.tr("Check a printed sheet"))
        self.setMinimumWidth(620)
        self.verify_result = result
        # The tests read dialog.result; drop this alias once they read verify_result.
        self.result = result  # type: ignore[method-assign, assignment]  # hides QDialog.result(), never called here
        self.verdict_label = QLabel(self.verdict_text())
        self.verdict_label.setObjectName("verdictLabel")
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setStyleSheet(colour_css(VERDICT_COLOURS.get(result.status, VERDICT_COLOURS["unknown"]))
                                         + "font-size:13pt;font-weight:bold;padding:10px 12px;border-radius:4px;")
        self.explain_label = QLabel(self.explanation())
        self.explain_label.setObjectName("hintLabel")
        self.explain_label.setWordWrap(True)
        form = QFormLayout()
        self.file_label = QLabel(self.tr("{name} (PDF file)").format(name=file_name))
        self.file_label.setObjectName("fileLabel")
        form.addRow(self.tr("File"), self.file_label)
        if result.title:
            form.addRow(self.tr("Record"), QLabel(result.title))
        if result.revision is not None:
            revision = self.tr("Revision {n}").format(n=result.revision)
            if result.reason:
                revision += self.tr(" (correction: {reason})").format(reason=result.reason)
            form.addRow(self.tr("Revision"), QLabel(revision))
        if result.code:
            form.addRow(self.tr("Verification code"), self._copyable(result.code, "codeField"))
        for signer in result.signers:
            form.addRow(meaning_label(signer.meaning), QLabel(self.tr("{name} ({role}), signed {time}").format(
                name=signer.printed_name, role=role_label(signer.role), time=signer.signed_at)))
        if result.signed_hash:
            form.addRow(self.tr("Signed hash"), self._copyable(result.signed_hash, "hashField"))
        if result.status == "match" and result.drawing is not None:
            self.drawing_label = QLabel(drawn_by(result))
            self.drawing_label.setObjectName("drawingLabel")
            self.drawing_label.setWordWrap(True)
            form.addRow(self.tr("Paper"), self.drawing_label)
        for note in result.notes:
            label = QLabel(note)
            label.setObjectName("noteLabel")
            label.setWordWrap(True)
            form.addRow(self.tr("Note"), label)
        self.difference_list = QListWidget()
        self.difference_list.setObjectName("differenceList")
        for diff in result.differences:
            where = self.tr("Page {n}").format(n=diff.page) if diff.page else self.tr("Page count")
            text = self.tr("{where}: the record says “{expected}”, the paper says “{found}”").format(
                where=where, expected=diff.expected or "—", found=diff.found or "—")
            self.difference_list.addItem(text)
        self.difference_list.setVisible(bool(result.differences))
        self.body.addWidget(self.verdict_label)
        self.body.addWidget(self.explain_label)
        self.body.addLayout(form)
        self.body.addWidget(self.difference_list)
        self.add_close_row(accept=True)

    @staticmethod
    def _copyable(text: str, name: str) -> QLineEdit:
        """A code or hash one may copy into a message."""
        field = QLineEdit(text)
        field.setObjectName(name)
        field.setReadOnly(True)
        field.setCursorPosition(0)
        return field

    def verdict_text(self) -> str:
        if self.verify_result.status == "match":
            return self.tr("Matches the stored signed record")
        if self.verify_result.status == "mismatch":
            return self.tr("Does NOT match the stored record")
        if self.verify_result.status == "cannot_verify":
            return self.tr("Cannot verify: the pages could not be compared as they look")
        return self.tr("Unknown: no stored record for this paper")

    def explanation(self) -> str:
        status, detail = self.verify_result.status, self.verify_result.detail
        if status == "match":
            return self.tr("Every page reads exactly as the stored revision prints.")
        if status == "mismatch" and detail == "record_damaged":
            return self.tr("The stored record no longer matches its own signatures. Tell the administrator.")
        if status == "mismatch":
            return self.tr("The paper differs from what was signed: a value was changed or written over.")
        if status == "cannot_verify":
            return self.tr("Its text reads as the stored revision, but without pdftoppm (poppler-utils) the pages "
                           "cannot be compared as they look, so a covered value would go unnoticed: this is no "
                           "proof. Ask the administrator to install poppler-utils, then check the paper again.")
        if detail == "not_pdf":
            return self.tr("The file is not a readable PDF.")
        if detail == "no_code":
            return self.tr("No verification code was found on the pages: this is not an OpsDesk sheet, or the code "
                           "was removed.")
        return self.tr("The verification code on the paper belongs to no signed record in this database.")
