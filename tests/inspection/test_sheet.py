"""Opening, filling from the monitor and by hand, signing, freezing and correcting a sheet."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models import RegisterLine, Unit, User
from opsdesk.models.signing import verify
from opsdesk.models.users import AuthError, PermissionDenied
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import inspection as insp
from opsdesk.ops.errors import ConflictError, ValidationError
from tests.conftest import NOW
from tests.inspection.conftest import PASSWORD, fill_all, site_id, user
from tests.readings import D, R


def _units(store, code: str, category: str) -> list[Unit]:
    with store.read() as s:
        return list(s.scalars(select(Unit).join(RegisterLine).where(RegisterLine.category == category,
                                                                    Unit.asset_tag.startswith(code + "-"))
                              .order_by(Unit.asset_tag)))


def _entry(sheet, unit_id, key):
    return next(e for e in sheet.entries if e.unit_id == unit_id and e.item_key == key)


def test_open_sheet_makes_one_row_per_unit_of_each_class(demo_store, demo_users, fixed_clock):
    yhl = site_id(demo_store, "YHL")
    with demo_store.write() as s:
        sheet = insp.open_sheet(s, demo_users["duty"], yhl, "monthly", "2026-11")
        sections = {sec.key: sec for sec in insp.sheet_rows(s, sheet)}
        assert sheet.due == dt.date(2026, 11, 30) and sheet.status == "draft" and not sheet.provisional
        assert [r.asset_tag for r in sections["ups"].rows] == [
            u.asset_tag for u in _units(demo_store, "YHL", "ups")]
        assert len(sections["ac"].rows) == 2 and len(sections["server"].rows) == 46
        assert "peripheral" not in sections  # the monthly sheet has no KVM section
        (room,) = sections["room"].rows
        assert room.unit_id is None and room.name == "机房" and "dual_pdu" in room.entries
        ups_row = sections["ups"].rows[0]
        assert ups_row.location.endswith("主机房") and set(ups_row.entries) == {c.key for c in sections["ups"].columns}
        again = insp.open_sheet(s, demo_users["supervisor"], yhl, "monthly", "2026-11")
        assert again.id == sheet.id and len(again.entries) == len(sheet.entries)
        with pytest.raises(ValidationError):
            insp.open_sheet(s, demo_users["duty"], yhl, "monthly", "2026-13")


def test_autofill_takes_the_monitors_last_values_with_their_time(demo_store, demo_users, fixed_clock):
    ups = _units(demo_store, "YHL", "ups")[0]
    ac = _units(demo_store, "YHL", "cooling")[0]
    read_at = NOW - dt.timedelta(minutes=5)
    with demo_store.write() as s:
        m = Monitor(s, read_at)
        m.apply(ups.id, ups.asset_tag, D([
            R("ups.output.load", 35.0, cls="load", label="输出负载", unit="%"),
            R("ups.battery.charge", 100.0, cls="percent", label="电池容量", unit="%"),
            R("ups.output.source", 3, cls="state", label="输出来源", unit="", text="正常 (市电逆变)",
              state_meaning="正常 (市电逆变)", severity="ok"),
        ], profiles=("ups-mib",)))
        m.apply(ac.id, ac.asset_tag, D([R("cooling.return_temperature", 29.5), R("cooling.return_humidity", 48.0,
                                                                                   cls="humidity", unit="%RH")]))
        m.flush()
    with demo_store.write() as s:
        sheet = insp.open_sheet(s, demo_users["duty"], site_id(demo_store, "YHL"), "monthly", "2026-11")
        load = _entry(sheet, ups.id, "load")
        assert (load.value, load.result, load.source) == (35.0, "ok", "monitor")
        assert load.read_at.replace(tzinfo=dt.UTC) == read_at
        assert _entry(sheet, ups.id, "source").result == "ok"
        hot = _entry(sheet, ac.id, "return_temp")
        assert (hot.value, hot.result) == (29.5, "abnormal") and hot.note  # outside 18–28 ℃
        room_temp = next(e for e in sheet.entries if e.unit_id is None and e.item_key == "room_temp")
        assert room_temp.value == 29.5 and room_temp.source == "monitor"  # the room: the warmest reading
        assert _entry(sheet, ups.id, "alarms").result == ""  # not in the monitor: entered by hand
        # an engineer's value stays when the monitor is read again
        insp.enter(s, demo_users["duty"], load.id, value=36.0)
        snap = insp.snapshot(s, sheet)
    with demo_store.write() as s:
        m = Monitor(s, NOW)
        m.apply(ups.id, ups.asset_tag, D([R("ups.output.load", 50.0, cls="load", label="输出负载", unit="%")]))
        m.flush()
    with demo_store.write() as s:
        sheet = insp.get_sheet(s, sheet.id)
        insp.autofill(s, demo_users["duty"], sheet)
        assert _entry(sheet, ups.id, "load").value == 36.0
        assert _entry(sheet, ups.id, "battery_charge").value == 100.0
    ups_row = next(r for sec in snap["sections"] if sec["key"] == "ups"
                   for r in sec["rows"] if r["asset_tag"] == ups.asset_tag)
    assert ups_row["values"]["load"]["text"] == "36 %" and ups_row["values"]["load"]["source"] == "manual"
    assert ups_row["values"]["battery_charge"] == {"text": "100 %", "value": 100.0, "result": "ok", "source": "monitor",
                                                   "read_at": "2026-11-22 09:55", "note": ""}
    ac_row = next(r for sec in snap["sections"] if sec["key"] == "ac"
                  for r in sec["rows"] if r["asset_tag"] == ac.asset_tag)
    assert ac_row["values"]["return_temp"]["text"] == "29.5 ℃"


def test_a_value_outside_its_range_is_abnormal_and_needs_a_note(demo_store, demo_users, dr_sheet):
    duty = demo_users["duty"]
    with demo_store.write() as s:
        sheet = insp.get_sheet(s, dr_sheet)
        temp = next(e for e in sheet.entries if e.item_key == "room_temp")
        with pytest.raises(ValidationError, match="超出正常范围 18–28 ℃"):
            insp.enter(s, duty, temp.id, value=30.2)
    with demo_store.write() as s:
        temp = insp.enter(s, duty, temp.id, value=30.2, note="2 号空调压缩机故障，已报修")
        assert temp.result == "abnormal" and temp.source == "manual"
        version = temp.version
        temp = insp.enter(s, duty, temp.id, value=24.5, note="", expected_version=version)
        assert temp.result == "ok"
        with pytest.raises(ConflictError):
            insp.enter(s, duty, temp.id, value=25, expected_version=version)
        leak = next(e for e in sheet.entries if e.item_key == "leak")
        with pytest.raises(ValidationError, match="异常项须填写说明"):
            insp.enter(s, duty, leak.id, result="abnormal")
        insp.enter(s, duty, leak.id, result="abnormal", note="空调加湿进水管接头渗水")
        with pytest.raises(ValidationError):
            insp.enter(s, duty, leak.id, result="broken")
        snap = insp.snapshot(s, insp.get_sheet(s, dr_sheet))
    room = next(sec for sec in snap["sections"] if sec["key"] == "room")["rows"][0]["values"]
    assert room["room_temp"]["text"] == "24.5 ℃" and room["leak"]["text"] == "异常"
    assert room["leak"]["note"] == "空调加湿进水管接头渗水"
    from opsdesk.models.audit import AuditEntry

    with demo_store.read() as s:
        actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "inspection"))]
    assert actions.count("inspection.enter") == 4 and "inspection.open" in actions


def test_signing_order_and_roles(demo_store, demo_users, dr_sheet):
    with demo_store.write() as s:
        with pytest.raises(ValidationError, match="须巡检人先签字"):
            insp.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], dr_sheet)
        with pytest.raises(ValidationError, match="未填写"):
            insp.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], dr_sheet)
    fill_all(demo_store, dr_sheet)
    with demo_store.write() as s:
        with pytest.raises(AuthError):
            insp.sign_as_inspector(s, user(s, "zhangwei"), "wrong", dr_sheet)
    with demo_store.read() as s:
        assert user(s, "zhangwei").failed_logins == 1  # counted and kept
        assert insp.get_sheet(s, dr_sheet).status == "draft"
    with demo_store.write() as s:
        sheet = insp.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], dr_sheet, image_png=b"\x89PNG-ink")
        assert sheet.status == "inspected"
    with demo_store.write() as s:
        with pytest.raises(PermissionDenied):  # a duty engineer cannot sign as reviewer
            insp.sign_as_reviewer(s, user(s, "lina"), PASSWORD["lina"], dr_sheet)
        with pytest.raises(insp.SheetLocked):
            insp.sign_as_inspector(s, user(s, "lina"), PASSWORD["lina"], dr_sheet)
        sheet = insp.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], dr_sheet)
        assert sheet.status == "reviewed"
        record = insp.latest_record(s, dr_sheet)
        assert [(g.meaning, g.printed_name, g.role) for g in record.signatures] == [
            ("巡检人", "张伟", "duty"), ("审核人", "王芳", "supervisor")]
        assert record.signatures[0].image_png == b"\x89PNG-ink" and record.snapshot["inspected_by"] == "张伟"
        assert verify(record) == []


def test_the_same_person_cannot_sign_both(demo_store, demo_users, dr_sheet):
    fill_all(demo_store, dr_sheet, by="admin")
    with demo_store.write() as s:
        insp.sign_as_inspector(s, user(s, "admin"), PASSWORD["admin"], dr_sheet)
    with demo_store.write() as s:
        with pytest.raises(ValidationError, match="不能与巡检人为同一人"):
            insp.sign_as_reviewer(s, user(s, "admin"), PASSWORD["admin"], dr_sheet)


def test_signed_sheet_is_frozen_and_a_correction_is_revision_two(demo_store, demo_users, dr_sheet, fixed_clock):
    fill_all(demo_store, dr_sheet)
    with demo_store.write() as s:
        insp.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], dr_sheet)
        insp.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], dr_sheet)
    with demo_store.read() as s:
        first = insp.latest_record(s, dr_sheet)
        first_hash, first_signed, first_code = first.content_hash, first.signed_hash(), insp.record_code(first)
    with demo_store.write() as s:
        temp = next(e for e in insp.get_sheet(s, dr_sheet).entries if e.item_key == "room_temp")
        with pytest.raises(insp.SheetLocked):
            insp.enter(s, demo_users["duty"], temp.id, value=26)
        with pytest.raises(insp.SheetLocked):
            insp.set_findings(s, demo_users["duty"], dr_sheet, "改", "")
        with pytest.raises(ValidationError):
            insp.correct(s, demo_users["duty"], dr_sheet, "  ")
    fixed_clock.advance(hours=2)
    with demo_store.write() as s:
        sheet = insp.correct(s, demo_users["duty"], dr_sheet, "机房温度抄录错误")
        assert sheet.status == "draft"
        insp.enter(s, demo_users["duty"], temp.id, value=26)
        insp.set_findings(s, demo_users["duty"], dr_sheet, "机房温度更正为 26 ℃。", "无。")
        assert insp.latest_record(s, dr_sheet).revision == 1  # revision 2 is not signed yet
        insp.sign_as_inspector(s, user(s, "lina"), PASSWORD["lina"], dr_sheet)
        insp.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], dr_sheet)
    with demo_store.read() as s:
        old, new = insp.signed_revisions(s, dr_sheet)
        assert (old.revision, new.revision, new.reason) == (1, 2, "机房温度抄录错误")
        assert [g.printed_name for g in new.signatures] == ["李娜", "王芳"]
        assert old.content_hash == first_hash and old.signed_hash() == first_signed and verify(old) == []

        def room(rec):
            return next(x for x in rec.snapshot["sections"] if x["key"] == "room")["rows"][0]["values"]

        assert room(old)["room_temp"]["text"] != "26 ℃" and room(new)["room_temp"]["text"] == "26 ℃"
        assert (old.snapshot["revision"], new.snapshot["revision"]) == (1, 2)
        assert insp.record_for_code(s, first_code).id == old.id
        assert insp.record_for_code(s, insp.record_code(new).replace("-", "").lower()).id == new.id
        assert insp.record_for_code(s, "AAAA-AAAA") is None


def test_the_demo_has_octobers_sheet_signed(demo_store):
    with demo_store.read() as s:
        sheet = insp.find_sheet(s, site_id(demo_store, "YHL"), "monthly", "2026-10")
        record = insp.latest_record(s, sheet.id)
        assert sheet.status == "reviewed" and verify(record) == []
        assert [(g.meaning, g.username) for g in record.signatures] == [("巡检人", "lina"), ("审核人", "wangfang")]
        assert record.signatures[0].signed_at.date() == dt.date(2026, 10, 30)
        assert insp.find_sheet(s, site_id(demo_store, "YHL"), "monthly", "2026-11") is None
        assert isinstance(user(s, "lina"), User)
