"""巡检 screens follow the live feed (issue 15): a change made elsewhere — another console,
the CLI — reaches the open sheet in place and the reminder strip, and a new day moves the
strip on; none of them runs a timer of its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from opsdesk.ops import inspection as inspection_ops
from opsdesk.ui.inspections.announce import InspectionStrip
from opsdesk.ui.inspections.panel import InspectionsPanel
from opsdesk.ui.live_feed import live_feed
from tests.inspection.conftest import user
from tests.ui.conftest import write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def test_a_value_entered_elsewhere_shows_in_the_open_sheet_in_place(qtbot, make_ctx, demo_store, demo_users):
    panel = InspectionsPanel(make_ctx("duty"))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.calendar.is_current() and bool(panel.calendar.table.items), timeout=10_000)
    item = next(i for i in panel.calendar.table.items if i.kind == "monthly" and i.site_name == "永和路数据中心")
    with qtbot.waitSignal(panel.editor.sig_sheet_opened, timeout=10_000):
        panel.open_due(item)
    editor = panel.editor
    sheet_id = editor.state.id
    model = editor.models[0]
    table = editor.current_table()
    row, column = next((r, c) for r in range(model.rowCount()) for c in range(2, model.columnCount())
                       if (cell := model.cell(r, c)) is not None and not cell.filled and
                       model.column(c).kind == "check")
    entry_id = model.cell(row, column).entry_id

    def lina_ticks(s) -> None:  # 李娜, at another console
        inspection_ops.enter(s, user(s, "lina"), entry_id, result="ok")

    write_off_gui(demo_store, lina_ticks)
    live_feed(demo_store).poke()  # the feed's next read, without waiting for its tick
    qtbot.waitUntil(lambda: model.cell(row, column).filled, timeout=10_000)
    assert editor.models[0] is model and editor.current_table() is table  # in place: nothing rebuilt
    assert model.cell(row, column).entered_by == "李娜" and editor.state.id == sheet_id


def test_the_strip_follows_the_feed_and_the_day_without_a_timer(qtbot, demo_store, demo_users, fixed_clock):
    strip = InspectionStrip(demo_store, user=demo_users["duty"])
    qtbot.addWidget(strip)
    strip.show()
    assert strip.findChildren(QTimer) == []
    qtbot.waitUntil(lambda: "容灾备份 月度巡检表 2026-10" in strip.text(), timeout=10_000)
    assert "永和路数据中心 月度巡检表 2026-11" not in strip.text()  # 8 days off on 2026-11-22

    fixed_clock.advance(days=5)  # 2026-11-27: November's sheets fall within the notice
    with qtbot.waitSignal(strip.sig_refreshed, timeout=10_000):
        live_feed(demo_store).poke()
    assert "永和路数据中心 月度巡检表 2026-11" in strip.text()

    def sign_dr_october(s) -> None:  # at another console: 容灾备份's October sheet filled and signed
        from tests.inspection.conftest import PASSWORD

        sheet = inspection_ops.open_sheet(s, user(s, "zhangwei"), next(
            i.site_id for i in strip.items if i.site_name == "容灾备份"), "monthly", "2026-10")
        zhang = user(s, "zhangwei")
        specs = {(sec.key, c.key): c for sec in inspection_ops.sheet_rows(s, sheet) for c in sec.columns}
        for entry in inspection_ops.open_items(sheet):
            spec = specs[(entry.section, entry.item_key)]
            if spec.kind == "number":
                low, high = spec.low or 0, spec.high if spec.high is not None else (spec.low or 0) + 20
                inspection_ops.enter(s, zhang, entry.id, value=(low + high) / 2)
            else:
                inspection_ops.enter(s, zhang, entry.id, result="ok", text="正常" if spec.kind == "text" else None)
        inspection_ops.sign_as_inspector(s, zhang, PASSWORD["zhangwei"], sheet.id)

    write_off_gui(demo_store, sign_dr_october)
    live_feed(demo_store).poke()
    qtbot.waitUntil(lambda: "容灾备份 月度巡检表 2026-10" not in strip.text(), timeout=10_000)
    strip.stop()
