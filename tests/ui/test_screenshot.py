"""Pictures of the console: the main window renders (not blank), and the
``--screenshot`` path of run_console writes one and exits."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from opsdesk.ops import users as user_ops
from opsdesk.ui.app import run_console, save_screenshot
from tests.ui.conftest import write_off_gui

NAV_BLUE = QColor("#1b365d")


def distinct_colours(path: Path, step: int = 3) -> tuple[int, QImage]:
    image = QImage(str(path))
    assert not image.isNull(), path
    colours = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    return len(colours), image


def test_main_window_renders(main_window, tmp_path):
    window = main_window("duty")
    path = tmp_path / "register.png"
    assert save_screenshot(window, path)
    count, image = distinct_colours(path)
    assert (image.width(), image.height()) == (window.width(), window.height())
    assert count > 200  # text, table, status colours: far from a blank window
    assert QColor(image.pixel(20, image.height() // 2)) == NAV_BLUE  # the navigation bar


def test_run_console_screenshot_of_the_demo(demo_store, fixed_clock, tmp_path):
    path = tmp_path / "shot.png"
    code = run_console(demo_store, screenshot=path, auto_login="zhangwei", quit_after=0.2)
    assert code == 0
    count, image = distinct_colours(path)
    assert image.width() >= 1024 and count > 200


def test_auto_login_is_refused_on_a_real_database(store, tmp_path, capsys):
    write_off_gui(store, lambda session: user_ops.add_user(session, None, "root", "a-strong-password", "admin"))
    code = run_console(store, screenshot=tmp_path / "x.png", auto_login="root")
    assert code == 2
    assert not (tmp_path / "x.png").exists()
    assert "root" in capsys.readouterr().err


def test_run_console_screenshot_without_login_shows_the_login(demo_store, tmp_path):
    """Before anyone logs in the console is its lock screen: the login beside the alarms."""
    path = tmp_path / "login.png"
    assert run_console(demo_store, screenshot=path, quit_after=0.1) == 0
    count, image = distinct_colours(path, step=2)
    assert (image.width(), image.height()) == (1280, 800) and count > 50
