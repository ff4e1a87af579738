"""CSV import and export of the register, one row per unit, keyed by asset tag.

Reads UTF-8, UTF-8 with BOM and GBK (what Chinese Excel writes). All or nothing:
any bad row is named by line, column and reason, and nothing is imported.
The reader is strict: an unclosed quote, text after a closing quote, a cell over
the csv module's size limit or a quoted cell that swallowed whole rows is named at
its line and cell, never merged into one cell or raised as a traceback.
Importing the same file twice changes nothing. Export writes UTF-8 with BOM so
Excel opens it in Chinese; secret columns are always blank (blank = unchanged).
A cell a spreadsheet would run as a formula (=, +, -, @, TAB, CR first, numbers
aside) is exported with a leading apostrophe, which the import drops again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.i18n import t
from opsdesk.models import audit, labels, settings
from opsdesk.models.base import table_of
from opsdesk.models.equipment import RegisterLine, Site, Unit, format_month
from opsdesk.models.users import Perm, Principal, require
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
        super().__init__(t("Nothing was imported. Please correct the file:") + "\n" + shown
                         + ("\n" + more if more else ""))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    file_hash: str = ""
    new_places: list[str] = field(default_factory=list)
    changes: dict[str, dict[str, list[object]]] = field(default_factory=dict)  # asset tag → field → [before, after]

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


def _dialect(text: str) -> type[csv.Dialect]:
    """The strict dialect for a file: only the delimiter (and leading blanks) are guessed.

    Quotes are always '"' doubled inside a cell, as Excel writes them; an unclosed quote or
    characters after a closing quote are errors, never a cell that swallows the rows after it."""
    try:
        sniffed = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter, skip = sniffed.delimiter, bool(sniffed.skipinitialspace)
    except csv.Error:
        delimiter, skip = ",", False
    return type("StrictRegisterDialect", (csv.excel,),
                {"delimiter": delimiter, "skipinitialspace": skip, "strict": True})


@dataclass
class _Problem:
    kind: str  # "unclosed", "after_quote", "too_long", "bare_cr"
    cell: int  # 0-based index of the cell in its record
    cell_line: int  # where that cell starts
    line: int  # where the problem shows


def scan_record(text: str, start: int, dialect: type[csv.Dialect]) -> _Problem | None:
    """Walk the record that starts on line ``start`` as the strict reader does; the first thing
    that makes it unreadable (with the cell and line where it begins), or None."""
    rest = "".join(itertools.islice(io.StringIO(text), start - 1, None))
    limit = csv.field_size_limit()
    delim, quote, skip = dialect.delimiter, dialect.quotechar, dialect.skipinitialspace
    cell, line, cell_line, length, state = 0, start, start, 0, "start"
    i, n = 0, len(rest)
    while i < n:
        ch = rest[i]
        i += 1
        if state == "start":
            cell_line, length = line, 0
            if ch == quote:
                state = "quoted"
                continue
            if ch == delim:
                cell += 1
                continue
            if ch in "\r\n":
                return None
            if ch == " " and skip:
                continue
            state = "field"
        if state == "field":
            if ch == delim:
                cell, state = cell + 1, "start"
            elif ch == "\n":
                return None
            elif ch == "\r":
                if i < n and rest[i] != "\n":
                    return _Problem("bare_cr", cell, cell_line, line)
                return None
            else:
                length += 1
                if length > limit:
                    return _Problem("too_long", cell, cell_line, line)
        elif state == "quoted":
            if ch == quote:
                state = "quote_in_quoted"
                continue
            if ch == "\n" and i < n:  # a line break at the very end starts no new line
                line += 1
            length += 1
            if length > limit:
                return _Problem("too_long", cell, cell_line, line)
        else:  # just after a quote inside a quoted cell
            if ch == quote:  # a doubled quote: one quote in the cell
                state = "quoted"
                length += 1
                if length > limit:
                    return _Problem("too_long", cell, cell_line, line)
            elif ch == delim:
                cell, state = cell + 1, "start"
            elif ch in "\r\n":
                return None
            else:
                return _Problem("after_quote", cell, cell_line, line)
    if state == "quoted":
        return _Problem("unclosed", cell, cell_line, line)
    return None


def _delimiter_name(delimiter: str) -> str:
    return t("Tab") if delimiter == "\t" else delimiter


class _Records:
    """The records of a file with the line each starts on; a file the strict reader cannot read
    becomes one RowError naming the line and cell where it goes wrong, and the reading stops."""

    def __init__(self, text: str, errors: list[RowError]) -> None:
        self.text = text
        self.dialect = _dialect(text)
        self.reader = csv.reader(io.StringIO(text), self.dialect)
        self.errors = errors
        self.header: list[str] = []

    def column(self, index: int) -> str:
        if index < len(self.header) and self.header[index].strip():
            name = self.header[index].strip()
            key = _HEADER_ALIASES.get(name) or _HEADER_ALIASES.get(name.lower())
            return FIELD_BY_KEY[key].zh if key in FIELD_BY_KEY else name
        return t("no. {n}", n=index + 1)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        while True:
            start = self.reader.line_num + 1
            try:
                record = next(self.reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.errors.append(self._unreadable(start, exc))
                return
            yield start, [from_spreadsheet(cell) for cell in record]
            if self.reader.line_num > start:
                swallowed = self._swallowed_rows(start, record)
                if swallowed is not None:
                    self.errors.append(swallowed)
                    return

    def _unreadable(self, start: int, exc: csv.Error) -> RowError:
        problem = scan_record(self.text, start, self.dialect)
        if problem is None:
            return RowError(start, "-", t("the file cannot be read as CSV from here on: {error}", error=exc))
        column = self.column(problem.cell)
        if problem.kind == "unclosed":
            message = t("unclosed quote: the quote that opens this cell is never closed, so everything after it up to "
                        "the end of the file (line {end}) would become this one cell. Add the closing quote; inside a "
                        "cell write a quote as two (\"\").", end=problem.line)
        elif problem.kind == "after_quote":
            message = t("the quoted cell ends on line {end} with other characters right after its closing quote; a "
                        "closing quote must be followed by '{delimiter}' or the end of the line. Check that the quotes "
                        "come in pairs; inside a cell write a quote as two (\"\").",
                        end=problem.line, delimiter=_delimiter_name(self.dialect.delimiter))
        elif problem.kind == "too_long":
            message = t("this cell is longer than {limit} characters, the most a cell may hold (the limit is passed on "
                        "line {end}). Shorten it; if it was not meant to be this long, check the quotes before it.",
                        limit=csv.field_size_limit(), end=problem.line)
        else:
            message = t("a line break (CR) inside a cell that is not in quotes; put the cell in quotes or remove the "
                        "line break.")
        return RowError(problem.cell_line, column, message)

    def _swallowed_rows(self, start: int, record: list[str]) -> RowError | None:
        """A quoted cell over several lines holding what look like whole rows: its closing quote
        was forgotten and a later quote happened to close it."""
        width = len(self.header)
        if width < 4:
            return None
        line = start
        for index, cell in enumerate(record):
            inner = cell.split("\n")
            for k, text in enumerate(inner[1:], start=1):
                if text.count(self.dialect.delimiter) >= width - 1:
                    return RowError(line, self.column(index), t(
                        "the quoted cell starting here runs to line {end} and holds what look like whole rows (from "
                        "line {row}); its closing quote is probably missing. Put the closing quote where the cell "
                        "should end.", end=self.reader.line_num, row=line + k))
            line += len(inner) - 1
        return None


def parse_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Parse and validate every row; return (rows, errors) with rows keyed by field."""
    errors: list[RowError] = []
    records = _Records(text, errors)
    reading = iter(records)
    try:
        _, header = next(reading)
    except StopIteration:
        return [], errors or [RowError(1, "-", t("the file is empty"))]
    records.header = header
    keys: list[str | None] = []
    for name in header:
        key = _HEADER_ALIASES.get(name.strip()) or _HEADER_ALIASES.get(name.strip().lower())
        keys.append(key)
    for needed in (f for f in FIELDS if f.required):
        if needed.key not in keys:
            errors.append(RowError(1, needed.zh, t("this column is missing")))
    if errors:
        return [], errors
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    # Per column: its parser and its blank value, looked up once, not per cell.
    columns = [(i, key, FIELD_BY_KEY[key].parse, FIELD_BY_KEY[key].required, devices.blank_value(key))
               for i, key in enumerate(keys) if key is not None and key != "quantity"]
    for lineno, record in reading:
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
                errors.append(RowError(lineno, FIELD_BY_KEY["asset_tag"].zh,
                                       t("asset tag {tag} already on line {line}", tag=tag, line=seen[tag])))
            seen[tag] = lineno
        try:
            devices.validate_unit_values(values)
        except ValidationError as exc:
            errors.append(RowError(lineno, FIELD_BY_KEY[exc.field].zh, str(exc)))
        rows.append((lineno, values))
    return rows, errors


def _line_key(values: dict[str, Any]) -> tuple[object, ...]:
    return tuple(values.get(k) or None for k in LINE_KEYS if k != "end_of_service")


def import_csv(session: Session, actor: Principal, data: bytes, source: str = "",
               vault: Vault | None = None) -> ImportResult:
    """Import a register CSV into the caller's write transaction; all or nothing."""
    require(actor, Perm.IMPORT_DEVICES)
    rows, errors = parse_rows(decode(data))
    site_names = {s.name: s for s in session.scalars(select(Site))}
    for lineno, values in rows:
        if values.get("site") and values["site"] not in site_names:
            errors.append(RowError(lineno, FIELD_BY_KEY["site"].zh, t("no site named '{name}'", name=values["site"])))
        if any(values.get(k) for k in SECRET_FIELDS) and not actor.can(Perm.EDIT_SECRETS):
            errors.append(RowError(lineno, FIELD_BY_KEY["community"].zh,
                                   t("only an administrator may set SNMP secrets")))
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
            lines: dict[tuple[object, ...], RegisterLine] = {}
            for known in session.scalars(select(RegisterLine).options(selectinload(RegisterLine.site))):
                lines.setdefault(_line_key({"site": known.site.name, "category": known.category, "name": known.name,
                                            "brand": known.brand, "model": known.model, "purchased": known.purchased,
                                            "warranty_years": known.warranty_years}), known)
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
                changed, moved_from = False, None
                if unit.line is not line:
                    old = moved_from = unit.line
                    unit.line = line
                    changed = True
                    if not [u for u in old.units if u is not unit]:
                        session.delete(old)
                before = devices.unit_snapshot(unit)
                changed |= devices.apply_unit_values(session, actor, unit, values, vault, places)
                if changed:
                    result.updated += 1
                    result.changes[unit.asset_tag] = unit_changes(before, devices.unit_snapshot(unit), values,
                                                                  moved_from, line)
                else:
                    result.unchanged += 1
            session.flush()  # new lines, institutions, rooms and racks get their ids
            bulk = []
            for lineno, values, line, where in new_units:  # noqa: B007 - lineno: the line the except below names
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
                session.execute(table_of(Unit).insert(), bulk)  # Core executemany: the bulk path
                result.added = len(bulk)
    except ValidationError as exc:
        raise ImportRefused([RowError(lineno, FIELD_BY_KEY.get(exc.field, FIELDS[0]).zh, str(exc))]) from None
    # Per unit what changed; a secret only as "(changed)"; and no digest of a file that holds
    # secrets (a community string could be guessed offline against it).
    holds_secrets = any(values.get(k) for _n, values in rows for k in SECRET_FIELDS)
    audit.record(session, actor.username, "register.import", "register", "",
                 t("CSV import {name}", name=Path(source).name or "-"),
                 None, {"file": Path(source).name, "sha256": None if holds_secrets else result.file_hash,
                        "rows": result.rows, "added": result.added, "updated": result.updated,
                        "unchanged": result.unchanged, "added_units": [v["asset_tag"] for _n, v, _l, _w in new_units],
                        "changes": result.changes})
    return result


def unit_changes(before: dict[str, Any], after: dict[str, Any], values: dict[str, Any],
                 moved_from: RegisterLine | None = None, line: RegisterLine | None = None) -> dict[str, list[object]]:
    """Field → [before, after] for what an import changed on one unit; secrets as "(changed)"."""
    changes: dict[str, list[object]] = {key: [before.get(key), after.get(key)] for key in after
                                        if before.get(key) != after.get(key)}
    for name in SECRET_FIELDS:
        changes.pop(name, None)
        if values.get(name):
            changes[name] = [None, audit.SECRET_MARK]
    if moved_from is not None and line is not None:  # another register line (name, model, purchase …)
        changes["line"] = [f"{moved_from.category} {moved_from.name}".strip(),
                           f"{line.category} {line.name}".strip()]
    return changes


# -- export ---------------------------------------------------------------------------------

def export_rows(session: Session, actor: Principal, lines: list[RegisterLine], as_of: dt.date) -> list[list[str]]:
    """Rows for the filtered register, one per unit; secrets blank; status appended."""
    require(actor, Perm.EXPORT_DEVICES)
    soon = settings.get(session, "warranty.soon_days")
    out = [[f.zh for f in FIELDS] + [STATUS_HEADER]]
    for line in lines:
        status = labels.warranty(line.warranty_status(as_of, soon))
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


# A spreadsheet takes a cell starting with one of these for a formula (or DDE command).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _formula_like(value: str) -> bool:
    """Whether a cell, apostrophes in front aside, would be read as a formula; numbers are not."""
    rest = value.lstrip("'")
    return rest[:1] in _FORMULA_STARTS and _NUMBER.fullmatch(rest) is None


def spreadsheet_safe(value: str) -> str:
    """A cell for a CSV opened in Excel: text that would start a formula gets a leading apostrophe
    (shown by no spreadsheet, stripped again by the import); numbers like -5 or +3.2 stay as they are."""
    return "'" + value if _formula_like(value) else value


def from_spreadsheet(value: str) -> str:
    """The inverse of :func:`spreadsheet_safe`: one leading apostrophe that guards a formula-like
    rest is dropped, any other apostrophe is data."""
    return value[1:] if value[:1] == "'" and _formula_like(value[1:]) else value


def spreadsheet_safe_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]


def to_csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(spreadsheet_safe_rows(rows))
    return buf.getvalue().encode("utf-8-sig")


