"""The reviewer's side (issue 13, item 8): a sheet the inspector signed waits for review instead
of being overdue, it is in the queue of whoever may review it (never the inspector's own), and a
sheet the inspector signed after its due day is done late, not plainly done."""

from __future__ import annotations

import datetime as dt

from opsdesk.i18n import t
from opsdesk.models import labels
from opsdesk.models.users import display_names
from opsdesk.ops import inspection as insp
from opsdesk.ops import inspection_review as review
from tests.inspection.conftest import PASSWORD, fill_all, site_id, user

TODAY = dt.date(2026, 11, 22)  # the fixed clock's day


def _october_sheet(store, inspector: str = "zhangwei") -> int:
    """容灾备份's October sheet (due 2026-10-30), filled and signed by ``inspector`` today."""
    with store.write() as s:
        sheet_id = insp.open_sheet(s, user(s, inspector), site_id(store, "DR"), "monthly", "2026-10").id
    fill_all(store, sheet_id, inspector)
    with store.write() as s:
        insp.sign_as_inspector(s, user(s, inspector), PASSWORD[inspector], sheet_id)
    return sheet_id


def _item(store, code: str, period: str) -> insp.DueItem:
    with store.read() as s:
        items = insp.calendar(s, site_id(store, code), 2026, int(period[-2:]), TODAY)
    return next(i for i in items if i.kind == "monthly" and i.period == period)


def test_signed_by_the_inspector_waits_for_review_not_overdue(demo_store, fixed_clock):
    assert _item(demo_store, "DR", "2026-10").state == "overdue"
    sheet_id = _october_sheet(demo_store)
    item = _item(demo_store, "DR", "2026-10")
    assert (item.state, item.shown_state, item.inspected_on, item.late) == ("review", "review", TODAY, True)
    with demo_store.read() as s:
        announced = {(i.site_name, i.period): i.state for i in insp.announcements(s, TODAY)}
        queue = review.awaiting_review(s, user(s, "wangfang"))
        assert review.awaiting_review(s, user(s, "lina")) == []  # a duty engineer reviews nothing
    assert announced[("容灾备份", "2026-10")] == "review"
    (waiting,) = queue
    assert (waiting.inspection_id, waiting.site_name, waiting.title, waiting.inspector) == (
        sheet_id, "容灾备份", "月度巡检表 2026-10", "张伟")
    assert (waiting.due, waiting.completion.days_late, waiting.completion.inspected_at[:10]) == (
        dt.date(2026, 10, 30), 23, "2026-11-22")


def test_reviewed_after_a_late_inspection_is_done_late(demo_store, fixed_clock):
    sheet_id = _october_sheet(demo_store)
    with demo_store.write() as s:
        insp.sign_as_reviewer(s, user(s, "wangfang"), PASSWORD["wangfang"], sheet_id)
    item = _item(demo_store, "DR", "2026-10")
    assert (item.state, item.shown_state) == ("done", "done_late")
    assert labels.inspection_state(item.shown_state) == "逾期完成" and t("Awaiting review") == "待审核"
    with demo_store.read() as s:
        assert review.awaiting_review(s, user(s, "wangfang")) == []
        assert review.completion(s, sheet_id).late


def test_signed_on_the_due_day_is_plainly_done(demo_store, fixed_clock):
    """The demo's October sheet of 永和路 was signed on its due day, 2026-10-30."""
    item = _item(demo_store, "YHL", "2026-10")
    assert (item.state, item.shown_state, item.inspected_on, item.late) == ("done", "done", dt.date(2026, 10, 30),
                                                                           False)
    with demo_store.read() as s:
        timing = review.completion(s, item.inspection_id)
    assert (timing.late, timing.days_late, timing.inspected_at) == (False, 0, "2026-10-30 15:40")


def test_nobody_reviews_their_own_inspection(demo_store, fixed_clock):
    _october_sheet(demo_store, inspector="wangfang")
    with demo_store.read() as s:
        assert review.awaiting_review(s, user(s, "wangfang")) == []
        assert [i.inspector for i in review.awaiting_review(s, user(s, "admin"))] == ["王芳"]


def test_display_names_for_logins(demo_store):
    with demo_store.read() as s:
        assert display_names(s, {"zhangwei", "wangfang", "gone", ""}) == {
            "zhangwei": "张伟", "wangfang": "王芳", "gone": "gone"}
