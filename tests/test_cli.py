"""The headless sub-commands, run as a user would run them (in-process for speed,
one real subprocess to prove the console script)."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys

import pytest

from opsdesk.cli import EXIT_AUTH, EXIT_CHECK_FAILED, EXIT_OK, main

PASSWORDS = {"duty": ("zhangwei", "duty-2026"), "supervisor": ("wangfang", "review-2026"),
             "admin": ("admin", "admin-2026")}


@pytest.fixture
def run(demo_db_path, monkeypatch, capsys):
    """Run ``opsdesk ARGS`` on the demo database as a role; returns (code, stdout, stderr)."""

    def _run(*args: str, role: str | None = "admin", password: str | None = None, new_password: str | None = None):
        monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
        if role:
            user, pw = PASSWORDS[role]
            monkeypatch.setenv("OPSDESK_USER", user)
            monkeypatch.setenv("OPSDESK_PASSWORD", password or pw)
        if new_password:
            monkeypatch.setenv("OPSDESK_NEW_PASSWORD", new_password)
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run


def test_devices_prints_the_register_with_warranty_as_of_a_date(run):
    code, out, _ = run("devices", "--as-of", "2022-10-01", "--csv", role="duty")
    assert code == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out)))
    # seed 002's 54 lines, then the demo room's 4 动环 lines (opsdesk/demo/facilities.py)
    assert len(rows) == 54 + 4 and rows[0]["站点"] == "永和路数据中心" and rows[0]["保修状态"] == "过保"
    assert {r["保修状态"] for r in rows if r["购置年月"] == "2019-10"} == {"即将过保"}
    code, out, _ = run("devices", "--site", "区属医疗机构", role="duty")
    assert "联想 SR650" in out and "共 2 行、47 台" in out


def test_devices_needs_a_login(run):
    code, _, err = run("devices", role=None)
    assert code == EXIT_AUTH and "--user" in err
    code, _, err = run("devices", role="duty", password="wrong")
    assert code == EXIT_AUTH and "用户名或密码错误" in err


def test_import_and_export_devices(run, tmp_path):
    out_file = tmp_path / "dr.csv"
    code, out, _ = run("export", "devices", "--site", "DR", "--out", str(out_file), role="duty")
    assert code == EXIT_OK and "6 台" in out
    code, out, _ = run("import", "devices", str(out_file), role="supervisor")
    assert code == EXIT_OK and "未变 6" in out
    code, _, err = run("import", "devices", str(out_file), role="duty")
    assert code == EXIT_AUTH and "无权" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("资产编号,站点,类别\nX-1,永和路数据中心,冰箱\n", encoding="gbk")
    code, _, err = run("import", "devices", str(bad), role="supervisor")
    assert code == 1 and "第 2 行，“类别”列" in err


@pytest.mark.parametrize("role, code", [("duty", EXIT_AUTH), ("supervisor", EXIT_AUTH), ("admin", EXIT_OK)])
def test_user_commands_by_role(run, role, code):
    assert run("user", "add", "zhaolei", "--role", "duty", "--display", "赵磊", role=role,
               new_password="password-123")[0] == code
    assert run("user", "disable", "lina", role=role)[0] == code
    assert run("user", "list", role=role)[0] == code


def test_user_passwd_and_lockout_from_the_cli(run):
    assert run("user", "passwd", "lina", new_password="lina-new-pass")[0] == EXIT_OK
    code, out, _ = run("user", "list")
    assert "李娜" in out
    for _ in range(5):
        run("devices", role="duty", password="nope")
    code, _, err = run("devices", role="duty")
    assert code == EXIT_AUTH and "锁定" in err


@pytest.mark.parametrize("role, code", [("duty", EXIT_AUTH), ("supervisor", EXIT_OK), ("admin", EXIT_OK)])
def test_audit_verify_by_role(run, role, code):
    assert run("audit", "verify", role=role)[0] == code


def test_audit_verify_names_the_tampered_entry(run, demo_db_path):
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE audit_entry SET actor = 'someone' WHERE id = 2")
    code, out, _ = run("audit", "verify", role="supervisor")
    assert code == EXIT_CHECK_FAILED and "第 2 条" in out


def test_backup_needs_no_login_and_restore_needs_an_admin(run, isolated_home):
    code, out, _ = run("backup", role=None)
    assert code == EXIT_OK and "校验通过" in out
    backup_file = next((isolated_home / "backups").glob("opsdesk-*.sqlite3"))
    assert run("restore", str(backup_file), role="supervisor")[0] == EXIT_AUTH
    code, out, _ = run("restore", str(backup_file), role="admin")
    assert code == EXIT_OK and "已从" in out


@pytest.mark.parametrize("role, code", [("duty", EXIT_AUTH), ("supervisor", EXIT_AUTH), ("admin", EXIT_OK)])
def test_calendar_import_by_role(run, tmp_path, role, code):
    notice = tmp_path / "2027.csv"
    notice.write_text("2027-10-01,休,国庆节\n", encoding="utf-8")
    assert run("calendar", "import", str(notice), role=role)[0] == code


def test_calendar_show_marks_a_provisional_year(run):
    code, out, _ = run("calendar", "show", "--year", "2026", role="duty")
    assert "2026-02-14" in out and "调休上班" in out and "暂定" not in out
    code, out, _ = run("calendar", "show", "--year", "2027", role="duty")
    assert "暂定" in out


@pytest.mark.parametrize("role, code", [("duty", EXIT_AUTH), ("supervisor", EXIT_OK), ("admin", EXIT_OK)])
def test_settings_by_role(run, role, code):
    assert run("settings", "set", "env.temp_high", "27", role=role)[0] == code
    assert run("settings", "show", role=role)[0] == EXIT_OK


def test_settings_refuse_a_bad_value(run):
    code, _, err = run("settings", "set", "env.humidity_high", "180")
    assert code == 1 and "0 到 100" in err


def test_english_on_request(run):
    code, out, _ = run("devices", "--site", "DR", "--lang", "en", role="duty")
    assert "Out of warranty" in out and "6 units" in out


def test_init_a_real_site_then_the_console_default_is_that_site(tmp_path, monkeypatch, capsys, isolated_home):
    monkeypatch.setenv("OPSDESK_NEW_PASSWORD", "first-admin-pw")
    assert main(["init", "--site", "市第一人民医院机房", "--code", "RM1", "--admin", "root"]) == EXIT_OK
    assert (isolated_home / "opsdesk.sqlite3").exists()
    monkeypatch.setenv("OPSDESK_USER", "root")
    monkeypatch.setenv("OPSDESK_PASSWORD", "first-admin-pw")
    capsys.readouterr()
    assert main(["devices"]) == EXIT_OK
    assert "共 0 行" in capsys.readouterr().out
    assert main(["init", "--site", "again", "--admin", "root"]) == 1  # never over an existing site


def test_init_demo_and_the_console_script(tmp_path):
    env = {**os.environ, "OPSDESK_HOME": str(tmp_path), "OPSDESK_USER": "zhangwei", "OPSDESK_PASSWORD": "duty-2026"}
    subprocess.run([sys.executable, "-m", "opsdesk", "init", "--demo"], env=env, check=True, capture_output=True)
    assert (tmp_path / "demo.sqlite3").exists()
    done = subprocess.run([sys.executable, "-m", "opsdesk", "devices", "--category", "KVM"], env=env,
                          capture_output=True, text=True, check=True)
    assert "KMD3232" in done.stdout and "共 2 行、3 台" in done.stdout


def test_profile_show_prints_a_site_profile_as_saved_or_the_shipped_file(run, tmp_path):
    from opsdesk import paths
    from tests.probes.test_site_profiles import GOOD

    code, out, _ = run("profile", "show", "ups-mib", role="duty")  # shipped: its path, then its text
    shipped = paths.DATA / "profiles" / "ups-mib.toml"
    assert code == EXIT_OK and out == f"# {shipped}\n{shipped.read_text(encoding='utf-8')}"
    first = tmp_path / "site-ups-extra.toml"
    first.write_text(GOOD, encoding="utf-8")
    second = tmp_path / "v2.toml"
    second.write_text(GOOD.replace("输出相数", "输出相数（本院）"), encoding="utf-8")
    assert run("profile", "save", str(first), role="supervisor")[0] == EXIT_OK
    assert run("profile", "save", str(second), role="supervisor")[0] == EXIT_OK
    code, out, _ = run("profile", "show", "site-ups-extra", role="duty")
    assert code == EXIT_OK and out == second.read_text(encoding="utf-8")  # byte for byte: it saves again as it is
    code, out, _ = run("profile", "show", "site-ups-extra", "--version", "1", role="duty")
    assert code == EXIT_OK and out == GOOD
    code, _, err = run("profile", "show", "no-such-profile", role="duty")
    assert code == 1 and "没有设备档案 no-such-profile" in err
    code, _, err = run("profile", "show", "site-ups-extra", "--version", "7", role="duty")
    assert code == 1 and "site-ups-extra" in err
