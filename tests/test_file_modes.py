"""File modes and the shared group (issue 14, finding 10): the data folder 2770 with the group,
the database and its -wal/-shm 0660, the key file, backups and manifests 0640; a second user in
the group (the poller service) reads the key and writes the database, a user outside it is
refused with the Chinese sentence of finding 8. Real files, a real group, real users."""

from __future__ import annotations

import grp
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conditions import as_member, as_outsider, lock_held, need_root, open_folder, opsdesk

PASSWORD = "Secret-pass-123"


@pytest.fixture(scope="module")
def shared_site():
    """``opsdesk init --site`` run as root with a group of the test's own (made by init itself,
    removed afterwards) in a folder other users can reach; (home, group name, gid)."""
    need_root()
    name = f"opsdesk-t{os.getpid()}"
    with open_folder() as folder:
        home = folder / "home"
        env = {"OPSDESK_HOME": str(home), "OPSDESK_GROUP": name, "OPSDESK_LANG": "zh"}
        try:
            done = opsdesk("init", "--site", "测试站", "--admin", "admin",
                           env={**env, "OPSDESK_NEW_PASSWORD": PASSWORD})
            assert done.returncode == 0, done.stderr
            try:
                gid = grp.getgrnam(name).gr_gid
            except KeyError:
                pytest.fail(f"opsdesk init as root did not make the group {name}")
            yield home, env, gid
        finally:
            subprocess.run(["groupdel", name], capture_output=True, check=False)


def mode_and_group(path: Path) -> tuple[int, int]:
    info = path.stat()
    return stat.S_IMODE(info.st_mode), info.st_gid


def login(env: dict[str, str]) -> dict[str, str]:
    return {**env, "OPSDESK_USER": "admin", "OPSDESK_PASSWORD": PASSWORD}


def test_init_shares_the_folder_the_database_and_the_key_with_the_group(shared_site):
    home, _env, gid = shared_site
    assert mode_and_group(home) == (0o2770, gid)
    assert mode_and_group(home / "opsdesk.sqlite3") == (0o660, gid)
    assert mode_and_group(home / "secret.key") == (0o640, gid)
    database = home / "opsdesk.sqlite3"
    with lock_held(database):  # the -wal and -shm SQLite makes take the database's mode and group
        for name in ("opsdesk.sqlite3-wal", "opsdesk.sqlite3-shm"):
            assert mode_and_group(home / name) == (0o660, gid), name


def test_backups_and_manifests_are_0640_with_the_group(shared_site):
    home, env, gid = shared_site
    done = opsdesk("backup", env=login(env))
    assert done.returncode == 0, done.stderr
    backups = home / "backups"
    assert mode_and_group(backups) == (0o2770, gid)
    made = sorted(backups.glob("opsdesk-*.sqlite3")) + sorted(backups.glob("opsdesk-*.json"))
    assert len(made) >= 2
    for path in made:
        assert mode_and_group(path) == (0o640, gid), path


def test_a_member_of_the_group_reads_the_key_and_writes_the_database(shared_site):
    """The poller service's user: in the group, not the owner. poll --once checks the key
    (reads it) and records its fingerprint check in the database (a write)."""
    home, env, gid = shared_site
    done = opsdesk("poll", "--once", env=login(env), as_user=as_member(gid))
    assert done.returncode == 0, done.stderr
    done = opsdesk("devices", env=login(env), as_user=as_member(gid))
    assert done.returncode == 0, done.stderr
    assert (home / "opsdesk.sqlite3").stat().st_uid == 0  # still root's: shared, not taken over


def test_a_user_outside_the_group_is_refused_in_chinese(shared_site):
    home, env, _gid = shared_site
    done = opsdesk("devices", env=login(env), as_user=as_outsider())
    assert done.returncode == 1
    err = done.stderr.strip()
    assert "Traceback" not in err and "Error" not in err, err
    assert "用户 nobody 没有读写" in err and str(home) in err and f"加入 {env['OPSDESK_GROUP']} 组" in err, err


def test_a_key_file_is_made_0640(tmp_path, monkeypatch):
    """Without a group (none exists): the key is still 0640, never world-readable."""
    from opsdesk.vault import Vault

    monkeypatch.setenv("OPSDESK_GROUP", "")
    os.umask(0o022)
    path = tmp_path / "k" / "secret.key"
    Vault(path, create=True).ensure()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
