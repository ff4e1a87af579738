"""What a reading means to the duty room: the one vocabulary of metric roles.

A profile gives each metric a ``role`` from this table (``role = "room.temperature"``);
the floor, the gauges, the trends, the checklist and the inspection sheet's autofill
select readings by role, never by decoding a metric key or a raw enumeration number.
A metric without a role is still read, shown on the device panel and alarmed on; it is
simply not picked for one of the room's summaries.

Adding a role is a line here (with its names) and nothing else; a profile naming a role
that is not here fails to load (opsdesk.profiles.spec).
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Role:
    key: str
    zh: str
    en: str
    group: str  # room, cooling, ups, pdu, host, controller, hardware, network, safety
    room_air: bool = False  # judged against the room's band (R-ENV-1)


_ROLES = (
    # the room's air, as the room's sensors and the cooling units' return air see it
    Role("room.temperature", "机房温度", "Room temperature", "room", room_air=True),
    Role("room.humidity", "机房湿度", "Room humidity", "room", room_air=True),
    Role("cooling.return_temperature", "回风温度", "Return air temperature", "cooling", room_air=True),
    Role("cooling.return_humidity", "回风湿度", "Return air humidity", "cooling", room_air=True),
    Role("cooling.supply_temperature", "送风温度", "Supply air temperature", "cooling"),
    Role("cooling.supply_humidity", "送风湿度", "Supply air humidity", "cooling"),
    Role("cooling.setpoint", "设定值", "Set point", "cooling"),
    Role("cooling.unit_state", "空调运行状态", "Cooling unit state", "cooling"),
    Role("cooling.component", "空调部件状态", "Cooling component state", "cooling"),
    # UPS
    Role("ups.output_source", "输出来源", "Output source", "ups"),
    Role("ups.output_load", "输出负载率", "Output load", "ups"),
    Role("ups.output_voltage", "输出电压", "Output voltage", "ups"),
    Role("ups.input_voltage", "输入电压", "Input voltage", "ups"),
    Role("ups.input_frequency", "输入频率", "Input frequency", "ups"),
    Role("ups.output_frequency", "输出频率", "Output frequency", "ups"),
    Role("ups.battery_voltage", "电池电压", "Battery voltage", "ups"),
    Role("ups.battery_charge", "电池剩余电量", "Battery charge", "ups"),
    Role("ups.battery_runtime", "预计后备时间", "Estimated runtime", "ups"),
    Role("ups.battery_status", "电池状态", "Battery status", "ups"),
    Role("ups.battery_temperature", "电池温度", "Battery temperature", "ups"),
    Role("ups.unit_state", "UPS 状态", "UPS state", "ups"),
    # power distribution
    Role("pdu.current", "PDU 电流", "PDU current", "pdu"),
    Role("pdu.power", "PDU 功率", "PDU power", "pdu"),
    Role("pdu.voltage", "PDU 电压", "PDU voltage", "pdu"),
    Role("pdu.outlet_state", "插座状态", "Outlet state", "pdu"),
    Role("pdu.load_state", "PDU 负载状态", "PDU load state", "pdu"),
    Role("pdu.unit_state", "PDU 状态", "PDU state", "pdu"),
    # the server or network device itself (its operating system, or its hardware as its
    # management controller sees it)
    Role("host.cpu", "CPU 使用率", "CPU load", "host"),
    Role("host.memory", "内存使用率", "Memory use", "host"),
    Role("host.storage", "存储使用率", "Storage use", "host"),
    Role("host.health", "整机健康状态", "Overall health", "host"),
    Role("host.power", "整机功耗", "Power draw", "host"),
    # the management controller's own resources (a BMC's CPU is not the server's)
    Role("controller.cpu", "管理控制器 CPU", "Controller CPU", "controller"),
    Role("controller.memory", "管理控制器内存", "Controller memory", "controller"),
    Role("controller.storage", "管理控制器存储", "Controller storage", "controller"),
    # hardware inside a device
    Role("hw.temperature", "部件温度", "Component temperature", "hardware"),
    Role("hw.inlet_temperature", "进风温度", "Inlet temperature", "hardware"),
    Role("hw.fan", "风扇", "Fan", "hardware"),
    Role("hw.psu", "电源模块", "Power supply", "hardware"),
    Role("hw.component", "部件状态", "Component state", "hardware"),
    Role("hw.disk", "磁盘", "Disk", "hardware"),
    Role("hw.voltage", "部件电压", "Component voltage", "hardware"),
    # network
    Role("net.link", "端口状态", "Link", "network"),
    Role("net.transceiver", "光模块", "Transceiver", "network"),
    Role("net.redundancy", "冗余/双机状态", "Redundancy state", "network"),
    Role("net.poe", "PoE 供电", "PoE power", "network"),
    Role("net.wlan_ap", "无线 AP 状态", "Wireless AP state", "network"),
    # safety contacts and detectors
    Role("safety.leak", "漏水", "Leak", "safety"),
    Role("safety.smoke", "烟雾", "Smoke", "safety"),
    Role("safety.fire", "消防", "Fire", "safety"),
    Role("safety.door", "门禁/门磁", "Door", "safety"),
    Role("safety.contact", "干接点", "Dry contact", "safety"),
)

ROLES: dict[str, Role] = {r.key: r for r in _ROLES}

ROOM_TEMPERATURE = ("room.temperature", "cooling.return_temperature")
ROOM_HUMIDITY = ("room.humidity", "cooling.return_humidity")
ROOM_AIR_ROLES = tuple(r.key for r in _ROLES if r.room_air)


def is_room_air(role: str | None) -> bool:
    found = ROLES.get(role) if role else None
    return found is not None and found.room_air


def name(role: str, lang: str = "zh") -> str:
    r = ROLES.get(role)
    if r is None:
        return role
    return r.en if lang == "en" else r.zh
