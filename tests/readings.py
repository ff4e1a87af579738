"""Plain records shaped like the probes' readings, for feeding the monitor in tests
(the monitor knows no SNMP; the probes are tested against real agents in tests/probes)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
