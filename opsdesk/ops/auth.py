"""Logging in: argon2id passwords, five wrong ones lock the account (R-SEC-1); a refusal
never tells whether the user name exists."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.clock import format_local, now
from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.users import AuthError, User

# What the console's sessions write to the audit trail (R-SEC-2): who came and went, and when the
# console locked itself. A signature's password check is not a login and writes none of these.
LOGIN, LOGIN_FAILED, LOGOUT = "user.login", "user.login_failed", "user.logout"
LOCK, UNLOCK = "console.lock", "console.unlock"


def refusal() -> str:
    """What the person at a login is told whenever it is refused — an unknown user name, a
    wrong password, a locked account alike — so that the answer never tells that a name exists
    (issue 14: "locked until 10:15" was said only of real accounts)."""
    return t("Wrong user name or password. After several wrong tries the account is locked for a while.")


_STAND_IN: list[User] = []


def _stand_in() -> User:
    """A user nobody is: an unknown name's password is checked against it, so that refusing
    an unknown name costs the same argon2id check as refusing a real one."""
    if not _STAND_IN:
        stand_in = User(username="", role="duty")
        stand_in.set_password(secrets.token_urlsafe(32))
        _STAND_IN.append(stand_in)
    return _STAND_IN[0]


def authenticate(session: Session, username: str, password: str, *, audit_login: bool = False) -> User:
    """Return the user, or raise AuthError with a message for the login screen.

    Runs in a write session: failures are counted and a lock-out is audited, and
    those are committed before the error is raised (a refused login must still count).
    With ``audit_login`` (the console's login screen) every login and every refused
    one is written to the audit trail as well, with the real reason (unknown user name,
    wrong password and how many in a row, locked until when, disabled).

    The person at the login is told only :func:`refusal`, the same words for an unknown
    name, a wrong password and a locked account (whatever password is typed while it is
    locked), and every refusal costs one argon2id check. A disabled account is said to be
    disabled only to someone who typed its right password."""
    name = username.strip()
    user = session.scalars(select(User).where(User.username == name)).first()

    def refuse(reason: str, message: str | None = None) -> AuthError:
        """The error to raise, after the refusal (and what it counted) is committed."""
        if audit_login:
            audit.record(session, name or "?", LOGIN_FAILED, "user", user.id if user is not None else "", reason)
        session.commit()
        return AuthError(message or refusal())

    if user is None:
        _stand_in().check_password(password)
        raise refuse(t("Unknown user name"))
    current = now()
    if user.locked_until is not None and user.locked_until > current:
        user.check_password(password)  # the same cost as any other refusal; right or wrong, still locked
        raise refuse(t("Account locked until {time}", time=format_local(user.locked_until)))
    if not user.check_password(password):
        user.failed_logins += 1
        limit = settings.get(session, "login.max_failures")
        if user.failed_logins >= limit:
            minutes = settings.get(session, "login.lock_minutes")
            user.locked_until = current + dt.timedelta(minutes=minutes)
            user.failed_logins = 0
            audit.record(session, user.username, "user.locked", "user", user.id,
                         t("{n} wrong passwords: locked for {m} minutes", n=limit, m=minutes))
            raise refuse(t("Wrong password {n} times in a row: locked until {time}", n=limit,
                           time=format_local(user.locked_until)))
        raise refuse(t("Wrong password ({n} in a row; {limit} lock the account)", n=user.failed_logins, limit=limit))
    if user.disabled:  # the right password: the account's own user may know why
        raise refuse(t("Account disabled"), t("This account is disabled. Ask an administrator."))
    user.failed_logins = 0
    user.locked_until = None
    if audit_login:
        audit.record(session, user.username, LOGIN, "user", user.id, user.display_name or user.username)
    return user


def record_session_event(session: Session, username: str, action: str, reason: str = "") -> None:
    """A logout, a lock or an unlock of the console by ``username``, in the audit trail."""
    if action not in (LOGOUT, LOCK, UNLOCK):
        raise ValueError(action)
    user = session.scalars(select(User).where(User.username == username)).first()
    audit.record(session, username, action, "user", user.id if user is not None else "", reason)
