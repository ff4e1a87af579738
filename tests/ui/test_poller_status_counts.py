"""The status bar counts every polled device (issue 13: it said "应答 124 / 无应答 0" for 125):
answering, silent, unreachable and probed, no profile, not yet polled — the classes add up
to the number of devices with a management address; red when no live poller holds the lock."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import delete, select

from opsdesk.models.equipment import Unit
from opsdesk.models.monitoring import DeviceState, PollerLock
from opsdesk.monitor import lock
from opsdesk.ui.poller_status import PollerStatusLabel
from tests.ui.conftest import read_off_gui, write_off_gui
from tests.ui.monitoring_data import NOW

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

CLASSES = {"应答": "answering", "无应答": "silent", "离线探测": "unreachable", "无匹配型号": "no_profile",
           "待轮询": "waiting"}


def polled_units(store) -> list[int]:
    return read_off_gui(store, lambda session: list(session.scalars(
        select(Unit.id).where(Unit.mgmt_ip != "", Unit.snmp_version != "").order_by(Unit.id))))


def put_states(store, ids: list[int]) -> None:
    """One device without a profile, one that missed its last poll, three unreachable, one
    never polled; every other one answers (written beside the console, off the GUI thread)."""
    write_off_gui(store, lambda session: _put_states(session, ids))


def _put_states(session, ids: list[int]) -> None:
    session.execute(delete(DeviceState))
    for n, unit_id in enumerate(ids):
        if n == 5:
            continue  # not polled yet: no state at all
        status, failures = {0: ("no_profile", 0), 1: ("ok", 1), 2: ("unreachable", 7), 3: ("unreachable", 3),
                            4: ("unreachable", 40)}.get(n, ("ok", 0))
        session.add(DeviceState(unit_id=unit_id, status=status, failures=failures, profiles=[]))


def put_lock(store, heartbeat_ago: dt.timedelta) -> None:
    write_off_gui(store, lambda session: session.add(PollerLock(
        name="poller", holder="dutypc-2:4711", started_at=NOW - dt.timedelta(hours=1),
        heartbeat_at=NOW - heartbeat_ago, last_cycle_at=NOW - heartbeat_ago,
        cycle_seconds=1.2, answering=124, silent=0)))  # what the old line showed


def shown_counts(text: str) -> tuple[int, dict[str, int]]:
    match = re.search(r"共 (\d+) 台：(.*)$", text)
    assert match, text
    parts = dict(re.fullmatch(r"(\S+) (\d+)", p.strip()).groups() for p in match.group(2).split("/"))
    return int(match.group(1)), {CLASSES[name]: int(n) for name, n in parts.items()}


def test_the_status_line_counts_every_polled_device(qtbot, demo_store, fixed_clock):
    ids = polled_units(demo_store)
    assert len(ids) > 100
    put_states(demo_store, ids)
    put_lock(demo_store, dt.timedelta(seconds=5))
    label = PollerStatusLabel(demo_store)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: label.state == "ok", timeout=5000)  # drawn on the live feed's first read
    total, counts = shown_counts(label.text())
    assert total == len(ids) == sum(counts.values())
    assert counts == {"answering": len(ids) - 6, "silent": 1, "unreachable": 3, "no_profile": 1, "waiting": 1}
    assert label.text().startswith("轮询：上次 09:59:55，耗时 1.2 秒；")


def test_the_counts_query_adds_up_without_qt(demo_store):
    ids = polled_units(demo_store)
    put_states(demo_store, ids)
    counts = read_off_gui(demo_store, lock.device_counts)
    assert counts.total == len(ids)
    assert (counts.silent, counts.unreachable, counts.no_profile, counts.waiting) == (1, 3, 1, 1)


def test_red_when_no_live_poller_holds_the_lock_with_the_last_counts_in_the_tip(qtbot, demo_store, fixed_clock):
    ids = polled_units(demo_store)
    put_states(demo_store, ids)
    stale = read_off_gui(demo_store, lock.stale_after)
    put_lock(demo_store, stale + dt.timedelta(seconds=1))
    label = PollerStatusLabel(demo_store)
    qtbot.addWidget(label)
    qtbot.waitUntil(lambda: label.state == "down", timeout=5000)
    assert label.text() == "轮询进程未运行"
    total, counts = shown_counts(label.toolTip().splitlines()[-1])
    assert total == len(ids) == sum(counts.values())
