"""A site adds a device type: a TOML profile in the data directory's profiles/ folder, used
by the poller beside the shipped ones, and checked against its MIB by ``opsdesk profiles check``."""

from __future__ import annotations

import pytest

from opsdesk.cli import main
from opsdesk.profiles import spec as prof

pytestmark = pytest.mark.timeout(300)

GOOD = '''\
id = "site-ups-extra"
name = { zh = "本院 UPS 补充读数", en = "Our UPS, extra readings" }
kind = "ups"
mibs = ["UPS-MIB"]
[match]
has_object = ["1.3.6.1.2.1.33.1.4"]
[[metric]]
key = "ups.output.lines"
name = { zh = "输出相数", en = "Output lines" }
oid = "1.3.6.1.2.1.33.1.4.3.0"
object = "upsOutputNumLines"
cls = "count"
'''

BAD = GOOD.replace('id = "site-ups-extra"', 'id = "site-ups-bad"').replace(
    'object = "upsOutputNumLines"', 'object = "upsOutputSource"')


@pytest.fixture
def site_dir(isolated_home):
    folder = prof.site_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_site_profile_is_listed_and_used_beside_the_shipped_ones(site_dir, capsys):
    (site_dir / "site-ups-extra.toml").write_text(GOOD, encoding="utf-8")
    assert "site-ups-extra" in {p.id for p in prof.load_profiles()}
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("site-ups-extra"))
    assert "本站" in line and "UPS-MIB" in line
    assert main(["profiles", "check", str(site_dir / "site-ups-extra.toml")]) == 0
    assert "与所引用的 MIB 模块一致" in capsys.readouterr().out


def test_a_profile_that_misreads_its_mib_is_refused_with_the_reason(site_dir, capsys):
    path = site_dir / "site-ups-bad.toml"
    path.write_text(BAD, encoding="utf-8")
    assert main(["profiles", "check", str(path)]) == 4
    out = capsys.readouterr().out
    assert "site-ups-bad：1 处问题" in out and "upsOutputNumLines" in out


def test_a_profile_that_does_not_load_says_why(site_dir, capsys):
    path = site_dir / "broken.toml"
    path.write_text("id = \"x\"\nkind = \"toaster\"\n", encoding="utf-8")
    assert main(["profiles", "check", str(path)]) == 1
    assert "型号档案无法加载" in capsys.readouterr().err


QUIRK = '''\
id = "site-quirk-extra"
name = { zh = "本院怪 UPS 补充读数", en = "Our quirky UPS, extra reading" }
kind = "ups"
[match]
sys_object_id = ["1.3.6.1.4.1.99999.2"]
[[metric]]
key = "site.quirk.runtime"
name = { zh = "补充读数", en = "Extra reading" }
oid = "1.3.6.1.2.1.33.1.4.2.0"
cls = "count"
'''


def test_the_poller_reads_with_a_profile_saved_after_it_started_at_its_next_cycle(demo_store, demo_users, sim):
    """Saved from another process (a second Store on the same file) while the poller runs: its
    next tick sees the change mark move, reads the profiles again and matches the device anew."""
    import asyncio

    from sqlalchemy import select, update

    from opsdesk.clock import now
    from opsdesk.models import DeviceState, Unit
    from opsdesk.monitor import lock
    from opsdesk.ops import devices, site_profiles
    from opsdesk.ops.settings_ops import set_setting
    from opsdesk.poller import Poller
    from opsdesk.probes.snmp import SnmpClient
    from opsdesk.store import Store

    admin = demo_users["admin"]
    with demo_store.write() as session:
        session.execute(update(Unit).values(mgmt_ip="", snmp_version=""))
    with demo_store.write() as session:
        unit = session.scalars(select(Unit).where(Unit.asset_tag == "YHL-UPS-0001")).one()
        devices.save_unit(session, admin, unit.id, {"mgmt_ip": "127.0.0.1", "snmp_port": sim.port,
                                                    "snmp_version": "2c", "community": "quirks"})
        set_setting(session, admin, "poller.timeout_seconds", 0.5)
        set_setting(session, admin, "poller.retries", 0)
        unit_id = unit.id
    poller = Poller(demo_store, holder="test:site-profiles")
    with demo_store.write() as session:
        assert lock.acquire(session, poller.holder, now(), lock.stale_after(session))

    def state() -> DeviceState:
        with demo_store.read() as session:
            return session.scalars(select(DeviceState).where(DeviceState.unit_id == unit_id)).one()

    async def tick(at: float) -> None:
        async with SnmpClient() as client:
            assert await poller.tick(client, at) is not None

    asyncio.run(tick(0.0))
    assert state().status != "unreachable" and "site-quirk-extra" not in state().profiles
    other = Store(demo_store.url)  # a console in another process saves it
    try:
        with other.write() as session:
            site_profiles.save_profile(session, demo_users["supervisor"], QUIRK)
    finally:
        other.close()
    asyncio.run(tick(10_000.0))  # the next cycle: the device is due again
    assert "site-quirk-extra" in state().profiles
    with demo_store.write() as session:
        site_profiles.retire_profile(session, admin, "site-quirk-extra")
    asyncio.run(tick(20_000.0))
    assert "site-quirk-extra" not in state().profiles
