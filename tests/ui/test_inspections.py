"""巡检 on screen: the calendar of the demo, a sheet filled cell by cell, the note an
abnormal value needs, signing by both sides with passwords, and checking a paper."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit
from sqlalchemy import select

from opsdesk.models.equipment import Site
from opsdesk.models.inspection import InspectionEntry
from opsdesk.ops import inspection as inspection_ops
from opsdesk.ui.inspections.panel import InspectionsPanel
from opsdesk.ui.inspections.sheet_table import FIXED
from tests.ui.conftest import read_off_gui, write_off_gui

# Every read and write of these screens goes through the operation runner: none on the GUI thread.
pytestmark = pytest.mark.usefixtures("gui_thread_guard")

DUTY_PASSWORD, REVIEW_PASSWORD = "duty-2026", "review-2026"


def site_id(store, code="YHL") -> int:
    return read_off_gui(store, lambda s: s.scalars(select(Site.id).where(Site.code == code)).one())


def show_month(qtbot, calendar, year: int, month: int, site: int | None = None) -> None:
    """The calendar of a month (and a site), once it is read and shown."""
    qtbot.waitUntil(lambda: calendar.site_combo.count() > 1, timeout=10_000)  # the sites are read
    if site is not None:
        calendar.choose_site(site)
    calendar.show_month(year, month)
    qtbot.waitUntil(calendar.is_current, timeout=10_000)


def open_item(qtbot, panel, item) -> None:
    """Open a due item's sheet as a double-click does, and wait until it shows."""
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        assert panel.open_due(item)
    assert panel.stack.currentWidget() is panel.editor


def entry_of(store, entry_id: int) -> InspectionEntry:
    return read_off_gui(store, lambda s: s.get(InspectionEntry, entry_id))


@pytest.fixture
def make_panel(qtbot, make_ctx):
    def make(role: str) -> InspectionsPanel:
        panel = InspectionsPanel(make_ctx(role))
        qtbot.addWidget(panel)
        panel.resize(1400, 850)
        panel.show()
        qtbot.waitExposed(panel)
        return panel

    return make


def open_november(qtbot, panel: InspectionsPanel, store) -> None:
    show_month(qtbot, panel.calendar, 2026, 11, site_id(store))
    item = next(i for i in panel.calendar.table.items if i.kind == "monthly")
    open_item(qtbot, panel, item)


def fill_everything(store, user, inspection_id: int) -> None:
    def fill(s) -> None:
        for entry in inspection_ops.get_sheet(s, inspection_id).entries:
            if not entry.result:
                inspection_ops.enter(s, user, entry.id, result="ok")

    write_off_gui(store, fill)


def column_of(model, key: str) -> int:
    return FIXED + [c.key for c in model.section.columns].index(key)


def test_calendar_shows_last_months_done_sheet_and_this_months_due(qtbot, make_panel, demo_store):
    panel = make_panel("duty")
    calendar = panel.calendar
    show_month(qtbot, calendar, 2026, 10, site_id(demo_store))
    assert calendar.table.states()["永和路数据中心 月度巡检表 2026-10"] == "done"
    row = next(r for r, i in enumerate(calendar.table.items) if i.period == "2026-10" and i.kind == "monthly")
    assert calendar.table.item(row, 3).text() == "已完成"
    assert "2026-10-30" in calendar.table.item(row, 0).text()
    calendar.step(1)
    assert calendar.month_label.text() == "2026年11月"
    qtbot.waitUntil(calendar.is_current, timeout=10_000)
    assert calendar.table.states()["永和路数据中心 月度巡检表 2026-11"] == "due"
    assert "待巡检" in calendar.month_caption.text()


def test_provisional_dates_say_so(qtbot, make_panel, demo_store):
    """A year without an official notice in the calendar: its dates are marked 暂定."""
    panel = make_panel("duty")
    show_month(qtbot, panel.calendar, 2028, 4)
    assert panel.calendar.table.items and all(i.provisional for i in panel.calendar.table.items)
    assert "暂定" in panel.calendar.table.item(0, 0).text()


def test_a_value_typed_into_a_cell_is_stored(qtbot, make_panel, demo_store):
    panel = make_panel("duty")
    open_november(qtbot, panel, demo_store)
    editor = panel.editor
    assert panel.stack.currentWidget() is editor
    assert "永和路数据中心" in editor.heading.text() and editor.status_badge.text() == "填写中"
    table = editor.tabs.widget(0)
    model = table.section_model()
    assert model.section.key == "ups"
    filled = int(re.search(r"已填 (\d+) /", editor.progress_label.text()).group(1))  # what the monitor filled
    index = model.index(0, column_of(model, "load"))
    table.setCurrentIndex(index)
    table.edit(index)
    edit = table.findChild(QLineEdit, "cellEdit")
    assert edit is not None
    edit.setText("35")
    QTest.keyClick(edit, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: model.data(index) == "35 %", timeout=5000)
    entry = entry_of(demo_store, model.cell(0, index.column()).entry_id)
    assert (entry.value, entry.result, entry.source, entry.entered_by) == (35.0, "ok", "manual", "zhangwei")
    assert f"已填 {filled + 1} /" in editor.progress_label.text()


def test_an_abnormal_value_needs_a_note(qtbot, make_panel, demo_store, recorder):
    panel = make_panel("duty")
    open_november(qtbot, panel, demo_store)
    editor = panel.editor
    model = editor.model_for("ups")
    index = model.index(1, column_of(model, "load"))
    assert not model.setData(index, "95")  # above 80 %: not stored yet
    dialog = editor.note_dialog
    assert dialog is not None and dialog.isVisible()
    assert "95 %" in dialog.findChild(QLabel, "dialogQuestion").text()
    assert not dialog.ok_button.isEnabled()  # an empty note is no note
    assert entry_of(demo_store, model.cell(1, index.column()).entry_id).value is None
    dialog.text_edit.setPlainText("负载偏高，已通知厂家排查")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: model.data(index) == "95 %", timeout=10_000)  # shown once stored
    assert model.data(index, Qt.ItemDataRole.BackgroundRole) is not None  # red
    assert "负载偏高" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    entry = entry_of(demo_store, model.cell(1, index.column()).entry_id)
    assert (entry.value, entry.result, entry.note) == (95.0, "abnormal", "负载偏高，已通知厂家排查")
    assert "异常 1 项" in editor.progress_label.text()
    assert recorder.errors == []


def test_duty_engineer_cannot_sign_as_reviewer(qtbot, make_panel, demo_store):
    duty = make_panel("duty")
    open_november(qtbot, duty, demo_store)
    assert not duty.editor.reviewer_button.isVisibleTo(duty) and not duty.editor.reviewer_button.isEnabled()
    assert duty.editor.inspector_button.isEnabled()
    boss = make_panel("supervisor")
    open_november(qtbot, boss, demo_store)
    assert boss.editor.reviewer_button.isVisibleTo(boss)
    assert not boss.editor.reviewer_button.isEnabled()  # the inspector signs first


def test_both_sign_with_their_passwords_then_a_correction_is_a_new_revision(qtbot, make_panel, demo_store,
                                                                             demo_users, recorder):
    duty = make_panel("duty")
    open_november(qtbot, duty, demo_store)
    editor = duty.editor
    fill_everything(demo_store, demo_users["duty"], editor.state.id)
    with qtbot.waitSignal(editor.sig_sheet_shown, timeout=10_000):
        editor.reload()

    dialog = editor.open_sign_dialog("巡检人")
    assert dialog.isVisible() and not dialog.sign_button.isEnabled()
    dialog.password_edit.setText("wrong")
    with qtbot.waitSignal(dialog.sig_refused, timeout=20_000):
        assert dialog.sign()  # checked in the background
    assert dialog.error_label.isVisibleTo(dialog) and dialog.password_edit.text() == ""
    canvas = dialog.pad.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(40, 60))
    for x, y in ((80, 30), (120, 90), (170, 40)):
        QTest.mouseMove(canvas, QPoint(x, y))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(170, 40))
    dialog.password_edit.setText(DUTY_PASSWORD)
    with qtbot.waitSignal(dialog.sig_signed, timeout=20_000):
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: editor.state.status == "inspected", timeout=10_000)  # read again
    assert not editor.inspector_button.isEnabled() and editor.correct_button.isEnabled()
    assert "巡检人：张伟" in editor.signature_label.text()
    assert not editor.models[0].editable

    boss = make_panel("supervisor")
    with qtbot.waitSignal(boss.editor.sig_sheet_opened, timeout=10_000):
        boss.open_sheet(editor.state.id)
    assert boss.editor.reviewer_button.isEnabled()
    review = boss.editor.open_sign_dialog("审核人")
    review.password_edit.setText(REVIEW_PASSWORD)
    with qtbot.waitSignal(review.sig_signed, timeout=20_000):
        assert review.sign()
    qtbot.waitUntil(lambda: boss.editor.state.status == "reviewed", timeout=10_000)
    signed = read_off_gui(demo_store, lambda s: [
        (sg.meaning, sg.printed_name, bool(sg.image_png))
        for sg in inspection_ops.latest_record(s, editor.state.id).signatures])
    assert signed == [("巡检人", "张伟", True), ("审核人", "王芳", False)]
    boss.calendar.choose_site(site_id(demo_store))
    boss.show_calendar()
    qtbot.waitUntil(boss.calendar.is_current, timeout=10_000)
    assert boss.calendar.table.states()["永和路数据中心 月度巡检表 2026-11"] == "done"

    correction = boss.editor.open_correction()
    correction.text_edit.setPlainText("UPS-0002 负载复测")
    correction.ok_button.click()
    qtbot.waitUntil(lambda: boss.editor.state.status == "draft" and boss.editor.models[0].editable, timeout=10_000)
    assert "第 1 版" in boss.editor.lock_label.text()
    with qtbot.waitSignal(boss.editor.sig_revisions_shown, timeout=10_000) as shown:
        assert boss.editor.open_revisions()
    revisions = shown.args[0]
    assert revisions.list.count() == 1 and revisions.tabs.count() == len(boss.editor.state.sections)
    assert recorder.errors == []


def test_a_signed_sheet_exported_and_checked_matches(qtbot, make_panel, demo_store, recorder, tmp_path):
    """The demo's October sheet: export it, then 核验纸质表 says it matches, with its signers."""
    panel = make_panel("duty")
    show_month(qtbot, panel.calendar, 2026, 10, site_id(demo_store))
    october = next(i for i in panel.calendar.table.items if i.period == "2026-10")
    open_item(qtbot, panel, october)
    recorder.save_path = tmp_path / "october.pdf"
    with qtbot.waitSignal(panel.editor.pdf.sig_pdf_saved, timeout=60_000):
        assert panel.editor.export_pdf()
    assert recorder.save_path.stat().st_size > 10_000

    assert panel.verify_pdf(str(recorder.save_path))
    qtbot.waitUntil(lambda: panel.verify_dialog is not None, timeout=60_000)
    dialog = panel.verify_dialog
    assert dialog.result.status == "match"
    assert dialog.verdict_label.text() == "与已存档的签字记录一致"
    assert [s.meaning for s in dialog.result.signers] == ["巡检人", "审核人"]
    assert dialog.drawing_label.text() == "OpsDesk 0.1.0 第 1 版版式（与签字时存档的页面一致）"


def test_a_paper_that_is_not_a_sheet_is_unknown(qtbot, make_panel, tmp_path):
    panel = make_panel("duty")
    other = tmp_path / "other.pdf"
    other.write_bytes(b"not a pdf at all")
    panel.verify_pdf(str(other))
    qtbot.waitUntil(lambda: panel.verify_dialog is not None, timeout=30_000)
    assert panel.verify_dialog.result.status == "unknown"
    assert "不是可读取的 PDF" in panel.verify_dialog.explain_label.text()


def test_main_screen_announces_due_inspections(qtbot, main_window):
    window = main_window("duty")
    strip = window.inspection_strip
    qtbot.waitUntil(strip.isVisible, timeout=10_000)  # read off the GUI thread as the window opens
    # 2026-11-22: the November sheets are 8 days off (beyond the default notice); October's
    # sheets of the two other sites were never done.
    assert strip.text().startswith("巡检提醒：")
    assert "容灾备份 月度巡检表 2026-10 10-30 到期（已逾期）" in strip.text()
    assert "永和路数据中心" not in strip.text()  # its October sheet is signed
    QTest.mouseClick(strip, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.panel("inspections")
