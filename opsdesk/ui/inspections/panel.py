"""巡检: the calendar of what is due, done and overdue, the reviewer's queue (待我审核, for
those who sign as 审核人), and the sheet of one inspection; checking a printed sheet against
the stored record is one button away."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from opsdesk.models.users import Perm
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ops.verify import verify
from opsdesk.ui import dialogs
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.inspections.calendar_view import CalendarPage
from opsdesk.ui.inspections.labels import failure_words
from opsdesk.ui.inspections.review_queue import ReviewQueuePage
from opsdesk.ui.inspections.sheet_editor import SheetEditor
from opsdesk.ui.inspections.verify_dialog import VerifyResultDialog
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.operations import Query, Write
from opsdesk.ui.pdf_export import PDF_FILTER

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
        self.pages = QTabWidget()
        self.pages.setObjectName("inspectionPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.calendar, self.tr("Calendar"))
        self.queue: ReviewQueuePage | None = None
        if ctx.can(Perm.REVIEW_INSPECTION):
            self.queue = ReviewQueuePage(ctx)
            self.queue.sig_sheet_requested.connect(self.open_sheet)
            self.queue.sig_count_changed.connect(self._on_queue_counted)
            self.pages.addTab(self.queue, self._queue_title(0))
            self.queue.reload()
        self.pages.currentChanged.connect(self._on_page_changed)
        # The lists take Ctrl+PgDown themselves (a page down): the tab bar's keys made explicit.
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            action = QAction(self.pages)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, step=step: self.step_page(step))
            self.pages.addAction(action)
        self.editor = SheetEditor(ctx)
        self.editor.sig_back_requested.connect(self.show_calendar)
        self.editor.sig_sheet_changed.connect(self._on_sheet_changed)
        self.editor.sig_sheet_opened.connect(self._on_sheet_opened)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pages)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    # -- pages --------------------------------------------------------------------------------
    def focus_first(self) -> None:
        """The main window's hook (Ctrl+number): the keyboard goes to the open sheet's table,
        else to the list of the calendar or 待我审核, where Ctrl+PgDn turns the page."""
        table = self.editor.current_table()
        if self.stack.currentWidget() is self.editor and table is not None:
            table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.pages.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_calendar(self) -> None:
        """Back from a sheet: the calendar or the queue, whichever was open, read again."""
        self.calendar.reload()
        if self.queue is not None:
            self.queue.reload()
        self.stack.setCurrentIndex(PAGE_CALENDAR)
        self.pages.currentWidget().setFocus()

    def show_queue(self) -> bool:
        """待我审核 in front (for a reviewer); False for one who does not review."""
        if self.queue is None:
            return False
        self.stack.setCurrentIndex(PAGE_CALENDAR)
        self.pages.setCurrentWidget(self.queue)
        self.queue.setFocus()
        return True

    def step_page(self, step: int) -> None:
        """The next or previous of 巡检日历 / 待我审核, its list taking the keys."""
        self.pages.setCurrentIndex((self.pages.currentIndex() + step) % self.pages.count())
        self.pages.currentWidget().setFocus()

    def _queue_title(self, count: int) -> str:
        return self.tr("Awaiting my review ({n})").format(n=count) if count else self.tr("Awaiting my review")

    def _on_queue_counted(self, count: int) -> None:
        if self.queue is not None:  # always: only the queue's own signal calls this
            self.pages.setTabText(self.pages.indexOf(self.queue), self._queue_title(count))

    def _on_page_changed(self, _index: int) -> None:
        if self.pages.currentWidget() is self.queue:
            self.queue.reload()

    def open_due(self, item) -> bool:
        """Open (or start) the sheet of a due item, off the GUI thread; the sheet shows when it
        is read (:attr:`SheetEditor.sig_sheet_opened`). True when started."""
        if item.inspection_id is not None:
            return self.open_sheet(item.inspection_id)
        user = self.ctx.user
        (Write(self, self.ctx.store, lambda s: inspection_ops.open_sheet(s, user, item.site_id, item.kind,
                                                                        item.period).id,
               button=self.calendar.open_button, feed=live_feed(self.ctx.store))
         .success(self.open_sheet).run())
        return True

    def open_sheet(self, inspection_id: int) -> bool:
        """Read one sheet and show it (when read). True when started."""
        self.editor.open_sheet(inspection_id)
        return True

    def _on_sheet_opened(self, _inspection_id: int) -> None:
        self.stack.setCurrentIndex(PAGE_SHEET)
        self.editor.focus_sheet()

    def _on_sheet_requested(self, item) -> None:
        self.open_due(item)

    def _on_sheet_changed(self, _inspection_id: int) -> None:
        """Signed or corrected here: the lists follow at once (the feed tells them too, but
        only while they are shown)."""
        self.calendar.reload()
        if self.queue is not None:
            self.queue.reload()

    # -- checking a paper ---------------------------------------------------------------------
    def _on_verify_clicked(self) -> None:
        self.verify_pdf()

    def verify_pdf(self, path: str | None = None) -> bool:
        """Choose a PDF and check it in the background; the result opens in a dialog."""
        path = path or dialogs.ask_open_path(self, self.tr("Check a printed sheet"), PDF_FILTER)
        if not path or self._verifying:
            return False
        self._verifying = path
        (Query(self, self.ctx.store, lambda s: verify(s, Path(path)), button=self.verify_button)
         .success(self._on_verified).failure(self._on_verify_failed).run())
        return True

    def _on_verified(self, result) -> None:
        name, self._verifying = Path(self._verifying).name, ""
        if self.verify_dialog is not None:
            self.verify_dialog.deleteLater()
        self.verify_dialog = VerifyResultDialog(result, name, parent=self)
        self.verify_dialog.open()

    def _on_verify_failed(self, exc: BaseException) -> None:
        self._verifying = ""
        dialogs.show_error(self, failure_words(exc))
