"""The read side of the register, the users and the audit trail (issue 15): typed queries that
return frozen records — what the console's screens, the CLI and the tests share. Qt-free."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.models.equipment import RegisterLine, Unit, WarrantyStatus
from opsdesk.models.users import PermissionDenied
from opsdesk.ops import audit_trail, devices, register_rows
from opsdesk.ops import users as user_ops
from opsdesk.ops.errors import NotFound
from opsdesk.ops.register_rows import LineRow, RegisterView

SEED_LINES, SEED_UNITS = 54, 172
# The demo room's 动环 points: register lines of their own after the seed's (opsdesk/demo/facilities.py).
EXTRA_LINES, EXTRA_UNITS = 4, 10


def test_register_view_lists_the_seed_as_plain_frozen_rows(demo_store, demo_users):
    with demo_store.read() as session:
        view = register_rows.register_view(session, demo_users["duty"], devices.RegisterFilter())
    # Read after the session closed: nothing is loaded lazily, nothing belongs to a session.
    assert isinstance(view, RegisterView) and len(view.lines) == SEED_LINES + EXTRA_LINES
    assert view.units == SEED_UNITS + EXTRA_UNITS
    assert view.soon_days == 90 and [s.name for s in view.sites][0] == "永和路数据中心"
    line = next(row for row in view.lines if row.model == "RD650")
    assert (line.site, line.title, line.quantity, line.purchased) == (
        "永和路数据中心", "公卫数据库服务器 联想 RD650", 2, dt.date(2015, 10, 1))
    assert line.warranty_end() == dt.date(2018, 10, 31)
    assert line.warranty_status(dt.date(2026, 11, 22)) is WarrantyStatus.OUT
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.note = "changed"  # type: ignore[misc]  # frozen: the assignment must raise


def test_register_view_filters_and_drops_a_site_that_is_gone(demo_store, demo_users):
    duty = demo_users["duty"]
    with demo_store.read() as session:
        site = next(s for s in register_rows.site_rows(session) if s.name == "区属医疗机构")
        only = register_rows.register_view(session, duty, devices.RegisterFilter(site_id=site.id))
        gone = register_rows.register_view(session, duty, devices.RegisterFilter(site_id=99_999))
        search = register_rows.register_lines(session, duty, devices.RegisterFilter(text="OceanStor"))
    assert (len(only.lines), only.units) == (2, 47)
    assert len(gone.lines) == SEED_LINES + EXTRA_LINES  # the screen's site box falls back to every site
    assert len(search) == 3 and all(isinstance(row, LineRow) for row in search)


def test_line_and_unit_details_for_the_forms(demo_store):
    with demo_store.read() as session:
        line_id = session.scalars(select(RegisterLine.id).where(RegisterLine.model == "RD650")).first()
        unit_id = session.scalars(select(Unit.id).where(Unit.asset_tag == "YHL-SRV-0001")).one()
        new = register_rows.line_detail(session, None)
        detail = register_rows.line_detail(session, line_id)
        units = register_rows.line_units(session, line_id)
        unit = register_rows.unit_detail(session, unit_id)
    assert new.values is None and new.units == () and "容灾备份" in new.site_names
    assert detail.values["purchased"] == "2015-10" and detail.version >= 1
    assert [u.asset_tag for u in detail.units] == ["YHL-SRV-0001", "YHL-SRV-0002"] == [u.asset_tag for u in units]
    assert detail.units[0].single_pdu and not detail.units[1].single_pdu
    assert unit.asset_tag == "YHL-SRV-0001" and unit.values["rack"] == "A01"
    assert set(unit.secret_set) == set(devices.SECRET_FIELDS)
    assert "(set)" not in str(unit.secret_set.values())  # whether a secret is set, never its value
    with pytest.raises(TypeError):
        unit.values["rack"] = "B02"  # type: ignore[index]  # read-only mapping: the assignment must raise


def test_a_line_or_unit_deleted_meanwhile_is_not_found(demo_store, demo_users):
    with demo_store.write() as session:
        line_id = session.scalars(select(RegisterLine.id).where(RegisterLine.model == "RD650")).first()
        unit_ids = session.scalars(select(Unit.id).where(Unit.line_id == line_id)).all()
        devices.delete_line(session, demo_users["supervisor"], line_id)
    with demo_store.read() as session:
        with pytest.raises(NotFound):
            register_rows.line_detail(session, line_id)
        with pytest.raises(NotFound):
            register_rows.unit_detail(session, unit_ids[0])
        assert register_rows.line_units(session, line_id) == ()


def test_export_table_is_the_exports_rows_and_needs_the_right(demo_store, demo_users):
    with demo_store.read() as session:
        rows = register_rows.export_table(session, demo_users["duty"], devices.RegisterFilter(), dt.date(2026, 11, 22))
    assert rows[0][:2] == ["资产编号", "站点"] and len(rows) - 1 == SEED_UNITS + EXTRA_UNITS


def test_user_rows_show_a_lock_out_only_while_it_lasts(demo_store, demo_users, fixed_clock):
    at = fixed_clock.now()
    with demo_store.write() as session:
        user = user_ops.find_user(session, "lina")
        user.locked_until = at + dt.timedelta(minutes=15)
        user_ops.find_user(session, "zhangwei").locked_until = at - dt.timedelta(minutes=1)
    with demo_store.read() as session:
        rows = {row.username: row for row in user_ops.user_rows(session, demo_users["admin"], at)}
        with pytest.raises(PermissionDenied):
            user_ops.user_rows(session, demo_users["duty"], at)
    assert list(rows) == ["admin", "chenjing", "lina", "liuyang", "wangfang", "zhangwei"]
    assert rows["lina"].locked_until == at + dt.timedelta(minutes=15)
    assert rows["zhangwei"].locked_until is None  # ended
    assert rows["wangfang"].role_enum.value == "supervisor" and not rows["wangfang"].disabled


def test_audit_rows_newest_first_for_those_who_may_read_them(demo_store, demo_users):
    with demo_store.read() as session:
        rows = audit_trail.audit_rows(session, demo_users["supervisor"], 5)
        with pytest.raises(PermissionDenied):
            audit_trail.audit_rows(session, demo_users["duty"], 5)
    assert len(rows) == 5 and [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
    assert rows[0].action == "demo.load" and rows[0].after == {"lines": 54, "units": 172}
    assert isinstance(rows[0].at, dt.datetime)
