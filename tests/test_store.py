"""The store: migrations agree with the models, old databases upgrade, newer ones are refused."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, select
from sqlalchemy.orm.exc import StaleDataError

from opsdesk.models import Base, Site, User
from opsdesk.ops import users
from opsdesk.store import SCHEMA_HEAD, SchemaError, Store, head_revision


def test_models_and_migrated_schema_agree(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert store.current_revision() == head_revision() == SCHEMA_HEAD


def test_sqlite_pragmas(store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -16 * 1024


def test_writes_begin_immediate_and_reads_do_not(store):
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda c, cur, stmt, *a: seen.append(stmt))
    with store.write() as session:
        session.add(Site(name="测试站点", code="T1"))
    with store.read() as session:
        session.scalars(select(Site)).all()
    begins = [s for s in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


def test_older_database_upgrades_without_losing_a_row(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = Store(str(path), migrate=False)
    old.migrate("0001")
    assert old.current_revision() == "0001"
    with old.write() as session:
        session.add(Site(name="永和路数据中心", code="YHL"))
        root = User(username="root", display_name="管理员", role="admin")  # as 0001 kept it: no audit entry
        root.set_password("long-password")
        session.add(root)
    old.close()
    newer = Store(str(path))
    assert newer.current_revision() == head_revision()
    with newer.read() as session:
        assert [s.name for s in session.scalars(select(Site))] == ["永和路数据中心"]
        assert session.scalars(select(User)).one().username == "root"
    # the pre-upgrade file is kept aside
    assert list(tmp_path.glob("old.before-0001-*.sqlite3"))
    newer.close()


def test_newer_schema_is_refused_with_a_clear_message(tmp_path, template_db):
    path = tmp_path / "future.sqlite3"
    path.write_bytes(template_db.read_bytes())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(SchemaError, match="更新版本"):
        Store(str(path))
    with sqlite3.connect(path) as conn:  # untouched
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_from_the_future"


def test_a_file_that_is_not_opsdesk_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE patients (id INTEGER)")
    with pytest.raises(SchemaError, match="不是 OpsDesk 数据库"):
        Store(str(path))


def test_two_consoles_editing_one_record_do_not_overwrite_silently(tmp_path, template_db):
    path = tmp_path / "shared.sqlite3"
    path.write_bytes(template_db.read_bytes())
    a, b = Store(str(path)), Store(str(path))
    with a.write() as session:
        session.add(Site(name="站点", code="S1"))
    with a.read() as s1:
        site_a = s1.scalars(select(Site)).one()
    with b.write() as s2:
        s2.scalars(select(Site)).one().name = "B 改的名字"
    with pytest.raises(StaleDataError):
        with a.write() as s1:
            site = s1.merge(site_a, load=False)
            site.name = "A 改的名字"
    with b.read() as s:
        assert s.scalars(select(Site)).one().name == "B 改的名字"
    a.close()
    b.close()


def test_times_are_stored_utc_and_shown_in_the_site_zone(store, fixed_clock):
    from opsdesk.clock import format_local

    with store.write() as session:
        user = users.add_user(session, None, "root", "long-password", "admin")
    with sqlite3.connect(store.path) as conn:
        raw = conn.execute("SELECT created_at FROM user_account").fetchone()[0]
    assert raw.startswith("2026-11-22 02:00:00")  # UTC in the file
    assert user.created_at.utcoffset().total_seconds() == 0
    assert format_local(user.created_at) == "2026-11-22 10:00"  # Asia/Shanghai on screen
    assert format_local(user.created_at, "Europe/London") == "2026-11-22 02:00"


def _without_rowid(conn, table: str) -> bool:
    sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).scalar()
    return "WITHOUT ROWID" in sql.upper()


def test_readings_move_to_key_ordered_tables_without_losing_a_row(tmp_path):
    """0006 rebuilds the reading tables as WITHOUT ROWID: the rows written before are all there."""
    path = tmp_path / "readings.sqlite3"
    old = Store(str(path), migrate=False)
    old.migrate("0005")
    with old.engine.connect() as conn:
        assert not _without_rowid(conn, "reading_raw")
    # Rows as the 0005 schema holds them (SQL, not today's ORM classes, which know later columns).
    with old.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO site (name, code, hospital, timezone, sort_order, version) "
                             "VALUES ('永和路数据中心', 'YHL', '', 'Asia/Shanghai', 0, 1)")
        conn.exec_driver_sql("INSERT INTO register_line (site_id, category, name, brand, model, note, created_at, "
                             "updated_at, version) VALUES (1, '精密空调', '精密空调', 'Vertiv', 'PEX', '', "
                             "'2026-11-22 00:00:00', '2026-11-22 00:00:00', 1)")
        conn.exec_driver_sql("INSERT INTO unit (line_id, asset_tag, serial, u_height, mgmt_ip, snmp_version, "
                             "snmp_port, snmp_user, snmp_auth_proto, snmp_priv_proto, pdu_a, pdu_b, note, version) "
                             "VALUES (1, 'YHL-AC-0001', '', 1, '', '', 161, '', '', '', '', '', '', 1)")
        conn.exec_driver_sql("INSERT INTO metric_series (unit_id, metric, idx, label, cls, unit_symbol) "
                             "VALUES (1, 'cooling.return_temperature', '', '回风温度', 'temperature', '')")
        sid = conn.exec_driver_sql("SELECT id FROM metric_series").scalar_one()
    old.close()
    raw = sqlite3.connect(path)
    raw.executemany("INSERT INTO reading_raw (series_id, at, value) VALUES (?, ?, ?)",
                    [(sid, f"2026-11-22 0{h}:00:00.000000", 20.0 + h) for h in range(5)])
    raw.execute("INSERT INTO reading_1h (series_id, bucket, vmin, vmax, vsum, n) "
                "VALUES (?, '2026-11-22 01:00:00.000000', 19.5, 21.5, 2460.0, 120)", (sid,))
    raw.commit()
    raw.close()
    newer = Store(str(path))
    with newer.engine.connect() as conn:
        for table in ("reading_raw", "reading_5m", "reading_1h"):
            assert _without_rowid(conn, table)
        assert conn.exec_driver_sql("SELECT value FROM reading_raw ORDER BY at").scalars().all() == [
            20.0, 21.0, 22.0, 23.0, 24.0]
        assert conn.exec_driver_sql("SELECT vmin, vmax, vsum, n FROM reading_1h").one() == (19.5, 21.5, 2460.0, 120)
    newer.close()
