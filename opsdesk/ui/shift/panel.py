"""值班: the shift being worked (当前班次) and the month of past shifts (历史记录);
supervisors also reach the checklist template from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QTabBar, QVBoxLayout, QWidget

from opsdesk.models.users import Perm
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.shift.duty_page import DutyPage
from opsdesk.ui.shift.history import HistoryPage

if TYPE_CHECKING:
    from opsdesk.ui.shift.template_editor import TemplateEditor

TAB_DUTY, TAB_HISTORY = 0, 1


class ShiftPanel(QWidget):
    """The duty room's shift screen."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template_editor: TemplateEditor | None = None
        title = QLabel(self.tr("Shift"))
        title.setObjectName("panelTitle")
        self.tabs = QTabBar()
        self.tabs.setObjectName("shiftTabs")
        self.tabs.setDrawBase(False)
        self.tabs.addTab(self.tr("&Current shift"))  # Alt+C / Alt+I switch, as do the arrows on the tabs
        self.tabs.addTab(self.tr("H&istory"))
        self.template_button = QPushButton(self.tr("Checklist te&mplate…"))
        self.template_button.setObjectName("templateButton")
        self.template_button.clicked.connect(self._on_template_clicked)
        self.template_button.setVisible(ctx.can(Perm.EDIT_CHECKLIST))

        self.duty = DutyPage(ctx)
        self.history = HistoryPage(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.duty)
        self.stack.addWidget(self.history)
        self.tabs.currentChanged.connect(self._on_tab_changed)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(24)
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def show_history(self, history: bool) -> None:
        self.tabs.setCurrentIndex(TAB_HISTORY if history else TAB_DUTY)

    def focus_first(self) -> None:
        """The main window's hook (Ctrl+number): the keyboard goes to the shown page."""
        page: DutyPage | HistoryPage = self.duty if self.stack.currentIndex() == TAB_DUTY else self.history
        page.focus_first()

    def _on_tab_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        if not self.tabs.hasFocus():  # by Alt+C / Alt+I: go to the page; arrows on the tabs stay there
            self.focus_first()

    def _on_template_clicked(self) -> None:
        self.open_template_editor()

    def open_template_editor(self) -> TemplateEditor | None:
        from opsdesk.ui.shift.template_editor import TemplateEditor

        if not self.ctx.can(Perm.EDIT_CHECKLIST):
            return None
        if self.template_editor is not None:
            self.template_editor.close()
            self.template_editor.deleteLater()
        self.template_editor = TemplateEditor(self.ctx, parent=self)
        self.template_editor.open()
        return self.template_editor
