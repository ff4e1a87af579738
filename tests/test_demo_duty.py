"""The demo on duty is consistent with itself (issue 13, item 7): this month's roster meets the
rules, the two weeks before today are signed day shifts that verify, a past week ran 7×24 with
day and night shifts, nothing is 漏签 before the duty log began, and the signed inspection sheet
is the one the README names. The demo's clock stands at tests.conftest.NOW (Sunday 2026-11-22,
10:00 in Shanghai)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from opsdesk import paths
from opsdesk.demo.duty import ENGINEERS
from opsdesk.models import settings
from opsdesk.models.equipment import Site
from opsdesk.models.inspection import Inspection
from opsdesk.models.settings import Setting
from opsdesk.models.shift import Shift, ShiftStatus
from opsdesk.models.signing import SignedPaper, latest, verify
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import duty_rules, papers, roster
from opsdesk.ops import shift as shifts
from opsdesk.ops.settings_ops import set_setting

TODAY = dt.date(2026, 11, 22)
LAST_MONTH = "2026-10"


def _site(session, code="YHL") -> Site:
    return session.scalars(select(Site).where(Site.code == code)).one()


def _emergency_days(session) -> list[dt.date]:
    periods = duty_rules.EmergencyHistory.load(session).periods()
    assert len(periods) == 1, periods
    start, end = periods[0]
    assert start is not None and end is not None  # switched on, then off again
    days = duty_rules.emergency_days(session, [TODAY - dt.timedelta(days=n) for n in range(1, 40)])
    return sorted(days)


def test_this_months_roster_meets_the_rules(demo_store, fixed_clock):
    with demo_store.read() as s:
        site = _site(s)
        assert settings.get(s, "roster.min_workday") == 4
        assert s.get(Setting, "roster.min_workday") is not None  # pinned, not a default
        for year, month in ((2026, 10), (2026, 11)):  # from the contract's start to this month
            assert [p.message() for p in roster.check(s, site.id, year, month)] == []
        grid = roster.month(s, site.id, 2026, 11)
        calendar = WorkCalendar.load(s)
        emergency = set(_emergency_days(s))
        for day in roster.month_days(2026, 11):
            on = {code: {name for (name, d), c in grid.items() if d == day and c == code} for code in ("day", "night")}
            if day in emergency:  # 7×24: two a shift, every day
                assert len(on["day"]) >= 2 and len(on["night"]) >= 2 and not on["day"] & on["night"], day
            elif calendar.is_workday(day):  # 5×8: the four engineers
                assert on["day"] == set(ENGINEERS), day
            else:
                assert not on["day"] and not on["night"], day
        # leave: asked for and approved in advance, in next month (not planned yet)
        leave = roster.approved_leave(s, dt.date(2026, 10, 1), dt.date(2026, 12, 31))
        assert [(r.username, r.first_day.month, r.decided_by) for r in leave] == [("chenjing", 12, "wangfang")]
        assert calendar.is_workday(leave[0].first_day)


def test_two_weeks_of_signed_day_shifts_before_today_verify(demo_store, fixed_clock):
    calendar = WorkCalendar.load
    with demo_store.read() as s:
        site = _site(s)
        cal = calendar(s)
        days = [TODAY - dt.timedelta(days=n) for n in range(14, 0, -1)]
        workdays = [d for d in days if cal.is_workday(d)]
        assert len(workdays) == 10
        found = {sh.day: sh for sh in s.scalars(select(Shift).where(Shift.site_id == site.id, Shift.code == "day",
                                                                     Shift.day.in_(days)))}
        assert sorted(found) == workdays  # no day shift on the weekends of those weeks
        leads = set()
        for day in workdays:
            sh = found[day]
            assert sh.status == ShiftStatus.SIGNED
            record = latest(s, "shift", sh.id)
            assert verify(record) == []
            signers = {sig.meaning: sig.username for sig in record.signatures}
            assert set(signers) == {"交班人", "接班人"} and signers["交班人"] != signers["接班人"]
            assert set(signers.values()) <= set(ENGINEERS) and set(sh.on_duty) == set(ENGINEERS)
            leads.add(sh.outgoing)
            # the checklist ticked with values: the room's readings of that morning
            items = shifts.items_by_key(sh)
            assert all(tk.status == "normal" for tk in sh.ticks)
            temperature = next(tk for tk in sh.ticks if tk.item_key == "room_temperature")
            assert re.fullmatch(r"2\d\.\d ℃", temperature.value)
            assert all(tk.value for tk in sh.ticks if items[tk.item_key]["source"] != "yesno")
            assert sh.handover_notes and sh.signed_at.date() == day
            # the kept paper verifies as `opsdesk verify` would check a printed copy
            paper = s.scalars(select(SignedPaper).where(SignedPaper.signed_record_id == record.id)
                              .order_by(SignedPaper.signatures.desc())).first()
            assert papers.verify(s, paper.pdf).status == "match"
        assert leads == set(ENGINEERS)  # the lead rotates


def test_the_excursions_are_in_the_handover_of_their_day(demo_store, fixed_clock):
    with demo_store.read() as s:
        notes = {sh.day: sh.handover_notes for sh in s.scalars(select(Shift).where(Shift.code == "day"))}
    assert "回风温度" in notes[dt.date(2026, 11, 19)] and "张伟确认" in notes[dt.date(2026, 11, 19)]
    assert "回风温度" in notes[dt.date(2026, 11, 17)] and "李娜确认" in notes[dt.date(2026, 11, 17)]


def test_a_past_week_ran_7x24_with_day_and_night_shifts(demo_store, fixed_clock):
    with demo_store.read() as s:
        site = _site(s)
        assert settings.get(s, "shift.emergency_mode") is False  # over
        days = _emergency_days(s)
        assert len(days) == 7 and days[-1] < TODAY - dt.timedelta(days=14)
        assert days == [days[0] + dt.timedelta(days=n) for n in range(7)]
        assert any(d.weekday() >= 5 for d in days)  # the weekend too
        minimum = settings.get(s, "roster.min_emergency_shift")
        recorded = {(sh.day, sh.code): sh for sh in s.scalars(select(Shift).where(Shift.site_id == site.id))}
        for day in days:
            for code in ("day", "night"):
                sh = recorded[(day, code)]
                assert sh.status == ShiftStatus.SIGNED and len(sh.on_duty) >= minimum
                assert verify(latest(s, "shift", sh.id)) == []
        overview = shifts.month_overview(s, site.id, 2026, 11)
        for day in days:
            assert overview[day] == {"day": "complete", "night": "complete"}, day
        after = days[-1] + dt.timedelta(days=1)
        assert (after, "night") not in recorded and "night" not in overview[after]


def test_no_missed_shift_before_the_demo_began(demo_store, fixed_clock):
    with demo_store.read() as s:
        began = min(sh.day for sh in s.scalars(select(Shift)))
        assert began == _emergency_days(s)[0]
        for site in s.scalars(select(Site)):
            for month in (9, 10, 11):
                overview = shifts.month_overview(s, site.id, 2026, month)
                missed = {d: row for d, row in overview.items() if "missed" in row.values()}
                assert missed == {}, (site.name, month)
                assert all(row == {} for d, row in overview.items() if d < began), (site.name, month)


def test_the_signed_inspection_sheet_is_the_month_the_readme_names(demo_store, fixed_clock):
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("The demo room lives:"):]
    paragraph = paragraph[:paragraph.index("\n\n")]
    assert "last month's monthly inspection sheet of 永和路数据中心" in paragraph
    assert "first of last month" in paragraph and "October" not in paragraph
    with demo_store.read() as s:
        assert settings.get(s, "inspection.since") == f"{LAST_MONTH}-01"
        signed = [sheet for sheet in s.scalars(select(Inspection)) if sheet.status == "reviewed"]
        assert [(sheet.site.name, sheet.period) for sheet in signed] == [("永和路数据中心", LAST_MONTH)]
        record = latest(s, "inspection", signed[0].id)
        assert sorted(sig.printed_name for sig in record.signatures) == sorted(["李娜", "王芳"])


# -- the rules the demo's history relies on (opsdesk.ops.duty_rules) ----------------------------

def test_emergency_mode_switched_on_today_does_not_reach_into_the_past(demo_store, demo_users, fixed_clock):
    with demo_store.write() as s:
        set_setting(s, demo_users["supervisor"], "shift.emergency_mode", True)
    with demo_store.read() as s:
        history = duty_rules.EmergencyHistory.load(s)
        calendar = WorkCalendar.load(s)
        assert duty_rules.shifts_for(TODAY, calendar, history) == ["day", "night"]  # a Sunday, 7×24 now
        assert duty_rules.shifts_for(TODAY + dt.timedelta(days=6), calendar, history) == ["day", "night"]
        last_saturday = TODAY - dt.timedelta(days=1)
        assert duty_rules.shifts_for(last_saturday, calendar, history) == []  # was 5×8 then
        assert len(history.periods()) == 2 and history.periods()[-1][1] is None


def test_a_setting_written_without_the_trail_holds_for_every_day(store):
    with store.write() as s:
        s.add(Setting(key="shift.emergency_mode", value=True, updated_by="test"))
    with store.read() as s:
        history = duty_rules.EmergencyHistory.load(s)
        assert history.changes == () and history.periods() == [(None, None)]
        assert duty_rules.shifts_for(dt.date(2026, 10, 1), WorkCalendar.load(s), history) == ["day", "night"]


@pytest.mark.parametrize("code", ["DR", "QS"])
def test_a_site_that_never_kept_a_duty_log_owes_nothing_before_today(demo_store, fixed_clock, code):
    with demo_store.read() as s:
        site = _site(s, code)
        assert duty_rules.duty_began(s, site.id) is None
        owed = duty_rules.owed_shifts(s, site.id, dt.date(2026, 11, 16), dt.date(2026, 11, 24))
    assert all(owed[d] == [] for d in owed if d < TODAY)
    assert owed[dt.date(2026, 11, 23)] == ["day"] and owed[TODAY] == []  # a Monday ahead; today is Sunday
