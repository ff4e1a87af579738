"""A site's own device profiles kept in the database (issue 17): saved checked, versioned and
audited by a supervisor or an administrator, retired, seen by another process, kept by a backup."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from opsdesk import paths
from opsdesk.cli import main
from opsdesk.models import AuditEntry, SiteProfile, SiteProfileVersion
from opsdesk.models.users import PermissionDenied
from opsdesk.ops import backup as backups
from opsdesk.ops import site_profiles as sp
from opsdesk.ops.errors import NotFound, ValidationError
from opsdesk.store import Store
from tests.probes.test_site_profiles import GOOD

EXTRA = GOOD  # the probes' site profile test's extra UPS reading, kept in the database here


def _audited(store, action):
    with store.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_a_duty_engineer_may_not_save_a_profile(demo_store, demo_users):
    with pytest.raises(PermissionDenied), demo_store.write() as session:
        sp.save_profile(session, demo_users["duty"], EXTRA)
    with demo_store.read() as session:
        assert session.scalar(select(func.count()).select_from(SiteProfileVersion)) == 0


def test_a_supervisor_saves_versions_each_audited_with_its_hash(demo_store, demo_users):
    boss = demo_users["supervisor"]
    with demo_store.write() as session:
        first = sp.save_profile(session, boss, EXTRA, note="第一版")
    with demo_store.write() as session:
        second = sp.save_profile(session, boss, EXTRA.replace("输出相数", "输出相数（本院）"), note="改名")
    assert (first.id, first.version, second.version) == ("site-ups-extra", 1, 2)
    assert first.sha256 != second.sha256
    entries = _audited(demo_store, "profile.save")
    assert [e.entity_id for e in entries] == ["site-ups-extra"] * 2
    assert [(e.after["version"], e.after["sha256"]) for e in entries] == [(1, first.sha256), (2, second.sha256)]
    assert entries[0].actor == boss.username
    with demo_store.read() as session:
        history = sp.profile_history(session, "site-ups-extra")
        assert [(v.version, v.note, v.current) for v in history] == [(2, "改名", True), (1, "第一版", False)]
        assert "输出相数（本院）" in sp.profile_text(session, "site-ups-extra")
        (row,) = sp.profile_rows(session)
        assert (row.id, row.version, row.kind, row.overrides_shipped) == ("site-ups-extra", 2, "ups", False)
        assert row.saved_by == (boss.display_name or boss.username)


@pytest.mark.parametrize("text, words", [
    ("id = \"x\"\nkind = \"ups\n", "不是有效的 TOML"),
    ("id = \"x\"\nkind = \"toaster\"\n[match]\nalways = true\n", "设备档案无效"),
    ("kind = \"ups\"\n", "设备档案需要 id"),
])
def test_an_invalid_profile_is_refused_in_chinese_and_nothing_is_saved(demo_store, demo_users, text, words):
    before = len(_audited(demo_store, "profile.save"))
    with pytest.raises(ValidationError, match=words), demo_store.write() as session:
        sp.save_profile(session, demo_users["admin"], text)
    with demo_store.read() as session:
        assert session.scalar(select(func.count()).select_from(SiteProfile)) == 0
    assert len(_audited(demo_store, "profile.save")) == before


def test_a_database_profile_replaces_the_shipped_one_with_its_id_until_retired(demo_store, demo_users):
    shipped = (paths.DATA / "profiles" / "ups-mib.toml").read_text(encoding="utf-8")
    ours = shipped.replace('id = "ups-mib"', 'id = "ups-mib"\n# 本院改过', 1)
    assert ours != shipped
    with demo_store.write() as session:
        sp.save_profile(session, demo_users["admin"], ours)
    with demo_store.read() as session:
        in_use = {p.id: p for p in sp.profiles_in_use(session)}
        assert in_use["ups-mib"].path == "site_profile:ups-mib#v1"
        assert [r.overrides_shipped for r in sp.profile_rows(session)] == [True]
    with demo_store.write() as session:
        sp.retire_profile(session, demo_users["supervisor"], "ups-mib")
    with demo_store.read() as session:
        in_use = {p.id: p for p in sp.profiles_in_use(session)}
        assert in_use["ups-mib"].path.endswith("ups-mib.toml")  # the shipped one again
        assert sp.profile_rows(session) == []
        assert sp.profile_history(session, "ups-mib")[0].current is False
    assert _audited(demo_store, "profile.retire")[0].entity_id == "ups-mib"
    with pytest.raises(NotFound), demo_store.write() as session:
        sp.retire_profile(session, demo_users["admin"], "ups-mib")


def test_another_process_sees_a_saved_profile_and_its_mark_moves(demo_store, demo_users):
    other = Store(demo_store.url)  # a second console, or the poller's process
    try:
        with other.read() as session:
            mark = sp.profiles_mark(session)
            assert "site-ups-extra" not in {p.id for p in sp.profiles_in_use(session)}
        with demo_store.write() as session:
            sp.save_profile(session, demo_users["supervisor"], EXTRA)
        with other.read() as session:
            assert sp.profiles_mark(session) != mark
            assert "site-ups-extra" in {p.id for p in sp.profiles_in_use(session)}
    finally:
        other.close()


def test_a_backup_keeps_a_saved_profile(demo_store, demo_users):
    admin = demo_users["admin"]
    with demo_store.write() as session:
        sp.save_profile(session, admin, EXTRA, note="备份前")
    saved = backups.backup(demo_store, admin)
    with demo_store.write() as session:
        sp.retire_profile(session, admin, "site-ups-extra")
    backups.restore(demo_store, saved.path, "admin", "admin-2026")
    fresh = Store(demo_store.url)
    try:
        with fresh.read() as session:
            assert [(r.id, r.version) for r in sp.profile_rows(session)] == [("site-ups-extra", 1)]
            assert sp.profile_history(session, "site-ups-extra")[0].note == "备份前"
    finally:
        fresh.close()


def test_profile_save_history_retire_and_the_listing_from_the_cli(demo_db_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPSDESK_DB", str(demo_db_path))
    monkeypatch.setenv("OPSDESK_USER", "zhangwei")
    monkeypatch.setenv("OPSDESK_PASSWORD", "duty-2026")
    path = tmp_path / "site-ups-extra.toml"
    path.write_text(EXTRA, encoding="utf-8")
    assert main(["profile", "save", str(path)]) == 3  # a duty engineer may not
    capsys.readouterr()
    from opsdesk.demo.seed import DEMO_USERS
    from tests.conftest import DEMO_PASSWORDS

    boss = next(du.username for du in DEMO_USERS if du.role.value == "supervisor")
    monkeypatch.setenv("OPSDESK_USER", boss)
    monkeypatch.setenv("OPSDESK_PASSWORD", DEMO_PASSWORDS[boss])
    assert main(["profile", "save", str(path), "--note", "新增"]) == 0
    assert "已保存为第 1 版" in capsys.readouterr().out
    assert main(["profiles"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("site-ups-extra"))
    assert "站点（数据库）" in line and " 1 " in line
    assert main(["profile", "history", "site-ups-extra"]) == 0
    out = capsys.readouterr().out
    assert "新增" in out and "使用中" in out
    assert main(["profile", "retire", "site-ups-extra"]) == 0
    capsys.readouterr()
    assert main(["profiles"]) == 0
    assert "site-ups-extra" not in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("id = \"x\"\nkind = [\n", encoding="utf-8")
    assert main(["profile", "save", str(bad)]) != 0
    assert "不是有效的 TOML" in capsys.readouterr().err
