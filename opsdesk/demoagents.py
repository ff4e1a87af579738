"""The demo site's devices, answering over real SNMP on loopback (no Qt here).

Every unit of the demo's 永和路数据中心 and 容灾备份 gets an agent: snmpsim's command
responder serves one recording per unit on ``127.0.0.1:DEMO_AGENT_PORT``, the community
being the unit's asset tag in lower case (``yhl-ups-0001``). The demo loader gives the units
exactly those settings, so the poller reads them through the same probe path as a real site.

The recordings are generated from templates (``data/demo/agents/templates``, one per kind
of device, written from the MIBs the profiles read) with the variables of
``data/demo/agents/devices.toml``. What moves — temperatures, loads, counters, a UPS
going on battery — is computed by the snmpsim variation module
``data/demo/agents/variation/dutyroom.py`` from wall-clock time and a per-device seed.

One device stops answering now and then: :data:`SILENT_TAG` (the 16-port KVM switch) is
silent from :20 to :30 and from :50 to :00 of every hour (its agent drops every request),
then answers again with a fresh sysUpTime.

From Python::

    agents = start_agents(store)          # returns once a real SNMP GET is answered
    ... agents.port, agents.pid ...
    agents.stop()

``opsdesk demo agents`` does the same from a terminal (see :func:`serve`).
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import importlib.util
import ipaddress
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any

from opsdesk import paths

if TYPE_CHECKING:
    from opsdesk.models.equipment import RegisterLine, Unit
    from opsdesk.store import Store

DEFAULT_PORT = 16161
PORT_ENV = "OPSDESK_DEMO_AGENT_PORT"
DEMO_AGENT_PORT = int(os.environ.get(PORT_ENV) or DEFAULT_PORT)
CLOCK_ENV = "OPSDESK_DEMO_CLOCK_OFFSET"  # read by the variation module in the agent

AGENTS_DIR = paths.DATA / "demo" / "agents"
TEMPLATES_DIR = AGENTS_DIR / "templates"
VARIATION_DIR = AGENTS_DIR / "variation"
DEVICES_FILE = AGENTS_DIR / "devices.toml"
RESPONDER = AGENTS_DIR / "responder.py"  # snmpsim's command responder, kept fast for ~125 recordings

DEMO_SITE_CODES = ("YHL", "DR")  # 永和路数据中心, 容灾备份; 区属医疗机构 has no addresses
HOST = "127.0.0.1"
HEARTBEAT_COMMUNITY = "opsdesk-demo"  # a tiny recording that says "these are the demo agents"
HEARTBEAT_DESCR = "OpsDesk demo agents"

# The device that stops answering: silent WINDOW seconds of every PERIOD, from OFFSET on
# (epoch-aligned, so 1800/600/1200 is :20–:30 and :50–:00 of every hour, any time zone
# with whole-hour offsets).
SILENT_TAG = "YHL-KVM-0003"
SILENT_OUTAGE = (1800, 600, 1200)

SYS_DESCR = "1.3.6.1.2.1.1.1.0"


class DemoAgentsError(RuntimeError):
    pass


def demo_agent_port() -> int:
    """The port the demo agents use: ``OPSDESK_DEMO_AGENT_PORT`` or 16161."""
    return int(os.environ.get(PORT_ENV) or DEFAULT_PORT)


def community_for(asset_tag: str) -> str:
    return asset_tag.strip().lower()


def runtime_dir() -> Path:
    """Generated recordings, snmpsim's index cache and its log: ``<data dir>/demo-agents``."""
    return paths.data_dir() / "demo-agents"


@lru_cache(maxsize=1)
def dutyroom() -> ModuleType:
    """The variation module, importable here too: tests and tools call its functions with
    chosen times (``dutyroom().evaluate(args, t)``, ``on_battery``, ``ac_state`` …)."""
    path = VARIATION_DIR / "dutyroom.py"
    spec = importlib.util.spec_from_file_location("opsdesk_demo_dutyroom", path)
    if spec is None or spec.loader is None:
        raise DemoAgentsError(f"cannot load the variation module {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ which units answer

@dataclasses.dataclass(frozen=True)
class DemoDevice:
    """One unit of the demo site and the agent it gets."""

    unit_id: int
    asset_tag: str
    community: str
    template: str
    variables: dict[str, Any] = dataclasses.field(repr=False, compare=False)
    silent: tuple[float, float, float] | None = None  # (period, window, offset) or None

    @property
    def args(self) -> dict[str, str]:
        """Arguments for the variation module's functions (``seed``, ``outage``)."""
        out = {"seed": str(self.variables["seed"])}
        if self.silent:
            out["outage"] = "/".join(_num(x) for x in self.silent)
        return out


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.strip()).is_loopback
    except ValueError:
        return False


def demo_devices(store: Store) -> list[DemoDevice]:
    """The units of the demo sites whose management address is loopback, in id order."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from opsdesk.models.equipment import RegisterLine, Site, Unit

    rules = _rules()
    with store.read() as session:
        units = list(session.scalars(
            select(Unit).join(RegisterLine).join(Site)
            .options(selectinload(Unit.line).selectinload(RegisterLine.site),
                     selectinload(Unit.room), selectinload(Unit.rack))
            .where(Site.code.in_(DEMO_SITE_CODES)).order_by(Unit.id)))
        out = []
        for unit in units:
            if not _is_loopback(unit.mgmt_ip or "") or not unit.snmp_version:
                continue
            template, variables = _device_vars(unit, rules)
            silent = SILENT_OUTAGE if unit.asset_tag == SILENT_TAG else None
            out.append(DemoDevice(unit.id, unit.asset_tag, community_for(unit.asset_tag), template,
                                  variables, silent))
    return out


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, Any], list[dict[str, Any]]]:  # devices.toml: defaults, rules
    with DEVICES_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return data.get("defaults", {}), data.get("rule", [])


def _match(rule: dict[str, Any], line: RegisterLine) -> bool:
    if rule.get("category") and rule["category"] != line.category:
        return False
    if rule.get("brand") and rule["brand"] != (line.brand or ""):
        return False
    if rule.get("model") and rule["model"] not in (line.model or ""):
        return False
    if rule.get("name") and rule["name"] not in (line.name or ""):
        return False
    return True


def device_seed(asset_tag: str) -> int:
    return int.from_bytes(hashlib.blake2b(asset_tag.encode(), digest_size=4).digest(), "big")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _device_vars(unit: Unit, rules: tuple[dict[str, Any], list[dict[str, Any]]]) -> tuple[str, dict[str, Any]]:
    defaults, rule_list = rules
    line = unit.line
    rule = next((r for r in rule_list if _match(r, line)), None)
    if rule is None:
        raise DemoAgentsError(f"no agent template for {unit.asset_tag} ({line.category} {line.brand} {line.model})")
    v: dict[str, Any] = dict(defaults)
    v.update(rule.get("vars", {}))
    seed = device_seed(unit.asset_tag)
    host = community_for(unit.asset_tag)
    place = [line.site.name]
    if unit.room is not None:
        place.append(unit.room.name)
    if unit.rack is not None:
        place.append(f"{unit.rack.name} 机柜 U{unit.u_position}" if unit.u_position else f"{unit.rack.name} 机柜")
    fill = _Blank(host=host, model=line.model or "", brand=line.brand or "", name=line.name or "",
                  asset_tag=unit.asset_tag)
    v.update(
        seed=seed, dev=f"seed={seed}", asset_tag=unit.asset_tag, host=host,
        model=v.get("model", line.model or ""), brand=line.brand or "", name=line.name or "",
        sys_name=v.get("sys_name", host), sys_location=v.get("sys_location", " ".join(place)),
    )
    v["sys_descr"] = str(v.get("sys_descr", "")).format_map(fill)
    v.setdefault("sys_object_id", "1.3.6.1.4.1.8072.3.2.10")
    template = rule["template"]
    derive = _DERIVE.get(template)
    if derive is not None:
        derive(v)
    v["ifaces"] = _interfaces(v.get("interfaces", []), seed)
    return template, v


def _r(seed: object, *key: object) -> float:
    return dutyroom().rnd(seed, *key)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


def _interfaces(groups: Iterable[dict], seed: int) -> list[SimpleNamespace]:
    rows = []
    index = 1
    for g in groups:
        first = int(g.get("first", 1))
        count = int(g.get("count", 1))
        used = int(g.get("used", count))
        speed = int(g.get("speed", 1000))
        load = float(g.get("load", 0.02))
        iftype = int(g.get("type", 6))
        loopback = iftype in (1, 24)
        if "index" in g:
            index = int(g["index"])
        for k in range(count):
            n = first + k
            up = k < used
            octets = speed * 1e6 / 8.0 * load
            rate_in = octets * (0.4 + 1.2 * _r(seed, "if-in", index)) if up else 0.0
            rate_out = rate_in if loopback else octets * (0.4 + 1.2 * _r(seed, "if-out", index)) if up else 0.0
            size_in = 300 + 900 * _r(seed, "pkt-in", index)
            size_out = 300 + 900 * _r(seed, "pkt-out", index)
            rows.append(SimpleNamespace(
                index=index,
                name=str(g["name"]).replace("{n}", str(n)),
                descr=str(g.get("descr", g["name"])).replace("{n}", str(n)),
                alias=str(g.get("alias", "")).replace("{n}", str(n)),
                type=iftype, mtu=int(g.get("mtu", 1500)), speed=speed,
                admin=1 if up else 2, oper=1 if up else 2,
                mac="" if loopback else "02" + hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=5).hexdigest(),
                last_change=300 + index * 7,
                rate_in=_num(round(rate_in, 3)), rate_out=_num(round(rate_out, 3)),
                pps_in=_num(round(rate_in / size_in, 3)), pps_out=_num(round(rate_out / size_out, 3)),
            ))
            index += 1
    return rows


def _derive_ups(v: dict) -> None:
    seed = v["seed"]
    load = float(v.get("load", 40)) + round(8 * (_r(seed, "ups-load") - 0.5))
    # Trips to battery: battery_window (90 s) every battery_period (20 minutes), the site's
    # UPSs staggered by a quarter period (by asset-tag number) plus up to a minute of their own.
    number = int(re.sub(r"\D", "", v["asset_tag"].rsplit("-", 1)[-1]) or 1)
    period = float(v.get("battery_period", 1200))
    phase = ((number - 1) % 4) * period / 4 + round(60 * _r(seed, "ups-phase"))
    v["ups"] = (f"{v['dev']},kva={_num(v['kva'])},inph={v['inph']},outph={v['outph']},"
                f"load={_num(load)},vbat={_num(v['vbat'])},period={_num(period)},"
                f"window={_num(float(v.get('battery_window', 90)))},phase={_num(phase)}")
    v.setdefault("ups_firmware", "V2.1")
    v.setdefault("card_firmware", "SNMP card " + str(v["sys_descr"]).rsplit(" ", 1)[-1])
    v.setdefault("attached", "")


def _derive_server(v: dict) -> None:
    seed = v["seed"]
    os_kind = v.get("os", "linux")
    v["cpus"] = int(v.get("cpus", 8))  # processors: rows of hrProcessorTable, the UCD load scale
    cpu_base = float(v.get("cpu_base", 20))
    v["cpu_base"] = cpu_base
    v["cpu_index"] = int(v.get("cpu_index", 196608 if os_kind == "linux" else 2))
    v["cpu"] = (f"key=cpu,base={_num(cpu_base)},spread={_num(cpu_base * 0.3)},biz={_num(cpu_base * 0.8)},"
                f"day={_num(cpu_base * 0.1)},amp={_num(max(3.0, cpu_base * 0.25))},step=90,lo=0,hi=100")
    mem_kb = int(float(v.get("mem_gb", 64)) * 1024 * 1024 * 0.985)  # what the kernel reports
    swap_kb = 8 * 1024 * 1024 if os_kind == "linux" else 0
    buffers = 0.015 + 0.01 * _r(seed, "buf")
    cached = 0.12 + 0.15 * _r(seed, "cache")
    app = float(v.get("mem_used", 0.5)) + 0.06 * (_r(seed, "mem") - 0.5)
    if os_kind != "linux":
        buffers = cached = 0.0
    total = app + buffers + cached
    v.update(mem_kb=mem_kb, swap_kb=swap_kb, swap_used_kb=int(swap_kb * 0.02 * _r(seed, "swap")),
             buffers_kb=int(mem_kb * buffers), cached_kb=int(mem_kb * cached),
             shared_kb=int(mem_kb * 0.01), users=_num(round(1 + 2 * _r(seed, "users"), 1)),
             procs=int(150 + 250 * _r(seed, "procs")) if os_kind != "esxi" else int(500 + 300 * _r(seed, "procs")))
    v["mem"] = f"key=mem,base={total:.4f},biz=0.03,day=0.01,amp=0.015,step=600,lo=0.05,hi=0.99"
    dev = v["dev"]
    storage = []

    def row(index, type_, descr, units, size, used):
        storage.append(SimpleNamespace(index=index, type=type_, descr=descr, units=units, size=int(size), used=used))

    def disk_rows(start, unit_bytes):
        for k, d in enumerate(v.get("disks", [])):
            size_bytes = float(d["gb"]) * 1e9
            units = unit_bytes
            while size_bytes / units > 2 ** 31 - 1:
                units *= 4
            size = int(size_bytes / units)
            base = float(d.get("base", 0.4)) + 0.06 * (_r(seed, "disk", k) - 0.5)
            used = (f"2:dutyroom|fn=disk,key=d{k},size={size},base={base:.4f},"
                    f"grow={_num(float(d.get('grow', 0.05)))},days={_num(float(d.get('days', 30)))},{dev}")
            row(start + k, 4, d["descr"], units, size, used)

    if os_kind == "linux":
        used_phys = f"2:dutyroom|fn=level,{v['mem']},scale={mem_kb},{dev}"
        row(1, 2, "Physical memory", 1024, mem_kb, used_phys)
        row(3, 3, "Virtual memory", 1024, mem_kb + swap_kb,
            f"2:dutyroom|fn=level,{v['mem']},scale={mem_kb},add={v['swap_used_kb']},{dev}")
        row(6, 1, "Memory buffers", 1024, mem_kb, f"2|{v['buffers_kb']}")
        row(7, 1, "Cached memory", 1024, mem_kb, f"2|{v['cached_kb']}")
        row(8, 1, "Shared memory", 1024, mem_kb, f"2|{v['shared_kb']}")
        row(10, 3, "Swap space", 1024, swap_kb, f"2|{v['swap_used_kb']}")
        disk_rows(31, 4096)
    elif os_kind == "windows":
        disk_rows(1, 4096)
        n = len(v.get("disks", [])) + 1
        size = mem_kb * 1024 // 65536
        row(n, 3, "Virtual Memory", 65536, size * 1.15,
            f"2:dutyroom|fn=level,{v['mem']},scale={size},add={int(size * 0.05)},{dev}")
        row(n + 1, 2, "Physical Memory", 65536, size, f"2:dutyroom|fn=level,{v['mem']},scale={size},{dev}")
    else:  # esxi
        row(1, 2, "Real Memory", 1024, mem_kb, f"2:dutyroom|fn=level,{v['mem']},scale={mem_kb},{dev}")
        disk_rows(2, 1048576)
    v["storage"] = storage


def _derive_huawei(v: dict) -> None:
    dev = v["dev"]
    boards = []
    for b in v.get("boards", []):
        b = dict(b)
        idx = b["index"]
        cpu, mem, temp = int(b.get("cpu", 0)), int(b.get("mem", 0)), int(b.get("temp", 0))
        b["cpu"] = (f"2:dutyroom|fn=level,key=cpu{idx},base={cpu},spread=2,biz=5,amp=3,step=60,lo=1,hi=100,{dev}"
                    if cpu else "2|0")
        b["mem"] = (f"2:dutyroom|fn=level,key=mem{idx},base={mem},spread=3,amp=1,step=3600,lo=1,hi=100,{dev}"
                    if mem else "2|0")
        b["temp"] = (f"2:dutyroom|fn=level,key=t{idx},base={temp},spread=2,biz=1.5,day=0.8,peak=15,amp=0.8,"
                     f"step=300,{dev}" if temp else "2|0")
        boards.append(SimpleNamespace(**b))
    v["boards"] = boards
    v.setdefault("fans", [])


_DERIVE: dict[str, Callable[[dict], None]] = {
    "ups-santak": _derive_ups,
    "server-netsnmp": _derive_server,
    "server-hostres": _derive_server,
    "switch-huawei": _derive_huawei,
}


# ------------------------------------------------------------------ templates

_EXPR = re.compile(r"\$\{([^{}]+)\}")
_OID = re.compile(r"^\d+(\.\d+)+$")
_SAFE = {"range": range, "len": len, "min": min, "max": max, "int": int, "round": round, "str": str,
         "float": float, "abs": abs, "format": format}


def _template_lines(name: str, seen: tuple[str, ...] = ()) -> list[str]:
    if name in seen:
        raise DemoAgentsError(f"template include loop: {' → '.join((*seen, name))}")
    text = (TEMPLATES_DIR / f"{name}.snmprec").read_text(encoding="utf-8")
    out = []
    for raw in text.splitlines():
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("@include "):
            out.extend(_template_lines(stripped.split(None, 1)[1].strip(), (*seen, name)))
        else:
            out.append(line)
    return out


def _parse_blocks(lines: list[str], pos: int = 0, closers: tuple[str, ...] = ()) -> tuple[list, int, str]:
    """Lines into a tree: ("line", text) | ("for", var, expr, body) | ("if", expr, body, other)."""
    nodes: list = []
    while pos < len(lines):
        line = lines[pos].strip()
        if line.startswith("@"):
            word = line.split(None, 1)[0]
            if word in closers:
                return nodes, pos + 1, word
            if word == "@for":
                m = re.fullmatch(r"@for\s+([A-Za-z_]\w*)\s+in\s+(.+)", line)
                if not m:
                    raise DemoAgentsError(f"bad template line: {line}")
                body, pos, _ = _parse_blocks(lines, pos + 1, ("@end",))
                nodes.append(("for", m.group(1), m.group(2), body))
                continue
            if word == "@if":
                body, pos, closer = _parse_blocks(lines, pos + 1, ("@else", "@end"))
                other: list = []
                if closer == "@else":
                    other, pos, _ = _parse_blocks(lines, pos, ("@end",))
                nodes.append(("if", line[3:].strip(), body, other))
                continue
            raise DemoAgentsError(f"unknown template directive: {line}")
        nodes.append(("line", lines[pos]))
        pos += 1
    if closers:
        raise DemoAgentsError(f"template block not closed ({'/'.join(closers)} missing)")
    return nodes, pos, ""


def _eval(expr: str, env: dict) -> Any:
    return eval(expr, {"__builtins__": {}, **_SAFE}, env)  # noqa: S307 - project templates only


def _emit(nodes: list, env: dict, out: list[str]) -> None:
    for node in nodes:
        if node[0] == "line":
            out.append(_EXPR.sub(lambda m: str(_eval(m.group(1), env)), node[1]))
        elif node[0] == "for":
            _, var, expr, body = node
            for item in _eval(expr, env):
                _emit(body, {**env, var: item}, out)
        else:
            _, expr, body, other = node
            _emit(body if _eval(expr, env) else other, env, out)


def _needs_hex(value: str) -> bool:
    return value != value.strip() or any(not 32 <= ord(c) < 127 for c in value)


def _oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(x) for x in oid.split("."))


def render(template: str, variables: dict[str, Any],
           silent: tuple[float, float, float] | None = None) -> str:
    """A recording (snmprec text, sorted by OID) from a template and its variables."""
    nodes, _, _ = _parse_blocks(_template_lines(template))
    lines: list[str] = []
    _emit(nodes, dict(variables), lines)
    records: dict[tuple[int, ...], tuple[str, str, str]] = {}
    for line in lines:
        try:
            oid, tag, value = line.split("|", 2)
        except ValueError:
            raise DemoAgentsError(f"{template}: not an OID|tag|value line: {line!r}") from None
        if not _OID.match(oid):
            raise DemoAgentsError(f"{template}: bad OID {oid!r}")
        if tag == "4" and _needs_hex(value):
            tag, value = "4x", value.encode("utf-8").hex()
        if silent is not None:
            outage = "outage=" + "/".join(_num(x) for x in silent)
            if ":" in tag:
                value = f"{outage},{value}"
            else:
                tag, value = f"{tag}:dutyroom", f"{outage},fn=raw,value={value}"
        key = _oid_key(oid)
        if key in records:
            raise DemoAgentsError(f"{template}: {oid} twice")
        records[key] = (oid, tag, value)
    return "".join(f"{o}|{t}|{v}\n" for _, (o, t, v) in sorted(records.items()))


def heartbeat_recording() -> str:
    return (f"{SYS_DESCR}|4|{HEARTBEAT_DESCR}\n"
            "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
            "1.3.6.1.2.1.1.3.0|67:dutyroom|fn=uptime,seed=opsdesk-demo\n"
            f"1.3.6.1.2.1.1.5.0|4|{HEARTBEAT_COMMUNITY}\n")


def write_recordings(store: Store, out_dir: Path | None = None) -> list[Path]:
    """One ``<community>.snmprec`` per demo device (plus the heartbeat recording) in
    ``out_dir`` (default ``runtime_dir()/"data"``). Files whose text did not change are left
    alone (snmpsim then keeps its index); recordings of units no longer there are removed."""
    out_dir = Path(out_dir) if out_dir is not None else runtime_dir() / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, str] = {HEARTBEAT_COMMUNITY: heartbeat_recording()}
    for device in demo_devices(store):
        wanted[device.community] = render(device.template, device.variables, device.silent)
    written = []
    for community, text in wanted.items():
        path = out_dir / f"{community}.snmprec"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            paths.write_atomically(path, text.encode("utf-8"))
        written.append(path)
    for stale in out_dir.glob("*.snmprec"):
        if stale.stem not in wanted:
            stale.unlink()
    return written


# ------------------------------------------------------------------ a synchronous SNMP GET

def snmp_get(port: int, community: str, oid: str = SYS_DESCR, timeout: float = 0.5,
             host: str = HOST) -> object | None:
    """One SNMPv2c GET over a plain UDP socket (no event loop, usable anywhere): the value,
    or None when nothing answers in time."""
    from pyasn1.codec.ber import decoder, encoder
    from pysnmp.proto import api

    proto = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    pdu = proto.GetRequestPDU()
    proto.apiPDU.set_defaults(pdu)
    proto.apiPDU.set_varbinds(pdu, [(oid, proto.Null(""))])
    msg = proto.Message()
    proto.apiMessage.set_defaults(msg)
    proto.apiMessage.set_community(msg, community)
    proto.apiMessage.set_pdu(msg, pdu)
    request_id = proto.apiPDU.get_request_id(pdu)
    end = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.sendto(encoder.encode(msg), (host, port))
        except OSError:
            return None
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            sock.settimeout(left)
            try:
                data = sock.recv(65535)
            except (TimeoutError, OSError):
                return None
            try:
                rsp, _ = decoder.decode(data, asn1Spec=proto.Message())
                rsp_pdu = proto.apiMessage.get_pdu(rsp)
                if proto.apiPDU.get_request_id(rsp_pdu) != request_id:
                    continue
                if proto.apiPDU.get_error_status(rsp_pdu):
                    return None
                (_, value), = proto.apiPDU.get_varbinds(rsp_pdu)
                return value
            except Exception:  # noqa: BLE001, S112 - anything undecodable is "no answer"
                continue


def agents_running(port: int | None = None, timeout: float = 0.5) -> bool:
    """True when the demo agents answer on ``port`` (default: :func:`demo_agent_port`)."""
    value = snmp_get(port or demo_agent_port(), HEARTBEAT_COMMUNITY, SYS_DESCR, timeout)
    return value is not None and str(value).startswith(HEARTBEAT_DESCR)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


# ------------------------------------------------------------------ the agent process

class AgentProcess:
    """snmpsim's command responder serving the demo site. ``stop()`` ends it (also at exit)."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, workdir: Path, devices: list[DemoDevice]) -> None:
        self.proc = proc
        self.port = port
        self.workdir = workdir
        self.devices = devices
        self._lock = threading.Lock()
        atexit.register(self.stop)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    @property
    def log_path(self) -> Path:
        return self.workdir / "snmpsim.log"

    def running(self) -> bool:
        return self.proc.poll() is None

    def log(self, limit: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=timeout)
        atexit.unregister(self.stop)

    def __enter__(self) -> AgentProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running() else f"exited {self.proc.returncode}"
        return f"AgentProcess(pid={self.pid}, port={self.port}, devices={len(self.devices)}, {state})"


def _responder_command(data_dir: Path, cache_dir: Path, port: int) -> list[str]:
    return [sys.executable, str(RESPONDER),
            f"--data-dir={data_dir}",
            f"--cache-dir={cache_dir}",
            f"--variation-modules-dir={VARIATION_DIR}",
            f"--agent-udpv4-endpoint={HOST}:{port}",
            "--log-level=error",
            "--logging-method=stderr"]


def stored_port(store: Store) -> int | None:
    """The SNMP port the demo units have in the store, when they agree on one."""
    from sqlalchemy import select

    from opsdesk.models.equipment import RegisterLine, Site, Unit

    with store.read() as session:
        rows = session.execute(
            select(Unit.snmp_port, Unit.mgmt_ip).join(RegisterLine).join(Site)
            .where(Site.code.in_(DEMO_SITE_CODES), Unit.snmp_version != "")).all()
    ports = {p for p, ip in rows if _is_loopback(ip or "")}
    return ports.pop() if len(ports) == 1 else None


def start_agents(store: Store, port: int | None = None, *, clock_offset: float | None = None,
                 deadline_s: float = 60.0) -> AgentProcess:
    """Write the recordings and start the demo site's agents; return once they answer a
    real SNMP GET. ``port`` defaults to the port the demo units have in the store, else
    :func:`demo_agent_port`. ``clock_offset`` (seconds) shifts the agents' clock, for tests
    that want a chosen moment of the simulated day."""
    port = port or stored_port(store) or demo_agent_port()
    if not _port_free(port):
        if agents_running(port):
            raise DemoAgentsError(f"the demo agents are already running on {HOST}:{port}")
        raise DemoAgentsError(f"UDP port {HOST}:{port} is in use by another program")
    devices = demo_devices(store)
    if not devices:
        raise DemoAgentsError("no unit of the demo sites has a loopback management address "
                              "(not a demo database, or one from before the demo had agents: "
                              "opsdesk.ops.demo.load_demo addresses them)")
    workdir = runtime_dir()
    workdir.mkdir(parents=True, exist_ok=True)
    write_recordings(store, workdir / "data")
    cache = workdir / "cache"
    cache.mkdir(exist_ok=True)
    env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")  # stay this user, also as root
    if clock_offset is not None:
        env[CLOCK_ENV] = repr(float(clock_offset))
    else:
        env.pop(CLOCK_ENV, None)
    with open(workdir / "snmpsim.log", "wb") as log:
        # Its own session: a Ctrl-C in the terminal reaches serve(), which stops it in order.
        proc = subprocess.Popen(  # noqa: S603 - fixed argv: this Python, the project's responder, no shell
            _responder_command(workdir / "data", cache, port), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, env=env, close_fds=True, start_new_session=True)
    agent = AgentProcess(proc, port, workdir, devices)
    end = time.monotonic() + deadline_s
    while True:
        if proc.poll() is not None:
            raise DemoAgentsError(f"snmpsim exited with {proc.returncode}:\n{agent.log()}")
        if agents_running(port, timeout=0.2):
            return agent
        if time.monotonic() > end:
            agent.stop()
            raise DemoAgentsError(f"the demo agents did not answer within {deadline_s:.0f} s:\n{agent.log()}")


def serve(store: Store, port: int | None = None, on_ready: Callable[[AgentProcess], None] | None = None) -> int:
    """Run the agents in the foreground until SIGINT / SIGTERM (``opsdesk demo agents``)."""
    agent = start_agents(store, port)
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        if on_ready is not None:
            on_ready(agent)
        while not stop.wait(1.0):
            if not agent.running():
                return agent.proc.returncode or 1
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        agent.stop()


def next_events(devices: Iterable[DemoDevice], start: float | None = None,
                horizon: float = 3600.0) -> list[tuple[float, str, str]]:
    """What the demo will do next: ``(time, asset tag, "battery"|"silent")`` within the horizon
    (the start of each UPS trip to battery and each silent window), for a CLI to print."""
    module = dutyroom()
    start = time.time() if start is None else start
    out = []
    for d in devices:
        if d.template == "ups-santak":
            args = module.parse(d.variables["ups"])
            out += [(a, d.asset_tag, "battery") for a, _ in module.battery_windows(args, start, start + horizon)]
        if d.silent:
            out += [(a, d.asset_tag, "silent") for a, _ in module.silent_windows(d.args, start, start + horizon)]
    return sorted(out)


__all__ = [
    "AgentProcess", "DEMO_AGENT_PORT", "DemoAgentsError", "DemoDevice", "SILENT_OUTAGE", "SILENT_TAG",
    "agents_running", "community_for", "demo_agent_port", "demo_devices", "dutyroom", "next_events",
    "render", "runtime_dir", "serve", "snmp_get", "start_agents", "write_recordings",
]

