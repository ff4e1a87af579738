"""A damaged, truncated, empty or missing database is named as such, never silently replaced
(issue 14, finding 3): a 0-byte file, a garbage header and a half file each get a sentence with
the file's name and what to do — on the command line, without a traceback — and a site's data
folder whose database is gone never gets a demo in its place."""

from __future__ import annotations

import shutil

import pytest

from opsdesk import paths
from opsdesk.cli import main
from opsdesk.store import SchemaError, Store


@pytest.fixture
def site_db(demo_db_path, monkeypatch):
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    return demo_db_path


def run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_a_zero_byte_database_is_named_not_recreated(site_db, capsys):
    site_db.write_bytes(b"")
    code, said = run(capsys, "devices")
    assert code == 1 and "是空的（0 字节）" in said and str(site_db) in said and "Traceback" not in said
    assert site_db.stat().st_size == 0  # left as it was, for the administrator to look at


def test_a_garbage_header_is_named(site_db, capsys):
    data = bytearray(site_db.read_bytes())
    data[:16] = b"garbage garbage!"
    site_db.write_bytes(bytes(data))
    code, said = run(capsys, "devices")
    assert code == 1 and "不是 SQLite 数据库" in said and "opsdesk restore" in said


def test_a_half_file_is_named_truncated(demo_store, site_db, capsys):
    demo_store.close()  # checkpointed: the whole database is in the file
    data = site_db.read_bytes()
    site_db.write_bytes(data[: len(data) // 2])
    code, said = run(capsys, "devices")
    assert code == 1 and "已被截断" in said and "Traceback" not in said
    with pytest.raises(SchemaError, match="已被截断"):
        Store(str(site_db))


def test_a_missing_database_named_on_the_command_line_is_not_made_empty(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "gone.sqlite3"
    monkeypatch.setenv("OPSDESK_DB", str(missing))
    monkeypatch.setenv("OPSDESK_USER", "admin")
    monkeypatch.setenv("OPSDESK_PASSWORD", "x")
    code, said = run(capsys, "devices")
    assert code == 1 and "没有数据库文件" in said and not missing.exists()


def test_a_site_folder_whose_database_is_gone_gets_no_demo(tmp_path, monkeypatch, capsys):
    home = tmp_path / "site"
    monkeypatch.setenv("OPSDESK_HOME", str(home))
    monkeypatch.setenv("OPSDESK_NEW_PASSWORD", "admin-pass-2026")
    assert main(["init", "--site", "一院机房", "--admin", "root1", "--code", "YY"]) == 0
    capsys.readouterr()
    shutil.move(paths.default_db_path(), tmp_path / "elsewhere.sqlite3")  # deleted, or moved away
    monkeypatch.setenv("OPSDESK_USER", "root1")
    monkeypatch.setenv("OPSDESK_PASSWORD", "admin-pass-2026")
    code, said = run(capsys, "devices")
    assert code == 1 and "不会在这里创建演示数据库" in said
    assert not (home / "demo.sqlite3").exists()
