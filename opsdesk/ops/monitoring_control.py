"""Stopping monitoring from a console: only a supervisor or an administrator may, and it is
audited with the poller that was stopped (R-SEC-2). The console does the stopping."""

from __future__ import annotations

from sqlalchemy.orm import Session

from opsdesk.models import audit
from opsdesk.models.users import Perm, Principal, require

POLLER_STOP = "poller.stop"


def may_stop_monitoring(actor: Principal) -> bool:
    return actor.can(Perm.STOP_MONITORING)


def record_monitoring_stopped(session: Session, actor: Principal, holder: str) -> None:
    """After the poller ``holder`` ("host:pid") was stopped by ``actor``."""
    require(actor, Perm.STOP_MONITORING)
    audit.record(session, actor.username, POLLER_STOP, "poller", holder, holder)
