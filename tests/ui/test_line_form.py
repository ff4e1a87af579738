"""The detail form of a register line: inline checks, saving, conflicts, units."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.models.audit import AuditEntry
from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.ops import devices
from opsdesk.ui.register.line_form import LineForm
from opsdesk.ui.register.units_model import SINGLE_FEED_COLOUR, UNIT_COLUMNS
from tests.ui.conftest import read_off_gui, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")
AS_OF = dt.date(2026, 11, 22)


def line_id_of(store, model: str) -> int:
    return read_off_gui(store, lambda s: s.scalars(select(RegisterLine.id).where(RegisterLine.model == model)).first())


def shown(qtbot, widget: LineForm) -> LineForm:
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.sig_line_loaded, timeout=10_000):
        widget.show()  # the line is read off the GUI thread meanwhile
    return widget


@pytest.fixture
def form(qtbot, make_ctx, demo_store):
    def make(model: str | None = "RD650", role: str = "duty") -> LineForm:
        return shown(qtbot, LineForm(make_ctx(role), line_id_of(demo_store, model) if model else None, as_of=AS_OF))

    return make


def type_into(qtbot, field, text: str) -> None:
    field.edit.clear()
    if text.isascii():
        qtbot.keyClicks(field.edit, text)
    else:  # QTest types ASCII only; Chinese comes through the input method
        field.edit.insert(text)
    field.edit.editingFinished.emit()  # as when the focus leaves the field


def test_form_shows_the_line(form):
    widget = form("RD650")
    assert widget.windowTitle() == "台账行：公卫数据库服务器 联想 RD650"
    assert widget.fields["purchased"].text() == "2015-10"
    assert widget.fields["warranty_years"].text() == "3"
    assert widget.site_combo.currentText() == "永和路数据中心"
    assert widget.category_combo.currentText() == "服务器"
    assert widget.quantity_spin.value() == 2
    assert widget.warranty_end_label.text() == "2018-10-31"
    assert widget.status_label.text() == "过保"
    assert [r.asset_tag for r in widget.unit_rows()] == ["YHL-SRV-0001", "YHL-SRV-0002"]


def test_bad_purchase_month_is_refused_inline(qtbot, form, demo_store):
    widget = form("RD650")
    field = widget.fields["purchased"]
    type_into(qtbot, field, "2018.13")
    assert field.error_label.isVisible()
    assert "2018.13" in field.error_label.text()
    assert field.edit.property("invalid") is True
    with qtbot.assertNotEmitted(widget.sig_line_saved):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert widget.isVisible()  # still open for the correction
    stored = read_off_gui(demo_store, lambda s: (s.get(RegisterLine, widget.line_id).purchased,
                                                 s.get(RegisterLine, widget.line_id).version))
    assert stored == (dt.date(2015, 10, 1), widget.version)
    type_into(qtbot, field, "2018年4月")  # a good value clears the message
    assert field.error_label.isHidden()


def test_good_edit_is_saved_and_audited(qtbot, form, demo_store):
    widget = form("RD650")
    type_into(qtbot, widget.fields["purchased"], "2019年4月")
    type_into(qtbot, widget.fields["warranty_years"], "5")
    type_into(qtbot, widget.fields["note"], "延保至2024年")
    assert widget.warranty_end_label.text() == "2024-04-30"  # live, before saving
    with qtbot.waitSignal(widget.sig_line_saved, timeout=10_000) as blocker:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
        assert widget.save_button.property("busy")  # saved off the GUI thread
    assert blocker.args == [widget.line_id]
    assert widget.result() == LineForm.DialogCode.Accepted

    def stored(session):
        line = session.get(RegisterLine, widget.line_id)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        return (line.purchased, line.warranty_years, line.note), (entry.action, entry.actor, entry.after["purchased"])

    assert read_off_gui(demo_store, stored) == (
        (dt.date(2019, 4, 1), 5, "延保至2024年"), ("line.edit", "zhangwei", "2019-04"))


def test_derived_warranty_follows_typing(qtbot, form):
    widget = form(None)
    qtbot.keyClicks(widget.fields["purchased"].edit, "2024.12")
    assert widget.status_label.text() == "未知"
    qtbot.keyClicks(widget.fields["warranty_years"].edit, "2")
    assert widget.warranty_end_label.text() == "2026-12-31"
    assert widget.status_label.text() == "即将过保"  # 39 days left on 2026-11-22


def test_new_line_creates_its_units(qtbot, form, demo_store):
    widget = form(None)
    assert widget.windowTitle() == "新增台账行"
    assert widget.units_box.isHidden()
    widget.site_combo.setCurrentText("容灾备份")
    widget.category_combo.setCurrentText("存储")
    type_into(qtbot, widget.fields["name"], "备份一体机")
    type_into(qtbot, widget.fields["brand"], "华为")
    type_into(qtbot, widget.fields["purchased"], "2025-06")
    type_into(qtbot, widget.fields["warranty_years"], "3")
    widget.quantity_spin.setValue(3)
    with qtbot.waitSignal(widget.sig_line_saved, timeout=10_000) as blocker:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)

    def stored(session):
        line = session.get(RegisterLine, blocker.args[0])
        return (line.site.name, line.category, line.name, line.purchased), [u.asset_tag for u in line.units]

    assert read_off_gui(demo_store, stored) == (("容灾备份", "storage", "备份一体机", dt.date(2025, 6, 1)),
                                                ["DR-STO-0002", "DR-STO-0003", "DR-STO-0004"])


def test_conflict_offers_to_reload(qtbot, form, demo_store, demo_users, recorder):
    widget = form("RD650")
    write_off_gui(demo_store, lambda session: devices.save_line(  # someone else, meanwhile
        session, demo_users["supervisor"], {"site": "永和路数据中心", "category": "服务器", "name": "公卫数据库服务器",
                                            "brand": "联想", "model": "RD650", "note": "他人修改"},
        line_id=widget.line_id).id)
    type_into(qtbot, widget.fields["note"], "我的修改")
    with qtbot.assertNotEmitted(widget.sig_line_saved):
        with qtbot.waitSignal(widget.sig_line_loaded, timeout=10_000):  # refused, asked, read again
            qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert len(recorder.questions) == 1
    assert "他人" in recorder.questions[0] or "Someone else" in recorder.questions[0]
    assert widget.fields["note"].text() == "他人修改"  # reloaded (the recorder said yes)
    with qtbot.waitSignal(widget.sig_line_saved, timeout=10_000):
        assert widget.save()  # now on the current version


def test_units_table_flags_a_single_feed(form):
    widget = form("RD650")
    power = UNIT_COLUMNS.index("power")
    first = widget.units_model.index(0, power)
    assert first.data() == "单路供电"
    assert first.data(Qt.ItemDataRole.ForegroundRole) == SINGLE_FEED_COLOUR
    assert widget.units_model.index(1, power).data() == ""


def test_duty_user_cannot_delete_units(form):
    duty = form("RD650", "duty")
    assert duty.delete_unit_button.isHidden()
    supervisor = form("RD650", "supervisor")
    assert supervisor.delete_unit_button.isVisible()


def test_supervisor_deletes_a_unit(qtbot, form, demo_store, recorder):
    widget = form("RD650", "supervisor")
    widget.units_table.selectRow(1)
    qtbot.mouseClick(widget.delete_unit_button, Qt.MouseButton.LeftButton)
    assert recorder.questions and "YHL-SRV-0002" in recorder.questions[0]
    qtbot.waitUntil(lambda: [r.asset_tag for r in widget.unit_rows()] == ["YHL-SRV-0001"], timeout=10_000)
    assert widget.quantity_spin.value() == 1
    assert read_off_gui(
        demo_store, lambda s: s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-SRV-0002")).first()) is None


def test_a_line_deleted_meanwhile_is_said_and_the_form_closes(qtbot, make_ctx, demo_store, demo_users, recorder):
    line_id = line_id_of(demo_store, "RD650")
    write_off_gui(demo_store, lambda s: devices.delete_line(s, demo_users["supervisor"], line_id))
    widget = LineForm(make_ctx("duty"), line_id, as_of=AS_OF)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.sig_load_failed, timeout=10_000):
        widget.show()
    assert recorder.errors == ["该台账行已被删除。"]
    assert not widget.isVisible()


def test_read_only_without_the_right_to_edit(qtbot, make_ctx, demo_store):
    duty = make_ctx("duty")
    # a disabled account holds no rights (the console's record of it; nothing is saved)
    ctx = dataclasses.replace(duty, user=dataclasses.replace(duty.user, disabled=True))
    widget = shown(qtbot, LineForm(ctx, line_id_of(demo_store, "RD650"), as_of=AS_OF))
    assert widget.save_button.isHidden()
    assert widget.cancel_button.text() == "关闭"
    assert all(edit.edit.isReadOnly() for edit in widget.fields.values())
    assert not widget.site_combo.isEnabled() and widget.quantity_spin.isReadOnly()
    assert widget.edit_unit_button.text() == "查看设备"
