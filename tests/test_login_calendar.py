"""Logging in with lock-out, and the one working-day calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models import AuditEntry
from opsdesk.models.users import AuthError, PermissionDenied
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import users
from opsdesk.ops.auth import authenticate
from opsdesk.ops.calendar import CalendarImportError, import_calendar


def _login(store, name, password):
    with store.write() as session:
        return authenticate(session, name, password)


def test_passwords_are_argon2id_hashes(demo_store):
    with demo_store.read() as session:
        user = users.find_user(session, "zhangwei")
    assert user.password_hash.startswith("$argon2id$") and "duty-2026" not in user.password_hash


def test_five_wrong_passwords_lock_the_account_for_15_minutes(demo_store, fixed_clock):
    for _ in range(5):  # the fifth locks the account; the message is the same (no user name is confirmed)
        with pytest.raises(AuthError, match="^用户名或密码错误；多次输错后账号将被暂时锁定。$"):
            _login(demo_store, "zhangwei", "wrong")
    with pytest.raises(AuthError, match="^用户名或密码错误；多次输错后账号将被暂时锁定。$"):  # even the right password
        _login(demo_store, "zhangwei", "duty-2026")
    fixed_clock.advance(minutes=15, seconds=1)
    assert _login(demo_store, "zhangwei", "duty-2026").username == "zhangwei"
    with demo_store.read() as session:
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "user.locked")).one().actor == "zhangwei"


def test_unknown_user_and_disabled_account(demo_store, demo_users):
    with pytest.raises(AuthError, match="用户名或密码错误"):
        _login(demo_store, "nobody", "x")
    with demo_store.write() as session:
        users.set_disabled(session, demo_users["admin"], "lina")
    with pytest.raises(AuthError, match="已停用"):
        _login(demo_store, "lina", "duty-2026")


def test_first_administrator_needs_no_actor_but_nobody_else_does(store):
    with pytest.raises(PermissionDenied):
        with store.write() as session:
            users.add_user(session, None, "duty1", "password-123", "duty")
    with store.write() as session:
        users.add_user(session, None, "root", "password-123", "admin")
    with pytest.raises(PermissionDenied):
        with store.write() as session:
            users.add_user(session, None, "root2", "password-123", "admin")


# -- calendar --------------------------------------------------------------------------------

def test_adjusted_working_days_and_holidays_2026(store):
    with store.read() as session:
        cal = WorkCalendar.load(session)
    assert cal.is_workday(dt.date(2026, 2, 14))  # Saturday, 调休上班 before 春节
    assert cal.info(dt.date(2026, 2, 14)).name == "调休上班"
    assert not cal.is_workday(dt.date(2026, 2, 17))  # 春节
    assert not cal.is_workday(dt.date(2026, 10, 1))
    assert cal.is_workday(dt.date(2026, 9, 30))  # Wednesday before 十一
    assert cal.previous_workday(dt.date(2026, 10, 1)) == dt.date(2026, 9, 30)
    assert cal.previous_workday(dt.date(2026, 2, 15)) == dt.date(2026, 2, 14)
    assert cal.is_official(2026)


def test_a_year_without_a_notice_is_provisional_until_imported(store, demo_store, demo_users):
    with store.read() as session:
        cal = WorkCalendar.load(session)
    assert not cal.is_official(2027)
    assert not cal.info(dt.date(2027, 10, 1)).workday and not cal.info(dt.date(2027, 10, 1)).official
    notice = "日期,类型,名称\n2027-10-01,休,国庆节\n2027-10-02,休,国庆节\n2027-10-09,班,国庆节调休\n".encode("gbk")
    with demo_store.write() as session:
        assert import_calendar(session, demo_users["admin"], notice, "2027.csv") == 3
    with demo_store.read() as session:
        cal = WorkCalendar.load(session)
    assert cal.is_official(2027)
    assert cal.is_workday(dt.date(2027, 10, 9))  # a Saturday made a working day by the notice
    assert cal.info(dt.date(2027, 10, 9)).name == "国庆节调休"


@pytest.mark.parametrize(
    "content, message",
    [("2027-13-01,休,x\n", "第 1 行：“2027-13-01”不是日期"), ("2027-10-01,玩,x\n", "第 1 行：类型“玩”"),
     ("2027-10-01,休,x\n2027-10-01,班,y\n", "第 2 行：2027-10-01 重复出现"), ("\n", "没有任何日期")],
)
def test_a_bad_notice_file_is_refused_whole(demo_store, demo_users, content, message):
    with pytest.raises(CalendarImportError, match=message):
        with demo_store.write() as session:
            import_calendar(session, demo_users["admin"], content.encode(), "bad.csv")
