"""Plain records shaped like the probes' readings, for feeding the monitor in tests
(the monitor knows no SNMP; the probes are tested against real agents in tests/probes)."""

from __future__ import annotations

from dataclasses import dataclass, field

# The role a shipped profile gives the metrics these tests use (opsdesk.models.roles).
ROLE_OF = {
    "env.temperature": "room.temperature", "env.humidity": "room.humidity",
    "cooling.return_temperature": "cooling.return_temperature", "cooling.return_humidity": "cooling.return_humidity",
    "ups.output.source": "ups.output_source", "ups.output.load": "ups.output_load",
    "ups.battery.charge": "ups.battery_charge", "ups.battery.runtime": "ups.battery_runtime",
    "ups.input.voltage": "ups.input_voltage", "ups.output.voltage": "ups.output_voltage",
    "ups.battery.temperature": "ups.battery_temperature", "host.cpu.load": "host.cpu",
}


@dataclass
class R:
    """One reading (opsdesk.probes.reading.Reading's fields the monitor uses)."""

    metric: str
    value: float | None
    cls: str = "temperature"
    index: str = ""
    label: str = "回风温度"
    text: str | None = None
    unit: str = "℃"
    state_meaning: str | None = None
    severity: str | None = None
    limits: tuple | None = None
    invalid_reason: str | None = None
    role: str | None = None  # None: the role the shipped profiles give this metric
    alarm: str = "state"
    labels: dict | None = None  # label in both languages {"zh": …, "en": …}, as the probes give it
    meanings: dict | None = None  # state_meaning in both languages
    invalid_code: str | None = None  # invalid_reason as a code (opsdesk.models.alarm_text.INVALID_REASONS)
    invalid_params: dict | None = None

    def __post_init__(self) -> None:
        if self.role is None:
            self.role = ROLE_OF.get(self.metric, "")


@dataclass
class D:
    """One device's read (opsdesk.probes.reading.DeviceReading's fields the monitor uses)."""

    readings: list = field(default_factory=list)
    status: str = "ok"
    error_category: str | None = None
    error_message: str | None = None
    sys_object_id: str = ".1.3.6.1.4.1.476.1.42"
    sys_descr: str = "Liebert"
    uptime_s: float | None = 1000.0
    profiles: tuple = ("liebert-gp-env",)
    kinds: tuple | None = None  # the applied profiles' kinds; None: not said (not judged for 无匹配型号)
