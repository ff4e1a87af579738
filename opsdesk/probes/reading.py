"""Read a device with the profiles it matches: one call, plain dataclasses out.

``read_device`` asks for the system group, picks the profiles that fit (sysObjectID,
sysDescr, or objects the agent actually has), fetches what they declare — scalars by
GET, each table once by bulk walk — and converts raw values into :class:`Reading` s.
Nothing here raises for odd data: a missing object, a sentinel or text where a number
belongs becomes a reading with ``value=None`` and ``invalid_reason`` set.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import re
import time
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, NamedTuple

from opsdesk import i18n
from opsdesk.models.alarm_text import invalid_text
from opsdesk.probes.snmp import Missing, ProbeError, SnmpClient, SnmpTarget, oid_in
from opsdesk.profiles.expr import ExprError, evaluate
from opsdesk.profiles.spec import Metric, Profile, Source, Summary, Text, Var, load_profiles
from opsdesk.quantities import reading_label

# The language a read_device call was asked for: its invalid reasons are said in it.
_LANG: ContextVar[str | None] = ContextVar("opsdesk_reading_lang", default=None)


def t(text: str, **params: object) -> str:
    return i18n.say(_LANG.get() or i18n.language(), text, **params)


class Failed(Missing):
    """The request for this object failed (timeout, agent error): a reading with no value,
    never "not there". ``category``: the probe error's (ProbeError.category)."""

    __slots__ = ("category",)

    def __init__(self, category: str, message: str) -> None:
        super().__init__(f"{category}: {message}")
        self.category = category


class Invalid(NamedTuple):
    """Why a value is not valid, as a code and its parameters (opsdesk.models.alarm_text.INVALID_REASONS):
    said in the language a reading was asked for, and kept as data for whoever reads it later."""

    code: str
    params: dict[str, str]

    def text(self, lang: str) -> str:
        return invalid_text(self.code, self.params, lang)


class _NotANumber(ValueError):
    """A value that is no number: ``invalid`` says why, and is said only when a reading keeps it."""

    def __init__(self, invalid: Invalid) -> None:
        super().__init__(invalid.code)
        self.invalid = invalid


SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
PER_DEVICE_REQUESTS = 4  # requests in flight to one agent; small UPS cards choke on more

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)")

# What a value source gives: (value, raw value, OID, why it is invalid), see _value.
_Value = tuple[float | None, object, str, Invalid | None]


@dataclasses.dataclass
class Reading:
    """One value of one device. Identity is (device, ``metric``, ``index``)."""

    metric: str  # stable key, e.g. "ups.battery.charge"
    index: str  # "" for a scalar, the table index otherwise
    label: str  # what a person calls it: "Input L1", "T.Ambiente", "GigabitEthernet1/0/1"
    value: float | None  # physical value in ``unit``; None when invalid or textual
    text: str | None  # textual raw value, or the English name of a state
    unit: str  # as Chinese users write it: ℃ %RH V A Hz W % min s
    cls: str  # temperature humidity voltage current frequency power load charge runtime state …
    state_meaning: str | None  # for states, in the language asked for
    severity: str | None  # for states: ok / warning / critical / unknown; None otherwise
    limits: tuple[float | None, float | None] | None  # default (low, high) from the profile
    invalid_reason: str | None  # why value is None although a number was expected, in the language asked for
    at: dt.datetime  # UTC
    name: str = ""  # the metric's display name
    raw: object = None  # the agent's value before conversion
    oid: str | None = None  # where the value came from
    profile: str = ""  # id of the profile that produced it
    role: str = ""  # what it means to the duty room (opsdesk.models.roles), "" when nothing special
    alarm: str = "state"  # how a bad state alarms: "state" (while bad), "change" (on a change from good), "none"
    row: str = ""  # a table row's own name as the device gives it ("Gi1/0/1", "L1"); "" for a scalar
    # ``label`` and ``state_meaning`` in both languages ({"zh": …, "en": …}): an alarm keeps both and
    # is read in the reader's language (opsdesk.models.alarm_text), whichever the poller ran in
    labels: dict[str, str] = dataclasses.field(default_factory=dict)
    meanings: dict[str, str] = dataclasses.field(default_factory=dict)
    # ``invalid_reason`` as a code and its parameters (opsdesk.models.alarm_text.invalid_text), for a
    # reader in another language than the one asked for
    invalid_code: str | None = None
    invalid_params: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class DeviceReading:
    target: str  # "host:port", never credentials
    status: str  # "ok" | "unreachable" | "error"
    error_category: str | None = None  # ProbeError.category when status is not ok
    error_message: str | None = None
    sys_object_id: str | None = None
    sys_descr: str | None = None
    uptime_s: float | None = None
    profiles: list[str] = dataclasses.field(default_factory=list)
    readings: list[Reading] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)  # truncated tables, odd agents
    # Metric keys whose table did not answer this time (timeout, error): their readings are
    # invalid this cycle, the device's other readings stand. key -> reason
    failed: dict[str, str] = dataclasses.field(default_factory=dict)
    dropped: list[str] = dataclasses.field(default_factory=list)  # matched profiles whose data did not answer
    kinds: list[str] = dataclasses.field(default_factory=list)  # the applied profiles' kinds (ups, pdu …)
    at: dt.datetime = dataclasses.field(default_factory=lambda: dt.datetime.now(dt.UTC))
    duration_s: float = 0.0

    def find(self, metric: str, index: str = "") -> Reading | None:
        for r in self.readings:
            if r.metric == metric and r.index == index:
                return r
        return None


@lru_cache(maxsize=1)
def shipped_profiles() -> tuple[Profile, ...]:
    return tuple(load_profiles())


async def read_device(
    client: SnmpClient,
    target: SnmpTarget,
    profiles: Sequence[Profile] | None = None,
    *,
    force: Sequence[Profile] = (),
    lang: str | None = None,
    max_rows: int | None = None,
    now: dt.datetime | None = None,
) -> DeviceReading:
    """Read ``target`` with the profiles (among ``profiles``, default: all shipped) that
    match it, plus any in ``force``. Never raises a ProbeError: it ends up in the status."""
    if lang is None:
        lang = i18n.language()
    token = _LANG.set(lang)
    try:
        return await _read_device(client, target, profiles, force, lang, max_rows, now)
    finally:
        _LANG.reset(token)


async def _read_device(client: SnmpClient, target: SnmpTarget, profiles: Sequence[Profile] | None,
                       force: Sequence[Profile], lang: str, max_rows: int | None,
                       now: dt.datetime | None) -> DeviceReading:
    started = time.monotonic()
    at = now or dt.datetime.now(dt.UTC)
    dev = DeviceReading(target=f"{target.host}:{target.port}", status="ok", at=at)
    candidates = list(shipped_profiles() if profiles is None else profiles)
    try:
        sysvals = await client.get(target, [SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME])
        _set_system(dev, sysvals)
        matched = await _match(client, target, candidates, dev.sys_object_id, dev.sys_descr, dev.warnings)
        for p in force:
            if p not in matched:
                matched.append(p)
        vals = await _fetch(client, target, matched, max_rows, dev.warnings)
    except ProbeError as exc:
        dev.status = "unreachable" if exc.category in ("timeout", "unreachable") else "error"
        dev.error_category, dev.error_message = exc.category, exc.message
        dev.duration_s = time.monotonic() - started
        return dev
    _evaluate(dev, matched, force, vals, lang, at)
    dev.duration_s = time.monotonic() - started
    return dev


def _evaluate(dev: DeviceReading, matched: Sequence[Profile], force: Sequence[Profile], vals: _Values, lang: str,
              at: dt.datetime) -> None:
    """The readings of the matched profiles whose data answered, from the values fetched."""
    applied = [p for p in matched if p in force or _answers(p, vals)]
    dev.dropped = [p.id for p in matched if p not in applied]
    dev.profiles = [p.id for p in applied]
    dev.kinds = sorted({p.kind for p in applied})
    readings: list[tuple[int, Reading]] = []
    for profile in applied:
        for metric in profile.metrics:
            if metric.is_table:
                reason = next((vals.failed[s.oid] for s in _sources(metric) if s.oid in vals.failed), None)
                if reason and not _rows(metric, vals):
                    dev.failed.setdefault(metric.key, reason)
                    for rule in metric.classify:
                        if key := rule.overrides.get("key"):
                            dev.failed.setdefault(str(key), reason)
                    continue
            for reading in _evaluate_metric(profile, metric, vals, lang, at):
                readings.append((profile.priority, reading))
    dev.readings = _dedupe(readings)
    if any(p.is_controller(dev.sys_object_id) for p in applied):
        dev.readings = [_as_controller(r, lang) for r in dev.readings]


def read_values(values: Mapping[str, object], profiles: Sequence[Profile], *, lang: str | None = None,
                target: str = "walk", now: dt.datetime | None = None) -> DeviceReading:
    """Read what a walk already holds (``{instance OID: value}`` as the SNMP client gives
    values) with the profiles among ``profiles`` that match it, offline: the profile builder
    shows what a drafted profile reads, ``opsdesk profile test --walk`` what a profile reads."""
    if lang is None:
        lang = i18n.language()
    token = _LANG.set(lang)
    try:
        at = now or dt.datetime.now(dt.UTC)
        dev = DeviceReading(target=target, status="ok", at=at)
        _set_system(dev, values)
        walked = sorted(values, key=_index_key)

        def present(base: str) -> bool:
            return any(oid_in(o, base) and not isinstance(values[o], Missing) for o in walked)

        matched = [p for p in profiles
                   if (p.matches_sys(dev.sys_object_id, dev.sys_descr) or any(present(o) for o in p.match.has_object))
                   and all(present(o) for o in p.match.requires)]
        matched.sort(key=lambda p: (-p.priority, p.id))
        vals = _Values()
        vals.update(values)
        for profile in matched:
            for metric in profile.metrics:
                if metric.is_table:
                    for src in _sources(metric):
                        vals.columns[src.oid] = [o[len(src.oid) + 1:] for o in walked if oid_in(o, src.oid)]
        _evaluate(dev, matched, (), vals, lang, at)
        return dev
    finally:
        _LANG.reset(token)


def _set_system(dev: DeviceReading, sysvals: Mapping[str, object]) -> None:
    oid, descr, ticks = sysvals.get(SYS_OBJECT_ID), sysvals.get(SYS_DESCR), sysvals.get(SYS_UPTIME)
    dev.sys_object_id = oid if isinstance(oid, str) else None
    dev.sys_descr = descr if isinstance(descr, str) else None
    dev.uptime_s = ticks / 100.0 if isinstance(ticks, int) else None


async def _match(client: SnmpClient, target: SnmpTarget, candidates: Sequence[Profile], sys_oid: str | None,
                 descr: str | None, warnings: list[str]) -> list[Profile]:
    """Profiles that fit: by sysObjectID/sysDescr or an object the agent has, and only
    where every object the profile ``requires`` answers (one GETNEXT per object, all
    profiles' probes in one batch)."""
    by_sys = [p for p in candidates if p.matches_sys(sys_oid, descr)]
    rest = [p for p in candidates if p not in by_sys and p.match.has_object]
    probes = sorted({o for p in rest for o in p.match.has_object}
                    | {o for p in (*by_sys, *rest) for o in p.match.requires})
    present: set[str] = set()
    if probes:
        nxt: dict[str, tuple[str, object]]
        try:
            nxt = await client.get_next(target, probes)
        except ProbeError as exc:
            # The system group answered: one slow answer does not make the device unreachable.
            warnings.append(f"matching probe failed: {exc.category}: {exc.message}")
            nxt = {}
        present = {o for o, (name, value) in nxt.items()
                   if name and oid_in(name, o) and not isinstance(value, Missing)}
    matched = by_sys + [p for p in rest if any(o in present for o in p.match.has_object)]
    matched = [p for p in matched if all(o in present for o in p.match.requires)]
    return sorted(matched, key=lambda p: (-p.priority, p.id))


def _answers(profile: Profile, vals: _Values) -> bool:
    """A profile applies only where its data answers: some object it reads has a value
    (or its request failed, which is a reading with no value, not an absent device)."""
    for metric in profile.metrics:
        for src in _sources(metric):
            if src.oid in vals.failed:
                return True
            if metric.is_table:
                if vals.columns.get(src.oid):
                    return True
            else:
                raw = vals.get(src.oid)
                if raw is not None and (not isinstance(raw, Missing) or isinstance(raw, Failed)):
                    return True
    return False


# ---------------------------------------------------------------- fetching

def _parent(oid: str) -> str:
    return oid.rsplit(".", 1)[0]


def _sources(metric: Metric) -> list[Source]:
    return [metric.source, *metric.fallbacks]


def _row_columns(metric: Metric) -> set[str]:
    """Columns read per row besides the value sources: labels, rules, expression inputs."""
    cols = set(metric.label_columns.values()) | set(metric.label_columns_any)
    cols.update(r.column for r in metric.classify if r.column)
    for src in _sources(metric):
        cols.update(v.oid for v in src.vars.values() if not (v.scalar or v.row))
    return cols


def _index_parts(index: str) -> dict[str, str]:
    return {"index": index, **{f"i{n}": p for n, p in enumerate(index.split("."), start=1)}}


def _var_instance(metric: Metric, var: Var, index: str) -> str:
    """Where an expression's input is: the row's own column, a scalar, or another table's row."""
    if var.scalar or not metric.is_table:
        return var.oid if var.scalar else _inst(metric, var.oid, index)
    if var.row:
        try:
            return f"{var.oid}.{var.row.format(**_index_parts(index))}"
        except (KeyError, IndexError, ValueError):
            return f"{var.oid}.{index}"
    return _inst(metric, var.oid, index)


async def _fetch(client: SnmpClient, target: SnmpTarget, profiles: Sequence[Profile], max_rows: int | None,
                 warnings: list[str]) -> _Values:
    """Every value the profiles need, as one flat ``{instance OID: value}``."""
    scalars: set[str] = set()
    walks: dict[str, set[str]] = {}  # table entry OID -> columns walked together
    foreign: list[tuple[Metric, str]] = []  # (metric, column of another table)
    for profile in profiles:
        for metric in profile.metrics:
            scalars.update(v.oid for src in _sources(metric) for v in src.vars.values() if v.scalar)
            if not metric.is_table:
                scalars.update(src.oid for src in _sources(metric))
                scalars.update(_row_columns(metric))
                continue
            entries: set[str] = set()
            for src in _sources(metric):
                walks.setdefault(_parent(src.oid), set()).add(src.oid)
                entries.add(_parent(src.oid))
            for col in _row_columns(metric):
                if _parent(col) in entries:
                    walks[_parent(col)].add(col)
                else:
                    foreign.append((metric, col))
    vals = _Values()
    limiter = asyncio.Semaphore(PER_DEVICE_REQUESTS)

    async def get(oids: list[str]) -> None:
        async with limiter:
            try:
                vals.update(await client.get(target, oids))
            except ProbeError as exc:
                # These objects have no value this time; the device's other answers stand.
                failed = Failed(exc.category, exc.message)
                vals.update({oid: failed for oid in oids if oid not in vals})
                warnings.append(f"{len(oids)} objects from {oids[0]}: {exc.category}: {exc.message}")

    async def walk(columns: set[str]) -> None:
        async with limiter:
            try:
                result = await client.walk_columns(target, sorted(columns), max_rows)
            except ProbeError as exc:
                # One table that times out or errs invalidates that table only.
                for col in columns:
                    vals.failed[col] = f"{exc.category}: {exc.message}"
                warnings.append(f"table {_parent(next(iter(columns)))}: {exc.category}: {exc.message}")
                return
        for col, rows in result.items():
            vals.update(rows)
            vals.columns[col] = [oid[len(col) + 1:] for oid in rows]
            if rows.truncated:
                warnings.append(f"column {col}: {rows.reason}")

    chunks = _chunks(sorted(scalars), 24)
    await _all(*(get(c) for c in chunks), *(walk(cols) for cols in walks.values()))
    # Columns of other tables (entPhysicalName, hrDeviceDescr…) only for the rows we have.
    wanted: set[str] = set()
    for metric, col in foreign:
        for index in _rows(metric, vals):
            if not _all_absent(metric, index, vals):
                wanted.add(f"{col}.{index}")
    for profile in profiles:  # inputs from another table's row ({i1} …)
        for metric in profile.metrics:
            row_vars = [v for src in _sources(metric) for v in src.vars.values() if v.row and not v.scalar]
            if metric.is_table and row_vars:
                for index in _rows(metric, vals):
                    wanted.update(_var_instance(metric, v, index) for v in row_vars)
    wanted -= vals.keys()
    if wanted:
        await _all(*(get(c) for c in _chunks(sorted(wanted), 24)))
    return vals


async def _all(*coros: Awaitable[object]) -> None:
    """Run all, let every one finish, then raise the first failure (no orphan tasks)."""
    for result in await asyncio.gather(*coros, return_exceptions=True):
        if isinstance(result, BaseException):
            raise result


def _all_absent(metric: Metric, index: str, vals: Mapping[str, object]) -> bool:
    """True when every value source of the row holds an "absent" value (no reading)."""
    for src in _sources(metric):
        raw = vals.get(f"{src.oid}.{index}")
        if raw is not None and not isinstance(raw, Missing) and _raw_key(raw) not in src.absent:
            return False
    return True


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


class _Values(dict[str, object]):
    """``{instance OID: value}``, plus the row indexes each walked column returned."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: dict[str, list[str]] = {}
        self.failed: dict[str, str] = {}  # column -> why its walk failed


def _rows(metric: Metric, vals: _Values) -> list[str]:
    """Indexes of the rows present in any value column of a table metric, in order."""
    seen: dict[str, None] = {}
    for src in _sources(metric):
        for index in vals.columns.get(src.oid, ()):
            seen.setdefault(index, None)
    return sorted(seen, key=_index_key)


def _index_key(index: str) -> tuple[int | str, ...]:
    return tuple(int(x) if x.isdigit() else x for x in index.split("."))


# ---------------------------------------------------------------- converting

class _Absent(Exception):
    """The row or object is not there (absent value, unmatched rule): no reading."""


def _evaluate_metric(profile: Profile, metric: Metric, vals: _Values, lang: str,
                     at: dt.datetime) -> Iterable[Reading]:
    if metric.is_table:
        rows: list[Reading] = []
        for index in _rows(metric, vals):
            reading = _evaluate_row(profile, metric, index, vals, lang, at)
            if reading is not None:
                rows.append(reading)
                yield reading
        if metric.summary is not None and any(r.metric == metric.key for r in rows):
            yield _summarise(profile, metric, metric.summary, [r for r in rows if r.metric == metric.key], lang, at)
    else:
        reading = _evaluate_row(profile, metric, metric.index, vals, lang, at)
        if reading is not None:
            yield reading


def _summarise(profile: Profile, metric: Metric, s: Summary, rows: list[Reading], lang: str,
               at: dt.datetime) -> Reading:
    values = [r.value for r in rows if r.value is not None]
    value = round(sum(values) / len(values), 2) if values else None
    name = s.name.get(lang)
    return Reading(
        metric=s.key, index="", label=name, value=value, text=None, unit=metric.unit, cls=metric.cls,
        state_meaning=None, severity=None, limits=s.limits,
        invalid_reason=None if values else invalid_text("no_rows", {}, lang), at=at, name=name, raw=None, oid=None,
        profile=profile.id, role=s.role, invalid_code=None if values else "no_rows",
        labels={"zh": s.name.zh, "en": s.name.en},
    )


def _inst(metric: Metric, oid: str, index: str) -> str:
    return f"{oid}.{index}" if metric.is_table else oid


def _evaluate_row(profile: Profile, metric: Metric, index: str, vals: _Values, lang: str,
                  at: dt.datetime) -> Reading | None:
    other = "zh" if lang == "en" else "en"
    label, other_label = _labels(metric, index, vals, (lang, other))
    eff = metric
    matched_rule = False
    for rule in metric.classify:
        probe: object = label if rule.column is None else vals.get(_inst(metric, rule.column, index))
        if isinstance(probe, Missing):
            probe = None
        if rule.test(probe):
            if rule.skip:
                return None
            eff = _apply(metric, rule.overrides)
            matched_rule = True
            break
    if metric.classify_only and not matched_rule:
        return None
    if eff is not metric and eff.label is None and not metric.label_columns_any:
        label, other_label = _labels(eff, index, vals, (lang, other))
    # What a person calls it: the metric's name with the row's own name (输出电流 L1),
    # the same in the panel, alarms, trends and papers.
    row, label = label, reading_label(eff.name.get(lang), label)
    labels = {lang: label, other: reading_label(eff.name.get(other), other_label)}
    try:
        value, raw, oid, invalid = _value(eff, index, vals)
    except _Absent:
        return None
    text = raw if isinstance(raw, str) else None
    meaning: str | None = None
    meanings: dict[str, str] = {}
    severity: str | None = None
    if eff.states is not None and invalid is None:
        state = eff.states.get(_raw_key(raw))
        if state is None:
            severity = "unknown"
        else:
            meaning, severity, text = state.text.get(lang), state.severity, state.text.en
            meanings = {"zh": state.text.zh, "en": state.text.en}
    return Reading(
        metric=eff.key, index=index, label=label, value=value, text=text, unit=eff.unit,
        cls=eff.cls, state_meaning=meaning, severity=severity, limits=eff.limits,
        invalid_reason=invalid.text(lang) if invalid else None, at=at, name=eff.name.get(lang), raw=raw, oid=oid,
        profile=profile.id, role=eff.role, alarm=eff.alarm, row=row if metric.is_table else "",
        labels=labels, meanings=meanings, invalid_code=invalid.code if invalid else None,
        invalid_params=dict(invalid.params) if invalid else {},
    )


def _apply(metric: Metric, overrides: Mapping[str, Any]) -> Metric:
    """``metric`` as a classify rule's overrides (the profile's values, in its order) change it."""
    # Keyword arguments of dataclasses.replace: fields of every type, as the profile gives them.
    fields: dict[str, Any] = {}
    src: dict[str, Any] = {}
    for key, value in overrides.items():
        if key in ("divisor", "multiplier"):
            src[key] = float(value)
        elif key in ("expr", "parse_text"):
            src[key] = value
        elif key == "sentinels":
            src[key] = frozenset(_raw_key(v) for v in value)
        elif key == "limits":
            fields["limits"] = None  # limits = false: this kind of row is not judged
        elif key in ("limit_low", "limit_high"):
            # What the rule has set so far, in its order, else the metric's own limits.
            low, high = fields.get("limits", metric.limits) or (None, None)
            fields["limits"] = (float(value), high) if key == "limit_low" else (low, float(value))
        else:
            fields[key] = value
    if src:
        fields["source"] = dataclasses.replace(metric.source, **src)
        fields["fallbacks"] = tuple(dataclasses.replace(f, **src) for f in metric.fallbacks)
    return dataclasses.replace(metric, **fields)


def _labels(metric: Metric, index: str, vals: Mapping[str, object], langs: tuple[str, str]) -> tuple[str, str]:
    """The row's own name in each of ``langs``; the agent's label columns are read once for both."""
    # {index} is the whole row index; {i1}, {i2} … its parts ("2.3" → feed 2, phase 3; an
    # agent's extra ".0" after the row, as some MGE cards send, leaves {i1} the row).
    indexes = _index_parts(index)
    named: object = None  # the first label column the agent gives a name in
    for col in metric.label_columns_any:
        raw = vals.get(_inst(metric, col, index))
        if raw is not None and not isinstance(raw, Missing) and str(raw).strip():
            named = raw
            break
    mapped = metric.label_map.get(_raw_key(named)) if named is not None else None
    columns: dict[str, str] = {}
    for name, col in metric.label_columns.items():
        raw = vals.get(_inst(metric, col, index))
        columns[name] = "" if raw is None or isinstance(raw, Missing) else str(raw).strip()
    first, second = (_label_in(metric, indexes, named, mapped, columns, lang) for lang in langs)
    return first, second


def _label_in(metric: Metric, indexes: Mapping[str, str], named: object, mapped: Text | None,
              columns: Mapping[str, str], lang: str) -> str:
    """:func:`_labels` in one language, from what the agent gave."""
    found: str | None = None
    if named is not None:
        found = mapped.get(lang) if mapped else str(named).strip()
    parts = {**indexes, "label": found or "", **columns}
    if metric.label is not None and (found or not metric.label_columns_any):
        template = metric.label.get(lang)
    elif found:
        template = "{label}"
    else:
        # A table row without a name is "<metric> <index>"; a scalar is its metric.
        template = metric.name.get(lang) + (" {index}" if metric.is_table else "")
    try:
        return template.format(**parts).strip()
    except (KeyError, IndexError, ValueError):
        return template


def _raw_key(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw)


def _number(raw: object, parse_text: bool) -> float:
    if isinstance(raw, bool):
        raise _NotANumber(Invalid("truth_value", {}))
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and parse_text:
        m = _NUMBER.match(raw)
        if m:
            return float(m.group(1))
    raise _NotANumber(Invalid("text", {"sent": repr(str(raw)[:40])}))


def _value(metric: Metric, index: str, vals: Mapping[str, object]) -> _Value:
    """``(value, raw, oid, invalid_reason)`` from the first source the agent has."""
    missing_reason = "not fetched"
    failed: tuple[str, Failed] | None = None  # (OID, why) of the first source whose request failed
    for src in _sources(metric):
        oid = _inst(metric, src.oid, index)
        raw = vals.get(oid)
        if raw is None or isinstance(raw, Missing):
            missing_reason = raw.reason if isinstance(raw, Missing) else "not fetched"
            if isinstance(raw, Failed) and failed is None:
                failed = (oid, raw)
            continue
        return _convert(metric, src, index, raw, vals)
    if failed is not None:
        detail = failed[1].reason.partition(": ")[2]  # the probe error's message, the agent's words
        return None, None, failed[0], Invalid("no_answer", {"reason": failed[1].category, "detail": detail})
    if metric.required and not metric.is_table:
        return None, None, metric.source.oid, Invalid("no_object", {"reason": missing_reason})
    raise _Absent


def _convert(metric: Metric, src: Source, index: str, raw: object, vals: Mapping[str, object]) -> _Value:
    oid = _inst(metric, src.oid, index)
    key = _raw_key(raw)
    if key in src.absent:
        raise _Absent
    if key in src.sentinels:
        return None, raw, oid, Invalid("not_available", {"raw": key})
    if metric.states is not None and isinstance(raw, str):
        if key in metric.states or not src.parse_text:
            return None, raw, oid, None  # a state sent as text ("active", "Normal"): its meaning by the text
        try:
            number = _number(raw, True)  # a state number sent as text ("4.000")
        except ValueError:
            return None, raw, oid, None  # text no meaning names: state unknown
        raw = int(number) if number.is_integer() else number
        if _raw_key(raw) in src.sentinels:
            return None, raw, oid, Invalid("not_available", {"raw": _raw_key(raw)})
        return number, raw, oid, None
    try:
        number = _number(raw, src.parse_text)
    except _NotANumber as exc:
        return None, raw, oid, exc.invalid
    env = {"value": number}
    for name, var in src.vars.items():
        v = vals.get(_var_instance(metric, var, index))
        got: float | None
        try:
            got = _number(v, True) if v is not None and not isinstance(v, Missing) else None
        except ValueError:
            got = None
        if got is None:
            if var.default is None:
                return None, raw, oid, Invalid("no_input", {"name": name, "oid": var.oid})
            got = float(var.default)
        env[name] = got
    if metric.skip_if:
        try:
            if evaluate(metric.skip_if, env):
                raise _Absent
        except ExprError:
            pass
    if metric.invalid_if:
        try:
            if evaluate(metric.invalid_if, env):
                return None, raw, oid, Invalid("marked_invalid", {"rule": metric.invalid_if})
        except ExprError:
            pass
    if metric.states is not None:
        return number, raw, oid, None
    if src.valid is not None:
        low, high = src.valid
        if (low is not None and number < low) or (high is not None and number > high):
            return None, raw, oid, Invalid("out_of_range", {"raw": key})
    try:
        value = evaluate(src.expr, env) if src.expr else number
    except ExprError as exc:
        return None, raw, oid, Invalid("expr", {"text": str(exc)})
    value = value * src.multiplier / src.divisor
    if src.valid is None and (why := implausible(metric.cls, value)):
        return None, raw, oid, why
    return round(value, 6), raw, oid, None


# What no instrument of these classes can read; a number here is an agent's "not available"
# or garbage, shown as no value. A profile's ``valid`` range replaces this rule.
_NON_NEGATIVE = {"voltage", "current", "power", "frequency", "runtime", "load", "speed", "charge",
                 "humidity", "fan", "energy", "apparent_power", "percent"}


def implausible(cls: str, value: float) -> Invalid | None:
    """Why no instrument of this class reads ``value``, or None."""
    if cls == "temperature" and value < -273.15:
        return Invalid("below_zero", {"value": f"{value:g}"})
    if cls in _NON_NEGATIVE and value < 0:
        return Invalid("negative", {"value": f"{value:g}"})
    if cls in ("humidity", "charge") and value > 100:
        return Invalid("over_100", {"value": f"{value:g}"})
    return None



_CONTROLLER_ROLES = {"host.cpu": "controller.cpu", "host.memory": "controller.memory",
                     "host.storage": "controller.storage"}


def _as_controller(r: Reading, lang: str) -> Reading:
    """On a management controller, what the standard host MIBs say is the controller's own
    CPU, memory and storage: never the server's, and not judged against host limits."""
    parts = r.metric.split(".")
    if parts[0] != "host" or len(parts) < 2 or parts[1] not in ("cpu", "memory", "storage"):
        return r
    def prefixed(label: str, prefix: str) -> str:
        return label if label.startswith(prefix) else f"{prefix} {label}"

    labels = {lang_: prefixed(text, i18n.say(lang_, "Controller")) for lang_, text in r.labels.items()}
    return dataclasses.replace(r, metric="controller." + r.metric[len("host."):],
                               role=_CONTROLLER_ROLES.get(r.role, r.role), limits=None,
                               label=prefixed(r.label, t("Controller")),  # in the language asked for
                               labels=labels)


def _dedupe(readings: list[tuple[int, Reading]]) -> list[Reading]:
    """One reading per (metric, index): a valid one over an invalid one, then the
    profile with the higher priority, then the first declared."""
    best: dict[tuple[str, str], tuple[int, int, Reading]] = {}
    order: list[tuple[str, str]] = []
    for priority, r in readings:
        ident = (r.metric, r.index)
        rank = (0 if r.invalid_reason else 1, priority)
        if ident not in best:
            order.append(ident)
            best[ident] = (*rank, r)
        elif rank > best[ident][:2]:
            best[ident] = (*rank, r)
    return [best[i][2] for i in order]
