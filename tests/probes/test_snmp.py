"""The SNMP client against a real agent: values, walks, v3, failures, secrets."""

from __future__ import annotations

import asyncio
import time

import pytest

from opsdesk.probes.reading import read_device
from opsdesk.probes.snmp import (
    MISSING,
    Missing,
    ProbeError,
    SnmpClient,
    SnmpTarget,
    WalkResult,
    get,
    walk,
)
from tests.probes.conftest import BIG_ROWS, run
from tests.probes.simagent import V3_AUTH_KEY, free_udp_port

pytestmark = pytest.mark.timeout(30)

SYS_NAME, SYS_LOCATION, SYS_OID, SYS_UPTIME = (
    "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0")
IF_PHYS = "1.3.6.1.2.1.2.2.1.6.1"


async def _with_client(fn, **kw):
    async with SnmpClient(**kw) as client:
        return await fn(client)


def test_get_returns_plain_python(sim):
    got = run(_with_client(lambda c: c.get(sim.target("quirks"), [
        SYS_NAME, SYS_LOCATION, "." + SYS_OID, SYS_UPTIME, IF_PHYS, "1.3.6.1.2.1.1.9.0",
        "1.3.6.1.2.1.33.1.2.4.0"])))
    assert got[SYS_NAME] == "机房一号"  # UTF-8
    assert got[SYS_LOCATION] == "机房一号"  # GB18030 / GBK, as older Chinese agents send
    assert got[IF_PHYS] == "00:1a:2b:3c:4d:5e"  # binary comes back as hex
    assert got[SYS_OID] == "1.3.6.1.4.1.99999.2"  # leading dot accepted, OIDs as strings
    assert got[SYS_UPTIME] == 123456 and isinstance(got[SYS_UPTIME], int)
    assert got["1.3.6.1.2.1.33.1.2.4.0"] == "full"
    missing = got["1.3.6.1.2.1.1.9.0"]
    assert isinstance(missing, Missing) and not missing


def test_missing_objects_never_raise_in_any_version(sim):
    oids = ["1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.99999.7.7.0", "1.3.6.1.2.1.1.3.0"]
    for version in ("1", "2c"):
        got = run(_with_client(lambda c, version=version: c.get(sim.target("quirks", version=version), oids)))
        assert got["1.3.6.1.2.1.1.1.0"] == "Quirky UPS agent"
        assert isinstance(got["1.3.6.1.4.1.99999.7.7.0"], Missing), version
        assert got["1.3.6.1.2.1.1.3.0"] == 123456


def test_walk_stops_at_the_end_of_the_subtree(sim):
    base = "1.3.6.1.4.1.21796.3.3.3.1.2"  # Poseidon sensName
    rows = run(_with_client(lambda c: c.walk(sim.target("hwg-poseidon"), base)))
    assert isinstance(rows, WalkResult) and not rows.truncated
    assert list(rows.values()) == ["H.Servidores", "H.Network", "H.Ambiente", "H.C4c",
                                   "T.Network", "T.C4c", "T.Ambiente", "T.Servidores"]
    v1 = run(_with_client(lambda c: c.walk(sim.target("hwg-poseidon", version="1"), base)))
    assert dict(v1) == dict(rows)  # GETNEXT for v1, GETBULK for v2c: same answer


def test_walk_columns_side_by_side(sim):
    cols = ["1.3.6.1.4.1.21796.3.3.1.1.3", "1.3.6.1.4.1.21796.3.3.1.1.5", "1.3.6.1.4.1.21796.3.3.9.9"]
    for version in ("1", "2c"):
        got = run(_with_client(
            lambda c, version=version: c.walk_columns(sim.target("hwg-poseidon", version=version), cols)))
        assert len(got[cols[0]]) == 6 and len(got[cols[1]]) == 6, version
        assert got[cols[2]] == {}


def test_a_second_walk_asks_for_what_the_table_held_last_time(sim):
    """A poller reuses its client: the next walk of an 8-row table asks for 9
    repetitions, not two dozen, and still returns every row — also when it grew."""
    base = "1.3.6.1.4.1.21796.3.3.3.1.2"
    asked: list[int] = []

    async def walks(client):
        real = client._request

        async def spy(target, kind, oids, reps=0):
            asked.append(reps)
            return await real(target, kind, oids, reps)

        client._request = spy
        first = await client.walk(sim.target("hwg-poseidon"), base)
        second = await client.walk(sim.target("hwg-poseidon"), base)
        client._row_hint[next(iter(client._row_hint))] = 2  # as if the table had 2 rows last time
        grown = await client.walk(sim.target("hwg-poseidon"), base)
        return first, second, grown

    first, second, grown = run(_with_client(walks))
    assert len(first) == 8 and dict(second) == dict(first) == dict(grown)
    assert asked[0] == 25 and asked[1] == 9
    assert asked[2] == 3 and len(asked) > 3  # the table outgrew the hint: it walked on


def test_a_huge_table_is_capped_and_flagged(sim):
    base = "1.3.6.1.4.1.99999.3.1.1"
    target = sim.target("bigtable", timeout=5.0)
    rows = run(_with_client(lambda c: c.walk(target, base, max_rows=300)))
    assert len(rows) == 300 and rows.truncated and "300" in rows.reason
    rows = run(_with_client(lambda c: c.walk(target, base), max_rows=450))
    assert len(rows) == 450 and rows.truncated
    assert BIG_ROWS > 450


def test_module_level_helpers(sim):
    got = asyncio.run(get(sim.target("hwg-poseidon"), ["1.3.6.1.2.1.1.1.0"]))
    assert got["1.3.6.1.2.1.1.1.0"].startswith("Poseidon")
    rows = asyncio.run(walk(sim.target("hwg-poseidon"), "1.3.6.1.4.1.21796.3.3.1.1.3"))
    assert len(rows) == 6


def test_snmpv3_auth_priv_sha_aes(sim):
    target = sim.v3_target("eaton-mgeups_9px")
    got = run(_with_client(lambda c: c.get(target, ["1.3.6.1.2.1.1.1.0"])))
    assert got["1.3.6.1.2.1.1.1.0"] == "Eaton 9PX 1000i RT 2U"

    async def read(client):
        return await read_device(client, target, lang="en")

    dev = run(_with_client(read))
    assert dev.status == "ok" and "ups-mib" in dev.profiles
    assert dev.find("ups.battery.charge").value == 100


@pytest.mark.parametrize("change", [
    {"auth_key": "wrong-auth-key-1"},
    {"priv_key": "wrong-priv-key-1"},
    {"user": "nobody-here"},
])
def test_snmpv3_bad_credentials_fail_cleanly(sim, change):
    target = sim.v3_target("eaton-mgeups_9px", timeout=1.0, retries=0, **change)
    started = time.monotonic()
    with pytest.raises(ProbeError) as err:
        run(_with_client(lambda c: c.get(target, ["1.3.6.1.2.1.1.1.0"])))
    assert err.value.category in ("auth", "timeout")  # agents may also just drop it
    assert time.monotonic() - started < target.deadline
    assert V3_AUTH_KEY not in str(err.value)


def test_dead_agent_does_not_delay_a_healthy_one(sim):
    dead = SnmpTarget("127.0.0.1", free_udp_port(), community="x", timeout=0.75, retries=1)
    healthy = sim.target("hwg-poseidon", timeout=2.0)

    async def timed(coro):
        started = time.monotonic()
        try:
            return await coro, time.monotonic() - started
        except ProbeError as exc:
            return exc, time.monotonic() - started

    async def both(client):
        return await asyncio.gather(timed(client.get(dead, ["1.3.6.1.2.1.1.3.0"])),
                                    timed(read_device(client, healthy, lang="en")))

    (dead_result, dead_s), (dev, healthy_s) = run(_with_client(both))
    assert isinstance(dead_result, ProbeError) and dead_result.category == "timeout"
    assert 1.4 <= dead_s < dead.deadline  # its own 2 x 0.75 s, no more
    assert dev.status == "ok" and healthy_s < 1.2  # done while the dead one still waited


def test_unreachable_device_is_a_status_not_an_exception(sim):
    target = SnmpTarget("127.0.0.1", free_udp_port(), timeout=0.3, retries=0)
    dev = run(_with_client(lambda c: read_device(c, target)))
    assert dev.status == "unreachable" and dev.error_category == "timeout"
    assert dev.readings == [] and "***" not in dev.target and dev.target.startswith("127.0.0.1:")
    bad_host = SnmpTarget("no-such-host.invalid", timeout=0.3, retries=0)
    dev = run(_with_client(lambda c: read_device(c, bad_host)))
    assert dev.status == "unreachable" and dev.error_category == "unreachable"


def test_many_requests_at_once_stay_bounded(sim):
    target = sim.target("linux_powermon", timeout=5.0)

    async def many(client):
        return await asyncio.gather(*(client.get(target, [SYS_UPTIME]) for _ in range(120)))

    results = run(_with_client(many, concurrency=8))
    assert all(r[SYS_UPTIME] == 43303292 for r in results)


def test_a_client_belongs_to_one_loop(sim):
    client = SnmpClient()
    asyncio.run(client.get(sim.target("quirks"), [SYS_UPTIME]))
    with pytest.raises(RuntimeError):
        asyncio.run(client.get(sim.target("quirks"), [SYS_UPTIME]))
    client.close()


def test_repr_never_shows_secrets():
    v2 = SnmpTarget("10.0.0.5", community="s3cret-community")
    v3 = SnmpTarget("10.0.0.6", version="3", user="ops", auth_protocol="SHA256",
                    auth_key="auth-secret-123", priv_protocol="AES256", priv_key="priv-secret-456")
    for text in (repr(v2), str(v2), repr(v3), str(v3), repr([v2, v3]), f"{v3}"):
        assert "s3cret" not in text and "auth-secret" not in text and "priv-secret" not in text
        assert "***" in text
    assert "user='ops'" in repr(v3) and "SHA256" in repr(v3)


def test_bad_settings_are_config_errors():
    with pytest.raises(ProbeError) as err:
        run(_with_client(lambda c: c.get(SnmpTarget("127.0.0.1", version="3", user="u",
                                                     auth_protocol="SHA3", auth_key="12345678"),
                                          ["1.3.6.1.2.1.1.3.0"])))
    assert err.value.category == "config"
    assert MISSING.reason == "noSuchObject"
