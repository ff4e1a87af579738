"""Every reading expected.tsv asks of the nine real-device recordings, read over real
SNMP with the profiles the code picks by itself — and the standard-MIB ones again when
the device hides behind an unknown sysObjectID."""

from __future__ import annotations

import pytest

from tests.probes import expected as ex
from tests.probes.conftest import CORPUS

pytestmark = pytest.mark.timeout(60)

EXPECTED = ex.load(CORPUS / "expected.tsv") if (CORPUS / "expected.tsv").exists() else []


@pytest.fixture(scope="module")
def readings(sim):
    """Each recording and its anonymised twin, read once, all at the same time."""
    return ex.read_all(sim, [*sim.recordings, *(f"anon-{n}" for n in sim.recordings)])


_report = ex.report


def test_every_expected_reading(readings):
    assert EXPECTED, "expected.tsv not found or empty"
    failures = [msg for exp in EXPECTED if (msg := ex.check(exp, readings[exp.device]))]
    assert not failures, _report(failures, len(EXPECTED))


def test_standard_mib_readings_without_a_known_sysobjectid(readings):
    standard = [e for e in EXPECTED if e.standard]
    assert len(standard) > 50
    failures = []
    for exp in standard:
        dev = readings[f"anon-{exp.device}"]
        assert dev.sys_object_id == "1.3.6.1.4.1.99999.1"
        if msg := ex.check(exp, dev):
            failures.append(msg)
    assert not failures, _report(failures, len(standard))


def test_devices_match_the_profiles_written_for_them(readings):
    wanted = {
        "eaton-mgeups_9px": {"ups-mib", "eaton-xups", "mge-ups", "sys-generic"},
        "apc_smt750x-nmc2": {"apc-powernet-ups", "apc-powernet-env"},
        "huaweiups_ups2000": {"ups-mib"},
        "liebert_weblbds": {"liebert-gp-env", "ups-mib"},
        "apc_airfm": {"apc-powernet-airfm"},
        "hwg-poseidon": {"hwg-poseidon"},
        "linux_powermon": {"host-resources", "net-snmp", "lm-sensors", "if-mib"},
        "comware_hpe5900": {"hh3c-comware"},
        "fortigate_60f": {"fortigate", "if-mib"},
    }
    for device, profiles in wanted.items():
        assert profiles <= set(readings[device].profiles), (device, readings[device].profiles)
    assert "ups-mib" not in readings["linux_powermon"].profiles
    assert "apc-powernet-ups" not in readings["apc_airfm"].profiles


def test_readings_are_plain_and_complete(readings):
    for name, dev in readings.items():
        assert dev.status == "ok", (name, dev.error_message)
        assert dev.uptime_s and dev.uptime_s > 0
        keys = [(r.metric, r.index) for r in dev.readings]
        assert len(keys) == len(set(keys)), f"{name}: duplicate metric identities"
        for r in dev.readings:
            assert r.at.tzinfo is not None
            assert r.label, (name, r)
            assert (r.value is None) == (r.invalid_reason is not None) or r.cls == "state", (name, r)
            if r.severity is not None:
                assert r.severity in {"ok", "warning", "critical", "unknown"}


def test_room_limits_follow_r_env_1(readings):
    temps = [r for r in readings["hwg-poseidon"].readings if r.metric == "env.temperature"]
    hums = [r for r in readings["hwg-poseidon"].readings if r.metric == "env.humidity"]
    assert temps and all(r.limits == (18.0, 28.0) and r.unit == "℃" for r in temps)
    assert hums and all(r.limits == (35.0, 75.0) and r.unit == "%RH" for r in hums)
