"""Reachability of devices without SNMP (R-ENV-3): TCP connect, and ICMP echo where the
system lets an unprivileged process ping (``SOCK_DGRAM`` + ``IPPROTO_ICMP``, allowed by
``net.ipv4.ping_group_range``). Where it does not, ICMP reports "unsupported" and the
caller falls back to TCP; nothing here needs root.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import os
import socket
import struct
import time

__all__ = ["ReachResult", "tcp_check", "icmp_ping", "icmp_available", "check"]


@dataclasses.dataclass(frozen=True)
class ReachResult:
    host: str
    method: str  # "tcp" | "icmp"
    ok: bool
    rtt_ms: float | None = None
    port: int | None = None
    error: str | None = None  # timeout, refused, unreachable, unsupported, error


async def tcp_check(host: str, port: int, timeout: float = 2.0) -> ReachResult:
    """Open and close a TCP connection; a refusal still proves the host is up."""
    started = time.monotonic()
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except TimeoutError:
        return ReachResult(host, "tcp", False, port=port, error="timeout")
    except ConnectionRefusedError:
        return ReachResult(host, "tcp", False, _ms(started), port, "refused")
    except socket.gaierror:
        return ReachResult(host, "tcp", False, port=port, error="unreachable")
    except OSError as exc:
        kind = "unreachable" if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH) else "error"
        return ReachResult(host, "tcp", False, port=port, error=kind)
    rtt = _ms(started)
    writer.close()
    try:
        await asyncio.wait_for(writer.wait_closed(), 1.0)
    except (TimeoutError, OSError):
        pass
    return ReachResult(host, "tcp", True, rtt, port)


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000.0, 3)


def icmp_available() -> bool:
    """Whether this process may open an unprivileged ICMP socket."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP).close()
    except OSError:
        return False
    return True


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    words: tuple[int, ...] = struct.unpack(f"!{len(data) // 2}H", data)
    total = sum(words)
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


async def icmp_ping(host: str, timeout: float = 2.0) -> ReachResult:
    """One ICMP echo request; ``error="unsupported"`` when the system forbids it."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, family=socket.AF_INET, type=socket.SOCK_DGRAM)
    except socket.gaierror:
        return ReachResult(host, "icmp", False, error="unreachable")
    address = infos[0][4][0]
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    except OSError:
        return ReachResult(host, "icmp", False, error="unsupported")
    sock.setblocking(False)
    seq = int.from_bytes(os.urandom(2), "big")
    payload = b"opsdesk-reach"
    header = struct.pack("!BBHHH", 8, 0, 0, 0, seq)  # the kernel sets the identifier
    packet = struct.pack("!BBHHH", 8, 0, _checksum(header + payload), 0, seq) + payload
    started = time.monotonic()
    try:
        await loop.sock_sendto(sock, packet, (address, 0))
        deadline = started + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return ReachResult(host, "icmp", False, error="timeout")
            data = await asyncio.wait_for(loop.sock_recv(sock, 2048), remaining)
            if len(data) >= 8:
                kind, _, _, _, got_seq = struct.unpack("!BBHHH", data[:8])
                if kind == 0 and got_seq == seq:
                    return ReachResult(host, "icmp", True, _ms(started))
    except TimeoutError:
        return ReachResult(host, "icmp", False, error="timeout")
    except OSError as exc:
        kind = "unreachable" if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH) else "error"
        return ReachResult(host, "icmp", False, error=kind)
    finally:
        sock.close()


async def check(host: str, ports: tuple[int, ...] = (22, 443, 80, 3389), timeout: float = 2.0,
                use_icmp: bool = True) -> ReachResult:
    """Is ``host`` up? An ICMP echo when the system allows it, then the TCP ports in
    turn (hosts that drop ICMP may still answer TCP). A refused connection counts as up:
    the host itself replied."""
    first = None
    if use_icmp:
        first = await icmp_ping(host, timeout)
        if first.ok:
            return first
    last = ReachResult(host, "tcp", False, error="unsupported")
    for port in ports:
        last = await tcp_check(host, port, timeout)
        if last.ok:
            return last
        if last.error == "refused":
            return dataclasses.replace(last, ok=True, error=None)
    if first is not None and first.error != "unsupported":
        return first
    return last
