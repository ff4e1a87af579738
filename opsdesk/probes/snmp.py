"""Asynchronous SNMP client over pysnmp 7 (asyncio API).

One :class:`SnmpClient` owns one pysnmp engine, bound to the event loop it first runs on,
and bounds how many requests are in flight (R-ENV-3 polls many devices at once; an
unbounded ``gather`` overflows the UDP receive buffer, shared/PLATFORM.md). Values come
back as plain Python: ``int``, ``float`` (Opaque floats), ``str``, dotted OID strings,
and :data:`MISSING` for noSuchObject / noSuchInstance / endOfMibView. Every failure is a
:class:`ProbeError` whose ``category`` a program can test.

OIDs are dotted strings without a leading dot (``"1.3.6.1.2.1.1.3.0"``); a leading dot
on input is accepted.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import struct
from collections.abc import Callable, Iterable, Sequence

from pyasn1.type import univ
from pysnmp.hlapi.v3arch import asyncio as hl
from pysnmp.proto import errind, rfc1902, rfc1905
from pysnmp.smi import builder, view

from opsdesk.profiles.spec import norm_oid

__all__ = [
    "MISSING",
    "Missing",
    "ProbeError",
    "SnmpClient",
    "SnmpTarget",
    "WalkResult",
    "get",
    "walk",
    "norm_oid",
    "oid_in",
]

DEFAULT_MAX_ROWS = 10_000
GET_CHUNK = 24  # var-binds per GET; small agents answer tooBig above a few dozen
VARBIND_CACHE = 50_000  # resolved request var-binds kept (a 500-device site asks ~20,000 OIDs a cycle)


class Missing:
    """The agent has no value here (noSuchObject, noSuchInstance, endOfMibView).

    Falsy, so ``if value:`` skips it; compare with ``isinstance(v, Missing)``."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Missing({self.reason})"

    def __bool__(self) -> bool:
        return False


MISSING = Missing("noSuchObject")
NO_SUCH_INSTANCE = Missing("noSuchInstance")
END_OF_MIB = Missing("endOfMibView")


class ProbeError(Exception):
    """A probe failed. ``category`` is machine-readable: timeout, auth (wrong community
    is indistinguishable from timeout: agents drop it), unreachable (name resolution,
    network), malformed (undecodable or inconsistent response), agent (error-status from
    the agent), config (bad target settings), error (anything else)."""

    def __init__(self, category: str, message: str, *, host: str = "") -> None:
        super().__init__(f"{category}: {message}" + (f" ({host})" if host else ""))
        self.category = category
        self.message = message
        self.host = host


_AUTH_PROTOCOLS = {
    "MD5": hl.usmHMACMD5AuthProtocol,
    "SHA": hl.usmHMACSHAAuthProtocol,
    "SHA1": hl.usmHMACSHAAuthProtocol,
    "SHA224": hl.usmHMAC128SHA224AuthProtocol,
    "SHA256": hl.usmHMAC192SHA256AuthProtocol,
    "SHA384": hl.usmHMAC256SHA384AuthProtocol,
    "SHA512": hl.usmHMAC384SHA512AuthProtocol,
}
_PRIV_PROTOCOLS = {
    "DES": hl.usmDESPrivProtocol,
    "3DES": hl.usm3DESEDEPrivProtocol,
    "AES": hl.usmAesCfb128Protocol,
    "AES128": hl.usmAesCfb128Protocol,
    "AES192": hl.usmAesCfb192Protocol,
    "AES256": hl.usmAesCfb256Protocol,
    # net-snmp's key extension for 192/256-bit AES (draft-blumenthal).
    "AES192BLMT": hl.usmAesBlumenthalCfb192Protocol,
    "AES256BLMT": hl.usmAesBlumenthalCfb256Protocol,
}


@dataclasses.dataclass(frozen=True)
class SnmpTarget:
    """How to reach one agent. Secrets never appear in ``repr``."""

    host: str
    port: int = 161
    version: str = "2c"  # "1" | "2c" | "3"
    community: str = dataclasses.field(default="public", repr=False)
    user: str = ""
    auth_protocol: str | None = None  # MD5 SHA SHA224 SHA256 SHA384 SHA512
    auth_key: str | None = dataclasses.field(default=None, repr=False)
    priv_protocol: str | None = None  # DES AES AES192 AES256 (…BLMT)
    priv_key: str | None = dataclasses.field(default=None, repr=False)
    context: str = ""  # SNMPv3 context name
    timeout: float = 2.0  # seconds per attempt
    retries: int = 1

    def __repr__(self) -> str:
        parts = [f"host={self.host!r}", f"port={self.port}", f"version={self.version!r}"]
        if self.version == "3":
            parts += [
                f"user={self.user!r}",
                f"auth={self.auth_protocol or 'none'}:{'***' if self.auth_key else '-'}",
                f"priv={self.priv_protocol or 'none'}:{'***' if self.priv_key else '-'}",
            ]
            if self.context:
                parts.append(f"context={self.context!r}")
        else:
            parts.append("community='***'")
        parts += [f"timeout={self.timeout}", f"retries={self.retries}"]
        return f"SnmpTarget({', '.join(parts)})"

    __str__ = __repr__

    @property
    def deadline(self) -> float:
        """The longest one request may take: every attempt timing out, plus slack."""
        return self.timeout * (self.retries + 1) + 1.0


class WalkResult(dict[str, object]):
    """``{oid: value}`` of one walk, in agent order; ``truncated`` when the row cap hit
    or the agent returned OIDs out of order."""

    truncated: bool = False
    reason: str = ""


def _oid_tuple(oid: str) -> tuple[int, ...]:
    return tuple(int(x) for x in norm_oid(oid).split(".") if x != "")


def oid_in(oid: str, base: str) -> bool:
    """True when ``oid`` lies strictly inside the subtree ``base``."""
    oid, base = norm_oid(oid), norm_oid(base)
    return oid.startswith(base + ".")


# ---------------------------------------------------------------- value conversion

def _decode_text(raw: bytes) -> str:
    """UTF-8, then GB18030, then Latin-1; bytes that are not text come back as hex."""
    data = raw.rstrip(b"\x00")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _printable(text):
            return text
    text = data.decode("latin-1")
    if _printable(text):
        return text
    return ":".join(f"{b:02x}" for b in raw)


def _printable(text: str) -> bool:
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def _decode_opaque(raw: bytes) -> float | str:
    """net-snmp wraps floats in Opaque (ASN.1 tag 0x9f78 float, 0x9f79 double)."""
    if len(raw) == 7 and raw[:3] == b"\x9f\x78\x04":
        single: float = struct.unpack(">f", raw[3:])[0]
        return single
    if len(raw) == 11 and raw[:3] == b"\x9f\x79\x08":
        double: float = struct.unpack(">d", raw[3:])[0]
        return double
    return raw.hex()


def convert_value(value: object) -> object:
    """A pysnmp value as plain Python (see module docstring)."""
    if isinstance(value, rfc1905.NoSuchObject):
        return MISSING
    if isinstance(value, rfc1905.NoSuchInstance):
        return NO_SUCH_INSTANCE
    if isinstance(value, rfc1905.EndOfMibView):
        return END_OF_MIB
    if isinstance(value, rfc1902.IpAddress):
        return ".".join(str(b) for b in value.asOctets())
    if isinstance(value, rfc1902.Opaque):
        return _decode_opaque(value.asOctets())
    if isinstance(value, rfc1902.Bits):
        return value.asOctets().hex()
    if isinstance(value, rfc1902.OctetString):
        return _decode_text(value.asOctets())
    if isinstance(value, rfc1902.ObjectIdentifier):
        return str(value)
    if isinstance(value, univ.Null) or value is None:
        return MISSING
    if isinstance(value, univ.Integer):
        return int(value)
    return str(value)


# ---------------------------------------------------------------- error mapping

_AUTH_ERRORS = (
    errind.WrongDigest,
    errind.UnknownUserName,
    errind.UnknownSecurityName,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.DecryptionError,
    errind.UnsupportedSecurityLevel,
    errind.NotInTimeWindow,
    errind.UnknownCommunityName,
    errind.NoAuthentication,
    errind.NoEncryption,
)
_MALFORMED_ERRORS = (
    errind.SerializationError,
    errind.DeserializationError,
    errind.DataMismatch,
    errind.EmptyResponse,
    errind.InvalidMsg,
    errind.UnknownPDUHandler,
    errind.UnsupportedPDUtype,
    errind.OidNotIncreasing,
)


def _error_from_indication(indication: object, host: str) -> ProbeError:
    text = str(indication)
    if isinstance(indication, errind.RequestTimedOut):
        return ProbeError("timeout", "no response before timeout", host=host)
    if isinstance(indication, _AUTH_ERRORS):
        return ProbeError("auth", text, host=host)
    if isinstance(indication, _MALFORMED_ERRORS):
        return ProbeError("malformed", text, host=host)
    if isinstance(indication, (errind.UnsupportedAuthProtocol, errind.UnsupportedPrivProtocol)):
        return ProbeError("config", text, host=host)
    if isinstance(indication, (errind.NoSuchView, errind.NoAccessEntry, errind.NotInView,
                               errind.NoSuchContext, errind.NoGroupName)):
        return ProbeError("auth", text, host=host)
    return ProbeError("error", text, host=host)


# ---------------------------------------------------------------- the client

class _NoMibCompiler:
    """Stands in for pysmi's MIB compiler. We send numeric OIDs only, so MIBs are never
    needed; without this, pysnmp builds a pysmi parser on the first request of every
    engine when pysmi is installed (0.7 s of CPU) and may fetch MIB files from the net."""


def _new_engine() -> hl.SnmpEngine:
    engine = hl.SnmpEngine()
    mib_builder = builder.MibBuilder()
    mib_builder._MibBuilder__mibCompiler = _NoMibCompiler()  # what add_mib_compiler checks
    engine.cache["mibViewController"] = view.MibViewController(mib_builder)
    return engine


class SnmpClient:
    """Owns one pysnmp engine and a semaphore bounding requests in flight.

    Use as ``async with SnmpClient() as client: await client.get(target, oids)``. The
    engine binds to the first event loop that uses it; close it on that loop.
    """

    def __init__(self, *, concurrency: int = 50, max_rows: int = DEFAULT_MAX_ROWS) -> None:
        self._concurrency = concurrency
        self._sem: asyncio.Semaphore | None = None
        self._aside: asyncio.Semaphore | None = None  # for get_aside, made on first use
        self._engine: hl.SnmpEngine | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.max_rows = max_rows
        # Rows each walked table had last time, so the next walk of a one-row table
        # asks for two repetitions instead of two dozen (a poller reuses its client).
        self._row_hint: dict[tuple[str, int, str, str, tuple[str, ...]], int] = {}
        # Request var-binds by OID, already resolved: pysnmp resolves every request var-bind
        # against its MIB view (a third of a poll cycle's CPU), and a resolved one is reused
        # as it is. The poller asks for the same OIDs every cycle.
        self._varbinds: collections.OrderedDict[str, object] = collections.OrderedDict()

    async def __aenter__(self) -> SnmpClient:
        self._bind()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the engine's sockets; call it on the loop the client ran on."""
        engine, self._engine = self._engine, None
        self._varbinds.clear()
        if engine is not None and self._loop is not None and not self._loop.is_closed():
            engine.close_dispatcher()

    def _bind(self) -> tuple[hl.SnmpEngine, asyncio.Semaphore]:
        """The engine and the semaphore bounding its requests, made on first use."""
        loop = asyncio.get_running_loop()
        if self._loop is not None and self._loop is not loop:
            raise RuntimeError("SnmpClient is bound to another event loop; make one per loop")
        if self._engine is None or self._sem is None:  # made together: both or neither
            self._loop = loop
            self._engine = _new_engine()
            self._sem = asyncio.Semaphore(self._concurrency)
        return self._engine, self._sem

    # -- request plumbing

    def _auth(self, t: SnmpTarget) -> object:
        if t.version in ("1", "2c", "2"):
            return hl.CommunityData(t.community, mpModel=0 if t.version == "1" else 1)
        if t.version != "3":
            raise ProbeError("config", f"unknown SNMP version {t.version!r}", host=t.host)
        auth = priv = None
        if t.auth_key:
            auth = _AUTH_PROTOCOLS.get((t.auth_protocol or "SHA").upper())
            if auth is None:
                raise ProbeError("config", f"unknown auth protocol {t.auth_protocol!r}", host=t.host)
        if t.priv_key:
            if not t.auth_key:
                raise ProbeError("config", "privacy needs an authentication key", host=t.host)
            priv = _PRIV_PROTOCOLS.get((t.priv_protocol or "AES").upper())
            if priv is None:
                raise ProbeError("config", f"unknown privacy protocol {t.priv_protocol!r}", host=t.host)
        kwargs: dict[str, object] = {}
        if auth is not None:
            kwargs["authKey"] = t.auth_key
            kwargs["authProtocol"] = auth
        if priv is not None:
            kwargs["privKey"] = t.priv_key
            kwargs["privProtocol"] = priv
        # The security level is the agent's: authPriv when both keys are given, else what it is configured with.
        return hl.UsmUserData(t.user, **kwargs)  # noqa: S509 - the level is the device's own SNMPv3 setting

    async def _transport(self, t: SnmpTarget) -> object:
        try:
            return await hl.UdpTransportTarget.create(
                (t.host, t.port), timeout=t.timeout, retries=t.retries
            )
        except Exception as exc:  # name resolution and the like
            raise ProbeError("unreachable", f"cannot resolve or reach {t.host}: {exc}", host=t.host) from exc

    async def _request(self, t: SnmpTarget, kind: str, oids: Sequence[str], reps: int = 0,
                       sem: asyncio.Semaphore | None = None) -> tuple[int, int, list[tuple[str, object]]]:
        """One PDU; returns ``(error_status, error_index, [(oid, value), ...])``, the values
        as pysnmp decoded them (:func:`convert_value` makes them plain). ``sem`` bounds it
        instead of the client's own semaphore (see :meth:`get_aside`)."""
        engine, own = self._bind()
        async with sem or own:
            auth = self._auth(t)
            transport = await self._transport(t)
            ctx = hl.ContextData(contextName=t.context.encode()) if t.context else hl.ContextData()
            vbs = [self._varbind(o) for o in oids]
            try:
                if kind == "get":
                    coro = hl.get_cmd(engine, auth, transport, ctx, *vbs, lookupMib=False)
                elif kind == "next":
                    coro = hl.next_cmd(engine, auth, transport, ctx, *vbs, lookupMib=False)
                else:
                    coro = hl.bulk_cmd(engine, auth, transport, ctx, 0, reps, *vbs, lookupMib=False)
                # pysnmp enforces the timeout itself; this only guards against a hang.
                ind, status, index, out = await asyncio.wait_for(coro, t.deadline)
            except TimeoutError as exc:
                raise ProbeError("timeout", "no response before timeout", host=t.host) from exc
            except ProbeError:
                raise
            except OSError as exc:
                raise ProbeError("unreachable", str(exc), host=t.host) from exc
            except Exception as exc:  # pyasn1 / pysnmp decoding trouble
                raise ProbeError("malformed", f"{type(exc).__name__}: {exc}", host=t.host) from exc
        if ind:
            raise _error_from_indication(ind, t.host)
        pairs: list[tuple[str, object]] = []
        for vb in out:
            name, value = vb[0], vb[1]
            pairs.append((str(name), value))
        return int(status or 0), int(index or 0), pairs

    def _varbind(self, oid: str) -> object:
        """A pysnmp ObjectType for ``oid``, resolved against the engine's MIB view once."""
        cached = self._varbinds.get(oid)
        if cached is not None:
            self._varbinds.move_to_end(oid)
            return cached
        vb = hl.ObjectType(hl.ObjectIdentity(norm_oid(oid)))
        engine = self._engine
        if engine is not None:
            vb.resolve_with_mib(engine.cache["mibViewController"], ignoreErrors=False)
            self._varbinds[oid] = vb
            if len(self._varbinds) > VARBIND_CACHE:
                self._varbinds.popitem(last=False)
        return vb

    # -- public operations

    async def get(self, target: SnmpTarget, oids: Iterable[str]) -> dict[str, object]:
        """GET the given instances; absent ones map to :data:`MISSING`."""
        wanted = list(dict.fromkeys(norm_oid(o) for o in oids))
        result: dict[str, object] = {}
        for start in range(0, len(wanted), GET_CHUNK):
            await self._get_chunk(target, wanted[start:start + GET_CHUNK], result)
        return result

    async def _get_chunk(self, target: SnmpTarget, chunk: list[str], result: dict[str, object]) -> None:
        pending = list(chunk)
        while pending:
            status, index, pairs = await self._request(target, "get", pending)
            if status == 0:
                if len(pairs) != len(pending):
                    raise ProbeError("malformed", "response var-binds do not match the request",
                                     host=target.host)
                for oid, (_, value) in zip(pending, pairs, strict=True):  # lengths checked above
                    result[oid] = convert_value(value)
                return
            if status == 2 and 0 < index <= len(pending):  # v1 noSuchName: drop it, ask again
                result[pending.pop(index - 1)] = MISSING
                continue
            if status == 1 and len(pending) > 1:  # tooBig: halve
                half = len(pending) // 2
                await self._get_chunk(target, pending[:half], result)
                await self._get_chunk(target, pending[half:], result)
                return
            raise ProbeError("agent", f"error-status {status} at index {index}", host=target.host)

    async def get_aside(self, target: SnmpTarget, oid: str) -> object:
        """GET one small object outside the bound of the client's other requests, on a bound
        of its own: devices that may well not answer (the poller's one short request to a
        device judged unreachable) wait out their timeouts without holding the slots of the
        devices that answer. Its value, or :data:`MISSING`."""
        self._bind()
        if self._aside is None:
            self._aside = asyncio.Semaphore(self._concurrency)
        oid = norm_oid(oid)
        status, index, pairs = await self._request(target, "get", [oid], sem=self._aside)
        if status == 2:  # v1 noSuchName
            return MISSING
        if status or len(pairs) != 1:
            raise ProbeError("agent", f"error-status {status} at index {index}", host=target.host)
        return convert_value(pairs[0][1])

    async def get_next(self, target: SnmpTarget, oids: Iterable[str]) -> dict[str, tuple[str, object]]:
        """GETNEXT each OID; maps the requested OID to ``(next_oid, value)``."""
        wanted = list(dict.fromkeys(norm_oid(o) for o in oids))
        result: dict[str, tuple[str, object]] = {}
        for start in range(0, len(wanted), GET_CHUNK):
            pending = wanted[start:start + GET_CHUNK]
            while pending:
                status, index, pairs = await self._request(target, "next", pending)
                if status == 2 and 0 < index <= len(pending):  # v1 end of MIB
                    result[pending.pop(index - 1)] = ("", END_OF_MIB)
                    continue
                if status:
                    raise ProbeError("agent", f"error-status {status} at index {index}", host=target.host)
                # Not strict: an answer short of var-binds leaves the rest unanswered (absent), as before.
                for oid, (name, value) in zip(pending, pairs, strict=False):
                    result[oid] = (name, convert_value(value))
                pending = []
        return result

    async def walk(self, target: SnmpTarget, base_oid: str, max_rows: int | None = None, *,
                   progress: Callable[[int], bool] | None = None) -> WalkResult:
        """Every instance under ``base_oid`` (GETBULK for v2c/v3, GETNEXT for v1)."""
        return (await self.walk_columns(target, [base_oid], max_rows, progress=progress))[norm_oid(base_oid)]

    async def walk_columns(
        self, target: SnmpTarget, bases: Sequence[str], max_rows: int | None = None, *,
        progress: Callable[[int], bool] | None = None,
    ) -> dict[str, WalkResult]:
        """Walk several subtrees (e.g. the columns of one table) side by side, one
        request carrying all of them, so a table costs rows/repetitions round trips.
        ``progress(rows so far)`` after each response: False stops the walk there (what came
        so far is returned, marked truncated)."""
        cap = self.max_rows if max_rows is None else max_rows
        bases = list(dict.fromkeys(norm_oid(b) for b in bases))
        results = {b: WalkResult() for b in bases}
        cursor = {b: b for b in bases}
        active = list(bases)
        hint_key = (target.host, target.port, target.community, target.user, tuple(bases))  # one agent, one table
        hint = self._row_hint.get(hint_key)
        while active:
            if target.version == "1":
                status, index, pairs = await self._request(target, "next", [cursor[b] for b in active])
                if status == 2 and 0 < index <= len(active):
                    active.pop(index - 1)  # that column reached the end of the MIB
                    continue
            else:
                reps = max(1, min(25, 48 // len(active)))
                if hint is not None:  # one more than last time, to see the table end in one trip
                    reps = max(1, min(reps, hint + 1))
                    hint = None  # a table that grew continues with full repetitions
                status, index, pairs = await self._request(
                    target, "bulk", [cursor[b] for b in active], reps)
            if status:
                raise ProbeError("agent", f"error-status {status} at index {index}", host=target.host)
            if not pairs:
                raise ProbeError("malformed", "empty response to a walk request", host=target.host)
            finished: set[str] = set()
            progressed = False
            for i, (name, value) in enumerate(pairs):
                base = active[i % len(active)]
                if base in finished:
                    continue
                res = results[base]
                if isinstance(value, rfc1905.EndOfMibView) or not oid_in(name, base):
                    finished.add(base)
                    continue
                if _oid_tuple(name) <= _oid_tuple(cursor[base]):
                    res.truncated, res.reason = True, "agent returned OIDs out of order"
                    finished.add(base)
                    continue
                if len(res) >= cap:
                    res.truncated, res.reason = True, f"more than {cap} rows"
                    finished.add(base)
                    continue
                res[name] = convert_value(value)
                cursor[base] = name
                progressed = True
            active = [b for b in active if b not in finished]
            if progress is not None and not progress(sum(len(r) for r in results.values())) and active:
                for b in active:
                    results[b].truncated, results[b].reason = True, "stopped"
                break
            if not progressed and active:
                # A response that moved no column forward would loop for ever.
                for b in active:
                    results[b].truncated, results[b].reason = True, "agent made no progress"
                break
        self._row_hint[hint_key] = max((len(r) for r in results.values()), default=0)
        return results


async def get(target: SnmpTarget, oids: Iterable[str], client: SnmpClient | None = None) -> dict[str, object]:
    """GET with ``client``, or with a short-lived client of its own."""
    if client is not None:
        return await client.get(target, oids)
    async with SnmpClient() as own:
        return await own.get(target, oids)


async def walk(
    target: SnmpTarget, base_oid: str, max_rows: int = DEFAULT_MAX_ROWS, client: SnmpClient | None = None
) -> WalkResult:
    """Walk with ``client``, or with a short-lived client of its own."""
    if client is not None:
        return await client.walk(target, base_oid, max_rows)
    async with SnmpClient() as own:
        return await own.walk(target, base_oid, max_rows)
