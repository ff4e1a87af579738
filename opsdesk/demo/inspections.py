"""The demo's last month of inspections: the main room's monthly sheet, filled by an engineer
on its due day and signed by engineer and reviewer, so the calendar shows it done (no Qt here).

Called by :func:`opsdesk.demo.seed.load_demo`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk import clock
from opsdesk.clock import DEFAULT_TZ
from opsdesk.i18n import t
from opsdesk.models import audit, labels
from opsdesk.models.equipment import Site
from opsdesk.models.inspection import EntryResult, Inspection
from opsdesk.models.inspection_schedule import MONTHLY
from opsdesk.models.users import User
from opsdesk.ops.inspection import due_for, open_sheet, sign_as_inspector, sign_as_reviewer, site_units, template_for

# Typical readings of a healthy room, by item key (the demo's October sheet).
_DEMO_VALUES = {
    "input_voltage": 223.0, "output_voltage": 220.0, "input_frequency": 50.0, "output_frequency": 50.0,
    "load": 34.0, "battery_charge": 100.0, "runtime": 46.0, "battery_temp": 23.0,
    "return_temp": 23.4, "return_humidity": 47.0, "room_temp": 23.8, "room_humidity": 46.0,
    "cpu": 27.0, "memory": 58.0, "disk": 61.0, "capacity": 64.0,
}


def load_demo_inspections(session: Session, engineer: User, engineer_password: str, reviewer: User,
                          reviewer_password: str, site_code: str = "YHL") -> Inspection | None:
    """Last month's monthly sheet of the demo's main site, filled by an engineer on its due
    day and signed by both (the calendar shows it done; this month's is still due)."""
    site = session.scalars(select(Site).where(Site.code == site_code)).first()
    if site is None:
        return None
    today = clock.get_clock().today(site.timezone)
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    period = f"{last_month_end.year}-{last_month_end.month:02d}"
    due = due_for(session, MONTHLY, period)
    demo_clock = clock.FixedClock(dt.datetime.combine(due.due, dt.time(15, 40), ZoneInfo(site.timezone or DEFAULT_TZ)))
    previous = clock.set_clock(demo_clock)
    try:
        sheet = open_sheet(session, engineer, site.id, MONTHLY, period)
        template = template_for(sheet.kind)
        specs = {(s.key, i.key): i.resolved(session) for s in template.sections for i in s.items}
        single_pdu = [u.asset_tag for u in site_units(session, site.id).get("server", []) if u.rack_id and not
                      (u.pdu_a and u.pdu_b)]
        named = labels.listing(single_pdu, "zh")  # the sheet is written in Chinese
        for n, entry in enumerate(sheet.entries):
            spec = specs[(entry.section, entry.item_key)]
            if spec.kind == "number":
                base = _DEMO_VALUES.get(entry.item_key, spec.low if spec.low is not None else 0.0)
                wobble = ((n * 7) % 5 - 2) * (0.2 if spec.unit in ("℃", "V", "Hz") else 1.0)
                if spec.unit == "Hz" or entry.item_key == "battery_charge":
                    wobble = 0.0
                entry.value = round(base + wobble, 1)
                entry.result = EntryResult.OK.value if spec.in_range(entry.value) else EntryResult.ABNORMAL.value
            elif spec.kind == "check":
                entry.result = EntryResult.OK.value
            else:
                entry.text, entry.result = "正常", EntryResult.OK.value
            if entry.item_key == "dual_pdu" and single_pdu:
                entry.result = EntryResult.ABNORMAL.value
                entry.note = f"{named} 仅接 A 路 PDU，已报信息中心安排调整"
            entry.source, entry.entered_by, entry.entered_at = "manual", engineer.username, clock.now()
        sheet.findings = ("机房温湿度、UPS 及精密空调运行正常；"
                          + (f"{named} 仅单路供电。" if single_pdu else "各服务器双路供电。"))
        sheet.advice = "下月安排停机窗口将单路供电服务器 B 路电源接入 B 路 PDU。" if single_pdu else "无。"
        session.flush()
        audit.record(session, engineer.username, "inspection.enter", "inspection", sheet.id,
                     t("{n} values entered", n=len(sheet.entries)))
        sign_as_inspector(session, engineer, engineer_password, sheet.id)
        demo_clock.advance(hours=1, minutes=5)
        sign_as_reviewer(session, reviewer, reviewer_password, sheet.id)
    finally:
        clock.set_clock(previous)
    return sheet
