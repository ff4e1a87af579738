"""The SNMP agents the ``poll`` and ``stall`` figures poll: snmpsim on loopback.

One ``snmpsim-command-responder`` process (or a few, on their own ports) serves
``devices`` communities ``ups0000`` … on 127.0.0.1, each a copy of a small real
recording: a Huawei UPS2000 card on UPS-MIB (``huaweiups_ups2000.snmprec`` from the
shared corpus, 56 objects; OpsDesk matches ``ups-mib`` and ``sys-generic`` on it and
reads 18 values with five requests). Every tenth device runs on battery (a critical
state alarm) and every tenth from the fifth on bypass (a warning), so a console has
alarms to show.

Started as tests/probes/simagent.py starts it (``SNMPSIM_ALLOW_ROOT=true`` keeps it
under the current user), v2c only, and ready when a real GET of the last community
answers — no fixed sleeps.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RECORDING = Path("/work/shared/snmp-corpus/huaweiups_ups2000.snmprec")
UPS_OUTPUT_SOURCE = "1.3.6.1.2.1.33.1.4.1.0"  # 3 normal, 4 bypass (warning), 5 battery (critical)
SYS_OBJECT_ID = "1.3.6.1.2.1.1.2.0"
READY_TIMEOUT_S = 120


def recording_lines() -> list[str]:
    return [ln for ln in RECORDING.read_text(encoding="utf-8").splitlines() if ln.strip()]


def community(n: int) -> str:
    return f"ups{n:04d}"


def output_source(n: int) -> int:
    if n % 10 == 0:
        return 5
    if n % 10 == 5:
        return 4
    return 3


def write_recordings(data_dir: Path, devices: int, mix: list[Path] | None = None) -> None:
    """``devices`` communities: the UPS2000 card (with its output source varied), or, given
    ``mix``, device ``n`` answering as recording ``mix[n % len(mix)]``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if mix:
        texts = [p.read_text(encoding="utf-8") for p in mix]
        for n in range(devices):
            (data_dir / f"{community(n)}.snmprec").write_text(texts[n % len(texts)], encoding="utf-8")
        return
    lines = recording_lines()
    for n in range(devices):
        body = [f"{UPS_OUTPUT_SOURCE}|2|{output_source(n)}" if ln.startswith(UPS_OUTPUT_SOURCE + "|") else ln
                for ln in lines]
        (data_dir / f"{community(n)}.snmprec").write_text("\n".join(body) + "\n", encoding="utf-8")


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _responder() -> str:
    exe = Path(sys.executable).with_name("snmpsim-command-responder")
    return str(exe) if exe.exists() else "snmpsim-command-responder"


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when the bench process dies, however it dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass
class Agents:
    """``processes`` snmpsim responders; device ``n`` is served by responder ``n % processes``."""

    workdir: Path
    devices: int
    processes: int = 1
    mix: list[Path] | None = None  # recordings the devices answer as, in turn (default: the UPS2000 card)
    ports: list[int] = field(default_factory=list)
    procs: list[subprocess.Popen] = field(default_factory=list)

    def port_of(self, n: int) -> int:
        return self.ports[n % len(self.ports)]

    def start(self) -> float:
        """Start the responders and wait until each answers; returns the seconds that took."""
        t0 = time.perf_counter()
        data = self.workdir / "agent-data"
        write_recordings(data, self.devices, self.mix)
        env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
        for k in range(self.processes):
            port = free_udp_port()
            cache = self.workdir / f"agent-cache{k}"
            cache.mkdir(parents=True, exist_ok=True)
            log = open(self.workdir / f"agent{k}.log", "wb")  # the child keeps it open for its life
            self.procs.append(subprocess.Popen(
                [_responder(), f"--data-dir={data}", f"--cache-dir={cache}", f"--agent-udpv4-endpoint=127.0.0.1:{port}",
                 "--log-level=error", "--logging-method=null"],
                stdout=log, stderr=subprocess.STDOUT, env=env,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None))
            log.close()
            self.ports.append(port)
        try:
            asyncio.run(self._wait_ready())
        except BaseException:
            self.stop()
            raise
        return time.perf_counter() - t0

    async def _wait_ready(self) -> None:
        from opsdesk.probes.snmp import ProbeError, SnmpClient, SnmpTarget

        end = time.monotonic() + READY_TIMEOUT_S
        last = community(self.devices - 1)  # indexed last, if the responder indexes in order
        async with SnmpClient() as client:
            for k, port in enumerate(self.ports):
                target = SnmpTarget("127.0.0.1", port, community=last, timeout=0.25, retries=0)
                while True:
                    if self.procs[k].poll() is not None:
                        raise RuntimeError(f"snmpsim exited with {self.procs[k].returncode}:\n{self.log(k)}")
                    try:
                        if (await client.get(target, [SYS_OBJECT_ID])).get(SYS_OBJECT_ID):
                            break
                    except ProbeError:
                        pass  # not listening yet: each try costs its own 0.25 s timeout
                    if time.monotonic() > end:
                        raise RuntimeError(f"snmpsim did not answer within {READY_TIMEOUT_S} s:\n{self.log(k)}")

    def log(self, k: int) -> str:
        try:
            return (self.workdir / f"agent{k}.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def cpu(self) -> float:
        """CPU seconds all responders have used so far."""
        return sum(cpu_seconds(p.pid) for p in self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.procs.clear()

    def __enter__(self) -> Agents:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
