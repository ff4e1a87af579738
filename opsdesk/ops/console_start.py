"""What the console reads before and around a session (issue 15): whether the database is the
demo's, the user of the demo's screenshot login, the idle-lock minutes. Plain values and
records, read in one session off the GUI thread."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.models import settings
from opsdesk.models.meta import is_demo
from opsdesk.models.users import Actor, User

DEFAULT_IDLE_LOCK_MINUTES = 15.0


@dataclass(frozen=True)
class ConsoleStart:
    demo: bool
    auto_user: Actor | None = None
    """The enabled user of a demo database asked for by ``--auto-login``, else None."""


def console_start(session: Session, auto_login: str | None = None) -> ConsoleStart:
    """Whether the database is the demo's, and (logging in without a password is for the demo's
    screenshots only) the enabled demo user named ``auto_login``."""
    demo = is_demo(session)
    user = None
    if demo and auto_login:
        found = session.scalars(select(User).where(User.username == auto_login)).first()
        if found is not None and not found.disabled:
            user = found.as_actor()
    return ConsoleStart(demo, user)


def demo_flag(session: Session) -> bool:
    return is_demo(session)


def idle_lock_minutes(session: Session) -> float:
    """``ui.idle_lock_minutes`` from the settings."""
    return float(settings.get(session, "ui.idle_lock_minutes"))
