"""Profiles as data: loading, checking, and the awkward values real agents send."""

from __future__ import annotations

import re

import pytest

from opsdesk.probes.reading import read_device
from opsdesk.probes.snmp import SnmpClient
from opsdesk.profiles import expr
from opsdesk.profiles.spec import KINDS, ProfileError, load_profiles, parse_profile
from tests.probes.conftest import run

pytestmark = pytest.mark.timeout(30)

OID = re.compile(r"^\d+(\.\d+)+$")
CJK = re.compile(r"[\u4e00-\u9fff]")
REQUIRED = {"ups-mib", "apc-powernet-ups", "apc-powernet-airfm", "apc-powernet-env", "liebert-gp-env",
            "hwg-poseidon", "entity-sensor", "host-resources", "net-snmp", "lm-sensors", "if-mib",
            "huawei-entity", "hh3c-comware", "fortigate", "eaton-xups", "mge-ups", "sys-generic"}


def test_shipped_profiles_load_and_are_well_formed():
    profiles = load_profiles()
    assert REQUIRED <= {p.id for p in profiles}
    for p in profiles:
        assert p.kind in KINDS and p.source == "snmp"
        assert CJK.search(p.name.zh) and p.name.en, p.id
        assert p.metrics or p.id == "sys-generic"
        for m in p.metrics:
            assert re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", m.key), (p.id, m.key)
            assert OID.match(m.source.oid), (p.id, m.key, m.source.oid)
            assert all(OID.match(s.oid) for s in m.fallbacks)
            assert CJK.search(m.name.zh) and m.name.en, (p.id, m.key)
            if m.states:
                assert m.cls == "state"
                assert all(CJK.search(s.text.zh) and s.text.en for s in m.states.values()), (p.id, m.key)


def _profile(**metric):
    base = {"key": "x.y", "oid": "1.3.6.1.2.1.1.3.0"}
    base.update(metric)
    return {"id": "t", "kind": "generic", "match": {"always": True}, "metric": [base]}


@pytest.mark.parametrize("bad, message", [
    (dict(column="1.3.6.1.2.1.2.2.1.8"), "exactly one"),
    (dict(expr="__import__('os').system('true')"), "only min/max"),
    (dict(expr="value.real"), "Attribute"),
    (dict(expr="value * nope"), "undefined"),
    (dict(states={"1": {"zh": "开", "en": "on", "severity": "fatal"}}), "severity"),
    (dict(divisor=0), "divisor"),
])
def test_bad_profiles_are_refused(bad, message):
    with pytest.raises((ProfileError, expr.ExprError), match=message):
        parse_profile(_profile(**bad))


def test_profile_level_checks():
    with pytest.raises(ProfileError, match="kind"):
        parse_profile({**_profile(), "kind": "toaster"})
    with pytest.raises(ProfileError, match="not supported yet"):
        parse_profile({**_profile(), "source": "modbus"})
    with pytest.raises(ProfileError, match=r"\[match\]"):
        parse_profile({**_profile(), "match": {}})


def test_expressions():
    assert expr.evaluate("100 * (value - b) / size", {"value": 30, "b": 10, "size": 40}) == 50
    assert expr.evaluate("value * 10 ** (3 * (scale - 9) - precision)",
                         {"value": 12030, "scale": 8, "precision": 0}) == pytest.approx(12.03)
    assert expr.evaluate("size <= 0", {"size": 0}) == 1.0
    with pytest.raises(expr.ExprError, match="division by zero"):
        expr.evaluate("1 / size", {"size": 0})


def _read(sim, community, lang="en"):
    async def go():
        async with SnmpClient() as client:
            return await read_device(client, sim.target(community), lang=lang)

    return run(go())


def test_odd_values_become_invalid_readings_not_exceptions(sim):
    dev = _read(sim, "quirks")
    assert dev.status == "ok" and "ups-mib" in dev.profiles
    runtime = dev.find("ups.battery.runtime")
    assert runtime.value is None and runtime.raw == 4294967295 and "not available" in runtime.invalid_reason
    charge = dev.find("ups.battery.charge")
    assert charge.value is None and charge.raw == "full" and "text" in charge.invalid_reason
    on_battery = dev.find("ups.battery.time_on_battery")  # required, and not there
    assert on_battery.value is None and "no such object" in on_battery.invalid_reason
    # the reason as a code and its data too, for a reader in another language (issue 16, item 2)
    assert (runtime.invalid_code, runtime.invalid_params) == ("not_available", {"raw": "4294967295"})
    assert (charge.invalid_code, charge.invalid_params) == ("text", {"sent": "'full'"})
    assert on_battery.invalid_code == "no_object"
    assert dev.find("ups.battery.voltage").value == pytest.approx(270.7)
    assert dev.find("ups.output.frequency").value == pytest.approx(50.0)  # 0.1 Hz units
    source = dev.find("ups.output.source")
    assert source.raw == 5 and source.severity == "critical" and source.text == "battery"


def test_meanings_and_labels_in_chinese(sim):
    dev = _read(sim, "quirks", lang="zh")
    source = dev.find("ups.output.source")
    assert source.state_meaning == "电池供电" and source.name == "输出来源"
    dev = _read(sim, "huaweiups_ups2000", lang="zh")
    assert dev.find("ups.input.voltage", "1").label == "输入电压 L1"  # the metric with the row: not four rows "输入 L1"


def test_entity_sensor_scale_precision_and_type(sim):
    dev = _read(sim, "entity")
    assert dev.profiles[:1] == ["entity-sensor"] or "entity-sensor" in dev.profiles
    temp = dev.find("hw.temperature", "10")
    assert (temp.value == pytest.approx(23.5) and temp.unit == "℃" and temp.row == "Inlet Temp"
            and "Inlet Temp" in temp.label)
    volt = dev.find("hw.voltage", "11")
    assert volt.value == pytest.approx(12.03) and volt.unit == "V"
    assert dev.find("hw.fan", "12").value == 5400
    broken = dev.find("hw.temperature", "13")
    assert broken.value is None and "invalid" in broken.invalid_reason
    assert broken.invalid_code == "marked_invalid" and broken.invalid_params["rule"]


def test_a_site_profile_overrides_a_shipped_one(tmp_path):
    (tmp_path / "ups.toml").write_text(
        'id = "ups-mib"\nname = "Site UPS"\nkind = "ups"\n[match]\nhas_object = ["1.3.6.1.2.1.33.1"]\n',
        encoding="utf-8")
    from opsdesk.profiles.spec import default_dirs

    profiles = {p.id: p for p in load_profiles([*default_dirs(), tmp_path])}
    assert profiles["ups-mib"].name.en == "Site UPS" and profiles["ups-mib"].metrics == ()
