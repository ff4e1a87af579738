"""An audit trail an insider cannot quietly shorten or rewrite (issue 14, finding 6).

Each way of tampering the issue names is done to a real database file with sqlite3 — as
someone with a SQLite shell and the file, but without the key file, would do it — once with
a backup made before the tampering and once with none. The check (``opsdesk audit verify``,
the console's audit screen) must say that the trail was tampered with, and where.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3

import pytest
from sqlalchemy import select

from opsdesk.cli import main
from opsdesk.models.audit import CLOCK_BACK, USER_STATE, AuditEntry, record
from opsdesk.models.users import User
from opsdesk.ops import audit_trail, users
from opsdesk.ops import backup as backups
from opsdesk.ops.settings_ops import set_setting
from opsdesk.store import Store

ADMIN, ADMIN_PW = "admin", "admin-2026"


_values = itertools.count()


def _work(store, admin_name: str = ADMIN, n: int = 1) -> None:
    """Ordinary work through the application: each step one audit entry (a setting changed)."""
    for _ in range(n):
        with store.write() as session:
            admin = session.scalars(select(User).where(User.username == admin_name)).one()
            set_setting(session, admin, "env.temp_high", 26.0 + next(_values) % 7 / 2)


def _sql(path, *statements: tuple) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            for statement in statements:
                conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
    finally:
        conn.close()


def _one(path, query: str, *args):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query, args).fetchone()
    finally:
        conn.close()


def _recompute(store, from_id: int, change=None) -> None:
    """The forger's tool: edit entry ``from_id`` (``change(entry)``) and recompute every hash from
    there on, so the plain SHA-256 chain is whole again. Without the key no MAC can follow."""
    engine = store.engine
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        entries = session.scalars(select(AuditEntry).where(AuditEntry.id >= from_id - 1)
                                  .order_by(AuditEntry.id)).all()
        prev = entries[0].hash if entries[0].id < from_id else None
        for entry in entries:
            if entry.id < from_id:
                continue
            if entry.id == from_id and change is not None:
                change(entry)
            if prev is not None:
                entry.prev_hash = prev
            entry.hash = entry.compute_hash()
            prev = entry.hash


@pytest.fixture(params=[True, False], ids=["with-backup", "without-backup"])
def trail(request, demo_store):
    """A demo database with work before and after a backup (or no backup at all)."""
    _work(demo_store, n=3)
    result = backups.backup(demo_store) if request.param else None
    _work(demo_store, n=4)
    report = audit_trail.check(demo_store)
    assert report.status == "intact", report.message()
    newest = _one(demo_store.path, "SELECT max(id) FROM audit_entry")[0]
    return demo_store, result, newest


def _verdict(store):
    store.close()
    fresh = Store(store.url)
    try:
        return audit_trail.check(fresh)
    finally:
        fresh.close()


def test_a_middle_row_deleted(trail):
    store, _, newest = trail
    _sql(store.path, ("DELETE FROM audit_entry WHERE id = ?", (newest - 5,)))
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == newest - 5
    assert f"第 {newest - 5} 条记录被删除" in report.message()


def test_the_tail_cut_back_to_the_backups_head(trail):
    store, saved, newest = trail
    cut_to = saved.manifest["audit_head"]["id"] if saved else newest - 3
    _sql(store.path, ("DELETE FROM audit_entry WHERE id > ?", (cut_to,)))
    report = _verdict(store)
    assert report.status == "broken"
    assert f"第 {cut_to + 1}–{newest} 条记录缺失" in report.message() and "链头文件" in report.message()
    if saved:  # a thorough insider removes the head file too: the backup's manifest still tells
        store.head_file().unlink()
        report = _verdict(store)
        assert report.status == "broken" and f"第 {cut_to + 1} 条记录缺失：写入备份" in report.message()


def test_a_payload_edited(trail):
    store, _, newest = trail
    _sql(store.path, ("UPDATE audit_entry SET summary = '无事' WHERE id = ?", (newest - 2,)))
    report = _verdict(store)
    assert (report.status, report.first_bad_id) == ("broken", newest - 2) and "内容被篡改" in report.message()


def test_an_edited_row_with_its_hash_recomputed(trail):
    store, _, newest = trail
    victim = newest - 2
    row = _one(store.path, "SELECT id FROM audit_entry WHERE id = ?", victim)
    assert row
    store.close()

    def edit(entry):
        entry.summary = "无事"

    engine_store = Store(store.url)
    from sqlalchemy.orm import Session

    with Session(engine_store.engine) as session, session.begin():
        entry = session.get(AuditEntry, victim)
        edit(entry)
        entry.hash = entry.compute_hash()
    engine_store.close()
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == victim


def test_the_whole_chain_recomputed(trail):
    store, _, newest = trail
    store.close()
    forger = Store(store.url)
    _recompute(forger, newest - 4, lambda e: setattr(e, "summary", "无事"))
    forger.close()
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == newest - 4
    assert "不是 OpsDesk 用本数据库的密钥写入的" in report.message()


def test_the_whole_chain_recomputed_with_the_authentication_stripped(trail):
    store, _, newest = trail
    _sql(store.path, "UPDATE audit_entry SET mac = NULL, users_digest = NULL, users_state = NULL")
    store.close()
    forger = Store(store.url)
    _recompute(forger, newest - 4, lambda e: setattr(e, "summary", "无事"))
    forger.close()
    report = _verdict(store)
    assert report.status == "broken"  # the head file and the manifests hold the real chain's hashes


def test_two_rows_swapped(trail):
    store, _, newest = trail
    a, b = newest - 3, newest - 2
    cols = ("at, actor, action, entity, entity_id, summary, before, after, prev_hash, hash, mac, users_digest, "
            "users_state")
    row_a = _one(store.path, f"SELECT {cols} FROM audit_entry WHERE id = ?", a)  # noqa: S608 - our own column names
    row_b = _one(store.path, f"SELECT {cols} FROM audit_entry WHERE id = ?", b)  # noqa: S608 - our own column names
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    _sql(store.path, (f"UPDATE audit_entry SET {sets} WHERE id = ?", (*row_b, a)),  # noqa: S608 - our own column names
         (f"UPDATE audit_entry SET {sets} WHERE id = ?", (*row_a, b)))  # noqa: S608 - our own column names
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == a


def test_a_row_inserted_with_a_valid_plain_hash(trail):
    """Appended at the end with a correct link and SHA-256, as the plain chain would accept it."""
    store, _, newest = trail
    store.close()
    forger = Store(store.url)
    from sqlalchemy.orm import Session

    with Session(forger.engine) as session, session.begin():
        last = session.get(AuditEntry, newest)
        forged = AuditEntry(id=newest + 1, at=last.at, actor="admin", action="user.role", entity="user",
                            entity_id="3", summary="补记", before=None, after=None, prev_hash=last.hash,
                            mac=last.mac, users_digest=last.users_digest)
        forged.hash = forged.compute_hash()
        session.add(forged)
    forger.close()
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == newest + 1


def test_a_row_inserted_in_the_middle(trail):
    store, _, newest = trail
    _sql(store.path, ("UPDATE audit_entry SET id = id + 1000 WHERE id > ?", (newest - 3,)),
         ("INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, summary, prev_hash, hash) "
          "SELECT id + 1, at, actor, action, entity, entity_id, '插入', hash, hash FROM audit_entry WHERE id = ?",
          (newest - 3,)),
         ("UPDATE audit_entry SET id = id - 999 WHERE id > 1000",))
    report = _verdict(store)
    assert report.status == "broken" and report.first_bad_id == newest - 2


@pytest.mark.parametrize("change, words", [
    ("UPDATE user_account SET role = 'admin' WHERE username = 'zhangwei'",
     "zhangwei 的角色由「值班运维人员」改为「管理员」"),
    ("UPDATE user_account SET password_hash = (SELECT password_hash FROM user_account WHERE username = 'admin') "
     "WHERE username = 'zhangwei'", "zhangwei 的密码被换成了 admin 的密码"),
    ("UPDATE user_account SET password_hash = "
     "'$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG' "
     "WHERE username = 'zhangwei'", "zhangwei 的密码哈希被改动"),
    ("UPDATE user_account SET disabled = 1 WHERE username = 'zhangwei'", "zhangwei 被停用"),
])
def test_the_users_table_changed_in_the_file(trail, change, words):
    store, _, _ = trail
    _sql(store.path, change)
    report = _verdict(store)
    assert report.status == "broken" and words in report.message(), report.message()
    assert "用户表在 OpsDesk 之外被改动" in report.message()


def test_a_disabled_user_enabled_in_the_file(trail):
    store, _, _ = trail
    with store.write() as session:
        admin = session.scalars(select(User).where(User.username == ADMIN)).one()
        users.set_disabled(session, admin, "zhangwei", True)
    assert audit_trail.check(store).status == "intact"
    _sql(store.path, "UPDATE user_account SET disabled = 0 WHERE username = 'zhangwei'")
    report = _verdict(store)
    assert report.status == "broken" and "zhangwei 被启用" in report.message()


def test_an_older_copy_swapped_in(trail, tmp_path):
    """The file replaced by an older copy of itself: its own chain is whole, but shorter than the
    newest backup's manifest and the head file say it was."""
    store, saved, newest = trail
    older = saved.path if saved else tmp_path / "older.sqlite3"
    if not saved:
        store.close()
        shutil.copy(store.path, older)  # an older copy taken by hand (closed: no WAL)
        later = Store(store.url)
        _work(later, n=2)
        later.close()
    store.close()
    for leftover in (store.path.with_name(store.path.name + "-wal"), store.path.with_name(store.path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(older, store.path)
    report = _verdict(store)
    assert report.status == "broken" and "记录缺失" in report.message()


def test_a_dropped_audit_table_is_said_not_a_traceback(trail, capsys, monkeypatch):
    store, _, _ = trail
    _sql(store.path, "DROP TABLE audit_entry")
    report = _verdict(store)
    assert report.status == "broken" and "审计日志表不见了" in report.message()
    monkeypatch.setenv("OPSDESK_DB", str(store.path))
    monkeypatch.setenv("OPSDESK_USER", "wangfang")
    monkeypatch.setenv("OPSDESK_PASSWORD", "review-2026")
    assert main(["audit", "verify"]) == 4
    captured = capsys.readouterr()
    assert "审计日志表不见了" in captured.out and "Traceback" not in captured.err


def test_an_edited_manifest_is_named(demo_store):
    _work(demo_store, n=2)
    saved = backups.backup(demo_store)
    _work(demo_store, n=2)
    manifest_path = saved.path.with_suffix(".json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["live_head"]["id"] -= 3  # to hide a cut tail
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    report = audit_trail.check(demo_store)
    assert report.status == "broken" and f"备份清单 {manifest_path}" in report.message()


def test_the_second_backup_folder_is_checked_too(demo_store, tmp_path):
    """A cut tail is caught by a manifest that lives only in the second folder."""
    second = tmp_path / "second"
    with demo_store.write() as session:
        admin = session.scalars(select(User).where(User.username == ADMIN)).one()
        set_setting(session, admin, "backup.second_dir", str(second))
    _work(demo_store, n=2)
    saved = backups.backup(demo_store)
    for f in (saved.path, saved.path.with_suffix(".json")):
        f.unlink()  # the default folder's copy removed; the second folder's remains
    head_file = demo_store.head_file()
    head_file.unlink()  # and the head file too
    cut_to = saved.manifest["audit_head"]["id"]
    _sql(demo_store.path, ("DELETE FROM audit_entry WHERE id > ?", (cut_to,)))
    report = _verdict(demo_store)
    assert report.status == "broken" and "记录缺失" in report.message()


def test_without_the_key_file_the_check_fails_closed(demo_store, isolated_home, monkeypatch, capsys):
    _work(demo_store)
    monkeypatch.setenv("OPSDESK_DB", str(demo_store.path))
    monkeypatch.setenv("OPSDESK_USER", "wangfang")
    monkeypatch.setenv("OPSDESK_PASSWORD", "review-2026")
    (isolated_home / "secret.key").rename(isolated_home / "elsewhere.key")
    assert main(["audit", "verify"]) == 2
    out = capsys.readouterr().out
    assert "哈希链完整，但无法核验其认证" in out and "secret.key" in out


def test_a_clock_set_back_is_recorded_and_shown(demo_store, fixed_clock):
    _work(demo_store)
    fixed_clock.advance(hours=-3)  # someone sets the PC's clock back three hours
    _work(demo_store)
    with demo_store.read() as session:
        back = session.scalars(select(AuditEntry).where(AuditEntry.action == CLOCK_BACK)).one()
    assert "系统时钟被拨回" in back.summary
    report = audit_trail.check(demo_store)
    assert report.status == "intact" and f"第 {back.id} 条记录处系统时钟被拨回" in report.message()


def test_a_user_change_no_entry_covered_gets_one(demo_store):
    """A password hash renewed at a login (argon2 parameters raised) changes the users table
    without an operation's entry: the commit adds one, so the check stays green."""
    with demo_store.write() as session:
        user = session.scalars(select(User).where(User.username == "zhangwei")).one()
        user.set_password("duty-2027-new")
    with demo_store.read() as session:
        newest = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
    assert newest.action == USER_STATE
    assert audit_trail.check(demo_store).status == "intact"


def test_no_entry_is_written_without_the_key(demo_store, isolated_home):
    from opsdesk.vault import KeyFileError

    (isolated_home / "secret.key").unlink()
    fresh = Store(demo_store.url)
    with pytest.raises(KeyFileError, match="密钥文件"):
        with fresh.write() as session:
            record(session, "admin", "note", summary="无密钥")
    fresh.close()
