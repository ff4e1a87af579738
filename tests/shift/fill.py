"""Ticking a whole checklist as an engineer must: an item filled in by hand (人工填写) gets
its result with its 正常, or the operation refuses it (issue 13)."""

from __future__ import annotations

from opsdesk.models.users import User
from opsdesk.ops import shift as shifts
from opsdesk.store import Store

MANUAL_RESULT = "正常，无异常"


def tick_all(store: Store, who: User, shift_id: int, except_keys=()) -> None:
    """Every open item 正常, each in its own transaction, manual ones with a result."""
    with store.read() as s:
        shift = shifts.get_shift(s, shift_id)
        items = shifts.items_by_key(shift)
        todo = [(tk.id, items.get(tk.item_key, {}).get("source", "manual") == "manual")
                for tk in shift.ticks if tk.item_key not in except_keys and not tk.status]
    for tick_id, manual in todo:
        with store.write() as s:
            shifts.tick(s, who, tick_id, "normal", value=MANUAL_RESULT if manual else None)


def clear_demo_duty(store: Store) -> None:
    """Take the demo's weeks on duty (opsdesk.demo.duty: signed shifts, their records and
    papers) out again, for tests that run a shift of their own on those days. The roster and
    the settings stay."""
    from sqlalchemy import delete

    from opsdesk.models.shift import Shift, Tick
    from opsdesk.models.signing import SignedRecord

    with store.write() as s:
        s.execute(delete(SignedRecord).where(SignedRecord.kind == "shift"))
        s.execute(delete(Tick))
        s.execute(delete(Shift))
