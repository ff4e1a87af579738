"""Shifts for UI tests, made through the operations a console or the CLI would call."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from opsdesk.models import Site
from opsdesk.models.users import User
from opsdesk.ops import shift as shifts
from opsdesk.store import Store
from tests.ui.monitoring_data import ac, cycle, unit_ids

DAY = dt.date(2026, 11, 20)  # a Friday: a day shift is scheduled
PASSWORD = "duty-2026"  # both demo duty engineers'


def site_id(store: Store, name: str = "永和路数据中心") -> int:
    with store.read() as s:
        return s.scalars(select(Site.id).where(Site.name == name)).one()


def user(store: Store, username: str) -> User:
    with store.read() as s:
        return s.scalars(select(User).where(User.username == username)).one()


def start(store: Store, who: User, day: dt.date = DAY, code: str = "day") -> int:
    with store.write() as s:
        return shifts.start_shift(s, who, site_id(store), day, code).id


def ticks(store: Store, shift_id: int) -> dict:
    """item key → Tick, as stored."""
    with store.read() as s:
        return {tk.item_key: tk for tk in shifts.get_shift(s, shift_id).ticks}


def tick_all(store: Store, who: User, shift_id: int, except_keys=()) -> None:
    """Every open item 正常, the manual ones with their result (tests.shift.fill)."""
    from tests.shift.fill import tick_all as fill

    fill(store, who, shift_id, except_keys)


def sign(store: Store, outgoing: User, incoming: User, shift_id: int) -> None:
    with store.write() as s:
        shifts.sign_off(s, outgoing, PASSWORD, incoming, PASSWORD, shift_id)


def feed_air(store: Store, when: dt.datetime, temperature: float = 24.5, humidity: float = 48.0) -> None:
    """The monitor reads YHL-AC-0001 (return air) at ``when``."""
    unit = unit_ids(store, "YHL-AC-0001")["YHL-AC-0001"]
    cycle(store, when, {unit: ("YHL-AC-0001 精密空调", ac(temperature, humidity))})
