"""The settings screen's query and save (opsdesk/ops/settings_ops.py), without Qt: the same
permission and checks as ``opsdesk settings``, all or nothing, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from opsdesk.models import settings
from opsdesk.models.audit import AuditEntry
from opsdesk.models.equipment import Room
from opsdesk.models.settings import SettingSpec
from opsdesk.models.users import PermissionDenied
from opsdesk.ops import settings_ops
from opsdesk.ops.errors import ConflictError, ValidationError
from opsdesk.ops.settings_ops import SettingsRefused


def _room(session, name: str = "主机房") -> Room:
    return session.scalars(select(Room).where(Room.name == name)).one()


def test_the_view_lists_every_setting_grouped_and_in_chinese(demo_store, demo_users):
    with demo_store.read() as s:
        view = settings_ops.settings_view(s, demo_users["supervisor"])
    fields = {f.key: f for f in view.fields}
    assert set(fields) == set(settings.SPECS)
    high = fields["env.temp_high"]
    assert (high.group_title, high.description, high.value, high.default) == (
        "环境限值", "机房温度上限（℃）", 28.0, 28.0)
    assert (high.kind, high.minimum, high.maximum, high.unit) == ("float", -10, 50, "℃")
    assert fields["alarm.tone"].kind == "bool" and fields["inspection.since"].kind == "date"
    assert fields["login.lock_minutes"].group_title == "登录与安全" and fields["login.lock_minutes"].unit == "分钟"
    assert fields["wall.cycle_seconds"].unit == "秒"
    groups = [f.group for f in view.fields]
    assert groups[:4] == ["environment"] * 4 and groups == sorted(groups, key=groups.index)  # each group together
    assert [(r.site, r.room) for r in view.rooms] == [("永和路数据中心", "主机房"), ("容灾备份", "灾备机房")]
    assert not view.rooms[0].limits["temperature"].own and view.rooms[0].limits["temperature"].high == 28.0


def test_a_key_added_to_specs_shows_without_a_change_here(demo_store, demo_users, monkeypatch):
    monkeypatch.setitem(settings.SPECS, "report.footer_lines", SettingSpec(2, int, "SNMP retries", 0, 9))
    with demo_store.read() as s:
        field = next(f for f in settings_ops.settings_view(s, demo_users["admin"]).fields
                     if f.key == "report.footer_lines")
    assert (field.group_title, field.value, field.maximum) == ("其他设置", 2, 9)


def test_the_view_needs_the_permission_of_settings_set(demo_store, demo_users):
    with demo_store.read() as s, pytest.raises(PermissionDenied):
        settings_ops.settings_view(s, demo_users["duty"])
    with demo_store.write() as s, pytest.raises(PermissionDenied):
        settings_ops.save_settings(s, demo_users["duty"], {"wall.cycle_seconds": 20})


def test_save_writes_settings_and_a_room_band_and_audits_each(demo_store, demo_users):
    with demo_store.read() as s:
        room_id = _room(s).id
    with demo_store.write() as s:
        count = settings_ops.save_settings(s, demo_users["supervisor"], {"env.temp_high": 26.5, "alarm.tone": False},
                                           {room_id: {"humidity": (40, 60)}}, seen={"env.temp_high": 28.0})
    assert count == 3
    with demo_store.read() as s:
        assert settings.get(s, "env.temp_high") == 26.5 and settings.get(s, "alarm.tone") is False
        band = settings.room_limits(s, [room_id])[room_id]["humidity"]
        assert (band.low, band.high, band.own) == (40, 60, True)
        entries = s.scalars(select(AuditEntry).where(AuditEntry.actor == "wangfang")).all()
    assert {(e.action, e.entity_id) for e in entries} >= {("setting.set", "env.temp_high"),
                                                         ("setting.set", "alarm.tone"), ("room.limits", str(room_id))}


def test_a_refusal_names_each_field_in_chinese_and_saves_nothing(demo_store, demo_users):
    with demo_store.read() as s:
        room_id = _room(s).id
        audit_before = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    with demo_store.write() as s, pytest.raises(SettingsRefused) as refused:
        settings_ops.save_settings(s, demo_users["admin"],
                                   {"wall.cycle_seconds": 20, "env.humidity_high": 180,
                                    "inspection.since": "2026-02-30", "env.temp_low": 29},
                                   {room_id: {"temperature": (26, 22)}})
    problems = refused.value.problems
    assert problems["env.humidity_high"] == "应在 0 到 100 之间"  # no key before it: it is said beside the field
    assert problems["inspection.since"] == "无效的值：2026-02-30"
    assert problems["env.temp_low"] == "机房温度：下限须低于上限（29 ≥ 28）。"
    assert problems[f"room:{room_id}:temperature"] == "机房温度：下限须低于上限（26 ≥ 22）。"
    assert "wall.cycle_seconds" not in problems
    with demo_store.read() as s:
        assert settings.get(s, "wall.cycle_seconds") == 30  # all or nothing
        assert s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) == audit_before


def test_the_cli_verb_keeps_a_site_wide_band_a_band(demo_store, demo_users):
    with demo_store.write() as s, pytest.raises(ValidationError, match="下限须低于上限"):
        settings_ops.set_setting(s, demo_users["admin"], "env.humidity_low", 80)
    with demo_store.write() as s:  # the band moved in one save: each end checked against the other's new value
        settings_ops.save_settings(s, demo_users["admin"], {"env.temp_low": 30, "env.temp_high": 35})
    with demo_store.read() as s:
        assert (settings.get(s, "env.temp_low"), settings.get(s, "env.temp_high")) == (30, 35)


def test_a_change_made_meanwhile_is_not_overwritten_unseen(demo_store, demo_users):
    with demo_store.write() as s:
        settings_ops.set_setting(s, demo_users["admin"], "backup.keep", 20)
    with demo_store.write() as s, pytest.raises(ConflictError):
        settings_ops.save_settings(s, demo_users["supervisor"], {"backup.keep": 10}, seen={"backup.keep": 14})
    with demo_store.read() as s:
        version = _room(s).version
    with demo_store.write() as s:
        settings_ops.set_room_limits(s, demo_users["admin"], _room(s).id, {"temperature": (19, 27)})
    with demo_store.write() as s, pytest.raises(ConflictError):
        settings_ops.save_settings(s, demo_users["supervisor"], {}, {_room(s).id: {"temperature": None}},
                                   room_versions={_room(s).id: version})
