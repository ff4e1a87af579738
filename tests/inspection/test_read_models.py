"""What the inspection screens read (issue 15): frozen records, read in one session and safe
to hand to another thread — the sheet, a value stored, the calendar month, the reminder."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from opsdesk.ops import inspection as insp
from opsdesk.ops import inspection_lists
from opsdesk.ops.errors import ConflictError
from opsdesk.ops.inspection_sheet import enter_cell, load_revisions, load_sheet
from tests.inspection.conftest import PASSWORD, fill_all, site_id, user

TODAY = dt.date(2026, 11, 22)


def test_the_sheet_is_plain_frozen_data(demo_store, dr_sheet):
    with demo_store.read() as s:
        state = load_sheet(s, dr_sheet)
    # read after the session closed: nothing is loaded lazily from it
    assert (state.site_name, state.title, state.status, state.locked) == (
        "容灾备份", "月度巡检表 2026-11", "draft", False)
    filled, total, abnormal = state.counts()
    assert total > 0 and filled <= total and abnormal == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.status = "reviewed"  # type: ignore[misc]  # frozen: the assignment must raise
    section = state.sections[0]
    assert isinstance(section.rows, tuple) and isinstance(section.columns, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        section.rows[0].cells[section.columns[0].key].value = 1.0  # type: ignore[misc]  # frozen: must raise


def test_a_stored_value_comes_back_as_the_cell_the_sheet_shows(demo_store, demo_users, dr_sheet):
    with demo_store.read() as s:
        state = load_sheet(s, dr_sheet)
    section = next(sec for sec in state.sections if any(c.kind == "check" for c in sec.columns))
    column = next(c for c in section.columns if c.kind == "check")
    cell = section.rows[0].cells[column.key]
    with demo_store.write() as s:
        stored = enter_cell(s, demo_users["duty"], cell.entry_id, column, expected_version=cell.version, result="ok")
    assert (stored.entry_id, stored.result, stored.shown, stored.entered_by) == (cell.entry_id, "ok", "正常", "张伟")
    assert stored.version > cell.version
    changed = state.with_cell(section.key, 0, column.key, stored)
    assert changed.counts()[0] == state.counts()[0] + 1 and state.section(section.key).rows[0].cells[column.key] == cell
    with demo_store.read() as s:
        again = load_sheet(s, dr_sheet)
    assert again.section(section.key).rows[0].cells[column.key] == stored  # what a new read shows
    assert again.same_layout(state)
    with demo_store.write() as s, pytest.raises(ConflictError):  # written on the old version: refused
        enter_cell(s, demo_users["duty"], cell.entry_id, column, expected_version=cell.version, result="abnormal",
                   note="x")


def test_signing_changes_the_layout_and_the_revisions_are_named(demo_store, dr_sheet):
    with demo_store.read() as s:
        before = load_sheet(s, dr_sheet)
    fill_all(demo_store, dr_sheet)
    with demo_store.write() as s:
        insp.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], dr_sheet)
    with demo_store.read() as s:
        after = load_sheet(s, dr_sheet)
        found = load_revisions(s, dr_sheet, after.tz, signed_only=True)
    assert after.status == "inspected" and after.locked and not after.same_layout(before)
    assert [(r.revision, r.created_by, [g.printed_name for g in r.signatures]) for r in found] == [
        (1, "张伟", ["张伟"])]


def test_the_calendar_month_and_what_is_still_open_from_earlier(demo_store, fixed_clock):
    dr = site_id(demo_store, "DR")
    with demo_store.read() as s:
        november = inspection_lists.calendar_month(s, dr, 2026, 11, TODAY)
        october = inspection_lists.calendar_month(s, dr, 2026, 10, TODAY)
        everything = insp.calendar(s, dr, 2026, 11, TODAY)
    assert list(november.items) == everything  # the CLI's calendar, the same records
    assert [(i.period, i.state) for i in november.earlier if i.kind == "monthly"] == [("2026-10", "overdue")]
    assert october.earlier == ()  # only the current month lists what is still open


def test_the_reminder_counts_what_waits_for_a_reviewer(demo_store, demo_users, fixed_clock):
    dr = site_id(demo_store, "DR")
    with demo_store.write() as s:
        sheet_id = insp.open_sheet(s, user(s, "zhangwei"), dr, "monthly", "2026-10").id
    fill_all(demo_store, sheet_id)
    with demo_store.write() as s:
        insp.sign_as_inspector(s, user(s, "zhangwei"), PASSWORD["zhangwei"], sheet_id)
    with demo_store.read() as s:
        boss = inspection_lists.reminders(s, demo_users["supervisor"], TODAY)
        duty = inspection_lists.reminders(s, demo_users["duty"], TODAY)
        nobody = inspection_lists.reminders(s, None, TODAY)
    assert (boss.review_count, duty.review_count, nobody.review_count) == (1, 0, 0)
    assert boss.items == duty.items and all(i.state != "review" for i in duty.items)
    assert not [i for i in duty.items if i.site_id == dr and i.period == "2026-10"]  # the engineers did their part
