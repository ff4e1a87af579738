"""Shifts for UI tests, made through the operations a console or the CLI would call — each
off the GUI thread, as another console would (the screens' tests run with the guard on)."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import select

from opsdesk.models import Site
from opsdesk.models.users import User
from opsdesk.ops import shift as shifts
from opsdesk.store import Store
from tests.ui.conftest import off_gui
from tests.ui.monitoring_data import ac, cycle, unit_ids

DAY = dt.date(2026, 11, 20)  # a Friday: a day shift is scheduled
PASSWORD = "duty-2026"  # both demo duty engineers'


def beside(fn):
    """Run the helper off the GUI thread."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return off_gui(fn, *args, **kwargs)

    return wrapper


@beside
def site_id(store: Store, name: str = "永和路数据中心") -> int:
    with store.read() as s:
        return s.scalars(select(Site.id).where(Site.name == name)).one()


@beside
def user(store: Store, username: str) -> User:
    with store.read() as s:
        return s.scalars(select(User).where(User.username == username)).one()


@beside
def start(store: Store, who: User, day: dt.date = DAY, code: str = "day") -> int:
    with store.write() as s:
        return shifts.start_shift(s, who, site_id.__wrapped__(store), day, code).id


@beside
def ticks(store: Store, shift_id: int) -> dict:
    """item key → Tick, as stored."""
    with store.read() as s:
        return {tk.item_key: tk for tk in shifts.get_shift(s, shift_id).ticks}


@beside
def tick_all(store: Store, who: User, shift_id: int, except_keys=()) -> None:
    """Every open item 正常, the manual ones with their result (tests.shift.fill)."""
    from tests.shift.fill import tick_all as fill

    fill(store, who, shift_id, except_keys)


@beside
def sign(store: Store, outgoing: User, incoming: User, shift_id: int) -> None:
    with store.write() as s:
        shifts.sign_off(s, outgoing, PASSWORD, incoming, PASSWORD, shift_id)


@beside
def feed_air(store: Store, when: dt.datetime, temperature: float = 24.5, humidity: float = 48.0) -> None:
    """The monitor reads YHL-AC-0001 (return air) at ``when``."""
    unit = unit_ids(store, "YHL-AC-0001")["YHL-AC-0001"]  # already beside: no thread in a thread needed
    cycle(store, when, {unit: ("YHL-AC-0001 精密空调", ac(temperature, humidity))})


@beside
def clear_duty(store: Store) -> None:
    """tests.shift.fill.clear_demo_duty, off the GUI thread."""
    from tests.shift.fill import clear_demo_duty

    clear_demo_duty(store)


def status_of(store: Store, shift_id: int) -> str:
    return off_gui(_status_of, store, shift_id)


def _status_of(store: Store, shift_id: int) -> str:
    with store.read() as s:
        return shifts.get_shift(s, shift_id).status
