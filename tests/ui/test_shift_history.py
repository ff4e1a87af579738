"""历史 and 检查表模板: the month view colours each shift (signed, late, missed, in
progress, not yet), a double-click opens a shift read-only with its revisions, and a
supervisor's template edit becomes version 2."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from opsdesk.ops import shift as shifts
from opsdesk.ops import shift_rows
from opsdesk.ui.labels import DAY_STATUS_COLOURS
from opsdesk.ui.shift.panel import ShiftPanel
from opsdesk.ui.shift.record_dialog import CURRENT, ShiftRecordDialog
from tests.shift.fill import clear_demo_duty
from tests.ui.conftest import off_gui, read_off_gui, settle, write_off_gui
from tests.ui.shift_data import PASSWORD, start, tick_all, user

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

UTC = dt.UTC


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    off_gui(clear_demo_duty, demo_store)
    return demo_store


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - dt.timedelta(hours=8)


@pytest.fixture
def november(demo_store, demo_users, fixed_clock):
    """The 20th signed at 17:10, the 18th signed at 22:00 (late), the 22nd (a Sunday)
    started and open; nothing else. The clock: Sunday 22nd, 10:00."""
    duty, lina = demo_users["duty"], user(demo_store, "lina")
    ids = {}
    for day, signed_at in ((dt.date(2026, 11, 20), (17, 10)), (dt.date(2026, 11, 18), (22, 0))):
        fixed_clock.set(local(day, 9))
        ids[day] = start(demo_store, duty, day)
        tick_all(demo_store, duty, ids[day])
        fixed_clock.set(local(day, *signed_at))
        sid = ids[day]
        write_off_gui(demo_store, lambda s, sid=sid: shifts.sign_off(s, duty, PASSWORD, lina, PASSWORD, sid))
    fixed_clock.set(local(dt.date(2026, 11, 22), 10))
    ids[dt.date(2026, 11, 22)] = start(demo_store, duty, dt.date(2026, 11, 22))
    return ids


@pytest.fixture
def panel(qtbot, make_ctx):
    def make(role: str = "duty") -> ShiftPanel:
        widget = ShiftPanel(make_ctx(role))
        qtbot.addWidget(widget)
        widget.resize(1300, 860)
        widget.show()
        settle(qtbot)  # the sites, the shift, the month
        return widget

    return make


def test_month_view_colours_each_shift(qtbot, panel, november):
    p = panel()
    p.show_history(True)
    settle(qtbot)
    history = p.history
    assert history.month_label.text() == "2026年11月"
    grid = history.grid
    assert grid.status_of(dt.date(2026, 11, 20), "day") == "complete"
    assert grid.status_of(dt.date(2026, 11, 18), "day") == "late"
    assert grid.status_of(dt.date(2026, 11, 19), "day") == "missed"
    assert grid.status_of(dt.date(2026, 11, 22), "day") == "open"  # a Sunday, started anyway
    assert grid.status_of(dt.date(2026, 11, 23), "day") == "future"
    assert grid.status_of(dt.date(2026, 11, 21), "day") is None  # Saturday: none, blank
    assert grid.cell_for(dt.date(2026, 11, 21)).chips == []
    chip = grid.cell_for(dt.date(2026, 11, 19)).chips[0]
    assert chip.text() == "白班 漏签"
    assert DAY_STATUS_COLOURS["missed"][0].name() in chip.styleSheet()
    colours = {status: grid.cell_for(day).chips[0].styleSheet() for day, status in (
        (dt.date(2026, 11, 20), "complete"), (dt.date(2026, 11, 18), "late"), (dt.date(2026, 11, 22), "open"),
        (dt.date(2026, 11, 23), "future"))}
    for status, sheet in colours.items():
        assert DAY_STATUS_COLOURS[status][0].name() in sheet, status
    assert grid.cell_for(dt.date(2026, 11, 21)).property("kind") == "rest"
    assert grid.cell_for(dt.date(2026, 11, 22)).property("today") is True
    assert "已签字 1" in history.summary_label.text() and "漏签" in history.summary_label.text()
    # February: the adjusted working Saturday is a working day with a (future) shift.
    with qtbot.waitSignal(history.sig_month_shown, timeout=10_000):
        history.show_month(2026, 2)
    cell = grid.cell_for(dt.date(2026, 2, 14))
    assert cell.property("kind") == "adjusted" and cell.name_label.text() == "调休上班"
    assert grid.status_of(dt.date(2026, 2, 14), "day") is None  # before the duty began (18 Nov): nothing owed


def test_double_click_opens_a_past_shift_read_only_with_revisions(qtbot, panel, november, recorder):
    p = panel()
    p.show_history(True)
    settle(qtbot)
    chip = p.history.grid.cell_for(dt.date(2026, 11, 20)).chips[0]
    with qtbot.waitSignal(p.history.sig_record_opened, timeout=10_000):  # read, then shown
        qtbot.mouseDClick(chip, Qt.MouseButton.LeftButton)
    dialog = p.history.record_dialog  # a child of the page: closed with it
    assert isinstance(dialog, ShiftRecordDialog) and dialog.isVisible()
    assert dialog.state.id == november[dt.date(2026, 11, 20)]
    assert dialog.checklist.read_only and not dialog.checklist.items[0].buttons["normal"].isEnabled()
    assert dialog.revision_list.count() == 2  # the record as it stands, revision 1
    assert dialog.shown_revision() == 1  # signed: the signed revision first
    assert "交班人 张伟" in dialog.revision_list.item(1).text()
    assert all(item.row.status == "normal" for item in dialog.checklist.items)
    dialog.revision_list.setCurrentRow(0)
    assert dialog.shown_revision() == CURRENT
    # A missed shift has no record: said, nothing opened.
    with qtbot.waitSignal(p.history.sig_record_opened, timeout=10_000) as opened:
        qtbot.mouseDClick(p.history.grid.cell_for(dt.date(2026, 11, 19)), Qt.MouseButton.LeftButton)
    assert opened.args == [None] and p.history.record_dialog is dialog
    assert recorder.infos[-1] == "2026-11-19 白班：没有记录——该班次无人开班。"


def test_a_correction_shows_as_a_second_revision(qtbot, make_ctx, demo_store, demo_users, november):
    sid = november[dt.date(2026, 11, 20)]
    tick_id = read_off_gui(demo_store, lambda s: next(tk.id for tk in shifts.get_shift(s, sid).ticks
                                                      if tk.item_key == "app_availability"))
    write_off_gui(demo_store, lambda s: shifts.correct(s, demo_users["duty"], tick_id, "补记", status="abnormal",
                                                       followup="已恢复"))
    dialog = ShiftRecordDialog(make_ctx("duty"), read_off_gui(demo_store, lambda s: shift_rows.shift_record(s, sid)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.revision_list.count() == 3 and "原因：补记" in dialog.revision_list.item(2).text()
    assert "尚未签字" in dialog.revision_list.item(2).text()
    assert dialog.shown_revision() == CURRENT  # not signed now: the record as it stands
    assert dialog.checklist.item_by_key("app_availability").row.status == "abnormal"
    dialog.revision_list.setCurrentRow(1)  # as signed first
    assert dialog.checklist.item_by_key("app_availability").row.status == "normal"
    assert dialog.checklist.item_by_key("app_availability").row.kind == "yesno"


def test_template_editor_makes_version_2(qtbot, panel, demo_store, demo_users):
    assert not panel("duty").template_button.isVisibleTo(panel("duty"))
    p = panel("supervisor")
    assert p.template_button.isVisibleTo(p)
    editor = p.open_template_editor()
    qtbot.addWidget(editor)
    settle(qtbot)
    assert editor.version == 1 and editor.history_list.count() == 1
    assert not editor.save_button.isEnabled()  # nothing changed yet
    rows = editor.table.rowCount()
    dialog = editor.add_item()
    qtbot.addWidget(dialog)
    dialog.key_edit.setText("fire_extinguisher")
    dialog.group_combo.setCurrentText("机房环境")
    dialog.title_edit.setText("灭火器压力检查")
    dialog.expected_edit.setText("指针在绿区")
    dialog.required_check.setChecked(True)
    dialog.night_check.setChecked(False)
    qtbot.mouseClick(dialog.findChild(type(editor.save_button), "okButton"), Qt.MouseButton.LeftButton)
    assert editor.table.rowCount() == rows + 1
    assert editor.table.item(4, 1).text() == "灭火器压力检查"  # after the last 机房环境 item
    assert editor.table.item(4, 5).text() == "白班"
    editor.table.selectRow(4)
    editor.move_selected(-1)
    assert editor.table.item(3, 1).text() == "灭火器压力检查"
    # A key already used is refused inside the item dialog.
    dialog = editor.add_item()
    qtbot.addWidget(dialog)
    dialog.key_edit.setText("room_temperature")
    dialog.title_edit.setText("重复")
    dialog._on_ok_clicked()
    assert "room_temperature" in dialog.error_label.text() and dialog.isVisible()
    dialog.reject()
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.sig_template_saved, timeout=10_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.version == 2 and editor.history_list.count() == 2
    assert editor.history_list.item(0).text().startswith("第 2 版 · 王芳")
    assert "已保存为第 2 版" in editor.saved_label.text() and not editor.save_button.isEnabled()
    template = read_off_gui(demo_store, shifts.current_template)
    keys = [i["key"] for i in template.items]
    assert template.version == 2 and keys[3] == "fire_extinguisher"
    assert template.items[3]["shifts"] == ["day"] and template.items[3]["required"] is True


def test_editing_a_live_item_keeps_its_limits(qtbot, panel):
    p = panel("supervisor")
    editor = p.open_template_editor()
    qtbot.addWidget(editor)
    settle(qtbot)
    editor.table.selectRow(0)
    dialog = editor.edit_selected()
    qtbot.addWidget(dialog)
    assert dialog.key_edit.isReadOnly() and dialog.key_edit.text() == "room_temperature"
    assert dialog.metrics_edit.isVisibleTo(dialog) and dialog.low_box.value() == 18
    assert dialog.item() == editor.items[0]  # unchanged: no new version for nothing
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("yesno"))
    assert not dialog.metrics_edit.isVisibleTo(dialog)
