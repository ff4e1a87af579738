"""The poller process: probes read the devices, the monitor writes what they say.

This is the composition root of monitoring (DESIGN.md): probes know nothing of
the monitor and the monitor nothing of SNMP. It runs as its own process
(``opsdesk poller``) so pysnmp's CPU time stays off the console's Qt thread and
monitoring goes on whoever is logged in. A lock in the store decides which poller
runs; ``opsdesk poll --once`` reads once, for scripts and tests.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from opsdesk.clock import now
from opsdesk.models import settings
from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.models.monitoring import DeviceState
from opsdesk.monitor import lock
from opsdesk.monitor.ingest import CycleStats, Monitor, apply_retention
from opsdesk.probes.reading import DeviceReading, read_device, shipped_profiles
from opsdesk.probes.snmp import SnmpClient, SnmpTarget
from opsdesk.store import Store
from opsdesk.vault import Vault, VaultError

log = logging.getLogger("opsdesk.poller")
RETENTION_EVERY = dt.timedelta(hours=1)
MAX_BACKOFF_CYCLES = 8


@dataclass(frozen=True)
class Device:
    unit_id: int
    label: str  # asset tag and name, for alarm messages
    target: SnmpTarget
    failures: int


def unit_label(unit: Unit) -> str:
    line = unit.line
    return f"{unit.asset_tag} {line.name or line.category}".strip()


def load_devices(store: Store, vault: Vault | None = None, only: str | None = None) -> list[Device]:
    """Units with a management address and SNMP settings, with their secrets decrypted."""
    vault = vault or Vault()
    with store.read() as session:
        timeout = float(settings.get(session, "poller.timeout_seconds"))
        retries = int(settings.get(session, "poller.retries"))
        query = (select(Unit).options(selectinload(Unit.line).selectinload(RegisterLine.site))
                 .where(Unit.mgmt_ip != "", Unit.snmp_version != "").order_by(Unit.id))
        units = list(session.scalars(query))
        failures = {s.unit_id: s.failures for s in session.scalars(select(DeviceState))}
    devices = []
    for unit in units:
        if only and only not in (unit.asset_tag, unit.mgmt_ip) and only not in unit_label(unit):
            continue
        try:
            secret = lambda name: vault.decrypt(getattr(unit, f"snmp_{name}_enc")) if unit.has_secret(name) else None  # noqa: E731
            target = SnmpTarget(
                host=unit.mgmt_ip, port=unit.snmp_port or 161, version=unit.snmp_version,
                community=secret("community") or "public", user=unit.snmp_user,
                auth_protocol=unit.snmp_auth_proto or None, auth_key=secret("auth_key"),
                priv_protocol=unit.snmp_priv_proto or None, priv_key=secret("priv_key"),
                timeout=timeout, retries=retries,
            )
        except VaultError as exc:
            log.error("%s: %s", unit.asset_tag, exc)
            continue
        devices.append(Device(unit.id, unit_label(unit), target, failures.get(unit.id, 0)))
    return devices


def due(device: Device, cycle_no: int, unreachable_after: int) -> bool:
    """Back-off: a device that keeps failing is asked every 2nd, 4th … 8th cycle."""
    if device.failures < unreachable_after:
        return True
    every = min(2 ** (device.failures - unreachable_after + 1), MAX_BACKOFF_CYCLES)
    return (cycle_no + device.unit_id) % every == 0


class ProfileCache:
    """Which profiles each device matched, so later cycles skip the matching requests.

    A device is matched again when its sysObjectID changes (a replaced card), when
    it did not answer, and every ``rematch_every`` cycles (a firmware update may add MIBs)."""

    def __init__(self, rematch_every: int = 120) -> None:
        self.rematch_every = rematch_every
        self._known: dict[int, tuple[str | None, list, int]] = {}
        self._by_id = {p.id: p for p in shipped_profiles()}

    def forced(self, device: Device, cycle_no: int) -> list | None:
        known = self._known.get(device.unit_id)
        if known is None or cycle_no - known[2] >= self.rematch_every:
            return None
        return known[1]

    def remember(self, device: Device, result: DeviceReading, cycle_no: int, rematched: bool) -> None:
        known = self._known.get(device.unit_id)
        if result.status != "ok":
            self._known.pop(device.unit_id, None)
        elif rematched or known is None:
            self._known[device.unit_id] = (result.sys_object_id, [self._by_id[i] for i in result.profiles if i in self._by_id], cycle_no)
        elif known[0] != result.sys_object_id:
            self._known.pop(device.unit_id, None)


async def read_all(client: SnmpClient, devices: Sequence[Device], cache: ProfileCache | None = None,
                   cycle_no: int = 0) -> list[DeviceReading]:
    """Read every device at once; the client bounds how many requests are in flight."""

    async def one(device: Device) -> DeviceReading:
        forced = cache.forced(device, cycle_no) if cache else None
        if forced is None:
            result = await read_device(client, device.target)
        else:
            result = await read_device(client, device.target, profiles=(), force=forced)
        if cache is not None:
            cache.remember(device, result, cycle_no, rematched=forced is None)
        return result

    return list(await asyncio.gather(*(one(d) for d in devices)))


def write_cycle(store: Store, devices: Sequence[Device], results: Sequence[DeviceReading],
                holder: str | None = None, started: float | None = None) -> CycleStats:
    """One write transaction for the whole cycle (batched readings and roll-ups)."""
    at = now()
    with store.write() as session:
        monitor = Monitor(session, at)
        for device, result in zip(devices, results, strict=True):
            monitor.apply(device.unit_id, device.label, result)
        stats = monitor.flush()
        if holder is not None:
            lock.heartbeat(session, holder, at, cycle_seconds=(time.monotonic() - started) if started else None,
                           answering=stats.answering, silent=stats.devices - stats.answering)
    return stats


class Poller:
    """Polls every ``poller.interval_seconds`` while it holds the lock."""

    def __init__(self, store: Store, holder: str | None = None, parent_pid: int | None = None) -> None:
        self.store = store
        self.holder = holder or lock.holder_id()
        self.parent_pid = parent_pid
        self._stop = asyncio.Event()
        self._cycle: asyncio.Task | None = None

    def stop(self) -> None:
        """Stop now: a cycle in progress is cancelled, the lock released."""
        self._stop.set()
        if self._cycle is not None:
            self._cycle.cancel()

    def _settings(self) -> tuple[float, int]:
        with self.store.read() as session:
            return float(settings.get(session, "poller.interval_seconds")), int(settings.get(session, "monitor.unreachable_after"))

    async def run(self, max_cycles: int | None = None) -> int:
        interval, _ = self._settings()
        stale = dt.timedelta(seconds=max(3 * interval, 30))
        with self.store.write() as session:
            if not lock.acquire(session, self.holder, now(), stale):
                log.info("another poller holds the lock; not polling")
                return 1
        last_retention = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        cycle_no = 0
        cache = ProfileCache()
        try:
            async with SnmpClient() as client:
                while not self._stop.is_set():
                    started = time.monotonic()
                    interval, unreachable_after = self._settings()
                    devices = [d for d in load_devices(self.store) if due(d, cycle_no, unreachable_after)]
                    self._cycle = asyncio.ensure_future(read_all(client, devices, cache, cycle_no))
                    try:
                        results = await self._cycle
                    except asyncio.CancelledError:
                        if self._stop.is_set():
                            break
                        raise
                    finally:
                        self._cycle = None
                    write_cycle(self.store, devices, results, self.holder, started)
                    with self.store.write() as session:
                        if not lock.heartbeat(session, self.holder, now()):
                            log.warning("lock taken over by another poller; stopping")
                            return 2
                        if now() - last_retention >= RETENTION_EVERY:
                            apply_retention(session, now())
                            last_retention = now()
                    cycle_no += 1
                    if max_cycles is not None and cycle_no >= max_cycles:
                        break
                    if self.parent_pid is not None and os.getppid() != self.parent_pid:
                        log.info("the console that started this poller is gone; stopping")
                        break
                    wait = max(0.0, interval - (time.monotonic() - started))
                    try:
                        await asyncio.wait_for(self._stop.wait(), timeout=wait)
                    except TimeoutError:
                        pass
        finally:
            with self.store.write() as session:
                lock.release(session, self.holder)
        return 0


def _demo_agents(store: Store):
    """In the demo, the poller brings up the demo site's SNMP agents if none answer, so
    the embedded default is a living duty room with no configuration."""
    from opsdesk.models.meta import is_demo

    with store.read() as session:
        if not is_demo(session):
            return None
    from opsdesk import demoagents

    port = demoagents.stored_port(store) or demoagents.demo_agent_port()
    if demoagents.agents_running(port):
        return None
    try:
        return demoagents.start_agents(store, port)
    except demoagents.DemoAgentsError as exc:
        log.error("demo agents: %s", exc)
        return None


def run_poller(store: Store, parent_pid: int | None = None) -> int:
    poller = Poller(store, parent_pid=parent_pid)
    agents = _demo_agents(store)

    async def main() -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, poller.stop)
        return await poller.run()

    try:
        return asyncio.run(main())
    finally:
        if agents is not None:
            agents.stop()


def poll_once(store: Store, only: str | None = None, write: bool = True) -> list[tuple[Device, DeviceReading]]:
    """Read every device once; write the results unless a running poller owns the store."""
    devices = load_devices(store, only=only)

    async def main() -> list[DeviceReading]:
        async with SnmpClient() as client:
            return await read_all(client, devices)

    results = asyncio.run(main())
    if write and devices:
        holder = lock.holder_id()
        with store.write() as session:
            interval = float(settings.get(session, "poller.interval_seconds"))
            took = lock.acquire(session, holder, now(), dt.timedelta(seconds=max(3 * interval, 30)))
        if took:
            try:
                write_cycle(store, devices, results)
            finally:
                with store.write() as session:
                    lock.release(session, holder)
    return list(zip(devices, results, strict=True))
