"""The change marks (issue 15): every committed write bumps the counter of each table it
changed, whoever wrote it, so every console's live feed learns of it."""

from __future__ import annotations

from sqlalchemy import select

from opsdesk.clock import now
from opsdesk.models.meta import COMMITTED, change_marks, note_change
from opsdesk.models.users import User
from opsdesk.monitor import live
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store


def test_a_write_bumps_the_marks_of_what_it_changed_and_another_store_sees_it(demo_store):
    other = Store(demo_store.url)  # another console, or the CLI
    with other.read() as session:
        before = change_marks(session)
    with demo_store.write() as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        set_setting(session, admin, "env.temp_high", 27.5)
    assert {"setting", "audit_entry"} <= session.info[COMMITTED]
    with other.read() as session:
        after = change_marks(session)
    assert after["setting"] == before.get("setting", 0) + 1
    assert after["audit_entry"] == before.get("audit_entry", 0) + 1
    assert {k for k in after if after[k] != before.get(k)} == {"setting", "audit_entry"}
    other.close()


def test_a_read_or_a_rolled_back_write_bumps_nothing(demo_store):
    with demo_store.read() as session:
        before = change_marks(session)
    try:
        with demo_store.write() as session:
            admin = session.scalars(select(User).where(User.username == "admin")).one()
            set_setting(session, admin, "env.temp_high", 26.0)
            raise RuntimeError("changed my mind")
    except RuntimeError:
        pass
    with demo_store.read() as session:
        assert change_marks(session) == before


def test_a_bulk_statement_says_what_it_changed(demo_store):
    with demo_store.write() as session:
        note_change(session, "raw_reading")
    with demo_store.read() as session:
        assert change_marks(session)["raw_reading"] >= 1


def test_the_live_snapshot_reads_the_poller_alarms_and_marks(demo_store):
    with demo_store.read() as session:
        snap = live.read_snapshot(session, now())
    assert snap.alarms.count("critical") == len(snap.alarms.critical_ids)
    assert isinstance(snap.marks, dict)
