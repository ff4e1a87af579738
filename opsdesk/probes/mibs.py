"""MIB modules, compiled offline with pysmi, as an index from OID to object.

Profiles are written from the vendors' MIB modules (data/profiles/README.md); this
module compiles the modules a profile cites and answers "which object is this OID, of
what type, with what enumeration, units and display hint". tests/probes/test_mibs.py
holds every shipped profile against it, and the profile builder will read it.

Modules are looked up in ``../shared/mibs`` beside the project (every folder in it), in
``resources/mibs`` (vendor modules the project added itself), and in any directory given.
pysmi never fetches anything from the network here (no borrower, no HTTP reader).

A few vendor files as published break SMI in ways Net-SNMP tolerates and pysmi does not
(shared/mibs/README.md): a module identity defined twice (GEIST-MIB-V3), product names
defined twice with different OIDs (HUAWEI-MIB), enumeration labels ending in ``-``
(HUAWEI-TC-MIB), types used but not imported (PAN-COMMON-MIB). :data:`REPAIRS` mends a scratch
copy before compiling; the files themselves are never changed. No repair touches an object a
profile reads.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from opsdesk import paths

# One module as pysmi's JSON code generator writes it: names to entries of every SMI kind
# (objects, textual conventions, imports, the module identity …), values of any JSON type.
_ModuleJson = dict[str, Any]
_Fix = Callable[[str], str]  # module text -> mended text


def _shared_mibs() -> Path:
    beside = paths.ROOT.parent / "shared" / "mibs"
    return beside if beside.is_dir() else Path("/work/shared/mibs")


def default_dirs() -> list[Path]:
    dirs: list[Path] = []
    for root in (_shared_mibs(), paths.ROOT / "resources" / "mibs"):
        if root.is_dir():
            dirs.append(root)
            dirs.extend(sorted(p for p in root.iterdir() if p.is_dir()))
    return dirs


def _drop_second_definition(name: str) -> _Fix:
    """Rename the second ``<name> OBJECT IDENTIFIER ::=`` of a module (a duplicate)."""
    pattern = re.compile(rf"^(\s*){re.escape(name)}(\s+OBJECT IDENTIFIER\s*::=)", re.M)

    def fix(text: str) -> str:
        hits = list(pattern.finditer(text))
        for m in reversed(hits[1:]):
            text = text[:m.start()] + f"{m.group(1)}{name}dup{m.group(2)}" + text[m.end():]
        return text

    return fix


def _compose(*fixes: _Fix) -> _Fix:
    def fix(text: str) -> str:
        for f in fixes:
            text = f(text)
        return text

    return fix


# module name -> (file name, text -> mended text)
REPAIRS: dict[str, tuple[str, _Fix]] = {
    "HUAWEI-MIB": ("HUAWEI-MIB", _compose(*(_drop_second_definition(n)
                                             for n in ("USG6635F", "USG6525F", "USG6565F")))),
    "HUAWEI-TC-MIB": ("HUAWEI-TC-MIB", lambda text: re.sub(r"(\b[a-zA-Z][\w-]*?)-(\s*\(\d+\))", r"\1x\2", text)),
    # uses Counter64 and Unsigned32 without importing them
    "PAN-COMMON-MIB": ("PAN-COMMON-MIB", lambda text: re.sub(
        r"(\bInteger32)(\s+FROM SNMPv2-SMI)", r"\1, Counter64, Unsigned32\2", text, count=1)),
    "GEIST-MIB-V3": ("GEIST-MIB-V3", lambda text: re.sub(
        r"\ngeist OBJECT IDENTIFIER\s*\n\s*::= \{ enterprises 21239 \}\n", "\n", text, count=1)),
}


def _repaired_dir(dirs: list[Path], cache: Path) -> Path:
    out = cache / "repaired"
    out.mkdir(parents=True, exist_ok=True)
    for filename, fix in REPAIRS.values():
        for d in dirs:
            src = d / filename
            if src.is_file():
                text = src.read_text(encoding="latin-1")
                (out / filename).write_text(fix(text), encoding="latin-1")
                break
    return out


def compile_modules(modules: Iterable[str], cache: Path, dirs: Iterable[Path] | None = None) -> dict[str, str]:
    """Compile ``modules`` (and what they import) to JSON in ``cache``; returns pysmi's
    status per module ("compiled", "untouched", "failed" …)."""
    from pysmi.codegen import JsonCodeGen
    from pysmi.compiler import MibCompiler
    from pysmi.parser import SmiStarParser
    from pysmi.reader import FileReader
    from pysmi.searcher import StubSearcher
    from pysmi.writer import FileWriter

    dirs = list(default_dirs() if dirs is None else dirs)
    cache = Path(cache)
    out = cache / "json"
    out.mkdir(parents=True, exist_ok=True)
    sources = [_repaired_dir(dirs, cache), *dirs]
    compiler = MibCompiler(SmiStarParser(), JsonCodeGen(), FileWriter(str(out)).set_options(suffix=".json"))
    compiler.add_sources(*(FileReader(str(d)) for d in sources))
    compiler.add_searchers(StubSearcher(*JsonCodeGen.baseMibs))
    wanted = [m for m in modules if not (out / f"{m}.json").is_file()]
    if not wanted:
        return {m: "untouched" for m in modules}
    status = compiler.compile(*wanted, genTexts=True, ignoreErrors=True)
    return {str(k): str(v) for k, v in status.items()}


@dataclasses.dataclass(frozen=True)
class MibObject:
    module: str
    name: str
    oid: str
    nodetype: str  # scalar, column, table, row, node …
    base_type: str  # the SMI base type after textual conventions: INTEGER, OCTET STRING, Gauge32 …
    type_name: str  # as written: PositiveInteger, DisplayString, INTEGER …
    enumeration: Mapping[str, int]  # label -> number, empty when not an enumeration
    units: str
    display_hint: str
    description: str
    ranges: tuple[tuple[int, int], ...]
    access: str = ""  # MAX-ACCESS / ACCESS: read-only, read-write, not-accessible …

    @property
    def numeric(self) -> bool:
        return self.base_type in NUMERIC_TYPES and not self.enumeration

    @property
    def text(self) -> bool:
        return self.base_type == "OCTET STRING"


NUMERIC_TYPES = {"INTEGER", "Integer32", "Unsigned32", "Gauge32", "Gauge", "Counter32", "Counter",
                 "Counter64", "TimeTicks", "Opaque"}
_BASE = {"Integer32": "Integer32", "INTEGER": "INTEGER", "Unsigned32": "Unsigned32", "Gauge32": "Gauge32",
         "Gauge": "Gauge32", "Counter32": "Counter32", "Counter": "Counter32", "Counter64": "Counter64",
         "TimeTicks": "TimeTicks", "OCTET STRING": "OCTET STRING", "OBJECT IDENTIFIER": "OBJECT IDENTIFIER",
         "IpAddress": "IpAddress", "Opaque": "Opaque", "BITS": "BITS", "Bits": "BITS"}
# textual conventions of the base modules pysmi does not write out
_BASE_TCS = {"DisplayString": ("OCTET STRING", "255a"), "PhysAddress": ("OCTET STRING", "1x:"),
             "MacAddress": ("OCTET STRING", "1x:"), "TruthValue": ("INTEGER", ""),
             "TimeStamp": ("TimeTicks", ""), "TimeInterval": ("INTEGER", ""), "DateAndTime": ("OCTET STRING", ""),
             "RowStatus": ("INTEGER", ""), "StorageType": ("INTEGER", ""), "TestAndIncr": ("INTEGER", ""),
             "AutonomousType": ("OBJECT IDENTIFIER", ""), "RowPointer": ("OBJECT IDENTIFIER", ""),
             "VariablePointer": ("OBJECT IDENTIFIER", ""), "InstancePointer": ("OBJECT IDENTIFIER", ""),
             "TAddress": ("OCTET STRING", ""), "TDomain": ("OBJECT IDENTIFIER", "")}
_TRUTH = {"true": 1, "false": 2}


class MibIndex:
    """Objects of compiled modules by OID and by name."""

    def __init__(self, json_dir: Path) -> None:
        self.json_dir = Path(json_dir)
        self._modules: dict[str, _ModuleJson] = {}
        self.by_oid: dict[str, MibObject] = {}
        self.nodes: dict[str, tuple[str, str]] = {}  # every named OID: (module, name)

    def load(self, module: str) -> bool:
        if module in self._modules:
            return True
        path = self.json_dir / f"{module}.json"
        if not path.is_file():
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
        self._modules[module] = data
        for imported in (data.get("imports") or {}):
            if imported != "class":
                self.load(imported)  # textual conventions come from the imported modules
        for name, entry in data.items():
            if not isinstance(entry, dict) or "oid" not in entry:
                continue
            self.nodes.setdefault(entry["oid"], (module, name))
            if entry.get("class") != "objecttype":
                continue
            obj = self._object(module, name, entry)
            self.by_oid.setdefault(obj.oid, obj)
        return True

    def modules(self) -> list[str]:
        return list(self._modules)

    def _tc(self, type_name: str, module: str | None = None) -> tuple[str, str, dict[str, int]]:
        """(base type, display hint, enumeration) of a textual convention: the one the
        object's own module defines or imports first (two vendors' modules may both define
        a ``SensorState`` with other values), else wherever defined."""
        if type_name in _BASE:
            return _BASE[type_name], "", {}
        if type_name in _BASE_TCS:
            base, hint = _BASE_TCS[type_name]
            return base, hint, dict(_TRUTH) if type_name == "TruthValue" else {}
        order = list(self._modules.values())
        if module in self._modules:
            own = self._modules[module]
            imports = own.get("imports") or {}
            first = [own] + [self._modules[m] for m, names in imports.items()
                             if m != "class" and m in self._modules and type_name in (names or ())]
            order = first + [d for d in order if all(d is not f for f in first)]
        for data in order:
            entry = data.get(type_name)
            # a TEXTUAL-CONVENTION, or an SMIv1 type assignment (``DellStatus ::= INTEGER {…}``)
            if isinstance(entry, dict) and entry.get("class") in ("textualconvention", "type"):
                syntax = entry.get("type") or entry.get("syntax") or {}
                base = syntax.get("type", "")
                enum = dict(((syntax.get("constraints") or {}).get("enumeration")) or {})
                inner_base, inner_hint, inner_enum = self._tc(base) if base not in _BASE else (_BASE[base], "", {})
                return inner_base, entry.get("displayhint") or inner_hint, enum or inner_enum
        return type_name, "", {}

    def _object(self, module: str, name: str, entry: _ModuleJson) -> MibObject:
        syntax = entry.get("syntax") or {}
        type_name = syntax.get("type", "")
        constraints = syntax.get("constraints") or {}
        enum = dict(constraints.get("enumeration") or {})
        base, hint, tc_enum = self._tc(type_name, module)
        ranges = tuple((int(r["min"]), int(r["max"])) for r in constraints.get("range", ()) if "min" in r)
        return MibObject(
            module=module, name=name, oid=entry["oid"], nodetype=entry.get("nodetype", ""),
            base_type=base, type_name=type_name, enumeration=enum or tc_enum, units=entry.get("units", ""),
            display_hint=hint, description=entry.get("description", ""), ranges=ranges,
            access=str(entry.get("maxaccess", "")),
        )

    def resolve(self, oid: str) -> tuple[MibObject, str] | None:
        """The object an instance or column OID belongs to, and the rest (the index)."""
        parts = oid.split(".")
        for n in range(len(parts), 0, -1):
            obj = self.by_oid.get(".".join(parts[:n]))
            if obj is not None:
                return obj, ".".join(parts[n:])
        return None
