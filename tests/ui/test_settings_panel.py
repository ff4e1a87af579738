"""设置: the settings screen for supervisors and administrators, read back through
``opsdesk settings`` as the command line sees it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QGroupBox
from sqlalchemy import select

from opsdesk.cli import EXIT_OK, main
from opsdesk.models import settings
from opsdesk.models.audit import AuditEntry
from opsdesk.models.equipment import Room
from opsdesk.ui.settings.panel import SettingsPanel
from tests.ui.conftest import read_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")
CLI_LOGINS = {"supervisor": ("wangfang", "review-2026"), "admin": ("admin", "admin-2026")}


@pytest.fixture
def settings_panel(qtbot, main_window):
    """The settings screen in a supervisor's console, read and shown."""

    def make(role: str = "supervisor") -> tuple[object, SettingsPanel]:
        window = main_window(role)
        panel = window.show_panel("settings")
        qtbot.waitUntil(lambda: panel.view is not None, timeout=10_000)
        return window, panel

    return make


@pytest.fixture
def cli(demo_db_path, monkeypatch, capsys):
    """``opsdesk ARGS`` on the same database, as a supervisor; returns (code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        monkeypatch.setenv("OPSDESK_USER", CLI_LOGINS["supervisor"][0])
        monkeypatch.setenv("OPSDESK_PASSWORD", CLI_LOGINS["supervisor"][1])
        capsys.readouterr()
        with ThreadPoolExecutor(1) as pool:  # another process, in effect: not on the GUI thread
            code = pool.submit(main, list(args)).result()
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _cli_value(cli, key: str) -> str:
    code, out, _ = cli("settings", "show")
    assert code == EXIT_OK
    line = next(line for line in out.splitlines() if line.split() and line.split()[0] == key)
    return line.split()[1]


def _tick(qtbot, box) -> None:
    """Click a check box on its box (a click beside its words does nothing, as in any Qt form)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _save(qtbot, panel: SettingsPanel) -> int:
    with qtbot.waitSignal(panel.sig_settings_saved, timeout=10_000) as saved:
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    return saved.args[0]


@pytest.mark.parametrize("role, shown", [("duty", False), ("supervisor", True), ("admin", True)])
def test_settings_is_the_last_screen_for_supervisors_and_administrators(main_window, role, shown):
    window = main_window(role)
    assert (window.nav_titles()[-1] == "设置") is shown
    assert ("settings" in window.panel_keys()) is shown


def test_every_setting_shows_with_its_chinese_description_editor_and_default(settings_panel):
    window, panel = settings_panel()
    assert set(panel.rows) == set(settings.SPECS)
    high = panel.rows["env.temp_high"]
    assert high.label.text() == "机房温度上限（℃）"
    assert (high.editor.minimum(), high.editor.maximum(), high.editor.value()) == (-10, 50, 28)
    assert high.editor.suffix() == " ℃" and high.default_label.text() == "默认 28 ℃"
    assert panel.rows["alarm.tone"].editor.text() == "开启" and panel.rows["alarm.tone"].editor.isChecked()
    assert panel.rows["inspection.since"].editor.text() == "2026-10-01"
    assert panel.rows["wall.cycle_seconds"].editor.suffix() == " 秒"
    sections = {box.objectName(): box.title() for box in panel.findChildren(QGroupBox)}
    assert sections["section_environment"] == "环境限值" and sections["section_rooms"] == "各机房温湿度限值"
    assert sections["section_security"] == "登录与安全" and sections["section_monitoring"] == "监控与轮询"
    room = panel.rooms[next(iter(panel.rooms))]
    assert room.label.text() == "永和路数据中心 · 主机房"
    assert room.site_wide["temperature"].text() == "使用全局设置" and room.site_wide["temperature"].isChecked()
    assert not room.low["temperature"].isEnabled() and room.high["temperature"].value() == 28
    assert panel.status_label.text() == "没有未保存的更改" and not panel.save_button.isEnabled()


def test_a_change_saved_here_is_what_the_cli_reads_and_is_audited(qtbot, settings_panel, cli, demo_store):
    window, panel = settings_panel()
    panel.rows["env.temp_high"].editor.setValue(26.5)
    _tick(qtbot, panel.rows["alarm.tone"].editor)
    assert panel.status_label.text() == "2 项更改尚未保存"
    assert _save(qtbot, panel) == 2
    assert window.notifier.notice_text == "设置已保存（2 项更改）。"
    assert panel.status_label.text() == "没有未保存的更改"
    assert _cli_value(cli, "env.temp_high") == "26.5"
    assert _cli_value(cli, "alarm.tone") == "否"
    entries = read_off_gui(demo_store, lambda s: [(e.actor, e.entity_id, e.after) for e in s.scalars(
        select(AuditEntry).where(AuditEntry.action == "setting.set")).all()])
    assert entries[-2:] == [
        ("wangfang", "env.temp_high", {"value": 26.5}), ("wangfang", "alarm.tone", {"value": False})]


def test_a_value_out_of_range_is_refused_in_chinese_and_nothing_is_saved(qtbot, settings_panel, cli):
    window, panel = settings_panel()
    humidity = panel.rows["env.humidity_high"].editor
    humidity.setFocus()
    qtbot.keyClick(humidity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(humidity, "180")
    assert humidity.value() == 18  # the editor itself holds the range: the 0 that made 180 was refused
    panel.rows["wall.cycle_seconds"].editor.setValue(20)
    panel.rows["env.temp_low"].editor.setValue(30)  # above the upper limit, 28
    panel.rows["inspection.since"].editor.setText("2026-02-30")
    with qtbot.waitSignal(panel.sig_save_refused, timeout=10_000):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    low_error = panel.rows["env.temp_low"].error_label
    assert low_error.isVisible() and low_error.text() == "机房温度：下限须低于上限（30 ≥ 28）。"
    assert panel.rows["inspection.since"].error_label.text() == "无效的值：2026-02-30"
    assert panel.rows["env.humidity_high"].error_label.text() == "相对湿度：下限须低于上限（35 ≥ 18）。"
    assert not panel.rows["wall.cycle_seconds"].error_label.isVisible()
    assert panel.error_label.text() == "未保存任何更改：请更正标红的项目。"
    assert QApplication.focusWidget() is panel.rows["env.temp_low"].editor  # the first field to correct
    assert panel.rows["wall.cycle_seconds"].editor.value() == 20  # the edits stay for correcting
    assert _cli_value(cli, "wall.cycle_seconds") == "30" and _cli_value(cli, "env.temp_low") == "18.0"

    panel.rows["env.temp_low"].editor.setValue(20)  # corrected: its error goes, the rest is saved
    humidity.setValue(75)
    panel.rows["inspection.since"].editor.setText("2026-09-01")
    assert not low_error.isVisible()
    assert _save(qtbot, panel) >= 3
    assert _cli_value(cli, "wall.cycle_seconds") == "20" and _cli_value(cli, "inspection.since") == "2026-09-01"


def test_room_limits_saved_and_returned_to_the_site_wide_setting(qtbot, settings_panel, cli, demo_store):
    window, panel = settings_panel()
    room_id = read_off_gui(demo_store, lambda s: s.scalars(select(Room.id).where(Room.name == "主机房")).one())
    room = panel.rooms[room_id]
    _tick(qtbot, room.site_wide["temperature"])
    assert room.low["temperature"].isEnabled()
    room.low["temperature"].setValue(20)
    room.high["temperature"].setValue(25)
    assert _save(qtbot, panel) == 1
    code, out, _ = cli("settings", "room", "--room", "主机房")
    assert code == EXIT_OK and "温度 20–25 ℃（本机房）" in out and "湿度 35–75 %RH（全局设置）" in out
    assert not room.site_wide["temperature"].isChecked() and room.high["temperature"].value() == 25

    _tick(qtbot, room.site_wide["temperature"])
    assert room.high["temperature"].value() == 28  # shows the site-wide band it returns to
    _save(qtbot, panel)
    code, out, _ = cli("settings", "room", "--room", "主机房")
    assert "温度 18–28 ℃（全局设置）" in out
    assert read_off_gui(demo_store, lambda s: s.scalars(
        select(AuditEntry).where(AuditEntry.action == "room.limits")).all()[-1].actor) == "wangfang"


def test_a_room_band_the_wrong_way_round_is_refused_beside_the_room(qtbot, settings_panel, demo_store):
    window, panel = settings_panel()
    room = next(iter(panel.rooms.values()))
    room.site_wide["humidity"].setChecked(False)
    room.low["humidity"].setValue(70)
    room.high["humidity"].setValue(40)
    with qtbot.waitSignal(panel.sig_save_refused, timeout=10_000):
        qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert room.error_label.isVisible() and room.error_label.text() == "相对湿度：下限须低于上限（70 ≥ 40）。"
    room_id = room.room.room_id
    assert read_off_gui(demo_store, lambda s: settings.room_limits(s, [room_id])[room_id]["humidity"].own) is False


def test_keyboard_only_edit_enter_keeps_it_and_ctrl_s_saves(qtbot, settings_panel, cli):
    window, panel = settings_panel()
    first = panel.rows["env.temp_low"].editor
    first.setFocus()  # where Tab into the screen lands
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    high = panel.rows["env.temp_high"].editor
    assert QApplication.focusWidget() is high
    qtbot.keyClick(high, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(high, "26")
    qtbot.keyClick(high, Qt.Key.Key_Return)
    assert high.value() == 26 and panel.status_label.text() == "1 项更改尚未保存"  # Enter loses nothing
    for _ in range(2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    humidity_high = panel.rows["env.humidity_high"].editor
    assert QApplication.focusWidget() is humidity_high
    qtbot.keyClick(humidity_high, Qt.Key.Key_Tab)  # on into the rooms: their 使用全局设置 first
    room = next(iter(panel.rooms.values()))
    assert QApplication.focusWidget() is room.site_wide["temperature"]
    qtbot.keyClick(room.site_wide["temperature"], Qt.Key.Key_Space)
    assert not room.site_wide["temperature"].isChecked() and room.high["temperature"].value() == 26
    with qtbot.waitSignal(panel.sig_settings_saved, timeout=10_000) as saved:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [2]
    assert float(_cli_value(cli, "env.temp_high")) == 26
    code, out, _ = cli("settings", "room", "--room", "主机房")
    assert "温度 18–26 ℃（本机房）" in out


def test_revert_discards_the_edits(qtbot, settings_panel, demo_store):
    window, panel = settings_panel()
    panel.rows["backup.keep"].editor.setValue(30)
    panel.rows["backup.second_dir"].editor.setText("/mnt/nas")
    assert panel.revert_button.isEnabled()
    qtbot.mouseClick(panel.revert_button, Qt.MouseButton.LeftButton)
    assert panel.rows["backup.keep"].editor.value() == 14 and panel.rows["backup.second_dir"].editor.text() == ""
    assert panel.status_label.text() == "没有未保存的更改" and not panel.save_button.isEnabled()
    assert read_off_gui(demo_store, lambda s: settings.get(s, "backup.keep")) == 14


def test_a_setting_changed_elsewhere_shows_unless_edits_wait_here(qtbot, settings_panel, cli):
    """Through the live feed: the CLI (another process) sets a value; the open screen shows it,
    but never over edits not yet saved."""
    from opsdesk.ui.live_feed import live_feed

    window, panel = settings_panel()
    feed = live_feed(window.ctx.store)
    with qtbot.waitSignal(feed.sig_snapshot_read, timeout=10_000):
        feed.poke()  # the feed's baseline is read
    assert cli("settings", "set", "backup.keep", "21")[0] == EXIT_OK
    with qtbot.waitSignal(panel.sig_settings_loaded, timeout=10_000):
        feed.poke()  # its next read (every 2 s) finds the change
    assert panel.rows["backup.keep"].editor.value() == 21 and not panel.changes_pending()

    panel.rows["wall.cycle_seconds"].editor.setValue(20)  # an edit waiting here
    assert cli("settings", "set", "backup.keep", "7")[0] == EXIT_OK
    with qtbot.waitSignal(feed.sig_records_changed, timeout=10_000):
        feed.poke()
    assert panel.rows["backup.keep"].editor.value() == 21  # not read over the edit
    assert panel.rows["wall.cycle_seconds"].editor.value() == 20


def test_leaving_the_screen_keeps_unsaved_edits(qtbot, settings_panel):
    window, panel = settings_panel()
    panel.rows["backup.keep"].editor.setValue(30)
    window.show_panel("floor")
    window.show_panel("settings")
    assert panel.rows["backup.keep"].editor.value() == 30
