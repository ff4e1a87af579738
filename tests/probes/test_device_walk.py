"""A device walked for a profile draft (opsdesk.probes.device_walk, issue 17): the system group
and the vendor's subtree, with the rows so far told as they come, bounded in rows, and stopped
by a cancel flag half way."""

from __future__ import annotations

import threading

import pytest

from opsdesk.probes import draft as D
from opsdesk.probes.device_walk import WalkFailed, walk_device
from tests.probes.small_agent import BIG_ROWS, DEVICE, start_small_agent

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    agent = start_small_agent(tmp_path_factory.mktemp("small-agent"))
    yield agent
    agent.stop()


def test_the_walk_holds_the_system_group_and_the_vendor_subtree(agent):
    told: list[int] = []
    walked = walk_device(agent.target(DEVICE), DEVICE, progress=told.append)
    values = D.walk_values(walked.entries)
    assert values[D.SYS_OBJECT_ID] == "1.3.6.1.4.1.21796.3.3"
    assert any(oid.startswith("1.3.6.1.4.1.21796.") for oid in values)
    assert not walked.cancelled and not walked.truncated
    assert told and told == sorted(told) and told[-1] == len(walked.entries)


def test_bounded_in_rows(agent):
    walked = walk_device(agent.target("bigwalk"), "bigwalk", max_rows=500)
    assert walked.truncated and len(walked.entries) == 3 + 500


def test_a_cancel_stops_the_walk_half_way(agent):
    cancel = threading.Event()
    told: list[int] = []

    def progress(rows: int) -> None:
        told.append(rows)
        if rows > 200:
            cancel.set()  # as the console's Cancel does, from another thread

    walked = walk_device(agent.target("bigwalk"), "bigwalk", cancel=cancel, progress=progress)
    assert walked.cancelled
    assert 200 < len(walked.entries) < BIG_ROWS and told[-1] < BIG_ROWS


def test_a_silent_device_fails_in_chinese(agent):
    with pytest.raises(WalkFailed, match="遍历 nobody 失败"):
        walk_device(agent.target("no-such-community", timeout=0.3, retries=0), "nobody")
