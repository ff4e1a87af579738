"""Device profiles: what to read from a kind of device, declared as data.

A profile is a TOML file in ``data/profiles`` (format in ``data/profiles/README.md``).
This module loads and checks them into plain dataclasses and decides which profiles a
device matches; :mod:`opsdesk.probes.reading` fetches and converts what they declare.
A new UPS family is a new file here, not a new ``if`` in the poller (STYLE.md).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from opsdesk import paths
from opsdesk.profiles.expr import ExprError, compile_expr, names_in


def norm_oid(oid: str) -> str:
    """An OID as the profiles and the probes key it: no leading dot."""
    oid = str(oid).strip()
    return oid[1:] if oid.startswith(".") else oid


KINDS = {"ups", "cooling", "environment", "server", "storage", "network", "security", "pdu", "generic"}
SEVERITIES = {"ok", "warning", "critical", "unknown"}
SOURCES = {"snmp"}  # a Modbus or 动环 gateway source slots in beside it later

# A table of a profile file as tomllib reads it: values of any TOML type, checked and
# converted field by field into the dataclasses below.
_Table = Mapping[str, Any]


class ProfileError(ValueError):
    """A profile file is malformed; the message names the file and the field."""


@dataclasses.dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclasses.dataclass(frozen=True)
class StateMeaning:
    text: Text
    severity: str


@dataclasses.dataclass(frozen=True)
class Var:
    """One named input of an expression: a scalar OID or a column of the row's table."""

    oid: str
    default: float | None = None
    scalar: bool = False  # in a table metric: one value for every row (a device-wide unit setting)
    row: str = ""  # in a table metric: the row of another table, e.g. "{i1}" (the index's first part)


@dataclasses.dataclass(frozen=True)
class Source:
    """Where a value comes from and how raw becomes physical."""

    oid: str  # scalar instance OID, or table column OID when ``table`` is true
    table: bool
    divisor: float = 1.0
    multiplier: float = 1.0
    expr: str | None = None
    vars: Mapping[str, Var] = dataclasses.field(default_factory=dict)
    parse_text: bool = False
    sentinels: frozenset[str] = frozenset()  # raw values (as strings, see _raw_key) meaning "no value"
    absent: frozenset[str] = frozenset()  # raw values meaning "no such row or object" (no reading)
    object: str = ""  # the MIB object's name (``upsInputVoltage``), checked by tests/probes/test_mibs.py
    # Where the states' numbers are defined when the object itself has no enumeration:
    # another object's enumeration (the vendor documents the codes once), or the device's
    # own per-row reference-key text column (APC coolingUnit "Off(0),On(1)").
    states_from: str = ""
    valid: tuple[float | None, float | None] | None = None  # raw range the MIB allows; outside: no value


@dataclasses.dataclass(frozen=True)
class Rule:
    """Per-row classification: the first rule whose test passes overrides fields."""

    column: str | None  # OID of the column tested; None tests the row's label
    equals: frozenset[str] = frozenset()
    regex: re.Pattern[str] | None = None
    skip: bool = False
    # What this rule sets (_OVERRIDABLE): metric fields, the sources' divisor, multiplier, expr,
    # parse_text and sentinels, and the limits (limit_low, limit_high, limits = false). Values as
    # the profile writes them (any TOML type), except name (a Text) and states (parsed as a
    # metric's). Applied in the profile's order by opsdesk.probes.reading._apply.
    overrides: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def test(self, value: object) -> bool:
        if value is None:
            return False
        text = str(value)
        if self.equals and text in self.equals:
            return True
        return bool(self.regex and self.regex.search(text))


@dataclasses.dataclass(frozen=True)
class Summary:
    """The average of a table metric's rows as a reading of its own (CPU load of all cores):
    what a person looks at first, and what limits judge."""

    key: str
    name: Text
    role: str = ""
    limits: tuple[float | None, float | None] | None = None


@dataclasses.dataclass(frozen=True)
class Metric:
    key: str
    name: Text
    cls: str
    unit: str
    source: Source
    fallbacks: tuple[Source, ...] = ()
    index: str = ""
    label: Text | None = None
    label_columns_any: tuple[str, ...] = ()  # label_column: the first non-empty one names the row
    label_columns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    label_map: Mapping[str, Text] = dataclasses.field(default_factory=dict)
    states: Mapping[str, StateMeaning] | None = None
    limits: tuple[float | None, float | None] | None = None
    required: bool = False
    classify: tuple[Rule, ...] = ()
    classify_only: bool = False
    skip_if: str | None = None  # expression: true -> no reading for this row
    invalid_if: str | None = None  # expression: true -> reading with value None
    role: str = ""  # what the reading means to the duty room (opsdesk.models.roles)
    alarm: str = "state"  # "state": a bad state raises; "change": only a change from a good one
    summary: Summary | None = None  # one more reading: the mean of the table's rows

    @property
    def is_table(self) -> bool:
        return self.source.table


@dataclasses.dataclass(frozen=True)
class Match:
    sys_object_id: tuple[str, ...] = ()
    sys_descr: tuple[re.Pattern[str], ...] = ()
    has_object: tuple[str, ...] = ()
    always: bool = False
    # Data objects (subtrees) that must answer for the profile to apply, whatever else
    # matched; without them the profile applies when any object it reads answers.
    requires: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Profile:
    id: str
    name: Text
    kind: str
    source: str
    priority: int
    match: Match
    metrics: tuple[Metric, ...]
    reference: str = ""
    path: str = ""
    mibs: tuple[str, ...] = ()  # the MIB modules the profile is written from
    # A management controller (BMC): the standard host MIBs it answers describe the
    # controller's own operating system, not the server's: read as controller.*. True, or
    # the sysObjectID prefixes of the controller when the same MIB is also served by an
    # agent on the host's own OS (HPE Insight).
    controller: bool | tuple[str, ...] = False

    def is_controller(self, sys_object_id: str | None) -> bool:
        if self.controller is True:
            return True
        if not self.controller or not sys_object_id:
            return False
        oid = norm_oid(sys_object_id)
        return any(oid == p or oid.startswith(p + ".") for p in self.controller)

    def matches_sys(self, sys_object_id: str | None, sys_descr: str | None) -> bool:
        """Matched by sysObjectID or sysDescr alone (no request needed)."""
        if self.match.always:
            return True
        oid = norm_oid(sys_object_id) if sys_object_id else ""
        if oid and any(oid == p or oid.startswith(p + ".") for p in self.match.sys_object_id):
            return True
        if not sys_descr:
            return False
        return any(rx.search(sys_descr) for rx in self.match.sys_descr)


# ---------------------------------------------------------------- loading

def site_dir() -> Path:
    """Where a site keeps its own profiles: ``profiles/`` in the data directory."""
    return paths.data_dir() / "profiles"


def default_dirs() -> list[Path]:
    """The profiles shipped with OpsDesk, then the site's own (``site_dir()``, when it
    exists); a later file with the same id replaces the shipped one."""
    dirs = [paths.DATA / "profiles"]
    own = site_dir()
    if own.is_dir():
        dirs.append(own)
    return dirs


def load_profiles(dirs: Iterable[Path] | None = None) -> list[Profile]:
    """Every ``*.toml`` profile in ``dirs``; a later directory overrides an earlier id."""
    found: dict[str, Profile] = {}
    for directory in (default_dirs() if dirs is None else dirs):
        for path in sorted(Path(directory).glob("*.toml")):
            profile = load_profile(path)
            found[profile.id] = profile
    return sorted(found.values(), key=lambda p: (-p.priority, p.id))


def load_profile(path: Path) -> Profile:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"{path}: {exc}") from exc
    try:
        return parse_profile(data, str(path))
    except ProfileError:
        raise
    except (KeyError, TypeError, ValueError, ExprError, re.error) as exc:
        raise ProfileError(f"{path}: {type(exc).__name__}: {exc}") from exc


def _text(value: object, where: str) -> Text:
    if isinstance(value, str):
        return Text(value, value)
    if isinstance(value, Mapping) and "zh" in value and "en" in value:
        return Text(str(value["zh"]), str(value["en"]))
    raise ProfileError(f"{where}: expected a string or {{zh = ..., en = ...}}")


def _raw_key(value: object) -> str:
    """Raw values compare as strings: TOML keys are strings, agents send ints."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _source(d: _Table, where: str, *, table_default: bool | None = None) -> Source:
    oid, column = d.get("oid"), d.get("column")
    if (oid is None) == (column is None):
        raise ProfileError(f"{where}: give exactly one of oid (scalar) or column (table)")
    vars_: dict[str, Var] = {}
    for name, spec in (d.get("vars") or {}).items():
        if isinstance(spec, str):
            vars_[name] = Var(norm_oid(spec))
        else:
            vars_[name] = Var(norm_oid(spec["oid"]), spec.get("default"), bool(spec.get("scalar", False)),
                              str(spec.get("row", "")))
    expr = d.get("expr")
    if expr is not None:
        compile_expr(expr)
        unknown = names_in(expr) - set(vars_) - {"value"}
        if unknown:
            raise ProfileError(f"{where}: expression uses undefined {sorted(unknown)}")
    divisor = float(d.get("divisor", 1))
    if divisor == 0:
        raise ProfileError(f"{where}: divisor must not be 0")
    return Source(
        oid=norm_oid(str(oid if oid is not None else column)),  # exactly one of them is given
        table=column is not None,
        divisor=divisor,
        multiplier=float(d.get("multiplier", 1)),
        expr=expr,
        vars=vars_,
        parse_text=bool(d.get("parse_text", False)),
        sentinels=frozenset(_raw_key(v) for v in d.get("sentinels", ())),
        absent=frozenset(_raw_key(v) for v in d.get("absent", ())),
        object=str(d.get("object", "")),
        states_from=str(d.get("states_from", "")),
        valid=_range(d.get("valid"), where),
    )


def _range(value: object, where: str) -> tuple[float | None, float | None] | None:
    """``valid = [low, high]`` (either may be ``"-"`` for open): raw values outside are no value."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ProfileError(f"{where}: valid = [low, high]")
    low, high = (None if v in ("-", None) else float(v) for v in value)
    return (low, high)


def _states(d: _Table | None, where: str) -> dict[str, StateMeaning] | None:
    if d is None:
        return None
    states: dict[str, StateMeaning] = {}
    for raw, spec in d.items():
        severity = spec.get("severity", "unknown")
        if severity not in SEVERITIES:
            raise ProfileError(f"{where}.states.{raw}: severity {severity!r} not in {sorted(SEVERITIES)}")
        states[_raw_key(raw)] = StateMeaning(_text(spec, f"{where}.states.{raw}"), severity)
    return states


_OVERRIDABLE = {"key", "name", "cls", "unit", "divisor", "multiplier", "expr", "parse_text",
                "limit_low", "limit_high", "limits", "states", "sentinels", "role", "alarm"}
# state: a bad state alarms while bad; change: only on a change from a good state (ports,
# a redundancy role); threshold: the device's own judgement of a value against its limits
# (Eaton's inputCurrentThStatus), alarmed as a threshold alarm; none: shown, never alarmed.
ALARM_POLICIES = {"state", "change", "threshold", "none"}


def _rule(d: _Table, where: str) -> Rule:
    if "column" not in d and d.get("on") != "label":
        raise ProfileError(f"{where}: a rule tests a column or on = \"label\"")
    overrides = {k: v for k, v in d.items() if k in _OVERRIDABLE}
    if "name" in overrides:
        overrides["name"] = _text(overrides["name"], where)
    if "states" in overrides:
        overrides["states"] = _states(overrides["states"], where)
    if "expr" in overrides:
        compile_expr(overrides["expr"])
    if "role" in overrides:
        _check_role(overrides["role"], where)
    if overrides.get("alarm", "state") not in ALARM_POLICIES:
        raise ProfileError(f"{where}: alarm {overrides['alarm']!r} not in {sorted(ALARM_POLICIES)}")
    return Rule(
        column=norm_oid(d["column"]) if "column" in d else None,
        equals=frozenset(_raw_key(v) for v in d.get("equals", ())),
        regex=re.compile(d["regex"]) if "regex" in d else None,
        skip=bool(d.get("skip", False)),
        overrides=overrides,
    )


def _oid_list(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (norm_oid(value),)
    return tuple(norm_oid(v) for v in value)


def _limits(d: _Table) -> tuple[float | None, float | None] | None:
    low, high = d.get("limit_low"), d.get("limit_high")
    if low is None and high is None:
        return None
    return (None if low is None else float(low), None if high is None else float(high))


def _metric(d: _Table, where: str) -> Metric:
    key = d["key"]
    where = f"{where}[{key}]"
    source = _source(d, where)
    fallbacks = tuple(_source(f, f"{where}.fallback") for f in d.get("fallback", ()))
    states = _states(d.get("states"), where)
    cls = d.get("cls", "state" if states else "value")
    label_map = {_raw_key(k): _text(v, f"{where}.label_map") for k, v in (d.get("label_map") or {}).items()}
    skip_if, invalid_if = d.get("skip_if"), d.get("invalid_if")
    for text in (skip_if, invalid_if):
        if text is not None:
            compile_expr(text)
    role = str(d.get("role", ""))
    _check_role(role, where)
    alarm = d.get("alarm", "state")
    if alarm not in ALARM_POLICIES:
        raise ProfileError(f"{where}: alarm {alarm!r} not in {sorted(ALARM_POLICIES)}")
    return Metric(
        key=key,
        name=_text(d.get("name", key), f"{where}.name"),
        cls=cls,
        unit=d.get("unit", ""),
        source=source,
        fallbacks=fallbacks,
        index=str(d.get("index", "")),
        label=_text(d["label"], f"{where}.label") if "label" in d else None,
        label_columns_any=_oid_list(d.get("label_column")),
        label_columns={k: norm_oid(v) for k, v in (d.get("label_columns") or {}).items()},
        label_map=label_map,
        states=states,
        limits=_limits(d),
        required=bool(d.get("required", False)),
        classify=tuple(_rule(r, f"{where}.classify") for r in d.get("classify", ())),
        classify_only=bool(d.get("classify_only", False)),
        skip_if=skip_if,
        invalid_if=invalid_if,
        role=role,
        alarm=alarm,
        summary=_summary(d.get("summary"), where),
    )


def _summary(d: _Table | None, where: str) -> Summary | None:
    if d is None:
        return None
    role = str(d.get("role", ""))
    _check_role(role, f"{where}.summary")
    return Summary(key=str(d["key"]), name=_text(d["name"], f"{where}.summary.name"), role=role, limits=_limits(d))


def _check_role(role: str, where: str) -> None:
    from opsdesk.models.roles import ROLES

    if role and role not in ROLES:
        raise ProfileError(f"{where}: role {role!r} is not in opsdesk/models/roles.py")


def parse_profile(data: _Table, where: str = "<profile>") -> Profile:
    pid = data["id"]
    kind = data.get("kind", "generic")
    if kind not in KINDS:
        raise ProfileError(f"{where}: kind {kind!r} not in {sorted(KINDS)}")
    source = data.get("source", "snmp")
    if source not in SOURCES:
        raise ProfileError(f"{where}: source {source!r} is not supported yet")
    m = data.get("match", {})
    match = Match(
        sys_object_id=tuple(norm_oid(p) for p in m.get("sys_object_id", ())),
        sys_descr=tuple(re.compile(rx) for rx in m.get("sys_descr", ())),
        has_object=tuple(norm_oid(o) for o in m.get("has_object", ())),
        always=bool(m.get("always", False)),
        requires=tuple(norm_oid(o) for o in m.get("requires", ())),
    )
    if not (match.sys_object_id or match.sys_descr or match.has_object or match.always):
        raise ProfileError(f"{where}: [match] needs sys_object_id, sys_descr, has_object or always")
    metrics = tuple(_metric(md, f"{where}:metric") for md in data.get("metric", ()))
    seen: set[tuple[str, str]] = set()
    for metric in metrics:
        if not metric.is_table:
            ident = (metric.key, metric.index)
            if ident in seen:
                raise ProfileError(f"{where}: two scalar metrics {metric.key!r} with index {metric.index!r}")
            seen.add(ident)
    return Profile(
        id=pid,
        name=_text(data.get("name", pid), f"{where}.name"),
        kind=kind,
        source=source,
        priority=int(data.get("priority", 50)),
        match=match,
        metrics=metrics,
        reference=data.get("reference", ""),
        path=where,
        mibs=tuple(data.get("mibs", ())),
        controller=(tuple(norm_oid(o) for o in data["controller"]) if isinstance(data.get("controller"), list)
                    else bool(data.get("controller", False))),
    )

