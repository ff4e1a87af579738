"""Adding users, changing passwords, disabling accounts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import audit
from opsdesk.models.users import Perm, PermissionDenied, Principal, Role, User, check_password_strength, require
from opsdesk.ops.devices import control_character
from opsdesk.ops.errors import NotFound, ValidationError

USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


def _public(user: User) -> dict[str, object]:
    return {"username": user.username, "display_name": user.display_name, "role": user.role, "disabled": user.disabled}


def list_users(session: Session, actor: Principal) -> list[User]:
    require(actor, Perm.MANAGE_USERS)
    return list(session.scalars(select(User).order_by(User.username)))


@dataclass(frozen=True)
class UserRow:
    """An account as the users screen and ``opsdesk user list`` show it."""

    username: str
    display_name: str
    role: str
    disabled: bool
    locked_until: dt.datetime | None  # only while the lock-out lasts

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


def user_rows(session: Session, actor: Principal, at: dt.datetime) -> list[UserRow]:
    """Every account by user name (administrators only); a lock-out ended before ``at`` is none."""
    return [UserRow(u.username, u.display_name, u.role, u.disabled,
                    u.locked_until if u.locked_until is not None and u.locked_until > at else None)
            for u in list_users(session, actor)]


def add_user(
    session: Session, actor: Principal | None, username: str, password: str, role: Role | str, display_name: str = ""
) -> User:
    """Create a user. ``actor`` may be None only for the very first administrator."""
    first = session.scalar(select(func.count(User.id))) == 0
    if not (first and actor is None and Role(role) is Role.ADMIN):
        require(actor, Perm.MANAGE_USERS)
    for field, label, value in (("username", t("User name"), username),
                                ("display_name", t("Display name"), display_name)):
        problem = control_character(value)  # NUL, ESC, …: never in a name
        if problem:
            raise ValidationError(field, t("{field} {problem}.", field=label, problem=problem))
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise ValidationError("username", t("A user name is 2–64 letters, digits, '.', '_' or '-'."))
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("role", t("Unknown role: {role}", role=role)) from None
    if session.scalars(select(User).where(User.username == username)).first():
        raise ValidationError("username", t("The user {name} exists already.", name=username))
    try:
        check_password_strength(password)
    except ValueError as exc:
        raise ValidationError("password", str(exc)) from None
    user = User(username=username, display_name=display_name.strip(), role=role.value)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor.username if actor else username, "user.add", "user", user.id,
                 t("User {name} added", name=username), None, _public(user))
    return user


def find_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(t("No user named {name}.", name=username))
    return user


def set_password(session: Session, actor: Principal, username: str, new_password: str,
                 old_password: str | None = None) -> None:
    """Anyone may change their own password (giving the old one); admins anyone's."""
    user = find_user(session, username)
    if user.id == actor.id and not actor.can(Perm.MANAGE_USERS):
        if old_password is None or not user.check_password(old_password):
            raise ValidationError("old_password", t("The current password is wrong."))
    elif user.id != actor.id:
        require(actor, Perm.MANAGE_USERS)
    try:
        user.set_password(new_password)
    except ValueError as exc:
        raise ValidationError("password", str(exc)) from None
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, actor.username, "user.passwd", "user", user.id,
                 t("Password of {name} changed", name=username), None, {"password": audit.SECRET_MARK})


def set_disabled(session: Session, actor: Principal, username: str, disabled: bool = True) -> None:
    require(actor, Perm.MANAGE_USERS)
    user = find_user(session, username)
    if user.id == actor.id and disabled:
        raise PermissionDenied(actor, Perm.MANAGE_USERS)
    before = _public(user)
    user.disabled = disabled
    audit.record(session, actor.username, "user.disable" if disabled else "user.enable", "user", user.id,
                 t("User {name} disabled", name=username) if disabled else t("User {name} enabled", name=username),
                 before, _public(user))


def set_role(session: Session, actor: Principal, username: str, role: Role | str) -> None:
    require(actor, Perm.MANAGE_USERS)
    user = find_user(session, username)
    before = _public(user)
    user.role = Role(role).value
    audit.record(session, actor.username, "user.role", "user", user.id, t("Role of {name} changed", name=username),
                 before, _public(user))
