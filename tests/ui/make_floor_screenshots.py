"""Pictures of the floor's issue-13 work for a person to look at (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_floor_screenshots [/tmp/shots]

Builds the demo in a temporary folder, gives some of 区属医疗机构's devices a state
(answering, silent, in maintenance), the main room its alarm scenario, and saves the
site overview, the floor plan (UPS 01 … 04) and rack A01's front view at 1080p size."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

from opsdesk import clock


def main(out: Path) -> int:
    from sqlalchemy import select

    from opsdesk.clock import FixedClock
    from opsdesk.demo.seed import DEMO_USERS, load_demo
    from opsdesk.models.equipment import RegisterLine, Site, Unit
    from opsdesk.models.users import User
    from opsdesk.ops import alarms as alarm_ops
    from opsdesk.store import Store
    from tests.readings import D
    from tests.ui.monitoring_data import NOW, SILENT, cycle, feed_scenario

    clock.set_clock(FixedClock(NOW))
    home = Path(tempfile.mkdtemp(prefix="opsdesk-floor-shots-"))
    os.environ["OPSDESK_HOME"] = str(home)
    store = Store(str(home / "demo.sqlite3"))
    load_demo(store)
    scenario = feed_scenario(store)
    with store.read() as s:
        users = {u.username: u for u in s.scalars(select(User))}
        qs = [(u.id, u.asset_tag) for u in s.scalars(
            select(Unit).join(RegisterLine).join(Site).where(Site.name == "区属医疗机构").order_by(Unit.asset_tag))]
    duty = users[DEMO_USERS[0].username]
    answering = D(profiles=(), sys_object_id="", sys_descr="Linux")
    for i in range(3):
        cycle(store, NOW - dt.timedelta(minutes=5) + i * dt.timedelta(seconds=30),
              {**{uid: (tag, answering) for uid, tag in qs[3:40]}, qs[1][0]: (qs[1][1], SILENT),
               qs[30][0]: (qs[30][1], SILENT)})
    with store.write() as s:
        alarm_ops.open_maintenance(s, duty, qs[2][0], 2, "更换电源模块")
        alarm_ops.acknowledge(s, duty, scenario.alarm_id("YHL-AC-0001"), "已派人检查空调")

    from opsdesk.ui.app import create_app
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.floor.elevation import ElevationDialog
    from opsdesk.ui.floor.panel import FloorPanel
    from opsdesk.ui.worker import wait_for_tasks

    app = create_app("zh")
    out.mkdir(parents=True, exist_ok=True)
    ctx = ConsoleContext(store, duty.as_actor(), demo=True)

    def settle(widget=None) -> None:
        for _ in range(5):
            wait_for_tasks(10_000)
            app.processEvents()

    panel = FloorPanel(ctx)
    panel.resize(1600, 900)
    panel.show()
    settle()
    panel.grab().save(str(out / "floor_plan.png"))
    a01 = next(r for r in panel.view.layout_data.racks if r.name == "A01")
    dialog = ElevationDialog(a01, panel.view.status.units)
    dialog.resize(dialog.sizeHint())
    dialog.show()
    settle()
    dialog.grab().save(str(out / "floor_rack_42u.png"))
    dialog.resize(dialog.sizeHint().width(), 700)
    settle()
    dialog.grab().save(str(out / "floor_rack_42u_small.png"))
    dialog.close()
    panel.site_combo.setCurrentIndex(panel.site_combo.count() - 1)
    settle()
    panel.overview.tree.setFocus()
    settle()
    panel.grab().save(str(out / "floor_overview.png"))
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")))
