"""Named users, roles and what each role may do (R-SEC-1).

Permissions are checked inside the operations themselves (:func:`require`),
never only by hiding buttons.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import String
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models import labels
from opsdesk.models.base import Base


class Role(enum.StrEnum):
    DUTY = "duty"  # 值班运维人员
    SUPERVISOR = "supervisor"  # 审核人 (the hospital's reviewer)
    ADMIN = "admin"  # 管理员 — its words: opsdesk.models.labels.role


class Perm(enum.StrEnum):
    VIEW_REGISTER = "view_register"
    EDIT_DEVICE = "edit_device"
    DELETE_DEVICE = "delete_device"
    IMPORT_DEVICES = "import_devices"
    EXPORT_DEVICES = "export_devices"
    EDIT_SECRETS = "edit_secrets"
    EDIT_SITES = "edit_sites"
    MANAGE_USERS = "manage_users"
    EDIT_SETTINGS = "edit_settings"
    VIEW_AUDIT = "view_audit"
    BACKUP = "backup"
    RESTORE = "restore"
    IMPORT_CALENDAR = "import_calendar"
    ACK_ALARM = "ack_alarm"
    RUN_SHIFT = "run_shift"  # start a shift, tick, hand over, sign
    EDIT_CHECKLIST = "edit_checklist"  # edit checklist templates
    EDIT_ROSTER = "edit_roster"  # the duty roster; decide leave
    EDIT_FLOOR = "edit_floor"  # move, add and remove racks and items on the floor plan
    INSPECT = "inspect"  # fill an inspection sheet and sign it as 巡检人
    REVIEW_INSPECTION = "review_inspection"  # sign an inspection sheet as 审核人 (the hospital's reviewer)
    STOP_MONITORING = "stop_monitoring"  # stop the poller from a console (monitoring ends until restarted)
    EDIT_PROFILES = "edit_profiles"  # save and retire the site's own device profiles (issue 17)


ROLE_PERMS: dict[Role, frozenset[Perm]] = {
    Role.DUTY: frozenset(
        {Perm.VIEW_REGISTER, Perm.EDIT_DEVICE, Perm.EXPORT_DEVICES, Perm.BACKUP, Perm.ACK_ALARM, Perm.RUN_SHIFT,
         Perm.INSPECT}
    ),
    Role.SUPERVISOR: frozenset(
        {
            Perm.VIEW_REGISTER,
            Perm.EDIT_DEVICE,
            Perm.DELETE_DEVICE,
            Perm.IMPORT_DEVICES,
            Perm.EXPORT_DEVICES,
            Perm.EDIT_SITES,
            Perm.EDIT_SETTINGS,
            Perm.VIEW_AUDIT,
            Perm.BACKUP,
            Perm.ACK_ALARM,
            Perm.RUN_SHIFT,
            Perm.EDIT_CHECKLIST,
            Perm.EDIT_ROSTER,
            Perm.EDIT_FLOOR,
            Perm.INSPECT,
            Perm.REVIEW_INSPECTION,
            Perm.STOP_MONITORING,
            Perm.EDIT_PROFILES,
        }
    ),
    Role.ADMIN: frozenset(Perm),
}


class Principal(Protocol):
    """Who acts: a user row in a session, or the :class:`Actor` record a console holds."""

    @property
    def id(self) -> int: ...
    @property
    def username(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def role(self) -> str: ...
    def can(self, perm: Perm) -> bool: ...


@dataclass(frozen=True)
class Actor:
    """The logged-in user as a plain record: what a console keeps and hands to the operations
    it runs off the GUI thread (no ORM instance crosses threads). Permissions are those the
    user had at login."""

    id: int
    username: str
    display_name: str
    role: str
    disabled: bool = False

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def can(self, perm: Perm) -> bool:
        return not self.disabled and perm in ROLE_PERMS[self.role_enum]

    @property
    def label(self) -> str:
        return labels.aside(self.display_name, self.username) if self.display_name else self.username


class PermissionDenied(Exception):
    def __init__(self, user: Principal | None, perm: Perm) -> None:
        who = user.username if user else "?"
        super().__init__(t("{user} may not do this ({perm}).", user=who, perm=perm.value))
        self.perm = perm


class AuthError(Exception):
    """Login refused; the message is for the user, in their language."""


PASSWORD_MIN_LENGTH = 8
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _unknown_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(32))


def password_matches(password_hash: str | None, password: str) -> bool:
    """An argon2id check outside a session (a backup's users); None costs the same as a wrong password."""
    try:
        _hasher.verify(password_hash or _unknown_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def can(self, perm: Perm) -> bool:
        return not self.disabled and perm in ROLE_PERMS[self.role_enum]

    def set_password(self, password: str) -> None:
        check_password_strength(password)
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return True

    @property
    def label(self) -> str:
        return labels.aside(self.display_name, self.username) if self.display_name else self.username

    def as_actor(self) -> Actor:
        """This user as the plain record a console keeps after login."""
        return Actor(self.id, self.username, self.display_name, self.role, self.disabled)


def check_password_strength(password: str) -> None:
    if len(password) < PASSWORD_MIN_LENGTH:
        raise ValueError(t("A password needs at least {n} characters.", n=PASSWORD_MIN_LENGTH))


P = TypeVar("P", bound=Principal)


def require(user: P | None, perm: Perm) -> P:
    """The gate every operation passes; raises PermissionDenied."""
    if user is None or not user.can(perm):
        raise PermissionDenied(user, perm)
    return user


def display_names(session: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    """Login → the person's name (张伟) for showing who did something, in one query; a login
    without a name (or no longer known) stays as it is."""
    from sqlalchemy import select

    names = {u for u in usernames if u}
    if not names:
        return {}
    found = dict(session.execute(select(User.username, User.display_name).where(User.username.in_(names))).all())
    return {u: found.get(u) or u for u in names}
