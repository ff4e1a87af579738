"""The key file is never made behind the user's back and never missed in silence (issue 14,
finding 1): a missing, mistyped, damaged or foreign key is refused before anything is polled,
with a sentence naming the file and what to do; a device whose secret cannot be read is a
failed reading with its reason (then an alarm), not a skipped device; only ``opsdesk init`` and
the demo make a key file, and the database keeps the key's fingerprint."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from sqlalchemy import select

from opsdesk.cli import EXIT_ERROR, main
from opsdesk.models.equipment import Unit
from opsdesk.models.meta import get_info
from opsdesk.models.monitoring import Alarm, DeviceState
from opsdesk.poller import load_devices, poll_once, read_all, run_poller, write_cycle
from opsdesk.probes.snmp import SnmpClient
from opsdesk.store import Store
from opsdesk.vault import FINGERPRINT_INFO, KeyFileError, Vault, fingerprint_of, key_path
from tests.conftest import copy_db


@pytest.fixture
def polled(demo_db_path, monkeypatch):
    """The demo database, logged in for the command line as its duty engineer."""
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    return demo_db_path


def test_a_missing_key_is_refused_not_replaced(demo_store, capsys):
    key = key_path()
    key.unlink()
    with pytest.raises(KeyFileError) as refused:
        poll_once(demo_store)
    assert str(key) in str(refused.value) and "找不到密钥文件" in str(refused.value) and "备份" in str(refused.value)
    assert not key.exists()  # no new key made in its place
    assert run_poller(demo_store) == 3  # the monitoring process refuses to start, and says why
    assert "找不到密钥文件" in capsys.readouterr().err and not key.exists()


def test_the_command_line_says_so_and_fails(polled, capsys):
    key_path().unlink()
    assert main(["poll", "--once"]) == EXIT_ERROR  # was: exit 0 with "共轮询 0 台"
    err = capsys.readouterr().err
    assert "找不到密钥文件" in err and "Traceback" not in err


def test_a_mistyped_key_path_makes_no_key_there(polled, monkeypatch, tmp_path, capsys):
    wrong = tmp_path / "typo" / "secrte.key"
    monkeypatch.setenv("OPSDESK_KEY_FILE", str(wrong))
    assert main(["poll", "--once"]) == EXIT_ERROR
    assert str(wrong) in capsys.readouterr().err and not wrong.exists() and not wrong.parent.exists()


def test_a_garbage_key_is_said_in_chinese(demo_store):
    key_path().write_bytes(b"this is not a fernet key\n")
    with pytest.raises(KeyFileError, match="不是有效的密钥"):
        poll_once(demo_store)


def test_another_databases_key_is_told_apart_by_its_fingerprint(demo_store, tmp_path):
    with demo_store.read() as s:
        recorded = get_info(s, FINGERPRINT_INFO)
    assert recorded == fingerprint_of(key_path().read_bytes())
    key_path().unlink()
    Vault(key_path(), create=True).ensure()  # someone made a new key: every stored secret is lost to it
    with pytest.raises(KeyFileError) as refused:
        poll_once(demo_store)
    assert recorded in str(refused.value) and "不是本数据库的密钥" in str(refused.value)


def test_a_secret_that_cannot_be_read_is_a_failed_device_then_an_alarm(demo_store):
    with demo_store.write() as s:  # one unit's community damaged in the file
        unit = s.scalars(select(Unit).where(Unit.asset_tag == "YHL-KVM-0003")).one()
        unit.snmp_community_enc = b"gAAAAAB-damaged-token"
        unit_id = unit.id
    devices = {d.unit_id: d for d in load_devices(demo_store, Vault())}
    assert unit_id in devices and devices[unit_id].secret_error  # kept, not skipped
    with demo_store.read() as s:
        after = s.get(DeviceState, unit_id)
        failures_before = after.failures if after else 0
    async def read():
        async with SnmpClient() as client:
            return await read_all(client, [devices[unit_id]])

    for _ in range(3):  # monitor.unreachable_after
        results = asyncio.run(read())
        assert results[0].status == "error" and results[0].error_category == "secret"
        write_cycle(demo_store, [devices[unit_id]], results)
    with demo_store.read() as s:
        state = s.get(DeviceState, unit_id)
        assert state.failures == failures_before + 3 and "无法解密" in state.message
        alarm = s.scalars(select(Alarm).where(Alarm.unit_id == unit_id, Alarm.kind == "unreachable")).first()
        assert alarm is not None and alarm.severity == "critical" and "无法解密" in alarm.message


def test_only_init_and_the_demo_make_a_key(tmp_path, monkeypatch, capsys):
    home = tmp_path / "site"
    monkeypatch.setenv("OPSDESK_HOME", str(home))
    monkeypatch.setenv("OPSDESK_NEW_PASSWORD", "admin-pass-2026")
    db = home / "site.sqlite3"
    assert main(["init", "--db", str(db), "--site", "一院机房", "--admin", "root1", "--code", "YY"]) == 0
    out = capsys.readouterr().out
    key = home / "secret.key"
    assert key.exists() and fingerprint_of(key.read_bytes()) in out
    from opsdesk.store import Store

    store = Store(str(db))
    with store.read() as s:
        assert get_info(s, FINGERPRINT_INFO) == fingerprint_of(key.read_bytes())
    copy = tmp_path / "backup.key"
    shutil.copy(key, copy)
    key.unlink()
    with pytest.raises(KeyFileError):
        poll_once(store)
    shutil.copy(copy, key)  # restored from its backup: monitoring goes on
    assert poll_once(store) == []


def test_the_poller_runs_what_its_caller_gives_beside_it(template_db, tmp_path):
    """run_poller's start_extras (the CLI gives the demo's agents): started once the key is
    checked, stopped when the poller ends; the poller itself never imports the demo."""
    path = tmp_path / "site.sqlite3"
    copy_db(template_db, path)
    store = Store(str(path))
    Vault(create=True).fingerprint  # noqa: B018 - makes the data folder's key file
    calls = []

    def extras(given):
        calls.append(("start", given is store))
        return lambda: calls.append(("stop", True))

    try:
        assert run_poller(store, parent_pid=-1, start_extras=extras) == 0  # "its console is gone": one cycle
    finally:
        store.close()
    assert calls == [("start", True), ("stop", True)]
