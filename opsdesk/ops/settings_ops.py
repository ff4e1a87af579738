"""Changing a shared setting: validated, versioned and audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from opsdesk.models import audit, settings
from opsdesk.models.settings import Setting
from opsdesk.models.users import Perm, User, require
from opsdesk.ops.errors import ValidationError


def set_setting(session: Session, actor: User, key: str, value: Any) -> Any:
    require(actor, Perm.EDIT_SETTINGS)
    try:
        value = settings.coerce(key, value)
    except ValueError as exc:
        raise ValidationError(key, str(exc)) from None
    before = settings.get(session, key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value, updated_by=actor.username))
    else:
        row.value, row.updated_by = value, actor.username
    if before != value:
        audit.record(session, actor.username, "setting.set", "setting", key, key, {"value": before}, {"value": value})
    return value
