"""Backups that do not collide, leave no litter and never mix databases (issue 14, finding 9),
and a backup's own audit entry in its manifest (finding 6: the tail cut back to the copy's head
is caught), checked in every backup folder."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time

import pytest

from opsdesk.models import audit
from opsdesk.models.audit import verify_chain
from opsdesk.ops import audit_trail
from opsdesk.ops import backup as backups
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store


def test_two_backups_in_the_same_second_get_names_of_their_own(demo_store, fixed_clock, isolated_home):
    first, second = backups.backup(demo_store), backups.backup(demo_store)  # the clock stands still
    assert first.path != second.path and first.path.exists() and second.path.exists()
    assert second.path.name == first.path.name.replace(".sqlite3", "-2.sqlite3")
    for result in (first, second):
        manifest = json.loads(result.path.with_suffix(".json").read_text(encoding="utf-8"))
        assert manifest["file"] == result.path.name and manifest["sha256"] == result.manifest["sha256"]


def test_what_a_killed_backup_left_is_cleaned_away(demo_store, isolated_home):
    folder = isolated_home / "backups"
    backups.backup(demo_store)
    old = time.time() - 3600
    litter = [folder / "opsdesk-20261120-020000.partial", folder / "opsdesk-20261120-020000.partial-wal",
              folder / "opsdesk-20261120-020000.partial-shm", folder / "opsdesk-20261121-020000.sqlite3"]
    for path in litter:  # killed half-way: a partial copy, and a copy whose manifest was never written
        path.write_bytes(b"half a backup")
        os.utime(path, (old, old))
    fresh = folder / "opsdesk-20261122-095959.partial"  # another backup being written right now
    fresh.write_bytes(b"being written")
    backups.backup(demo_store)
    assert [p for p in litter if p.exists()] == [] and fresh.exists()
    assert all(p.with_suffix(".json").exists() for p in folder.glob("opsdesk-*.sqlite3"))  # only real backups


def test_a_backup_of_another_database_is_not_taken_for_tampering(demo_store, demo_db_path, tmp_path, isolated_home):
    other_path = tmp_path / "other.sqlite3"
    shutil.copy(demo_db_path, other_path)
    other = Store(str(other_path))
    for n in range(3):
        with other.write() as session:  # the other database lives on: a longer chain of its own
            audit.record(session, "admin", "note", "test", n, f"其他数据库的第 {n} 条")
    backups.backup(other)  # its backup lands in the same default folder
    other.close()
    assert audit_trail.check(demo_store).status == "intact"  # this database was never backed up, nor touched


def test_the_tail_cut_back_to_the_backups_head_is_caught(demo_store, demo_users, isolated_home):
    result = backups.backup(demo_store, demo_users["admin"])
    copy_head = result.manifest["audit_head"]
    with sqlite3.connect(demo_store.path) as conn:  # remove the backup's own entry and what followed
        conn.execute("DELETE FROM audit_entry WHERE id > ?", (copy_head["id"],))
    demo_store.head_file().unlink()  # and the head file beside the database: the manifest still tells
    with demo_store.read() as session:
        assert verify_chain(session).ok  # the chain alone looks whole
    report = audit_trail.check(demo_store)
    assert report.status == "broken" and f"第 {copy_head['id'] + 1} 条记录缺失：写入备份" in report.message()


def test_the_second_backup_folders_manifests_count_too(demo_store, demo_users, tmp_path, isolated_home):
    second = tmp_path / "share"
    with demo_store.write() as session:
        set_setting(session, demo_users["admin"], "backup.second_dir", str(second))
    result = backups.backup(demo_store, demo_users["admin"])
    for path in (isolated_home / "backups").glob("opsdesk-*"):  # the local folder emptied
        path.unlink()
    with sqlite3.connect(demo_store.path) as conn:
        conn.execute("DELETE FROM audit_entry WHERE id >= ?", (result.manifest["live_head"]["id"],))
    demo_store.head_file().unlink()
    report = audit_trail.check(demo_store)
    assert report.status == "broken" and "记录缺失" in report.message()


def test_each_manifest_names_its_database_and_key(demo_store, isolated_home):
    from opsdesk.models.meta import get_info

    result = backups.backup(demo_store)
    with demo_store.read() as session:
        assert result.manifest["database_id"] == get_info(session, "database_id") != ""
        assert result.manifest["key_fingerprint"] == get_info(session, "key_fingerprint") != ""


def test_a_backup_is_one_file_and_its_manifest_with_nothing_beside_them(demo_store, isolated_home):
    """A backup used to leave its .partial-wal and .partial-shm behind, every time."""
    result = backups.backup(demo_store)
    backups.backup(demo_store)
    folder = result.path.parent
    names = sorted(p.name for p in folder.iterdir())
    assert all(n.endswith((".sqlite3", ".json")) for n in names), names
    assert len(names) == 4
    with sqlite3.connect(f"file:{result.path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_a_manifest_that_cannot_be_written_leaves_no_backup_behind(demo_store, isolated_home, monkeypatch):
    import errno
    from pathlib import Path

    real = Path.write_text

    def full(self, *args, **kwargs):
        if self.name.endswith(".json.partial"):
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(backups.BackupError, match="磁盘已满|空间"):
        backups.backup(demo_store)
    assert list((isolated_home / "backups").iterdir()) == []
