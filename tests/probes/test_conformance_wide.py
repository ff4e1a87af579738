"""The eighteen devices of ``shared/snmp-corpus/wide`` and the recordings written from MIBs
(``tests/probes/recordings``), read over real SNMP with the profiles the code picks itself.

Every row of ``wide/expected.tsv`` must be satisfied; a device is taken in as the profiles
for its family land. ``wide_pending.txt`` lists the devices not taken in yet: their test is
expected to fail (strict), so a device that starts passing must leave the list, and the
list can only shrink. No row is skipped, filtered or loosened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.probes import expected as ex
from tests.probes.conftest import WIDE, WRITTEN

pytestmark = pytest.mark.timeout(120)

WIDE_EXPECTED = ex.load(WIDE / "expected.tsv") if (WIDE / "expected.tsv").exists() else []
WIDE_DEVICES = sorted({e.device for e in WIDE_EXPECTED})
PENDING = {line.strip() for line in (Path(__file__).with_name("wide_pending.txt")).read_text().splitlines()
           if line.strip() and not line.startswith("#")}
WRITTEN_EXPECTED = {p.name.removesuffix(".expected.tsv"): ex.load(p)
                    for p in sorted(WRITTEN.glob("*.expected.tsv"))}


@pytest.fixture(scope="module")
def readings(sim):
    """Each recording (and the wide ones' anonymised twins), read once, all at the same time."""
    return ex.read_all(sim, [*sim.wide, *(f"anon-{n}" for n in sim.wide), *sim.written])


_report = ex.report


def _params(devices):
    return [pytest.param(d, marks=pytest.mark.xfail(strict=True, reason="profiles not written yet"))
            if d in PENDING else d for d in devices]


def test_pending_list_names_real_devices():
    assert PENDING <= set(WIDE_DEVICES)


@pytest.mark.parametrize("device", _params(WIDE_DEVICES))
def test_every_expected_reading_of(device, readings):
    rows = [e for e in WIDE_EXPECTED if e.device == device]
    failures = [msg for exp in rows if (msg := ex.check(exp, readings[device]))]
    assert not failures, _report(failures, len(rows))


@pytest.mark.parametrize("device", _params(sorted({e.device for e in WIDE_EXPECTED if e.standard})))
def test_standard_mib_readings_without_a_known_sysobjectid(device, readings):
    rows = [e for e in WIDE_EXPECTED if e.device == device and e.standard]
    dev = readings[f"anon-{device}"]
    assert dev.sys_object_id == "1.3.6.1.4.1.99999.1"
    failures = [msg for exp in rows if (msg := ex.check(exp, dev))]
    assert not failures, _report(failures, len(rows))


@pytest.mark.parametrize("name", sorted(WRITTEN_EXPECTED))
def test_recordings_written_from_mibs(name, readings):
    rows = WRITTEN_EXPECTED[name]
    assert rows, f"{name}.expected.tsv is empty"
    failures = [msg for exp in rows if (msg := ex.check(exp, readings[exp.device]))]
    assert not failures, _report(failures, len(rows))


def test_every_shipped_profile_reads_some_real_agent(sim, readings):
    """No profile is untested: each applies to at least one recording (real or written from
    its MIB) and gives readings there."""
    from opsdesk.probes.reading import shipped_profiles

    top = ex.read_all(sim, list(sim.recordings))
    applied = {p for dev in [*readings.values(), *top.values()] for p in dev.profiles
               if any(r.profile == p for r in dev.readings)}
    untested = sorted(p.id for p in shipped_profiles() if p.id not in applied)
    assert not untested, f"profiles no recording exercises: {untested}"
