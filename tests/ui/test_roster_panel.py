"""排班: the month grid with the working-day calendar (2026-02-14 a 调休 working day),
editing for supervisors only, 按工作日生成, the rules check, leave requested by a duty
engineer and approved by a supervisor, and printing."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from opsdesk.ops import roster
from opsdesk.ui.roster.model import CODE_ROLE, DAY_KIND_ROLE
from opsdesk.ui.roster.panel import RosterPanel
from tests.ui.conftest import read_off_gui, settle, write_off_gui
from tests.ui.shift_data import site_id

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

FEB_14 = dt.date(2026, 2, 14)  # a Saturday worked in exchange for the Spring Festival


@pytest.fixture
def panel(qtbot, make_ctx):
    def make(role: str = "supervisor", year: int = 2026, month: int = 2) -> RosterPanel:
        widget = RosterPanel(make_ctx(role))
        qtbot.addWidget(widget)
        widget.resize(1400, 820)
        widget.show()
        settle(qtbot)  # the sites are read, then the month
        with qtbot.waitSignal(widget.sig_roster_loaded, timeout=10_000):
            widget.show_month(year, month)
        return widget

    return make


def column(p: RosterPanel, day: dt.date) -> int:
    return p.model.month.days.index(day)


def row(p: RosterPanel, username: str) -> int:
    return [u for u, _ in p.model.month.people].index(username)


def select(p: RosterPanel, *cells: tuple[str, dt.date]) -> None:
    p.table.clearSelection()
    for username, day in cells:
        p.table.selectionModel().select(p.model.index(row(p, username), column(p, day)),
                                        QItemSelectionModel.SelectionFlag.Select)


def stored(store, year=2026, month=2) -> dict:
    site = site_id(store)
    return read_off_gui(store, lambda s: roster.month(s, site, year, month))


def test_the_grid_shows_the_calendar(panel):
    p = panel()
    assert p.month_label.text() == "2026年2月"
    assert p.model.columnCount() == 28
    assert [name for _, name in p.model.month.people] == ["张伟", "李娜", "陈静", "刘洋", "王芳"]
    header = p.model.headerData(column(p, FEB_14), Qt.Orientation.Horizontal)
    assert header == "14\n六\n班"  # a Saturday marked as worked
    assert p.model.headerData(column(p, FEB_14), Qt.Orientation.Horizontal, DAY_KIND_ROLE) == "adjusted"
    assert "调休上班" in p.model.headerData(column(p, FEB_14), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert p.model.headerData(column(p, dt.date(2026, 2, 17)), Qt.Orientation.Horizontal) == "17\n二\n休"  # 春节
    assert p.model.headerData(column(p, dt.date(2026, 2, 15)), Qt.Orientation.Horizontal) == "15\n日"
    cell = p.model.index(0, column(p, FEB_14))
    assert cell.data(DAY_KIND_ROLE) == "adjusted" and cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert p.model.index(0, column(p, dt.date(2026, 2, 17))).data(DAY_KIND_ROLE) == "rest"
    assert p.model.index(0, column(p, dt.date(2026, 2, 16))).data(DAY_KIND_ROLE) == "rest"
    assert p.model.headerData(p.model.rowCount() - 1, Qt.Orientation.Vertical) == "在岗人数"


def test_supervisor_edits_by_keyboard_and_double_click(qtbot, panel, demo_store):
    p = panel("supervisor")
    assert p.can_edit and p.fill_button.isVisibleTo(p) and p.keys_label.isVisibleTo(p)
    select(p, ("zhangwei", FEB_14), ("lina", FEB_14))
    qtbot.keyClick(p.table, Qt.Key.Key_1)
    settle(qtbot)
    grid = stored(demo_store)
    assert grid[("zhangwei", FEB_14)] == grid[("lina", FEB_14)] == "day"
    index = p.model.index(row(p, "zhangwei"), column(p, FEB_14))
    assert index.data() == "白" and index.data(CODE_ROLE) == "day"
    qtbot.keyClick(p.table, Qt.Key.Key_2)
    settle(qtbot)
    assert stored(demo_store)[("lina", FEB_14)] == "night"
    qtbot.keyClick(p.table, Qt.Key.Key_Delete)
    settle(qtbot)
    assert ("lina", FEB_14) not in stored(demo_store)
    p.table.doubleClicked.emit(p.model.index(row(p, "zhangwei"), column(p, FEB_14)))  # empty → 白
    settle(qtbot)
    assert stored(demo_store)[("zhangwei", FEB_14)] == "day"
    p.table.doubleClicked.emit(p.model.index(row(p, "zhangwei"), column(p, FEB_14)))  # 白 → 夜
    settle(qtbot)
    assert stored(demo_store)[("zhangwei", FEB_14)] == "night"
    count = p.model.index(p.model.rowCount() - 1, column(p, FEB_14))
    assert count.data() == "1" and count.data(Qt.ItemDataRole.ForegroundRole) is not None  # short of people


def test_duty_engineer_reads_but_cannot_edit(qtbot, panel, demo_store):
    p = panel("duty")
    assert not p.can_edit and not p.fill_button.isVisibleTo(p) and not p.keys_label.isVisibleTo(p)
    assert not p.leave_box.approve_button.isVisibleTo(p) and p.leave_button.isVisibleTo(p)
    p.table.setCurrentIndex(p.model.index(0, column(p, FEB_14)))
    qtbot.keyClick(p.table, Qt.Key.Key_1)
    p.table.doubleClicked.emit(p.model.index(0, column(p, FEB_14)))
    assert not p.set_cells([("zhangwei", FEB_14)], "day")
    settle(qtbot)
    assert stored(demo_store) == {}
    assert p.open_fill() is None


def test_generate_by_working_days_and_the_rules_check(qtbot, panel, demo_store):
    p = panel("supervisor")
    dialog = p.open_fill()
    qtbot.addWidget(dialog)
    assert set(dialog.chosen()) == {"zhangwei", "lina", "chenjing", "liuyang", "wangfang"}
    dialog.set_chosen({"zhangwei", "lina"})
    with qtbot.waitSignal(p.sig_roster_loaded, timeout=10_000):  # written, then drawn again
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    grid = stored(demo_store)
    assert grid[("zhangwei", FEB_14)] == "day" and grid[("lina", dt.date(2026, 2, 17))] == "off"
    assert ("wangfang", FEB_14) not in grid
    # Four people a working day (the setting's default): two is too few, every working day.
    assert p.problem_box.title().startswith("排班检查（")
    assert p.problem_list.item(0).text() == "2026-02-02：白班仅 2 人，至少需要 4 人"
    working_days = sum(1 for d in p.model.month.days if p.model.month.infos[d].workday)
    assert p.problem_list.count() == working_days
    assert p.model.index(0, column(p, FEB_14)).data() == "白"


def test_leave_is_requested_then_approved(qtbot, panel, make_ctx, demo_store):
    duty = panel("duty")
    dialog = duty.open_leave_request()
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.first_edit.setDate(dt.date(2026, 2, 9))
    assert dialog.last_day() == dt.date(2026, 2, 9)  # follows the first day
    dialog.last_edit.setDate(dt.date(2026, 2, 10))
    dialog.reason_edit.setText("家中有事")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert duty.leave_box.table.rowCount() == 1
    texts = [duty.leave_box.table.item(0, c).text() for c in range(5)]
    assert texts == ["张伟", "2026-02-09 – 2026-02-10", "2", "家中有事", "待审批"]
    assert stored(demo_store) == {}  # pending leave is not in the roster
    supervisor = panel("supervisor")
    leave_id = supervisor.data.leaves[0].id
    assert supervisor.select_leave(leave_id) and supervisor.leave_box.approve_button.isEnabled()
    qtbot.mouseClick(supervisor.leave_box.approve_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    assert supervisor.leave_box.table.item(0, 4).text() == "已批准（王芳）"
    assert not supervisor.leave_box.approve_button.isEnabled()  # decided
    index = supervisor.model.index(row(supervisor, "zhangwei"), column(supervisor, dt.date(2026, 2, 9)))
    assert index.data() == "假" and index.data(CODE_ROLE) == "leave"
    # A second request (from another console: the feed brings it), rejected.
    from tests.ui.shift_data import user

    lina = user(demo_store, "lina")
    write_off_gui(demo_store, lambda s: roster.request_leave(s, lina, dt.date(2026, 2, 26), dt.date(2026, 2, 26),
                                                             "年休假"))
    with qtbot.waitSignal(supervisor.sig_roster_loaded, timeout=10_000):
        from opsdesk.ui.live_feed import live_feed

        live_feed(demo_store).poke()
    settle(qtbot)
    pending = next(r.id for r in supervisor.data.leaves if r.status == "pending")
    supervisor.select_leave(pending)
    assert supervisor.decide_selected(False)
    settle(qtbot)
    assert next(r for r in supervisor.data.leaves if r.id == pending).status == "rejected"


def test_print_roster(qtbot, panel, recorder, monkeypatch, tmp_path):
    p = panel("duty")
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "opsdesk.reports.roster", None)  # not installed
        assert not p.print_roster()
    assert "opsdesk.reports.roster.roster_pdf" in recorder.errors[-1]
    pytest.importorskip("opsdesk.reports.roster")
    pypdf = pytest.importorskip("pypdf")
    recorder.save_path = tmp_path / "roster.pdf"
    with qtbot.waitSignal(p.pdf.sig_pdf_saved, timeout=30_000):
        assert p.print_roster()
    text = "".join(page.extract_text() for page in pypdf.PdfReader(str(recorder.save_path)).pages)
    assert "永和路数据中心" in text and "2026" in text
