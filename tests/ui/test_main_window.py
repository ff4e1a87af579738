"""The main window: navigation by role, status bar, logout, the daily backup."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from opsdesk import paths
from opsdesk.demo.seed import DEMO_USERS
from opsdesk.ui.app import Console
from opsdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

EXPECTED_NAV = {
    "duty": ["机房平面", "告警", "环境监控", "值班", "巡检", "排班", "设备台账"],
    "supervisor": ["机房平面", "告警", "环境监控", "值班", "巡检", "排班", "设备台账", "审计日志", "设置"],
    "admin": ["机房平面", "告警", "环境监控", "值班", "巡检", "排班", "设备台账", "用户管理", "审计日志", "设置"],
}


@pytest.mark.parametrize("role", ["duty", "supervisor", "admin"])
def test_navigation_shows_only_what_the_role_may_use(main_window, role):
    window = main_window(role)
    assert window.nav_titles() == EXPECTED_NAV[role]
    assert window.stack.count() == len(EXPECTED_NAV[role])
    assert window.stack.currentWidget() is window.panel("floor")  # the first screen: the living floor


def test_switching_panels(main_window):
    window = main_window("admin")
    audit = window.show_panel("audit")
    assert window.stack.currentWidget() is audit
    window.nav.setCurrentRow(7)
    assert window.stack.currentWidget() is window.panel("users")


def test_status_bar_names_user_role_time_and_demo(main_window):
    window = main_window("duty")
    assert window.poller_label.text() == "轮询进程未运行"  # the demo has no poller lock
    assert "张伟（zhangwei）" in window.user_label.text()
    assert "值班运维人员" in window.user_label.text()
    assert window.clock_label.text() == "站点时间 2026-11-22 10:00"
    assert window.demo_badge is not None and window.demo_badge.isVisible()
    assert window.demo_badge.text() == "演示数据"
    assert window.windowTitle() == "机房值班运维台 — 演示数据"


def test_logout_asks_the_application_to_show_the_login(qtbot, main_window):
    window = main_window("duty")
    with qtbot.waitSignal(window.sig_logout_requested, timeout=1000):
        window.action_logout.trigger()


def test_console_cycle_login_logout_login(qtbot, demo_store, fixed_clock):
    console = Console(demo_store, auto_backup=False)
    login = console.show_login()  # the console owns its lock screens: it closes and frees them itself
    duty = DEMO_USERS[0]
    login.username_edit.setText(duty.username)
    login.password_edit.setText(duty.password)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: console.window is not None, timeout=10_000)  # the password is checked off the GUI thread
    assert isinstance(console.window, MainWindow)
    qtbot.addWidget(console.window)
    assert console.window.isVisible()
    window = console.window
    window.action_logout.trigger()
    assert console.window is None
    assert console.login is not None and console.login.isVisible()
    assert not window.isVisible()
    console.tone.stop()
    console._close_lock_screen()


def test_daily_backup_runs_in_the_background(qtbot, main_window):
    window = main_window("duty")
    with qtbot.waitSignal(window.backups.sig_backup_finished, timeout=10_000) as blocker:
        window.backups.run_now()
    assert "备份" in blocker.args[0] or "Backup" in blocker.args[0]
    assert list(paths.backup_dir().glob("opsdesk-*.sqlite3"))
    # Not due again within the day: nothing to report.
    with qtbot.waitSignal(window.backups.sig_backup_finished, timeout=10_000) as again:
        window.backups.run_now()
    assert again.args == [""]


def test_backup_failure_is_reported_not_swallowed(qtbot, main_window, isolated_home):
    (isolated_home / "backups").write_text("a file where the backup folder should be")
    window = main_window("duty")
    with qtbot.waitSignal(window.backups.sig_backup_failed, timeout=10_000) as blocker:
        window.backups.run_now()
    message = blocker.args[0]
    assert message.startswith("每日备份失败")
    assert window.notifier.last_problem == message
    assert window.statusBar().currentMessage() == message
    box = window.findChild(type(window.notifier._box), "problemBox")
    assert box is not None and box.isVisible() and not box.isModal()
    assert not window.backups.running  # the next hourly check may try again


def test_unexpected_error_in_a_slot_is_shown_not_fatal(qtbot, demo_store, demo_users, fixed_clock, capsys):
    console = Console(demo_store, auto_backup=False)
    window = console.open_window(demo_users["duty"])
    qtbot.addWidget(window)
    try:
        raise RuntimeError("database is locked")
    except RuntimeError as exc:
        console.report_unexpected(type(exc), exc, exc.__traceback__)
    assert "database is locked" in window.notifier.last_problem
    assert "RuntimeError" in capsys.readouterr().err  # the traceback is kept for the bug report


def test_screens_are_built_when_first_shown(main_window):
    """The console opens on the floor without building the other screens first."""
    window = main_window("admin")
    assert window.findChild(QWidget, "panel_floor") is not None
    assert window.findChild(QWidget, "panel_audit") is None
    audit = window.show_panel("audit")
    assert window.findChild(QWidget, "panel_audit") is audit and audit.isVisible()
    assert window.show_panel("audit") is audit  # built once
    assert window.stack.count() == len(EXPECTED_NAV["admin"])
