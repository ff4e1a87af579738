"""A console session as the duty room lives it: logging out or walking away leaves a lock
screen that still shows and sounds the alarms; closing the console asks and leaves
monitoring running; only a supervisor or an administrator stops monitoring; every
login, refusal, logout and lock is in the audit trail; Ctrl+1…9 switch screens."""

from __future__ import annotations

import os
import signal
import sys
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from opsdesk.models.audit import AuditEntry
from opsdesk.models.monitoring import PollerLock
from opsdesk.ui.app import Console
from opsdesk.ui.main_window import MainWindow
from opsdesk.ui.poller_control import PollerControl, child_holder
from tests.ui.conftest import read_off_gui, settle, wait_for_feed, write_off_gui
from tests.ui.monitoring_data import NOW
from tests.ui.test_wall_mode import stub_views  # noqa: F401 - the wall with light stand-ins

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


class RecordingPlayer:
    def __init__(self) -> None:
        self.plays = 0

    def play(self) -> None:
        self.plays += 1

    def stop(self) -> None:
        pass


def audit_tail(store, since: int) -> list[tuple[str, str]]:
    return read_off_gui(store, lambda session: [
        (e.actor, e.action) for e in session.scalars(select(AuditEntry).where(AuditEntry.id > since)
                                                     .order_by(AuditEntry.id))])


def last_audit_id(store) -> int:
    return read_off_gui(store, lambda session: session.scalar(
        select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0)


def wait_for_audit(qtbot, store, since: int, expected: list[tuple[str, str]]) -> None:
    """The console writes the audit trail off the GUI thread: until ``expected`` is there."""
    qtbot.waitUntil(lambda: audit_tail(store, since) == expected, timeout=5000)


@pytest.fixture
def console(qtbot, demo_store, fixed_clock):
    made = Console(demo_store, auto_backup=False)
    made.tone.player = RecordingPlayer()
    yield made
    made.idle.stop()
    made.tone.stop()
    if made.window is not None:
        made.window.close_quietly()
        made.window.deleteLater()
    for widget in (made.lock_screen, made.wall):
        if widget is not None:
            widget.close()
            widget.deleteLater()


def type_login(qtbot, login, username: str, password: str) -> None:
    """Keys only: the user name, Tab, the password, Enter."""
    with qtbot.waitActive(login.window()):
        login.window().activateWindow()
    login.username_edit.setFocus()
    login.username_edit.selectAll()
    qtbot.keyClicks(login.username_edit, username)
    qtbot.keyClick(login.username_edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is login.password_edit
    qtbot.keyClicks(login.password_edit, password)
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)


def test_logout_leaves_a_lock_screen_that_shows_and_sounds_the_alarms(qtbot, console, alarm_store, demo_users):
    window = console.open_window(demo_users["duty"])
    settle(qtbot)
    since = last_audit_id(alarm_store.store)
    window.action_logout.trigger()
    screen = console.lock_screen
    assert screen is not None and screen.isVisible() and not window.isVisible()
    wait_for_audit(qtbot, alarm_store.store, since, [("zhangwei", "user.logout")])
    # The banner counts what waits, the newest alarms are listed, the tone rings.
    qtbot.waitUntil(lambda: screen.alarm_banner.state == "critical", timeout=5000)
    qtbot.waitUntil(lambda: screen.alarm_table.rowCount() > 0, timeout=5000)
    devices = [screen.alarm_table.item(r, 2).text() for r in range(screen.alarm_table.rowCount())]
    assert "YHL-UPS-0001 UPS电源" in devices
    assert screen.alarm_table.item(0, 1).text() == "严重"
    assert console.tone.ringing and console.tone.player.plays >= 1
    assert screen.mute_button.isVisible()
    qtbot.waitUntil(lambda: screen.poller_label.state == "down", timeout=5000)
    assert screen.poller_label.text() == "轮询进程未运行"  # and that nobody is monitoring, in red


def test_the_wall_keeps_showing_under_the_lock_screen(
        qtbot, stub_views, console, demo_store, demo_users):  # noqa: F811 - the fixture imported above
    window = console.open_window(demo_users["duty"])
    wall = window.open_wall()
    qtbot.waitExposed(wall)
    window.action_logout.trigger()
    assert console.wall is wall and wall.isVisible()
    type_login(qtbot, console.login, "lina", "duty-2026")
    qtbot.waitUntil(lambda: console.window is not None, timeout=10_000)
    assert console.window.wall is wall and wall.isVisible()  # the next session owns it again
    wall.close()


def test_idle_lock_and_unlock_by_the_same_user(qtbot, console, demo_store, demo_users):
    window = console.open_window(demo_users["duty"])
    window.show_panel("register")
    qtbot.waitUntil(lambda: console.idle.active, timeout=5000)  # ui.idle_lock_minutes (15) from the settings
    settle(qtbot)
    since = last_audit_id(demo_store)
    console.idle.start(0.002)  # 120 ms, for the test
    qtbot.waitUntil(lambda: console.lock_screen is not None, timeout=5000)
    assert not window.isVisible()
    wait_for_audit(qtbot, demo_store, since, [("zhangwei", "console.lock")])
    login = console.login
    assert login.username_edit.text() == "zhangwei" and "张伟" in login.subheading.text()
    assert "已锁定" in console.lock_screen.windowTitle()
    with qtbot.waitActive(console.lock_screen):
        console.lock_screen.activateWindow()
    assert QApplication.focusWidget() is login.password_edit  # the password is all there is to type
    qtbot.keyClicks(login.password_edit, "duty-2026")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: console.lock_screen is None, timeout=10_000)
    assert console.window is window and window.isVisible()  # the same session, where it was left
    assert window.panel_keys()[window.nav.currentRow()] == "register"
    assert audit_tail(demo_store, since) == [("zhangwei", "console.lock"), ("zhangwei", "console.unlock")]
    qtbot.waitUntil(lambda: console.idle.active, timeout=5000)


def test_a_key_press_puts_the_idle_lock_off(qtbot, console, demo_users):
    window = console.open_window(demo_users["duty"])
    qtbot.waitUntil(lambda: console.idle.active, timeout=5000)  # the setting read (15 min), then the test's
    console.idle.start(0.1)  # 6 s
    qtbot.waitUntil(lambda: console.idle.remaining_ms() < 4500, timeout=5000)
    before = console.idle.remaining_ms()
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)  # on the first screen already: nothing else happens
    assert console.idle.remaining_ms() > before  # counted from the key press again


def test_another_user_at_a_locked_console_logs_the_first_one_out(qtbot, console, demo_store, demo_users):
    window = console.open_window(demo_users["duty"])
    settle(qtbot)
    console.window.sig_lock_requested.emit()  # Ctrl+L
    settle(qtbot)  # its audit entry written
    since = last_audit_id(demo_store)
    type_login(qtbot, console.login, "wangfang", "review-2026")
    qtbot.waitUntil(lambda: console.window is not None and console.window is not window, timeout=10_000)
    assert console.window.ctx.user.username == "wangfang"
    wait_for_audit(qtbot, demo_store, since, [("wangfang", "user.login"), ("zhangwei", "user.logout")])


def test_ctrl_l_locks(qtbot, console, demo_users):
    window = console.open_window(demo_users["duty"])
    with qtbot.waitActive(window):  # a window shortcut needs the active window
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert console.lock_screen is not None and not window.isVisible()


def test_menu_labels_tell_logout_from_closing(main_window):
    window = main_window("duty")
    labels = [a.text() for a in window.menuBar().actions()[0].menu().actions() if a.isVisible() and a.text()]
    assert labels == ["锁定控制台", "注销登录（交给他人使用）", "关闭控制台…"]
    assert window.action_quit.shortcut().toString() == "Ctrl+Q"
    assert window.action_lock.shortcut().toString() == "Ctrl+L"


# -- closing the console, and who may stop monitoring -----------------------------------------
def put_live_lock(store, holder: str) -> None:
    write_off_gui(store, lambda s: s.add(PollerLock(name="poller", holder=holder, started_at=NOW, heartbeat_at=NOW)))


def test_closing_the_window_asks_and_monitoring_goes_on(qtbot, console, demo_store, demo_users):
    put_live_lock(demo_store, "dutypc-2:4711")
    window = console.open_window(demo_users["duty"])
    wait_for_feed(qtbot, demo_store)  # the console knows of the poller from its live feed
    window.close()  # the window's ×
    assert window.isVisible()  # not closed: asked first
    box = window.quit_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "dutypc-2:4711" in box.text() and "继续" in box.text()
    assert box.findChild(type(box.defaultButton()), "quitStopButton") is None  # a duty engineer cannot stop it
    assert "只有审核人或管理员" in box.informativeText()
    with qtbot.waitSignal(window.sig_quit_requested, timeout=2000) as quit_:
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: close, keep monitoring
    assert quit_.args == [False]


def test_escape_keeps_the_console_open(qtbot, console, demo_store, demo_users):
    window = console.open_window(demo_users["duty"])
    wait_for_feed(qtbot, demo_store)
    box = window.request_quit()
    assert "没有轮询进程" in box.text()
    with qtbot.assertNotEmitted(window.sig_quit_requested):
        qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert window.isVisible() and window.quit_box is None


def stand_in(marker: str) -> list[str]:
    code = "import time\nprint('stand-in up', flush=True)\ntime.sleep(120)\n"
    return [sys.executable, "-c", code, marker]


def test_a_supervisor_stops_monitoring_from_the_quit_dialog_and_it_is_audited(qtbot, demo_store, make_ctx, tmp_path,
                                                                                fixed_clock):
    control = PollerControl(demo_store, stand_in(uuid.uuid4().hex), log_file=tmp_path / "poller.log")
    with qtbot.waitSignal(control.sig_poller_started, timeout=10_000) as started:
        control.start()
    pid = started.args[0]
    put_live_lock(demo_store, child_holder(pid))
    window = MainWindow(make_ctx("supervisor"), auto_backup=False, poller=control)
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "asks_before_closing", False))
    window.show()
    assert window.action_stop_monitoring.isVisible()
    since = last_audit_id(demo_store)
    box = window.request_quit()
    stop = box.findChild(type(box.defaultButton()), "quitStopButton")
    assert stop is not None and stop.text() == "停止监控并退出"
    with qtbot.waitSignal(window.sig_quit_requested, timeout=10_000) as quit_:
        stop.click()
    assert quit_.args == [True]
    assert not control.is_running()
    assert audit_tail(demo_store, since) == [("wangfang", "poller.stop")]
    assert window.action_stop_monitoring.isEnabled()  # busy only while it stopped
    assert control.stopped_by == "wangfang" and not control.ensure_running()  # not started again behind her back


def test_a_duty_engineer_cannot_stop_monitoring(main_window):
    window = main_window("duty")
    assert not window.action_stop_monitoring.isVisible()
    assert window.stop_monitoring() is False
    assert "只有审核人或管理员" in window.notifier.last_problem


def test_stopping_a_poller_this_console_did_not_start(qtbot, demo_store, make_ctx, tmp_path, fixed_clock):
    """Another console's poller on this computer (it outlived its window): stopped by its lock's pid."""
    import subprocess

    other = subprocess.Popen(stand_in(uuid.uuid4().hex), stdout=subprocess.DEVNULL, start_new_session=True)
    try:
        put_live_lock(demo_store, child_holder(other.pid))
        control = PollerControl(demo_store, stand_in("never-started"), log_file=tmp_path / "p.log")
        window = MainWindow(make_ctx("admin"), auto_backup=False, poller=control)
        qtbot.addWidget(window, before_close_func=lambda w: setattr(w, "asks_before_closing", False))
        wait_for_feed(qtbot, demo_store)  # the holder as the live feed read it
        assert window.stop_monitoring()  # under way, off the GUI thread: the menu action is busy
        assert not window.action_stop_monitoring.isEnabled()
        assert other.wait(5) == -signal.SIGTERM
        qtbot.waitUntil(lambda: window.action_stop_monitoring.isEnabled(), timeout=10_000)
        assert read_off_gui(demo_store, lambda s: s.get(PollerLock, "poller")) is None
        assert window.statusBar().currentMessage() == "系统管理员 已停止监控。"
        qtbot.waitUntil(lambda: window.poller_label.state == "down", timeout=5000)
    finally:
        if other.poll() is None:
            os.kill(other.pid, signal.SIGKILL)


# -- keyboard ---------------------------------------------------------------------------------
def test_ctrl_number_switches_screens_in_the_navigation_order(qtbot, main_window):
    window = main_window("admin")
    with qtbot.waitActive(window):
        window.activateWindow()
    keys = window.panel_keys()
    assert len(keys) == 10 and keys[-1] == "settings"  # nine screens and the settings
    assert len(window.screen_shortcuts) == 10
    for row in (2, 0, 8):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{row + 1}"), Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == row
        assert window.stack.currentWidget() is window.panel(keys[row])
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.panel_keys()[window.nav.currentRow()] == "settings"
    # The hint is visible: each entry's tooltip and its painted shortcut.
    assert window.nav.item(1).toolTip() == f"{window.nav.item(1).text()}（Ctrl+2）"
    assert window.nav.item(9).toolTip() == "设置（Ctrl+,）"


def test_a_duty_engineers_seven_screens_have_ctrl_1_to_7(main_window):
    window = main_window("duty")
    hints = [window.nav.item(row).data(Qt.ItemDataRole.UserRole + 1) for row in range(window.nav.count())]
    assert hints == [f"Ctrl+{n}" for n in range(1, 8)]


def test_the_navigation_takes_focus_and_arrows_move_between_screens(qtbot, main_window):
    window = main_window("duty")
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.hasFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.nav.currentRow() == 1
