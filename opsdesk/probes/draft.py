"""A device profile drafted from the vendor's MIB modules and a walk of the device (issue 17).

``draft_profile(modules, walk)`` compiles the modules offline (opsdesk.probes.mibs: the
standard modules a vendor module imports ship with OpsDesk; pysmi never fetches) and
proposes one metric for every object of those modules the walk holds whose MIB text says
what it measures. Everything is read from what the MIB says, never from an OID or a name
known in advance:

- the class: the unit the DESCRIPTION or UNITS names ("in tenths of degrees Celsius",
  "in Volts", UNITS "0.1 Hz"), else the object's name (``…Temp…``, ``…Voltage``, ``…Load``);
- the scale: "tenths/hundredths of", "0.1 V", "1/10", "(decimal * 10)", milli-/kilo- units,
  DISPLAY-HINT ``d-1``, TimeTicks (1/100 s) for a run time;
- sentinels: numbers the DESCRIPTION says mean no value ("-1 if not available", "A value of
  -2147483648 indicates that this OID does not apply");
- states: an enumeration, each label's severity from its words (normal/ok/on-line → ok,
  warning/low/high → warning, fail/fault/alarm/critical/leak/smoke → critical, an open door
  → critical, unknown/other → unknown; "no…"/"not…" before a bad word → ok);
- tables: column metrics, each row named by a text column of the same table whose name ends
  Name/Descr/Label/Location, and a column typed by a sibling "unit" enumeration (celsius,
  percent, volt…) gets one classify rule per unit;
- the role: from opsdesk.models.roles by the object's words and the device's kind.

The result renders to a profile TOML (``Draft.toml()``) with a comment per metric saying
which object, UNITS or DESCRIPTION each choice came from; the administrator reviews,
renames and saves it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from opsdesk.i18n import t
from opsdesk.models.roles import ROLES
from opsdesk.models.roles import name as role_name
from opsdesk.probes import mibs as mibmod
from opsdesk.probes.profiles import Profile, parse_profile
from opsdesk.probes.reading import DeviceReading, read_values
from opsdesk.probes.snmp import MISSING, _decode_text, norm_oid

# One line of a walk: (OID, SMI type name, value as the SNMP client gives it).
WalkEntry = tuple[str, str, object]

SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
ENTERPRISES = "1.3.6.1.4.1"


class DraftError(Exception):
    """The MIB modules or the walk cannot be used; the message says why, in the user's language."""


# ================================================================ walks

_SNMPREC_TYPES = {"2": "INTEGER", "4": "OCTET STRING", "5": "NULL", "6": "OBJECT IDENTIFIER", "64": "IpAddress",
                  "65": "Counter32", "66": "Gauge32", "67": "TimeTicks", "68": "Opaque", "70": "Counter64",
                  "128": "noSuchObject", "129": "noSuchInstance", "130": "endOfMibView"}
_NUMERIC = {"INTEGER", "Counter32", "Gauge32", "TimeTicks", "Counter64", "Unsigned32"}


def parse_snmprec(text: str) -> list[WalkEntry]:
    """snmpsim's ``OID|tag|value`` lines; tags are BER type numbers, ``x`` after one means hex."""
    out: list[WalkEntry] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#") or line.count("|") < 2:
            continue
        oid, tag, value = line.split("|", 2)
        tag = tag.split(":", 1)[0]  # a variation module ("2:numeric") keeps its base type
        hexed = tag.endswith("x")
        kind = _SNMPREC_TYPES.get(tag.rstrip("xe"), "OCTET STRING")
        data: object
        if kind in _NUMERIC:
            try:
                data = int(bytes.fromhex(value).decode() if hexed else value)
            except ValueError:
                data = value
        elif kind == "OCTET STRING":
            data = _decode_text(bytes.fromhex(value)) if hexed else value
        elif kind in ("NULL", "noSuchObject", "noSuchInstance", "endOfMibView"):
            data = MISSING
        else:
            data = norm_oid(value) if kind == "OBJECT IDENTIFIER" else value
        out.append((norm_oid(oid), kind, data))
    return out


_WALK_LINE = re.compile(r"^(?P<oid>\.?(?:iso|\d+)(?:\.\d+)*)\s*=\s*(?P<rest>.*)$")
_WALK_TYPES = {"INTEGER": "INTEGER", "STRING": "OCTET STRING", "Hex-STRING": "OCTET STRING",
               "OID": "OBJECT IDENTIFIER", "Gauge32": "Gauge32", "Counter32": "Counter32", "Counter64": "Counter64",
               "Timeticks": "TimeTicks", "IpAddress": "IpAddress", "Opaque": "Opaque", "BITS": "OCTET STRING",
               "Network Address": "IpAddress", "UInteger32": "Unsigned32", "Unsigned32": "Unsigned32"}


def parse_snmpwalk(text: str) -> list[WalkEntry]:
    """``snmpwalk -On`` output (``-On``: numeric OIDs; ``iso.3.6…`` is taken too). Strings
    that run over several lines are joined; "No Such Object" lines are dropped."""
    entries: list[list[str]] = []  # [oid, rest-of-line(s)]
    for line in text.splitlines():
        m = _WALK_LINE.match(line)
        if m:
            oid = m.group("oid").lstrip(".")
            entries.append([("1" + oid[3:]) if oid.startswith("iso") else oid, m.group("rest")])
        elif entries:
            entries[-1][1] += "\n" + line
    out: list[WalkEntry] = []
    for oid, rest in entries:
        if rest.startswith(("No Such", "No more variables")):
            continue
        kind_word, sep, value = rest.partition(": ")
        if not sep or kind_word not in _WALK_TYPES:
            kind_word, value = "STRING", rest
        kind = _WALK_TYPES[kind_word]
        value = value.strip()
        data: object = value
        if kind in _NUMERIC:
            m = re.search(r"\((-?\d+)\)", value) if kind_word in ("Timeticks", "INTEGER") else None
            n = m or re.match(r"-?\d+", value)
            data = int(n.group(1) if m else n.group(0)) if n else value
        elif kind_word == "Hex-STRING":
            data = _decode_text(bytes.fromhex(re.sub(r"\s+", "", value)))
        elif kind == "OCTET STRING" and len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            data = value[1:-1].replace('\\"', '"')
        elif kind == "OBJECT IDENTIFIER":
            data = norm_oid(value)
        out.append((oid, kind, data))
    return out


def parse_walk(text: str) -> list[WalkEntry]:
    """A walk file in either format, told apart by its first data line."""
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            return parse_snmprec(text) if re.match(r"^\.?\d+(\.\d+)*\|", line) else parse_snmpwalk(text)
    return []


def walk_values(walk: Iterable[WalkEntry]) -> dict[str, object]:
    """``{instance OID: value}`` as opsdesk.probes.reading.read_values takes it."""
    return {oid: value for oid, _, value in walk}


def enterprise_arc(oid: str | None) -> str | None:
    """``1.3.6.1.4.1.<n>`` of an OID under enterprises (a sysObjectID), else None."""
    parts = norm_oid(oid or "").split(".")
    if len(parts) >= 7 and ".".join(parts[:6]) == ENTERPRISES:
        return ".".join(parts[:7])
    return None


# ================================================================ MIB modules

def module_of_file(path: Path) -> str | None:
    """The module a MIB file defines (``NAME DEFINITIONS ::= BEGIN``)."""
    text = path.read_text(encoding="latin-1", errors="replace")
    m = re.search(r"^\s*([A-Za-z][\w-]*)\s+DEFINITIONS\s*::=\s*BEGIN", text, re.M)
    return m.group(1) if m else None


def load_mibs(mibs: Sequence[str], cache: Path | None = None) -> tuple[mibmod.MibIndex, list[str]]:
    """Compile the named modules (module names, or paths of MIB files) offline and return
    the index and the modules' names. A module that does not compile raises DraftError
    naming what it imports and is missing."""
    from opsdesk.probes.mibcheck import cache_dir

    extra_dirs: list[Path] = []
    modules: list[str] = []
    digest = hashlib.sha256()
    for item in mibs:
        path = Path(item)
        if path.is_file():
            name = module_of_file(path)
            if name is None:
                raise DraftError(t("{path} is not a MIB module (no DEFINITIONS ::= BEGIN).", path=item))
            modules.append(name)
            if path.resolve().parent not in extra_dirs:
                extra_dirs.append(path.resolve().parent)
            digest.update(path.read_bytes())
        else:
            modules.append(item)
    base = cache or cache_dir()
    if extra_dirs:  # files of the site's own: their own cache, keyed by their text
        base = base / f"files-{digest.hexdigest()[:16]}"
    dirs = [*extra_dirs, *mibmod.default_dirs()]
    status = mibmod.compile_modules(modules, base, dirs)
    idx = mibmod.MibIndex(base / "json")
    for module in modules:
        if not idx.load(module):
            missing = sorted(m for m, s in status.items() if s == "missing" and m != module)
            if status.get(module) == "missing":
                raise DraftError(t("MIB module {module} not found (give its file with --mib).", module=module))
            if missing:
                raise DraftError(t("MIB module {module} imports {missing}, which OpsDesk does not have: "
                                   "give that file with --mib too.", module=module, missing=", ".join(missing)))
            raise DraftError(t("MIB module {module} does not compile ({status}).", module=module,
                               status=status.get(module, "?")))
    return idx, modules


# ================================================================ words

def words(name: str) -> list[str]:
    """An SMI name's words, lower case: ``upsHighPrecBatteryCapacity`` → ups high prec battery capacity."""
    return [w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)]


def humanise(name: str) -> str:
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
    return " ".join(p if p.isupper() or p.isdigit() else p.capitalize() for p in parts)


_NAME_CLASS = {  # a word of the object's name -> class; the last such word wins (the head noun)
    "temp": "temperature", "temperature": "temperature", "tmp": "temperature",
    "hum": "humidity", "humidity": "humidity", "rh": "humidity",
    "volt": "voltage", "volts": "voltage", "voltage": "voltage", "vlt": "voltage",
    "current": "current", "amps": "current", "amp": "current", "amperage": "current", "curr": "current",
    "power": "power", "pwr": "power", "watts": "power", "watt": "power",
    "freq": "frequency", "frequency": "frequency", "hz": "frequency",
    "load": "load", "charge": "charge", "runtime": "runtime", "remaining": "runtime", "autonomy": "runtime",
}
_SAFETY = {"leak": "safety.leak", "water": "safety.leak", "flood": "safety.leak", "smoke": "safety.smoke",
           "fire": "safety.fire", "door": "safety.door"}
_CLS_ZH = {"temperature": "温度", "humidity": "湿度", "voltage": "电压", "current": "电流", "power": "功率",
           "apparent_power": "视在功率", "frequency": "频率", "load": "负载率", "charge": "电量",
           "runtime": "时间", "energy": "电能", "percent": "百分比", "fan": "转速", "state": "状态",
           "value": "读数"}
_DEFAULT_UNIT = {"temperature": "℃", "humidity": "%RH", "voltage": "V", "current": "A", "power": "W",
                 "frequency": "Hz", "load": "%", "charge": "%"}
_KIND_ZH = {"ups": "不间断电源", "cooling": "精密空调", "environment": "环境监控", "pdu": "PDU",
            "server": "服务器管理控制器", "generic": "设备"}


# ================================================================ scale and unit from the MIB's text

_FRACTION = {"tenth": 0.1, "tenths": 0.1, "hundredth": 0.01, "hundredths": 0.01, "thousandth": 0.001,
             "thousandths": 0.001}
# (pattern, unit, factor to that unit, class); the first that matches at a place wins
_UNIT_PHRASES: list[tuple[str, str, float, str]] = [
    (r"degrees?\s+(?:celsius|centigrade|c\b)|deg\.?\s*c\b|°\s*c|℃|celsius|centigrade", "℃", 1, "temperature"),
    (r"degrees?\s+fahrenheit|fahrenheit|°\s*f\b", "℉", 1, "temperature"),
    (r"percent(?:age)?\s+(?:of\s+)?relative\s+humidity|percent\s*rh\b|%\s*rh\b|relative\s+humidity", "%RH", 1,
     "humidity"),
    (r"percent(?:age)?\b|%", "%", 1, "percent"),
    (r"kilo-?volt-?amps?\b|kva\b", "VA", 1000, "apparent_power"),
    (r"volt-?amps?\b|va\b", "VA", 1, "apparent_power"),
    (r"milli-?volts?\b|mv\b|mvdc\b|mvac\b", "V", 0.001, "voltage"),
    (r"volts?\b|vac\b|vdc\b|vrms\b|v\b", "V", 1, "voltage"),
    (r"milli-?amp(?:ere)?s?\b|ma\b", "A", 0.001, "current"),
    (r"amp(?:ere)?s?\b|arms\b", "A", 1, "current"),
    (r"kilo-?watt-?hours?\b|kwh\b", "kWh", 1, "energy"),
    (r"kilo-?watts?\b|kw\b", "W", 1000, "power"),
    (r"milli-?watts?\b|mw\b", "W", 0.001, "power"),
    (r"watts?\b|w\b", "W", 1, "power"),
    (r"hertz\b|hz\b", "Hz", 1, "frequency"),
    (r"seconds?\b|secs?\b", "s", 1, "runtime"),
    (r"minutes?\b|mins?\b", "min", 1, "runtime"),
    (r"hours?\b", "h", 1, "runtime"),
    (r"rpm\b|revolutions\s+per\s+minute", "rpm", 1, "fan"),
]
_MEASURED = re.compile(
    r"\b(?:in|measured\s+in|expressed\s+in|in\s+units\s+of|units?\s+of|units\s+are|units?:|given\s+in|"
    r"reported\s+in)\s+"
    r"(?:(?P<frac>tenths?|hundredths?|thousandths?)\s+of\s+(?:an?\s+|one\s+)?|(?P<num>0?\.\d+|1/\d+)\s*)?"
    r"(?P<unit>\S.{0,40})", re.I)
_TIMES = re.compile(r"(?:decimal|value)\s*[*x×]\s*(10|100|1000)\b|(?:multiplied|scaled)\s+by\s+(10|100|1000)\b"
                    r"|\bx\s?(10|100|1000)\b", re.I)


@dataclasses.dataclass(frozen=True)
class Scale:
    factor: float  # physical = raw * factor
    unit: str
    cls: str
    said: str  # the MIB's own words it was read from


def unit_phrase(text: str) -> tuple[str, float, str, int] | None:
    """(unit, factor, class, length) of a unit named at the start of ``text``."""
    for pattern, unit, factor, cls in _UNIT_PHRASES:
        m = re.match(pattern, text, re.I)
        if m:
            return unit, factor, cls, m.end()
    return None


def description_scale(description: str) -> Scale | None:
    """The unit and scale a DESCRIPTION states ("measured in tenths of degrees Celsius",
    "in hundredths of kilowatts", "(in Volts)", "The integer (decimal * 10) …")."""
    text = " ".join(description.split())
    for m in _MEASURED.finditer(text):
        found = unit_phrase(m.group("unit"))
        if found is None:
            continue
        unit, factor, cls, length = found
        if m.group("frac"):
            factor *= _FRACTION[m.group("frac").lower()]
        elif m.group("num"):
            num = m.group("num")
            factor *= (1 / float(num.split("/")[1])) if "/" in num else float(num)
        said = text[m.start():m.start("unit") + length]
        return Scale(factor, unit, cls, said)
    m2 = _TIMES.search(text)
    if m2:
        n = int(next(g for g in m2.groups() if g))
        return Scale(1 / n, "", "", m2.group(0))
    return None


def units_scale(obj: mibmod.MibObject) -> Scale | None:
    """What UNITS / DISPLAY-HINT say, as opsdesk.probes.mibcheck reads them (the check holds
    the draft to the same reading)."""
    from opsdesk.probes.mibcheck import mib_scale

    found = mib_scale(obj)
    if found is None:
        return None
    factor, unit = found
    cls = ""
    if obj.units:
        phrase = unit_phrase(obj.units.strip()) or next(
            (p for p in (unit_phrase(obj.units[i:]) for i in range(len(obj.units))) if p), None)
        if phrase is not None:
            cls = phrase[2]
            if phrase[0] == "%RH":
                unit = "%RH"
    said = f"UNITS {obj.units!r}" if obj.units else f"DISPLAY-HINT {obj.display_hint!r}"
    return Scale(factor, unit, cls, said)


_NO_VALUE = re.compile(r"not\s+(?:be\s+)?(?:available|apply|applicable|supported|present|installed|connected|"
                       r"valid|known|measured|detected)|unsupported|unavailable|invalid|lost\s+comm|"
                       r"no\s+(?:valid\s+)?(?:value|sensor|reading|probe)|n/a|does\s+not\s+(?:apply|support|exist)|"
                       r"do\s+not\s+support|cannot\s+be\s+(?:read|determined)|unknown|absent", re.I)


def description_sentinels(description: str) -> tuple[list[int], str]:
    """Numbers a DESCRIPTION says stand for "no value", and the sentence saying so."""
    text = " ".join(description.split())
    found: list[int] = []
    said = ""
    for sentence in re.split(r"(?<=[a-z)\]])\.\s+|;\s+", text):
        if not _NO_VALUE.search(sentence):
            continue
        nums = [int(n) for n in re.findall(r"(?<![\w.])(-?\d+)(?![\w.]|\.\d)", sentence)]
        nums = [n for n in nums if n < 0 or n in (255, 65535, 2147483647, 4294967295, 999, 9999, 0x7FFF)
                or re.search(rf"(?:value\s*(?:of\s*)?\(?|return\s+|returns\s+|be\s+|is\s+|=\s*){n}\b|"
                             rf"\b{n}\s+(?:indicates|means|if|when|is\s+returned|will\s+be)", sentence, re.I)]
        for n in nums:
            if n not in found:
                found.append(n)
                said = said or sentence
    return found, said


# ================================================================ states

_CRITICAL = {"fail", "failed", "failure", "fault", "faulty", "alarm", "alarmed", "critical", "nonrecoverable",
             "leak", "leaking", "smoke", "fire", "breached", "breach", "overload", "overloaded", "error",
             "broken", "lost", "abnormal", "shorted", "bad", "down", "discharged", "exhausted", "emergency",
             "tripped", "flood", "missing", "dead", "overheat", "overtemp", "overcurrent", "overvoltage",
             "undervoltage", "removed", "offline"}
_WARNING = {"warning", "warn", "low", "high", "degraded", "noncritical", "minor", "near", "replace",
            "replacing", "replacement", "boost", "trim", "bypass", "attention", "marginal", "predictive",
            "rebuild", "rebuilding", "prior", "major", "over", "under", "foreign", "blocked"}
_OK = {"normal", "ok", "okay", "good", "online", "on", "off", "ready", "enabled", "disabled", "present",
       "closed", "close", "idle", "running", "active", "inactive", "yes", "charging", "charged", "float",
       "floating", "standby", "up", "connected", "optimal", "nominal", "operational", "healthy", "full",
       "auto", "automatic", "clear", "cleared", "true", "false", "no", "none", "inserted", "installed", "nonraid",
       "readonly"}
_UNKNOWN = {"unknown", "other", "invalid", "undefined", "unavailable", "na"}
_NEGATED_BAD = _CRITICAL | _WARNING | {"needs"}
_ABSENT_WORDS = {"applicable", "supported", "present", "installed", "available", "connected", "configured"}
_GLOSS = {"ok": "正常", "warning": "警告", "critical": "严重", "unknown": "未知"}


def label_severity(label: str, door: bool = False) -> str:
    """A state's severity from its enumeration label's words."""
    ws = words(label)
    joined: list[str] = []
    for w in ws:  # "non critical" -> noncritical, "on line" -> online
        if joined and joined[-1] in ("non", "on") and w in ("critical", "recoverable", "line"):
            joined[-1] = joined[-1] + w
        else:
            joined.append(w)
    ws = joined
    if not ws:
        return "unknown"
    for i, w in enumerate(ws):
        if w in ("not", "no") and i + 1 < len(ws):
            rest = set(ws[i + 1:])
            if rest & _NEGATED_BAD:
                return "ok"
            if rest & _ABSENT_WORDS:
                return "unknown"
    if ws[0] == "near":
        return "warning"
    if "on" in ws and "battery" in ws:
        return "critical"  # a UPS carrying its load on battery
    if "open" in ws or "opened" in ws:
        return "critical" if door else "warning"
    if door and ("closed" in ws or "close" in ws):
        return "ok"
    for group, severity in ((_CRITICAL, "critical"), (_WARNING, "warning"), (_OK, "ok"), (_UNKNOWN, "unknown")):
        if any(w in group for w in ws):
            return severity
    lowered = label.lower()
    for sub, severity in (("alarm", "critical"), ("fail", "critical"), ("fault", "critical"),
                          ("warn", "warning"), ("normal", "ok")):
        if sub in lowered:
            return severity
    return "unknown"


# ================================================================ what an object is

_CONTEXT = {  # words of an object's name (and its table's) -> the kind of equipment it belongs to
    "ups": {"ups", "battery", "batt", "inverter", "bypass", "rectifier", "charger"},
    "pdu": {"pdu", "outlet", "bank", "breaker", "receptacle"},
    "cooling": {"air", "cool", "cooling", "compressor", "comp", "blower", "blwr", "humidifier", "dehum", "reheat",
                "heater", "chiller", "crac", "condenser", "evaporator", "airflow", "fm"},
    "environment": {"sensor", "sens", "ambient", "environment", "env", "ems", "room", "inp", "contact",
                    "leak", "smoke", "door", "uio", "mem"},
    "server": {"processor", "cpu", "memory", "dimm", "disk", "chassis", "intrusion", "bios", "psu", "raid",
               "controller", "virtual", "physical", "drive", "enclosure", "drs", "system"},
}


def _context(ws: set[str], kind: str) -> str:
    scores = {k: len(ws & v) for k, v in _CONTEXT.items()}
    best = max(scores.values())
    tops = [k for k, s in scores.items() if s == best]
    if best == 0 or (len(tops) > 1 and kind not in tops):
        return kind
    return kind if kind in tops else tops[0]


def choose_role(cls: str, ws: set[str], ctx: str, *, setpoint: bool = False) -> str:
    """The role (opsdesk.models.roles) an object's class and words give it, or "" (no role)."""
    role = ""
    if cls == "state":
        for w, safety in _SAFETY.items():
            if w in ws:
                return safety
        if ctx == "ups":
            role = ("ups.battery_status" if ws & {"battery", "batt"} else
                    "ups.output_source" if "output" in ws else "ups.unit_state")
        elif ctx == "pdu":
            role = "pdu.outlet_state" if "outlet" in ws else "pdu.load_state" if "load" in ws else "pdu.unit_state"
        elif ctx == "cooling":
            role = "cooling.unit_state" if ws & {"unit", "sys", "system"} else "cooling.component"
        elif ctx == "environment":
            role = "safety.contact" if ws & {"inp", "input", "contact", "binary", "dry"} else ""
        elif ctx == "server":
            role = ("host.health" if ws & {"global", "overall", "rollup"} else
                    "hw.psu" if ws & {"psu", "supply"} else "hw.fan" if "fan" in ws else
                    "hw.disk" if ws & {"disk", "drive"} else "hw.component")
    elif cls in ("temperature", "humidity"):
        kind = "temperature" if cls == "temperature" else "humidity"
        if setpoint:
            role = "cooling.setpoint"
        elif ctx == "cooling" or ws & {"return", "supply"}:
            role = (f"cooling.return_{kind}" if "return" in ws else f"cooling.supply_{kind}" if "supply" in ws
                    else "")
        elif ctx == "ups" and cls == "temperature":
            role = "ups.battery_temperature" if ws & {"battery", "batt", "internal"} else ""
        elif ctx == "server" and cls == "temperature":
            role = "hw.inlet_temperature" if ws & {"inlet", "ambient"} else "hw.temperature"
        elif ctx == "environment" or ws & {"sensor", "probe", "ambient", "room"}:
            role = f"room.{kind}"
    elif cls == "voltage":
        role = {"ups": ("ups.battery_voltage" if ws & {"battery", "batt"} else "ups.input_voltage" if "input" in ws
                        else "ups.output_voltage" if "output" in ws else ""),
                "pdu": "pdu.voltage", "server": "hw.voltage"}.get(ctx, "")
    elif cls == "current":
        role = "pdu.current" if ctx == "pdu" else ""
    elif cls == "power":
        role = {"pdu": "pdu.power", "server": "host.power"}.get(ctx, "")
    elif cls == "frequency" and ctx == "ups":
        role = "ups.input_frequency" if "input" in ws else "ups.output_frequency" if "output" in ws else ""
    elif cls == "load" and ctx == "ups":
        role = "ups.output_load"
    elif cls == "charge":
        role = "ups.battery_charge"
    elif cls == "runtime" and ctx == "ups" and ws & {"remaining", "runtime"}:
        role = "ups.battery_runtime"
    return role if role in ROLES else ""


@dataclasses.dataclass
class Proposal:
    """One proposed metric: what it reads, how, and where in the MIB each choice came from."""

    obj: mibmod.MibObject
    key: str
    cls: str
    unit: str = ""
    role: str = ""
    factor: float = 1.0
    sentinels: list[int] = dataclasses.field(default_factory=list)
    states: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict)  # number -> (label, severity)
    label_column: mibmod.MibObject | None = None
    classify: list[dict[str, object]] = dataclasses.field(default_factory=list)
    unit_column: mibmod.MibObject | None = None
    why: list[str] = dataclasses.field(default_factory=list)
    rows: int = 0  # rows the walk holds (a table column)

    @property
    def table(self) -> bool:
        return self.obj.nodetype == "column"


_STATUS_WORDS = {"status", "state", "alarm", "condition", "health", "fault", "indicator", "reading", "value", "input"}
_NOT_A_STATE = {"type", "types", "capabilities", "capability", "capable", "settings", "policy", "speed", "width",
                "layout", "size", "family", "media", "form", "factor", "bus", "protocol", "cache", "config", "cfg"}
_SKIP_NAME = {"command", "ctrl", "control", "action", "index", "idx", "trap", "reset", "clear", "id", "serial",
              "raw", "address", "oid"}  # commands, keys and identifiers; "raw": the unscaled twin of a value
_SETTING = {"threshold", "thresh", "limit", "delay", "hysteresis", "sensitivity", "config", "cfg", "max", "min",
            "rating", "rated", "nominal", "capacity", "maximum", "minimum", "speed", "size"}


def _parent(oid: str) -> str:
    return oid.rsplit(".", 1)[0]


def _factor_parts(factor: float) -> tuple[float, float]:
    """(multiplier, divisor) of a scale factor, as a profile writes them."""
    if factor == 1:
        return 1.0, 1.0
    if factor < 1:
        inverse = 1 / factor
        return (1.0, float(round(inverse))) if abs(inverse - round(inverse)) < 1e-6 else (factor, 1.0)
    return (float(round(factor)) if abs(factor - round(factor)) < 1e-9 else factor), 1.0


def _unit_override(label: str, base_factor: float, ctx: str) -> dict[str, object] | None:
    """A classify rule's overrides for a row whose unit column holds ``label``."""
    ws = words(label)
    text = " ".join(ws)
    if re.search(r"celsius|centigrade|\bdegc\b", text):
        return {"cls": "temperature", "unit": "℃"}
    if "fahrenheit" in text:
        return {"cls": "temperature", "unit": "℃", "expr": f"(value - {32 / base_factor:g}) * 5 / 9"}
    if "kelvin" in text:
        return {"cls": "temperature", "unit": "℃", "expr": f"value - {273.15 / base_factor:g}"}
    if re.search(r"humid|percent|\brh\b", text) and "absolute" not in text:
        return ({"cls": "humidity", "unit": "%RH"} if ("humid" in text or ctx == "environment")
                else {"cls": "percent", "unit": "%"})
    if re.search(r"\bmili ?amper|\bmilli ?amp", text):
        return {"cls": "current", "unit": "A", "divisor": round(1000 / base_factor)}
    if re.search(r"\bamp", text):
        return {"cls": "current", "unit": "A"}
    if re.search(r"\bmili ?volt|\bmilli ?volt", text):
        return {"cls": "voltage", "unit": "V", "divisor": round(1000 / base_factor)}
    if re.search(r"\bvolt", text):
        return {"cls": "voltage", "unit": "V"}
    if re.search(r"\bwatt", text):
        return {"cls": "power", "unit": "W"}
    if re.search(r"\bhertz|\bhz\b", text):
        return {"cls": "frequency", "unit": "Hz"}
    return None


class Drafter:
    """Proposals for the objects of ``modules`` the walk holds."""

    def __init__(self, idx: mibmod.MibIndex, modules: Sequence[str], walk: Sequence[WalkEntry]) -> None:
        self.idx = idx
        self.modules = list(modules)
        self.values = walk_values(walk)
        self.walked = [oid for oid, _, _ in walk]
        own = set(self._own_modules())
        self.columns: dict[str, list[mibmod.MibObject]] = {}  # table entry OID -> its columns
        for obj in idx.by_oid.values():
            if obj.nodetype == "column" and obj.module in own:
                self.columns.setdefault(_parent(obj.oid), []).append(obj)
        for cols in self.columns.values():
            cols.sort(key=lambda o: int(o.oid.rsplit(".", 1)[1]))
        self.present: dict[str, list[str]] = {}  # object OID -> indexes in the walk
        for oid in self.walked:
            hit = idx.resolve(oid)
            if hit is None or hit[0].module not in own:
                continue
            obj, rest = hit
            if (obj.nodetype == "scalar" and rest == "0") or (obj.nodetype == "column" and rest):
                self.present.setdefault(obj.oid, []).append(rest)

    def _own_modules(self) -> list[str]:
        return self.modules

    def kind(self) -> str:
        votes: Counter[str] = Counter()  # each object proposed (kind aside) votes for its own kind
        for p in self.propose(""):
            ctx = _context(set(words(p.obj.name)), "")
            if ctx:
                votes[ctx] += 1
        return votes.most_common(1)[0][0] if votes else "generic"

    def name_column(self, obj: mibmod.MibObject) -> mibmod.MibObject | None:
        """A text column of the same table that names its rows (…Name, …Descr, …Label, …Location)."""
        best: tuple[int, int, mibmod.MibObject] | None = None
        for rank, suffix in enumerate(("Name", "Descr", "Description", "Label", "Location", "LocationName")):
            for col in self.columns.get(_parent(obj.oid), ()):
                if col.text and col.name.endswith(suffix) and col.oid in self.present:
                    cand = (rank, int(col.oid.rsplit(".", 1)[1]), col)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
        return best[2] if best else None

    def unit_column(self, obj: mibmod.MibObject) -> mibmod.MibObject | None:
        """A sibling enumeration whose labels are units (celsius, percent, volt …): it types each row."""
        for col in self.columns.get(_parent(obj.oid), ()):
            if col.enumeration and col.oid in self.present:
                hits = sum(1 for label in col.enumeration if _unit_override(label, 1.0, "") is not None)
                if hits >= 2:
                    return col
        return None

    def propose(self, kind: str) -> list[Proposal]:
        out: list[Proposal] = []
        keys: set[str] = set()
        for oid in sorted(self.present, key=lambda o: tuple(int(x) for x in o.split("."))):
            obj = self.idx.by_oid[oid]
            p = self.propose_one(obj, kind)
            if p is None:
                continue
            base = p.key
            n = 2
            while p.key in keys:
                p.key = f"{base}_{n}"
                n += 1
            keys.add(p.key)
            p.rows = len(self.present[oid]) if p.table else 0
            out.append(p)
        return out

    def propose_one(self, obj: mibmod.MibObject, kind: str) -> Proposal | None:
        ws_name = words(obj.name)
        ws = set(ws_name)
        if ws & _SKIP_NAME or obj.access in ("not-accessible", "accessible-for-notify", "write-only"):
            return None
        entry = self.idx.nodes.get(_parent(obj.oid), ("", ""))[1] if obj.nodetype == "column" else ""
        ctx_words = ws | set(words(entry))
        ctx = _context(ctx_words, kind)
        description = " ".join(obj.description.split())
        door = "door" in ws or bool(re.search(r"\bdoor\b", description, re.I))
        writable = obj.access == "read-write" or obj.access == "read-create"
        if obj.enumeration:
            if ws & _NOT_A_STATE:
                return None  # a type, capability, policy or speed: what the thing is, not how it is
            statusish = bool(ws & _STATUS_WORDS or ws & set(_SAFETY)) or bool(
                re.search(r"\b(?:status|state|condition)\s+of\b", description, re.I))
            states = {num: (label, label_severity(label, door)) for label, num in obj.enumeration.items()}
            judged = any(sev in ("warning", "critical") for _, sev in states.values())
            if not statusish and not (judged and not writable):
                return None
            if writable and not (ws & {"status", "state"}):
                return None
            p = Proposal(obj, "", "state", role=choose_role("state", ctx_words, ctx), states=states)
            listed = ", ".join(f"{label}({num})" for label, num in
                               sorted(obj.enumeration.items(), key=lambda kv: kv[1]))
            p.why.append(f"{obj.module}::{obj.name}, enumeration {listed}")
        elif obj.numeric:
            p2 = self._number(obj, ws_name, ctx_words, ctx, writable, description)
            if p2 is None:
                return None
            p = p2
        else:
            return None
        if p.table:
            p.label_column = self.name_column(obj)
            if p.label_column is not None:
                p.why.append(f"rows named by {p.label_column.name}")
        group = p.role.split(".")[0] if p.role else {"environment": "env", "server": "hw"}.get(ctx, ctx)
        p.key = f"{group}.{re.sub(r'[^a-z0-9]+', '_', '_'.join(ws_name)).strip('_')}"
        return p

    def _number(self, obj: mibmod.MibObject, ws_name: list[str], ctx_words: set[str], ctx: str, writable: bool,
                description: str) -> Proposal | None:
        ws = set(ws_name)
        setpoint = bool(ws & {"setpoint", "setpt"}) or ("set" in ws and "point" in ws)
        if writable and not setpoint:
            return None
        charge = "charge" in ws or ("capacity" in ws and bool(ws & {"battery", "batt"}))
        if ws & _SETTING and not (setpoint or charge):
            return None  # a threshold, rating or setting, not a measurement
        if obj.base_type in ("Counter32", "Counter64"):
            return None  # a count of events, not what the room reads
        # the last class word of the name is its head noun; "current" only as the name's last word
        # ("…OutputCurrent"), not as an adjective ("…CurrentInputVoltage", "…CurrentSpeed")
        tail = [w for w in ws_name if not w.isdigit() and w not in ("reading", "value", "level")]
        name_cls = next((_NAME_CLASS[w] for i, w in reversed(list(enumerate(tail)))
                         if w in _NAME_CLASS and (w != "current" or i == len(tail) - 1)), "")
        if charge:
            name_cls = "charge"
        if "run" in ws and "time" in ws:
            name_cls = "runtime"
        scale = units_scale(obj)
        from_desc = description_scale(description)
        why: list[str] = [f"{obj.module}::{obj.name}"]
        if scale is None and from_desc is not None:
            scale = from_desc
        if scale is not None:
            why.append(f"scale from {scale.said!r}" if scale.said.startswith(("UNITS", "DISPLAY"))
                       else f"DESCRIPTION {scale.said!r}")
        cls = (scale.cls if scale and scale.cls else "") or name_cls
        if cls == "percent":
            cls = name_cls if name_cls in ("humidity", "load", "charge") else "percent"
        if cls in ("", "percent", "apparent_power", "energy", "fan") and not (scale and scale.unit):
            cls = name_cls
        if scale is not None and scale.unit == "℉":
            return None  # the same reading is there in ℃ (or the administrator converts it)
        unit_col = None
        if not cls:
            unit_col = self.unit_column(obj)
            if unit_col is None and not (scale and ws & {"value", "reading", "level"}):
                return None
            cls = "value"
        factor = scale.factor if scale else 1.0
        unit = (scale.unit if scale and scale.unit else _DEFAULT_UNIT.get(cls, ""))
        if cls == "runtime":
            if obj.base_type == "TimeTicks" and not (scale and scale.unit):
                factor, unit = 1 / 6000, "min"
                why.append("TimeTicks (1/100 s) to minutes")
            elif unit == "s":
                factor, unit = factor / 60, "min"
        if cls == "humidity" and unit == "%":
            unit = "%RH"
        if cls == "runtime" and not unit:
            return None
        sentinels, said = description_sentinels(obj.description)
        p = Proposal(obj, "", cls, unit=unit, factor=factor, role=choose_role(cls, ctx_words, ctx, setpoint=setpoint),
                     sentinels=sentinels, why=why)
        if sentinels:
            p.why.append(f"sentinels from {said[:120]!r}")
        if unit_col is not None:
            p.unit_column = unit_col
            p.why.append(f"each row's unit from {unit_col.name}")
            for label, num in sorted(unit_col.enumeration.items(), key=lambda kv: kv[1]):
                over = _unit_override(label, factor, ctx)
                if over is None:
                    continue
                rule: dict[str, object] = {"column": unit_col.oid, "equals": [num], **over}
                role = choose_role(str(over["cls"]), ctx_words, ctx)
                if role:
                    rule["role"] = role
                rule["name"] = {"zh": f"{_CLS_ZH.get(str(over['cls']), '')}：{humanise(obj.name)}",
                                "en": f"{humanise(obj.name)} ({over['cls']})"}
                rule["_label"] = label
                p.classify.append(rule)
        return p


# ================================================================ the draft

def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _comment(text: str) -> str:
    return " ".join(text.split())[:240]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclasses.dataclass
class Draft:
    id: str
    name_zh: str
    name_en: str
    kind: str
    mibs: list[str]
    sys_object_id: str | None
    requires: str
    proposals: list[Proposal]
    walk_entries: int = 0

    def toml(self) -> str:
        out = [
            "# Drafted by `opsdesk profile draft` from the MIB modules and a walk of the device: review every",
            "# metric (names, roles, limits), then save it in the site's profiles/ folder. Each metric says which",
            "# MIB object, UNITS or DESCRIPTION it came from.",
            f"id = {_q(self.id)}",
            f"name = {{ zh = {_q(self.name_zh)}, en = {_q(self.name_en)} }}",
            f"kind = {_q(self.kind)}",
            'source = "snmp"',
            "priority = 55",
            f"mibs = [{', '.join(_q(m) for m in self.mibs)}]",
            f"reference = {_q('drafted from ' + ', '.join(self.mibs))}",
            "",
            "[match]",
        ]
        if self.sys_object_id:
            out.append(f"sys_object_id = [{_q(self.sys_object_id)}]   # the vendor's enterprise arc (sysObjectID)")
        else:
            out.append(f"has_object = [{_q(self.requires)}]")
        out.append(f"requires = [{_q(self.requires)}]")
        for p in self.proposals:
            out.append("")
            out.extend(self._metric(p))
        return "\n".join(out) + "\n"

    def _metric(self, p: Proposal) -> list[str]:
        obj = p.obj
        en = humanise(obj.name)
        zh_head = role_name(p.role, "zh") if p.role else _CLS_ZH.get(p.cls, "")
        lines = [f"# {_comment(w)}" for w in p.why]
        lines.append("[[metric]]")
        lines.append(f"key = {_q(p.key)}")
        lines.append(f"name = {{ zh = {_q(f'{zh_head}：{en}' if zh_head else en)}, en = {_q(en)} }}")
        lines.append(f"{'column' if p.table else 'oid'} = {_q(obj.oid if p.table else obj.oid + '.0')}")
        lines.append(f"object = {_q(obj.name)}")
        if p.role:
            lines.append(f"role = {_q(p.role)}")
        lines.append(f"cls = {_q(p.cls)}")
        if p.unit:
            lines.append(f"unit = {_q(p.unit)}")
        multiplier, divisor = _factor_parts(p.factor)
        if divisor != 1:
            lines.append(f"divisor = {_num(divisor)}")
        if multiplier != 1:
            lines.append(f"multiplier = {_num(multiplier)}")
        if p.sentinels:
            lines.append(f"sentinels = [{', '.join(str(n) for n in p.sentinels)}]")
        if p.label_column is not None:
            lines.append(f"label_column = {_q(p.label_column.oid)}   # {p.label_column.name}")
        if p.states:
            lines.append("  [metric.states]")
            for num, (label, severity) in sorted(p.states.items()):
                gloss = _GLOSS[severity]
                lines.append(f"  {num} = {{ zh = {_q(f'{label}（{gloss}）')}, en = {_q(label)}, "
                             f"severity = {_q(severity)} }}")
        for rule in p.classify:
            lines.append(f"  [[metric.classify]]   # {p.unit_column.name if p.unit_column else ''} = {rule['_label']}")
            for k, v in rule.items():
                if k.startswith("_"):
                    continue
                if k == "equals" and isinstance(v, list):
                    lines.append(f"  equals = [{', '.join(_q(str(x)) for x in v)}]")
                elif k == "name" and isinstance(v, dict):
                    lines.append(f"  name = {{ zh = {_q(v['zh'])}, en = {_q(v['en'])} }}")
                elif isinstance(v, (int, float)):
                    lines.append(f"  {k} = {_num(v)}")
                else:
                    lines.append(f"  {k} = {_q(str(v))}")
        return lines

    def profile(self) -> Profile:
        """The draft as the reader loads it (parse_profile of the TOML)."""
        return parse_profile(tomllib.loads(self.toml()), f"<draft {self.id}>")


def draft_profile(mib_modules: Sequence[str], walk: Sequence[WalkEntry], *, vendor_hint: str | None = None,
                  cache: Path | None = None, index: tuple[mibmod.MibIndex, list[str]] | None = None) -> Draft:
    """A profile proposed for the device ``walk`` was taken from, written from ``mib_modules``
    (module names or MIB files). Only objects the walk holds are proposed."""
    idx, modules = index or load_mibs(mib_modules, cache)
    drafter = Drafter(idx, modules, walk)
    kind = drafter.kind()
    proposals = drafter.propose(kind)
    if not proposals:
        raise DraftError(t("None of the walk's objects of {modules} says what it measures: nothing to propose.",
                           modules=", ".join(modules)))
    used = {p.obj.module for p in proposals} | {p.label_column.module for p in proposals if p.label_column}
    used |= {p.unit_column.module for p in proposals if p.unit_column}
    mibs = [m for m in modules if m in used]
    sys_oid = drafter.values.get(SYS_OBJECT_ID)
    arc = enterprise_arc(sys_oid if isinstance(sys_oid, str) else None)
    # requires: one proposed object, the first of the device's own kind (a state or a reading)
    first = next((p for p in proposals if p.role), proposals[0])
    main = modules[0]
    vendor = f"{vendor_hint} " if vendor_hint else ""
    kind_id = {"environment": "env"}.get(kind, kind)
    return Draft(
        id="-".join(x for x in (_slug(vendor_hint or ""), _slug(main), kind_id) if x),
        name_zh=f"{vendor}{main} {_KIND_ZH.get(kind, '设备')}（草稿）",
        name_en=f"{vendor}{main} {kind} (draft)",
        kind=kind,
        mibs=mibs, sys_object_id=arc, requires=first.obj.oid, proposals=proposals,
        walk_entries=len(walk),
    )


def read_walk(profile: Profile | Sequence[Profile], walk: Sequence[WalkEntry], lang: str | None = None
              ) -> DeviceReading:
    """What ``profile`` reads from the walk (a DeviceReading), offline."""
    profiles = [profile] if isinstance(profile, Profile) else list(profile)
    return read_values(walk_values(walk), profiles, lang=lang)


__all__ = ["Draft", "DraftError", "Proposal", "WalkEntry", "description_scale", "description_sentinels",
           "draft_profile", "enterprise_arc", "label_severity", "load_mibs", "parse_snmprec", "parse_snmpwalk",
           "parse_walk", "read_walk", "walk_values"]
