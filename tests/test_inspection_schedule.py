"""The inspection calendar against the official holiday notices (R-INSP-2)."""

from __future__ import annotations

import datetime as dt

from opsdesk.models.inspection_schedule import (
    MONTHLY,
    PRE_HOLIDAY,
    QUARTERLY_UPS,
    UPS_DISCHARGE,
    holiday_checks,
    schedule,
    upcoming,
)
from opsdesk.models.workcal import WorkCalendar


def _checks(cal, year):
    return {d.period: d for d in holiday_checks(cal, year)}


def test_pre_holiday_checks_2026_follow_the_official_calendar():
    cal = WorkCalendar()
    checks = _checks(cal, 2026)
    assert checks["2026 十一"].due == dt.date(2026, 9, 30)  # Wednesday
    assert checks["2026 春节"].due == dt.date(2026, 2, 14)  # Saturday, 调休上班: a weekday rule would miss it
    assert checks["2026 五一"].due == dt.date(2026, 4, 30)
    assert checks["2026 元旦"].due == dt.date(2025, 12, 31)
    assert not any(d.provisional for d in checks.values())


def test_a_year_without_a_notice_is_provisional_until_imported(store, demo_store, demo_users):
    cal = WorkCalendar()
    checks = _checks(cal, 2027)
    assert all(d.provisional for d in checks.values())
    assert checks["2027 十一"].due == dt.date(2027, 9, 30)  # Thursday, from the statutory days
    from opsdesk.ops.calendar import import_calendar

    notice = "\n".join(f"2027-10-0{d},休,国庆节" for d in range(1, 8)) + "\n2027-09-26,班,国庆节调休\n"
    with demo_store.write() as s:
        import_calendar(s, demo_users["admin"], notice.encode(), "2027.csv")
    with demo_store.read() as s:
        cal = WorkCalendar.load(s)
    assert not _checks(cal, 2027)["2027 十一"].provisional


def test_the_year_has_its_monthly_quarterly_and_twice_yearly_work():
    items = schedule(WorkCalendar(), 2026)
    kinds = [d.kind for d in items]
    assert kinds.count(MONTHLY) == 12 and kinds.count(QUARTERLY_UPS) == 4 and kinds.count(UPS_DISCHARGE) == 2
    assert kinds.count(PRE_HOLIDAY) == 4  # 春节, 五一, 十一 of 2026 and 元旦 2027 (checked in December 2026)
    monthly = {d.period: d.due for d in items if d.kind == MONTHLY}
    assert monthly["2026-10"] == dt.date(2026, 10, 30)  # 31st is a Saturday
    assert monthly["2026-02"] == dt.date(2026, 2, 28)  # a Saturday made a working day (调休)
    ups = {d.period: d.due for d in items if d.kind == UPS_DISCHARGE}
    assert ups == {"2026-H1": dt.date(2026, 6, 30), "2026-H2": dt.date(2026, 12, 31)}


def test_upcoming_work_is_announced_days_ahead():
    soon = upcoming(WorkCalendar(), dt.date(2026, 9, 24), 7)
    assert [d.title for d in soon] == ["月度巡检表 2026-09", "季度现场深度巡检 2026-Q3",
                                       "季度漏水及消防隐患检查 2026-Q3", "季度 UPS 巡检 2026-Q3",
                                       "节前健康检查 2026 十一"]
