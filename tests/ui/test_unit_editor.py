"""The unit editor: fields from devices.FIELDS, write-only secrets, inline checks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from opsdesk.models.equipment import Unit
from opsdesk.ops import devices
from opsdesk.ui.register.unit_editor import UnitEditor
from tests.ui.conftest import read_off_gui

pytestmark = pytest.mark.usefixtures("gui_thread_guard")


def unit_id(store, tag: str) -> int:
    return read_off_gui(store, lambda s: s.scalars(select(Unit.id).where(Unit.asset_tag == tag)).one())


def stored_unit(store, unit_id: int) -> dict:
    def read(session):
        unit = session.get(Unit, unit_id)
        return {"mgmt_ip": unit.mgmt_ip, "snmp_version": unit.snmp_version, "pdu_b": unit.pdu_b,
                "single_pdu": unit.single_pdu, **{name: unit.has_secret(name) for name in devices.SECRET_FIELDS}}
    return read_off_gui(store, read)


@pytest.fixture
def editor(qtbot, make_ctx, demo_store):
    def make(role: str = "admin", tag: str = "YHL-SRV-0001") -> UnitEditor:
        widget = UnitEditor(make_ctx(role), unit_id(demo_store, tag))
        qtbot.addWidget(widget)
        with qtbot.waitSignal(widget.sig_unit_loaded, timeout=10_000):
            widget.show()  # the unit is read off the GUI thread meanwhile
        return widget

    return make


def test_every_unit_field_is_offered(editor):
    widget = editor()
    offered = set(widget.fields) | set(widget.choices) | set(widget.secrets)
    expected = {f.key for f in devices.FIELDS if f.level in ("unit", "secret")} - {"asset_tag"}
    assert offered == expected
    assert widget.windowTitle() == "设备 YHL-SRV-0001"
    assert widget.fields["rack"].text() == "A01"
    assert widget.single_feed_label.isVisible()  # the demo's single-PDU server


def test_secrets_are_write_only_and_for_admins(editor, demo_store):
    duty = editor("duty")
    stored = stored_unit(demo_store, duty.unit_id)  # the demo gives its units a community (demo agents)
    for name, secret in duty.secrets.items():
        assert not secret.edit.isEnabled()
        assert secret.edit.placeholderText() == "留空表示不变"
        assert secret.state_label.text() == ("已设置" if stored[name] else "未设置")
        assert secret.edit.text() == ""  # never shown
    admin = editor("admin")
    assert all(secret.edit.isEnabled() for secret in admin.secrets.values())


def test_admin_saves_ip_and_community(qtbot, editor, demo_store):
    widget = editor("admin")
    widget.fields["mgmt_ip"].set_text("10.20.1.15")
    widget.choices["snmp_version"].setCurrentIndex(widget.choices["snmp_version"].findData("2c"))
    widget.secrets["community"].edit.setText("s3cret-community")
    widget.fields["pdu_b"].set_text("A01-PDU-B")
    assert widget.single_feed_label.isHidden()
    with qtbot.waitSignal(widget.sig_unit_saved, timeout=10_000):
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    unit = stored_unit(demo_store, widget.unit_id)
    assert (unit["mgmt_ip"], unit["snmp_version"], unit["pdu_b"]) == ("10.20.1.15", "2c", "A01-PDU-B")
    assert unit["community"] and not unit["single_pdu"]
    again = editor("admin")
    assert again.secrets["community"].state_label.text() == "已设置"
    assert again.secrets["community"].edit.text() == ""  # never shown


def test_bad_ip_is_refused_inline(qtbot, editor, demo_store):
    widget = editor("duty")
    before = stored_unit(demo_store, widget.unit_id)["mgmt_ip"]
    field = widget.fields["mgmt_ip"]
    field.set_text("10.1.2")
    field.edit.editingFinished.emit()
    assert field.error_label.isVisible() and "10.1.2" in field.error_label.text()
    with qtbot.assertNotEmitted(widget.sig_unit_saved):
        assert not widget.save()
    assert stored_unit(demo_store, widget.unit_id)["mgmt_ip"] == before


def test_rule_across_fields_lands_on_its_field(editor, recorder):
    widget = editor("admin")
    widget.choices["snmp_version"].setCurrentIndex(widget.choices["snmp_version"].findData("3"))
    assert not widget.save()  # SNMPv3 needs a user name
    assert widget.fields["snmp_user"].error_label.isVisible()
    assert recorder.errors == []
