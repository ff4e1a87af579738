"""The demo room's 动环 points: what a real machine room has beside its IT equipment (no Qt here).

Seed 002's table (54 lines, 172 units) lists IT equipment only. A real duty room also watches its
environment monitors, a leak rope, a smoke detector, the door and the racks' PDUs; the demo adds
them to 永和路数据中心's main room as register lines of their own, after the seed's, each noted
:data:`SUPPLEMENT_NOTE`, so nobody takes them for the contract's. They answer over SNMP from the
demo agents like every other demo unit (data/demo/agents/devices.toml says what each answers and
when its leak, smoke and door events happen).

Called by :func:`opsdesk.demo.seed.load_demo`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.models.equipment import Rack, RegisterLine, Room, Site, Unit
from opsdesk.ops import devices

SUPPLEMENT_NOTE = "演示补充：非招标清单设备"
SITE_NAME = "永和路数据中心"


@dataclass(frozen=True)
class Point:
    """One unit of a supplement line: where it stands (tiles) or which rack it hangs in."""

    x: float | None = None
    y: float | None = None
    rack: str = ""
    u_position: int | None = None


@dataclass(frozen=True)
class SupplementLine:
    category: str
    name: str
    brand: str
    model: str
    points: tuple[Point, ...]


# The main room (18 × 12 tiles): rows A (y 3–5, fronts down the plan) and B (y 7–9, fronts up)
# face each other across the cold aisle y 5–7; the row ACs stand at x 3, y 3 and y 7.
LINES = (
    # Temperature/humidity probes in the cold aisle before the fronts of racks A02, A05, B02, B05 (the
    # B-row ones a little into the aisle, so their readings are not drawn over the racks): the
    # floor's heat overlay has real points along the rows.
    SupplementLine("sensor", "机柜列温湿度监控（冷通道）", "APC", "NetBotz 420 Rack NBRK0420",
                   (Point(5.25, 5.0), Point(8.25, 5.0), Point(5.25, 5.9), Point(8.25, 5.9))),
    # By the door, inside: the room's own air, the door switch and the smoke detector's contact.
    SupplementLine("sensor", "机房环境监控主机（门磁、烟感）", "APC", "NetBotz 420 Wall NBWL0420",
                   (Point(1.0, 11.0),)),
    # The leak rope runs under both row ACs; its detector hangs beside them.
    SupplementLine("sensor", "精密空调漏水检测", "HW group", "HWg-WLD 2", (Point(2.25, 5.75),)),
    # 1U switched rack PDUs of the first four racks, at U40 (the seed fills racks up to U38).
    SupplementLine("pdu", "机柜 PDU（A 路）", "APC", "AP7921B Rack PDU 2G",
                   tuple(Point(rack=name, u_position=40) for name in ("A01", "B01", "A02", "B02"))),
)
PURCHASED = dt.date(2021, 6, 1)


def is_supplement(line: RegisterLine) -> bool:
    return line.note == SUPPLEMENT_NOTE


def load_room_points(session: Session) -> list[Unit]:
    """Add the supplement lines and their placed units to the demo's main room; returns the
    units (not yet addressed: the demo loader gives them the agents' SNMP settings)."""
    site = session.scalars(select(Site).where(Site.name == SITE_NAME)).one()
    room = session.scalars(select(Room).where(Room.site_id == site.id).order_by(Room.id)).first()
    if room is None:
        return []
    racks = {r.name: r for r in session.scalars(select(Rack).where(Rack.room_id == room.id))}
    units: list[Unit] = []
    for spec in LINES:
        line = RegisterLine(site=site, category=spec.category, name=spec.name, brand=spec.brand, model=spec.model,
                            purchased=PURCHASED, warranty_years=5, note=SUPPLEMENT_NOTE)
        session.add(line)
        session.flush()
        for point in spec.points:
            unit = Unit(asset_tag=devices.next_asset_tag(session, site, spec.category))
            line.units.append(unit)
            if point.rack:
                unit.room, unit.rack, unit.u_position, unit.u_height = room, racks[point.rack], point.u_position, 1
                unit.note = f"{point.rack} 机柜 A 路 PDU"
            else:
                unit.room, unit.x, unit.y = room, point.x, point.y
            session.flush()
            units.append(unit)
    return units
