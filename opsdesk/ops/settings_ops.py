"""Changing a shared setting, or a room's own limits: validated, versioned and audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.equipment import Room
from opsdesk.models.settings import RoomLimits, Setting
from opsdesk.models.users import Perm, User, require
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError


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


def set_room_limits(session: Session, actor: User, room_id: int, bands: dict[str, tuple[float, float] | None],
                    version: int | None = None) -> dict[str, RoomLimits]:
    """Give a room its own temperature and/or humidity band (R-ENV-1: limits per room), or
    return it to the site-wide setting (None for that class). Only the classes named in
    ``bands`` change. EDIT_SETTINGS; validated like the settings; versioned; audited.
    The monitor judges the room's points by the new band from its next cycle on."""
    require(actor, Perm.EDIT_SETTINGS)
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound(t("No such room."))
    if version is not None and room.version != version:
        raise ConflictError()
    before = {cls: _room_band(room, cls) for cls in settings.ROOM_LIMIT_COLUMNS}
    for cls, band in bands.items():
        if cls not in settings.ROOM_LIMIT_COLUMNS:
            raise ValidationError("class", t("Unknown kind of limit: {cls}", cls=cls))
        low_col, high_col = settings.ROOM_LIMIT_COLUMNS[cls]
        if band is None:
            setattr(room, low_col, None)
            setattr(room, high_col, None)
            continue
        keys = settings.ROOM_LIMIT_KEYS[cls]
        try:
            low, high = settings.coerce(keys.low, band[0]), settings.coerce(keys.high, band[1])
        except ValueError as exc:
            raise ValidationError(cls, str(exc)) from None
        if not low < high:
            what = t("Room temperature") if cls == "temperature" else t("Relative humidity")
            raise ValidationError(cls, t("{what}: the lower limit must be below the upper limit ({low} ≥ {high}).",
                                         what=what, low=f"{low:g}", high=f"{high:g}"))
        setattr(room, low_col, low)
        setattr(room, high_col, high)
    after = {cls: _room_band(room, cls) for cls in settings.ROOM_LIMIT_COLUMNS}
    if after != before:
        audit.record(session, actor.username, "room.limits", "room", str(room.id), room.name, before, after)
    session.flush()
    return settings.room_limits(session, [room.id])[room.id]


def _room_band(room: Room, cls: str) -> list[float] | None:
    low_col, high_col = settings.ROOM_LIMIT_COLUMNS[cls]
    low, high = getattr(room, low_col), getattr(room, high_col)
    return None if low is None or high is None else [low, high]
