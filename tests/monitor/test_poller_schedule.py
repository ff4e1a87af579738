"""The poller's schedule against real SNMP: fast devices every 10 s, the rest every 60 s; a
device that stopped answering costs one short GET per interval and is read in full the tick
it answers again (issue 13: the demo KVM stayed grey for 7 minutes after it came back).

A real snmpsim agent on loopback serves a small UPS and a switch; each unit reaches it
through a relay this test switches between forwarding and dropping (the port then answers
nothing), and which counts the requests that reach the port. Time is the poller's own tick
argument, so nothing sleeps."""

from __future__ import annotations

import asyncio
import socket

import pytest
from sqlalchemy import select, update

from opsdesk.clock import now
from opsdesk.models import Alarm, DeviceState, MetricSeries, Unit
from opsdesk.models.monitoring import DeviceStatus
from opsdesk.monitor import lock
from opsdesk.ops import devices
from opsdesk.ops.settings_ops import set_setting
from opsdesk.poller import Poller, is_fast, load_devices
from opsdesk.probes.snmp import SnmpClient
from tests.probes.conftest import switch_ports, ups_recording
from tests.probes.simagent import SimAgent

pytestmark = pytest.mark.timeout(180)

UPS, SWITCH = "YHL-UPS-0001", "YHL-SRV-0002"  # 服务器 category: read every 60 s
FAST, SLOW = 10, 60


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    work = tmp_path_factory.mktemp("poller-agent")
    data = work / "data"
    data.mkdir()
    (data / "ups-small.snmprec").write_text(ups_recording())
    (data / "switch-ports-up.snmprec").write_text(switch_ports(1))
    sim = SimAgent(data, work)
    sim.start(probe_community="ups-small")
    yield sim
    sim.stop()


class Relay:
    """A UDP port in front of the agent: forwards while ``on``, else drops every request
    (nothing answers); counts every request that reaches it."""

    def __init__(self, agent_port: int) -> None:
        self.agent_port = agent_port
        self.on = True
        self.requests = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self._upstream: dict[tuple, socket.socket] = {}

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        loop.add_reader(self.sock.fileno(), self._on_request)

    def _on_request(self) -> None:
        while True:
            try:
                data, addr = self.sock.recvfrom(65535)
            except BlockingIOError:
                return
            self.requests += 1
            if self.on:
                self._up(addr).send(data)

    def _up(self, addr) -> socket.socket:
        up = self._upstream.get(addr)
        if up is None:
            up = self._upstream[addr] = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            up.setblocking(False)
            up.connect(("127.0.0.1", self.agent_port))
            self.loop.add_reader(up.fileno(), self._on_answer, up, addr)
        return up

    def _on_answer(self, up: socket.socket, addr) -> None:
        try:
            self.sock.sendto(up.recv(65535), addr)
        except BlockingIOError:
            pass

    def close(self) -> None:
        for up in self._upstream.values():
            self.loop.remove_reader(up.fileno())
            up.close()
        self.loop.remove_reader(self.sock.fileno())
        self.sock.close()


@pytest.fixture
def site(demo_store, demo_users, agent):
    """Only the UPS and the switch are polled, each through its own relay."""
    admin = demo_users["admin"]
    relays = {UPS: Relay(agent.port), SWITCH: Relay(agent.port)}
    with demo_store.write() as session:
        session.execute(update(Unit).values(mgmt_ip="", snmp_version=""))
    with demo_store.write() as session:
        for tag, community in {UPS: "ups-small", SWITCH: "switch-ports-up"}.items():
            unit = session.scalars(select(Unit).where(Unit.asset_tag == tag)).one()
            devices.save_unit(session, admin, unit.id, {"mgmt_ip": "127.0.0.1", "snmp_port": relays[tag].port,
                                                        "snmp_version": "2c", "community": community})
    with demo_store.write() as session:
        set_setting(session, admin, "poller.fast_seconds", FAST)
        set_setting(session, admin, "poller.interval_seconds", SLOW)
        set_setting(session, admin, "poller.timeout_seconds", 0.3)
        set_setting(session, admin, "poller.retries", 1)
        set_setting(session, admin, "monitor.unreachable_after", 2)
    yield demo_store, relays
    for relay in relays.values():
        if hasattr(relay, "loop"):
            relay.close()
        else:
            relay.sock.close()


def run_ticks(store, relays, script) -> None:
    """Run a poller's ticks on one event loop: ``script(tick)`` is a coroutine that calls
    ``await tick(at)`` with the tick's time in seconds."""
    poller = Poller(store, holder="test:poller")
    with store.write() as session:
        assert lock.acquire(session, poller.holder, now(), lock.stale_after(session))

    async def main():
        for relay in relays.values():
            relay.attach(asyncio.get_running_loop())
        async with SnmpClient() as client:
            async def tick(at: float):
                assert await poller.tick(client, at) is not None
            await script(tick)

    asyncio.run(main())


def state_of(store, tag: str) -> DeviceState:
    with store.read() as session:
        unit_id = session.scalars(select(Unit.id).where(Unit.asset_tag == tag)).one()
        state = session.get(DeviceState, unit_id)
        session.expunge_all()
        return state


def test_room_air_ups_and_safety_contacts_are_fast_the_rest_slow():
    assert is_fast("ups") and is_fast("cooling") and is_fast("sensor")
    assert not is_fast("server") and not is_fast("network") and not is_fast("pdu")
    assert is_fast("other", ["safety.leak"]) and is_fast("security", ["safety.door"])
    assert is_fast("other", ["room.temperature"]) and is_fast("other", ["ups.output_source"])
    assert not is_fast("server", ["hw.temperature", "host.cpu"])


def test_each_device_is_read_at_its_own_interval(site):
    store, relays = site
    found = {d.label.split()[0]: d for d in load_devices(store)}
    assert (found[UPS].interval, found[UPS].fast) == (FAST, True)
    assert (found[SWITCH].interval, found[SWITCH].fast) == (SLOW, False)
    reads: dict[str, list[int]] = {UPS: [], SWITCH: []}

    async def script(tick):
        for k in range(13):  # two minutes of ticks, 10 s apart
            before = {tag: r.requests for tag, r in relays.items()}
            await tick(k * FAST)
            for tag, relay in relays.items():
                if relay.requests > before[tag]:
                    reads[tag].append(k * FAST)

    run_ticks(store, relays, script)
    assert reads[UPS] == [k * FAST for k in range(13)]
    # The slow device: read at once, then every 60 s — its second read may come early by whole
    # ticks, so the slow devices spread over the ticks of a minute instead of all in one.
    first, second, *rest = reads[SWITCH]
    assert first == 0 and 0 < second <= SLOW and second % FAST == 0
    assert rest == list(range(second + SLOW, 12 * FAST + 1, SLOW))
    assert state_of(store, UPS).status in ("ok", "warning", "critical")
    assert state_of(store, SWITCH).status == "ok"


def test_a_silent_device_costs_one_get_per_interval_and_is_read_in_full_when_it_answers(site):
    store, relays = site
    ups = relays[UPS]
    requests: list[int] = []

    async def script(tick):
        await tick(0)  # answers: read in full, profiles matched
        ups.on = False
        for k in range(1, 13):  # two minutes of silence
            before = ups.requests
            await tick(k * FAST)
            requests.append(ups.requests - before)
        assert state_of(store, UPS).status == DeviceStatus.UNREACHABLE.value
        ups.on = True  # it answers again: the very next tick reads it in full
        await tick(13 * FAST)

    run_ticks(store, relays, script)
    # Two full reads fail (the system GET and its retry each), then it is unreachable:
    # one GET per interval, never skipped, never retried.
    assert requests[:2] == [2, 2]
    assert requests[2:] == [1] * 10
    state = state_of(store, UPS)
    assert state.status != DeviceStatus.UNREACHABLE.value and state.failures == 0
    with store.read() as session:
        unit_id = state.unit_id
        alarm = session.scalars(select(Alarm).where(Alarm.unit_id == unit_id, Alarm.kind == "unreachable")).one()
        assert alarm.cleared_at is not None
        charge = session.scalars(select(MetricSeries).where(MetricSeries.unit_id == unit_id,
                                                            MetricSeries.metric == "ups.battery.charge")).one()
        assert charge.last_value == 100 and charge.last_at == state.last_ok_at
