"""The profile builder (opsdesk.probes.draft, issue 17).

Done when: for five corpus devices of different kinds, with every vendor profile hidden, the
profile drafted from the vendor's MIB and the device's own recording (what a walk of it
returns), used unedited, reads over real SNMP at least 80 % of the device's expected rows
under the vendor's enterprise arc, by the corpus test's rule (tests/probes/expected.py).
Below that, unit tests of the heuristics on small hand-written MIB snippets.
"""

from __future__ import annotations

import asyncio
import tomllib

import pytest

from opsdesk.probes import draft as D
from opsdesk.probes.mibcheck import check_profile, index_for
from opsdesk.profiles.spec import parse_profile
from tests.probes import expected as ex
from tests.probes.conftest import CORPUS, WIDE

pytestmark = pytest.mark.timeout(300)

# (recording, the vendor's MIB modules an administrator would pick, kind, expected.tsv)
DEVICES = [
    ("apc_smt750x-nmc2", ["PowerNet-MIB"], "ups", CORPUS),
    ("apc_airfm", ["PowerNet-MIB"], "cooling", CORPUS),
    ("hwg-poseidon", ["POSEIDON-MIB"], "environment", CORPUS),
    ("eatonpdu_2", ["EATON-EPDU-MIB"], "pdu", WIDE),
    ("drac_idrac7", ["IDRAC-MIB-SMIv2"], "server", WIDE),
]


def _read(sim, name: str, profile):
    from opsdesk.probes.reading import read_device
    from opsdesk.probes.snmp import SnmpClient

    async def go():
        async with SnmpClient() as client:
            return await read_device(client, sim.target(name, timeout=3.0), [profile], lang="en")

    return asyncio.run(go())


@pytest.mark.parametrize(("device", "mibs", "kind", "folder"), DEVICES, ids=[d[0] for d in DEVICES])
def test_drafted_profile_reads_the_device(sim, device, mibs, kind, folder):
    walk = D.parse_walk((folder / f"{device}.snmprec").read_text(encoding="utf-8"))
    draft = D.draft_profile(mibs, walk)
    assert draft.kind == kind
    profile = parse_profile(tomllib.loads(draft.toml()))  # the TOML as written, unedited
    idx, missing = index_for([profile])
    assert not missing
    assert check_profile(profile, idx) == []
    arc = D.enterprise_arc(D.walk_values(walk)[D.SYS_OBJECT_ID])
    assert arc and profile.match.sys_object_id == (arc,)
    dev = _read(sim, device, profile)  # only the drafted profile: every shipped one hidden
    assert dev.profiles == [profile.id]
    rows = [e for e in ex.load(folder / "expected.tsv") if e.device == device and e.oid.startswith(arc + ".")]
    failures = [msg for e in rows if (msg := ex.check(e, dev))]
    share = (len(rows) - len(failures)) / len(rows)
    print(f"{device}: {len(rows) - len(failures)}/{len(rows)} rows under {arc} read ({share:.0%})")
    assert share >= 0.8, ex.report(failures, len(rows))


# ---------------------------------------------------------------- heuristics on hand-written MIBs

SNIPPET = """\
DRAFT-TEST-MIB DEFINITIONS ::= BEGIN
IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, Gauge32, enterprises FROM SNMPv2-SMI
        DisplayString FROM SNMPv2-TC;
draftTest MODULE-IDENTITY
    LAST-UPDATED "202601010000Z" ORGANIZATION "test" CONTACT-INFO "test" DESCRIPTION "test"
    ::= { enterprises 99998 }
probeTable OBJECT-TYPE SYNTAX SEQUENCE OF ProbeEntry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "Probes." ::= { draftTest 1 }
probeEntry OBJECT-TYPE SYNTAX ProbeEntry MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "A probe." INDEX { probeIndex } ::= { probeTable 1 }
ProbeEntry ::= SEQUENCE { probeIndex Integer32, probeLocation DisplayString, probeSerial DisplayString,
    probeTemp Integer32, probeHumidity Integer32, probeStatus INTEGER, probeDoor INTEGER }
probeIndex OBJECT-TYPE SYNTAX Integer32 (1..64) MAX-ACCESS not-accessible STATUS current
    DESCRIPTION "Row." ::= { probeEntry 1 }
probeSerial OBJECT-TYPE SYNTAX DisplayString MAX-ACCESS read-only STATUS current
    DESCRIPTION "Serial number." ::= { probeEntry 2 }
probeLocation OBJECT-TYPE SYNTAX DisplayString MAX-ACCESS read-only STATUS current
    DESCRIPTION "Where the probe is." ::= { probeEntry 3 }
probeTemp OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    DESCRIPTION "The temperature at the probe in tenths of degrees Celsius.
                 A value of -999 is returned if the probe is not connected." ::= { probeEntry 4 }
probeHumidity OBJECT-TYPE SYNTAX Integer32 UNITS "%RH" MAX-ACCESS read-only STATUS current
    DESCRIPTION "Relative humidity at the probe. -1 if not available." ::= { probeEntry 5 }
probeStatus OBJECT-TYPE SYNTAX INTEGER { normal(1), highWarning(2), sensorFailure(3), unknown(4) }
    MAX-ACCESS read-only STATUS current DESCRIPTION "The probe's status." ::= { probeEntry 6 }
probeDoor OBJECT-TYPE SYNTAX INTEGER { closed(1), open(2) }
    MAX-ACCESS read-only STATUS current DESCRIPTION "The door contact." ::= { probeEntry 7 }
busVoltage OBJECT-TYPE SYNTAX Gauge32 UNITS "0.1 Volt DC" MAX-ACCESS read-only STATUS current
    DESCRIPTION "Bus voltage." ::= { draftTest 2 }
busVoltageThreshold OBJECT-TYPE SYNTAX Gauge32 MAX-ACCESS read-write STATUS current
    DESCRIPTION "Alarm when the bus voltage is below this, in Volts." ::= { draftTest 3 }
outputPower OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only STATUS current
    DESCRIPTION "Output power in hundredths of kilowatts." ::= { draftTest 4 }
END
"""

SNMPREC = """\
1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99998.7
1.3.6.1.4.1.99998.1.1.2.1|4|SN-1
1.3.6.1.4.1.99998.1.1.3.1|4|Rack A1
1.3.6.1.4.1.99998.1.1.3.2|4x|e69cbae688bf
1.3.6.1.4.1.99998.1.1.4.1|2|235
1.3.6.1.4.1.99998.1.1.4.2|2|-999
1.3.6.1.4.1.99998.1.1.5.1|2|45
1.3.6.1.4.1.99998.1.1.5.2|2|-1
1.3.6.1.4.1.99998.1.1.6.1|2|1
1.3.6.1.4.1.99998.1.1.6.2|2|3
1.3.6.1.4.1.99998.1.1.7.1|2|2
1.3.6.1.4.1.99998.2.0|66|547
1.3.6.1.4.1.99998.3.0|66|40
1.3.6.1.4.1.99998.4.0|2|114
"""


@pytest.fixture(scope="module")
def snippet(tmp_path_factory):
    work = tmp_path_factory.mktemp("draftmib")
    mib = work / "DRAFT-TEST-MIB"
    mib.write_text(SNIPPET)
    walk = D.parse_snmprec(SNMPREC)
    draft = D.draft_profile([str(mib)], walk, vendor_hint="Acme", cache=work / "cache")
    return draft, walk


def _metric(draft, name):
    return next(p for p in draft.proposals if p.obj.name == name)


def test_scale_from_description_units_and_hint(snippet):
    draft, _ = snippet
    assert _metric(draft, "probeTemp").factor == pytest.approx(0.1)  # "in tenths of degrees Celsius"
    assert _metric(draft, "probeTemp").cls == "temperature"
    volt = _metric(draft, "busVoltage")  # UNITS "0.1 Volt DC"
    assert (volt.cls, volt.unit, volt.factor) == ("voltage", "V", pytest.approx(0.1))
    power = _metric(draft, "outputPower")  # "hundredths of kilowatts" -> x10 W
    assert (power.cls, power.unit, power.factor) == ("power", "W", pytest.approx(10))
    assert not any(p.obj.name == "busVoltageThreshold" for p in draft.proposals)  # a setting
    assert not any(p.obj.name in ("probeSerial", "probeLocation") for p in draft.proposals)


def test_sentinels_from_description(snippet):
    draft, _ = snippet
    assert _metric(draft, "probeTemp").sentinels == [-999]
    assert _metric(draft, "probeHumidity").sentinels == [-1]
    assert D.description_sentinels("Returns 2147483647 when the sensor is not present.")[0] == [2147483647]
    assert D.description_sentinels("The voltage, from -48 to 60.")[0] == []


def test_enumeration_severities_from_labels(snippet):
    draft, _ = snippet
    status = _metric(draft, "probeStatus").states
    assert {n: s for n, (_, s) in status.items()} == {1: "ok", 2: "warning", 3: "critical", 4: "unknown"}
    door = _metric(draft, "probeDoor")
    assert door.role == "safety.door" and door.states[2][1] == "critical" and door.states[1][1] == "ok"
    for label, severity in [("onLine", "ok"), ("onBattery", "critical"), ("noBatteryNeedsReplacing", "ok"),
                            ("batteryNeedsReplacing", "warning"), ("chassisNotBreached", "ok"),
                            ("nonCriticalUpper", "warning"), ("criticalLower", "critical"),
                            ("nearOverload", "warning"), ("leakDetected", "critical"), ("smokeAlarm", "critical"),
                            ("notApplicable", "unknown"), ("other", "unknown")]:
        assert D.label_severity(label) == severity, label


def test_table_name_column_and_readings(snippet):
    draft, walk = snippet
    temp = _metric(draft, "probeTemp")
    assert temp.table and temp.label_column is not None and temp.label_column.name == "probeLocation"
    assert temp.role == "room.temperature" and _metric(draft, "probeHumidity").role == "room.humidity"
    assert draft.kind == "environment" and draft.id == "acme-draft-test-mib-env"
    assert draft.sys_object_id == "1.3.6.1.4.1.99998"
    profile = draft.profile()
    assert profile.name.zh.endswith("（草稿）") and profile.name.en
    dev = D.read_walk(profile, walk, lang="en")
    by = {(r.metric, r.index): r for r in dev.readings}
    assert by[(temp.key, "1")].value == 23.5 and "Rack A1" in by[(temp.key, "1")].label
    assert "机房" in by[(temp.key, "2")].label  # a hex string decoded as text
    assert by[(temp.key, "2")].value is None  # -999: not connected
    assert by[(_metric(draft, "probeHumidity").key, "2")].value is None
    assert by[(_metric(draft, "busVoltage").key, "")].value == pytest.approx(54.7)
    assert by[(_metric(draft, "probeStatus").key, "2")].severity == "critical"
    assert "# " in draft.toml() and "tenths of degrees Celsius" in draft.toml()


def test_snmpwalk_output_parses_like_the_recording():
    text = """\
.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.99998.7
.1.3.6.1.4.1.99998.1.1.3.1 = STRING: "Rack A1"
.1.3.6.1.4.1.99998.1.1.4.1 = INTEGER: 235
.1.3.6.1.4.1.99998.1.1.6.2 = INTEGER: sensorFailure(3)
.1.3.6.1.4.1.99998.2.0 = Gauge32: 547 0.1 Volt DC
.1.3.6.1.4.1.99998.5.0 = Timeticks: (10976200) 1 day, 6:29:22.00
.1.3.6.1.4.1.99998.6.0 = Hex-STRING: E6 9C BA E6 88 BF
.1.3.6.1.4.1.99998.7.0 = STRING: "two
lines"
.1.3.6.1.4.1.99998.8.0 = No Such Object available on this agent at this OID
"""
    values = D.walk_values(D.parse_walk(text))
    assert values == {"1.3.6.1.2.1.1.2.0": "1.3.6.1.4.1.99998.7", "1.3.6.1.4.1.99998.1.1.3.1": "Rack A1",
                      "1.3.6.1.4.1.99998.1.1.4.1": 235, "1.3.6.1.4.1.99998.1.1.6.2": 3,
                      "1.3.6.1.4.1.99998.2.0": 547, "1.3.6.1.4.1.99998.5.0": 10976200,
                      "1.3.6.1.4.1.99998.6.0": "机房", "1.3.6.1.4.1.99998.7.0": "two\nlines"}


def test_a_missing_import_is_named_in_chinese(tmp_path):
    from opsdesk.i18n import set_language

    mib = tmp_path / "NEEDS-MORE-MIB"
    mib.write_text("NEEDS-MORE-MIB DEFINITIONS ::= BEGIN\nIMPORTS OBJECT-TYPE FROM SNMPv2-SMI\n"
                   "  vendorRoot FROM VENDOR-ROOT-MIB;\n"
                   "thing OBJECT-TYPE SYNTAX INTEGER MAX-ACCESS read-only STATUS current DESCRIPTION \"x\"\n"
                   "  ::= { vendorRoot 1 }\nEND\n")
    set_language("zh")
    with pytest.raises(D.DraftError, match="VENDOR-ROOT-MIB.*--mib"):
        D.draft_profile([str(mib)], D.parse_snmprec(SNMPREC), cache=tmp_path / "cache")


def test_a_vendor_mib_compiles_with_only_what_opsdesk_ships(tmp_path, monkeypatch):
    """A site's machine has no MIB collection: the vendor's file, given by path, compiles against
    the standard modules OpsDesk ships (resources/mibs/standard), offline."""
    from opsdesk.probes import mibs as mibmod

    monkeypatch.setattr(mibmod, "_shared_mibs", lambda: tmp_path / "no-mib-collection-here")
    assert all("shared" not in str(d) for d in mibmod.default_dirs())
    vendor = tmp_path / "site-mibs"
    vendor.mkdir()
    (vendor / "POSEIDON-MIB").write_bytes((CORPUS.parent / "mibs" / "hwg" / "POSEIDON-MIB").read_bytes())
    walk = D.parse_walk((CORPUS / "hwg-poseidon.snmprec").read_text(encoding="utf-8"))
    draft = D.draft_profile([str(vendor / "POSEIDON-MIB")], walk, cache=tmp_path / "cache")
    assert draft.kind == "environment" and len(draft.proposals) >= 3


def test_the_ticked_metrics_with_their_chinese_names(snippet):
    """The wizard's save: only the ticked metrics, renamed in Chinese, and requires moved to a kept one."""
    draft, walk = snippet
    temp, status = _metric(draft, "probeTemp").key, _metric(draft, "probeStatus").key
    required = next(p for p in draft.proposals if p.obj.oid == draft.requires).key
    chosen = draft.chosen([temp, status], {temp: " 机柜 进风温度 ", status: ""}, profile_id="site-probes",
                          name_zh="某品牌探头")
    profile = parse_profile(tomllib.loads(chosen.toml()))
    assert [m.key for m in profile.metrics] == [temp, status]
    assert profile.id == "site-probes" and profile.name.zh == "某品牌探头"
    names = {m.key: m.name for m in profile.metrics}
    assert names[temp].zh == "机柜 进风温度" and names[temp].en == "Probe Temp"
    assert names[status].zh == draft.names(_metric(draft, "probeStatus"))[0]  # blank: the proposed name stays
    assert profile.match.requires == ((_metric(draft, "probeTemp").obj.oid,) if required not in (temp, status)
                                      else (draft.requires,))
    assert len(draft.proposals) > 2  # the draft itself is unchanged
    rows = {r.key: r for r in D.preview(chosen, walk, lang="zh")}
    assert rows[temp].name_zh == "机柜 进风温度" and rows[temp].value == "Rack A1：23.5 ℃" and rows[temp].rows == 2
    assert rows[status].severity == "critical"
    with pytest.raises(D.DraftError, match="至少勾选一项"):
        draft.chosen([])
