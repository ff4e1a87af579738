"""The command line's one error path (issue 16, item 4): what the user can act on is one Chinese
sentence with today's exit code; anything else is a bug — a traceback on stderr and in the log,
one line saying so, exit 70 — never a bug (a ValueError included) dressed up as the user's mistake."""

from __future__ import annotations

import errno

import pytest

from opsdesk import environment
from opsdesk.cli import EXIT_AUTH, EXIT_BUG, EXIT_ERROR, main
from opsdesk.models.users import Perm, PermissionDenied
from opsdesk.ops import register_rows
from opsdesk.ops.errors import ValidationError


@pytest.fixture
def devices_raising(demo_db_path, monkeypatch):
    """``opsdesk devices`` as the demo's duty engineer, its register query raising what is given."""
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")

    def raising(exc: BaseException) -> None:
        def register_lines(*_args: object, **_kwargs: object) -> None:
            raise exc

        monkeypatch.setattr(register_rows, "register_lines", register_lines)

    return raising


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("bug", [ZeroDivisionError("division by zero"), ValueError("a bug's own words"),
                                 KeyError("site_id")])
def test_a_bug_exits_70_with_its_traceback_and_one_line(devices_raising, bug, capsys, isolated_home):
    devices_raising(bug)
    assert main(["devices"]) == EXIT_BUG
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and type(bug).__name__ in err
    last = err.strip().splitlines()[-1]
    assert chinese(last) and "程序错误" in last and type(bug).__name__ in last
    assert str(isolated_home / "cli.log") in last
    logged = (isolated_home / "cli.log").read_text(encoding="utf-8")
    assert "Traceback" in logged and type(bug).__name__ in logged


def test_a_bug_is_said_even_where_the_log_cannot_be_written(devices_raising, capsys, monkeypatch, tmp_path):
    devices_raising(ZeroDivisionError("division by zero"))
    monkeypatch.setattr("opsdesk.cli.app.log_path", lambda: tmp_path / "no-such-folder" / "cli.log")
    assert main(["devices"]) == EXIT_BUG
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "程序错误" in last and "no-such-folder" not in last


@pytest.mark.parametrize("error, code, words", [
    (OSError(errno.ENOSPC, "No space left on device", "/srv/opsdesk/opsdesk.sqlite3"), EXIT_ERROR, "磁盘已满"),
    (OSError(errno.EROFS, "Read-only file system", "/srv/opsdesk/opsdesk.sqlite3"), EXIT_ERROR, "只读"),
    (environment.problem(environment.LOCKED, "/srv/opsdesk/opsdesk.sqlite3", seconds="5"), EXIT_ERROR, "锁定"),
    (ValidationError("site", "站点名称不能为空。"), EXIT_ERROR, "站点名称不能为空"),
    (PermissionDenied(None, Perm.VIEW_REGISTER), EXIT_AUTH, "不允许"),
])
def test_what_the_user_can_act_on_is_one_sentence(devices_raising, error, code, words, capsys, isolated_home):
    devices_raising(error)
    assert main(["devices"]) == code
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1 and words in err and chinese(err), err
    assert not (isolated_home / "cli.log").exists()
