"""A device profile held against the MIB modules it cites (compiled offline with pysmi).

A profile fails when it reads an object its modules do not define, names an object that
is not the one at that OID, reads an enumeration as a number or a number as states, gives
a state the enumeration does not have, leaves an enumeration value without a meaning, or
scales a value otherwise than the MIB's UNITS / DISPLAY-HINT say. Used by the suite
(tests/probes/test_mibs.py) for every shipped profile and by ``opsdesk profiles check``
for a site's own.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from opsdesk.probes import mibs as mibmod
from opsdesk.probes.reading import _apply
from opsdesk.profiles.spec import Metric, Profile, Rule, Source


def cache_dir() -> Path:
    """Compiled JSON kept between runs, keyed by the module files, pysmi and the repairs."""
    import pysmi

    h = hashlib.sha256(pysmi.__version__.encode())
    h.update(Path(mibmod.__file__).read_bytes())
    for d in mibmod.default_dirs():
        for f in sorted(d.iterdir()):
            if f.is_file():
                st = f.stat()
                h.update(f"{f}:{st.st_size}:{st.st_mtime_ns}".encode())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "opsdesk" / "mibs"
    return base / h.hexdigest()[:16]


def index_for(profiles: Iterable[Profile], extra: Iterable[str] = ()) -> tuple[mibmod.MibIndex, list[str]]:
    """The compiled index of every module the profiles cite, and the modules that could not
    be compiled or found."""
    modules = sorted({*extra, *(m for p in profiles for m in p.mibs)})
    cache = cache_dir()
    mibmod.compile_modules(modules, cache)
    idx = mibmod.MibIndex(cache / "json")
    missing = [m for m in modules if not idx.load(m)]
    return idx, missing


# ---------------------------------------------------------------- units and scale

_SCALE_WORDS = [  # "0.1 Volt", ".1 degrees Celsius", "tenths of", "1/10"
    (r"\b(tenths?|1/10)\b|(?<![\d.])0?\.1\b", 0.1), (r"\b(hundredths?|1/100)\b|(?<![\d.])0?\.01\b", 0.01),
    (r"\b(thousandths?|1/1000)\b|(?<![\d.])0?\.001\b", 0.001),
]
_UNIT_WORDS = [  # (pattern, unit, factor to that unit); volt-amps before volts
    (r"\bkva\b|\bkilo-?volt-?amps?\b", "VA", 1000), (r"\bva\b|\bvolt-?amps?\b", "VA", 1),
    (r"\bmilli-?volts?\b|\bmv\b|\bmvdc\b|\bmvac\b", "V", 0.001), (r"\bvolts?\b|\bvdc\b|\bvac\b|\bv\b|\bvrms\b", "V", 1),
    (r"\bmilli-?amps?\b|\bmilliamperes?\b|\bma\b", "A", 0.001), (r"\bamps?\b|\bamperes?\b|\ba\b|\barms\b", "A", 1),
    (r"\bkilowatt-?hours?\b|\bkwh\b", "kWh", 1), (r"\bkilowatts?\b|\bkw\b", "W", 1000),
    (r"\bmilli-?watts?\b|\bmw\b", "W", 0.001), (r"\bwatts?\b|\bw\b", "W", 1),
    (r"\bhertz\b|\bhz\b", "Hz", 1),
    (r"\bcelsius\b|\bcentigrade\b|\bdeg(?:rees)?\s*c\b|\bdegc\b|°c|℃", "℃", 1),
    (r"\bpercent\b|%", "%", 1),
    (r"\bseconds?\b|\bsecs?\b", "s", 1), (r"\bminutes?\b|\bmins?\b", "min", 1),
    (r"\bhours?\b", "h", 1),
    (r"\brpm\b", "rpm", 1),
]
_TO = {("s", "min"): 1 / 60, ("min", "s"): 60, ("s", "h"): 1 / 3600, ("h", "min"): 60, ("min", "h"): 1 / 60,
       ("%", "%RH"): 1, ("W", "kW"): 0.001, ("VA", "kVA"): 0.001, ("kWh", "kWh"): 1, ("s", "d"): 1 / 86400}


def mib_scale(obj: mibmod.MibObject) -> tuple[float, str] | None:
    """(factor, unit) the MIB states for one raw unit, when it says so readably."""
    factor = 1.0
    said = False
    m = re.fullmatch(r"d-(\d+)", obj.display_hint or "")
    if m:
        factor, said = 10 ** -int(m.group(1)), True
    units = (obj.units or "").lower()
    if not units:
        return (factor, "") if said else None
    for pattern, f in _SCALE_WORDS:
        if re.search(pattern, units):
            factor, said = f, True
            break
    for pattern, unit, f in _UNIT_WORDS:
        if re.search(pattern, units):
            return factor * f, unit
    return (factor, "") if said else None


def _convert(from_unit: str, to_unit: str) -> float | None:
    if not from_unit or from_unit == to_unit or (from_unit == "%" and to_unit == "%RH"):
        return 1.0
    return _TO.get((from_unit, to_unit))


# ---------------------------------------------------------------- checks

def _variants(metric: Metric) -> list[tuple[Metric, Rule | None]]:
    """The metric and each classify rule's version of it, with the rule."""
    out: list[tuple[Metric, Rule | None]] = [(metric, None)]
    for rule in metric.classify:
        if not rule.skip and rule.overrides:
            out.append((_apply(metric, dict(rule.overrides)), rule))
    return out


def _check_source(profile: Profile, metric: Metric, src: Source, idx: mibmod.MibIndex, problems: list[str]) -> None:
    where = f"{profile.id}:{metric.key} {src.oid}"
    hit = idx.resolve(src.oid)
    if hit is None or hit[0].module not in profile.mibs:
        problems.append(f"{where}: not an object of {list(profile.mibs)}")
        return
    obj, rest = hit
    if src.object and src.object != obj.name:
        problems.append(f"{where}: object = {src.object!r} but the OID is {obj.module}::{obj.name}")
    if not src.object:
        problems.append(f"{where}: cite the object (object = \"{obj.name}\")")
    if metric.is_table:
        if obj.nodetype != "column" or rest:
            problems.append(f"{where}: column = must be a table column, {obj.name} is a {obj.nodetype}"
                            + (f" (+.{rest})" if rest else ""))
    elif obj.nodetype == "scalar" and rest != "0":
        problems.append(f"{where}: scalar {obj.name} is read at .0")
    for variant, rule in _variants(metric):
        vsrc = variant.source if src is metric.source else src
        _check_type(profile, variant, vsrc, obj, problems, where, idx, rule)


def _check_type(profile: Profile, metric: Metric, src: Source, obj: mibmod.MibObject, problems: list[str],
                where: str, idx: mibmod.MibIndex | None = None, rule: Rule | None = None) -> None:
    if metric.states is not None:
        keys = set(metric.states)
        if src.states_from and not obj.enumeration and idx is not None:
            ref = next((o for o in idx.by_oid.values() if o.name == src.states_from and o.module in profile.mibs), None)
            if ref is None:
                problems.append(f"{where}: states_from = {src.states_from!r} is not an object of {list(profile.mibs)}")
                return
            if ref.enumeration:
                obj = ref  # the codes as the vendor documents them once, for this object too
            elif ref.text:
                # The device names its codes per row ("Off(0),On(1)"): a rule keyed on that text
                # must give exactly the numbers its pattern names.
                if rule is not None and rule.regex is not None and rule.column:
                    tested = idx.resolve(rule.column)
                    if tested is not None and tested[0].name == ref.name:
                        named = set(re.findall(r"\\\((\d+)\\\)", rule.regex.pattern))
                        if named and keys - named:
                            problems.append(f"{where}: states {sorted(keys - named)} are not named by the rule's "
                                            f"{ref.name} pattern")
                return
            else:
                problems.append(f"{where}: states_from {ref.name} is neither an enumeration nor text")
                return
        if obj.enumeration:
            values = {str(v) for v in obj.enumeration.values()}
            extra = keys - values - src.absent
            if extra:
                problems.append(f"{where}: states {sorted(extra)} are not in {obj.name}'s enumeration "
                                f"{obj.enumeration}")
            unmet = values - keys - src.absent
            if unmet:
                labels = {k: v for k, v in obj.enumeration.items() if str(v) in unmet}
                problems.append(f"{where}: enumeration values {labels} of {obj.name} have no meaning in the profile")
        elif obj.text:
            pass  # states sent as text (a Palo Alto HA state): keys are the texts
        elif obj.base_type in mibmod.NUMERIC_TYPES:
            words = {int(w) for w in re.findall(r"-?\d+", obj.description)}
            unknown = {k for k in keys if not (re.fullmatch(r"-?\d+", k) and int(k) in words)} - src.absent
            if unknown:
                problems.append(f"{where}: states {sorted(unknown)} are neither an enumeration of {obj.name} "
                                f"nor numbers its DESCRIPTION names")
        else:
            problems.append(f"{where}: states read from a {obj.base_type}")
        return
    named = {str(v) for v in obj.enumeration.values()}
    if obj.enumeration and not named <= (src.sentinels | src.absent):
        # A number may carry named values (hardDiskTemperature: unknown(255)); read as a
        # number only when each named value is a sentinel or "absent" of the profile.
        problems.append(f"{where}: {obj.name} is an enumeration {obj.enumeration}; give its states "
                        "(or, for a number with named values, list them as sentinels)")
        return
    if obj.text:
        if not src.parse_text and metric.cls != "text":
            problems.append(f"{where}: {obj.name} is text; parse_text = true reads a number from it")
        return
    if obj.base_type not in mibmod.NUMERIC_TYPES and not obj.enumeration:
        problems.append(f"{where}: {obj.name} is {obj.base_type}, not a number")
        return
    if src.expr:
        return  # the expression states the arithmetic; its inputs are checked as vars
    scale = mib_scale(obj)
    if scale is None:
        return
    factor, unit = scale
    conv = _convert(unit, metric.unit)
    if conv is None:
        problems.append(f"{where}: the MIB gives {obj.name} in {obj.units!r}, the profile in {metric.unit!r}")
        return
    want = factor * conv
    have = src.multiplier / src.divisor
    if abs(have - want) > 1e-9 * max(abs(want), 1e-12):
        problems.append(f"{where}: {obj.name} scale ×{have:g} but the MIB's {obj.units or obj.display_hint!r} "
                        f"into {metric.unit!r} is ×{want:g}")


def _other_oids(metric: Metric) -> list[str]:
    oids = list(metric.label_columns_any) + list(metric.label_columns.values())
    oids += [r.column for r in metric.classify if r.column]
    for src in (metric.source, *metric.fallbacks):
        oids += [v.oid for v in src.vars.values()]
    return oids


def check_profile(profile: Profile, idx: mibmod.MibIndex) -> list[str]:
    problems: list[str] = []
    if not profile.mibs:
        return [f"{profile.id}: no mibs = [...] cited"]
    for metric in profile.metrics:
        for src in (metric.source, *metric.fallbacks):
            _check_source(profile, metric, src, idx, problems)
        for oid in _other_oids(metric):
            hit = idx.resolve(oid)
            if hit is None or hit[0].module not in profile.mibs:
                problems.append(f"{profile.id}:{metric.key} reads {oid}, not an object of {list(profile.mibs)}")
    for oid in (*profile.match.has_object, *profile.match.requires):
        if oid not in idx.nodes and idx.resolve(oid) is None:
            problems.append(f"{profile.id}: [match] {oid} is not defined by {list(profile.mibs)}")
    return problems


