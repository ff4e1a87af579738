"""One typed value of the register, checked by ``devices.parse_field`` as soon as
editing finishes, with the reason shown in red right under the field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from opsdesk import i18n
from opsdesk.ops import devices
from opsdesk.ops.errors import ValidationError


def field_label(key: str) -> str:
    """The form label of a register field, as the back end declares it (zh or en)."""
    spec = devices.FIELD_BY_KEY[key]
    return spec.en if i18n.language() == "en" else spec.zh


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Flag a widget for the style sheet's red frame."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class FieldEdit(QWidget):
    """A line edit for one of ``devices.FIELDS`` plus its inline error message."""

    sig_text_edited = Signal(str)
    """The text as the user is typing it (not yet checked)."""

    def __init__(self, key: str, text: str = "", placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"field_{key}")
        self.edit = QLineEdit(text)
        self.edit.setObjectName(f"edit_{key}")
        if placeholder:
            self.edit.setPlaceholderText(placeholder)
        self.error_label = QLabel()
        self.error_label.setObjectName(f"error_{key}")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error_label)
        self.edit.editingFinished.connect(self._on_editing_finished)
        self.edit.textChanged.connect(self.sig_text_edited)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)
        self.clear_error()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def value(self) -> Any:
        """The parsed value; shows the message and raises ValidationError if it is wrong."""
        try:
            parsed = devices.parse_field(self.key, self.edit.text())
        except ValidationError as exc:
            self.show_error(str(exc))
            raise
        self.clear_error()
        return parsed

    def check(self) -> bool:
        try:
            self.value()
        except ValidationError:
            return False
        return True

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        set_invalid(self.edit, True)

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
        set_invalid(self.edit, False)

    def has_error(self) -> bool:
        return not self.error_label.isHidden()

    def _on_editing_finished(self) -> None:
        if not self.edit.isReadOnly():
            self.check()
