"""A device's enterprise subtree walked for a profile draft (issue 17): ``opsdesk profile draft
--device`` and the console's 设备型号向导 share it.

The walk reads the system group, then the subtree of the vendor's arc of the sysObjectID,
bounded in rows (:data:`MAX_ROWS`) and seconds (:data:`SECONDS`). A console's Cancel sets a
:class:`threading.Event`: the walk checks it after every response and, while a request is out,
a watcher cancels the walk's task, so the walk stops within a tenth of a second even when the
device is slow to answer. How many rows are in so far is told to ``progress`` after every
response (from the walking thread: the caller hands it on to its own display).
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Callable

from opsdesk.i18n import t
from opsdesk.probes.draft import SYS_OBJECT_ID, WalkEntry, enterprise_arc
from opsdesk.probes.snmp import ProbeError, SnmpClient, SnmpTarget

MAX_ROWS = 20_000  # a device's enterprise subtree, walked for a draft: bounded in rows …
SECONDS = 60.0  # … and in time
SYSTEM = "1.3.6.1.2.1.1"
SYSTEM_ROWS = 100
CANCEL_POLL_S = 0.05


class WalkFailed(Exception):
    """The walk did not finish: the device did not answer, or took too long. Said in the user's
    language, naming the device."""


@dataclasses.dataclass(frozen=True)
class DeviceWalk:
    """What a walk brought back: ``entries`` as a walk file gives them; ``cancelled`` when the
    user stopped it (``entries`` then holds what came before, when it stopped between two
    responses; nothing of the subtree when a request was still out); ``truncated`` when the row
    bound cut the subtree short."""

    entries: list[WalkEntry]
    cancelled: bool = False
    truncated: bool = False


def walk_device(target: SnmpTarget, device: str, *, max_rows: int = MAX_ROWS, seconds: float = SECONDS,
                cancel: threading.Event | None = None, progress: Callable[[int], None] | None = None) -> DeviceWalk:
    """Walk ``target`` (called ``device`` in messages) on an event loop of its own; blocks until the
    walk ends, is cancelled, or fails (WalkFailed)."""
    cancel = cancel or threading.Event()
    rows: dict[str, object] = {}
    state = {"truncated": False}

    def told(base: int) -> Callable[[int], bool]:
        def on_rows(n: int) -> bool:
            if progress is not None:
                progress(base + n)
            return not cancel.is_set()  # False: the next request is not sent

        return on_rows

    async def go() -> None:
        async with SnmpClient(max_rows=max_rows) as client:
            system = await client.walk(target, SYSTEM, max_rows=SYSTEM_ROWS, progress=told(0))
            rows.update(system)
            arc = enterprise_arc(str(system.get(SYS_OBJECT_ID, "")))
            if arc and not cancel.is_set():
                found = await client.walk(target, arc, max_rows=max_rows, progress=told(len(rows)))
                rows.update(found)
                state["truncated"] = found.truncated and found.reason != "stopped"

    async def watched() -> bool:
        """True when the walk ended by itself, False when cancelled."""
        task = asyncio.ensure_future(go())
        while not task.done():
            if cancel.is_set():
                task.cancel()
                break
            await asyncio.wait({task}, timeout=CANCEL_POLL_S)
        try:
            await task
        except asyncio.CancelledError:
            return False
        return True

    try:
        finished = asyncio.run(asyncio.wait_for(watched(), seconds))
    except TimeoutError:
        raise WalkFailed(t("The walk of {device} took longer than {seconds} s.", device=device,
                           seconds=int(seconds))) from None
    except ProbeError as exc:
        raise WalkFailed(t("The walk of {device} failed: {error}", device=device, error=exc)) from None
    entries = [(oid, type(value).__name__, value) for oid, value in rows.items()]
    return DeviceWalk(entries, cancelled=not finished or cancel.is_set(), truncated=state["truncated"])
