"""A role sees and does only what it may, checked inside the operations (R-SEC-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from opsdesk.demo.seed import DEMO_USERS
from opsdesk.models import Unit
from opsdesk.models.users import PermissionDenied, Role
from opsdesk.ops import backup, devices, users
from opsdesk.ops.calendar import import_calendar
from opsdesk.ops.register_csv import export_rows, import_csv
from opsdesk.ops.settings_ops import set_setting

DEMO_PASSWORDS = {du.username: du.password for du in DEMO_USERS}

CSV = "资产编号,站点,类别,名称\nR-1,永和路数据中心,服务器,测试\n".encode()
CAL = "2027-10-01,休,国庆节\n".encode()


def _first_unit(session):
    return session.scalars(select(Unit).order_by(Unit.id)).first()


# operation name → (function(session, actor, tmp), roles allowed)
OPERATIONS = {
    "view register": (lambda s, a, p: devices.list_lines(s, a), {"duty", "supervisor", "admin"}),
    "export register": (lambda s, a, p: export_rows(s, a, devices.list_lines(s, a), dt.date(2026, 1, 1)),
                        {"duty", "supervisor", "admin"}),
    "edit a unit": (lambda s, a, p: devices.save_unit(s, a, _first_unit(s).id, {"serial": "SN-X"}),
                    {"duty", "supervisor", "admin"}),
    "add a line": (lambda s, a, p: devices.save_line(s, a, {"site": "容灾备份", "category": "KVM"}, quantity=1),
                   {"duty", "supervisor", "admin"}),
    "set an SNMP secret": (lambda s, a, p: devices.save_unit(s, a, _first_unit(s).id, {"community": "c"}), {"admin"}),
    "delete a unit": (lambda s, a, p: devices.delete_unit(s, a, _first_unit(s).id), {"supervisor", "admin"}),
    "delete a line": (lambda s, a, p: devices.delete_line(s, a, devices.list_lines(s, a)[-1].id),
                      {"supervisor", "admin"}),
    "import devices": (lambda s, a, p: import_csv(s, a, CSV, "x.csv"), {"supervisor", "admin"}),
    "change a setting": (lambda s, a, p: set_setting(s, a, "env.temp_high", 27), {"supervisor", "admin"}),
    "list users": (lambda s, a, p: users.list_users(s, a), {"admin"}),
    "add a user": (lambda s, a, p: users.add_user(s, a, "newbie", "password-123", Role.DUTY), {"admin"}),
    "disable a user": (lambda s, a, p: users.set_disabled(s, a, "lina"), {"admin"}),
    "change someone's role": (lambda s, a, p: users.set_role(s, a, "lina", Role.ADMIN), {"admin"}),
    "reset someone's password": (lambda s, a, p: users.set_password(s, a, "lina", "new-password-1"), {"admin"}),
    "import the calendar": (lambda s, a, p: import_calendar(s, a, CAL, "notice.csv"), {"admin"}),
}


@pytest.mark.parametrize("role", ["duty", "supervisor", "admin"])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_every_operation_as_every_role(demo_store, demo_users, role, operation, tmp_path):
    func, allowed = OPERATIONS[operation]
    actor = demo_users[role]
    if role in allowed:
        with demo_store.write() as session:
            func(session, actor, tmp_path)
    else:
        with pytest.raises(PermissionDenied):
            with demo_store.write() as session:
                func(session, actor, tmp_path)


@pytest.mark.parametrize("role, allowed", [("duty", False), ("supervisor", False), ("admin", True)])
def test_restore_only_by_an_administrator(demo_store, demo_users, role, allowed):
    """The authority is the backup's own users: an administrator enabled in it, by password."""
    from opsdesk.models.users import AuthError

    saved = backup.backup(demo_store)
    name = demo_users[role].username
    if allowed:
        backup.restore(demo_store, saved.path, name, DEMO_PASSWORDS[name])
    else:
        with pytest.raises(AuthError):
            backup.restore(demo_store, saved.path, name, DEMO_PASSWORDS[name])


def test_anyone_may_change_their_own_password_with_the_old_one(demo_store, demo_users):
    from opsdesk.ops.errors import ValidationError

    duty = demo_users["duty"]
    with pytest.raises(ValidationError, match="当前密码不正确"):
        with demo_store.write() as session:
            users.set_password(session, duty, duty.username, "brand-new-pass", old_password="wrong")
    with demo_store.write() as session:
        users.set_password(session, duty, duty.username, "brand-new-pass", old_password="duty-2026")


def test_an_admin_cannot_disable_themself(demo_store, demo_users):
    with pytest.raises(PermissionDenied):
        with demo_store.write() as session:
            users.set_disabled(session, demo_users["admin"], "admin")


def test_a_disabled_user_can_do_nothing(demo_store, demo_users):
    duty = demo_users["duty"]
    duty.disabled = True
    with pytest.raises(PermissionDenied):
        with demo_store.read() as session:
            devices.list_lines(session, duty)
