"""Environment errors said in Chinese by the command line (issue 14, finding 8): a read-only data
folder, a path through a file, a full disk under the database or a backup, a database locked by
another program — each one sentence naming the file or folder and what to do, a non-zero exit,
no traceback, nothing lost. The conditions are real (tests/conditions.py)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conditions import fill, lock_held, opsdesk, read_only_view, small_disk

PASSWORD = "Secret-pass-123"
LOGIN = {"OPSDESK_USER": "admin", "OPSDESK_PASSWORD": PASSWORD, "OPSDESK_LANG": "zh", "OPSDESK_GROUP": ""}


@pytest.fixture(scope="session")
def site_home(tmp_path_factory) -> Path:
    """A data folder as ``opsdesk init --site`` leaves it (made once; tests copy it)."""
    home = tmp_path_factory.mktemp("env-site") / "home"
    done = opsdesk("init", "--site", "测试站", "--admin", "admin",
                   env={"OPSDESK_HOME": str(home), "OPSDESK_NEW_PASSWORD": PASSWORD, "OPSDESK_GROUP": ""})
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def home(site_home, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site_home, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def users_in(database: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row[0] for row in conn.execute("SELECT username FROM user_account ORDER BY username")]
    finally:
        conn.close()


def said_once(done, *words: str) -> str:
    """The command failed with one Chinese sentence holding ``words``, and no traceback."""
    assert done.returncode != 0, done.stdout
    err = done.stderr.strip()
    assert "Traceback" not in err and "Error" not in err, err
    assert all(word in err for word in words), err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err), err
    return err


def test_a_read_only_data_folder_is_said_with_its_name(home, tmp_path):
    database = home / "opsdesk.sqlite3"
    before = digest(database)
    with read_only_view(home, tmp_path / "ro") as ro:
        for command in (["devices"], ["backup"], ["user", "list"]):
            done = opsdesk(*command, env={**LOGIN, "OPSDESK_HOME": str(ro)})
            said_once(done, "只读", str(ro), "OPSDESK_HOME")
            assert "损坏" not in done.stderr  # a read-only disk is not a damaged database
    assert digest(database) == before


def test_a_data_folder_through_a_file_is_a_bad_path():
    done = opsdesk("devices", env={**LOGIN, "OPSDESK_HOME": "/etc/passwd/x"})
    said_once(done, "/etc/passwd/x", "/etc/passwd 是一个文件，不是文件夹")
    done = opsdesk("devices", "--db", "/etc/passwd/x/site.sqlite3", env=LOGIN)
    said_once(done, "/etc/passwd/x/site.sqlite3", "/etc/passwd 是一个文件")


def test_a_full_disk_under_the_database_loses_nothing(home, tmp_path):
    with small_disk(tmp_path / "disk", "2m") as disk:
        for name in ("opsdesk.sqlite3", "secret.key", "site-database"):
            shutil.copy2(home / name, disk / name)
        database = disk / "opsdesk.sqlite3"
        env = {**LOGIN, "OPSDESK_HOME": str(disk), "OPSDESK_NEW_PASSWORD": "Other-pass-456"}
        filler = fill(disk)
        done = opsdesk("user", "add", "zhang", "--role", "duty", env=env)
        said_once(done, "磁盘已满", str(disk), "腾出空间")
        filler.unlink()
        assert users_in(database) == ["admin"]  # whole, and nothing half-written
        done = opsdesk("user", "add", "zhang", "--role", "duty", env=env)
        assert done.returncode == 0, done.stderr
        assert users_in(database) == ["admin", "zhang"]


def test_a_full_disk_under_the_backups_is_said_and_leaves_no_backup(home, tmp_path):
    database = home / "opsdesk.sqlite3"
    with small_disk(tmp_path / "disk", "1m") as disk:
        fill(disk)
        done = opsdesk("backup", "--dir", str(disk / "backups"), env={**LOGIN, "OPSDESK_HOME": str(home)})
        said_once(done, "磁盘已满", str(disk / "backups"))
        left = sorted(p.name for p in (disk / "backups").iterdir()) if (disk / "backups").is_dir() else []
        assert not [name for name in left if name.endswith((".sqlite3", ".json"))], left
    assert users_in(database) == ["admin"]


def test_a_database_locked_by_another_program_is_said_after_the_busy_timeout(home):
    database = home / "opsdesk.sqlite3"
    before = users_in(database)
    with lock_held(database):
        done = opsdesk("devices", env={**LOGIN, "OPSDESK_HOME": str(home), "OPSDESK_BUSY_TIMEOUT_MS": "200"})
        said_once(done, str(database), "被另一个程序锁定", "0.2 秒")
    assert users_in(database) == before
    done = opsdesk("devices", env={**LOGIN, "OPSDESK_HOME": str(home)})
    assert done.returncode == 0, done.stderr


def test_the_store_says_a_read_only_folder_in_process(home, tmp_path):
    """The same sentence without a process of its own: the store raises EnvironmentProblem."""
    from opsdesk.environment import READ_ONLY, EnvironmentProblem
    from opsdesk.store import Store

    with read_only_view(home, tmp_path / "ro") as ro:
        with pytest.raises(EnvironmentProblem) as caught:
            Store(str(ro / "opsdesk.sqlite3"))
    assert caught.value.kind == READ_ONLY and "只读" in str(caught.value)
