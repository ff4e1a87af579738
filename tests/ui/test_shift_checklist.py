"""值班 screen: start a shift, tick with the mouse and with the keyboard alone, abnormal
items ask for the follow-up, live values show their reading time and an override asks
for a reason, the completion header, conflicts between consoles, and the refresh."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from opsdesk.ops import shift as shifts
from opsdesk.ops import shift_rows
from opsdesk.store import Store
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.live_feed import live_feed
from opsdesk.ui.shift import duty_page as duty_module
from opsdesk.ui.shift.duty_page import DutyPage
from opsdesk.ui.shift.item_row import ROW_MIN_HEIGHT
from opsdesk.ui.shift.tick_dialogs import TickDialog
from tests.shift.fill import clear_demo_duty
from tests.ui.conftest import off_gui, read_off_gui, settle, write_off_gui
from tests.ui.shift_data import DAY, feed_air, site_id, start, tick_all, ticks, user

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    off_gui(clear_demo_duty, demo_store)
    return demo_store


@pytest.fixture
def page(qtbot, demo_store, fixed_clock):
    """Factory: the duty page of a user (default 张伟), on DAY's day shift."""

    def make(username: str = "zhangwei", store: Store | None = None) -> DutyPage:
        store = store or demo_store
        widget = DutyPage(ConsoleContext(store, user(store, username).as_actor(), demo=True))
        qtbot.addWidget(widget)
        widget.resize(1300, 820)
        with qtbot.waitActive(widget):  # the keyboard tests need real focus
            widget.show()
            widget.activateWindow()
        settle(qtbot)  # the sites, then the shift the console opens on
        widget.choose(day=DAY, code="day")
        settle(qtbot)
        return widget

    return make


def stored(qtbot, store, shift_id: int, key: str):
    """The tick as stored, once what the page started is done."""
    settle(qtbot)
    return ticks(store, shift_id)[key]


# -- pure logic first: what the page is built from -----------------------------------------------
def test_current_shift_is_the_scheduled_one_holding_the_present(demo_store, fixed_clock):
    site = site_id(demo_store)
    # Sunday: none scheduled
    assert read_off_gui(demo_store, lambda s: shift_rows.current_shift(s, site)) == (dt.date(2026, 11, 22), "day")
    fixed_clock.set(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))  # Friday 11:00
    assert read_off_gui(demo_store, lambda s: shift_rows.current_shift(s, site)) == (DAY, "day")


def test_rows_carry_template_and_tick(demo_store, demo_users):
    sid = start(demo_store, demo_users["duty"])
    state = read_off_gui(demo_store, lambda s: shift_rows.load_state(s, sid))
    temperature = next(r for r in state.rows if r.key == "room_temperature")
    assert (temperature.group, temperature.kind, temperature.required) == ("机房环境", "metric", True)
    assert temperature.expected == "18–28 ℃" and temperature.how.startswith("读取")
    assert [r.group for r in state.rows][:4] == ["机房环境"] * 4
    assert state.completion.total == len(state.rows) and not state.signed and state.revision == 0


# -- starting -----------------------------------------------------------------------------------
def test_start_shift_builds_the_grouped_checklist(qtbot, page, demo_store):
    p = page()
    assert p.state is None and p.info_label.isVisible() and p.start_button.text() == "开始值班(&T)"
    assert p.schedule_label.text() == "当日排定：白班"
    assert p.start_button.isEnabled()
    with qtbot.waitSignal(p.sig_shift_loaded, timeout=10_000):
        qtbot.mouseClick(p.start_button, LEFT)
        assert not p.start_button.isEnabled() and p.start_button.property("busy")  # while it is written
    assert p.state is not None and p.state.day == DAY and p.state.on_duty == ("zhangwei",)
    groups = list(p.checklist.group_labels)
    assert groups == ["机房环境", "供配电", "服务器与存储", "数据库与备份", "应用与数据交换", "安全"]
    assert p.checklist.group_labels["机房环境"].text() == "机房环境  0/4"
    first = p.checklist.items[0]
    assert first.row.title == "机房温度" and first.required_badge.isVisibleTo(p)
    assert first.expected_label.text() == "预期：18–28 ℃"
    # Touch screens: rows and status buttons at least 44 px high.
    assert all(item.height() >= ROW_MIN_HEIGHT for item in p.checklist.items)
    assert all(b.height() >= 44 and b.width() >= 70 for b in first.buttons.values())
    assert [b.text() for b in first.buttons.values()] == ["正常", "异常", "不适用"]
    assert not p.start_button.isVisible()  # started, and 张伟 is on it


def test_a_second_engineer_joins(qtbot, page, demo_store, demo_users):
    start(demo_store, demo_users["duty"])
    p = page("lina")
    assert p.start_button.isVisible() and p.start_button.text() == "加入值班(&J)"
    assert p.checklist.read_only  # not on the shift yet: look, don't tick
    assert p.start_shift()
    settle(qtbot)
    assert p.state.on_duty == ("zhangwei", "lina") and not p.checklist.read_only
    assert "张伟、李娜" in p.header.people_label.text()


# -- ticking with the mouse ---------------------------------------------------------------------
def test_mouse_ticks_are_committed_at_once(qtbot, page, demo_store):
    p = page()
    p.start_shift()
    settle(qtbot)
    item = p.checklist.item_by_key("ac_running")
    with qtbot.waitSignal(p.sig_tick_saved, timeout=2000):
        qtbot.mouseClick(item.buttons["normal"], LEFT)
    tick = stored(qtbot, demo_store, p.state.id, "ac_running")
    assert (tick.status, tick.ticked_by, tick.version) == ("normal", "zhangwei", 2)
    item = p.checklist.item_by_key("ac_running")
    assert item.buttons["normal"].isChecked() and item.property("status") == "normal"
    assert item.by_label.text() == "张伟 10:00"
    qtbot.mouseClick(item.buttons["na"], LEFT)
    assert stored(qtbot, demo_store, p.state.id, "ac_running").status == "na"
    assert p.checklist.current_item() is item  # clicking a row makes it the current one


def test_note_and_manual_value_are_saved_when_editing_ends(qtbot, page, demo_store):
    p = page()
    p.start_shift()
    settle(qtbot)
    item = p.checklist.item_by_key("database_status")
    assert item.value_edit.isVisibleTo(p) and item.value_edit.placeholderText() == "检查结果"
    qtbot.mouseClick(item.value_edit, LEFT)
    item.value_edit.insert("实例正常，表空间余 38%")  # typed (QTest types ASCII only)
    qtbot.keyClick(item.value_edit, Qt.Key.Key_Return)
    item.note_edit.setFocus()
    item.note_edit.insert("已联系 DBA 复核")  # typed (QTest types ASCII only)
    qtbot.keyClick(item.note_edit, Qt.Key.Key_Return)
    tick = stored(qtbot, demo_store, p.state.id, "database_status")
    assert (tick.value, tick.note, tick.status) == ("实例正常，表空间余 38%", "已联系 DBA 复核", None)


# -- ticking with the keyboard alone --------------------------------------------------------------
def test_keyboard_only_arrows_status_keys_space_and_enter(qtbot, page, demo_store):
    p = page()
    p.start_shift()
    settle(qtbot)
    view = p.checklist
    keys = [item.row.key for item in view.items]
    assert view.current_index() == 0
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_J)
    assert view.current_item().row.key == keys[2] == "ac_running"
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert stored(qtbot, demo_store, p.state.id, "ac_running").status == "normal"
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_3)  # 不适用
    assert stored(qtbot, demo_store, p.state.id, "leak_smoke").status == "na"
    qtbot.keyClick(view, Qt.Key.Key_Space)  # 不适用 → 正常
    assert stored(qtbot, demo_store, p.state.id, "leak_smoke").status == "normal"
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert view.current_item().row.key == "ac_running"
    # Enter: the note of a yes/no item; Enter again keeps it and gives the keys back.
    qtbot.keyClick(view, Qt.Key.Key_Return)
    note = view.current_item().note_edit
    assert note.hasFocus()
    note.insert("风机运行正常")  # typed (QTest types ASCII only)
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert stored(qtbot, demo_store, p.state.id, "ac_running").note == "风机运行正常"
    assert view.hasFocus()
    # Escape drops what was typed.
    qtbot.keyClick(view, Qt.Key.Key_Return)
    view.current_item().note_edit.insert("不要")  # typed (QTest types ASCII only)
    qtbot.keyClick(view.current_item().note_edit, Qt.Key.Key_Escape)
    assert view.hasFocus() and view.current_item().note_edit.text() == "风机运行正常"
    assert stored(qtbot, demo_store, p.state.id, "ac_running").note == "风机运行正常"
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_item().row.key == keys[-1]
    assert "1 正常" in p.legend_label.text() and "空格" in p.legend_label.text()


def test_abnormal_asks_for_the_follow_up(qtbot, page, demo_store):
    p = page()
    p.start_shift()
    settle(qtbot)
    view = p.checklist
    view.set_current([i.row.key for i in view.items].index("backup_full"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    dialog = p.tick_dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, TickDialog) and dialog.isVisible()
    assert dialog.followup_edit.isVisible() and not dialog.ok_button.isEnabled()
    assert stored(qtbot, demo_store, p.state.id, "backup_full").status is None  # nothing until the follow-up
    dialog.followup_edit.setPlainText("已重跑备份并通知备份厂商")
    dialog.note_edit.setText("PACS 库备份失败")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    tick = stored(qtbot, demo_store, p.state.id, "backup_full")
    assert (tick.status, tick.followup, tick.note) == ("abnormal", "已重跑备份并通知备份厂商", "PACS 库备份失败")
    assert not dialog.isVisible()
    item = view.item_by_key("backup_full")
    assert item.buttons["abnormal"].isChecked() and "后续处理：已重跑备份" in item.detail_label.text()
    # Cancelled: nothing changes.
    dialog = p.request_status(view.item_by_key("ups_load").tick_id, "abnormal")
    dialog.reject()
    assert stored(qtbot, demo_store, p.state.id, "ups_load").status is None


# -- live values ----------------------------------------------------------------------------------
def test_live_value_shows_reading_time_and_override_asks_a_reason(qtbot, page, demo_store, fixed_clock):
    feed_air(demo_store, fixed_clock.now() - dt.timedelta(minutes=2, seconds=-12), 24.5, 48.0)  # 09:58:12
    p = page()
    p.start_shift()
    settle(qtbot)
    item = p.checklist.item_by_key("room_temperature")
    assert item.value_label.text() == "24.5 ℃"
    assert item.live_label.text() == "实时 09:58:12"
    assert item.buttons["normal"].isChecked() and item.override_button.isVisibleTo(p)
    assert p.checklist.item_by_key("room_humidity").value_label.text() == "48.0 %RH"
    assert p.checklist.item_by_key("ups_load").value_label.text() == "暂无读数"
    # Changing the monitor's status asks why.
    dialog = p.request_status(item.tick_id, "na")
    qtbot.addWidget(dialog)
    assert dialog.reason_edit.isVisibleTo(dialog) and not dialog.ok_button.isEnabled()
    dialog.reject()
    # Correcting the value: a reason too; both kept.
    dialog = p.request_override(item.tick_id)
    qtbot.addWidget(dialog)
    dialog.value_edit.setText("23.0 ℃")
    assert not dialog.ok_button.isEnabled()
    dialog.reason_edit.setText("手持温度计复测")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    tick = stored(qtbot, demo_store, p.state.id, "room_temperature")
    assert (tick.source, tick.value, tick.metric_value, tick.override_reason) == (
        "override", "23.0 ℃", "24.5 ℃", "手持温度计复测")
    item = p.checklist.item_by_key("room_temperature")
    assert item.value_label.text() == "23.0 ℃" and item.live_label.text() == "人工修正"
    assert "手持温度计复测" in item.detail_label.text() and "24.5 ℃" in item.detail_label.text()


def test_refresh_fills_live_items_from_new_readings(qtbot, page, demo_store, fixed_clock):
    p = page()
    p.start_shift()
    settle(qtbot)
    assert p.checklist.item_by_key("room_temperature").row.value == ""
    feed_air(demo_store, fixed_clock.now(), 29.4, 50.0)
    p.refresh()
    settle(qtbot)
    item = p.checklist.item_by_key("room_temperature")
    assert item.value_label.text() == "29.4 ℃" and item.live_label.text() == "实时 10:00:00"
    assert item.buttons["abnormal"].isChecked()  # 18–28 ℃ from the template


# -- the header -----------------------------------------------------------------------------------
def test_completion_header_and_overdue(qtbot, page, demo_store, demo_users, fixed_clock):
    sid = start(demo_store, demo_users["duty"])
    all_keys = list(ticks(demo_store, sid))
    tick_all(demo_store, demo_users["duty"], sid, except_keys=all_keys[3:])
    p = page()
    total, required_open = p.state.completion.total, len(p.state.completion.open_required)
    assert p.header.completion_label.text() == f"已完成 3/{total}，必检未完成 {required_open}"
    assert p.header.completion_bar.value() == 3
    # 2026-11-22 is past Friday's 17:30 with required items open: shown in red.
    assert p.header.overdue_label.isVisible() and "已过班次结束时间（11-20 17:30）" in p.header.overdue_label.text()
    assert p.header.heading_label.text() == "永和路数据中心 · 2026-11-20 白班 08:30–17:30"
    assert p.header.status_badge.text() == "进行中"
    fixed_clock.set(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))  # 11:00 that Friday
    p.refresh()
    settle(qtbot)
    assert not p.header.overdue_label.isVisible()
    tick_all(demo_store, demo_users["duty"], sid)
    p.refresh()
    settle(qtbot)
    assert p.header.completion_label.text() == f"已完成 {total}/{total}，必检项已全部完成"


# -- two consoles ---------------------------------------------------------------------------------
def test_a_stale_tick_says_changed_by_someone_else_and_reloads_the_row(qtbot, page, demo_store, demo_users):
    start(demo_store, demo_users["duty"])
    other_store = Store(demo_store.url)
    try:
        mine = page("zhangwei")
        live_feed(demo_store).stop()  # this console hears of the other's tick only on the feed's next read
        lina = user(other_store, "lina")
        site = site_id(other_store)
        write_off_gui(other_store, lambda s: shifts.start_shift(s, lina, site, DAY, "day"))
        theirs = page("lina", other_store)
        mine.refresh()
        settle(qtbot)
        tick_id = mine.checklist.item_by_key("server_status").tick_id
        with qtbot.waitSignal(theirs.sig_tick_saved, timeout=10_000):
            assert theirs.commit(duty_module.TickInput(tick_id, "normal", None, "李娜巡视", None, None))
        with qtbot.waitSignal(mine.sig_tick_refused, timeout=10_000):  # read before
            assert mine.commit(duty_module.TickInput(tick_id, "na", None, None, None, None))
        item = mine.checklist.item_by_key("server_status")
        assert item.message_label.isVisibleTo(mine) and "已被他人修改" in item.message_label.text()
        assert item.buttons["normal"].isChecked() and item.note_edit.text() == "李娜巡视"  # reloaded
        assert stored(qtbot, demo_store, mine.state.id, "server_status").status == "normal"
        # Ticking again from the fresh row works, and the message goes.
        with qtbot.waitSignal(mine.sig_tick_saved, timeout=10_000):
            assert mine.commit(duty_module.TickInput(tick_id, "na", None, None, None, None))
        assert not mine.checklist.item_by_key("server_status").message_label.isVisibleTo(mine)
    finally:
        other_store.close()


def test_a_second_consoles_tick_appears_through_the_live_feed(qtbot, page, demo_store):
    mine = page()
    mine.start_shift()
    settle(qtbot)
    other_store = Store(demo_store.url)
    tick_id = mine.checklist.item_by_key("leak_smoke").tick_id
    try:
        lina = user(other_store, "lina")
        site = site_id(other_store)

        def theirs(s):
            shifts.start_shift(s, lina, site, DAY, "day")
            shifts.tick(s, lina, tick_id, "normal", note="东北角漏水绳已复位")

        write_off_gui(other_store, theirs)
    finally:
        other_store.close()
    live_feed(demo_store).poke()  # its next read, without waiting for the interval
    qtbot.waitUntil(lambda: mine.checklist.item_by_key("leak_smoke").row.status == "normal", timeout=10_000)
    item = mine.checklist.item_by_key("leak_smoke")
    assert item.note_edit.text() == "东北角漏水绳已复位" and item.by_label.text() == "李娜 10:00"
    assert "张伟、李娜" in mine.header.people_label.text()


def test_a_poll_cycle_fills_live_items(qtbot, page, demo_store, fixed_clock):
    """No timer of the page's own: the feed's cycle signal fills the live items (one write)."""
    p = page()
    p.start_shift()
    settle(qtbot)
    assert p.checklist.item_by_key("room_temperature").row.value == ""
    feed_air(demo_store, fixed_clock.now(), 29.4, 50.0)
    with qtbot.waitSignal(p.sig_shift_loaded, timeout=10_000):
        live_feed(demo_store).sig_cycle_completed.emit(None)
    settle(qtbot)
    assert p.checklist.item_by_key("room_temperature").value_label.text() == "29.4 ℃"
