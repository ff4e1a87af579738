"""``opsdesk service``: the poller as a systemd service, so monitoring runs from boot without a console."""

from __future__ import annotations

import os
import stat
import sys

from opsdesk import cli, service
from tests.conditions import as_outsider, open_folder, opsdesk


def fake_systemctl(tmp_path, exit_code: int = 0):
    """A systemctl on PATH that writes down what it was asked."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    script = bin_dir / "systemctl"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n"
                      + (f"echo 'Failed to connect to bus: Host is down' >&2\nexit {exit_code}\n" if exit_code else ""))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return bin_dir, log


def test_the_unit_runs_this_environments_poller_for_this_database(isolated_home):
    text = service.unit_text("/srv/opsdesk/site.sqlite3", user="opsdesk")
    assert f"ExecStart={sys.executable} -m opsdesk poller --db /srv/opsdesk/site.sqlite3" in text
    assert f"Environment=OPSDESK_HOME={isolated_home}" in text
    assert "User=opsdesk" in text
    assert "Restart=on-failure" in text  # a supervisor's 停止监控 (SIGTERM, exit 0) is not undone
    assert "WantedBy=multi-user.target" in text
    assert "--parent-pid" not in text


def test_install_writes_enables_and_starts_it(tmp_path, monkeypatch, isolated_home, capsys):
    bin_dir, log = fake_systemctl(tmp_path)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    units = tmp_path / "units"
    db = tmp_path / "site.sqlite3"
    assert cli.main(["service", "install", "--db", str(db), "--unit-dir", str(units), "--run-as", "opsdesk"]) == 0
    unit = (units / service.UNIT_NAME).read_text()
    assert f"--db {db}" in unit and "User=opsdesk" in unit
    assert log.read_text().splitlines() == ["daemon-reload", f"enable --now {service.UNIT_NAME}"]
    assert "服务已安装并启动" in capsys.readouterr().out


def test_a_failing_systemctl_is_said_in_chinese(tmp_path, monkeypatch, isolated_home, capsys):
    bin_dir, _log = fake_systemctl(tmp_path, exit_code=1)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    code = cli.main(["service", "install", "--db", str(tmp_path / "s.sqlite3"), "--unit-dir", str(tmp_path / "u")])
    assert code == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "daemon-reload 失败" in err and "Host is down" in err


def test_without_the_right_to_write_the_unit():
    """A real unprivileged user (CI runs as root, who may write anywhere), never a skip."""
    with open_folder() as folder:
        home = folder / "home"
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        locked = folder / "units"
        locked.mkdir(mode=0o755)  # root's: nobody may write there
        done = opsdesk("service", "install", "--db", str(folder / "s.sqlite3"), "--unit-dir", str(locked),
                       env={"OPSDESK_HOME": str(home), "OPSDESK_LANG": "zh"}, as_user=as_outsider())
    assert done.returncode == cli.EXIT_ERROR, done.stderr
    assert "需要系统管理员权限" in done.stderr and "Traceback" not in done.stderr


def test_read_only_unit_folder_is_refused_clearly(tmp_path, isolated_home, capsys, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(tmp_path), "write_text", refuse)
    code = cli.main(["service", "install", "--db", "x.sqlite3", "--unit-dir", str(tmp_path / "u"), "--no-enable"])
    assert code == cli.EXIT_ERROR
    assert "安装服务需要系统管理员权限" in capsys.readouterr().err


def test_show_and_uninstall(tmp_path, isolated_home, capsys):
    assert cli.main(["service", "show", "--db", "/srv/site.sqlite3"]) == 0
    assert "ExecStart=" in capsys.readouterr().out
    units = tmp_path / "u"
    assert cli.main(["service", "install", "--db", "/srv/site.sqlite3", "--unit-dir", str(units), "--no-enable"]) == 0
    assert (units / service.UNIT_NAME).exists()
    assert cli.main(["service", "uninstall", "--unit-dir", str(units)]) == 0
    assert not (units / service.UNIT_NAME).exists()
