"""Message boxes and file choosers, in one place so that tests can replace them.

Boxes are opened with ``open()`` (window-modal, no nested event loop): the
caller goes on, and a confirmation calls back when the user says yes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from opsdesk.models.users import AuthError, PermissionDenied
from opsdesk.ops.errors import OpError


def error_text(exc: BaseException) -> str:
    """What to tell the user about an exception: the operation's own message when it
    has one ready, else the kind of failure in one line."""
    if isinstance(exc, (OpError, PermissionDenied, AuthError, ValueError)) and str(exc):
        return str(exc)
    text = str(exc).strip()
    detail = text.splitlines()[0] if text else type(exc).__name__
    return QCoreApplication.translate("Dialogs", "Unexpected error: {detail}").format(detail=detail)


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("messageBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Warning, title or QCoreApplication.translate("Dialogs", "Could not do this"), text)
    box.open()
    return box


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> QMessageBox:
    box = _box(parent, QMessageBox.Icon.Information, title or QCoreApplication.translate("Dialogs", "Done"), text)
    box.open()
    return box


def confirm(parent: QWidget | None, text: str, on_yes: Callable[[], None], title: str | None = None) -> QMessageBox:
    """Ask a yes/no question; ``on_yes`` runs only if the user says yes."""
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
    """A file name to write, or "" if the user cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path


def ask_open_path(parent: QWidget | None, title: str, file_filter: str) -> str:
    """A file name to read, or "" if the user cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return path
