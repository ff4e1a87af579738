"""The inspection calendar: done, due, in progress, overdue; holiday checks; announcements; the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from opsdesk.cli import EXIT_OK, main
from opsdesk.ops import inspection as insp
from opsdesk.ops.errors import ValidationError
from opsdesk.ops.settings_ops import set_setting
from tests.inspection.conftest import site_id, user

TODAY = dt.date(2026, 11, 22)


def _state(items, site, kind, period):
    return next(i for i in items if i.site_id == site and i.kind == kind and i.period == period)


def test_done_due_in_progress_and_overdue(demo_store, fixed_clock):
    yhl, dr = site_id(demo_store, "YHL"), site_id(demo_store, "DR")
    with demo_store.read() as s:
        october = insp.calendar(s, None, 2026, 10, TODAY)
        november = insp.calendar(s, None, 2026, 11, TODAY)
    assert _state(october, yhl, "monthly", "2026-10").state == "done"
    assert _state(october, dr, "monthly", "2026-10").state == "overdue"
    item = _state(november, yhl, "monthly", "2026-11")
    assert (item.state, item.due, item.title, item.site_name) == (
        "due", dt.date(2026, 11, 30), "月度巡检表 2026-11", "永和路数据中心")
    with demo_store.write() as s:
        insp.open_sheet(s, user(s, "zhangwei"), dr, "monthly", "2026-11")
        items = insp.calendar(s, dr, 2026, 11, TODAY)
    assert {i.site_id for i in items} == {dr}
    assert _state(items, dr, "monthly", "2026-11").state == "in_progress"
    # a site without UPS gets no UPS checks
    with demo_store.read() as s:
        december = insp.calendar(s, None, 2026, 12, TODAY)
    assert {i.kind for i in december if i.site_id == yhl} >= {"ups_discharge", "quarterly_ups", "quarterly_deep"}
    assert not [i for i in december if i.site_id == dr and i.kind in ("ups_discharge", "quarterly_ups")]


@pytest.mark.parametrize(("month", "period", "due"), [(9, "2026 十一", dt.date(2026, 9, 30)),
                                                      (2, "2026 春节", dt.date(2026, 2, 14)),
                                                      (4, "2026 五一", dt.date(2026, 4, 30)),
                                                      (12, "2027 元旦", dt.date(2026, 12, 31))])
def test_holiday_checks_fall_on_the_official_days(demo_store, demo_users, month, period, due):
    with demo_store.write() as s:  # the demo's contract began in October: track the whole year here
        set_setting(s, demo_users["admin"], "inspection.since", "")
    with demo_store.read() as s:
        items = insp.calendar(s, site_id(demo_store, "YHL"), 2026, month, TODAY)
    (check,) = [i for i in items if i.kind == "pre_holiday"]
    assert (check.period, check.due) == (period, due)
    assert check.provisional == (period == "2027 元旦")  # 2027's notice is not in the calendar data yet


def test_nothing_is_owed_before_the_service_began(demo_store, demo_users):
    """The demo's contract began 2026-10-01: September's sheets are not overdue, they are not listed."""
    yhl = site_id(demo_store, "YHL")
    with demo_store.read() as s:
        assert insp.calendar(s, yhl, 2026, 9, TODAY) == []
        assert [i.period for i in insp.calendar(s, yhl, 2026, 10, TODAY) if i.kind == "monthly"] == ["2026-10"]
    with demo_store.write() as s:
        set_setting(s, demo_users["admin"], "inspection.since", "")
    with demo_store.read() as s:
        september = insp.calendar(s, yhl, 2026, 9, TODAY)
    assert {(i.period, i.state) for i in september if i.kind == "monthly"} == {("2026-09", "overdue")}
    with demo_store.write() as s, pytest.raises(ValidationError, match="2026-13-01"):
        set_setting(s, demo_users["admin"], "inspection.since", "2026-13-01")


def test_announcements_within_the_set_days_and_overdue(demo_store, fixed_clock):
    yhl = site_id(demo_store, "YHL")
    with demo_store.read() as s:
        items = insp.announcements(s, TODAY)
    assert not [i for i in items if i.period == "2026-11"]  # 2026-11-30 is 8 days away
    assert {(i.site_name, i.period, i.state) for i in items} >= {("容灾备份", "2026-10", "overdue")}
    assert not [i for i in items if i.site_id == yhl and i.period == "2026-10"]  # done
    assert not [i for i in items if i.due < dt.date(2026, 10, 1)]  # older misses are on the calendar, not the banner
    with demo_store.write() as s:
        set_setting(s, user(s, "admin"), "inspection.announce_days", 10)
        items = insp.announcements(s, TODAY)
    assert {i.site_name for i in items if i.period == "2026-11" and i.state == "due"} == {
        "永和路数据中心", "容灾备份", "区属医疗机构"}


def test_cli_inspection_due(demo_db_path, monkeypatch, capsys, fixed_clock):
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    assert main(["inspection", "due", "--month", "2026-10"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "2026-10 巡检安排" in out
    lines = out.splitlines()
    assert any("永和路数据中心" in ln and "月度巡检表" in ln and "已完成" in ln for ln in lines)
    assert any("容灾备份" in ln and "已逾期" in ln for ln in lines)
    assert "已完成 1 项" in out
    assert main(["inspection", "due", "--site", "YHL"]) == EXIT_OK  # this month by default
    out = capsys.readouterr().out
    assert "2026-11 巡检安排" in out and "待巡检" in out and "容灾备份" not in out
    with pytest.raises(SystemExit):
        main(["inspection", "due", "--month", "2026-13"])
