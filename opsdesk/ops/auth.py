"""Logging in: argon2id passwords, five wrong ones lock the account (R-SEC-1)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.clock import format_local, now
from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.users import AuthError, User


def authenticate(session: Session, username: str, password: str) -> User:
    """Return the user, or raise AuthError with a message for the login screen.

    Runs in a write session: failures are counted and a lock-out is audited, and
    those are committed before the error is raised (a refused login must still count)."""
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        raise AuthError(t("Wrong user name or password."))
    if user.disabled:
        raise AuthError(t("This account is disabled. Ask an administrator."))
    current = now()
    if user.locked_until is not None and user.locked_until > current:
        raise AuthError(t("Too many wrong passwords: the account is locked until {time}.", time=format_local(user.locked_until)))
    if not user.check_password(password):
        user.failed_logins += 1
        limit = settings.get(session, "login.max_failures")
        if user.failed_logins >= limit:
            minutes = settings.get(session, "login.lock_minutes")
            user.locked_until = current + dt.timedelta(minutes=minutes)
            user.failed_logins = 0
            audit.record(session, user.username, "user.locked", "user", user.id,
                         t("{n} wrong passwords: locked for {m} minutes", n=limit, m=minutes))
            session.commit()
            raise AuthError(t("Too many wrong passwords: the account is locked until {time}.", time=format_local(user.locked_until)))
        left = limit - user.failed_logins
        session.commit()
        raise AuthError(t("Wrong user name or password. {n} tries left before the account locks.", n=left))
    user.failed_logins = 0
    user.locked_until = None
    return user
