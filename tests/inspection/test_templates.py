"""The templates: one per kind, Chinese labels, ranges, and metrics the profiles really have."""

from __future__ import annotations

import re

from opsdesk import paths
from opsdesk.models.inspection_schedule import KIND_NAMES
from opsdesk.ops import inspection as insp


def _profile_roles() -> set[str]:
    """The roles some shipped profile gives a metric (a sheet item filled from a role no
    profile gives would never fill)."""
    from opsdesk.models.roles import ROLES

    found = set()
    for path in (paths.DATA / "profiles").glob("*.toml"):
        found |= set(re.findall(r'^\s*role = "([a-z0-9_.]+)"', path.read_text(encoding="utf-8"), re.M))
    assert found <= set(ROLES)
    return found


def test_every_kind_has_a_template_with_chinese_items():
    found = insp.templates()
    assert set(found) == set(KIND_NAMES)
    for tpl in found.values():
        assert tpl.sections, tpl.kind
        for section in tpl.sections:
            assert section.items and re.search(r"[\u4e00-\u9fff]", section.title)
            for item in section.items:
                assert re.search(r"[\u4e00-\u9fff]", item.label), item
                assert item.kind in ("number", "check", "text")


def test_the_monthly_sheet_covers_every_device_class_and_the_room():
    monthly = insp.template_for("monthly")
    assert [s.key for s in monthly.sections] == ["ups", "ac", "server", "network", "storage", "security", "room"]
    room = {i.key: i for i in monthly.section("room").items}
    assert {"leak", "fire", "cable_labels", "dual_pdu", "room_temp", "room_humidity"} <= set(room)
    assert room["leak"].label == "漏水点" and room["dual_pdu"].label == "服务器双路供电"
    deep = insp.template_for("quarterly_deep")
    assert {"server", "database", "application", "peripheral"} <= {s.key for s in deep.sections}
    discharge = {i.key for i in insp.template_for("ups_discharge").section("ups").items}
    assert {"start", "end", "load", "voltage_before", "voltage_after", "duration", "result"} <= discharge


def test_ranges_come_from_the_settings_and_metrics_exist(demo_store):
    from opsdesk.ops.settings_ops import set_setting
    from tests.inspection.conftest import user

    given = _profile_roles()
    for tpl in insp.templates().values():
        for section in tpl.sections:
            for item in section.items:
                assert set(item.metrics) <= given, (tpl.kind, item.key, item.metrics)
    item = next(i for i in insp.template_for("monthly").section("room").items if i.key == "room_temp")
    with demo_store.write() as s:
        assert item.resolved(s).range_text() == "18–28 ℃"
        set_setting(s, user(s, "admin"), "env.temp_high", 27)
        assert item.resolved(s).range_text() == "18–27 ℃"
    ups_load = next(i for i in insp.template_for("monthly").section("ups").items if i.key == "load")
    assert ups_load.range_text() == "0–80 %"
