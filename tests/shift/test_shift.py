"""The shift: schedule, checklist with live values, handover, signatures, revisions, roster."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from opsdesk.models import AuditEntry, Site, Unit
from opsdesk.models.shift import ShiftStatus
from opsdesk.models.signing import verify
from opsdesk.models.users import AuthError
from opsdesk.monitor.ingest import Monitor
from opsdesk.ops import roster
from opsdesk.ops import shift as shifts
from opsdesk.ops.errors import ConflictError, ValidationError
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store
from tests.shift.fill import clear_demo_duty, tick_all

DAY = dt.date(2026, 11, 20)  # a Friday


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    clear_demo_duty(demo_store)
    return demo_store


def _site(session, name="永和路数据中心"):
    return session.scalars(select(Site).where(Site.name == name)).one()


def _start(store, user, day=DAY, code="day"):
    with store.write() as s:
        return shifts.start_shift(s, user, _site(s).id, day, code).id


def _ticks(store, shift_id):
    with store.read() as s:
        shift = shifts.get_shift(s, shift_id)
        return {tk.item_key: tk for tk in shift.ticks}


def test_the_calendar_decides_which_shifts_a_day_has(demo_store, demo_users):
    with demo_store.read() as s:
        assert shifts.scheduled_shifts(s, dt.date(2026, 2, 14)) == ["day"]  # Saturday, 调休上班
        assert shifts.scheduled_shifts(s, dt.date(2026, 2, 15)) == []  # Sunday
        assert shifts.scheduled_shifts(s, dt.date(2026, 10, 1)) == []  # 国庆节
    with demo_store.write() as s:
        set_setting(s, demo_users["supervisor"], "shift.emergency_mode", "true")
    with demo_store.read() as s:
        assert shifts.scheduled_shifts(s, dt.date(2026, 10, 1)) == ["day", "night"]  # 7×24


def test_a_night_shift_belongs_to_the_date_it_starts():
    start, end = shifts.SHIFT_DEFS["night"].window(DAY, "Asia/Shanghai")
    assert (start.date(), end.date()) == (DAY, DAY + dt.timedelta(days=1))


def test_template_edits_are_new_versions_and_never_change_a_started_shift(demo_store, demo_users):
    first = _start(demo_store, demo_users["duty"])
    with demo_store.write() as s:
        template = shifts.current_template(s)
        items = [*template.items, {"key": "fire_extinguisher", "group": "机房环境", "title": "灭火器压力检查",
                                   "source": "yesno", "required": True}]
        new = shifts.save_template(s, demo_users["supervisor"], items)
        assert new.version == 2
    with pytest.raises(Exception, match="无权"):
        with demo_store.write() as s:
            shifts.save_template(s, demo_users["duty"], items)
    assert "fire_extinguisher" not in _ticks(demo_store, first)
    second = _start(demo_store, demo_users["duty"], DAY + dt.timedelta(days=3))
    assert "fire_extinguisher" in _ticks(demo_store, second)


def _feed_readings(store, when, temperature=24.5, humidity=48.0):
    from tests.readings import D, R

    with store.read() as s:
        ac = s.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-AC-0001")).one()
    with store.write() as s:
        m = Monitor(s, when)
        m.apply(ac, "1号精密空调", D([
            R("cooling.return_temperature", temperature),
            R("cooling.return_humidity", humidity, cls="humidity", unit="%RH", label="回风湿度")]))
        m.flush()


def test_live_items_are_filled_with_the_time_of_the_reading(demo_store, demo_users, fixed_clock):
    reading_time = fixed_clock.now() - dt.timedelta(minutes=2)
    _feed_readings(demo_store, reading_time, 24.5, 48)
    sid = _start(demo_store, demo_users["duty"])
    ticks = _ticks(demo_store, sid)
    temp = ticks["room_temperature"]
    assert (temp.value, temp.status, temp.source) == ("24.5 ℃", "normal", "metric")
    assert temp.metric_at == reading_time
    assert ticks["room_humidity"].value == "48.0 %RH"
    _feed_readings(demo_store, fixed_clock.now(), 29.4, 48)
    with demo_store.write() as s:
        shift = shifts.get_shift(s, sid)
        assert shifts.autofill(s, shift) >= 1
    assert _ticks(demo_store, sid)["room_temperature"].status == "abnormal"


def test_overriding_a_live_value_needs_a_reason_and_abnormal_needs_a_followup(demo_store, demo_users, fixed_clock):
    _feed_readings(demo_store, fixed_clock.now())
    sid = _start(demo_store, demo_users["duty"])
    temp = _ticks(demo_store, sid)["room_temperature"]
    with pytest.raises(ValidationError, match="修改实时取值须填写原因"):
        with demo_store.write() as s:
            shifts.tick(s, demo_users["duty"], temp.id, "normal", value="23.0 ℃")
    with demo_store.write() as s:
        shifts.tick(s, demo_users["duty"], temp.id, "normal", value="23.0 ℃", override_reason="手持温度计复测")
    temp = _ticks(demo_store, sid)["room_temperature"]
    assert (temp.source, temp.value, temp.metric_value) == ("override", "23.0 ℃", "24.5 ℃")
    backup = _ticks(demo_store, sid)["backup_full"]
    with pytest.raises(ValidationError, match="后续处理"):
        with demo_store.write() as s:
            shifts.tick(s, demo_users["duty"], backup.id, "abnormal", note="PACS 库备份失败")
    with demo_store.write() as s:
        shifts.tick(s, demo_users["duty"], backup.id, "abnormal", note="PACS 库备份失败",
                    followup="已重跑备份并通知厂商")


def test_sign_off_refused_with_a_required_item_open_then_locked_then_revised(demo_store, demo_users):
    duty, other = demo_users["duty"], None
    with demo_store.read() as s:
        from opsdesk.ops.users import find_user

        other = find_user(s, "lina")
    with demo_store.read() as s:  # the demo's own shifts are gone, their trail is not (ids come again)
        audited_before = s.scalar(select(func.max(AuditEntry.id)))
    sid = _start(demo_store, duty)
    tick_all(demo_store, duty, sid, except_keys=("data_exchange",))
    with pytest.raises(ValidationError, match="每日业务系统交互数据检查"):
        with demo_store.write() as s:
            shifts.sign_off(s, duty, "duty-2026", other, "duty-2026", sid)
    tick_all(demo_store, duty, sid)
    with demo_store.write() as s:
        shifts.hand_over(s, duty, sid, "PACS 前置机夜间需关注")
    with pytest.raises(AuthError):
        with demo_store.write() as s:
            shifts.sign_off(s, duty, "duty-2026", other, "wrong-password", sid)
    with demo_store.read() as s:  # nothing half-signed, but the wrong password was counted
        assert shifts.latest_record(s, sid) is None
        assert shifts.get_shift(s, sid).status == ShiftStatus.HANDED_OVER
        assert find_user(s, "lina").failed_logins == 1
    with demo_store.write() as s:
        shifts.sign_off(s, duty, "duty-2026", other, "duty-2026", sid)
    with demo_store.read() as s:
        shift = shifts.get_shift(s, sid)
        assert shift.status == ShiftStatus.SIGNED and shift.incoming == "lina"
        record = shifts.latest_record(s, sid)
        assert [sg.meaning for sg in record.signatures] == ["交班人", "接班人"]
        assert [sg.printed_name for sg in record.signatures] == ["张伟", "李娜"] and verify(record) == []
        tick_id = next(tk.id for tk in shift.ticks if tk.item_key == "app_availability")
    with pytest.raises(shifts.ShiftLocked):
        with demo_store.write() as s:
            shifts.tick(s, duty, tick_id, "abnormal", followup="x")
    with pytest.raises(ValidationError, match="原因"):
        with demo_store.write() as s:
            shifts.correct(s, duty, tick_id, "  ", note="补记")
    with demo_store.write() as s:
        shifts.correct(s, duty, tick_id, "补记：17:05 影像系统短暂不可用", status="abnormal",
                       followup="已恢复，原因待查")
    with demo_store.write() as s:
        shifts.sign_off(s, duty, "duty-2026", other, "duty-2026", sid, reason="补记")
    with demo_store.read() as s:
        revisions = shifts.signed_revisions(s, sid)
        assert [r.revision for r in revisions] == [1, 2]
        assert revisions[0].snapshot != revisions[1].snapshot and revisions[1].reason.startswith("补记")
        assert len(revisions[0].signatures) == len(revisions[1].signatures) == 2
        actions = [e.action for e in s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "shift", AuditEntry.entity_id == str(sid), AuditEntry.id > audited_before))]
    assert actions.count("shift.sign") == 4 and "shift.revise" in actions and "shift.correct" in actions


def test_two_consoles_never_overwrite_each_others_ticks_silently(demo_store, demo_users):
    sid = _start(demo_store, demo_users["duty"])
    other = Store(demo_store.url)
    tk = _ticks(demo_store, sid)["ac_running"]
    with demo_store.write() as s:
        shifts.tick(s, demo_users["duty"], tk.id, "normal", note="张伟巡视", expected_version=tk.version)
    with pytest.raises(ConflictError):
        with other.write() as s:
            shifts.tick(s, demo_users["duty"], tk.id, "abnormal", followup="x", expected_version=tk.version)
    with other.read() as s:  # on refresh the other console sees the tick
        assert shifts.get_shift(s, sid).ticks[
            [t.item_key for t in shifts.get_shift(s, sid).ticks].index("ac_running")].note == "张伟巡视"
    other.close()


def test_a_tick_and_a_note_survive_sigkill(demo_db_path, isolated_home):
    cleared = Store(str(demo_db_path))
    clear_demo_duty(cleared)
    cleared.close()
    code = textwrap.dedent(f"""
        import os, signal, datetime as dt
        from sqlalchemy import select
        from opsdesk.store import Store
        from opsdesk.models import Site
        from opsdesk.ops import shift as shifts
        from opsdesk.ops.users import find_user
        store = Store({str(demo_db_path)!r})
        with store.write() as s:
            user = find_user(s, "zhangwei")
            site = s.scalars(select(Site).where(Site.name == "永和路数据中心")).one()
            sh = shifts.start_shift(s, user, site.id, dt.date(2026, 11, 20), "day")
            tick = next(t for t in sh.ticks if t.item_key == "leak_smoke")
            tick_id = tick.id
        with store.write() as s:
            shifts.tick(s, user, tick_id, "normal", note="东北角漏水绳已复位")
        os.kill(os.getpid(), signal.SIGKILL)
    """)  # noqa: S608 - Python source for the child process, not SQL
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ}, capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    store = Store(str(demo_db_path))
    with store.read() as s:
        site = _site(s)
        shift = shifts.find_shift(s, site.id, DAY, "day")
        tick = next(t for t in shift.ticks if t.item_key == "leak_smoke")
        assert (tick.status, tick.note, tick.ticked_by) == ("normal", "东北角漏水绳已复位", "zhangwei")
    store.close()


def test_roster_rules_and_leave(demo_store, demo_users, fixed_clock):
    sup = demo_users["supervisor"]
    with demo_store.read() as s:
        site_id = _site(s).id
    with demo_store.write() as s:
        roster.fill_default(s, sup, site_id, 2026, 2, ["zhangwei", "lina", "zhaolei", "sunli"])
    with demo_store.read() as s:
        assert roster.check(s, site_id, 2026, 2) == []
        grid = roster.month(s, site_id, 2026, 2)
        assert grid[("zhangwei", dt.date(2026, 2, 14))] == "day"  # 调休上班
        assert grid[("zhangwei", dt.date(2026, 2, 17))] == "off"  # 春节
    with demo_store.write() as s:
        leave = roster.request_leave(s, demo_users["duty"], dt.date(2026, 2, 9), dt.date(2026, 2, 10), "家中有事")
    with demo_store.read() as s:
        assert roster.check(s, site_id, 2026, 2) == []  # not yet approved
    with demo_store.write() as s:
        roster.decide_leave(s, sup, leave.id, approve=True)
    with demo_store.read() as s:
        problems = roster.check(s, site_id, 2026, 2)
        assert [p.day for p in problems] == [dt.date(2026, 2, 9), dt.date(2026, 2, 10)]
        assert problems[0].message() == "2026-02-09：白班仅 3 人，至少需要 4 人"
        assert roster.month(s, site_id, 2026, 2)[("zhangwei", dt.date(2026, 2, 9))] == "leave"
    with demo_store.write() as s:
        set_setting(s, sup, "shift.emergency_mode", True)
    with demo_store.read() as s:
        # February was not run 7×24: switching the mode on today does not change its rule …
        assert [p for p in roster.check(s, site_id, 2026, 2) if p.shift == "night"] == []
        # … the days to come need two on every night (December has no roster yet).
        nights = [p for p in roster.check(s, site_id, 2026, 12) if p.shift == "night"]
        assert len(nights) == 31 and nights[0].needed == 2


def test_month_overview_complete_late_missed(demo_store, demo_users, fixed_clock):
    with demo_store.read() as s:
        site_id = _site(s).id
        from opsdesk.ops.users import find_user

        lina = find_user(s, "lina")
    duty = demo_users["duty"]
    fixed_clock.set(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))  # 17:00 Shanghai
    _start(demo_store, duty, day=dt.date(2026, 11, 18))  # the duty began: started, never signed
    sid = _start(demo_store, duty)
    tick_all(demo_store, duty, sid)
    with demo_store.write() as s:
        shifts.sign_off(s, duty, "duty-2026", lina, "duty-2026", sid)
    fixed_clock.set(dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC))
    with demo_store.read() as s:
        month = shifts.month_overview(s, site_id, 2026, 11)
    assert month[dt.date(2026, 11, 20)] == {"day": "complete"}
    assert month[dt.date(2026, 11, 19)] == {"day": "missed"}
    assert month[dt.date(2026, 11, 18)] == {"day": "missed"}  # started, never signed
    assert month[dt.date(2026, 11, 17)] == {}  # before the duty began: nothing owed
    assert month[dt.date(2026, 11, 21)] == {}  # Saturday
    assert month[dt.date(2026, 11, 23)] == {"day": "future"}


def test_shift_show_from_the_cli(demo_store, demo_users, demo_db_path, monkeypatch, capsys):
    from opsdesk.cli import main

    sid = _start(demo_store, demo_users["duty"])
    tk = _ticks(demo_store, sid)["leak_smoke"]
    with demo_store.write() as s:
        shifts.tick(s, demo_users["duty"], tk.id, "normal", note="漏水绳正常")
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "lina")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    assert main(["shift", "show", "--date", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "永和路数据中心" in out and "白班" in out and "漏水、烟感检查*" in out and "漏水绳正常" in out
    assert "必检未完成" in out
    assert main(["shift", "show", "--date", "2026-11-21"]) == 1
    assert "没有白班记录" in capsys.readouterr().err


def test_shift_pdf_from_the_cli(demo_store, demo_users, demo_db_path, monkeypatch, capsys, tmp_path):
    from pypdf import PdfReader

    from opsdesk.cli import main

    sid = _start(demo_store, demo_users["duty"])
    tick_all(demo_store, demo_users["duty"], sid)
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "lina")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    out = tmp_path / "shift.pdf"
    assert main(["shift", "pdf", "--date", "2026-11-20", "--out", str(out)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "2026-11-20" in text and "永和路数据中心" in text and "演示数据" in text
