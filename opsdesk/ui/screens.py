"""Which screen a window is on, asked without ``QWidget.screen()``.

PySide6 6.11 makes the widget the owner (shiboken's parent) of the QScreen wrapper that
``QWidget.screen()`` and ``QWindow.screen()`` return. There is one wrapper per screen for
the whole process, so when that widget is deleted the application's QScreen wrapper is
invalidated behind Qt's back, and the screen's bookkeeping with it: after a few such
windows (the main window opening the wall display, in the test suite at ~97 %) the next
window found no screen — Qt's "Cannot create window: no screens available" abort — or
read freed memory and crashed. ``QGuiApplication.screenAt`` / ``primaryScreen`` /
``screens`` tie the wrapper to nothing; ``tests/ui/test_screens.py`` holds the console
to them.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def screen_of(widget: QWidget) -> QScreen | None:
    """The screen showing the middle of ``widget``'s window; the primary screen when the
    window is off every screen or not shown yet."""
    window = widget.window()
    return QGuiApplication.screenAt(window.frameGeometry().center()) or QGuiApplication.primaryScreen()
