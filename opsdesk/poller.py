"""The poller process: probes read the devices, the monitor writes what they say.

This is the composition root of monitoring (DESIGN.md): probes know nothing of
the monitor and the monitor nothing of SNMP. It runs as its own process
(``opsdesk poller``) so pysnmp's CPU time stays off the console's Qt thread and
monitoring goes on whoever is logged in. A lock in the store decides which poller
runs; ``opsdesk poll --once`` reads once, for scripts and tests.

Each device is read at its own interval (R-ENV-4: fast where it matters): room environment
points, UPSs and leak, smoke and door contacts every ``poller.fast_seconds``, the rest every
``poller.interval_seconds``; one loop ticks at the fast interval and reads, each tick, the
devices whose interval has elapsed, writing what they say in short write transactions (a
console's save waits for one of them at most, never for the whole cycle: opsdesk.monitor.cycle).

A device that stopped answering costs one short GET (sysUpTime.0, no retries) each of its
intervals instead of a full read with retries; the tick it answers it is read in full, so a
device that comes back is seen within one interval.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
import signal
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from opsdesk.clock import now
from opsdesk.models import categories, settings
from opsdesk.models.equipment import RegisterLine, Unit
from opsdesk.models.monitoring import DeviceState, MetricSeries
from opsdesk.models.roles import ROLES
from opsdesk.models.users import Perm, Principal, require
from opsdesk.monitor import cycle, lock
from opsdesk.monitor.ingest import CycleStats, apply_retention
from opsdesk.ops import site_profiles
from opsdesk.probes.reading import SYS_UPTIME, DeviceReading, read_device
from opsdesk.probes.snmp import ProbeError, SnmpClient, SnmpTarget
from opsdesk.profiles.spec import Profile
from opsdesk.store import Store, bind_key
from opsdesk.vault import KeyFileError, Vault, VaultError

log = logging.getLogger("opsdesk.poller")
RETENTION_EVERY = dt.timedelta(hours=1)
REMATCH_EVERY = dt.timedelta(hours=1)  # profiles matched again (a firmware update may add MIBs)

# Register categories read at the fast interval (``fast`` in data/categories.toml): precision AC
# (its return air is the room's), UPSs and the room's environment sensors. Any other unit joins
# them once one of its series has a fast role: the room's air, a UPS, a leak, smoke, fire, door
# or dry contact.
FAST_ROLE_GROUPS = frozenset({"ups", "safety"})
# A short GET that fails with one of these: the device is still silent. Any other answer
# (an error status, an odd message) means something answers: read it in full.
SILENT_CATEGORIES = frozenset({"timeout", "unreachable", "auth", "config"})

# What the caller runs beside the poller (the CLI gives the demo's agents on a demo database):
# called with the store once the key is checked, it returns what stops it when the poller ends.
StartExtras = Callable[[Store], Callable[[], None] | None]


@dataclass(frozen=True)
class Device:
    unit_id: int
    label: str  # asset tag and name, for alarm messages
    target: SnmpTarget
    failures: int
    interval: float = 0.0  # seconds between reads: poller.fast_seconds or poller.interval_seconds
    fast: bool = False
    secret_error: str = ""  # its SNMP secret cannot be decrypted: a failed reading each time, said why


def is_fast(category: str, roles: Iterable[str] = ()) -> bool:
    """Whether a unit is read at the fast interval: a breach of the room's air, a UPS on
    battery, a leak or an open door reaches the duty engineer in seconds, not minutes."""
    if categories.known(category) and categories.get(category).fast:
        return True
    for key in roles:
        role = ROLES.get(key)
        if role is not None and (role.room_air or role.group in FAST_ROLE_GROUPS):
            return True
    return False


def unit_label(unit: Unit) -> str:
    """The unit's name in its alarms (models.equipment.display_name)."""
    return unit.display_name


def _secret(vault: Vault, unit: Unit, name: str) -> str | None:
    """The unit's SNMP secret ``name`` (community, auth_key, priv_key) decrypted, None when it has none."""
    return vault.decrypt(getattr(unit, f"snmp_{name}_enc")) if unit.has_secret(name) else None


def load_devices(store: Store, vault: Vault | None = None, only: str | None = None) -> list[Device]:
    """Units with a management address and SNMP settings, with their secrets decrypted."""
    vault = vault or Vault()
    with store.read() as session:
        timeout = float(settings.get(session, "poller.timeout_seconds"))
        retries = int(settings.get(session, "poller.retries"))
        fast_s, slow_s = lock.intervals(session)
        query = (select(Unit).options(selectinload(Unit.line).selectinload(RegisterLine.site))
                 .where(Unit.mgmt_ip != "", Unit.snmp_version != "").order_by(Unit.id))
        units = list(session.scalars(query))
        failures = dict(session.execute(select(DeviceState.unit_id, DeviceState.failures)).all())
        roles: dict[int, set[str]] = defaultdict(set)
        for unit_id, role in session.execute(select(MetricSeries.unit_id, MetricSeries.role)
                                             .where(MetricSeries.role != "").distinct()):
            roles[unit_id].add(role)
    devices = []
    for unit in units:
        if only and only not in (unit.asset_tag, unit.mgmt_ip) and only not in unit_label(unit):
            continue
        try:
            target = SnmpTarget(
                host=unit.mgmt_ip, port=unit.snmp_port or 161, version=unit.snmp_version,
                community=_secret(vault, unit, "community") or "public", user=unit.snmp_user,
                auth_protocol=unit.snmp_auth_proto or None, auth_key=_secret(vault, unit, "auth_key"),
                priv_protocol=unit.snmp_priv_proto or None, priv_key=_secret(vault, unit, "priv_key"),
                timeout=timeout, retries=retries,
            )
        except VaultError as exc:  # a visible failure of this device (its state, then an alarm), never a skip
            log.error("%s: %s", unit.asset_tag, exc)
            target = SnmpTarget(host=unit.mgmt_ip, port=unit.snmp_port or 161, version=unit.snmp_version,
                                community="", user=unit.snmp_user, timeout=timeout, retries=retries)
            secret_error = str(exc)
        else:
            secret_error = ""
        fast = is_fast(unit.line.category or "", roles.get(unit.id, ()))
        devices.append(Device(unit.id, unit_label(unit), target, failures.get(unit.id) or 0,
                              fast_s if fast else slow_s, fast, secret_error))
    return devices


class Schedule:
    """When each device was last read, so each is read at its own interval by a loop that
    ticks at the fast one. Kept in the poller's memory: a new poller reads every device at
    once, then spreads the slow ones over the ticks of their interval (a device's second read
    comes early by a whole number of ticks, chosen by its id), so no tick reads every slow
    device at once and delays the fast devices' word."""

    def __init__(self) -> None:
        self._last: dict[int, float] = {}
        self._tick = 0.0

    def due(self, devices: Sequence[Device], at: float, tick: float) -> list[Device]:
        """The devices whose interval has elapsed at ``at`` (monotonic seconds). Half a tick
        of slack: a tick that comes a little early still reads a device whose interval has
        all but elapsed, so timer jitter never costs a whole tick."""
        self._tick = tick
        return [d for d in devices
                if (last := self._last.get(d.unit_id)) is None or at - last >= d.interval - tick / 2]

    def read(self, devices: Iterable[Device], at: float) -> None:
        for device in devices:
            early = 0.0
            if device.unit_id not in self._last and self._tick > 0:
                slots = max(1, round(device.interval / self._tick))
                early = (device.unit_id % slots) * self._tick
            self._last[device.unit_id] = at - early


async def still_silent(client: SnmpClient, device: Device) -> DeviceReading | None:
    """One short GET (sysUpTime.0, no retries) to a device judged unreachable: its failed
    reading while it stays silent, None once something answers (then read it in full)."""
    target = device.target
    try:
        await client.get_aside(dataclasses.replace(target, retries=0), SYS_UPTIME)
    except ProbeError as exc:
        if exc.category in SILENT_CATEGORIES:
            return DeviceReading(target=f"{target.host}:{target.port}",
                                 status="unreachable" if exc.category in ("timeout", "unreachable") else "error",
                                 error_category=exc.category, error_message=exc.message)
    return None


class ProfileCache:
    """Which profiles each device matched, so later cycles skip the matching requests.

    A device is matched again when its sysObjectID changes (a replaced card), when
    it did not answer, and every ``rematch_every`` cycles (a firmware update may add MIBs).
    ``profiles`` are the ones in use (opsdesk.ops.site_profiles.profiles_in_use); given new
    ones (:meth:`use`), every device is matched again."""

    def __init__(self, rematch_every: int = 120, profiles: Sequence[Profile] | None = None) -> None:
        self.rematch_every = rematch_every
        self._known: dict[int, tuple[str | None, list[Profile], int]] = {}  # sysObjectID, profiles, cycle
        self.profiles: tuple[Profile, ...] = ()
        self._by_id: dict[str, Profile] = {}
        self.use(site_profiles.file_profiles() if profiles is None else profiles)

    def use(self, profiles: Sequence[Profile]) -> None:
        """Read with ``profiles`` from now on; each device is matched again at its next read."""
        self.profiles = tuple(profiles)
        self._by_id = {p.id: p for p in self.profiles}
        self._known.clear()

    def forced(self, device: Device, cycle_no: int) -> list[Profile] | None:
        known = self._known.get(device.unit_id)
        if known is None or cycle_no - known[2] >= self.rematch_every:
            return None
        return known[1]

    def remember(self, device: Device, result: DeviceReading, cycle_no: int, rematched: bool) -> None:
        known = self._known.get(device.unit_id)
        if result.status != "ok":
            self._known.pop(device.unit_id, None)
        elif rematched or known is None:
            profiles = [self._by_id[i] for i in result.profiles if i in self._by_id]
            self._known[device.unit_id] = (result.sys_object_id, profiles, cycle_no)
        elif known[0] != result.sys_object_id:
            self._known.pop(device.unit_id, None)


async def read_all(client: SnmpClient, devices: Sequence[Device], cache: ProfileCache | None = None,
                   cycle_no: int = 0, silent_after: int | None = None,
                   profiles: Sequence[Profile] | None = None) -> list[DeviceReading]:
    """Read every device at once; the client bounds how many requests are in flight. With
    ``silent_after``, a device that failed that many times in a row is first asked one short
    GET and read in full only when it answers. The profiles: ``profiles``, else the cache's,
    else the shipped files' and the site folder's."""
    candidates = profiles if profiles is not None else (cache.profiles if cache is not None else None)

    async def one(device: Device) -> DeviceReading:
        if device.secret_error:  # nothing is sent with a secret that cannot be read
            return DeviceReading(target=f"{device.target.host}:{device.target.port}", status="error",
                                 error_category="secret", error_message=device.secret_error)
        if silent_after is not None and device.failures >= silent_after:
            failed = await still_silent(client, device)
            if failed is not None:
                if cache is not None:
                    cache.remember(device, failed, cycle_no, rematched=True)
                return failed
        forced = cache.forced(device, cycle_no) if cache else None
        if forced is None:
            result = await read_device(client, device.target, candidates)
        else:
            result = await read_device(client, device.target, profiles=(), force=forced)
        if cache is not None:
            cache.remember(device, result, cycle_no, rematched=forced is None)
        return result

    return list(await asyncio.gather(*(one(d) for d in devices)))


RETENTION_SERIES = 100  # series whose old readings one retention transaction deletes


def write_cycle(store: Store, devices: Sequence[Device], results: Sequence[DeviceReading],
                holder: str | None = None, started: float | None = None,
                retention: bool = False, at: dt.datetime | None = None,
                pause: float = cycle.PAUSE_S) -> CycleStats | None:
    """Write a cycle in short write transactions (opsdesk.monitor.cycle): judged first on a
    read session, then a few devices per transaction with ``pause`` seconds between them so a
    console's save gets in, the cycle marker (the lock row's ``last_cycle_at``) last. With a
    ``holder``, each transaction first checks the lock is still ours and nothing more is
    written (None) once another poller has taken it over; ``retention`` then deletes old
    readings, a few series per transaction."""
    at = at or now()
    items = [(d.unit_id, d.label, r) for d, r in zip(devices, results, strict=True)]
    with store.read() as session:
        works = cycle.prepare(session, at, items)
    stats = CycleStats()
    first = True

    def between() -> None:
        nonlocal first
        if not first and pause > 0:
            time.sleep(pause)  # not timing: the lock is free for this long, so a waiting console takes it
        first = False

    for chunk in cycle.chunks(works):
        between()
        with store.write() as session:
            if holder is not None and not lock.holds(session, holder):
                return None
            cycle.add_stats(stats, cycle.write_chunk(session, at, chunk))
    between()
    with store.write() as session:
        if holder is not None and not lock.heartbeat(
                session, holder, at, cycle_seconds=(time.monotonic() - started) if started else None,
                answering=stats.answering, silent=stats.devices - stats.answering):
            return None  # the status bar counts devices from their states (lock.device_counts)
    if retention:
        with store.read() as session:
            series_ids = list(session.scalars(select(MetricSeries.id).order_by(MetricSeries.id)))
        for n in range(0, len(series_ids), RETENTION_SERIES):
            between()
            with store.write() as session:
                if holder is not None and not lock.holds(session, holder):
                    return None
                apply_retention(session, at, series_ids[n:n + RETENTION_SERIES])
    return stats


class Poller:
    """Ticks every ``poller.fast_seconds`` while it holds the lock, reading each device at
    its own interval."""

    def __init__(self, store: Store, holder: str | None = None, parent_pid: int | None = None,
                 vault: Vault | None = None) -> None:
        self.store = store
        self.vault = vault  # the key checked at start (check_key), not read again each tick
        self.tick_s = 0.0  # the last tick's interval: the loop waits by it
        self.holder = holder or lock.holder_id()
        self.parent_pid = parent_pid
        self.schedule = Schedule()
        self.cache = ProfileCache()
        self._profiles_mark: tuple[int, ...] | None = None  # the site profiles' change mark last read
        self.ticks = 0
        self._stop = asyncio.Event()
        self._cycle: asyncio.Task[list[DeviceReading]] | None = None
        self._last_retention = dt.datetime.min.replace(tzinfo=dt.UTC)

    def stop(self) -> None:
        """Stop now: a cycle in progress is cancelled, the lock released."""
        self._stop.set()
        if self._cycle is not None:
            self._cycle.cancel()

    def _settings(self) -> tuple[float, int]:
        with self.store.read() as session:
            return lock.tick_seconds(session), int(settings.get(session, "monitor.unreachable_after"))

    def refresh_profiles(self) -> bool:
        """Read the profiles in use again when a site profile was saved or retired since the
        last look (its change mark moved, whichever process saved it); True when they were."""
        with self.store.read() as session:
            mark = site_profiles.profiles_mark(session)
            if mark == self._profiles_mark:
                return False
            profiles = site_profiles.profiles_in_use(session)
        self._profiles_mark = mark
        self.cache.use(profiles)
        log.info("profiles in use: %d", len(profiles))
        return True

    async def tick(self, client: SnmpClient, at: float | None = None) -> CycleStats | None:
        """Read the devices that are due at ``at`` (monotonic seconds, default now) and write
        what they say, the heartbeat last (:func:`write_cycle`). None when another poller has
        taken the lock over (then stop)."""
        started = time.monotonic()
        at = started if at is None else at
        tick_s, unreachable_after = self._settings()
        self.refresh_profiles()
        self.tick_s = tick_s
        self.cache.rematch_every = max(1, round(REMATCH_EVERY.total_seconds() / tick_s))
        devices = self.schedule.due(load_devices(self.store, self.vault), at, tick_s)
        self._cycle = asyncio.ensure_future(read_all(client, devices, self.cache, self.ticks, unreachable_after))
        try:
            results = await self._cycle
        finally:
            self._cycle = None
        self.schedule.read(devices, at)
        retention = now() - self._last_retention >= RETENTION_EVERY
        stats = write_cycle(self.store, devices, results, self.holder, started, retention)
        if retention:
            self._last_retention = now()
        self.ticks += 1
        return stats

    async def run(self, max_cycles: int | None = None) -> int:
        with self.store.write() as session:
            if not lock.acquire(session, self.holder, now(), lock.stale_after(session)):
                log.info("another poller holds the lock; not polling")
                return 1
        try:
            async with SnmpClient() as client:
                while not self._stop.is_set():
                    started = time.monotonic()
                    try:
                        stats = await self.tick(client, started)
                    except asyncio.CancelledError:
                        if self._stop.is_set():
                            break
                        raise
                    if stats is None:
                        log.warning("lock taken over by another poller; stopping")
                        return 2
                    if max_cycles is not None and self.ticks >= max_cycles:
                        break
                    if self.parent_pid is not None and os.getppid() != self.parent_pid:
                        log.info("the console that started this poller is gone; stopping")
                        break
                    wait = max(0.0, self.tick_s - (time.monotonic() - started))
                    try:
                        await asyncio.wait_for(self._stop.wait(), timeout=wait)
                    except TimeoutError:
                        pass
        finally:
            with self.store.write() as session:
                lock.release(session, self.holder)
        return 0


def check_key(store: Store, vault: Vault | None = None) -> Vault:
    """The key file must be there, be a key, and be this database's (its fingerprint):
    KeyFileError, said in a sentence naming the file, before anything is polled."""
    vault = vault or Vault()
    with store.write() as session:
        bind_key(session, vault)
    return vault


def run_poller(store: Store, parent_pid: int | None = None, start_extras: StartExtras | None = None) -> int:
    """Poll until stopped. ``start_extras``, when given, is started before the first cycle and
    stopped after the last: the poller knows nothing of what it is (the demo's agents)."""
    try:
        vault = check_key(store)
    except KeyFileError as exc:
        log.error("%s", exc)
        print(str(exc), file=sys.stderr)
        return 3  # refused: monitoring cannot run without the key
    poller = Poller(store, parent_pid=parent_pid, vault=vault)
    stop_extras = start_extras(store) if start_extras is not None else None

    async def main() -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, poller.stop)
        return await poller.run()

    try:
        return asyncio.run(main())
    finally:
        if stop_extras is not None:
            stop_extras()


def poll_by(store: Store, actor: Principal, only: str | None = None, write: bool = True
            ) -> list[tuple[Device, DeviceReading]]:
    """:func:`poll_once` asked for by a user (``opsdesk poll``): whoever sees the register."""
    require(actor, Perm.VIEW_REGISTER)
    return poll_once(store, only=only, write=write)


def device_target(store: Store, actor: Principal, only: str) -> SnmpTarget | None:
    """The SNMP target of the registered device ``only`` (asset tag, address or name), for a user
    who sees the register (``opsdesk profile draft|test --device``); None when no polled device
    matches."""
    require(actor, Perm.VIEW_REGISTER)
    found = load_devices(store, check_key(store), only=only)
    return found[0].target if found else None


def poll_once(store: Store, only: str | None = None, write: bool = True) -> list[tuple[Device, DeviceReading]]:
    """Read every device once; write the results unless a running poller owns the store.
    KeyFileError when the key file is missing, not a key or another database's."""
    devices = load_devices(store, check_key(store), only=only)
    with store.read() as session:
        profiles = site_profiles.profiles_in_use(session)

    async def main() -> list[DeviceReading]:
        async with SnmpClient() as client:
            return await read_all(client, devices, profiles=profiles)

    results = asyncio.run(main())
    if write and devices:
        holder = lock.holder_id()
        with store.write() as session:
            took = lock.acquire(session, holder, now(), lock.stale_after(session))
        if took:
            try:
                write_cycle(store, devices, results)
            finally:
                with store.write() as session:
                    lock.release(session, holder)
    return list(zip(devices, results, strict=True))
