"""shared/snmp-corpus/expected.tsv as records, and the rule for "close enough"."""

from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path

from opsdesk.probes.reading import DeviceReading, Reading
from opsdesk.probes.snmp import norm_oid

# Standard MIBs: an unknown vendor must still get these readings (UPS-MIB, ENTITY-SENSOR,
# HOST-RESOURCES, IF-MIB ifTable/ifXTable, UCD-SNMP).
STANDARD_PREFIXES = (
    "1.3.6.1.2.1.33.",
    "1.3.6.1.2.1.99.",
    "1.3.6.1.2.1.25.",
    "1.3.6.1.2.1.2.",
    "1.3.6.1.2.1.31.",
    "1.3.6.1.4.1.2021.",
)


@dataclasses.dataclass(frozen=True)
class Expectation:
    line: int
    device: str
    cls: str
    descr: str
    oid: str
    expected: str
    unit: str
    note: str

    @property
    def is_state(self) -> bool:
        return self.cls == "state"

    @property
    def severity(self) -> str | None:
        m = re.search(r"severity (\w+)", self.note)
        return m.group(1) if m else None

    @property
    def standard(self) -> bool:
        return self.oid.startswith(STANDARD_PREFIXES)

    def __str__(self) -> str:
        return (f"expected.tsv:{self.line} {self.device} {self.cls} {self.descr!r} "
                f".{self.oid} = {self.expected} {self.unit} {self.note}".rstrip())


def load(path: Path) -> list[Expectation]:
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
            rows.append(Expectation(n, row["device"], row["class"], row["descr"],
                                    norm_oid(row["oid"]), row["expected"].strip(),
                                    row["unit"], row["note"] or ""))
    return rows


def read_all(sim, names: list[str], lang: str = "en") -> dict[str, DeviceReading]:
    """Read each community of ``sim`` once, all at the same time."""
    import asyncio

    from opsdesk.probes.reading import read_device
    from opsdesk.probes.snmp import SnmpClient

    async def go():
        async with SnmpClient() as client:
            devs = await asyncio.gather(*(read_device(client, sim.target(n, timeout=3.0), lang=lang) for n in names))
        return dict(zip(names, devs, strict=True))

    return asyncio.run(go())


def report(failures: list[str], total: int) -> str:
    return f"{len(failures)} of {total} expected readings not satisfied:\n" + "\n".join(failures)


def close_enough(value: float, expected: float) -> bool:
    """Within 0.1 absolute (values near zero) or 5 % relative (LibreNMS rounds percentages)."""
    return abs(value - expected) <= 0.1 or abs(value - expected) <= 0.05 * abs(expected)


def check(exp: Expectation, dev: DeviceReading) -> str | None:
    """None when ``dev`` has a reading that satisfies ``exp``, else why not."""
    if dev.status != "ok":
        return f"{exp}\n    device read failed: {dev.status} {dev.error_category} {dev.error_message}"
    found = [r for r in dev.readings if r.oid and norm_oid(r.oid) == exp.oid]
    if not found:
        near = [_show(r) for r in dev.readings if r.oid and r.oid.rsplit(".", 1)[0] == exp.oid.rsplit(".", 1)[0]]
        return (f"{exp}\n    no reading from that OID; profiles {dev.profiles}"
                + (f"\n    same column: {near[:5]}" if near else ""))
    problems = [p for p in (_mismatch(exp, r) for r in found) if p]
    if len(problems) < len(found):
        return None
    return f"{exp}\n    " + "\n    ".join(problems)


def _mismatch(exp: Expectation, r: Reading) -> str | None:
    if exp.expected == "unknown":
        if r.value is None and r.invalid_reason:
            return None
        return f"expected no value, got {_show(r)}"
    if exp.is_state:
        if r.raw is None or str(r.raw) != exp.expected:
            return f"raw state {r.raw!r} != {exp.expected}: {_show(r)}"
        if exp.severity and r.severity != exp.severity:
            return f"severity {r.severity!r} != {exp.severity!r}: {_show(r)}"
        return None
    if r.value is None:
        return f"no value ({r.invalid_reason}): {_show(r)}"
    if not close_enough(r.value, float(exp.expected)):
        return f"value {r.value} != {exp.expected}: {_show(r)}"
    return None


def _show(r: Reading) -> str:
    return (f"[{r.profile}] {r.metric}[{r.index}] {r.label!r} value={r.value} raw={r.raw!r} "
            f"{r.unit} {r.state_meaning or ''} {r.severity or ''} {r.invalid_reason or ''}").rstrip()
