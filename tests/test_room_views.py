"""The monitoring screens' room read models (issue 15, ops.room_views): the wall's round of rooms,
a room's limits as the 机房限值 dialog edits them, and whether racks may be removed — frozen
records, read in one session. Qt-free."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from opsdesk.models.equipment import Rack, Room
from opsdesk.ops import room_views, settings_ops
from opsdesk.ops.errors import NotFound, ValidationError


def test_the_wall_plan_is_every_room_in_the_sites_order_and_the_cycle_setting(demo_store, demo_users):
    with demo_store.read() as session:
        plan = room_views.wall_plan(session)
    assert plan.cycle_seconds == 30
    assert [(r.site_name, r.room_name) for r in plan.rooms][:2] == [
        ("永和路数据中心", "主机房"), ("容灾备份", "灾备机房")]
    assert "区属医疗机构" not in {r.site_name for r in plan.rooms}  # a site without rooms is skipped
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.cycle_seconds = 5  # type: ignore[misc]  # frozen: the assignment must raise
    with demo_store.write() as session:
        settings_ops.set_setting(session, demo_users["admin"], "wall.cycle_seconds", 12)
    with demo_store.read() as session:
        assert room_views.wall_plan(session).cycle_seconds == 12


def test_a_rooms_limits_form_follows_the_site_setting_until_it_has_its_own(demo_store, demo_users):
    with demo_store.read() as session:
        room_id = session.scalars(select(Room.id).where(Room.name == "主机房")).one()
        form = room_views.room_limits_form(session, room_id)
    assert form.name == "永和路数据中心 主机房" and form.version >= 1
    assert not form.band("temperature").own and (form.temperature.low, form.temperature.high) == (18.0, 28.0)
    with demo_store.write() as session:
        settings_ops.set_room_limits(session, demo_users["supervisor"], room_id,
                                     {"temperature": (20.0, 24.0), "humidity": None}, version=form.version)
    with demo_store.read() as session:
        again = room_views.room_limits_form(session, room_id)
    assert again.temperature.own and (again.temperature.low, again.temperature.high) == (20.0, 24.0)
    assert not again.humidity.own and again.version > form.version


def test_a_room_deleted_meanwhile_is_not_found(demo_store):
    with demo_store.read() as session, pytest.raises(NotFound, match="该机房已被删除"):
        room_views.room_limits_form(session, 99_999)


def test_racks_holding_devices_are_refused_and_a_gone_one_holds_none(demo_store):
    with demo_store.read() as session:
        racks = {r.name: r.id for r in session.scalars(select(Rack))}
        room_views.check_racks_empty(session, [racks["A07"], 99_999])  # empty, and gone: fine
        with pytest.raises(ValidationError, match="A01"):
            room_views.check_racks_empty(session, [racks["A07"], racks["A01"]])
