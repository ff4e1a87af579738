"""The equipment register: list, filter, add, edit, delete (R-FLOOR-2, R-FLOOR-4).

Field parsing lives here once and serves the detail form, the CSV import and
the CSV export alike.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.i18n import t
from opsdesk.models import audit, categories, labels, settings
from opsdesk.models.equipment import (
    Institution,
    Rack,
    RegisterLine,
    Room,
    Site,
    Unit,
    WarrantyStatus,
    format_month,
    parse_month,
)
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError
from opsdesk.vault import Vault

SECRET_FIELDS = ("community", "auth_key", "priv_key")
SNMP_VERSIONS = ("", "1", "2c", "3")
AUTH_PROTOCOLS = ("", "MD5", "SHA", "SHA224", "SHA256", "SHA384", "SHA512")
PRIV_PROTOCOLS = ("", "DES", "AES", "AES192", "AES256")


# -- parsing one value ----------------------------------------------------------------------

# Control characters (Unicode category Cc: U+0000–U+001F, U+007F–U+009F): NUL, ESC, bell, …
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # TAB, LF and CR allowed
_BLANKS = " \t\r\n"


def control_character(value: str, layout: bool = False) -> str | None:
    """What is wrong if ``value`` holds a control character (NUL, ESC, …), else None.

    Names never hold one; a free text (``layout``) may keep TAB and line breaks. Blanks and
    line breaks around a value are trimmed anyway and so are not counted."""
    core = value.strip(_BLANKS)
    found = (_CONTROL_BUT_LAYOUT if layout else _CONTROL).search(core)
    if found is None:
        return None
    position = len(value) - len(value.lstrip(_BLANKS)) + found.start() + 1
    return t("contains the control character {code} (character {pos}), which cannot be seen and is not allowed here; "
             "delete it and try again", code=f"U+{ord(found.group()):04X}", pos=position)


def _text(limit: int, layout: bool = False) -> Callable[[str], str]:
    def parse(value: str) -> str:
        problem = control_character(value, layout)
        if problem:
            raise ValueError(problem)
        value = value.strip()
        if len(value) > limit:
            raise ValueError(t("longer than {n} characters", n=limit))
        return value
    return parse


def _int(lo: int, hi: int, blank: Any = None) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        value = value.strip()
        if not value:
            return blank
        try:
            number = int(float(value)) if re.fullmatch(r"\d+(\.0+)?", value) else int(value)
        except ValueError:
            raise ValueError(t("'{value}' is not a whole number", value=value)) from None
        if not lo <= number <= hi:
            raise ValueError(t("must be between {lo} and {hi}", lo=lo, hi=hi))
        return number
    return parse


def _float(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(t("'{value}' is not a number", value=value)) from None


def _month(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return parse_month(value)
    except ValueError:
        raise ValueError(t("'{value}' is not a month like 2018.04, 2018-04 or 2018年4月", value=value)) from None


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for candidate in (value, value.replace(".", "-").replace("/", "-")):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", value)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    try:
        return parse_month(value)  # a month alone means its first day
    except ValueError:
        raise ValueError(t("'{value}' is not a date like 2026-11-22", value=value)) from None


def _category(value: str) -> str:
    """A category as a CSV or a form gives it (its name in either language, an alias or its
    code: data/categories.toml) → its code."""
    value = value.strip()
    code = categories.code_of(value)
    if code is None:
        raise ValueError(t("unknown category '{value}' (one of: {choices})", value=value,
                           choices=labels.listing(c.name() for c in categories.categories().all)))
    return code


_IPV4 = re.compile(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}")


def _ports(value: str) -> str:
    """监控端口: port names as the device names them (ifName, else ifDescr), separated by ";".
    Stored as "name; name" in the order typed, duplicates dropped."""
    problem = control_character(value, layout=True)  # line breaks separate names
    if problem:
        raise ValueError(problem)
    names = list(dict.fromkeys(p.strip() for p in re.split(r"[;；\n]", value) if p.strip()))
    text = "; ".join(names)
    if len(text) > 2000:
        raise ValueError(t("longer than {n} characters", n=2000))
    return text


def _ip(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if _IPV4.fullmatch(value):  # the common case, without ipaddress' cost
        return value
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        looks_numeric = re.fullmatch(r"[\d.]+", value) is not None  # 999.1.1.1 is a bad IP, not a host
        if not looks_numeric and re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9\-.]{0,252})", value):
            return value  # a host name
        raise ValueError(t("'{value}' is not an IP address or host name", value=value)) from None


def _choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    by_lower = {c.lower(): c for c in choices}

    def parse(value: str) -> str:
        value = value.strip()
        if value[:1] in ("v", "V"):
            value = value[1:]
        match = by_lower.get(value.lower())
        if match is None:
            raise ValueError(t("'{value}' is not one of: {choices}", value=value,
                               choices=", ".join(c for c in choices if c)))
        return match
    return parse


@dataclass(frozen=True)
class Field:
    key: str
    zh: str  # the CSV header and form label in Chinese
    en: str
    level: str  # "line", "unit" or "secret"
    parse: Callable[[str], Any] = field(default=_text(200))
    required: bool = False

    def header(self) -> str:
        return self.zh


FIELDS: tuple[Field, ...] = (
    Field("asset_tag", "资产编号", "Asset tag", "unit", _text(64), True),
    Field("site", "站点", "Site", "line", _text(100), True),
    Field("institution", "机构", "Institution", "unit", _text(100)),
    Field("category", "类别", "Category", "line", _category, True),
    Field("name", "名称", "Name", "line", _text(200)),
    Field("brand", "品牌", "Brand", "line", _text(100)),
    Field("model", "型号", "Model", "line", _text(200)),
    Field("purchased", "购置年月", "Purchased", "line", _month),
    Field("warranty_years", "保修年限", "Warranty years", "line", _int(0, 50)),
    Field("end_of_service", "停止服务日期", "End of service", "line", _date),
    Field("serial", "序列号", "Serial number", "unit", _text(100)),
    Field("room", "机房", "Room", "unit", _text(100)),
    Field("rack", "机柜", "Rack", "unit", _text(40)),
    Field("u_position", "U位", "U position", "unit", _int(1, 60)),
    Field("u_height", "U高", "U height", "unit", _int(1, 60, 1)),
    Field("x", "平面X", "Floor X", "unit", _float),
    Field("y", "平面Y", "Floor Y", "unit", _float),
    Field("mgmt_ip", "管理IP", "Management IP", "unit", _ip),
    Field("snmp_version", "SNMP版本", "SNMP version", "unit", _choice(SNMP_VERSIONS)),
    Field("snmp_port", "SNMP端口", "SNMP port", "unit", _int(1, 65535, 161)),
    Field("snmp_user", "SNMPv3用户", "SNMPv3 user", "unit", _text(64)),
    Field("snmp_auth_proto", "认证协议", "Auth protocol", "unit", _choice(AUTH_PROTOCOLS)),
    Field("snmp_priv_proto", "加密协议", "Privacy protocol", "unit", _choice(PRIV_PROTOCOLS)),
    Field("community", "SNMP团体名", "SNMP community", "secret", _text(200)),
    Field("auth_key", "认证密码", "Auth key", "secret", _text(200)),
    Field("priv_key", "加密密码", "Privacy key", "secret", _text(200)),
    Field("pdu_a", "PDU A路", "PDU A", "unit", _text(64)),
    Field("pdu_b", "PDU B路", "PDU B", "unit", _text(64)),
    Field("monitored_ports", "监控端口", "Monitored ports", "unit", _ports),
    Field("note", "备注", "Note", "unit", _text(2000, layout=True)),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}
LINE_KEYS = ("site", "category", "name", "brand", "model", "purchased", "warranty_years", "end_of_service")


_BLANK = {f.key: f.parse("") for f in FIELDS if not f.required}


def blank_value(key: str) -> Any:
    """What an empty cell of an optional field means."""
    return _BLANK.get(key)


def parse_field(key: str, raw: str) -> Any:
    """Parse one typed value; ValidationError names the field in the user's language."""
    spec = FIELD_BY_KEY[key]
    if not raw or raw.isspace():
        if spec.required:
            raise ValidationError(key, t("{field} is required", field=spec.zh))
        return _BLANK[key]
    try:
        return spec.parse(raw)
    except ValueError as exc:
        raise ValidationError(key, f"{spec.zh}: {exc}") from None


FREE_TEXT_KEYS = ("note", "monitored_ports")  # may keep TAB and line breaks


def refuse_control_characters(values: dict[str, Any]) -> None:
    """Values to be saved hold no control character; ValidationError names the field.

    The form and the import parse through :func:`parse_field`; this is the last check before
    the database, for any caller that did not."""
    for key, value in values.items():
        if isinstance(value, str):
            problem = control_character(value, layout=key in FREE_TEXT_KEYS)
            if problem:
                spec = FIELD_BY_KEY.get(key)
                raise ValidationError(key, f"{spec.zh if spec else key}: {problem}")


def validate_unit_values(values: dict[str, Any]) -> None:
    """Rules across fields, shared by form and import."""
    if values.get("snmp_version") == "3" and not values.get("snmp_user"):
        raise ValidationError("snmp_user", t("SNMPv3 needs a user name"))
    if values.get("snmp_priv_proto") and not values.get("snmp_auth_proto"):
        raise ValidationError("snmp_auth_proto", t("Privacy (encryption) needs an authentication protocol too"))
    if values.get("u_position") is not None and not values.get("rack"):
        raise ValidationError("rack", t("A U position needs a rack"))


# -- reading --------------------------------------------------------------------------------

@dataclass
class RegisterFilter:
    site_id: int | None = None
    category: str | None = None
    warranty: WarrantyStatus | None = None
    text: str = ""
    as_of: dt.date | None = None


def sites(session: Session) -> list[Site]:
    return list(session.scalars(select(Site).order_by(Site.sort_order, Site.id)))


def find_site(session: Session, name: str | None) -> Site:
    """The site named (by name or code) ``name``; without a name, the first site."""
    found = sites(session)
    if not name:
        if not found:
            raise NotFound(t("No site yet: start one with opsdesk init --site NAME."))
        return found[0]
    site = next((s for s in found if name in (s.name, s.code)), None)
    if site is None:
        raise NotFound(t("No site named '{name}'.", name=name))
    return site


def find_room(site: Site, name: str) -> Room:
    """A room of ``site`` by its name (or its number)."""
    room = next((r for r in site.rooms if r.name == name or str(r.id) == name), None)
    if room is None:
        raise NotFound(t("Room not found: {room}", room=name))
    return room


def list_lines(session: Session, actor: Principal, flt: RegisterFilter | None = None) -> list[RegisterLine]:
    require(actor, Perm.VIEW_REGISTER)
    flt = flt or RegisterFilter()
    query = (
        select(RegisterLine)
        .options(selectinload(RegisterLine.units), selectinload(RegisterLine.site))
        .join(Site)
        .order_by(Site.sort_order, Site.id, RegisterLine.id)
    )
    if flt.site_id is not None:
        query = query.where(RegisterLine.site_id == flt.site_id)
    if flt.category:
        query = query.where(RegisterLine.category == (categories.code_of(flt.category) or flt.category))
    lines = list(session.scalars(query))
    if flt.text.strip():
        needle = flt.text.strip().lower()
        lines = [
            line for line in lines
            if needle in " ".join((line.title, line.note, line.category, categories.name(line.category),
                                   *(u.asset_tag + " " + u.serial + " " + u.mgmt_ip for u in line.units))).lower()
        ]
    if flt.warranty is not None:
        as_of = flt.as_of or dt.date.today()
        soon = settings.get(session, "warranty.soon_days")
        lines = [line for line in lines if line.warranty_status(as_of, soon) == flt.warranty]
    return lines


def get_line(session: Session, line_id: int) -> RegisterLine:
    line = session.get(RegisterLine, line_id)
    if line is None:
        raise NotFound(t("The register line was deleted in the meantime."))
    return line


# -- writing --------------------------------------------------------------------------------

def line_snapshot(line: RegisterLine) -> dict[str, Any]:
    return {
        "site": line.site.name if line.site else None,
        "category": line.category,
        "name": line.name,
        "brand": line.brand,
        "model": line.model,
        "purchased": format_month(line.purchased),
        "warranty_years": line.warranty_years,
        "end_of_service": line.end_of_service.isoformat() if line.end_of_service else None,
        "quantity": len(line.units),
        "note": line.note,
    }


def unit_snapshot(unit: Unit) -> dict[str, Any]:
    out: dict[str, Any] = {
        "asset_tag": unit.asset_tag,
        "serial": unit.serial,
        "institution": unit.institution.name if unit.institution else "",
        "room": unit.room.name if unit.room else "",
        "rack": unit.rack.name if unit.rack else "",
        "u_position": unit.u_position,
        "u_height": unit.u_height,
        "x": unit.x,
        "y": unit.y,
        "mgmt_ip": unit.mgmt_ip,
        "snmp_version": unit.snmp_version,
        "snmp_port": unit.snmp_port,
        "snmp_user": unit.snmp_user,
        "snmp_auth_proto": unit.snmp_auth_proto,
        "snmp_priv_proto": unit.snmp_priv_proto,
        "pdu_a": unit.pdu_a,
        "pdu_b": unit.pdu_b,
        "monitored_ports": unit.monitored_ports,
        "note": unit.note,
    }
    # Secrets: only whether one is set, never the value.
    for name in SECRET_FIELDS:
        out[name] = "(set)" if unit.has_secret(name) else ""
    return out


def site_by_name(session: Session, name: str) -> Site:
    site = session.scalars(select(Site).where(Site.name == name)).first()
    if site is None:
        raise ValidationError("site", t("No site named '{name}'.", name=name))
    return site


def next_asset_tag(session: Session, site: Site, category: str) -> str:
    prefix = f"{site.code}-{categories.get(category).tag_code}-"
    tags = session.scalars(select(Unit.asset_tag).where(Unit.asset_tag.like(prefix + "%"))).all()
    numbers = [int(tag[len(prefix):]) for tag in tags if tag[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _check_version(obj: Any, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise ConflictError()


def save_line(
    session: Session,
    actor: Principal,
    values: dict[str, Any],
    line_id: int | None = None,
    expected_version: int | None = None,
    quantity: int | None = None,
) -> RegisterLine:
    """Create or update a register line from parsed values; grow it to ``quantity`` units."""
    require(actor, Perm.EDIT_DEVICE)
    refuse_control_characters(values)
    if not values.get("category"):
        raise ValidationError("category", t("{field} is required", field=FIELD_BY_KEY["category"].zh))
    code = categories.code_of(str(values["category"]))  # a name or an alias → its code
    kept = line_id is not None and get_line(session, line_id).category == values["category"]
    if code is None and not kept:  # a text an old register left (migration 0016) may stay as it is
        try:
            _category(str(values["category"]))
        except ValueError as exc:
            raise ValidationError("category", str(exc)) from None
    values = {**values, "category": code or values["category"]}
    site = (values["site"] if isinstance(values.get("site"), Site)
            else site_by_name(session, str(values.get("site", ""))))
    if line_id is None:
        line = RegisterLine(site=site, category=values["category"])
        session.add(line)
        before = None
    else:
        line = get_line(session, line_id)
        _check_version(line, expected_version)
        before = line_snapshot(line)
    line.site = site
    for key in ("category", "name", "brand", "model", "purchased", "warranty_years", "end_of_service", "note"):
        if key in values:
            blank = values[key] is None and key in ("name", "brand", "model", "note")
            setattr(line, key, "" if blank else values[key])
    session.flush()
    if quantity is not None:
        current = len(line.units)
        if quantity < current:
            raise ValidationError(
                "quantity",
                t("The line has {n} units; remove units one by one (a supervisor's right) to lower the quantity.",
                  n=current),
            )
        for _ in range(quantity - current):
            unit = Unit(asset_tag=next_asset_tag(session, site, line.category))
            line.units.append(unit)
            session.flush()
    after = line_snapshot(line)
    if before != after:
        audit.record(session, actor.username, "line.add" if before is None else "line.edit", "register_line", line.id,
                     line.title, before, after)
    return line


class Places:
    """Institutions, rooms and racks by name, loaded once and created on first use.

    One instance serves a whole import, so a 5,000-row file does not ask the
    database twice per row."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._inst: dict[tuple[int, str], Institution] | None = None
        self._room: dict[tuple[int, str], Room] | None = None
        self._rack: dict[tuple[Room, str], Rack] | None = None

    def institution(self, site: Site, name: str) -> Institution | None:
        if not name:
            return None
        if self._inst is None:
            self._inst = {(i.site_id, i.name): i for i in self.session.scalars(select(Institution))}
        inst = self._inst.get((site.id, name))
        if inst is None:
            inst = self._inst[(site.id, name)] = Institution(site=site, name=name)
            self.session.add(inst)
        return inst

    def room(self, site: Site, name: str) -> Room | None:
        if not name:
            return None
        if self._room is None:
            self._room = {(r.site_id, r.name): r for r in self.session.scalars(select(Room))}
        room = self._room.get((site.id, name))
        if room is None:
            room = self._room[(site.id, name)] = Room(site=site, name=name)
            self.session.add(room)
        return room

    def rack(self, room: Room | None, name: str) -> Rack | None:
        if not name:
            return None
        if room is None:
            raise ValidationError("room", t("A rack needs a room"))
        if self._rack is None:
            self._rack = {(r.room, r.name): r
                          for r in self.session.scalars(select(Rack).options(selectinload(Rack.room)))}
        key = (room, name)
        rack = self._rack.get(key)
        if rack is None:
            rack = self._rack[key] = Rack(room=room, name=name)
            self.session.add(rack)
        return rack

    def assign(self, unit: Unit, site: Site, values: dict[str, Any]) -> None:
        if "institution" in values:
            unit.institution = self.institution(site, values["institution"] or "")
        if "room" in values:
            unit.room = self.room(site, values["room"] or "")
        if "rack" in values:
            unit.rack = self.rack(unit.room, values["rack"] or "")


UNIT_ATTRS = ("serial", "u_position", "u_height", "x", "y", "mgmt_ip", "snmp_version", "snmp_port", "snmp_user",
              "snmp_auth_proto", "snmp_priv_proto", "pdu_a", "pdu_b", "monitored_ports", "note")
_UNIT_BLANKS = {"u_height": 1, "snmp_port": 161, "u_position": None, "x": None, "y": None}
FIELD_DEFAULTS = {key: _UNIT_BLANKS.get(key, "") for key in UNIT_ATTRS}


def unit_attrs(values: dict[str, Any]) -> dict[str, Any]:
    """The plain unit columns among parsed values, blanks made the columns' defaults."""
    return {key: (_UNIT_BLANKS.get(key, "") if values[key] is None else values[key])
            for key in UNIT_ATTRS if key in values}


def encrypted_secrets(actor: Principal, values: dict[str, Any], vault: Vault | None) -> dict[str, bytes]:
    """Column → ciphertext for the secrets given; a blank one means unchanged."""
    secrets = {k: values[k] for k in SECRET_FIELDS if values.get(k)}
    if not secrets:
        return {}
    require(actor, Perm.EDIT_SECRETS)
    vault = vault or Vault()
    return {f"snmp_{name}_enc": vault.encrypt(secret) for name, secret in secrets.items()}


def apply_unit_values(
    session: Session, actor: Principal, unit: Unit, values: dict[str, Any], vault: Vault | None = None,
    places: Places | None = None,
) -> bool:
    """Set a unit's fields from parsed values; returns whether anything changed."""
    refuse_control_characters(values)
    secrets = encrypted_secrets(actor, values, vault)
    before = unit_snapshot(unit)
    validate_unit_values({**before, **values})
    (places or Places(session)).assign(unit, unit.line.site, values)
    for key, value in {**unit_attrs(values), **secrets}.items():
        setattr(unit, key, value)
    after = unit_snapshot(unit)
    for column in secrets:  # the trail says "changed", never the value
        after[column.removeprefix("snmp_").removesuffix("_enc")] = audit.SECRET_MARK
    return before != after


def save_unit(
    session: Session,
    actor: Principal,
    unit_id: int,
    values: dict[str, Any],
    expected_version: int | None = None,
    vault: Vault | None = None,
) -> Unit:
    require(actor, Perm.EDIT_DEVICE)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(t("The unit was deleted in the meantime."))
    _check_version(unit, expected_version)
    before = unit_snapshot(unit)
    if apply_unit_values(session, actor, unit, values, vault):
        session.flush()
        after = unit_snapshot(unit)
        for name in SECRET_FIELDS:
            if values.get(name):
                after[name] = audit.SECRET_MARK
        audit.record(session, actor.username, "unit.edit", "unit", unit.id, unit.asset_tag, before, after)
    return unit


def delete_unit(session: Session, actor: Principal, unit_id: int) -> None:
    require(actor, Perm.DELETE_DEVICE)
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(t("The unit was deleted in the meantime."))
    before = unit_snapshot(unit)
    line = unit.line
    line.units.remove(unit)
    session.flush()
    audit.record(session, actor.username, "unit.delete", "unit", unit_id, before["asset_tag"], before, None)
    if not line.units:
        delete_line(session, actor, line.id)


def delete_line(session: Session, actor: Principal, line_id: int, expected_version: int | None = None) -> None:
    require(actor, Perm.DELETE_DEVICE)
    line = get_line(session, line_id)
    _check_version(line, expected_version)
    before = line_snapshot(line)
    before["units"] = [u.asset_tag for u in line.units]
    session.delete(line)
    session.flush()
    audit.record(session, actor.username, "line.delete", "register_line", line_id, before.get("name") or "", before,
                 None)
