"""The demo agents' recordings, written by plain Python (no Qt, no template language).

One function per kind of device emits the snmprec records (``OID|tag|value``) its agent serves,
written from the MIBs the profiles in ``data/profiles`` read, with the variables
:mod:`opsdesk.demo.devices` gives each unit (from ``data/demo/agents/devices.toml``). A value
that moves is a record of the variation module (tag ``<type>:dutyroom``, its arguments as the
value: ``fn=ups,q=status,seed=…``); ``data/demo/agents/variation/dutyroom.py`` computes it from
the clock when snmpsim answers.

:func:`render` puts a kind's records in OID order, hex-encodes strings snmpsim cannot carry as
plain text, and wraps every record of a device that goes silent now and then; :func:`write_recordings`
writes one file per demo device.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opsdesk import paths
from opsdesk.demo.devices import (
    HEARTBEAT_COMMUNITY,
    HEARTBEAT_DESCR,
    SYS_DESCR,
    DemoAgentsError,
    demo_devices,
    num,
    runtime_dir,
)

if TYPE_CHECKING:
    from opsdesk.store import Store

Vars = dict[str, Any]
Record = tuple[str, str, str]  # OID, snmprec tag, value
Records = list[Record]


def _moving(fn: str, *args: object) -> str:
    """The value of a record the variation module computes: ``fn=…`` then its arguments."""
    return ",".join((f"fn={fn}", *(str(a) for a in args)))


def _tag_value(text: str) -> tuple[str, str]:
    """``"2|0"`` or ``"2:dutyroom|fn=…"`` (a value devices.py made whole) as tag and value."""
    tag, value = text.split("|", 1)
    return tag, value


# ------------------------------------------------------------------ MIB groups many devices share


def system(v: Vars) -> Records:
    """SNMPv2-MIB system group (RFC 3418). sysUpTime counts from the device's last (re)start."""
    return [
        ("1.3.6.1.2.1.1.1.0", "4", v["sys_descr"]),
        ("1.3.6.1.2.1.1.2.0", "6", v["sys_object_id"]),
        ("1.3.6.1.2.1.1.3.0", "67:dutyroom", _moving("uptime", v["dev"])),
        ("1.3.6.1.2.1.1.4.0", "4", v["sys_contact"]),
        ("1.3.6.1.2.1.1.5.0", "4", v["sys_name"]),
        ("1.3.6.1.2.1.1.6.0", "4", v["sys_location"]),
        ("1.3.6.1.2.1.1.7.0", "2", str(v["sys_services"])),
    ]


def if_mib(v: Vars) -> Records:
    """IF-MIB (RFC 2863) ifTable and ifXTable for the rows of ``ifaces`` (built from the device's
    ``interfaces``). Octet and packet counters grow at the port's rate; the 32-bit ifTable counter
    and the 64-bit ifXTable one are the same count (the former wraps at 2^32). Ports not in use
    are shut down (ifAdminStatus down), as on a tidy switch."""
    dev = v["dev"]
    out: Records = [("1.3.6.1.2.1.2.1.0", "2", str(len(v["ifaces"])))]
    for p in v["ifaces"]:
        i = p.index

        def counter(key: str, rate: str, i: int = i) -> str:
            return _moving("counter", f"key={key}{i}", f"rate={rate}", dev)

        out += [
            (f"1.3.6.1.2.1.2.2.1.1.{i}", "2", str(i)),
            (f"1.3.6.1.2.1.2.2.1.2.{i}", "4", p.descr),
            (f"1.3.6.1.2.1.2.2.1.3.{i}", "2", str(p.type)),
            (f"1.3.6.1.2.1.2.2.1.4.{i}", "2", str(p.mtu)),
            (f"1.3.6.1.2.1.2.2.1.5.{i}", "66", str(min(p.speed * 1000000, 4294967295))),
            (f"1.3.6.1.2.1.2.2.1.6.{i}", "4x", p.mac),
            (f"1.3.6.1.2.1.2.2.1.7.{i}", "2", str(p.admin)),
            (f"1.3.6.1.2.1.2.2.1.8.{i}", "2", str(p.oper)),
            (f"1.3.6.1.2.1.2.2.1.9.{i}", "67", str(p.last_change)),
            (f"1.3.6.1.2.1.2.2.1.10.{i}", "65:dutyroom", counter("in", p.rate_in)),
            (f"1.3.6.1.2.1.2.2.1.11.{i}", "65:dutyroom", counter("pin", p.pps_in)),
            (f"1.3.6.1.2.1.2.2.1.13.{i}", "65", "0"),
            (f"1.3.6.1.2.1.2.2.1.14.{i}", "65", "0"),
            (f"1.3.6.1.2.1.2.2.1.16.{i}", "65:dutyroom", counter("out", p.rate_out)),
            (f"1.3.6.1.2.1.2.2.1.17.{i}", "65:dutyroom", counter("pout", p.pps_out)),
            (f"1.3.6.1.2.1.2.2.1.19.{i}", "65", "0"),
            (f"1.3.6.1.2.1.2.2.1.20.{i}", "65", "0"),
            (f"1.3.6.1.2.1.31.1.1.1.1.{i}", "4", p.name),
            (f"1.3.6.1.2.1.31.1.1.1.6.{i}", "70:dutyroom", counter("in", p.rate_in)),
            (f"1.3.6.1.2.1.31.1.1.1.7.{i}", "70:dutyroom", counter("pin", p.pps_in)),
            (f"1.3.6.1.2.1.31.1.1.1.10.{i}", "70:dutyroom", counter("out", p.rate_out)),
            (f"1.3.6.1.2.1.31.1.1.1.11.{i}", "70:dutyroom", counter("pout", p.pps_out)),
            (f"1.3.6.1.2.1.31.1.1.1.15.{i}", "66", str(p.speed)),
            (f"1.3.6.1.2.1.31.1.1.1.18.{i}", "4", p.alias),
        ]
    return out


def host_resources(v: Vars) -> Records:
    """HOST-RESOURCES-MIB (RFC 2790): hrSystem, hrStorage (rows of ``storage``: memory and disks,
    used space moving), hrDevice and hrProcessor (one row per processor in ``cpus``, the load
    wandering with the hospital's working hours around the server's own level)."""
    dev = v["dev"]
    out: Records = [
        ("1.3.6.1.2.1.25.1.1.0", "67:dutyroom", _moving("uptime", dev)),
        ("1.3.6.1.2.1.25.1.5.0", "66:dutyroom",
         _moving("level", "key=users", f"base={v['users']}", "amp=1.4", "step=1800", "lo=0", dev)),
        ("1.3.6.1.2.1.25.1.6.0", "66:dutyroom",
         _moving("level", "key=procs", f"base={v['procs']}", f"biz={v['procs'] // 6}", "amp=12", "step=300", "lo=1",
                 dev)),
        ("1.3.6.1.2.1.25.1.7.0", "2", "0"),
        ("1.3.6.1.2.1.25.2.2.0", "2", str(v["mem_kb"])),
    ]
    for s in v["storage"]:
        tag, value = _tag_value(s.used)
        out += [
            (f"1.3.6.1.2.1.25.2.3.1.1.{s.index}", "2", str(s.index)),
            (f"1.3.6.1.2.1.25.2.3.1.2.{s.index}", "6", f"1.3.6.1.2.1.25.2.1.{s.type}"),
            (f"1.3.6.1.2.1.25.2.3.1.3.{s.index}", "4", s.descr),
            (f"1.3.6.1.2.1.25.2.3.1.4.{s.index}", "2", str(s.units)),
            (f"1.3.6.1.2.1.25.2.3.1.5.{s.index}", "2", str(s.size)),
            (f"1.3.6.1.2.1.25.2.3.1.6.{s.index}", tag, value),
            (f"1.3.6.1.2.1.25.2.3.1.7.{s.index}", "65", "0"),
        ]
    for n in range(v["cpus"]):
        i = v["cpu_index"] + n
        out += [
            (f"1.3.6.1.2.1.25.3.2.1.1.{i}", "2", str(i)),
            (f"1.3.6.1.2.1.25.3.2.1.2.{i}", "6", "1.3.6.1.2.1.25.3.1.3"),
            (f"1.3.6.1.2.1.25.3.2.1.3.{i}", "4", v["cpu_descr"]),
            (f"1.3.6.1.2.1.25.3.2.1.4.{i}", "6", "0.0"),
            (f"1.3.6.1.2.1.25.3.2.1.5.{i}", "2", "2"),
            (f"1.3.6.1.2.1.25.3.2.1.6.{i}", "65", "0"),
            (f"1.3.6.1.2.1.25.3.3.1.1.{i}", "6", "0.0"),
            (f"1.3.6.1.2.1.25.3.3.1.2.{i}", "2:dutyroom", _moving("level", f"sub={n}", "dev=8", v["cpu"], dev)),
        ]
    return out


def ucd(v: Vars) -> Records:
    """UCD-SNMP-MIB (enterprises.2021) as net-snmp fills it: memory in kB (memAvailReal is free
    memory without buffers and cache), load averages (laLoadInt = load × 100) and CPU shares."""
    dev, cpu, mem, cpus, base = v["dev"], v["cpu"], v["mem"], v["cpus"], v["cpu_base"]
    swap_free = v["swap_kb"] - v["swap_used_kb"]
    out: Records = [
        ("1.3.6.1.4.1.2021.4.1.0", "2", "0"),
        ("1.3.6.1.4.1.2021.4.2.0", "4", "swap"),
        ("1.3.6.1.4.1.2021.4.3.0", "2", str(v["swap_kb"])),
        ("1.3.6.1.4.1.2021.4.4.0", "2", str(swap_free)),
        ("1.3.6.1.4.1.2021.4.5.0", "2", str(v["mem_kb"])),
        ("1.3.6.1.4.1.2021.4.6.0", "2:dutyroom", _moving("level", mem, "minus=1", f"scale={v['mem_kb']}", dev)),
        ("1.3.6.1.4.1.2021.4.11.0", "2:dutyroom",
         _moving("level", mem, "minus=1", f"scale={v['mem_kb']}", f"add={swap_free}", dev)),
        ("1.3.6.1.4.1.2021.4.12.0", "2", "16000"),
        ("1.3.6.1.4.1.2021.4.13.0", "2", str(v["shared_kb"])),
        ("1.3.6.1.4.1.2021.4.14.0", "2", str(v["buffers_kb"])),
        ("1.3.6.1.4.1.2021.4.15.0", "2", str(v["cached_kb"])),
        ("1.3.6.1.4.1.2021.4.100.0", "2", "0"),
        ("1.3.6.1.4.1.2021.4.101.0", "4", ""),
    ]
    for n, (name, step) in enumerate((("Load-1", 60), ("Load-5", 300), ("Load-15", 900)), start=1):
        out += [
            (f"1.3.6.1.4.1.2021.10.1.1.{n}", "2", str(n)),
            (f"1.3.6.1.4.1.2021.10.1.2.{n}", "4", name),
            (f"1.3.6.1.4.1.2021.10.1.3.{n}", "4:dutyroom",
             _moving("level", cpu, f"step={step}", f"scale={cpus / 100}", "fmt=.2f", dev)),
            (f"1.3.6.1.4.1.2021.10.1.4.{n}", "4", f"{cpus}.00"),
            (f"1.3.6.1.4.1.2021.10.1.5.{n}", "2:dutyroom", _moving("level", cpu, f"step={step}", f"scale={cpus}", dev)),
            (f"1.3.6.1.4.1.2021.10.1.100.{n}", "2", "0"),
            (f"1.3.6.1.4.1.2021.10.1.101.{n}", "4", ""),
        ]
    out += [
        ("1.3.6.1.4.1.2021.11.1.0", "2", "1"),
        ("1.3.6.1.4.1.2021.11.2.0", "4", "systemStats"),
        ("1.3.6.1.4.1.2021.11.3.0", "2", "0"),
        ("1.3.6.1.4.1.2021.11.4.0", "2", "0"),
        ("1.3.6.1.4.1.2021.11.9.0", "2:dutyroom", _moving("level", cpu, "scale=0.75", dev)),
        ("1.3.6.1.4.1.2021.11.10.0", "2:dutyroom", _moving("level", cpu, "scale=0.25", dev)),
        ("1.3.6.1.4.1.2021.11.11.0", "2:dutyroom", _moving("level", cpu, "minus=100", dev)),
        ("1.3.6.1.4.1.2021.11.50.0", "65:dutyroom",
         _moving("counter", "key=rawuser", f"rate={cpus * base * 0.75}", dev)),
        ("1.3.6.1.4.1.2021.11.52.0", "65:dutyroom",
         _moving("counter", "key=rawsys", f"rate={cpus * base * 0.25}", dev)),
        ("1.3.6.1.4.1.2021.11.53.0", "65:dutyroom",
         _moving("counter", "key=rawidle", f"rate={cpus * (100 - base)}", dev)),
    ]
    return out


# ------------------------------------------------------------------ one function per kind of device


def network_device(v: Vars) -> Records:
    """A device seen through its management port only: system group and IF-MIB. A Fibre
    Channel switch (Brocade Fabric OS, also sold as HPE SN6000B and Huawei SNS2120, its FC ports
    ifType fibreChannel(56)), a KVM switch, a security appliance (firewall, gateway, audit,
    bastion host …), a storage array's management agent (management and host ports)."""
    return system(v) + if_mib(v)


def server_hostres(v: Vars) -> Records:
    """A server whose agent has HOST-RESOURCES-MIB but not UCD: Windows Server's SNMP service
    (Hyper-V hosts) or VMware ESXi (vSphere hosts); which one is the device's sys_object_id,
    sys_descr and storage rows."""
    return system(v) + if_mib(v) + host_resources(v)


def server_netsnmp(v: Vars) -> Records:
    """A Linux server answering with net-snmp: system group, IF-MIB, HOST-RESOURCES-MIB and
    UCD-SNMP-MIB (sysObjectID netSnmpAgentOIDs.linux 1.3.6.1.4.1.8072.3.2.10)."""
    return system(v) + if_mib(v) + host_resources(v) + ucd(v)


LGP_ENV = "1.3.6.1.4.1.476.1.42.3.4"


def ac_liebert(v: Vars) -> Records:
    """艾默生 (Emerson / Liebert) precision air-conditioner through an IntelliSlot card:
    LIEBERT-GP-ENVIRONMENTAL-MIB (enterprises.476.1.42.3.4). Return and supply air temperature in
    whole and tenth degrees, return air humidity in whole and tenth %RH, the unit's states.
    Moving values: fn=ac in dutyroom.py — the day's drift plus the compressor's 15-minute cycle.
    lgpEnvStateHumidifying / Dehumidifying (3.4, 3.5) are left out: this unit has no humidifier."""
    dev = v["dev"]

    def ac(q: str) -> str:
        return _moving("ac", f"q={q}", dev)

    t, h, s = f"{LGP_ENV}.1.3", f"{LGP_ENV}.2.2", f"{LGP_ENV}.3"
    return system(v) + [
        # lgpEnvTemperatureSettingDegC, lgpEnvTemperatureToleranceDegC (0.1 ℃)
        (f"{t}.1.0", "2", "23"),
        (f"{t}.2.0", "2", "10"),
        # lgpEnvTemperatureTableDegC: row 1 return air, row 2 supply air
        (f"{t}.3.1.1.1", "66", "1"),
        (f"{t}.3.1.1.2", "66", "2"),
        (f"{t}.3.1.2.1", "6", f"{LGP_ENV}.1.1.2"),
        (f"{t}.3.1.2.2", "6", f"{LGP_ENV}.1.1.3"),
        (f"{t}.3.1.3.1", "2:dutyroom", ac("return_t")),
        (f"{t}.3.1.3.2", "2:dutyroom", ac("supply_t")),
        (f"{t}.3.1.4.1", "2", "28"),
        (f"{t}.3.1.4.2", "2", "24"),
        (f"{t}.3.1.5.1", "2", "18"),
        (f"{t}.3.1.5.2", "2", "10"),
        (f"{t}.3.1.6.1", "2", "23"),
        (f"{t}.3.1.50.1", "2:dutyroom", ac("return_t10")),
        (f"{t}.3.1.50.2", "2:dutyroom", ac("supply_t10")),
        (f"{t}.3.1.51.1", "2", "280"),
        (f"{t}.3.1.51.2", "2", "240"),
        (f"{t}.3.1.52.1", "2", "180"),
        (f"{t}.3.1.52.2", "2", "100"),
        (f"{t}.3.1.53.1", "2", "230"),
        # lgpEnvHumiditySettingRel, lgpEnvHumidityToleranceRel
        (f"{h}.1.0", "2", "50"),
        (f"{h}.2.0", "2", "5"),
        # lgpEnvHumidityTableRel: row 1 return air
        (f"{h}.3.1.1.1", "66", "1"),
        (f"{h}.3.1.2.1", "6", f"{LGP_ENV}.2.1.2"),
        (f"{h}.3.1.3.1", "2:dutyroom", ac("return_h")),
        (f"{h}.3.1.4.1", "2", "60"),
        (f"{h}.3.1.5.1", "2", "40"),
        (f"{h}.3.1.6.1", "2", "50"),
        (f"{h}.3.1.50.1", "2:dutyroom", ac("return_h10")),
        # lgpEnvState: system on, cooling with the compressor, no heating, fan on, no alarm
        (f"{s}.1.0", "2", "1"),
        (f"{s}.2.0", "2:dutyroom", ac("cooling")),
        (f"{s}.3.0", "2", "2"),
        (f"{s}.7.0", "2", "1"),
        (f"{s}.8.0", "2", "2"),
        (f"{s}.9.0", "66:dutyroom", ac("cap_cool")),
        (f"{s}.10.0", "66", "0"),
        (f"{s}.11.0", "2", "2"),
        (f"{s}.14.0", "2", "1"),
        (f"{s}.15.0", "2", "1"),
        (f"{s}.16.0", "66:dutyroom", ac("cap_fan")),
        (f"{s}.21.0", "2", "2"),
    ]


UPS_MIB = "1.3.6.1.2.1.33.1"


def ups_santak(v: Vars) -> Records:
    """山特 (SANTAK) UPS through a generic RFC 1628 SNMP card: UPS-MIB only, sysObjectID upsMIB
    itself (1.3.6.1.2.1.33), as cards without a vendor MIB report it. Variables: kva, inph, outph
    (input / output lines), load (% at quiet hours), vbat (nominal battery string voltage, V).
    Moving values: fn=ups in dutyroom.py — on battery for 90 s every 20 minutes (the offset
    depends on the UPS), the input sagging meanwhile."""
    ups = v["ups"]
    kva, inph, outph = v["kva"], v["inph"], v["outph"]

    def q(name: str, line: int | None = None) -> str:
        return _moving("ups", f"q={name}", *([f"line={line}"] if line is not None else []), ups)

    def lines(table: str, count: int, *columns: str) -> Records:
        """A table of lines (input, output): each line's index, then its moving value per column."""
        return [rec for i in range(1, count + 1) for rec in (
            (f"{table}.1.{i}", "2", str(i)),
            *((f"{table}.{col}.{i}", "2:dutyroom", q(name, i)) for col, name in enumerate(columns, start=2)))]

    m = UPS_MIB
    out: Records = system(v) + [
        # upsIdent
        (f"{m}.1.1.0", "4", "SANTAK"),
        (f"{m}.1.2.0", "4", v["ups_model"]),
        (f"{m}.1.3.0", "4", v["ups_firmware"]),
        (f"{m}.1.4.0", "4", v["card_firmware"]),
        (f"{m}.1.5.0", "4", v["asset_tag"]),
        (f"{m}.1.6.0", "4", v["attached"]),
        # upsBattery
        (f"{m}.2.1.0", "2:dutyroom", q("status")),
        (f"{m}.2.2.0", "2:dutyroom", q("on_batt_s")),
        (f"{m}.2.3.0", "2:dutyroom", q("runtime")),
        (f"{m}.2.4.0", "2:dutyroom", q("charge")),
        (f"{m}.2.5.0", "2:dutyroom", q("bat_v10")),
        (f"{m}.2.6.0", "2:dutyroom", q("bat_i10")),
        (f"{m}.2.7.0", "2:dutyroom", q("bat_temp")),
        # upsInput
        (f"{m}.3.1.0", "65:dutyroom", q("line_bads")),
        (f"{m}.3.2.0", "2", str(inph)),
    ]
    out += lines(f"{m}.3.3.1", inph, "in_freq10", "in_v", "in_i10", "in_w")
    # upsOutput: source normal(3), battery(5) during the trips
    out += [
        (f"{m}.4.1.0", "2:dutyroom", q("source")),
        (f"{m}.4.2.0", "2:dutyroom", q("out_freq10")),
        (f"{m}.4.3.0", "2", str(outph)),
    ]
    out += lines(f"{m}.4.4.1", outph, "out_v", "out_i10", "out_w", "out_load")
    # upsBypass (fed from the same mains, carrying nothing while the inverter runs)
    out += [(f"{m}.5.1.0", "2:dutyroom", q("in_freq10", 1)), (f"{m}.5.2.0", "2", str(outph))]
    for i in range(1, outph + 1):
        out += [
            (f"{m}.5.3.1.1.{i}", "2", str(i)),
            (f"{m}.5.3.1.2.{i}", "2:dutyroom", q("bypass_v", i)),
            (f"{m}.5.3.1.3.{i}", "2", "0"),
            (f"{m}.5.3.1.4.{i}", "2", "0"),
        ]
    return out + [
        # upsAlarm: upsAlarmsPresent is 1 while on battery
        (f"{m}.6.1.0", "66:dutyroom", q("alarms")),
        # upsTest: the last self-test passed
        (f"{m}.7.1.0", "6", "1.3.6.1.2.1.33.1.7.7.1"),
        (f"{m}.7.3.0", "2", "1"),
        (f"{m}.7.4.0", "4", "Battery test passed"),
        # upsConfig: nominal values (V, 0.1 Hz, VA, W, minutes, transfer points in V)
        (f"{m}.9.1.0", "2", "220"),
        (f"{m}.9.2.0", "2", "500"),
        (f"{m}.9.3.0", "2", "220"),
        (f"{m}.9.4.0", "2", "500"),
        (f"{m}.9.5.0", "2", str(kva * 1000)),
        (f"{m}.9.6.0", "2", str(int(kva * 900))),
        (f"{m}.9.7.0", "2", "5"),
        (f"{m}.9.8.0", "2", "2"),
        (f"{m}.9.9.0", "2", "176"),
        (f"{m}.9.10.0", "2", "276"),
    ]


ENT_PHYSICAL = "1.3.6.1.2.1.47.1.1.1.1"
HH3C_ENTITY_EXT = "1.3.6.1.4.1.25506.2.6.1.1.1.1"
# Comware 7's entity layout: index, entPhysicalDescr, ContainedIn, Class, Name.
H3C_ENTITIES = (
    (1, "H3C", 0, 11, ""),
    (2, None, 1, 3, None),  # the chassis: "<model> Software Version <comware>", named by its model
    (192, "MODULE LEVEL1", 2, 9, "Board"),
    (193, "PSU", 2, 6, "PSU 1"),
    (194, "PSU", 2, 6, "PSU 2"),
    (198, "FAN UNIT", 2, 7, "FAN 1"),
    (199, "FAN UNIT", 2, 7, "FAN 2"),
    (202, "SENSOR", 192, 8, "Hotspot 1"),
    (203, "SENSOR", 192, 8, "Inflow 1"),
)


def switch_h3c(v: Vars) -> Records:
    """H3C Comware switch: system group, IF-MIB, ENTITY-MIB entPhysicalTable and
    HH3C-ENTITY-EXT-MIB (CPU %, memory %, temperature ℃ per entity; 65535 = no sensor, 0 = no
    CPU), HH3C-LSW-DEV-ADM-MIB fans and power supplies. Entity layout as Comware 7 has it:
    1 stack, 2 chassis, 192 board, 193-194 power supplies, 198-199 fans, 202-203 sensors."""
    dev, model = v["dev"], v["model"]
    out = system(v) + if_mib(v)
    chassis = f"{model} Software Version {v['comware']}"
    for index, descr, parent, cls, name in H3C_ENTITIES:
        out += [
            (f"{ENT_PHYSICAL}.2.{index}", "4", descr if descr is not None else chassis),
            (f"{ENT_PHYSICAL}.4.{index}", "2", str(parent)),
            (f"{ENT_PHYSICAL}.5.{index}", "2", str(cls)),
            (f"{ENT_PHYSICAL}.7.{index}", "4", name if name is not None else model),
        ]
    out.append((f"{ENT_PHYSICAL}.13.2", "4", model))
    x = HH3C_ENTITY_EXT
    for e in (1, 2, 193, 194, 198, 199):  # no CPU, no memory, no sensor
        out += [(f"{x}.6.{e}", "2", "0"), (f"{x}.8.{e}", "2", "0"), (f"{x}.12.{e}", "2", "65535")]

    def level(*args: object) -> str:
        return _moving("level", *args, dev)

    temp = "spread=2,biz=1.5,day=0.8,peak=15,amp=0.8,step=300"
    out += [
        (f"{x}.6.192", "2:dutyroom",
         level("key=cpu", f"base={v['switch_cpu']}", "spread=3,biz=6,amp=4,step=60,lo=1,hi=100")),
        (f"{x}.6.202", "2", "0"),
        (f"{x}.6.203", "2", "0"),
        (f"{x}.8.192", "2:dutyroom",
         level("key=mem", f"base={v['switch_mem']}", "spread=4,amp=1,step=3600,lo=1,hi=100")),
        (f"{x}.8.202", "2", "0"),
        (f"{x}.8.203", "2", "0"),
        (f"{x}.12.192", "2:dutyroom", level("key=tboard", f"base={v['board_temp']}", temp)),
        (f"{x}.12.202", "2:dutyroom",
         level("key=thot", f"base={v['board_temp'] + 6}", "spread=2,biz=2,day=0.8,peak=15,amp=0.8,step=300")),
        (f"{x}.12.203", "2:dutyroom", level("key=tin", "base=24,spread=1,day=0.9,peak=15,amp=0.4,step=300")),
        # hh3cDevMFanStatus, hh3cDevMPowerStatus: active(1)
        ("1.3.6.1.4.1.25506.8.35.9.1.1.1.2.1", "2", "1"),
        ("1.3.6.1.4.1.25506.8.35.9.1.1.1.2.2", "2", "1"),
        ("1.3.6.1.4.1.25506.8.35.9.1.2.1.2.1", "2", "1"),
        ("1.3.6.1.4.1.25506.8.35.9.1.2.1.2.2", "2", "1"),
    ]
    return out


HW_ENTITY = "1.3.6.1.4.1.2011.5.25.31.1.1"


def switch_huawei(v: Vars) -> Records:
    """Huawei VRP switch: system group, IF-MIB, ENTITY-MIB entPhysicalTable for the ``boards`` of
    the device, HUAWEI-ENTITY-EXTENT-MIB hwEntityStateTable (CPU %, memory %, temperature ℃;
    0 = no such sensor) and hwEntityFanStatusTable (state normal(1))."""
    dev = v["dev"]
    out = system(v) + if_mib(v)
    for b in v["boards"]:
        out += [
            (f"{ENT_PHYSICAL}.2.{b.index}", "4", b.descr),
            (f"{ENT_PHYSICAL}.4.{b.index}", "2", str(b.parent)),
            (f"{ENT_PHYSICAL}.5.{b.index}", "2", str(b.cls)),
            (f"{ENT_PHYSICAL}.7.{b.index}", "4", b.name),
            (f"{HW_ENTITY}.1.1.5.{b.index}", *_tag_value(b.cpu)),
            (f"{HW_ENTITY}.1.1.7.{b.index}", *_tag_value(b.mem)),
            (f"{HW_ENTITY}.1.1.11.{b.index}", *_tag_value(b.temp)),
        ]
    for f in v["fans"]:
        out += [
            (f"{HW_ENTITY}.10.1.5.{f}", "2:dutyroom",
             _moving("level", f"key=fan{f}", "base=45,day=5,peak=15,amp=3,step=600", dev)),
            (f"{HW_ENTITY}.10.1.6.{f}", "2", "1"),
            (f"{HW_ENTITY}.10.1.7.{f}", "2", "1"),
        ]
    return out


# ------------------------------------------------------------------ the room's 动环 points (演示补充)


def _string_index(text: str) -> str:
    """A DisplayString index (not IMPLIED): its length, then its characters (RFC 2578 7.7)."""
    raw = text.encode("utf-8")
    return ".".join(str(x) for x in (len(raw), *raw))


def _event(at: str, on: int, off: int) -> str:
    return _moving("event", f"at={at}", f"on={on}", f"off={off}")


NETBOTZ = "1.3.6.1.4.1.5528.100"


def env_netbotz(v: Vars) -> Records:
    """APC NetBotz appliance (NETBOTZV2-MIB, enterprises.5528.100): the base enclosure, one
    temperature and one humidity probe (tempSensorTable, humiSensorTable: tenths of a degree
    Celsius, of a percent), and on the room monitor a smoke detector on a dry contact
    (dryContactSensorTable: open(0) normal, closed(1) smoke) and the room's door switch
    (doorSwitchSensorTable: open(0), closed(1)). Each sensor's ErrorStatus is "the severity value
    of the highest severity error condition that is not resolved": critical(4) while there is
    smoke, warning(2) while the door stands open (the alerts set up on the appliance), normal(0)
    otherwise; when they happen is the rule's ``smoke_event`` / ``door_event`` (fn=event)."""
    dev = v["dev"]
    enclosure = _string_index("nbBase")
    out = system(v) + [
        (f"{NETBOTZ}.2.1.1.1.{enclosure}", "4", "nbBase"),
        (f"{NETBOTZ}.2.1.1.2.{enclosure}", "2", "2"),  # enclosureStatus normal(2)
        (f"{NETBOTZ}.2.1.1.3.{enclosure}", "2", "0"),  # enclosureErrorStatus normal(0)
        (f"{NETBOTZ}.2.1.1.4.{enclosure}", "4", v["enclosure_label"]),
    ]
    probes = (
        ("4.1.1.1", "nbBase_TEMP", v["temp_label"],
         _moving("level", "key=t", f"base={v['temp_base']}", "spread=8,day=5,peak=15,amp=3,step=300", dev)),
        ("4.1.2.1", "nbBase_HUMI", v["humi_label"],
         _moving("level", "key=h", f"base={v['humi_base']}", "spread=20,day=-15,peak=15,amp=8,step=600", dev)),
    )
    for table, sensor, label, value in probes:
        i = _string_index(sensor)
        out += [
            (f"{NETBOTZ}.{table}.1.{i}", "4", sensor),
            (f"{NETBOTZ}.{table}.2.{i}", "2:dutyroom", value),
            (f"{NETBOTZ}.{table}.3.{i}", "2", "0"),
            (f"{NETBOTZ}.{table}.4.{i}", "4", label),
            (f"{NETBOTZ}.{table}.5.{i}", "4", "nbBase"),
        ]
    states = []
    if v.get("smoke_event"):  # smoke: the contact closes, the appliance says critical(4)
        states.append(("4.2.1.1", "nbBase_DRY1", v["smoke_label"], _event(v["smoke_event"], 1, 0),
                       _event(v["smoke_event"], 4, 0)))
    if v.get("door_event"):  # the door opens (open(0)), the appliance says warning(2)
        states.append(("4.2.2.1", "nbBase_DOOR1", v["door_label"], _event(v["door_event"], 0, 1),
                       _event(v["door_event"], 2, 0)))
    for table, sensor, label, value, error in states:
        i = _string_index(sensor)
        out += [
            (f"{NETBOTZ}.{table}.1.{i}", "4", sensor),
            (f"{NETBOTZ}.{table}.2.{i}", "2:dutyroom", value),
            (f"{NETBOTZ}.{table}.3.{i}", "2:dutyroom", error),
            (f"{NETBOTZ}.{table}.4.{i}", "4", label),
            (f"{NETBOTZ}.{table}.5.{i}", "4", "nbBase"),
        ]
    return out


WLD = "1.3.6.1.4.1.21796.4.5"


def leak_wld(v: Vars) -> Records:
    """HW group WLD water leak detector (HWg-WLD-MIB, enterprises.21796.4.5): one detection rope
    in wldTable. wldValue normal(0), flooded(1); wldState normal(1), alarm(3) — flooded and alarm
    while the rule's ``leak_event`` lasts (fn=event)."""
    return system(v) + [
        (f"{WLD}.4.1.1.1", "2", "1"),  # wldIndex
        (f"{WLD}.4.1.2.1", "4", v["rope_label"]),  # wldName
        (f"{WLD}.4.1.3.1", "2:dutyroom", _event(v["leak_event"], 3, 1)),  # wldState
        (f"{WLD}.4.1.4.1", "4", f"WLD{v['seed'] % 100000:05d}"),  # wldSN
        (f"{WLD}.4.1.6.1", "2:dutyroom", _event(v["leak_event"], 1, 0)),  # wldValue
    ]


RPDU, RPDU2 = "1.3.6.1.4.1.318.1.1.12", "1.3.6.1.4.1.318.1.1.26"


def pdu_apc(v: Vars) -> Records:
    """APC switched rack PDU (PowerNet-MIB): rPDUIdent (name, the set line voltage, the power in
    watts), rPDULoadStatusTable (one phase row: rPDULoadStatusLoad in tenths of amps, phase 1,
    bank 0) and rPDU2DeviceStatusTable (load state normal(2), power in hundredths of kW). The load
    wanders with the hospital's working hours around the rack's own level; the power is the same
    current at ``volts`` (one seeded wander, three scales)."""
    dev, volts = v["dev"], int(v["volts"])
    load = ("key=load", f"base={v['amps10']}", "spread=8,biz=6,day=2,peak=14,amp=2,step=300,lo=1,hi=320")
    return system(v) + [
        (f"{RPDU}.1.1.0", "4", v["sys_name"]),  # rPDUIdentName
        (f"{RPDU}.1.15.0", "2", str(volts)),  # rPDUIdentDeviceLinetoLineVoltage
        (f"{RPDU}.1.16.0", "2:dutyroom", _moving("level", *load, f"scale={volts / 10}", dev)),  # W
        (f"{RPDU}.2.3.1.1.1.1", "2", "1"),  # rPDULoadStatusIndex
        (f"{RPDU}.2.3.1.1.2.1", "66:dutyroom", _moving("level", *load, dev)),  # rPDULoadStatusLoad
        (f"{RPDU}.2.3.1.1.3.1", "2", "1"),  # rPDULoadStatusLoadState phaseLoadNormal(1)
        (f"{RPDU}.2.3.1.1.4.1", "2", "1"),  # rPDULoadStatusPhaseNumber
        (f"{RPDU}.2.3.1.1.5.1", "2", "0"),  # rPDULoadStatusBankNumber: 0, the phase's row
        (f"{RPDU2}.4.3.1.1.1", "2", "1"),  # rPDU2DeviceStatusIndex
        (f"{RPDU2}.4.3.1.2.1", "2", "1"),  # rPDU2DeviceStatusModule
        (f"{RPDU2}.4.3.1.3.1", "4", v["sys_name"]),  # rPDU2DeviceStatusName
        (f"{RPDU2}.4.3.1.4.1", "2", "2"),  # rPDU2DeviceStatusLoadState normal(2)
        (f"{RPDU2}.4.3.1.5.1", "2:dutyroom", _moving("level", *load, f"scale={volts / 100}", dev)),  # 0.01 kW
    ]


KINDS: dict[str, Callable[[Vars], Records]] = {
    "ac-liebert": ac_liebert,
    "fc-switch": network_device,
    "kvm": network_device,
    "security": network_device,
    "storage": network_device,
    "server-hostres": server_hostres,
    "server-netsnmp": server_netsnmp,
    "switch-h3c": switch_h3c,
    "switch-huawei": switch_huawei,
    "ups-santak": ups_santak,
    "env-netbotz": env_netbotz,
    "leak-wld": leak_wld,
    "pdu-apc": pdu_apc,
}


# ------------------------------------------------------------------ a recording from records

_OID = re.compile(r"^\d+(\.\d+)+$")


def _needs_hex(value: str) -> bool:
    return value != value.strip() or any(not 32 <= ord(c) < 127 for c in value)


def _oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(x) for x in oid.split("."))


def render(kind: str, variables: Vars, silent: tuple[float, float, float] | None = None) -> str:
    """A recording (snmprec text, sorted by OID) of a kind of device with its variables; every
    record of a device that goes silent (``silent``: period, window, offset) is wrapped so the
    variation module drops requests in its window."""
    make = KINDS.get(kind)
    if make is None:
        raise DemoAgentsError(f"no recording for the kind of device {kind!r}")
    records: dict[tuple[int, ...], Record] = {}
    for oid, tag, value in make(variables):
        if not _OID.match(oid):
            raise DemoAgentsError(f"{kind}: bad OID {oid!r}")
        if tag == "4" and _needs_hex(value):  # also a value of several lines
            tag, value = "4x", value.encode("utf-8").hex()
        if "|" in tag or "\n" in value:
            raise DemoAgentsError(f"{kind}: {oid} cannot be written as one snmprec line")
        if silent is not None:
            outage = "outage=" + "/".join(num(x) for x in silent)
            if ":" in tag:
                value = f"{outage},{value}"
            else:
                tag, value = f"{tag}:dutyroom", f"{outage},fn=raw,value={value}"
        key = _oid_key(oid)
        if key in records:
            raise DemoAgentsError(f"{kind}: {oid} twice")
        records[key] = (oid, tag, value)
    return "".join(f"{o}|{t}|{v}\n" for _, (o, t, v) in sorted(records.items()))


def heartbeat_recording() -> str:
    return (f"{SYS_DESCR}|4|{HEARTBEAT_DESCR}\n"
            "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10\n"
            "1.3.6.1.2.1.1.3.0|67:dutyroom|fn=uptime,seed=opsdesk-demo\n"
            f"1.3.6.1.2.1.1.5.0|4|{HEARTBEAT_COMMUNITY}\n")


def recordings(store: Store) -> dict[str, str]:
    """Community → recording text, for every demo device and the heartbeat."""
    wanted: dict[str, str] = {HEARTBEAT_COMMUNITY: heartbeat_recording()}
    for device in demo_devices(store):
        wanted[device.community] = render(device.kind, device.variables, device.silent)
    return wanted


def write_recordings(store: Store, out_dir: Path | None = None) -> list[Path]:
    """One ``<community>.snmprec`` per demo device (plus the heartbeat recording) in
    ``out_dir`` (default ``runtime_dir()/"data"``). Files whose text did not change are left
    alone (snmpsim then keeps its index); recordings of units no longer there are removed."""
    out_dir = Path(out_dir) if out_dir is not None else runtime_dir() / "data"
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = recordings(store)
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
