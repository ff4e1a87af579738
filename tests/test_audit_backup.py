"""Audit chain and backups: tampering is named, backups are proved and restorable."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from opsdesk.demo.seed import DEMO_USERS
from opsdesk.models import AuditEntry, Site
from opsdesk.models.audit import verify_chain
from opsdesk.models.users import AuthError, User
from opsdesk.ops import audit_trail, devices, users
from opsdesk.ops import backup as backups
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store, head_revision

DEMO_PASSWORDS = {du.username: du.password for du in DEMO_USERS}


def _edit_a_few_things(store, admin):
    with store.write() as session:
        users.add_user(session, admin, "zhaolei", "password-123", "duty", "赵磊")
    with store.write() as session:
        set_setting(session, admin, "env.temp_high", "27.5")
    with store.write() as session:
        line = devices.list_lines(session, admin)[0]
        devices.save_line(session, admin, {"site": line.site, "category": line.category, "note": "已巡检"}, line.id)


def test_every_change_is_recorded_with_before_and_after(demo_store, demo_users):
    admin = demo_users["admin"]
    _edit_a_few_things(demo_store, admin)
    with demo_store.read() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(3)).all()
    edit, setting, add = entries
    assert (add.actor, add.action, add.after["username"]) == ("admin", "user.add", "zhaolei")
    assert (setting.before, setting.after) == ({"value": 28.0}, {"value": 27.5})
    assert edit.action == "line.edit" and edit.after["note"] == "已巡检" and edit.before["note"] != "已巡检"


def test_chain_verifies_and_names_the_entry_altered_behind_the_apps_back(demo_store, demo_users):
    _edit_a_few_things(demo_store, demo_users["admin"])
    with demo_store.read() as session:
        report = verify_chain(session)
        assert report.ok and report.entries >= 5
        target = session.scalars(select(AuditEntry).where(AuditEntry.action == "setting.set",
                                                          AuditEntry.entity_id == "env.temp_high")).one().id
    with sqlite3.connect(demo_store.path) as conn:
        conn.execute("UPDATE audit_entry SET after = ? WHERE id = ?", (json.dumps({"value": 35}), target))
    with demo_store.read() as session:
        report = verify_chain(session)
    assert not report.ok and report.first_bad_id == target
    assert f"第 {target} 条" in report.message() and "篡改" in report.message()


def test_removing_an_entry_in_the_middle_is_named(demo_store, demo_users):
    _edit_a_few_things(demo_store, demo_users["admin"])
    with sqlite3.connect(demo_store.path) as conn:
        conn.execute("DELETE FROM audit_entry WHERE id = 3")
    with demo_store.read() as session:
        report = verify_chain(session)
    assert (report.ok, report.first_bad_id) == (False, 3)


def test_removing_the_newest_entries_is_caught_against_the_latest_backup(demo_store, demo_users, isolated_home):
    _edit_a_few_things(demo_store, demo_users["admin"])
    result = backups.backup(demo_store, demo_users["duty"])
    head = result.manifest["audit_head"]
    with sqlite3.connect(demo_store.path) as conn:  # cover one's tracks: drop the newest entries
        conn.execute("DELETE FROM audit_entry WHERE id >= ?", (head["id"] - 1,))
    with demo_store.read() as session:
        assert verify_chain(session).ok  # the chain alone still looks whole
    report = audit_trail.check(demo_store)
    assert report.status == "broken" and "记录缺失" in report.message()


def test_backup_while_the_console_writes_is_consistent_and_rotated(demo_store, demo_users, isolated_home):
    with demo_store.write() as session:
        set_setting(session, demo_users["admin"], "backup.keep", 2)
    # an open reader, as a running console would have
    with demo_store.read() as session:
        session.scalars(select(Site)).all()
        results = [backups.backup(demo_store) for _ in range(3)]
    kept = sorted((isolated_home / "backups").glob("opsdesk-*.sqlite3"))
    assert len(kept) <= 2 and results[-1].path in kept
    manifest = json.loads(results[-1].path.with_suffix(".json").read_text(encoding="utf-8"))
    assert manifest["integrity"] == "ok" and manifest["schema"] == demo_store.current_revision()
    copy = Store(str(results[-1].path))
    with copy.read() as session:
        assert len(session.scalars(select(Site)).all()) == 3
    copy.close()


def test_backup_to_a_second_folder(demo_store, demo_users, tmp_path):
    second = tmp_path / "share"
    with demo_store.write() as session:
        set_setting(session, demo_users["admin"], "backup.second_dir", str(second))
    result = backups.backup(demo_store)
    assert (second / result.path.name).exists() and result.copies


def test_backup_to_an_unwritable_place_says_so_and_loses_nothing(demo_store, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(backups.BackupError, match="无法将备份写入"):
        backups.backup(demo_store, folder=blocker / "sub")
    with demo_store.read() as session:
        assert len(session.scalars(select(Site)).all()) == 3


def test_console_makes_one_backup_a_day(demo_store, fixed_clock, isolated_home):
    assert backups.backup_if_due(demo_store) is not None
    assert backups.backup_if_due(demo_store) is None
    fixed_clock.advance(hours=25)
    assert backups.backup_if_due(demo_store) is not None


def test_restore_brings_back_a_backup_and_keeps_the_current_file(demo_store, demo_users):
    admin = demo_users["admin"]
    saved = backups.backup(demo_store, admin)
    with demo_store.write() as session:
        users.add_user(session, admin, "later", "password-123", "duty")
    kept = backups.restore(demo_store, saved.path, "admin", "admin-2026")
    fresh = Store(demo_store.url)
    with fresh.read() as session:
        assert "later" not in [u.username for u in users.list_users(session, admin)]
        assert verify_chain(session).ok
    assert audit_trail.check(fresh).status == "intact"
    fresh.close()
    assert kept.exists()


def test_restore_of_an_older_schema_migrates_it(demo_store, demo_users, tmp_path):
    old_path = tmp_path / "old-backup.sqlite3"
    old = Store(str(old_path), migrate=False)
    old.migrate("0001")
    with old.write() as session:
        admin = User(username="admin", role="admin")  # written as schema 0001 had it (no audit entry)
        admin.set_password("admin-2026")
        session.add(admin)
        session.add(Site(name="旧站点", code="OLD"))
    old.close()
    # made by hand, without a manifest: restored only when told (recorded in the audit trail)
    backups.restore(demo_store, old_path, "admin", "admin-2026", accept_modified=True)
    fresh = Store(demo_store.url)
    assert fresh.current_revision() == head_revision()
    with fresh.read() as session:
        assert [s.name for s in session.scalars(select(Site))] == ["旧站点"]
    fresh.close()


def test_restore_refuses_a_broken_file_and_a_duty_engineer(demo_store, demo_users, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(backups.BackupError, match="不是可读取的 OpsDesk 数据库"):
        backups.restore(demo_store, junk, "admin", "admin-2026")
    saved = backups.backup(demo_store)
    with pytest.raises(AuthError, match="启用状态的一位管理员"):
        backups.restore(demo_store, saved.path, demo_users["duty"].username,
                        DEMO_PASSWORDS[demo_users["duty"].username])
    with demo_store.read() as session:
        assert len(session.scalars(select(Site)).all()) == 3


def test_a_full_disk_leaves_the_earlier_file_whole(tmp_path, monkeypatch):
    """Exports (register CSV, trend CSV, demo recordings) are written whole or not at all."""
    import errno
    import os

    from opsdesk.paths import write_atomically

    target = tmp_path / "export.csv"
    write_atomically(target, "资产编号\r\nYHL-UPS-0001\r\n".encode())
    real_fsync = os.fsync

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError) as caught:
        write_atomically(target, b"half")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert target.read_bytes() == "资产编号\r\nYHL-UPS-0001\r\n".encode()
    assert not list(tmp_path.glob("*.tmp"))  # no temporary file left behind
