"""设备型号向导 (issue 17), from the device panel, against a real snmpsim agent answering as a
corpus device (hwg-poseidon) with its vendor's MIB (../shared/mibs/hwg/POSEIDON-MIB): the walk
off the GUI thread, the proposed readings with their values, one unticked, one renamed in
Chinese, saved by a supervisor as a site profile's first version (audited); a duty engineer
may not save; Cancel stops a walk; a missing MIB import is named in Chinese."""

from __future__ import annotations

import os
import tomllib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from opsdesk.models import AuditEntry, RegisterLine, Unit
from opsdesk.ops import devices
from opsdesk.ops import site_profiles as sp
from opsdesk.ops.settings_ops import set_setting
from opsdesk.ui.device.panel import DevicePanel
from opsdesk.ui.device.profile_wizard import ProfileWizard
from tests.probes.conftest import CORPUS
from tests.probes.small_agent import DEVICE, MIB, start_small_agent
from tests.ui.conftest import read_off_gui, settle, write_off_gui

pytestmark = [pytest.mark.usefixtures("gui_thread_guard"), pytest.mark.timeout(240)]

MODEL = "HWg-WLD 2"  # the demo room's leak rope, answering here as the Poseidon of the corpus
SHOTS = os.environ.get("OPSDESK_WIZARD_SHOTS")  # a folder: each page's picture is saved there


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    agent = start_small_agent(tmp_path_factory.mktemp("wizard-agent"))
    yield agent
    agent.stop()


@pytest.fixture
def unit_id(demo_store, demo_users, agent):
    """The unit, its SNMP settings pointing at the agent; short timeouts."""
    admin = demo_users["admin"]

    def point(session, community: str = DEVICE) -> int:
        uid = session.scalars(select(Unit.id).join(Unit.line).where(RegisterLine.model == MODEL)).first()
        devices.save_unit(session, admin, uid, {"mgmt_ip": "127.0.0.1", "snmp_port": agent.port,
                                                "snmp_version": "2c", "community": community})
        set_setting(session, admin, "poller.timeout_seconds", 3)
        set_setting(session, admin, "poller.retries", 1)
        return uid

    return write_off_gui(demo_store, point)


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"wizard-{name}.png"))


_PANELS: list[DevicePanel] = []  # the wizard's parent lives while the test runs


@pytest.fixture(autouse=True)
def _let_go_of_panels():
    yield
    _PANELS.clear()


def _open(qtbot, make_ctx, unit_id: int, role: str) -> ProfileWizard:
    panel = DevicePanel(make_ctx(role), unit_id)
    qtbot.addWidget(panel)
    _PANELS.append(panel)
    panel.show()
    settle(qtbot)
    assert panel.wizard_button.text() == "设备型号向导(&W)…" and panel.wizard_button.isEnabled()
    panel.wizard_button.click()
    wizard = panel.profile_wizard
    assert wizard is not None and wizard.isVisible()
    return wizard


def _with_mib(qtbot, wizard: ProfileWizard) -> None:
    page = wizard.mib_page
    page.add_files([str(MIB)])
    qtbot.waitUntil(page.isComplete, timeout=120_000)  # pysmi compiles it the first time
    assert page.remove_button.text() == "移除"
    assert page.mib_list.item(0).text() == "POSEIDON-MIB" and "POSEIDON-MIB" in page.status_label.text()
    _shot(wizard, "1-mib")
    wizard.next()
    assert wizard.currentPage() is wizard.walk_page


def test_walk_tick_rename_and_save_as_a_supervisor(qtbot, make_ctx, unit_id, demo_store):
    wizard = _open(qtbot, make_ctx, unit_id, "supervisor")
    assert wizard.windowTitle().startswith("设备型号向导")
    assert wizard.mib_page.findChild(type(wizard.mib_page.status_label), "wizardModel").text() == f"HW group {MODEL}"
    _with_mib(qtbot, wizard)
    walk = wizard.walk_page
    with qtbot.waitSignal(walk.sig_walk_ended, timeout=60_000) as ended:
        walk.walk_button.click()
        assert walk.running and not walk.walk_button.isEnabled() and walk.cancel_button.isEnabled()
    assert ended.args == ["done"], walk.error_label.text()
    assert "行" in walk.rows_label.text() and "项读数" in walk.rows_label.text()
    _shot(wizard, "2-walk")
    wizard.next()
    page = wizard.proposals_page
    table = page.table
    assert table.rowCount() >= 3
    values = {page.cell(r, "keep").data(Qt.ItemDataRole.UserRole): page.cell(r, "value").text()
              for r in range(table.rowCount())}
    assert all(v and v != "（读取结果中没有）" for v in values.values()), values
    assert "%RH" in values["env.sens_value"] or "℃" in values["env.sens_value"]
    dropped, renamed = "safety.inp_value", "safety.inp_alarm_state"
    page.cell(page.row_of(dropped), "keep").setCheckState(Qt.CheckState.Unchecked)
    page.cell(page.row_of(renamed), "name").setText("漏水告警状态")
    page.id_edit.setText("site-leak-rope")
    assert page.count_label.text() == f"已选 {table.rowCount() - 1} / {table.rowCount()} 项读数。"
    _shot(wizard, "3-readings")
    wizard.next()
    save = wizard.save_page
    assert save.save_button.isEnabled() and not save.isComplete()
    with qtbot.waitSignal(save.sig_profile_saved, timeout=20_000) as saved:
        save.save_button.click()
    assert saved.args == ["site-leak-rope", 1]
    assert save.result_label.text() == "已保存为第 1 版；轮询程序将在下一周期使用。"
    assert save.isComplete()
    _shot(wizard, "4-saved")

    text = read_off_gui(demo_store, lambda s: sp.profile_text(s, "site-leak-rope"))
    metrics = {m["key"]: m for m in tomllib.loads(text)["metric"]}
    assert dropped not in metrics and renamed in metrics and set(metrics) == set(values) - {dropped}
    assert metrics[renamed]["name"]["zh"] == "漏水告警状态"
    history = read_off_gui(demo_store, lambda s: sp.profile_history(s, "site-leak-rope"))
    assert [(h.version, h.current) for h in history] == [(1, True)]
    audited = read_off_gui(demo_store, lambda s: s.scalars(select(AuditEntry).where(
        AuditEntry.action == "profile.save", AuditEntry.entity_id == "site-leak-rope")).all())
    assert len(audited) == 1 and audited[0].after["version"] == 1


def test_a_duty_engineer_drafts_from_a_walk_file_but_may_not_save(qtbot, make_ctx, unit_id, demo_store):
    wizard = _open(qtbot, make_ctx, unit_id, "duty")
    _with_mib(qtbot, wizard)
    walk = wizard.walk_page
    with qtbot.waitSignal(walk.sig_walk_ended, timeout=30_000) as ended:
        assert walk.load_file(str(CORPUS / f"{DEVICE}.snmprec"))
    assert ended.args == ["done"]
    wizard.next()
    wizard.next()
    save = wizard.save_page
    assert not save.save_button.isEnabled()
    assert save.save_button.toolTip() == "只有审核人或管理员可以保存设备型号。"
    save.save()  # the operation refuses all the same
    qtbot.waitUntil(save.error_label.isVisible, timeout=10_000)
    assert save.error_label.text() == "只有审核人或管理员可以保存设备型号。"
    assert not save.isComplete() and not save.save_button.isEnabled()
    assert wizard.proposals_page.table.rowCount() >= 3  # nothing chosen is lost
    assert read_off_gui(demo_store, sp.profile_rows) == []


def test_cancel_stops_a_walk_and_the_wizard_goes_on(qtbot, make_ctx, unit_id, demo_store, demo_users):
    """A device that does not answer (a wrong community: the agent stays silent) would hold the walk
    for 3 s × 2 tries; Cancel ends it well before."""
    admin = demo_users["admin"]
    write_off_gui(demo_store, lambda s: devices.save_unit(s, admin, unit_id, {"community": "nobody-here"}))
    wizard = _open(qtbot, make_ctx, unit_id, "supervisor")
    _with_mib(qtbot, wizard)
    walk = wizard.walk_page
    walk.walk_button.click()
    assert walk.running
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert not back.isEnabled()  # the MIB files stay as the walk was started with
    _shot(wizard, "2-walking")
    with qtbot.waitSignal(walk.sig_walk_ended, timeout=2_000) as ended:
        walk.cancel_button.click()
        assert walk.rows_label.text() == "正在停止读取…"
    assert ended.args == ["cancelled"]
    assert walk.rows_label.text().startswith("已取消读取")
    assert walk.walk_button.isEnabled() and not walk.cancel_button.isEnabled() and not walk.isComplete()
    assert back.isEnabled()
    with qtbot.waitSignal(walk.sig_walk_ended, timeout=30_000) as ended:
        walk.load_file(str(CORPUS / f"{DEVICE}.snmprec"))  # still usable: a walk file instead
    assert ended.args == ["done"] and walk.isComplete()


def test_a_missing_mib_import_is_named_in_chinese(qtbot, make_ctx, unit_id, tmp_path):
    mib = tmp_path / "NEEDS-MORE-MIB"
    mib.write_text("NEEDS-MORE-MIB DEFINITIONS ::= BEGIN\nIMPORTS OBJECT-TYPE FROM SNMPv2-SMI\n"
                   "  vendorRoot FROM VENDOR-ROOT-MIB;\n"
                   "thing OBJECT-TYPE SYNTAX INTEGER MAX-ACCESS read-only STATUS current DESCRIPTION \"x\"\n"
                   "  ::= { vendorRoot 1 }\nEND\n")
    wizard = _open(qtbot, make_ctx, unit_id, "supervisor")
    page = wizard.mib_page
    page.add_files([str(mib)])
    qtbot.waitUntil(page.error_label.isVisible, timeout=60_000)
    assert page.error_label.text() == ("MIB 模块 NEEDS-MORE-MIB 引用了 VENDOR-ROOT-MIB，OpsDesk 未自带该模块："
                                       "请把该文件也添加进来。")
    assert not page.isComplete()
    _shot(wizard, "1-missing-import")


def test_the_first_page_says_which_profiles_read_the_device_now(qtbot, make_ctx, unit_id, demo_store):
    """A saved profile is used beside those already reading the device: the wizard names them, so
    that a second profile reading the same objects twice is the engineer's choice."""
    from opsdesk.models import DeviceState

    def polled(session, profiles: list[str]) -> None:
        state = session.get(DeviceState, unit_id)
        if state is None:
            state = DeviceState(unit_id=unit_id, status="ok", message="", failures=0, sys_object_id="",
                                sys_descr="", profiles=[], in_maintenance=False)
            session.add(state)
        state.profiles = profiles

    write_off_gui(demo_store, lambda s: polled(s, []))
    assert _open(qtbot, make_ctx, unit_id, "supervisor").mib_page.profiles_label.text() == \
        "尚无设备档案读取本设备（或尚未轮询）。"
    write_off_gui(demo_store, lambda s: polled(s, ["hwg-wld", "sys-generic"]))
    text = _open(qtbot, make_ctx, unit_id, "supervisor").mib_page.profiles_label.text()
    assert text.startswith("本设备当前由设备档案 hwg-wld、sys-generic 读取。") and "请不要勾选" in text
