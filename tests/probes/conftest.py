"""One real snmpsim agent for the whole probes session (see simagent.py).

Served communities: each recording of shared/snmp-corpus under its own name; the same
recording as ``anon-<name>`` with sysObjectID replaced by an unknown enterprise OID, so a
test can check what standard MIBs give an unrecognised device; ``quirks`` (odd values a
real agent sends); ``entity`` (ENTITY-SENSOR-MIB rows with scale and precision);
``bigtable`` (a table longer than the row caps the tests set).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from tests.probes.simagent import SimAgent, copy_recordings


def _corpus() -> Path:
    """shared/snmp-corpus beside the project (as CI lays it out), or OPSDESK_SNMP_CORPUS."""
    if os.environ.get("OPSDESK_SNMP_CORPUS"):
        return Path(os.environ["OPSDESK_SNMP_CORPUS"])
    beside = Path(__file__).resolve().parents[2].parent / "shared" / "snmp-corpus"
    return beside if beside.is_dir() else Path("/work/shared/snmp-corpus")


CORPUS = _corpus()
WIDE = CORPUS / "wide"
# Recordings written from a MIB for families the corpus has no device of (each file says so;
# expected values quote the MIB's DESCRIPTION, never what a profile printed).
WRITTEN = Path(__file__).resolve().parent / "recordings"
UNKNOWN_SYSOBJECTID = "1.3.6.1.4.1.99999.1"
BIG_ROWS = 2_000

QUIRKS = """\
1.3.6.1.2.1.1.1.0|4|Quirky UPS agent
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.2
1.3.6.1.2.1.1.3.0|67|123456
1.3.6.1.2.1.1.5.0|4x|e69cbae688bfe4b880e58fb7
1.3.6.1.2.1.1.6.0|4x|bbfab7bfd2bbbac5
1.3.6.1.2.1.2.2.1.6.1|4x|001a2b3c4d5e
1.3.6.1.2.1.33.1.1.1.0|4|Quirk
1.3.6.1.2.1.33.1.2.1.0|2|2
1.3.6.1.2.1.33.1.2.3.0|66|4294967295
1.3.6.1.2.1.33.1.2.4.0|4|full
1.3.6.1.2.1.33.1.2.5.0|2|2707
1.3.6.1.2.1.33.1.4.1.0|2|5
1.3.6.1.2.1.33.1.4.2.0|2|500
"""

def switch_recording(uptime_ticks: int, in_octets: int, temperature: str) -> str:  # temperature: "tag|value"
    """One switch at two moments: before and after a restart / a counter wrap."""
    return f"""\
1.3.6.1.2.1.1.1.0|4|Access switch
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.7
1.3.6.1.2.1.1.3.0|67|{uptime_ticks}
1.3.6.1.2.1.2.2.1.1.1|2|1
1.3.6.1.2.1.2.2.1.2.1|4|GigabitEthernet1/0/1
1.3.6.1.2.1.2.2.1.8.1|2|1
1.3.6.1.2.1.2.2.1.10.1|65|{in_octets}
1.3.6.1.2.1.47.1.1.1.1.7.10|4|Board
1.3.6.1.2.1.99.1.1.1.1.10|2|8
1.3.6.1.2.1.99.1.1.1.2.10|2|9
1.3.6.1.2.1.99.1.1.1.3.10|2|0
1.3.6.1.2.1.99.1.1.1.4.10|{temperature}
1.3.6.1.2.1.99.1.1.1.5.10|2|1
"""


def ups_recording(input_voltage: str = "2|230", input_current: str = "2|12", ident_only: bool = False) -> str:
    """A small RFC 1628 UPS. ``input_voltage`` "6|0" poisons its input table: snmpsim cannot
    encode a one-arc OID and drops the whole response (shared/PLATFORM.md), so walking that
    table times out while every other request is answered."""
    head = """\
1.3.6.1.2.1.1.1.0|4|UPS network card
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.9
1.3.6.1.2.1.1.3.0|67|500000
1.3.6.1.2.1.33.1.1.1.0|4|Some UPS maker
1.3.6.1.2.1.33.1.1.2.0|4|UPS 6K
"""
    if ident_only:
        return head
    return head + f"""\
1.3.6.1.2.1.33.1.2.1.0|2|2
1.3.6.1.2.1.33.1.2.2.0|2|0
1.3.6.1.2.1.33.1.2.3.0|2|42
1.3.6.1.2.1.33.1.2.4.0|2|100
1.3.6.1.2.1.33.1.3.2.0|2|1
1.3.6.1.2.1.33.1.3.3.1.1.1|2|1
1.3.6.1.2.1.33.1.3.3.1.2.1|2|500
1.3.6.1.2.1.33.1.3.3.1.3.1|{input_voltage}
1.3.6.1.2.1.33.1.3.3.1.4.1|{input_current}
1.3.6.1.2.1.33.1.4.1.0|2|3
1.3.6.1.2.1.33.1.4.2.0|2|500
1.3.6.1.2.1.33.1.4.3.0|2|1
1.3.6.1.2.1.33.1.4.4.1.1.1|2|1
1.3.6.1.2.1.33.1.4.4.1.2.1|2|220
1.3.6.1.2.1.33.1.4.4.1.5.1|2|35
"""


def switch_ports(port1_oper: int) -> str:
    """An access switch with three ports: Gi1/0/1 (up, or down in the second moment),
    Gi1/0/2 (administratively up, never connected), Gi1/0/3 (shut down on purpose)."""
    rows = [(1, "GigabitEthernet1/0/1", "Gi1/0/1", 1, port1_oper), (2, "GigabitEthernet1/0/2", "Gi1/0/2", 1, 2),
            (3, "GigabitEthernet1/0/3", "Gi1/0/3", 2, 2)]
    text = "1.3.6.1.2.1.1.1.0|4|Access switch\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.10\n1.3.6.1.2.1.1.3.0|67|900000\n"
    for i, descr, _, _, _ in rows:
        text += f"1.3.6.1.2.1.2.2.1.2.{i}|4|{descr}\n"
    for i, _, _, admin, _ in rows:
        text += f"1.3.6.1.2.1.2.2.1.7.{i}|2|{admin}\n"
    for i, _, _, _, oper in rows:
        text += f"1.3.6.1.2.1.2.2.1.8.{i}|2|{oper}\n"
    for i, _, name, _, _ in rows:
        text += f"1.3.6.1.2.1.31.1.1.1.1.{i}|4|{name}\n"
    return text


# (community → recording) served beside the corpus for tests/probes/test_bad_agents.py
BAD_AGENTS = {
    "ups-small": ups_recording(),
    "ups-slow-table": ups_recording(input_voltage="6|0"),  # the input table never answers
    "ups-negative-current": ups_recording(input_current="2|-1"),  # "not available" as -1
    "ups-ident-only": ups_recording(ident_only=True),  # a card answering the identity group only
    "switch-ports-up": switch_ports(1),
    "switch-ports-down": switch_ports(2),
    "switch-t1": switch_recording(8_640_000, 4_294_966_000, "2|41"),  # up one day, counter near 2^32
    "switch-t2": switch_recording(8_643_000, 1_000, "2|42"),  # 30 s later: the counter wrapped
    "switch-t3": switch_recording(500, 2_000, "4|N/A"),  # restarted; the sensor answers garbage
}

ENTITY = """\
1.3.6.1.2.1.1.1.0|4|Entity sensor test agent
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.5
1.3.6.1.2.1.1.3.0|67|100
1.3.6.1.2.1.47.1.1.1.1.7.10|4|Inlet Temp
1.3.6.1.2.1.47.1.1.1.1.7.11|4|12V Rail
1.3.6.1.2.1.47.1.1.1.1.7.12|4|Fan 1
1.3.6.1.2.1.47.1.1.1.1.7.13|4|PSU Temp
1.3.6.1.2.1.99.1.1.1.1.10|2|8
1.3.6.1.2.1.99.1.1.1.1.11|2|4
1.3.6.1.2.1.99.1.1.1.1.12|2|10
1.3.6.1.2.1.99.1.1.1.1.13|2|8
1.3.6.1.2.1.99.1.1.1.2.10|2|9
1.3.6.1.2.1.99.1.1.1.2.11|2|8
1.3.6.1.2.1.99.1.1.1.2.12|2|9
1.3.6.1.2.1.99.1.1.1.2.13|2|9
1.3.6.1.2.1.99.1.1.1.3.10|2|1
1.3.6.1.2.1.99.1.1.1.3.11|2|0
1.3.6.1.2.1.99.1.1.1.3.12|2|0
1.3.6.1.2.1.99.1.1.1.3.13|2|0
1.3.6.1.2.1.99.1.1.1.4.10|2|235
1.3.6.1.2.1.99.1.1.1.4.11|2|12030
1.3.6.1.2.1.99.1.1.1.4.12|2|5400
1.3.6.1.2.1.99.1.1.1.4.13|2|0
1.3.6.1.2.1.99.1.1.1.5.10|2|1
1.3.6.1.2.1.99.1.1.1.5.11|2|1
1.3.6.1.2.1.99.1.1.1.5.12|2|1
1.3.6.1.2.1.99.1.1.1.5.13|2|2
"""


def garble(text: str) -> str:
    """The same agent answering garbage, deterministically: some numbers sent as text,
    some text as numbers, enumerations and gauges outside anything a MIB allows, sentinels,
    and one row in seven missing (a truncated table). The system group stays intact, so
    the device answers."""
    import hashlib

    out = []
    for line in text.splitlines():
        if not line or line.startswith("#") or line.count("|") < 2:
            continue
        oid, tag, value = line.split("|", 2)
        if oid.startswith("1.3.6.1.2.1.1."):
            out.append(line)
            continue
        pick = int(hashlib.sha1(oid.encode(), usedforsecurity=False).hexdigest()[:4], 16) % 7
        numeric = tag in ("2", "65", "66", "67", "70")
        if pick == 0:
            continue  # the row is not there
        if pick == 1 and numeric:
            line = f"{oid}|4|N/A"  # a number sent as text
        elif pick == 2 and numeric:
            line = f"{oid}|2|-2147483648" if tag == "2" else f"{oid}|{tag}|4294967295"
        elif pick == 3 and tag == "2":
            line = f"{oid}|2|9999"  # an enumeration value no MIB lists
        elif pick == 4 and tag.startswith("4"):
            line = f"{oid}|2|-1"  # text sent as a number
        out.append(line)
    return "\n".join(out) + "\n"


def _anonymise(text: str) -> str:
    out = []
    for line in text.splitlines():
        if line.startswith("1.3.6.1.2.1.1.2.0|"):
            line = f"1.3.6.1.2.1.1.2.0|6|{UNKNOWN_SYSOBJECTID}"
        out.append(line)
    return "\n".join(out) + "\n"


HUGE_ROWS = 100_000


def _huge_if_table(rows: int) -> str:
    """An agent whose interface table has ``rows`` rows (ifOperStatus only)."""
    head = "1.3.6.1.2.1.1.1.0|4|Huge table\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.8\n1.3.6.1.2.1.1.3.0|67|100\n"
    return head + "".join(f"1.3.6.1.2.1.2.2.1.8.{i}|2|1\n" for i in range(1, rows + 1))


def _big_table() -> str:
    head = "1.3.6.1.2.1.1.1.0|4|Big table\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.3\n"
    rows = "".join(f"1.3.6.1.4.1.99999.3.1.1.{i}|2|{i}\n" for i in range(1, BIG_ROWS + 1))
    return head + rows + "1.3.6.1.4.1.99999.4.0|2|1\n"


@pytest.fixture(scope="session")
def sim(tmp_path_factory) -> SimAgent:
    if not CORPUS.is_dir():
        pytest.fail(f"SNMP corpus not found at {CORPUS} (set OPSDESK_SNMP_CORPUS)")
    work = tmp_path_factory.mktemp("snmpsim")
    data = work / "data"
    names = copy_recordings(CORPUS, data)
    wide = copy_recordings(WIDE, data) if WIDE.is_dir() else []
    written = copy_recordings(WRITTEN, data) if WRITTEN.is_dir() else []
    for name in [*wide, *written]:
        (data / f"garbled-{name}.snmprec").write_text(garble((data / f"{name}.snmprec").read_text()))
    for name in [*names, *wide, *written]:
        (data / f"anon-{name}.snmprec").write_text(_anonymise((data / f"{name}.snmprec").read_text()))
    (data / "quirks.snmprec").write_text(QUIRKS)
    (data / "entity.snmprec").write_text(ENTITY)
    (data / "bigtable.snmprec").write_text(_big_table())
    (data / "hugetable.snmprec").write_text(_huge_if_table(HUGE_ROWS))
    for community, text in BAD_AGENTS.items():
        (data / f"{community}.snmprec").write_text(text)
    agent = SimAgent(data, work)
    agent.recordings = names
    agent.wide = wide
    agent.written = written
    agent.start(probe_community=names[0])
    yield agent
    agent.stop()


def run(coro):
    """Run one coroutine on a fresh loop (one SnmpClient per loop)."""
    return asyncio.run(coro)
