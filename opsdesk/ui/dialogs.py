"""Message boxes and file choosers, in one place so that tests can replace them,
and :class:`FormDialog`, the frame of the console's own small dialogs.

Boxes are opened with ``open()`` (window-modal, no nested event loop): the
caller goes on, and a confirmation calls back when the user says yes.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from opsdesk import environment
from opsdesk.models.users import AuthError, PermissionDenied
from opsdesk.ops.errors import OpError
from opsdesk.vault import VaultError


def error_text(exc: BaseException) -> str:
    """What to tell the user about an exception: the operation's own message when it
    has one ready; an environment error (a full or read-only disk, a locked database, no
    permission, a bad path: ``opsdesk.environment``) in its sentence with the file's name,
    and also in a dialog (:func:`show_environment_problem`); else the kind of failure in one line."""
    # VaultError: the key file missing or another database's — said with its name and what to do
    if isinstance(exc, (OpError, PermissionDenied, AuthError, ValueError, VaultError)) and str(exc):
        return str(exc)
    found = environment.describe(exc)
    if found is not None:
        show_environment_problem(found)
        return str(found)
    text = str(exc).strip()
    detail = text.splitlines()[0] if text else type(exc).__name__
    return QCoreApplication.translate("Dialogs", "Unexpected error: {detail}").format(detail=detail)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("messageBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


_environment_box: QMessageBox | None = None


def show_environment_problem(found: environment.EnvironmentProblem) -> QMessageBox:
    """A full or read-only disk, a locked database, no permission concern the whole console, not
    the one field where a write failed: said in a box over the active window too, once while
    it is open (a screen refreshing on a timer does not stack boxes), never only on stderr."""
    global _environment_box
    box = _environment_box
    if box is not None and shiboken6.isValid(box) and box.isVisible() and box.text() == str(found):
        return box
    title = QCoreApplication.translate("Dialogs", "Disk or file problem")
    box = _box(QApplication.activeWindow(), QMessageBox.Icon.Critical, title, str(found))
    box.setObjectName("environmentBox")
    _environment_box = box
    box.open()
    return box


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    box = _environment_box
    if box is not None and shiboken6.isValid(box) and box.isVisible() and box.text() == text:
        return box  # already said in the environment box
    title = title or QCoreApplication.translate("Dialogs", "Could not do this")
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    box.open()
    return box


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title or QCoreApplication.translate("Dialogs", "Done"), text)
    box.open()
    return box


def show_done(parent: QWidget | None, text: str) -> None:
    """Tell the user a thing was done (saved, written, changed) without stopping them: the
    main window's notice in its corner and status bar, which fades by itself. Only where no
    console window is open (a bare dialog in a test) is it a non-modal box."""
    window = parent.window() if parent is not None else None
    notifier = getattr(window, "notifier", None)
    if notifier is None:
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            notifier = getattr(widget, "notifier", None)
            if notifier is not None and widget.isVisible():
                break
        else:
            notifier = None
    if notifier is not None:
        notifier.report_done(text)
        return
    box = _box(parent, QMessageBox.Icon.Information, QCoreApplication.translate("Dialogs", "Done"), text)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()


def confirm(parent: QWidget | None, text: str, on_yes: Callable[[], object], title: str | None = None) -> QMessageBox:
    """Ask a yes/no question; ``on_yes`` runs only if the user says yes (what it returns is not used)."""
    box = QMessageBox(QMessageBox.Icon.Question, title or QCoreApplication.translate("Dialogs", "Please confirm"), text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("confirmBox")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _on_finished(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(_on_finished)
    box.open()
    return box


def ask_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    """A file name to write, or "" if the user cancelled. Qt's own dialog in the
    console's language (opsdesk.ui.qt_language), not the desktop's."""
    from opsdesk.ui.qt_language import choose_path

    return choose_path(parent, title, file_filter, save=True, suggested=suggested)


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> str:
    """A file name to read, or "" if the user cancelled (as :func:`ask_save_path`)."""
    from opsdesk.ui.qt_language import choose_path

    return choose_path(parent, title, file_filter, save=False)


class FormDialog(QDialog):
    """The console's dialog frame: a heading, the dialog's own widgets, an inline error
    line and 取消 / a primary OK at the bottom right.

    A subclass adds its widgets to :attr:`body` in reading order (margins 20,16,20,16
    and spacing 10 unless given; None and -1 keep the style's), then calls
    :meth:`add_error_line` and :meth:`add_button_row`. Widgets join the tab order as
    they are added. Refusals are said with :meth:`show_error`, not in a message box.
    """

    def __init__(self, parent: QWidget | None = None, *,
                 margins: tuple[int, int, int, int] | None = (20, 16, 20, 16), spacing: int = 10) -> None:
        super().__init__(parent)
        self.body = QVBoxLayout(self)
        if margins is not None:
            self.body.setContentsMargins(*margins)
        if spacing >= 0:
            self.body.setSpacing(spacing)

    def add_heading(self, text: str = "", name: str = "dialogHeading", *, wrap: bool = True) -> QLabel:
        heading = QLabel(text)
        heading.setObjectName(name)
        heading.setWordWrap(wrap)
        self.body.addWidget(heading)
        return heading

    def add_error_line(self, name: str = "errorLabel") -> QLabel:
        """The hidden error line (role=error in the style sheet), kept as :attr:`error_label`."""
        self.error_label = QLabel()
        self.error_label.setObjectName(name)
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.body.addWidget(self.error_label)
        return self.error_label

    def add_button_row(self, ok_text: str, on_ok: Callable[[], None], *, ok_name: str = "okButton",
                       cancel_text: str = "", default: bool = True) -> QPushButton:
        """Cancel and the primary OK, right-aligned; the OK button is also :attr:`ok_button`.

        ``default``: Enter in the dialog presses OK; False where a field handles Enter itself."""
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName(ok_name)
        self.ok_button.setProperty("primary", True)
        self.ok_button.setDefault(default)
        self.ok_button.clicked.connect(on_ok)
        self.cancel_button = QPushButton(cancel_text or QCoreApplication.translate("FormDialog", "Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.add_buttons(self.cancel_button, self.ok_button)
        return self.ok_button

    def add_close_row(self, *before: QPushButton, accept: bool = False) -> QPushButton:
        """A Close button (``accept``: closing counts as accepted) after ``before``, right-aligned."""
        close = QPushButton(QCoreApplication.translate("FormDialog", "Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.accept if accept else self.reject)
        self.add_buttons(*before, close)
        return close

    def add_buttons(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        self.body.addLayout(row)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
