"""The shift and roster screens' read models (issue 15): typed queries over a session that
return frozen records, shared by the console and the tests — no ORM instance in them, so
they cross from the worker thread to the GUI thread safely. Qt-free."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models import Site
from opsdesk.models.shift import ChecklistTemplate
from opsdesk.ops import roster, shift_rows
from opsdesk.ops import shift as shifts
from opsdesk.ops.errors import NotFound
from opsdesk.ops.roster_rows import load_month
from tests.shift.fill import clear_demo_duty, tick_all

DAY = dt.date(2026, 11, 20)  # a Friday: a day shift is scheduled
PASSWORD = "duty-2026"


@pytest.fixture
def demo_store(demo_store):
    """The demo without its own weeks on duty."""
    clear_demo_duty(demo_store)
    return demo_store


def _site_id(session) -> int:
    return session.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()


def _plain(value, path="record") -> None:
    """Nothing of the ORM inside a record: dataclasses, tuples, dicts, dates and scalars only."""
    if dataclasses.is_dataclass(value):
        assert type(value).__dataclass_params__.frozen, path
        for f in dataclasses.fields(value):
            _plain(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for n, item in enumerate(value):
            _plain(item, f"{path}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _plain(key, f"{path} key")
            _plain(item, f"{path}[{key!r}]")
    else:
        assert value is None or isinstance(value, (str, int, float, bool, dt.date)), (path, type(value))


def test_sites_and_the_chosen_shift_before_and_after_it_starts(demo_store, demo_users, fixed_clock):
    with demo_store.read() as s:
        sites = shift_rows.site_choices(s)
        site = next(c for c in sites if c.name == "永和路数据中心")
        assert site.timezone == "Asia/Shanghai"
        choice = shift_rows.shift_choice(s, site.id, DAY, "day")
    assert choice == shift_rows.ShiftChoice(("day",), None)
    with demo_store.write() as s:
        state = shift_rows.start_and_read(s, demo_users["duty"], site.id, DAY, "day")
    _plain(state)
    assert state.on_duty == ("zhangwei",) and state.on_duty_names == ("张伟",) and state.day == DAY
    with demo_store.read() as s:
        assert shift_rows.shift_choice(s, site.id, DAY, "day").shift_id == state.id
        assert shift_rows.find_shift_id(s, site.id, DAY, "night") is None
        with pytest.raises(NotFound):
            shift_rows.current_shift(s, 9999)


def test_history_month_and_a_signed_shifts_record(demo_store, demo_users, fixed_clock):
    duty = demo_users["duty"]
    with demo_store.write() as s:
        site_id = _site_id(s)
        shift_id = shifts.start_shift(s, duty, site_id, DAY).id
    tick_all(demo_store, duty, shift_id)
    with demo_store.write() as s:
        lina = s.scalars(select(type(duty)).where(type(duty).username == "lina")).one()
        shifts.sign_off(s, duty, PASSWORD, lina, PASSWORD, shift_id)
    with demo_store.read() as s:
        month = shift_rows.history_month(s, site_id, 2026, 11)
        record = shift_rows.shift_record(s, shift_id)
        view = shift_rows.handover_view(s, shift_id)
    _plain(month)
    _plain(record)
    _plain(view)
    assert month.overview[DAY]["day"] in ("complete", "late") and month.infos[DAY].workday
    assert month.timezone == "Asia/Shanghai" and set(month.infos) == set(month.overview)
    assert record.state.signed and [r.revision for r in record.state.revisions] == [1]
    rows = record.rows_of_revision(1)
    assert rows and all(r.tick_id is None and r.status for r in rows)  # as signed: a snapshot
    assert record.names["lina"] == "李娜" and view.state.id == shift_id and view.names["zhangwei"] == "张伟"


def test_template_view_makes_the_shipped_template_version_1(demo_store):
    with demo_store.write() as s:
        view = shift_rows.template_view(s)
        count = len(list(s.scalars(select(ChecklistTemplate))))
    _plain(view)
    assert view.version == 1 and count >= 1 and view.items
    assert [v.version for v in view.versions] == [1] and view.versions[0].count == len(view.items)


def test_roster_month_says_who_can_be_rostered_and_whether_it_is_the_demo(demo_store, demo_users, fixed_clock):
    boss = demo_users["supervisor"]
    with demo_store.write() as s:
        site_id = _site_id(s)
        roster.fill_default(s, boss, site_id, 2026, 2, ["zhangwei", "lina"])
    with demo_store.read() as s:
        month = load_month(s, site_id, 2026, 2)
        with pytest.raises(NotFound):
            load_month(s, 9999, 2026, 2)
    _plain(month)
    assert month.demo is True
    assert {name for name, _ in month.rosterable} == {"zhangwei", "lina", "chenjing", "liuyang", "wangfang"}
    assert month.grid[("zhangwei", dt.date(2026, 2, 14))] == "day"
