"""Issue 13's rules of the shift, without Qt: an item filled in by hand (人工填写) is 正常 only
with its result; a refused sign-off says whose password it was; and a day before the site's
duty began is never 漏签."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models import Site
from opsdesk.models.users import AuthError
from opsdesk.ops import shift as shifts
from opsdesk.ops.errors import ValidationError
from opsdesk.ops.users import find_user
from tests.shift.fill import clear_demo_duty, tick_all

DAY = dt.date(2026, 11, 20)  # a Friday
UTC = dt.UTC


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty: these tests run shifts of their own on those days."""
    clear_demo_duty(demo_store)
    return demo_store


def _site_id(store, name="永和路数据中心") -> int:
    with store.read() as s:
        return s.scalars(select(Site.id).where(Site.name == name)).one()


def _start(store, user, day=DAY) -> int:
    with store.write() as s:
        return shifts.start_shift(s, user, _site_id(store), day, "day").id


def _tick(store, user, tick_id, status, **kwargs):
    with store.write() as s:
        return shifts.tick(s, user, tick_id, status, **kwargs).status


def _stored(store, shift_id, key):
    with store.read() as s:
        return next(tk for tk in shifts.get_shift(s, shift_id).ticks if tk.item_key == key)


def test_a_manual_item_is_normal_only_with_its_result(demo_store, demo_users):
    duty = demo_users["duty"]
    sid = _start(demo_store, duty)
    database = _stored(demo_store, sid, "database_status")  # 数据库状态检查: 人工填写
    with pytest.raises(ValidationError) as refused:
        _tick(demo_store, duty, database.id, "normal")
    assert refused.value.field == "value" and str(refused.value) == (
        "请先填写检查结果：人工填写的项目须有结果才能标为正常。")
    with pytest.raises(ValidationError):
        _tick(demo_store, duty, database.id, "normal", value="   ")  # blanks are no result
    assert _stored(demo_store, sid, "database_status").status is None  # nothing half-saved
    assert _tick(demo_store, duty, database.id, "normal", value="实例正常，表空间余 38%") == "normal"
    with pytest.raises(ValidationError):  # nor can the result be wiped from a 正常 item afterwards
        with demo_store.write() as s:
            shifts.tick(s, duty, database.id, None, value="")
    assert _stored(demo_store, sid, "database_status").value == "实例正常，表空间余 38%"
    # The rule is about 正常 of a manual item only.
    space = _stored(demo_store, sid, "space_trend")
    assert _tick(demo_store, duty, space.id, "na") == "na"
    ac = _stored(demo_store, sid, "ac_running")  # a yes/no item: the status says it all
    assert _tick(demo_store, duty, ac.id, "normal") == "normal"
    # A result first, 正常 afterwards, is as good.
    errors = _stored(demo_store, sid, "database_errors")
    with demo_store.write() as s:
        shifts.tick(s, duty, errors.id, None, value="无新增错误")
    assert _tick(demo_store, duty, errors.id, "normal") == "normal"


def test_a_refused_sign_off_says_whose_password_it_was(demo_store, demo_users):
    duty = demo_users["duty"]
    with demo_store.read() as s:
        lina = find_user(s, "lina")
    sid = _start(demo_store, duty)
    tick_all(demo_store, duty, sid)
    for outgoing_pw, incoming_pw, whose in (("duty-2026", "wrong-one", "incoming"),
                                            ("not-mine", "duty-2026", "outgoing")):
        with pytest.raises(shifts.SignerRefused) as refused:
            with demo_store.write() as s:
                shifts.sign_off(s, duty, outgoing_pw, lina, incoming_pw, sid)
        assert refused.value.signer == whose and isinstance(refused.value, AuthError) and "密码" in str(refused.value)
    with demo_store.read() as s:
        assert shifts.latest_record(s, sid) is None


def test_no_shift_is_missed_before_the_duty_began(demo_store, demo_users, fixed_clock):
    site_id = _site_id(demo_store)
    with demo_store.read() as s:  # a site that never kept its log here owes nothing past
        november = shifts.month_overview(s, site_id, 2026, 11)
    assert not any("missed" in row.values() for row in november.values())
    assert november[dt.date(2026, 11, 23)] == {"day": "future"}
    fixed_clock.set(dt.datetime(2026, 11, 18, 1, 0, tzinfo=UTC))  # 09:00 on Wednesday the 18th
    _start(demo_store, demo_users["duty"], dt.date(2026, 11, 18))  # the duty begins
    fixed_clock.set(dt.datetime(2026, 11, 22, 2, 0, tzinfo=UTC))
    with demo_store.read() as s:
        november = shifts.month_overview(s, site_id, 2026, 11)
        october = shifts.month_overview(s, site_id, 2026, 10)
    assert november[dt.date(2026, 11, 17)] == {}  # before it: not 漏签
    assert november[dt.date(2026, 11, 2)] == {}
    assert november[dt.date(2026, 11, 18)] == {"day": "missed"}  # started, never signed
    assert november[dt.date(2026, 11, 19)] == november[dt.date(2026, 11, 20)] == {"day": "missed"}
    assert november[dt.date(2026, 11, 21)] == {}  # Saturday
    assert november[dt.date(2026, 11, 23)] == {"day": "future"}
    assert not any(october.values())
