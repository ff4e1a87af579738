"""The register panel over the demo's 54 seed lines (172 units): the demo room's 动环 points, lines
of their own beside the seed's (opsdesk/demo/facilities.py), are taken away first."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from PySide6.QtCore import Qt

from opsdesk import paths
from opsdesk.demo.facilities import SUPPLEMENT_NOTE
from opsdesk.models.equipment import RegisterLine, WarrantyStatus
from opsdesk.ops.register_csv import ImportResult
from opsdesk.ui.register.panel import RegisterPanel
from opsdesk.ui.register.table_model import COLUMNS, STATUS_ROLE
from tests.ui.conftest import read_off_gui, write_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")

SEED = paths.DATA / "demo" / "register.csv"
SEED_LINES = 54
SEED_UNITS = 172


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _seed_only(session) -> None:
    for line in session.query(RegisterLine).filter(RegisterLine.note == SUPPLEMENT_NOTE):
        session.delete(line)


@pytest.fixture
def panel(qtbot, make_ctx, demo_store):
    write_off_gui(demo_store, _seed_only)

    def make(role: str = "duty") -> RegisterPanel:
        widget = RegisterPanel(make_ctx(role))
        qtbot.addWidget(widget)
        widget.resize(1200, 700)
        with qtbot.waitSignal(widget.sig_lines_loaded, timeout=10_000):
            widget.show()  # the first read comes back while waiting: the panel never reads on the GUI thread
        return widget

    return make


def column(widget: RegisterPanel, key: str, role=Qt.ItemDataRole.DisplayRole) -> list:
    c = COLUMNS.index(key)
    return [widget.proxy.index(r, c).data(role) for r in range(widget.proxy.rowCount())]


def test_shows_every_seed_line(panel):
    widget = panel()
    assert widget.proxy.rowCount() == SEED_LINES == len(seed_rows())
    assert widget.count_label.text() == f"共 {SEED_LINES} 行 / {SEED_UNITS} 台"
    headers = [widget.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == ["站点", "类别", "名称", "品牌", "型号", "购置年月", "保修年限", "保修截止", "数量",
                       "保修状态", "备注"]
    assert column(widget, "purchased")[0] == "2013-01"  # YYYY-MM


def test_filter_by_site(qtbot, panel):
    widget = panel()
    with qtbot.waitSignal(widget.sig_lines_loaded, timeout=2000) as blocker:
        widget.filter_bar.select_site("区属医疗机构")
    assert blocker.args == [2, 47]
    assert widget.proxy.rowCount() == 2
    assert set(column(widget, "site")) == {"区属医疗机构"}
    assert widget.count_label.text() == "共 2 行 / 47 台"


def test_text_search_waits_for_typing_to_pause(qtbot, panel):
    widget = panel()
    with qtbot.waitSignal(widget.sig_lines_loaded, timeout=2000) as blocker:
        qtbot.keyClicks(widget.filter_bar.search_edit, "OceanStor")
    assert blocker.args[0] == 3  # one query for the whole word, three OceanStor lines


def test_warranty_status_as_of_the_seed_day_matches_the_seed(qtbot, panel):
    """The seed's 备注 column says 保内/过保 as of 2022-10-01; the derived status agrees."""
    widget = panel()
    with qtbot.waitSignal(widget.sig_lines_loaded, timeout=2000):
        widget.filter_bar.set_as_of(dt.date(2022, 10, 1))
    statuses = column(widget, "status", STATUS_ROLE)
    labels = column(widget, "status")
    for seed, status, label in zip(seed_rows(), statuses, labels, strict=True):
        if seed["remark"] == "过保":
            assert status == WarrantyStatus.OUT and label == "过保", seed
        else:  # 即将过保 is still 保内
            assert status in (WarrantyStatus.IN, WarrantyStatus.SOON) and label in ("保内", "即将过保"), seed
    # Two lines spelled out: HPE 380 Gen10 (2020.03, 3 years) and the AC of 2013.
    models = column(widget, "model")
    assert labels[models.index("380 Gen10")] == "保内"
    assert labels[models.index("CRV35RA")] == "过保"
    assert labels[models.index("SIP-1000-B400")] == "即将过保"  # ends 2022-10-31


def test_warranty_filter_uses_the_as_of_day(qtbot, panel):
    widget = panel()
    widget.filter_bar.set_as_of(dt.date(2022, 10, 1))
    with qtbot.waitSignal(widget.sig_lines_loaded, timeout=2000) as blocker:
        widget.filter_bar.status_combo.setCurrentIndex(widget.filter_bar.status_combo.findText("过保"))
    assert blocker.args[0] == sum(1 for r in seed_rows() if r["remark"] == "过保")


def test_status_is_coloured(panel):
    widget = panel()
    c = COLUMNS.index("status")
    out_row = column(widget, "status").index("过保")
    background = widget.proxy.index(out_row, c).data(Qt.ItemDataRole.BackgroundRole)
    assert background.red() > background.green()  # red-ish


def test_sorting_numbers_and_dates_as_values(qtbot, panel):
    widget = panel()
    widget.table.sortByColumn(COLUMNS.index("quantity"), Qt.SortOrder.AscendingOrder)
    quantities = [int(q) for q in column(widget, "quantity")]
    assert quantities == sorted(quantities)  # as strings "10" would come before "2"
    assert quantities[-1] == 27
    widget.table.sortByColumn(COLUMNS.index("purchased"), Qt.SortOrder.DescendingOrder)
    months = column(widget, "purchased")
    assert months == sorted(months, reverse=True)
    assert months[0] == "2020-11"


def test_duty_user_cannot_delete_or_import(qtbot, panel):
    widget = panel("duty")
    widget.table.selectRow(0)
    for button in (widget.delete_button, widget.import_button):
        assert not (button.isVisible() and button.isEnabled())
    assert widget.export_button.isVisible() and widget.export_button.isEnabled()
    assert widget.add_button.isVisible() and widget.edit_button.isEnabled()


def test_supervisor_deletes_a_line_after_confirming(qtbot, panel, recorder, demo_store):
    widget = panel("supervisor")
    assert not widget.delete_button.isEnabled()  # nothing selected yet
    widget.table.selectRow(0)
    line_id = widget.selected_line_id()
    assert widget.delete_button.isVisible() and widget.delete_button.isEnabled()
    with qtbot.waitSignal(widget.sig_lines_loaded, timeout=10_000):
        qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)
        assert widget.delete_button.property("busy")  # while the delete runs off the GUI thread
    assert recorder.questions and "精密空调" in recorder.questions[0]
    assert widget.proxy.rowCount() == SEED_LINES - 1
    assert line_id not in widget.visible_line_ids()
    assert read_off_gui(demo_store, lambda s: s.get(RegisterLine, line_id)) is None


def test_export_writes_the_filtered_lines_and_round_trips(qtbot, panel, recorder, tmp_path):
    widget = panel("duty")
    recorder.save_path = tmp_path / "all.csv"
    qtbot.mouseClick(widget.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(recorder.infos) == 1, timeout=10_000)
    assert recorder.errors == []
    data = recorder.save_path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["资产编号", "站点"]
    assert len(rows) - 1 == SEED_UNITS
    assert recorder.infos and str(SEED_UNITS) in recorder.infos[0]

    widget.filter_bar.select_site("区属医疗机构")
    recorder.save_path = tmp_path / "qs.csv"
    widget.export_file(recorder.save_path)
    qtbot.waitUntil(lambda: len(recorder.infos) == 2, timeout=10_000)
    rows = list(csv.reader(io.StringIO(recorder.save_path.read_text(encoding="utf-8-sig"))))
    assert len(rows) - 1 == 47
    assert {row[1] for row in rows[1:]} == {"区属医疗机构"}


def test_import_of_the_exported_file_changes_nothing(qtbot, panel, recorder, tmp_path):
    widget = panel("supervisor")
    path = tmp_path / "all.csv"
    widget.export_file(path)
    qtbot.waitUntil(lambda: len(recorder.infos) == 1, timeout=10_000)
    widget.import_file(path)
    qtbot.waitUntil(lambda: len(recorder.infos) == 2, timeout=10_000)
    assert recorder.errors == []
    assert recorder.infos[-1] == ImportResult(rows=SEED_UNITS, unchanged=SEED_UNITS).message()
    assert widget.proxy.rowCount() == SEED_LINES


def test_refused_import_shows_the_reason(qtbot, panel, recorder, tmp_path):
    widget = panel("supervisor")
    bad = tmp_path / "bad.csv"
    bad.write_text("资产编号,站点,类别\nX-1,永和路数据中心,不存在的类别\n", encoding="utf-8")
    widget.import_file(bad)
    qtbot.waitUntil(lambda: bool(recorder.errors), timeout=10_000)
    assert len(recorder.errors) == 1
    assert "不存在的类别" in recorder.errors[0]
    assert widget.proxy.rowCount() == SEED_LINES
