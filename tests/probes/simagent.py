"""A real SNMP agent for tests: snmpsim's command responder in a subprocess.

snmpsim refuses to run as root unless it can drop privileges, and where Python lives in a
0700 home the unprivileged process then fails on late imports (shared/PLATFORM.md).
``SNMPSIM_ALLOW_ROOT=true`` (read by snmpsim 1.2's privilege guard) keeps it under the
current user, so the same command works as root and as anyone else. The data directory
is a private temp copy; the community of each recording is its file name.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from opsdesk.probes.snmp import ProbeError, SnmpClient, SnmpTarget

V3_USER = "opsdesk-test"
V3_AUTH_KEY = "auth-key-2026"
V3_PRIV_KEY = "priv-key-2026"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def responder_command(data_dir: Path, cache_dir: Path, port: int) -> list[str]:
    exe = Path(sys.executable).with_name("snmpsim-command-responder")
    return [
        str(exe),
        f"--cache-dir={cache_dir}",
        "--log-level=error",
        "--logging-method=null",
        # Everything after --v3-engine-id configures that engine (snmpsim's rule).
        "--v3-engine-id=auto",
        f"--data-dir={data_dir}",
        f"--agent-udpv4-endpoint=127.0.0.1:{port}",
        f"--v3-user={V3_USER}",
        "--v3-auth-proto=SHA",
        f"--v3-auth-key={V3_AUTH_KEY}",
        "--v3-priv-proto=AES",
        f"--v3-priv-key={V3_PRIV_KEY}",
    ]


class SimAgent:
    """Start once, wait until a real GET answers, stop at the end."""

    def __init__(self, data_dir: Path, work_dir: Path) -> None:
        self.data_dir = data_dir
        self.cache_dir = work_dir / "cache"
        self.log_path = work_dir / "snmpsim.log"
        self.port = free_udp_port()
        self.proc: subprocess.Popen | None = None
        self.command = responder_command(data_dir, self.cache_dir, self.port)

    def target(self, community: str, **kw) -> SnmpTarget:
        kw.setdefault("timeout", 1.0)
        kw.setdefault("retries", 1)
        return SnmpTarget("127.0.0.1", self.port, community=community, **kw)

    def v3_target(self, context: str, **kw) -> SnmpTarget:
        kw.setdefault("timeout", 1.0)
        kw.setdefault("retries", 0)
        values = dict(user=V3_USER, auth_protocol="SHA", auth_key=V3_AUTH_KEY,
                      priv_protocol="AES", priv_key=V3_PRIV_KEY, context=context)
        values.update(kw)
        return SnmpTarget("127.0.0.1", self.port, version="3", **values)

    def start(self, probe_community: str, deadline_s: float = 60.0) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.command, stdout=log, stderr=subprocess.STDOUT, env=env)
        asyncio.run(self._wait_ready(probe_community, deadline_s))

    async def _wait_ready(self, community: str, deadline_s: float) -> None:
        target = SnmpTarget("127.0.0.1", self.port, community=community, timeout=0.25, retries=0)
        end = time.monotonic() + deadline_s
        async with SnmpClient() as client:
            while True:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"snmpsim exited with {self.proc.returncode}:\n{self.log()}")
                try:
                    got = await client.get(target, ["1.3.6.1.2.1.1.2.0"])
                    if got.get("1.3.6.1.2.1.1.2.0"):
                        return
                except ProbeError:
                    pass  # not listening yet: each try costs its own 0.25 s timeout
                if time.monotonic() > end:
                    self.stop()
                    raise RuntimeError(f"snmpsim did not answer within {deadline_s}s:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc = None


def copy_recordings(src: Path, dst: Path) -> list[str]:
    dst.mkdir(parents=True, exist_ok=True)
    names = []
    for path in sorted(src.glob("*.snmprec")):
        shutil.copy(path, dst / path.name)
        names.append(path.stem)
    return names
