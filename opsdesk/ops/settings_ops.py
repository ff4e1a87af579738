"""Changing a shared setting, or a room's own limits: validated, versioned and audited;
and the one read the settings screen makes of them (:func:`settings_view`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.equipment import Room, Site
from opsdesk.models.settings import RoomLimits, Setting
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError

# The screen's sections, in order, by the part of a key before its dot. A key with a prefix
# named nowhere here still shows, under "Other": SPECS is the one list of settings. Titles are
# made when asked, in the reader's language.
GROUPS: tuple[tuple[str, Callable[[], str], tuple[str, ...]], ...] = (
    ("environment", lambda: t("Environment limits"), ("env",)),
    ("monitoring", lambda: t("Monitoring and polling"), ("monitor", "poller")),
    ("alarms", lambda: t("Alarm tone"), ("alarm",)),
    ("duty", lambda: t("Duty and roster"), ("shift", "roster")),
    ("inspection", lambda: t("Inspections"), ("inspection",)),
    ("register", lambda: t("Equipment register"), ("warranty",)),
    ("retention", lambda: t("Data retention"), ("readings",)),
    ("backup", lambda: t("Backup"), ("backup",)),
    ("security", lambda: t("Login and security"), ("login",)),
    ("interface", lambda: t("Interface"), ("ui", "wall")),
    ("other", lambda: t("Other settings"), ()),
)

_KINDS = {int: "int", float: "float", bool: "bool", str: "str", settings.iso_date: "date"}

# Units shown beside an editor, read from the key's name where it says them plainly.
_UNIT_SUFFIXES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("_seconds", lambda: t("s")), ("_minutes", lambda: t("min")), ("_hours", lambda: t("h")),
    ("_days", lambda: t("days")))


@dataclass(frozen=True)
class SettingField:
    """One setting as the screen shows it; ``kind`` is int, float, bool, str or date."""

    key: str
    group: str
    group_title: str
    description: str
    value: Any
    default: Any
    kind: str
    minimum: float | None
    maximum: float | None
    unit: str


@dataclass(frozen=True)
class RoomLimitsRow:
    """A room with the band in force per class ("temperature", "humidity"): its own or the site-wide."""

    room_id: int
    site: str
    room: str
    version: int
    limits: dict[str, RoomLimits]


@dataclass(frozen=True)
class SettingsView:
    fields: tuple[SettingField, ...]
    rooms: tuple[RoomLimitsRow, ...]


class SettingsRefused(ValidationError):
    """One or more values refused; nothing was saved. ``problems``: field → message, where a
    field is a setting's key or ``room:<id>:<class>``; each message reads beside its field."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(next(iter(problems)), "\n".join(problems.values()))
        self.problems = problems


def group_of(key: str) -> tuple[str, str]:
    """(group code, translated title) of a setting's key."""
    prefix = key.split(".", 1)[0]
    for code, title, prefixes in GROUPS:
        if prefix in prefixes or code == "other":
            return code, title()
    raise AssertionError("GROUPS ends with other")


def unit_of(key: str) -> str:
    name = key.split(".", 1)[-1]
    if name.startswith("temp") or "_temp" in name:
        return "℃"
    if name.startswith("humidity") or "_humidity" in name:
        return "%RH"
    return next((unit() for suffix, unit in _UNIT_SUFFIXES if name.endswith(suffix)), "")


def settings_view(session: Session, actor: Principal) -> SettingsView:
    """Every setting of SPECS (grouped, described in the reader's language, stored value or
    default) and every room's limits: what the settings screen shows. EDIT_SETTINGS, as
    for changing them, so the screen opens only for those who may use it."""
    require(actor, Perm.EDIT_SETTINGS)
    values = settings.get_many(session, settings.SPECS)
    order = {code: n for n, (code, _title, _prefixes) in enumerate(GROUPS)}
    fields = []
    for key, spec in settings.SPECS.items():
        group, title = group_of(key)
        fields.append(SettingField(key, group, title, t(spec.description), values[key], spec.default,
                                   _KINDS.get(spec.kind, "str"), spec.minimum, spec.maximum, unit_of(key)))
    fields.sort(key=lambda f: order[f.group])  # stable: SPECS order within a group
    rooms = session.execute(select(Room.id, Room.name, Room.version, Site.name).join(Site)
                            .order_by(Site.sort_order, Site.id, Room.id)).all()
    limits = settings.room_limits(session, [r.id for r in rooms])
    return SettingsView(tuple(fields), tuple(RoomLimitsRow(r.id, r[3], r.name, r.version, limits[r.id])
                                              for r in rooms))


def set_setting(session: Session, actor: Principal, key: str, value: Any) -> Any:
    """One setting (the CLI's ``settings set``); a site-wide band must stay a band."""
    value = _set(session, actor, key, value)
    problems = _band_problems(session, {key})
    if problems:
        raise ValidationError(key, problems[key])
    return value


def save_settings(session: Session, actor: Principal, values: dict[str, Any],
                  rooms: dict[int, dict[str, tuple[float, float] | None]] | None = None, *,
                  seen: dict[str, Any] | None = None, room_versions: dict[int, int] | None = None) -> int:
    """What the settings screen saves, all or nothing: the changed settings (validated and
    audited one by one, as ``settings set`` does them) and rooms' bands (as ``settings room``).
    ``seen``: the values the screen showed, so that a change someone made meanwhile is not
    overwritten unseen. Every refusal is collected (:class:`SettingsRefused`) so that each
    field can say its own, and nothing of the call is kept. Returns how many settings and
    rooms were given."""
    require(actor, Perm.EDIT_SETTINGS)
    with session.begin_nested():  # a refusal undoes this call's writes, whatever the caller does next
        if seen and any(settings.get(session, key) != seen[key] for key in values if key in seen):
            raise ConflictError()
        problems: dict[str, str] = {}
        for key, value in values.items():
            try:
                _set(session, actor, key, value)
            except ValidationError as exc:
                problems[key] = _local(str(exc), key)
        problems.update((key, text) for key, text in _band_problems(session, set(values)).items()
                        if key not in problems)
        for room_id, bands in (rooms or {}).items():
            try:  # one call per room: one audit entry, one version check
                set_room_limits(session, actor, room_id, bands, version=(room_versions or {}).get(room_id))
            except ValidationError as exc:
                keys = settings.ROOM_LIMIT_KEYS.get(exc.field)
                problems[f"room:{room_id}:{exc.field}"] = _local(str(exc), keys.low, keys.high) if keys else str(exc)
        if problems:
            raise SettingsRefused(problems)
    return len(values) + len(rooms or {})


def _set(session: Session, actor: Principal, key: str, value: Any) -> Any:
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
    session.flush()
    return value


def _local(message: str, *keys: str) -> str:
    """A refusal without the leading "key:" the model puts in: said beside the field, the key is
    already there, and a key is no word for a reader."""
    for key in keys:
        message = re.sub(rf"^{re.escape(key)}\s*[:：]\s*", "", message)
    return message


def _band_problems(session: Session, changed: set[str]) -> dict[str, str]:
    """The site-wide bands (R-ENV-1) whose low is not below their high, said at a changed end."""
    problems = {}
    for cls, keys in settings.ROOM_LIMIT_KEYS.items():
        if not changed & {keys.low, keys.high}:
            continue
        low, high = settings.get(session, keys.low), settings.get(session, keys.high)
        if not low < high:
            what = t("Room temperature") if cls == "temperature" else t("Relative humidity")
            text = t("{what}: the lower limit must be below the upper limit ({low} ≥ {high}).",
                     what=what, low=f"{low:g}", high=f"{high:g}")
            problems[keys.low if keys.low in changed else keys.high] = text
    return problems


def set_room_limits(session: Session, actor: Principal, room_id: int, bands: dict[str, tuple[float, float] | None],
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
