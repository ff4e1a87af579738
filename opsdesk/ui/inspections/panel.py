"""巡检: the calendar of what is due, done and overdue, and the sheet of one inspection;
checking a printed sheet against the stored record is one button away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from opsdesk.ops import inspection as inspection_ops
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections import printing
from opsdesk.ui.inspections.calendar_view import CalendarPage
from opsdesk.ui.inspections.sheet_editor import SheetEditor
from opsdesk.ui.inspections.verify_dialog import VerifyResultDialog
from opsdesk.ui.pdf_export import PDF_FILTER
from opsdesk.ui.worker import run_in_background

PAGE_CALENDAR, PAGE_SHEET = 0, 1


class InspectionsPanel(QWidget):
    """The inspections screen."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verify_dialog: VerifyResultDialog | None = None
        self._verifying = ""
        title = QLabel(self.tr("Inspections"))
        title.setObjectName("panelTitle")
        self.verify_button = QPushButton(self.tr("Check a printed sheet…"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(self.tr("Choose an exported PDF: does it match the stored signed record?"))
        self.verify_button.clicked.connect(self._on_verify_clicked)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.verify_button)

        self.calendar = CalendarPage(ctx)
        self.calendar.sig_sheet_requested.connect(self._on_sheet_requested)
        self.editor = SheetEditor(ctx)
        self.editor.sig_back_requested.connect(self.show_calendar)
        self.editor.sig_sheet_changed.connect(self._on_sheet_changed)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.calendar)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    # -- pages --------------------------------------------------------------------------------
    def show_calendar(self) -> None:
        self.calendar.reload()
        self.stack.setCurrentIndex(PAGE_CALENDAR)

    def open_due(self, item) -> bool:
        """Open (or start) the sheet of a due item."""
        try:
            if item.inspection_id is not None:
                inspection_id = item.inspection_id
            else:
                with self.ctx.store.write() as session:
                    inspection_id = inspection_ops.open_sheet(session, self.ctx.user, item.site_id, item.kind,
                                                              item.period).id
        except Exception as exc:  # noqa: BLE001
            dialogs.show_error(self, dialogs.error_text(exc))
            return False
        return self.open_sheet(inspection_id)

    def open_sheet(self, inspection_id: int) -> bool:
        if not self.editor.open_sheet(inspection_id):
            return False
        self.stack.setCurrentIndex(PAGE_SHEET)
        return True

    def _on_sheet_requested(self, item) -> None:
        self.open_due(item)

    def _on_sheet_changed(self, _inspection_id: int) -> None:
        self.calendar.reload()

    # -- checking a paper ---------------------------------------------------------------------
    def _on_verify_clicked(self) -> None:
        self.verify_pdf()

    def verify_pdf(self, path: str | None = None) -> bool:
        """Choose a PDF and check it in the background; the result opens in a dialog."""
        path = path or dialogs.ask_open_path(self, self.tr("Check a printed sheet"), PDF_FILTER)
        if not path or self._verifying:
            return False
        self._verifying = path
        self.verify_button.setEnabled(False)
        store = self.ctx.store
        run_in_background(lambda: printing.verify_file(store, Path(path)), self._on_verified, self._on_verify_failed)
        return True

    def _on_verified(self, result) -> None:
        name, self._verifying = Path(self._verifying).name, ""
        self.verify_button.setEnabled(True)
        if self.verify_dialog is not None:
            self.verify_dialog.deleteLater()
        self.verify_dialog = VerifyResultDialog(result, name, parent=self)
        self.verify_dialog.open()

    def _on_verify_failed(self, exc: BaseException) -> None:
        self._verifying = ""
        self.verify_button.setEnabled(True)
        dialogs.show_error(self, dialogs.error_text(exc))
