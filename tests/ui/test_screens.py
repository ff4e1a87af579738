"""The console never lets PySide tie the application's QScreen to a window (opsdesk.ui.screens).

``QWidget.screen()`` made the window the owner of the one QScreen wrapper; deleting the window
invalidated it behind Qt's back, and a few windows later the next one found no screen (Qt's
"Cannot create window: no screens available" abort) or crashed — the segmentation fault seen in
``test_wall_mode`` at ~97 % of the suite."""

from __future__ import annotations

import ast
from pathlib import Path

import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from opsdesk import paths
from opsdesk.ui.screens import screen_of
from tests.ui.test_wall_mode import stub_views  # noqa: F401 - the wall with light stand-ins

ROOTS = (paths.ROOT / "opsdesk" / "ui", paths.ROOT / "tests" / "ui")


def screen_calls(root: Path) -> list[str]:
    """Every ``something.screen()`` call (no arguments) under ``root``."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "screen" \
                    and not node.args and not node.keywords:
                found.append(f"{path.relative_to(paths.ROOT)}:{node.lineno}")
    return found


def test_no_widget_or_window_is_asked_for_its_screen():
    assert [call for root in ROOTS for call in screen_calls(root)] == []


def test_opening_the_wall_leaves_the_screen_alone(qtbot, stub_views, make_ctx):  # noqa: F811 - the fixture imported above
    from opsdesk.ui.main_window import MainWindow

    primary = QGuiApplication.primaryScreen()
    window = MainWindow(make_ctx("duty"), auto_backup=False)  # deleted here, not by qtbot
    window.show()
    qtbot.waitExposed(window)
    assert screen_of(window) is primary
    wall = window.open_wall()
    qtbot.waitExposed(wall)
    with qtbot.waitSignal(wall.sig_closed, timeout=2000):
        wall.close()
    with qtbot.waitSignal(window.destroyed, timeout=5000):
        window.close_quietly()
        window.deleteLater()
    assert shiboken6.isValid(primary) and QGuiApplication.screens() == [primary]
    after = QWidget()
    qtbot.addWidget(after)
    after.show()
    qtbot.waitExposed(after)
    assert screen_of(after) is primary
