"""The month's roster on paper: the calendar's holidays and adjusted days, counts, checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from opsdesk.models import Site
from opsdesk.models.workcal import WorkCalendar
from opsdesk.ops import roster
from opsdesk.ops.roster import print_roster
from opsdesk.ops.users import find_user
from opsdesk.reports.roster import day_mark, roster_pdf
from tests.reports.conftest import assert_printable_pdf


def test_february_2026_marks_the_adjusted_working_day_and_the_holidays(demo_store, fixed_clock, tmp_path):
    with demo_store.write() as s:
        sup, li = find_user(s, "wangfang"), find_user(s, "lina")
        site_id = s.scalars(select(Site.id).where(Site.name == "永和路数据中心")).one()
        roster.fill_default(s, sup, site_id, 2026, 2, ["zhangwei", "lina"])
        roster.set_entry(s, sup, site_id, dt.date(2026, 2, 3), "lina", "night")
        leave = roster.request_leave(s, li, dt.date(2026, 2, 25), dt.date(2026, 2, 26), "年假")
        roster.decide_leave(s, sup, leave.id, True)
    pdf = tmp_path / "roster.pdf"
    with demo_store.read() as s:
        print_roster(s, site_id, 2026, 2, pdf)
        info = WorkCalendar.load(s).info
    assert day_mark(info(dt.date(2026, 2, 14))) == "班"  # Saturday, 调休上班
    assert day_mark(info(dt.date(2026, 2, 17))) == "休"  # 春节
    assert day_mark(info(dt.date(2026, 2, 21))) == ""  # a plain weekend: shaded, unmarked
    pages = assert_printable_pdf(pdf)
    assert len(pages) == 1
    text = pages[0]
    for expected in ("机房值班排班表", "永和路数据中心 · 2026 年 2 月", "张伟", "李娜", "白", "夜", "休", "假",
                     "调休上班 02-14、02-28", "春节 02-17–02-19", "白班人数", "夜班人数", "排班规则检查",
                     "2026-02-02：白班仅 2 人，至少需要 4 人", "审核人（签字）", "演示数据", "第 1 页 共 1 页"):
        assert expected in text, expected


def test_a_full_emergency_month_fits_one_landscape_page(tmp_path):
    days = [dt.date(2026, 10, d) for d in range(1, 32)]
    calendar = WorkCalendar()
    people = [(f"u{k}", name) for k, name in enumerate(["张伟", "李娜", "王芳", "赵磊", "陈静", "刘洋", "杨帆",
                                                         "黄晓明", "周杰", "吴敏", "欧阳娜娜", "郑凯"])]
    grid = {(u, d): ("day", "night", "off", "day", "leave")[(k + d.day) % 5] for k, (u, _) in enumerate(people)
            for d in days}
    pdf = tmp_path / "october.pdf"
    roster_pdf("容灾备份", "上海市静安区卫生信息中心", 2026, 10, people, grid, {d: calendar.info(d) for d in days}, [],
               demo=False, out=pdf)
    pages = assert_printable_pdf(pdf)
    assert len(pages) == 1
    assert "欧阳娜娜" in pages[0] and "√ 本月排班符合在岗人数要求" in pages[0] and "演示数据" not in pages[0]
    assert "国庆节" in pages[0]
