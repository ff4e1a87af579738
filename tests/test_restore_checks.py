"""Restore checks the copy before it touches the live file (issue 14, finding 4): a backup of a
newer schema, an edited backup or one without its manifest is refused and nothing changes; an
edited one restores only with --accept-modified, recorded; the restored chain says what it
replaced and how many entries the backup lacks."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from sqlalchemy import select

from opsdesk.cli import main
from opsdesk.models import AuditEntry, Site
from opsdesk.ops import backup as backups
from opsdesk.ops.settings_ops import set_setting


def file_sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit(path, sql: str) -> None:
    """Change the file as someone with a SQLite shell would: committed and closed."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql)
    finally:
        conn.close()


def reseal(copy) -> None:
    """Write the copy's present SHA-256 into its manifest (as a forger who edits both would)."""
    manifest_path = copy.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["sha256"] = file_sha(copy)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def saved(demo_store, demo_users, isolated_home):
    return backups.backup(demo_store, demo_users["admin"]).path


def test_a_backup_of_a_newer_schema_is_refused_before_the_live_file_is_touched(demo_store, demo_users, saved):
    edit(saved, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    reseal(saved)
    live = file_sha(demo_store.path)
    with pytest.raises(backups.BackupError, match="更新版本.*9999_from_the_future.*未做任何改动"):
        backups.restore(demo_store, saved, "admin", "admin-2026")
    assert file_sha(demo_store.path) == live
    assert not list(demo_store.path.parent.glob("*.before-restore-*"))


def test_an_edited_backup_is_refused_unless_accepted_and_then_recorded(demo_store, demo_users, saved):
    edit(saved, "UPDATE user_account SET role = 'admin' WHERE username = 'zhangwei'")  # a role raised afterwards
    live = file_sha(demo_store.path)
    with pytest.raises(backups.BackupError, match="与清单记录的 SHA-256 不符.*--accept-modified"):
        backups.restore(demo_store, saved, "admin", "admin-2026")
    assert file_sha(demo_store.path) == live
    backups.restore(demo_store, saved, "admin", "admin-2026", accept_modified=True)
    from opsdesk.store import Store

    restored = Store(demo_store.url)
    with restored.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).one()
        assert entry.actor == "admin" and any("SHA-256" in doubt for doubt in entry.after["accepted_modified"])
    restored.close()


def test_a_backup_without_its_manifest_is_refused_on_the_command_line(demo_db_path, monkeypatch, capsys, saved):
    saved.with_suffix(".json").unlink()
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "admin")
    monkeypatch.setenv("OPSDESK_PASSWORD", "admin-2026")
    live = file_sha(demo_db_path)
    assert main(["restore", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "没有清单" in err and "未做任何改动" in err and "Traceback" not in err and file_sha(demo_db_path) == live
    assert main(["restore", str(saved), "--accept-modified"]) == 0
    assert "该备份没有记录其密钥指纹" in capsys.readouterr().out  # its manifest is gone


def test_restore_says_whether_the_key_in_place_opens_the_backup(demo_db_path, monkeypatch, capsys, saved):
    from opsdesk.vault import Vault, key_path

    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "admin")
    monkeypatch.setenv("OPSDESK_PASSWORD", "admin-2026")
    assert main(["restore", str(saved)]) == 0
    assert "可以解开该备份中的设备密钥" in capsys.readouterr().out
    key_path().unlink()
    Vault(key_path(), create=True).ensure()  # another key in place now: refused before anything is touched
    live = file_sha(demo_db_path)
    assert main(["restore", str(saved)]) == 1
    err = capsys.readouterr().err
    assert "不是备份" in err and "请先放回当时的密钥文件" in err and "未做任何改动" in err
    assert file_sha(demo_db_path) == live


def test_the_restored_chain_says_what_it_replaced(demo_store, demo_users, saved):
    for n in range(3):  # the live database went on after the backup
        with demo_store.write() as session:
            set_setting(session, demo_users["admin"], "backup.keep", 10 + n)
    with demo_store.read() as session:
        live_head = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        live_head_id, live_head_hash = live_head.id, live_head.hash
    backups.restore(demo_store, saved, "admin", "admin-2026")
    from opsdesk.store import Store

    restored = Store(demo_store.url)
    with restored.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).one()
        assert entry.before["replaced_head"] == {"id": live_head_id, "hash": live_head_hash}
        assert entry.after["entries_the_backup_lacks"] >= 3
        assert [s.name for s in session.scalars(select(Site))]  # the sites came back
    restored.close()


@pytest.mark.parametrize("damage", ["garbage header", "0 bytes", "missing"])
def test_restore_works_on_a_damaged_database_without_logging_in_to_it(demo_store, demo_db_path, monkeypatch, capsys,
                                                                     saved, damage):
    """Finding 3: the live file cannot be opened, so nobody can log in to it; the authority is an
    administrator enabled in the backup. The damaged file is kept aside as it was."""
    demo_store.close()
    original = demo_db_path.read_bytes()
    if damage == "garbage header":
        demo_db_path.write_bytes(b"\x00" * 100 + original[100:])
    elif damage == "0 bytes":
        demo_db_path.write_bytes(b"")
    else:
        demo_db_path.unlink()
    damaged = demo_db_path.read_bytes() if demo_db_path.exists() else None
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "admin")
    monkeypatch.setenv("OPSDESK_PASSWORD", "admin-2026")
    assert main(["audit", "verify"]) != 0  # the damaged database itself: no login possible
    capsys.readouterr()
    assert main(["restore", str(saved)]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "已从" in out or "恢复" in out
    kept = list(demo_db_path.parent.glob("demo.before-restore-*.sqlite3"))
    if damaged is None:
        assert kept == []
    else:
        assert [k.read_bytes() for k in kept] == [damaged]  # kept byte for byte
    from opsdesk.store import Store

    restored = Store(str(demo_db_path))
    with restored.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "restore")).one()
        assert entry.actor == "admin" and entry.before["replaced_head"] is None
        assert entry.before["replaced_file_damaged"] is (damaged is not None)
    restored.close()
    assert main(["audit", "verify"]) == 0, capsys.readouterr()


def test_the_authority_is_the_backups_administrator_not_the_live_ones(demo_store, demo_users, saved):
    """The administrator's password as the backup has it; someone made administrator or given a new
    password in the live database only is not enough, and neither is an administrator the backup
    has disabled."""
    from opsdesk.models.users import AuthError
    from opsdesk.ops import users

    admin = demo_users["admin"]
    with demo_store.write() as session:
        users.set_password(session, admin, "admin", "a-new-admin-password")
        users.set_role(session, admin, "wangfang", "admin")
    live = file_sha(demo_store.path)
    for name, password in (("admin", "a-new-admin-password"), ("wangfang", "review-2026"), ("nobody", "x" * 10)):
        with pytest.raises(AuthError, match="启用状态的一位管理员.*未做任何改动"):
            backups.restore(demo_store, saved, name, password)
    assert file_sha(demo_store.path) == live
    edit(saved, "UPDATE user_account SET disabled = 1 WHERE username = 'admin'")
    reseal(saved)
    with pytest.raises(AuthError):
        backups.restore(demo_store, saved, "admin", "admin-2026")
