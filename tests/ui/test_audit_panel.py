"""审计日志: newest first, before/after, and the chain check off the UI thread."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from opsdesk.ops import audit_trail
from opsdesk.ops.backup import backup
from opsdesk.ui.audit.panel import AuditPanel
from tests.ui.conftest import write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


@pytest.fixture
def panel(qtbot, make_ctx):
    widget = AuditPanel(make_ctx("supervisor"))
    qtbot.addWidget(widget)
    widget.show()
    # read off the GUI thread
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0 and not widget.loading, timeout=10_000)
    return widget


def test_entries_newest_first_with_details(panel):
    model = panel.model
    ids = [model.row_at(r).id for r in range(model.rowCount())]
    from opsdesk.demo.seed import DEMO_USERS

    assert ids == sorted(ids, reverse=True)
    actions = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert actions.count("新增用户") == len(DEMO_USERS)  # each user added, the sample sheet signed, then the load
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["时间", "操作人", "操作", "摘要"]
    assert model.index(0, 0).data() == "2026-11-22 10:00:00"  # local time
    assert model.index(0, 2).data() == "载入演示数据"
    panel.table.selectRow(0)
    details = panel.details.toPlainText()
    assert "修改后：" in details
    assert json.dumps({"lines": 54, "units": 172}, indent=2, sort_keys=True) in details


def test_verify_chain_reports_intact(qtbot, panel, demo_store):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # as the CLI would, off the GUI thread
        pool.submit(backup, demo_store).result()  # gives the check a head to compare against
        expected = pool.submit(lambda: audit_trail.check(demo_store).message()).result()
    assert expected.startswith("审计日志完整")
    with qtbot.waitSignal(panel.sig_chain_verified, timeout=10_000) as blocker:
        qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [True, expected]
    assert panel.chain_label.text() == expected
    assert panel.chain_label.property("state") == "ok"
    assert panel.verify_button.isEnabled()


def test_verify_chain_names_a_tampered_entry(qtbot, panel, demo_store):
    with demo_store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET summary = 'edited behind the app' WHERE id = 2"))
    with qtbot.waitSignal(panel.sig_chain_verified, timeout=10_000) as blocker:
        panel.verify()
    ok, message = blocker.args
    assert not ok and "2" in message
    assert panel.chain_label.property("state") == "broken"


def test_new_entries_appear_when_the_log_is_shown_again(qtbot, panel, demo_store, demo_users):
    from opsdesk.ops import users as user_ops

    before = panel.model.rowCount()
    write_off_gui(demo_store, lambda s: user_ops.set_role(s, demo_users["admin"], "lina", "supervisor"))
    panel.hide()
    with qtbot.waitSignal(panel.sig_entries_loaded, timeout=10_000) as blocker:
        panel.show()
    assert blocker.args == [before + 1]
    assert panel.model.index(0, 2).data() == "更改角色"


def test_an_entry_written_elsewhere_shows_while_the_log_is_open(qtbot, panel, demo_store, demo_users):
    """Through the live feed: another console or the CLI writes, the open log shows it."""
    from opsdesk.ops import users as user_ops
    from opsdesk.ui.live_feed import live_feed

    feed = live_feed(demo_store)
    with qtbot.waitSignal(feed.sig_snapshot_read, timeout=10_000):
        feed.poke()  # the feed's baseline is read
    before = panel.model.rowCount()
    write_off_gui(demo_store, lambda s: user_ops.set_role(s, demo_users["admin"], "lina", "supervisor"))
    with qtbot.waitSignal(panel.sig_entries_loaded, timeout=10_000) as blocker:
        feed.poke()  # its next read (every 2 s) finds the new entry
    assert blocker.args == [before + 1]
    assert panel.model.index(0, 2).data() == "更改角色"
