"""The console says an environment error in a Chinese box, never only on stderr and never by
crashing (issue 14, finding 8): at start (a read-only data folder, a path through a file) and
when a write fails (a full disk, a database locked by another program). Real conditions:
a read-only bind mount, a full tmpfs, a lock held by another connection (tests/conditions.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from opsdesk import cli
from opsdesk.store import Store
from opsdesk.ui import dialogs
from opsdesk.ui.app import Console
from tests.conditions import fill, lock_held, read_only_view, small_disk
from tests.conftest import DEMO_PASSWORDS


def visible_box(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.objectName() == name and widget.isVisible():
            return widget
    return None


def start_console(qtbot, capsys) -> tuple[int, dict[str, str]]:
    """``opsdesk`` (the console) started in this process; the start-failure box's title and text,
    read and closed as a user would."""
    seen: dict[str, str] = {}

    def read_box() -> None:
        box = visible_box("startFailureBox")
        if box is None:
            QTimer.singleShot(50, read_box)
            return
        seen.update(title=box.windowTitle(), text=box.text())
        box.accept()

    QTimer.singleShot(50, read_box)
    code = cli.main(["--no-poller", "--quit-after", "20"])
    seen["stderr"] = capsys.readouterr().err
    return code, seen


@pytest.fixture
def site_home(tmp_path, demo_db_path, isolated_home) -> Path:
    """The demo database as a site's data folder: the database and its key in one folder."""
    shutil.copy2(demo_db_path, isolated_home / "opsdesk.sqlite3")
    return isolated_home


def test_a_read_only_data_folder_at_start_is_a_chinese_box(qtbot, capsys, site_home, tmp_path, monkeypatch):
    with read_only_view(site_home, tmp_path / "ro") as ro:
        monkeypatch.setenv("OPSDESK_HOME", str(ro))
        code, seen = start_console(qtbot, capsys)
    assert code == 1
    assert seen["title"] == "OpsDesk 无法启动"
    assert "只读" in seen["text"] and str(ro) in seen["text"] and "Traceback" not in seen["stderr"]
    assert seen["text"] in seen["stderr"]  # and in the log, for a console started from a service


def test_a_data_folder_through_a_file_at_start_is_a_chinese_box(qtbot, capsys, monkeypatch):
    monkeypatch.setenv("OPSDESK_HOME", "/etc/passwd/x")
    code, seen = start_console(qtbot, capsys)
    assert code == 1
    assert "/etc/passwd 是一个文件，不是文件夹" in seen["text"] and "Traceback" not in seen["stderr"]


@pytest.fixture
def console_on(qtbot, fixed_clock):
    made: list[Console] = []

    def start(store: Store) -> Console:
        console = Console(store, auto_backup=False, start_poller=False)
        made.append(console)
        console.show_login()
        return console

    yield start
    for console in made:
        console.idle.stop()
        console.tone.stop()
        for widget in (console.window, console.lock_screen):
            if widget is not None:
                widget.close()
                widget.deleteLater()
    box = dialogs._environment_box
    if box is not None and shiboken6.isValid(box):
        box.close()


def log_in(qtbot, console: Console, username: str) -> None:
    login = console.login
    login.username_edit.setText(username)
    login.password_edit.setText(DEMO_PASSWORDS[username])
    login.login_button.click()


def test_a_full_disk_when_logging_in_is_a_chinese_box_and_loses_nothing(qtbot, console_on, demo_db_path, demo_users,
                                                                         tmp_path):
    size_kib = demo_db_path.stat().st_size // 1024 + 1024
    username = demo_users["duty"].username
    with small_disk(tmp_path / "disk", f"{size_kib}k") as disk:
        database = disk / "opsdesk.sqlite3"
        shutil.copy2(demo_db_path, database)
        store = Store(str(database))
        try:
            console = console_on(store)
            filler = fill(disk)
            log_in(qtbot, console, username)
            qtbot.waitUntil(lambda: visible_box("environmentBox") is not None, timeout=10_000)
            box = visible_box("environmentBox")
            assert box.windowTitle() == "磁盘或文件问题"
            assert "磁盘已满" in box.text() and str(disk) in box.text()
            qtbot.waitUntil(lambda: not console.login.busy, timeout=10_000)
            assert console.login.error_label.text() == box.text()  # the same sentence where the user typed
            assert console.window is None  # not logged in; the console is still there
            box.accept()
            filler.unlink()
            log_in(qtbot, console, username)  # space again: the same login goes through
            qtbot.waitUntil(lambda: console.window is not None, timeout=10_000)
        finally:
            store.close()


def test_a_database_locked_by_another_program_when_logging_in_is_a_chinese_box(qtbot, console_on, demo_db_path,
                                                                               demo_users, monkeypatch):
    monkeypatch.setenv("OPSDESK_BUSY_TIMEOUT_MS", "200")
    store = Store(str(demo_db_path))
    try:
        console = console_on(store)
        with lock_held(demo_db_path):
            log_in(qtbot, console, demo_users["duty"].username)
            qtbot.waitUntil(lambda: visible_box("environmentBox") is not None, timeout=10_000)
            text = visible_box("environmentBox").text()
        assert "被另一个程序锁定" in text and str(demo_db_path) in text and "0.2 秒" in text
        assert console.window is None
    finally:
        store.close()


def test_the_daily_backup_on_a_full_disk_is_said_in_chinese_with_its_folder(qtbot, demo_store, isolated_home):
    from opsdesk.ui.backup_scheduler import BackupScheduler

    scheduler = BackupScheduler(demo_store)
    with small_disk(isolated_home / "backups", "1m") as backups:
        fill(backups)
        with qtbot.waitSignal(scheduler.sig_backup_failed, timeout=20_000) as failed:
            scheduler.run_now()
        box = visible_box("environmentBox")
        assert box is not None and "磁盘已满" in box.text() and str(backups) in box.text()
        assert failed.args[0].startswith("每日备份失败") and box.text() in failed.args[0], failed.args[0]
        assert not list(backups.glob("opsdesk-*.sqlite3")) and not list(backups.glob("opsdesk-*.json"))
        box.close()
