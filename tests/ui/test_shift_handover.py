"""交接班: what is handed over (open alarms, unfinished and abnormal items), the two
signatures on one screen (a wrong password or open required items sign nothing), the
lock with its revision banner, a correction and signing again, and printing."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import Qt

from opsdesk.models.shift import ShiftStatus
from opsdesk.ops import shift as shifts
from opsdesk.ui.context import ConsoleContext
from opsdesk.ui.shift.duty_page import DutyPage
from opsdesk.ui.shift.handover import HandoverDialog
from tests.shift.fill import clear_demo_duty
from tests.ui.conftest import off_gui, read_off_gui, settle, write_off_gui
from tests.ui.shift_data import DAY, PASSWORD, start, status_of, tick_all, ticks, user

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    off_gui(clear_demo_duty, demo_store)
    return demo_store


@pytest.fixture
def started(demo_store, demo_users, fixed_clock):
    """DAY's day shift, started by 张伟."""
    return start(demo_store, demo_users["duty"])


@pytest.fixture
def page(qtbot, demo_store, started):
    widget = DutyPage(ConsoleContext(demo_store, user(demo_store, "zhangwei").as_actor(), demo=True))
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    widget.show()
    settle(qtbot)
    widget.choose(day=DAY, code="day")
    settle(qtbot)
    assert widget.state is not None and widget.state.id == started
    return widget


def open_handover(qtbot, page) -> HandoverDialog:
    dialog = page.open_handover()
    qtbot.addWidget(dialog)
    settle(qtbot)  # the dialog reads the shift
    return dialog


def fill_signatures(dialog: HandoverDialog, outgoing: str = PASSWORD, incoming: str = PASSWORD) -> None:
    dialog.incoming_combo.setCurrentIndex(dialog.incoming_combo.findData("lina"))
    dialog.outgoing_password.setText(outgoing)
    dialog.incoming_password.setText(incoming)


def test_handover_lists_open_alarms_unfinished_and_abnormal_items(qtbot, alarm_store, demo_store, demo_users,
                                                                   page, started):
    backup = ticks(demo_store, started)["backup_full"].id
    write_off_gui(demo_store, lambda s: shifts.tick(s, demo_users["duty"], backup, "abnormal",
                                                    followup="已重跑备份并通知厂商"))
    dialog = open_handover(qtbot, page)
    alarms = dialog.listed(dialog.alarm_list)
    assert len(alarms) == 3 and dialog.alarm_box.title() == "未恢复告警（3）"
    assert any("YHL-AC-0001" in a and a.startswith("严重") for a in alarms)
    assert any("YHL-UPS-0001" in a and "电池供电" in a for a in alarms)
    assert not any("YHL-AC-0002" in a for a in alarms)  # cleared: not handed over
    unfinished = dialog.listed(dialog.unfinished_list)
    stored = ticks(demo_store, started)
    assert len(unfinished) == sum(1 for tk in stored.values() if not tk.status)
    assert "必检 · 精密空调运行状态" in unfinished and "CPU、内存、磁盘使用率" in unfinished
    assert stored["room_temperature"].status == "abnormal"  # 31 ℃ from the monitor, filled in
    abnormal = dialog.listed(dialog.abnormal_list)
    assert "机房温度 — 尚未填写后续处理" in abnormal  # the monitor's, waiting for someone
    assert "每日全量数据和应用软件备份 — 后续处理：已重跑备份并通知厂商" in abnormal
    assert len(abnormal) == sum(1 for tk in stored.values() if tk.status == "abnormal")
    assert dialog.outgoing_label.text() == "张伟"  # the person, not the login
    incoming = [dialog.incoming_combo.itemData(i) for i in range(dialog.incoming_combo.count())]
    # duty engineers and supervisors, not 张伟 himself
    assert incoming[0] is None and sorted(incoming[1:]) == ["chenjing", "lina", "liuyang", "wangfang"]
    names = [dialog.incoming_combo.itemText(i) for i in range(1, dialog.incoming_combo.count())]
    assert sorted(names) == sorted(["李娜", "陈静", "刘洋", "王芳"])
    assert not dialog.sign_button.isEnabled()
    dialog.notes_edit.setPlainText("PACS 前置机夜间需关注")
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=10_000):
        qtbot.mouseClick(dialog.handover_button, LEFT)
    settle(qtbot)
    shift = read_off_gui(demo_store, lambda s: shifts.get_shift(s, started))
    assert shift.status == ShiftStatus.HANDED_OVER and shift.handover_notes == "PACS 前置机夜间需关注"
    assert len(shift.handover_open["alarms"]) == 3 and shift.outgoing == "zhangwei"
    assert dialog.handover_button.text() == "重新提交交班(&T)" and page.header.status_badge.text() == "已交班，待签字"


def test_sign_off_refused_while_required_items_are_open(qtbot, demo_store, demo_users, page, started):
    tick_all(demo_store, demo_users["duty"], started, except_keys=("data_exchange", "platform_logs"))
    page.refresh()
    settle(qtbot)
    dialog = open_handover(qtbot, page)
    fill_signatures(dialog)
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # the passwords are checked in the background
    settle(qtbot)  # then the shift is read again, to name the open items
    text = dialog.sign_error.text()
    assert dialog.sign_error.isVisibleTo(dialog) and text.startswith("未签字：还有 2 项必检项未完成")
    assert "每日业务系统交互数据检查" in text and "平台日志及中间件日志检查" in text
    assert dialog.isVisible() and status_of(demo_store, started) != "signed"
    assert read_off_gui(demo_store, lambda s: shifts.latest_record(s, started)) is None


def test_wrong_password_shows_the_message_and_signs_nothing(qtbot, demo_store, demo_users, page, started):
    tick_all(demo_store, demo_users["duty"], started)
    page.refresh()
    settle(qtbot)
    dialog = open_handover(qtbot, page)
    fill_signatures(dialog, incoming="wrong-password")
    qtbot.mouseClick(dialog.sign_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.sign_error.text().startswith("接班人：") and "密码" in dialog.sign_error.text()
    assert dialog.incoming_password.property("invalid") is True and dialog.incoming_password.text() == ""
    assert not dialog.outgoing_password.property("invalid")
    assert status_of(demo_store, started) != "signed"
    assert read_off_gui(demo_store, lambda s: shifts.latest_record(s, started)) is None
    assert user(demo_store, "lina").failed_logins == 1  # counted, as at the login
    fill_signatures(dialog, outgoing="not-mine")
    qtbot.mouseClick(dialog.sign_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert dialog.sign_error.text().startswith("交班人：")
    assert dialog.outgoing_password.property("invalid") is True
    assert not page.header.lock_banner.isVisibleTo(page)


def test_both_passwords_lock_the_shift_with_the_revision_banner(qtbot, demo_store, demo_users, page, started):
    tick_all(demo_store, demo_users["duty"], started)
    page.refresh()
    settle(qtbot)
    dialog = open_handover(qtbot, page)
    fill_signatures(dialog)
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=10_000):
        qtbot.keyClick(dialog.incoming_password, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    settle(qtbot)  # the page reads the shift again (the live feed)

    def signed(s):
        shift, record = shifts.get_shift(s, started), shifts.latest_record(s, started)
        return shift.status, shift.incoming, [(sg.meaning, sg.printed_name) for sg in record.signatures]

    assert read_off_gui(demo_store, signed) == ("signed", "lina", [("交班人", "张伟"), ("接班人", "李娜")])
    assert page.header.lock_banner.isVisibleTo(page)
    assert page.header.lock_label.text().startswith("已签字锁定 第 1 版")
    assert "交班人 张伟" in page.header.lock_label.text() and "接班人 李娜" in page.header.lock_label.text()
    assert page.header.status_badge.text() == "已签字锁定"
    # Read-only now: buttons disabled, keys and clicks change nothing.
    assert page.checklist.read_only and not page.handover_button.isVisibleTo(page)
    item = page.checklist.item_by_key("ac_running")
    assert not item.buttons["abnormal"].isEnabled() and item.note_edit.isReadOnly()
    page.checklist.set_current(page.checklist.items.index(item))
    qtbot.keyClick(page.checklist, Qt.Key.Key_3)
    settle(qtbot)
    assert page.request_status(item.tick_id, "na") is None
    assert ticks(demo_store, started)["ac_running"].status == "normal"


def test_correction_needs_a_reason_and_both_sign_again(qtbot, demo_store, demo_users, page, started):
    tick_all(demo_store, demo_users["duty"], started)
    lina = user(demo_store, "lina")
    write_off_gui(demo_store, lambda s: shifts.sign_off(s, demo_users["duty"], PASSWORD, lina, PASSWORD, started))
    page.refresh()
    settle(qtbot)
    assert page.header.correct_button.isVisibleTo(page)
    tick_id = ticks(demo_store, started)["app_availability"].id
    page.checklist.set_current([i.tick_id for i in page.checklist.items].index(tick_id))
    qtbot.mouseClick(page.header.correct_button, LEFT)
    dialog = page.tick_dialog
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "更正已签字记录" and dialog.row.tick_id == tick_id
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.reason_edit.setText("补记：17:05 影像系统短暂不可用")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.status_buttons["abnormal"], LEFT)
    assert dialog.followup_edit.isVisibleTo(dialog) and not dialog.ok_button.isEnabled()
    dialog.followup_edit.setPlainText("已恢复，原因待查")
    with qtbot.waitSignal(page.sig_tick_saved, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, LEFT)
    settle(qtbot)
    tick = ticks(demo_store, started)["app_availability"]
    assert (tick.status, tick.followup) == ("abnormal", "已恢复，原因待查")
    assert status_of(demo_store, started) == "handed_over"
    assert page.header.lock_label.text() == "已更正：第 2 版（补记：17:05 影像系统短暂不可用）须交接班双方重新签字"
    assert page.header.sign_again_button.isVisibleTo(page) and not page.checklist.read_only
    qtbot.mouseClick(page.header.sign_again_button, LEFT)
    dialog = page.handover_dialog
    qtbot.addWidget(dialog)
    settle(qtbot)
    fill_signatures(dialog)
    with qtbot.waitSignal(dialog.sig_shift_changed, timeout=10_000):
        assert dialog.sign()  # checked in the background
    settle(qtbot)
    revisions = read_off_gui(demo_store, lambda s: [(r.revision, len(r.signatures))
                                                    for r in shifts.signed_revisions(s, started)])
    assert revisions == [(1, 2), (2, 2)]
    assert page.header.lock_label.text().startswith("已签字锁定 第 2 版")


def test_print_says_clearly_when_the_report_is_missing(page, recorder, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "opsdesk.reports.shiftlog", None)  # import fails
    recorder.save_path = tmp_path / "log.pdf"
    assert not page.print_record()
    assert recorder.errors and "opsdesk.reports.shiftlog.shift_log_pdf" in recorder.errors[0]
    assert not (tmp_path / "log.pdf").exists()


def printed_to(monkeypatch, folder):
    """PdfPrinting.print stood in for by writing the PDF its source makes, as the print job
    would before the dialog opens (the dialog itself: tests/ui/test_pdf_print.py)."""
    from opsdesk.ui.pdf_print import PdfPrinting

    written: list = []

    def fake_print(self, source, name=""):
        out = folder / f"{name or 'printed'}-{len(written)}.pdf"
        off_gui(source, out)  # in the background, as the print job does
        written.append(out)
        return True

    monkeypatch.setattr(PdfPrinting, "print", fake_print)
    return written


def test_print_passes_the_signed_revision_to_the_report(qtbot, page, recorder, monkeypatch, tmp_path, demo_store,
                                                       demo_users, started):
    """Our side of the contract with opsdesk.reports.shiftlog, whatever the paper looks like."""
    calls = []

    def shift_log_pdf(snapshot, record, *, demo, out, names=None, tz=None, lang="zh"):
        # what the report is given, read while its session is open (as the real one draws it)
        signed = None if record is None else (record.revision, record.snapshot, len(record.signatures))
        calls.append((snapshot, signed, demo, names, tz))
        out.write_bytes(b"%PDF-1.4 stand-in")

    from opsdesk.reports import shiftlog

    fake = types.ModuleType("opsdesk.reports.shiftlog")
    fake.shift_log_pdf = shift_log_pdf
    monkeypatch.setitem(sys.modules, "opsdesk.reports.shiftlog", fake)
    written = printed_to(monkeypatch, tmp_path)
    assert page.print_record()
    assert written and written[-1].name.startswith("永和路数据中心-2026-11-20")
    snapshot, record, demo, names, tz = calls[-1]
    assert record is None and demo is True and snapshot["day"] == "2026-11-20"  # not signed: a draft
    assert names["zhangwei"] == "张伟" and tz == "Asia/Shanghai"
    tick_all(demo_store, demo_users["duty"], started)
    with monkeypatch.context() as real:  # signing keeps the paper drawn by the real module
        real.setitem(sys.modules, "opsdesk.reports.shiftlog", shiftlog)
        lina = user(demo_store, "lina")
        write_off_gui(demo_store, lambda s: shifts.sign_off(s, demo_users["duty"], PASSWORD, lina, PASSWORD,
                                                            started))
    page.refresh()
    settle(qtbot)
    assert page.print_record()
    snapshot, (revision, signed_snapshot, signatures), *_ = calls[-1]
    assert revision == 1 and snapshot == signed_snapshot and signatures == 2


def test_print_writes_a_real_pdf(qtbot, page, recorder, monkeypatch, tmp_path):
    pytest.importorskip("opsdesk.reports.shiftlog")
    pypdf = pytest.importorskip("pypdf")
    written = printed_to(monkeypatch, tmp_path)
    assert page.print_record()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(str(written[-1])).pages)
    assert "永和路数据中心" in text and "机房温度" in text
