"""The demo site's devices and what their agents are given (no Qt here).

Every unit of the demo's 永和路数据中心 and 容灾备份 whose management address is loopback gets an
agent: a recording (:mod:`opsdesk.demo.recordings`) of its kind, the community being the unit's
asset tag in lower case (``yhl-ups-0001``). ``data/demo/agents/devices.toml`` says which kind of
device each register line is and the variables of its recording; here those are completed per
unit (its seed, place, interfaces, a UPS's battery trips, a server's storage rows …).

What moves — temperatures, loads, counters, a UPS going on battery — is computed by the snmpsim
variation module ``data/demo/agents/variation/dutyroom.py`` from wall-clock time and a
per-device seed; :func:`dutyroom` imports it here too, for tests and tools.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import ipaddress
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import TYPE_CHECKING, Any

from opsdesk import paths
from opsdesk.models import categories

if TYPE_CHECKING:
    from opsdesk.models.equipment import RegisterLine, Unit
    from opsdesk.store import Store

DEFAULT_PORT = 16161
PORT_ENV = "OPSDESK_DEMO_AGENT_PORT"
DEMO_AGENT_PORT = int(os.environ.get(PORT_ENV) or DEFAULT_PORT)
CLOCK_ENV = "OPSDESK_DEMO_CLOCK_OFFSET"  # read by the variation module in the agent

AGENTS_DIR = paths.DATA / "demo" / "agents"
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
    kind: str  # which recording: a key of opsdesk.demo.recordings.KINDS
    variables: dict[str, Any] = dataclasses.field(repr=False, compare=False)
    silent: tuple[float, float, float] | None = None  # (period, window, offset) or None

    @property
    def args(self) -> dict[str, str]:
        """Arguments for the variation module's functions (``seed``, ``outage``)."""
        out = {"seed": str(self.variables["seed"])}
        if self.silent:
            out["outage"] = "/".join(num(x) for x in self.silent)
        return out


def is_loopback(address: str) -> bool:
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
            if not is_loopback(unit.mgmt_ip or "") or not unit.snmp_version:
                continue
            kind, variables = _device_vars(unit, rules)
            silent = SILENT_OUTAGE if unit.asset_tag == SILENT_TAG else None
            out.append(DemoDevice(unit.id, unit.asset_tag, community_for(unit.asset_tag), kind,
                                  variables, silent))
    return out


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, Any], list[dict[str, Any]]]:  # devices.toml: defaults, rules
    with DEVICES_FILE.open("rb") as fh:
        data = tomllib.load(fh)
    return data.get("defaults", {}), data.get("rule", [])


def _match(rule: dict[str, Any], line: RegisterLine) -> bool:
    # devices.toml names a category by its name or its code (data/categories.toml)
    if rule.get("category") and (categories.code_of(rule["category"]) or rule["category"]) != line.category:
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
        what = f"{categories.name(line.category)} {line.brand} {line.model}"
        raise DemoAgentsError(f"no kind of agent for {unit.asset_tag} ({what})")
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
    kind = rule["kind"]
    derive = _DERIVE.get(kind)
    if derive is not None:
        derive(v)
    v["ifaces"] = _interfaces(v.get("interfaces", []), seed)
    return kind, v


def _r(seed: object, *key: object) -> float:
    return dutyroom().rnd(seed, *key)


def num(x: float) -> str:
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
                rate_in=num(round(rate_in, 3)), rate_out=num(round(rate_out, 3)),
                pps_in=num(round(rate_in / size_in, 3)), pps_out=num(round(rate_out / size_out, 3)),
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
    v["ups"] = (f"{v['dev']},kva={num(v['kva'])},inph={v['inph']},outph={v['outph']},"
                f"load={num(load)},vbat={num(v['vbat'])},period={num(period)},"
                f"window={num(float(v.get('battery_window', 90)))},phase={num(phase)}")
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
    v["cpu"] = (f"key=cpu,base={num(cpu_base)},spread={num(cpu_base * 0.3)},biz={num(cpu_base * 0.8)},"
                f"day={num(cpu_base * 0.1)},amp={num(max(3.0, cpu_base * 0.25))},step=90,lo=0,hi=100")
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
             shared_kb=int(mem_kb * 0.01), users=num(round(1 + 2 * _r(seed, "users"), 1)),
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
                    f"grow={num(float(d.get('grow', 0.05)))},days={num(float(d.get('days', 30)))},{dev}")
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


