"""Helpers for the inspection tests: demo sites, users and filling a sheet."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from opsdesk.models import Site, User
from opsdesk.ops import inspection as insp

PASSWORD = {"zhangwei": "duty-2026", "lina": "duty-2026", "wangfang": "review-2026", "admin": "admin-2026"}


def site_id(store, code: str) -> int:
    with store.read() as s:
        return s.scalars(select(Site.id).where(Site.code == code)).one()


def user(session, name: str) -> User:
    return session.scalars(select(User).where(User.username == name)).one()


def fill_all(store, sheet_id: int, by: str = "zhangwei") -> None:
    """Every open item entered as a healthy value (what an engineer does on the floor)."""
    with store.write() as s:
        actor = user(s, by)
        sheet = insp.get_sheet(s, sheet_id)
        specs = {(sec.key, c.key): c for sec in insp.sheet_rows(s, sheet) for c in sec.columns}
        for entry in insp.open_items(sheet):
            spec = specs[(entry.section, entry.item_key)]
            if spec.kind == "number":
                value = spec.low if spec.low is not None else 10.0
                if spec.high is not None:
                    value = ((spec.low or 0) + spec.high) / 2
                insp.enter(s, actor, entry.id, value=value)
            elif spec.kind == "check":
                insp.enter(s, actor, entry.id, result="ok")
            else:
                insp.enter(s, actor, entry.id, text="正常")


@pytest.fixture
def dr_sheet(demo_store, fixed_clock):
    """This month's (2026-11) monthly sheet of 容灾备份, opened by a duty engineer."""
    with demo_store.write() as s:
        sheet = insp.open_sheet(s, user(s, "zhangwei"), site_id(demo_store, "DR"), "monthly", "2026-11")
        return sheet.id
