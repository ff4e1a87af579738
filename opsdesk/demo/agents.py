"""The demo site's agents, answering over real SNMP on loopback (no Qt here).

snmpsim's command responder serves one recording per demo device (:mod:`opsdesk.demo.devices`
says which units, :mod:`opsdesk.demo.recordings` writes what they answer) on
``127.0.0.1:DEMO_AGENT_PORT``, the community being the unit's asset tag in lower case
(``yhl-ups-0001``). The demo loader gives the units exactly those settings, so the poller reads
them through the same probe path as a real site.

One device stops answering now and then: :data:`SILENT_TAG` (the 16-port KVM switch) is
silent from :20 to :30 and from :50 to :00 of every hour (its agent drops every request),
then answers again with a fresh sysUpTime.

From Python::

    agents = start_agents(store)          # returns once a real SNMP GET is answered
    ... agents.port, agents.pid ...
    agents.stop()

``opsdesk demo agents`` does the same from a terminal (see :func:`serve`); the poller started
on the demo database gets :func:`start_for_poller` from the CLI, which brings the agents up when
none answer (the poller itself never imports the demo).
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from opsdesk.demo.devices import (
    CLOCK_ENV,
    DEMO_AGENT_PORT,
    DEMO_SITE_CODES,
    HEARTBEAT_COMMUNITY,
    HEARTBEAT_DESCR,
    HOST,
    RESPONDER,
    SILENT_OUTAGE,
    SILENT_TAG,
    SYS_DESCR,
    VARIATION_DIR,
    DemoAgentsError,
    DemoDevice,
    community_for,
    demo_agent_port,
    demo_devices,
    device_seed,
    dutyroom,
    is_loopback,
    runtime_dir,
)
from opsdesk.demo.recordings import render, write_recordings

if TYPE_CHECKING:
    from opsdesk.store import Store

log = logging.getLogger("opsdesk.demo")
EVENTS = ("leak", "smoke", "door")  # a device's "<what>_event" variable schedules it (devices.toml)

# ------------------------------------------------------------------ a synchronous SNMP GET

def snmp_get(port: int, community: str, oid: str = SYS_DESCR, timeout: float = 0.5,
             host: str = HOST) -> object | None:
    """One SNMPv2c GET over a plain UDP socket (no event loop, usable anywhere): the value,
    or None when nothing answers in time."""
    from pyasn1.codec.ber import decoder, encoder
    from pysnmp.proto import api

    proto = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
    pdu = proto.GetRequestPDU()
    proto.apiPDU.set_defaults(pdu)
    proto.apiPDU.set_varbinds(pdu, [(oid, proto.Null(""))])
    msg = proto.Message()
    proto.apiMessage.set_defaults(msg)
    proto.apiMessage.set_community(msg, community)
    proto.apiMessage.set_pdu(msg, pdu)
    request_id = proto.apiPDU.get_request_id(pdu)
    end = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.sendto(encoder.encode(msg), (host, port))
        except OSError:
            return None
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return None
            sock.settimeout(left)
            try:
                data = sock.recv(65535)
            except (TimeoutError, OSError):
                return None
            try:
                rsp, _ = decoder.decode(data, asn1Spec=proto.Message())
                rsp_pdu = proto.apiMessage.get_pdu(rsp)
                if proto.apiPDU.get_request_id(rsp_pdu) != request_id:
                    continue
                if proto.apiPDU.get_error_status(rsp_pdu):
                    return None
                (_, value), = proto.apiPDU.get_varbinds(rsp_pdu)
                return value
            except Exception:  # noqa: BLE001, S112 - anything undecodable is "no answer"
                continue


def agents_running(port: int | None = None, timeout: float = 0.5) -> bool:
    """True when the demo agents answer on ``port`` (default: :func:`demo_agent_port`)."""
    value = snmp_get(port or demo_agent_port(), HEARTBEAT_COMMUNITY, SYS_DESCR, timeout)
    return value is not None and str(value).startswith(HEARTBEAT_DESCR)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


# ------------------------------------------------------------------ the agent process

class AgentProcess:
    """snmpsim's command responder serving the demo site. ``stop()`` ends it (also at exit)."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, workdir: Path, devices: list[DemoDevice]) -> None:
        self.proc = proc
        self.port = port
        self.workdir = workdir
        self.devices = devices
        self._lock = threading.Lock()
        atexit.register(self.stop)

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    @property
    def log_path(self) -> Path:
        return self.workdir / "snmpsim.log"

    def running(self) -> bool:
        return self.proc.poll() is None

    def log(self, limit: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=timeout)
        atexit.unregister(self.stop)

    def __enter__(self) -> AgentProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running() else f"exited {self.proc.returncode}"
        return f"AgentProcess(pid={self.pid}, port={self.port}, devices={len(self.devices)}, {state})"


def _responder_command(data_dir: Path, cache_dir: Path, port: int) -> list[str]:
    return [sys.executable, str(RESPONDER),
            f"--data-dir={data_dir}",
            f"--cache-dir={cache_dir}",
            f"--variation-modules-dir={VARIATION_DIR}",
            f"--agent-udpv4-endpoint={HOST}:{port}",
            "--log-level=error",
            "--logging-method=stderr"]


def stored_port(store: Store) -> int | None:
    """The SNMP port the demo units have in the store, when they agree on one."""
    from sqlalchemy import select

    from opsdesk.models.equipment import RegisterLine, Site, Unit

    with store.read() as session:
        rows = session.execute(
            select(Unit.snmp_port, Unit.mgmt_ip).join(RegisterLine).join(Site)
            .where(Site.code.in_(DEMO_SITE_CODES), Unit.snmp_version != "")).all()
    ports = {p for p, ip in rows if is_loopback(ip or "")}
    return ports.pop() if len(ports) == 1 else None


def start_agents(store: Store, port: int | None = None, *, clock_offset: float | None = None,
                 deadline_s: float = 60.0) -> AgentProcess:
    """Write the recordings and start the demo site's agents; return once they answer a
    real SNMP GET. ``port`` defaults to the port the demo units have in the store, else
    :func:`demo_agent_port`. ``clock_offset`` (seconds) shifts the agents' clock, for tests
    that want a chosen moment of the simulated day."""
    port = port or stored_port(store) or demo_agent_port()
    if not _port_free(port):
        if agents_running(port):
            raise DemoAgentsError(f"the demo agents are already running on {HOST}:{port}")
        raise DemoAgentsError(f"UDP port {HOST}:{port} is in use by another program")
    devices = demo_devices(store)
    if not devices:
        raise DemoAgentsError("no unit of the demo sites has a loopback management address "
                              "(not a demo database, or one from before the demo had agents: "
                              "opsdesk.demo.seed.load_demo addresses them)")
    workdir = runtime_dir()
    workdir.mkdir(parents=True, exist_ok=True)
    write_recordings(store, workdir / "data")
    cache = workdir / "cache"
    cache.mkdir(exist_ok=True)
    env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")  # stay this user, also as root
    if clock_offset is not None:
        env[CLOCK_ENV] = repr(float(clock_offset))
    else:
        env.pop(CLOCK_ENV, None)
    with open(workdir / "snmpsim.log", "wb") as log:
        # Its own session: a Ctrl-C in the terminal reaches serve(), which stops it in order.
        proc = subprocess.Popen(  # noqa: S603 - fixed argv: this Python, the project's responder, no shell
            _responder_command(workdir / "data", cache, port), stdin=subprocess.DEVNULL,
            stdout=log, stderr=subprocess.STDOUT, env=env, close_fds=True, start_new_session=True)
    agent = AgentProcess(proc, port, workdir, devices)
    end = time.monotonic() + deadline_s
    while True:
        if proc.poll() is not None:
            raise DemoAgentsError(f"snmpsim exited with {proc.returncode}:\n{agent.log()}")
        if agents_running(port, timeout=0.2):
            return agent
        if time.monotonic() > end:
            agent.stop()
            raise DemoAgentsError(f"the demo agents did not answer within {deadline_s:.0f} s:\n{agent.log()}")


def serve(store: Store, port: int | None = None, on_ready: Callable[[AgentProcess], None] | None = None) -> int:
    """Run the agents in the foreground until SIGINT / SIGTERM (``opsdesk demo agents``)."""
    agent = start_agents(store, port)
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        if on_ready is not None:
            on_ready(agent)
        while not stop.wait(1.0):
            if not agent.running():
                return agent.proc.returncode or 1
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        agent.stop()


def start_for_poller(store: Store) -> Callable[[], None] | None:
    """The poller's hook in the demo (``run_poller(store, start_extras=start_for_poller)``, given
    by ``opsdesk poller``): on a demo database whose agents do not answer yet, start them, so the
    embedded default is a living duty room with no configuration. Returns what stops them when
    the poller ends, or None (not the demo, already running, or they could not start: logged)."""
    from opsdesk.models.meta import is_demo

    with store.read() as session:
        if not is_demo(session):
            return None
    port = stored_port(store) or demo_agent_port()
    if agents_running(port):
        return None
    try:
        return start_agents(store, port).stop
    except DemoAgentsError as exc:
        log.error("demo agents: %s", exc)
        return None


def next_events(devices: Iterable[DemoDevice], start: float | None = None,
                horizon: float = 3600.0) -> list[tuple[float, str, str]]:
    """What the demo will do next: ``(time, asset tag, what)`` within the horizon, ``what`` being
    "battery" (a UPS's trip to battery), "silent" (a device's silent window), or "leak", "smoke",
    "door" (the room's 动环 events), each at its start; for a CLI to print."""
    module = dutyroom()
    start = time.time() if start is None else start
    out = []
    for d in devices:
        if d.kind == "ups-santak":
            args = module.parse(d.variables["ups"])
            out += [(a, d.asset_tag, "battery") for a, _ in module.battery_windows(args, start, start + horizon)]
        if d.silent:
            out += [(a, d.asset_tag, "silent") for a, _ in module.silent_windows(d.args, start, start + horizon)]
        for what in EVENTS:
            spec = d.variables.get(f"{what}_event")
            if spec:
                out += [(a, d.asset_tag, what) for a, _ in module.windows(spec, start, start + horizon)]
    return sorted(out)


__all__ = [
    "CLOCK_ENV", "DEMO_AGENT_PORT", "DEMO_SITE_CODES", "SILENT_OUTAGE", "SILENT_TAG", "AgentProcess",
    "DemoAgentsError", "DemoDevice", "agents_running", "community_for", "demo_agent_port", "demo_devices",
    "device_seed", "dutyroom", "next_events", "render", "runtime_dir", "serve", "snmp_get", "start_agents",
    "start_for_poller", "stored_port", "write_recordings",
]
