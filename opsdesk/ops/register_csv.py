"""CSV import and export of the register, one row per unit, keyed by asset tag.

Reads UTF-8, UTF-8 with BOM and GBK (what Chinese Excel writes). All or nothing:
any bad row is named by line, column and reason, and nothing is imported.
Importing the same file twice changes nothing. Export writes UTF-8 with BOM so
Excel opens it in Chinese; secret columns are always blank (blank = unchanged).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.i18n import t
from opsdesk.models import audit, settings
from opsdesk.models.equipment import RegisterLine, Site, Unit, format_month
from opsdesk.models.users import Perm, User, require
from opsdesk.ops import devices
from opsdesk.ops.devices import FIELD_BY_KEY, FIELDS, LINE_KEYS, SECRET_FIELDS
from opsdesk.ops.errors import OpError, ValidationError
from opsdesk.vault import Vault

MAX_ERRORS_SHOWN = 20
STATUS_HEADER = "保修状态"
_HEADER_ALIASES = {f.zh: f.key for f in FIELDS} | {f.en.lower(): f.key for f in FIELDS} | {f.key: f.key for f in FIELDS}
_HEADER_ALIASES |= {"名称型号": "name", "资产标签": "asset_tag", "ip": "mgmt_ip", "数量": "quantity"}


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return t("Line {line}, column {column}: {message}", line=self.line, column=self.column, message=self.message)


class ImportRefused(OpError):
    def __init__(self, errors: list[RowError]) -> None:
        shown = "\n".join(str(e) for e in errors[:MAX_ERRORS_SHOWN])
        more = t("… and {n} more", n=len(errors) - MAX_ERRORS_SHOWN) if len(errors) > MAX_ERRORS_SHOWN else ""
        super().__init__(t("Nothing was imported. Please correct the file:") + "\n" + shown + ("\n" + more if more else ""))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    file_hash: str = ""
    new_places: list[str] = field(default_factory=list)

    def message(self) -> str:
        return t("{rows} rows read: {added} added, {updated} updated, {unchanged} unchanged.",
                 rows=self.rows, added=self.added, updated=self.updated, unchanged=self.unchanged)


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([RowError(0, "-", t("the file is neither UTF-8 nor GBK text"))])


def parse_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Parse and validate every row; return (rows, errors) with rows keyed by field."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    errors: list[RowError] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(1, "-", t("the file is empty"))]
    keys: list[str | None] = []
    for name in header:
        key = _HEADER_ALIASES.get(name.strip()) or _HEADER_ALIASES.get(name.strip().lower())
        keys.append(key)
    for required in (f for f in FIELDS if f.required):
        if required.key not in keys:
            errors.append(RowError(1, required.zh, t("this column is missing")))
    if errors:
        return [], errors
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    # Per column: its parser and its blank value, looked up once, not per cell.
    columns = [(i, key, FIELD_BY_KEY[key].parse, FIELD_BY_KEY[key].required, devices.blank_value(key))
               for i, key in enumerate(keys) if key is not None and key != "quantity"]
    for record in reader:
        lineno = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        values: dict[str, Any] = {}
        width = len(record)
        for i, key, parser, required, blank in columns:
            raw = record[i] if i < width else ""  # a short row: the missing cells are blank
            if not raw or raw.isspace():
                if required:
                    zh = FIELD_BY_KEY[key].zh
                    errors.append(RowError(lineno, zh, t("{field} is required", field=zh)))
                else:
                    values[key] = blank
                continue
            try:
                values[key] = parser(raw)
            except ValueError as exc:
                errors.append(RowError(lineno, FIELD_BY_KEY[key].zh, str(exc)))
        if width > len(keys):
            errors.append(RowError(lineno, "-", t("more cells than the header has columns")))
        tag = values.get("asset_tag")
        if tag:
            if tag in seen:
                errors.append(RowError(lineno, FIELD_BY_KEY["asset_tag"].zh, t("asset tag {tag} already on line {line}", tag=tag, line=seen[tag])))
            seen[tag] = lineno
        try:
            devices.validate_unit_values(values)
        except ValidationError as exc:
            errors.append(RowError(lineno, FIELD_BY_KEY[exc.field].zh, str(exc)))
        rows.append((lineno, values))
    return rows, errors


def _line_key(values: dict[str, Any]) -> tuple:
    return tuple(values.get(k) or None for k in LINE_KEYS if k != "end_of_service")


def import_csv(session: Session, actor: User, data: bytes, source: str = "", vault: Vault | None = None) -> ImportResult:
    """Import a register CSV into the caller's write transaction; all or nothing."""
    require(actor, Perm.IMPORT_DEVICES)
    rows, errors = parse_rows(decode(data))
    site_names = {s.name: s for s in session.scalars(select(Site))}
    for lineno, values in rows:
        if values.get("site") and values["site"] not in site_names:
            errors.append(RowError(lineno, FIELD_BY_KEY["site"].zh, t("no site named '{name}'", name=values["site"])))
        if any(values.get(k) for k in SECRET_FIELDS) and not actor.can(Perm.EDIT_SECRETS):
            errors.append(RowError(lineno, FIELD_BY_KEY["community"].zh, t("only an administrator may set SNMP secrets")))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.line))
    result = ImportResult(rows=len(rows), file_hash=hashlib.sha256(data).hexdigest())
    places = devices.Places(session)
    new_units: list[tuple[int, dict[str, Any], RegisterLine, dict[str, Any]]] = []
    lineno = 0
    try:
        with session.no_autoflush:
            tags = [v["asset_tag"] for _, v in rows]
            existing = {u.asset_tag: u for chunk in range(0, len(tags), 900)
                        for u in session.scalars(select(Unit).where(Unit.asset_tag.in_(tags[chunk:chunk + 900])))}
            lines: dict[tuple, RegisterLine] = {}
            for line in session.scalars(select(RegisterLine).options(selectinload(RegisterLine.site))):
                lines.setdefault(_line_key({"site": line.site.name, "category": line.category, "name": line.name,
                                            "brand": line.brand, "model": line.model, "purchased": line.purchased,
                                            "warranty_years": line.warranty_years}), line)
            for lineno, values in rows:
                key = _line_key(values)
                line = lines.get(key)
                if line is None:
                    line = RegisterLine(site=site_names[values["site"]], category=values["category"],
                                        name=values.get("name") or "", brand=values.get("brand") or "",
                                        model=values.get("model") or "", purchased=values.get("purchased"),
                                        warranty_years=values.get("warranty_years"))
                    session.add(line)
                    lines[key] = line
                if "end_of_service" in values and line.end_of_service != values["end_of_service"]:
                    line.end_of_service = values["end_of_service"]
                unit = existing.get(values["asset_tag"])
                if unit is None:
                    # New units go in with one bulk INSERT below; here only their places.
                    site = line.site
                    room = places.room(site, values.get("room") or "")
                    where = {"institution": places.institution(site, values.get("institution") or ""),
                             "room": room, "rack": places.rack(room, values.get("rack") or "")}
                    new_units.append((lineno, values, line, where))
                    continue
                changed = False
                if unit.line is not line:
                    old = unit.line
                    unit.line = line
                    changed = True
                    if not [u for u in old.units if u is not unit]:
                        session.delete(old)
                changed |= devices.apply_unit_values(session, actor, unit, values, vault, places)
                if changed:
                    result.updated += 1
                else:
                    result.unchanged += 1
            session.flush()  # new lines, institutions, rooms and racks get their ids
            bulk = []
            for lineno, values, line, where in new_units:
                row = {"asset_tag": values["asset_tag"], "line_id": line.id, "version": 1,
                       "institution_id": where["institution"].id if where["institution"] else None,
                       "room_id": where["room"].id if where["room"] else None,
                       "rack_id": where["rack"].id if where["rack"] else None,
                       "snmp_community_enc": None, "snmp_auth_key_enc": None, "snmp_priv_key_enc": None,
                       **{k: devices.FIELD_DEFAULTS[k] for k in devices.UNIT_ATTRS}}
                row.update(devices.unit_attrs(values))
                row.update(devices.encrypted_secrets(actor, values, vault))
                bulk.append(row)
            if bulk:
                session.execute(Unit.__table__.insert(), bulk)  # Core executemany: the bulk path
                result.added = len(bulk)
    except ValidationError as exc:
        raise ImportRefused([RowError(lineno, FIELD_BY_KEY.get(exc.field, FIELDS[0]).zh, str(exc))]) from None
    audit.record(session, actor.username, "register.import", "register", "", t("CSV import {name}", name=Path(source).name or "-"),
                 None, {"file": Path(source).name, "sha256": result.file_hash, "rows": result.rows, "added": result.added,
                        "updated": result.updated, "unchanged": result.unchanged})
    return result


# -- export ---------------------------------------------------------------------------------

def export_rows(session: Session, actor: User, lines: list[RegisterLine], as_of: dt.date) -> list[list[str]]:
    """Rows for the filtered register, one per unit; secrets blank; status appended."""
    require(actor, Perm.EXPORT_DEVICES)
    soon = settings.get(session, "warranty.soon_days")
    out = [[f.zh for f in FIELDS] + [STATUS_HEADER]]
    for line in lines:
        status = status_label(line.warranty_status(as_of, soon))
        for unit in line.units:
            snap = devices.unit_snapshot(unit)
            values = {
                "site": line.site.name, "category": line.category, "name": line.name, "brand": line.brand,
                "model": line.model, "purchased": format_month(line.purchased),
                "warranty_years": "" if line.warranty_years is None else str(line.warranty_years),
                "end_of_service": line.end_of_service.isoformat() if line.end_of_service else "",
                **{k: "" if v is None else str(v) for k, v in snap.items()},
            }
            for name in SECRET_FIELDS:
                values[name] = ""
            if values.get("x") and values["x"].endswith(".0"):
                values["x"] = values["x"][:-2]
            if values.get("y") and values["y"].endswith(".0"):
                values["y"] = values["y"][:-2]
            out.append([values.get(f.key, "") for f in FIELDS] + [status])
    return out


def to_csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def status_label(status) -> str:
    from opsdesk.models.equipment import WarrantyStatus

    return {
        WarrantyStatus.IN: t("In warranty"),
        WarrantyStatus.SOON: t("Warranty ending soon"),
        WarrantyStatus.OUT: t("Out of warranty"),
        WarrantyStatus.UNKNOWN: t("Unknown"),
    }[status]
