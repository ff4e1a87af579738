"""Pictures of issue 13's new screens for a person to look at (not a test):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.make_duty_screenshots [/tmp/shots]

Builds the demo in a temporary folder with the alarm scenario of tests/ui/monitoring_data.py
(a critical air-conditioner alarm, a silent server; the KVM's critical alarm cleared before
anyone acknowledged it), and saves the locked console (张伟 away), 王芳's 待我审核 with
容灾备份's October sheet signed by 张伟, and the settings screen as the administrator sees it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from opsdesk import clock


class Silent:
    """The tone's player, without a sound card."""

    def play(self) -> None:
        pass

    def stop(self) -> None:
        pass


def main(out: Path) -> int:
    from sqlalchemy import select

    from opsdesk.clock import FixedClock
    from opsdesk.demo.seed import load_demo
    from opsdesk.models.users import User
    from opsdesk.ops import inspection as inspection_ops
    from opsdesk.store import Store
    from tests.inspection.conftest import PASSWORD, fill_all, site_id
    from tests.ui.monitoring_data import NOW, feed_scenario

    clock.set_clock(FixedClock(NOW))
    home = Path(tempfile.mkdtemp(prefix="opsdesk-duty-shots-"))
    os.environ["OPSDESK_HOME"] = str(home)
    store = Store(str(home / "demo.sqlite3"))
    load_demo(store)
    feed_scenario(store)
    with store.read() as s:
        users = {u.username: u for u in s.scalars(select(User))}
    with store.write() as s:
        sheet_id = inspection_ops.open_sheet(s, users["zhangwei"], site_id(store, "DR"), "monthly", "2026-10").id
    fill_all(store, sheet_id)
    with store.write() as s:
        inspection_ops.sign_as_inspector(s, users["zhangwei"], PASSWORD["zhangwei"], sheet_id)

    from opsdesk.ui.app import Console, create_app
    from opsdesk.ui.context import ConsoleContext
    from opsdesk.ui.inspections.panel import InspectionsPanel
    from opsdesk.ui.settings.panel import SettingsPanel
    from opsdesk.ui.worker import wait_for_tasks

    app = create_app("zh")
    out.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(5):
            wait_for_tasks(10_000)
            app.processEvents()

    console = Console(store, auto_backup=False, start_poller=False)
    console.tone.player = Silent()
    console.show_login(locked_for="zhangwei", locked_name="张伟")
    screen = console.lock_screen
    screen.resize(1600, 900)
    settle()
    screen.grab().save(str(out / "lock_screen.png"))
    screen.stop()
    screen.close()

    panel = InspectionsPanel(ConsoleContext(store, users["wangfang"].as_actor(), demo=True))
    panel.resize(1600, 900)
    panel.show()
    settle()
    panel.show_queue()
    settle()
    panel.grab().save(str(out / "review_queue.png"))
    panel.close()

    settings = SettingsPanel(ConsoleContext(store, users["admin"].as_actor(), demo=True))
    settings.resize(1600, 900)
    settings.show()
    settle()
    settings.grab().save(str(out / "settings.png"))
    print(f"saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")))
