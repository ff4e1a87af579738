"""A small snmpsim agent for the profile wizard's tests (issue 17): one corpus device
(``hwg-poseidon``, whose vendor MIB is ../shared/mibs/hwg/POSEIDON-MIB) and ``bigwalk``, an
enterprise subtree of :data:`BIG_ROWS` rows, long enough to be cancelled half way. Starting
it costs a second, not the whole corpus's."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.probes.conftest import CORPUS
from tests.probes.simagent import SimAgent

DEVICE = "hwg-poseidon"
MIB = CORPUS.parent / "mibs" / "hwg" / "POSEIDON-MIB"
BIG_ROWS = 6_000


def _bigwalk() -> str:
    head = ("1.3.6.1.2.1.1.1.0|4|Long walk\n1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99997.1\n"
            "1.3.6.1.2.1.1.3.0|67|100\n")
    return head + "".join(f"1.3.6.1.4.1.99997.1.1.{i}|2|{i}\n" for i in range(1, BIG_ROWS + 1))


def start_small_agent(work: Path) -> SimAgent:
    data = work / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORPUS / f"{DEVICE}.snmprec", data / f"{DEVICE}.snmprec")
    (data / "bigwalk.snmprec").write_text(_bigwalk())
    agent = SimAgent(data, work)
    agent.start(probe_community=DEVICE)
    return agent
