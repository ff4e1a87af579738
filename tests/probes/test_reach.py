"""Reachability without SNMP: TCP connect, and ICMP where the system allows it."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from opsdesk.probes import reach

pytestmark = pytest.mark.timeout(20)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tcp_open_and_closed_ports():
    async def go():
        server = await asyncio.start_server(lambda r, w: w.close(), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            return await reach.tcp_check("127.0.0.1", port, 1.0), await reach.tcp_check(
                "127.0.0.1", _closed_port(), 1.0)

    up, closed = asyncio.run(go())
    assert up.ok and up.rtt_ms is not None and up.error is None
    assert not closed.ok and closed.error == "refused"


def test_check_counts_a_refusal_as_up():
    result = asyncio.run(reach.check("127.0.0.1", (_closed_port(),), timeout=1.0, use_icmp=False))
    assert result.ok and result.method == "tcp"


def test_unresolvable_host():
    result = asyncio.run(reach.tcp_check("no-such-host.invalid", 80, 1.0))
    assert not result.ok and result.error == "unreachable"


def test_icmp_works_or_says_unsupported():
    started = time.monotonic()
    result = asyncio.run(reach.icmp_ping("127.0.0.1", 1.0))
    if reach.icmp_available():
        assert result.ok and result.method == "icmp"
    else:
        assert not result.ok and result.error == "unsupported"
        assert time.monotonic() - started < 0.5
