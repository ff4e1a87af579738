"""The floor plan's data: layout, live status per item, the temperature field, editing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from sqlalchemy import select

from opsdesk.models.audit import AuditEntry
from opsdesk.models.equipment import Institution, Rack, RegisterLine, Room, Site, Unit
from opsdesk.models.users import PermissionDenied
from opsdesk.ops import alarms as alarm_ops
from opsdesk.ops import floor
from opsdesk.ops.errors import ConflictError, ValidationError
from tests.readings import D
from tests.ui.monitoring_data import NOW, SILENT, ac, cycle, feed_scenario, unit_ids


def _main_room(session) -> Room:
    return session.scalars(select(Room).where(Room.name == "主机房")).one()


def test_sites_and_rooms_for_the_switcher(demo_store):
    with demo_store.read() as s:
        sites = floor.rooms_by_site(s)
    assert [x.site_name for x in sites] == ["永和路数据中心", "容灾备份", "区属医疗机构"]
    assert [name for _id, name in sites[0].rooms] == ["主机房"]
    assert sites[2].rooms == ()  # 23 hospitals, no machine room of ours


def test_layout_of_the_main_room(demo_store):
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    assert (layout.room.grid_cols, layout.room.grid_rows, layout.room.tile_mm) == (18, 12, 600)
    names = [r.name for r in layout.racks]
    assert names[:3] == ["A01", "A02", "A03"] and "B07" in names
    a01 = layout.racks[0]
    assert (a01.x, a01.y, a01.rotation) == (4.0, 3.0, 0)
    b01 = next(r for r in layout.racks if r.name == "B01")
    assert b01.rotation == 180  # the rows face each other across the cold aisle
    # Devices stacked from U2, each at its own U, none overlapping.
    used = [(u.u_position, u.u_position + u.u_height - 1) for u in a01.units]
    assert min(lo for lo, _ in used) == 2
    spans = sorted(used)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    floor_tags = {u.asset_tag: u for u in layout.units}
    # the seed's ACs and UPSs, and the demo room's 动环 points (opsdesk/demo/facilities.py)
    assert set(floor_tags) == {"YHL-AC-0001", "YHL-AC-0002", "YHL-UPS-0001", "YHL-UPS-0002", "YHL-UPS-0003",
                               "YHL-UPS-0004", *(f"YHL-ENV-000{n}" for n in range(1, 7))}
    assert (floor_tags["YHL-AC-0001"].width, floor_tags["YHL-AC-0001"].depth) == (1.0, 2.0)


def test_single_pdu_flag(demo_store):
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    flagged = [u for r in layout.racks for u in r.units if u.single_pdu]
    assert [u.asset_tag for u in flagged] == ["YHL-SRV-0001"]  # the demo's one server on a single PDU
    assert floor.single_pdu("server", "A01-PDU-A", "A01-PDU-A")  # both feeds the same PDU
    assert not floor.single_pdu("server", "A01-PDU-A", "A01-PDU-B")
    assert not floor.single_pdu("network", "A01-PDU-A", "")  # the rule is for servers


def test_status_from_monitor_alarms_and_maintenance(demo_store, demo_users, fixed_clock):
    scenario = feed_scenario(demo_store)
    ids = scenario.units
    with demo_store.read() as s:
        room_id = _main_room(s).id
        status = floor.room_status(s, room_id)
    ac1 = status.units[ids["YHL-AC-0001"]]
    assert ac1.status == "critical" and ac1.flashing  # 31 ℃, nobody acknowledged yet
    assert ac1.reading == "31.0 ℃ / 45 %RH"
    assert ac1.temperature == 31.0
    assert status.units[ids["YHL-AC-0002"]].status == "normal"  # 27 ℃ again, alarm cleared
    assert status.units[ids["YHL-SRV-0001"]].status == "unreachable"
    ups = status.units[ids["YHL-UPS-0001"]]
    assert ups.status == "warning" and not ups.flashing
    assert "电池供电" in ups.reading
    never = next(uid for uid, st in status.units.items() if uid not in ids.values())
    assert status.units[never].status == "unknown"
    # The rack holding the silent server shows it, and flashes (unreachable is critical).
    with demo_store.read() as s:
        rack_id = s.get(Unit, ids["YHL-SRV-0001"]).rack_id
    assert status.racks[rack_id].status == "unreachable" and status.racks[rack_id].flashing
    assert (3.5, 4.0, 31.0) in status.temperatures  # the AC's centre, for the overlay

    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], scenario.alarm_id("YHL-AC-0001"), "已派人检查空调")
        alarm_ops.open_maintenance(s, demo_users["duty"], ids["YHL-UPS-0001"], 2, "放电测试")
    with demo_store.read() as s:
        status = floor.room_status(s, room_id)
    assert status.units[ids["YHL-AC-0001"]].status == "critical"
    assert not status.units[ids["YHL-AC-0001"]].flashing  # acknowledged: steady red
    assert status.units[ids["YHL-UPS-0001"]].status == "maintenance"


def test_ups_reading_text_says_the_source_only_when_it_is_not_normal():
    """By role, with the state's own words from the profile: no enum number decoded here."""
    assert floor.reading_text("ups", {"ups.output_load": 35.0},
                              {"ups.output_source": ("正常 (市电逆变)", "ok")}) == "35 % 负载"
    assert floor.reading_text("ups", {"ups.output_load": 35.0},
                              {"ups.output_source": ("电池供电", "critical")}) == "35 % 负载 · 电池供电"
    assert floor.reading_text("cooling", {"cooling.return_temperature": 22.5, "cooling.return_humidity": 48.0}) \
        == "22.5 ℃ / 48 %RH"


def test_temperature_field_interpolates_between_sensors():
    field = floor.temperature_field([(0.5, 0.5, 20.0), (9.5, 0.5, 30.0)], cols=10, rows=2, per_tile=1)
    assert field.shape == (2, 10)
    assert field[0, 0] == pytest.approx(20.0, abs=0.01)  # at a sensor: its own value
    assert field[0, 9] == pytest.approx(30.0, abs=0.01)
    assert np.all(np.diff(field[0]) > 0)  # warmer towards the hot sensor
    assert 24.0 < field[0, 5] < 27.0
    assert floor.temperature_field([], 10, 2) is None


def test_edit_layout_persists_and_is_audited(demo_store, demo_users, fixed_clock):
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    room_id = layout.room.id
    a04 = next(r for r in layout.racks if r.name == "A04")
    ac1 = next(u for u in layout.units if u.asset_tag == "YHL-AC-0001")
    changes = [floor.MoveRack(a04.id, 12.0, 3.0, 90, a04.version), floor.AddRack("C01", 4.0, 10.0, 0),
               floor.PlaceUnit(ac1.id, 2.0, 3.0, ac1.version)]
    with demo_store.write() as s:
        assert floor.save_layout(s, demo_users["supervisor"], room_id, changes) == 3
    with demo_store.read() as s:
        layout2 = floor.room_layout(s, room_id)
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    moved = next(r for r in layout2.racks if r.name == "A04")
    assert (moved.x, moved.y, moved.rotation) == (12.0, 3.0, 90)
    assert any(r.name == "C01" and (r.x, r.y) == (4.0, 10.0) for r in layout2.racks)
    assert next(u for u in layout2.units if u.id == ac1.id).x == 2.0
    assert entry.action == "floor.save" and entry.actor == "wangfang"

    # The version the editor saw is stale now: refused, nothing written.
    with pytest.raises(ConflictError), demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id, [floor.MoveRack(a04.id, 13.0, 3.0, 0, a04.version)])


def test_edit_is_refused_for_duty_and_when_wrong(demo_store, demo_users, fixed_clock):
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    room_id = layout.room.id
    a01 = layout.racks[0]
    empty = next(r for r in layout.racks if r.name == "B07")
    with pytest.raises(PermissionDenied), demo_store.write() as s:
        floor.save_layout(s, demo_users["duty"], room_id, [floor.MoveRack(empty.id, 10.0, 7.0, 180)])
    with pytest.raises(ValidationError, match="A01.*还有 19 台设备"), demo_store.write() as s:  # 18 and its PDU
        floor.save_layout(s, demo_users["admin"], room_id, [floor.RemoveRack(a01.id)])
    with pytest.raises(ValidationError, match="超出机房"), demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id, [floor.MoveRack(empty.id, 17.0, 11.0, 0)])
    with pytest.raises(ValidationError, match="已有机柜"), demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id, [floor.AddRack("A01", 1.0, 9.0)])
    # A batch is all or nothing: the first change is not kept when the second is refused.
    with pytest.raises(ValidationError), demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id,
                          [floor.MoveRack(empty.id, 12.0, 7.0, 180), floor.RemoveRack(a01.id)])
    with demo_store.read() as s:
        assert s.get(Rack, empty.id).x == empty.x
        assert s.get(Rack, a01.id) is not None
    with demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id, [floor.RemoveRack(empty.id, empty.version)])
    with demo_store.read() as s:
        assert s.get(Rack, empty.id) is None


def test_place_a_sensor_on_the_floor(demo_store, demo_users, fixed_clock):
    with demo_store.write() as s:
        room = _main_room(s)
        line = RegisterLine(site_id=room.site_id, category="sensor", name="温湿度传感器", brand="HW group",
                            model="STE2")
        s.add(line)
        s.flush()
        s.add(Unit(line_id=line.id, asset_tag="YHL-ENV-0101"))  # the demo's own sensors are 0001–0006
        room_id = room.id
    with demo_store.read() as s:
        layout = floor.room_layout(s, room_id)
    sensor = next(u for u in layout.unplaced if u.asset_tag == "YHL-ENV-0101")
    with demo_store.write() as s:
        floor.save_layout(s, demo_users["admin"], room_id, [floor.PlaceUnit(sensor.id, 8.5, 5.5, sensor.version)])
    # Its readings now join the plan and the overlay.
    cycle(demo_store, NOW - dt.timedelta(minutes=1), {sensor.id: ("YHL-ENV-0101", ac(24.0, 50.0))})
    with demo_store.read() as s:
        layout = floor.room_layout(s, room_id)
        status = floor.room_status(s, room_id)
    placed = next(u for u in layout.units if u.asset_tag == "YHL-ENV-0101")
    assert (placed.x, placed.y, placed.width) == (8.5, 5.5, 0.5)
    assert status.units[sensor.id].reading == "24.0 ℃ / 50 %RH"
    assert (8.75, 5.75, 24.0) in status.temperatures
    assert unit_ids(demo_store, "YHL-ENV-0101")


# -- issue 13: a site without floor plans, UPS labels, names not logins ------------------------
def _qs_units(store) -> list[tuple[int, str, str]]:
    """(unit id, asset tag, category) of 区属医疗机构's devices."""
    with store.read() as s:
        return [(u.id, u.asset_tag, u.line.category) for u in s.scalars(
            select(Unit).join(RegisterLine).join(Site).where(Site.name == "区属医疗机构").order_by(Unit.asset_tag))]


def test_site_overview_lists_the_institutions_and_their_states(demo_store, demo_users, fixed_clock):
    """The 23 hospitals and health centres, each with its devices, coloured as the plan would."""
    units = _qs_units(demo_store)
    (ok_id, ok_tag, _), (silent_id, silent_tag, _), (kept_id, _kept_tag, _) = units[0], units[1], units[2]
    for i in range(3):  # three silent polls: unreachable
        cycle(demo_store, NOW - dt.timedelta(minutes=5) + i * dt.timedelta(seconds=30),
              {ok_id: (ok_tag, D(profiles=(), sys_object_id="", sys_descr="Linux")), silent_id: (silent_tag, SILENT)})
    with demo_store.write() as s:
        alarm_ops.open_maintenance(s, demo_users["duty"], kept_id, 2, "更换电源")
    with demo_store.read() as s:
        site_id = s.scalars(select(Site.id).where(Site.name == "区属医疗机构")).one()
        overview = floor.site_overview(s, site_id)
        institutions = [i.name for i in s.scalars(select(Institution).where(Institution.site_id == site_id)
                                                 .order_by(Institution.id))]
    assert len(institutions) == 23
    assert [p.name for p in overview.places] == institutions  # the register's order, every one listed
    assert len(overview.devices) == len(units) == 47
    assert all(p.devices for p in overview.places)  # two or three devices each
    counts = overview.counts
    assert (counts["normal"], counts["unreachable"], counts["maintenance"], counts["unknown"]) == (1, 1, 1, 44)
    by_id = {d.id: (p, d) for p in overview.places for d in p.devices}
    place, silent = by_id[silent_id]
    assert silent.state.status == "unreachable" and place.worst == "unreachable"
    assert place.counts["unreachable"] == 1
    assert by_id[ok_id][1].state.status == "normal"
    kept = by_id[kept_id][1]
    assert kept.state.status == "maintenance"
    assert "张伟" in kept.state.note and "zhangwei" not in kept.state.note  # the name, not the login
    assert "更换电源" in kept.state.note
    assert overview.worst == "unreachable"


def test_acknowledged_alarm_is_noted_with_the_display_name(demo_store, demo_users, fixed_clock):
    scenario = feed_scenario(demo_store)
    with demo_store.write() as s:
        alarm_ops.acknowledge(s, demo_users["duty"], scenario.alarm_id("YHL-AC-0001"), "已派人检查空调")
        room_id = _main_room(s).id
    with demo_store.read() as s:
        status = floor.room_status(s, room_id)
    note = status.units[scenario.units["YHL-AC-0001"]].note
    assert note == "已确认：张伟"


def test_floor_units_of_one_kind_are_told_apart(demo_store):
    """Four UPSs on the main floor: each its own label (UPS 01 … 04), not four times "UPS"."""
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    ups = sorted((u for u in layout.units if u.category == "ups"), key=lambda u: u.asset_tag)
    assert [u.tag for u in ups] == ["01", "02", "03", "04"]
    assert "山特 15K" in ups[1].label and "山特 90K" in ups[3].label  # the tooltip says which model
    tags = {u.category: set() for u in layout.units}
    for u in layout.units:
        assert u.tag not in tags[u.category]
        tags[u.category].add(u.tag)
    # Tails that would collide grow until they do not.
    assert floor.short_tags([(1, "ups", "X-UPS-0001"), (2, "ups", "X-UPS-0101"),
                             (3, "cooling", "X-AC-0001")]) == {1: "0001", 2: "0101", 3: "01"}


# -- where the editor places a new rack, row or unit (Qt-free rules the floor view calls) ------

def test_tiles_taken_count_a_part_tile_as_whole():
    assert floor.tiles_taken([(1.0, 1.0, 1.0, 2.0)]) == {(1, 1), (1, 2)}
    assert floor.tiles_taken([(0.5, 0.0, 0.5, 0.5)]) == {(0, 0)}  # a sensor on half a tile
    assert floor.tiles_taken([(2.5, 0.0, 1.0, 1.0)]) == {(2, 0), (3, 0)}


def test_free_spot_first_from_the_top_left_or_nearest_the_selection():
    taken = floor.tiles_taken([(0, 0, 1, 2), (1, 0, 1, 2)])
    assert floor.free_spot(4, 3, taken, 1, 2) == (2, 0)
    assert floor.free_spot(4, 3, taken, 1, 1, near=(0, 2)) == (0, 2)  # same row first
    assert floor.free_spot(2, 2, taken, 1, 1) is None  # full: the caller says so


def test_a_new_rack_goes_at_the_end_of_the_selected_rack_row():
    racks = [(4.0, 3.0, 0), (5.0, 3.0, 0), (6.0, 3.0, 0)]
    taken = floor.tiles_taken((x, y, *floor.rack_tiles(r)) for x, y, r in racks)
    assert floor.new_rack_spot(18, 12, taken, racks, (5.0, 3.0, 0)) == (7, 3)
    # The end is the wall: it goes before the first rack of the row instead.
    assert floor.new_rack_spot(7, 12, taken, racks, (5.0, 3.0, 0)) == (3, 3)
    # A row of racks turned a quarter runs down the plan; each is two tiles wide, one deep.
    turned = [(2.0, 2.0, 90), (2.0, 3.0, 90)]
    taken = floor.tiles_taken((x, y, *floor.rack_tiles(r)) for x, y, r in turned)
    assert floor.new_rack_spot(18, 12, taken, turned, (2.0, 2.0, 90)) == (2, 4)
    # Nothing selected: the first free place; a full floor: None.
    assert floor.new_rack_spot(18, 12, set(), [], None) == (0, 0)
    assert floor.new_rack_spot(1, 1, set(), [], None) is None


def test_a_new_row_goes_below_the_last_an_aisle_apart_facing_the_other_way():
    racks = [(4.0, 3.0, 0), (5.0, 3.0, 0), (4.0, 7.0, 180), (5.0, 7.0, 180)]
    taken = floor.tiles_taken((x, y, *floor.rack_tiles(r)) for x, y, r in racks)
    row = floor.new_row(18, 14, taken, racks, 6)
    assert (row.x, row.y, row.rotation, row.count, row.free) == (4, 11, 0, 6, (0, 1, 2, 3, 4, 5))
    # Cut to the room's width, and a place taken by a unit left out.
    taken |= floor.tiles_taken([(6.0, 12.0, 1.0, 1.0)])
    row = floor.new_row(8, 14, taken, racks, 6)
    assert (row.count, row.free) == (4, (0, 1, 3))
    # No room below the last row: None (said by the view).
    assert floor.new_row(18, 12, taken, racks, 6) is None
    # An empty room: the first row at the top, facing down.
    row = floor.new_row(18, 12, set(), [], 6)
    assert (row.x, row.y, row.rotation) == (2, 1, 0)


def test_the_demo_floor_places_the_next_rack_after_a07(demo_store):
    """The rule on the demo's main room, as the floor editor meets it (A01 selected: A08 at 11, 3)."""
    with demo_store.read() as s:
        layout = floor.room_layout(s, _main_room(s).id)
    racks = [(r.x, r.y, r.rotation) for r in layout.racks]
    taken = floor.tiles_taken([*((x, y, *floor.rack_tiles(r)) for x, y, r in racks),
                               *((u.x, u.y, u.width, u.depth) for u in layout.units)])
    a01 = next(r for r in layout.racks if r.name == "A01")
    assert floor.new_rack_spot(layout.room.grid_cols, layout.room.grid_rows, taken, racks,
                               (a01.x, a01.y, a01.rotation)) == (11, 3)
