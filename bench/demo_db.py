"""A demo-like database for the ``ingest`` and ``stall`` figures: OpsDesk's demo duty
room (``load_demo``: 172 units on 54 register lines), with more units added on the
demo's own lines when a figure asks for more, all made before any clock starts."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


@contextlib.contextmanager
def opsdesk_home(workdir: Path):
    """``OPSDESK_HOME`` and the vault's key file in ``workdir`` for the duration."""
    values = {"OPSDESK_HOME": str(workdir / "home"), "OPSDESK_KEY_FILE": str(workdir / "secret.key")}
    old = {k: os.environ.get(k) for k in (*values, "OPSDESK_DB")}
    os.environ.update(values)
    os.environ.pop("OPSDESK_DB", None)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def demo_store(path: Path, units: int):
    """A migrated store at ``path`` with the demo and at least ``units`` units;
    returns ``(store, admin, unit ids)`` with the first ``units`` unit ids."""
    from sqlalchemy import select

    from opsdesk.demo.seed import load_demo
    from opsdesk.models.equipment import Unit
    from opsdesk.models.users import User
    from opsdesk.store import Store

    store = Store(str(path))
    load_demo(store)
    with store.write() as session:
        ids = list(session.scalars(select(Unit.id).order_by(Unit.id)))
        lines = [u.line_id for u in session.scalars(select(Unit).order_by(Unit.id))]
        for n in range(len(ids), units):
            session.add(Unit(line_id=lines[n % len(lines)], asset_tag=f"BENCH-{n + 1:05d}", u_height=1))
        session.flush()
        ids = list(session.scalars(select(Unit.id).order_by(Unit.id)))[:units]
        admin = session.scalars(select(User).where(User.username == "admin")).one()
    return store, admin, ids
