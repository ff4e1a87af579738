"""What a reading means to the duty room: the one vocabulary of metric roles.

A profile gives each metric a ``role`` from this table (``role = "room.temperature"``);
the floor, the gauges, the trends, the checklist and the inspection sheet's autofill
select readings by role, never by decoding a metric key or a raw enumeration number.
A metric without a role is still read, shown on the device panel and alarmed on; it is
simply not picked for one of the room's summaries.

Adding a role is a line here (with its English name, and its Chinese in opsdesk.messages_zh); a profile naming a role
that is not here fails to load (opsdesk.probes.profiles).
"""

from __future__ import annotations

import dataclasses

from opsdesk.i18n import N_, say


@dataclasses.dataclass(frozen=True)
class Role:
    key: str
    name: str  # English source text; its Chinese is in the catalogue (opsdesk.messages_zh)
    group: str  # room, cooling, ups, pdu, host, controller, hardware, network, safety
    room_air: bool = False  # judged against the room's band (R-ENV-1)


_ROLES = (
    # the room's air, as the room's sensors and the cooling units' return air see it
    Role("room.temperature", N_("Room temperature"), "room", room_air=True),
    Role("room.humidity", N_("Room humidity"), "room", room_air=True),
    Role("cooling.return_temperature", N_("Return air temperature"), "cooling", room_air=True),
    Role("cooling.return_humidity", N_("Return air humidity"), "cooling", room_air=True),
    Role("cooling.supply_temperature", N_("Supply air temperature"), "cooling"),
    Role("cooling.supply_humidity", N_("Supply air humidity"), "cooling"),
    Role("cooling.setpoint", N_("Set point"), "cooling"),
    Role("cooling.unit_state", N_("Cooling unit state"), "cooling"),
    Role("cooling.component", N_("Cooling component state"), "cooling"),
    # UPS
    Role("ups.output_source", N_("Output source"), "ups"),
    Role("ups.output_load", N_("Output load"), "ups"),
    Role("ups.output_voltage", N_("Output voltage"), "ups"),
    Role("ups.input_voltage", N_("Input voltage"), "ups"),
    Role("ups.input_frequency", N_("Input frequency"), "ups"),
    Role("ups.output_frequency", N_("Output frequency"), "ups"),
    Role("ups.battery_voltage", N_("Battery voltage"), "ups"),
    Role("ups.battery_charge", N_("Battery charge"), "ups"),
    Role("ups.battery_runtime", N_("Estimated runtime"), "ups"),
    Role("ups.battery_status", N_("Battery status"), "ups"),
    Role("ups.battery_temperature", N_("Battery temperature"), "ups"),
    Role("ups.unit_state", N_("UPS state"), "ups"),
    # power distribution
    Role("pdu.current", N_("PDU current"), "pdu"),
    Role("pdu.power", N_("PDU power"), "pdu"),
    Role("pdu.voltage", N_("PDU voltage"), "pdu"),
    Role("pdu.outlet_state", N_("Outlet state"), "pdu"),
    Role("pdu.load_state", N_("PDU load state"), "pdu"),
    Role("pdu.unit_state", N_("PDU state"), "pdu"),
    # the server or network device itself (its operating system, or its hardware as its
    # management controller sees it)
    Role("host.cpu", N_("CPU load"), "host"),
    Role("host.memory", N_("Memory use"), "host"),
    Role("host.storage", N_("Storage use"), "host"),
    Role("host.health", N_("Overall health"), "host"),
    Role("host.power", N_("Power draw"), "host"),
    # the management controller's own resources (a BMC's CPU is not the server's)
    Role("controller.cpu", N_("Controller CPU"), "controller"),
    Role("controller.memory", N_("Controller memory"), "controller"),
    Role("controller.storage", N_("Controller storage"), "controller"),
    # hardware inside a device
    Role("hw.temperature", N_("Component temperature"), "hardware"),
    Role("hw.inlet_temperature", N_("Inlet temperature"), "hardware"),
    Role("hw.fan", N_("Fan"), "hardware"),
    Role("hw.psu", N_("Power supply"), "hardware"),
    Role("hw.component", N_("Component state"), "hardware"),
    Role("hw.disk", N_("Disk"), "hardware"),
    Role("hw.voltage", N_("Component voltage"), "hardware"),
    # network
    Role("net.link", N_("Link"), "network"),
    Role("net.transceiver", N_("Transceiver"), "network"),
    Role("net.redundancy", N_("Redundancy state"), "network"),
    Role("net.poe", N_("PoE power"), "network"),
    Role("net.wlan_ap", N_("Wireless AP state"), "network"),
    # safety contacts and detectors
    Role("safety.leak", N_("Leak"), "safety"),
    Role("safety.smoke", N_("Smoke"), "safety"),
    Role("safety.fire", N_("Fire"), "safety"),
    Role("safety.door", N_("Door"), "safety"),
    Role("safety.contact", N_("Dry contact"), "safety"),
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
    return role if r is None else say(lang, r.name)
