"""Logging in: argon2id passwords, five wrong ones lock the account (R-SEC-1)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.clock import format_local, now
from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.users import AuthError, User


# What the console's sessions write to the audit trail (R-SEC-2): who came and went, and when the
# console locked itself. A signature's password check is not a login and writes none of these.
LOGIN, LOGIN_FAILED, LOGOUT, LOCK, UNLOCK = "user.login", "user.login_failed", "user.logout", "console.lock", "console.unlock"


def authenticate(session: Session, username: str, password: str, *, audit_login: bool = False) -> User:
    """Return the user, or raise AuthError with a message for the login screen.

    Runs in a write session: failures are counted and a lock-out is audited, and
    those are committed before the error is raised (a refused login must still count).
    With ``audit_login`` (the console's login screen) every login and every refused
    one is written to the audit trail as well."""
    name = username.strip()
    user = session.scalars(select(User).where(User.username == name)).first()

    def refuse(message: str) -> AuthError:
        """The error to raise, after the refusal (and what it counted) is committed."""
        if audit_login:
            audit.record(session, name or "?", LOGIN_FAILED, "user", user.id if user is not None else "", message)
        session.commit()
        return AuthError(message)

    if user is None:
        raise refuse(t("Wrong user name or password."))
    if user.disabled:
        raise refuse(t("This account is disabled. Ask an administrator."))
    current = now()
    if user.locked_until is not None and user.locked_until > current:
        raise refuse(t("Too many wrong passwords: the account is locked until {time}.", time=format_local(user.locked_until)))
    if not user.check_password(password):
        user.failed_logins += 1
        limit = settings.get(session, "login.max_failures")
        if user.failed_logins >= limit:
            minutes = settings.get(session, "login.lock_minutes")
            user.locked_until = current + dt.timedelta(minutes=minutes)
            user.failed_logins = 0
            audit.record(session, user.username, "user.locked", "user", user.id,
                         t("{n} wrong passwords: locked for {m} minutes", n=limit, m=minutes))
            raise refuse(t("Too many wrong passwords: the account is locked until {time}.", time=format_local(user.locked_until)))
        left = limit - user.failed_logins
        raise refuse(t("Wrong user name or password. {n} tries left before the account locks.", n=left))
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
