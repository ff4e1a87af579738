"""Read models of the rooms for the console's monitoring screens (issue 15): the wall's round of
rooms and its cycle time, a room's limits as the 机房限值 dialog edits them, and whether a rack of
the floor plan may be removed — frozen records read in one session, shared by the console and the
tests (no ORM instance crosses from the reading thread to the GUI thread)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import settings
from opsdesk.models.equipment import Rack, Room
from opsdesk.models.settings import RoomLimits
from opsdesk.ops import floor
from opsdesk.ops.errors import NotFound


@dataclass(frozen=True)
class WallRoom:
    site_name: str
    room_id: int
    room_name: str


@dataclass(frozen=True)
class WallPlan:
    """The wall's round: every room of every site in the sites' order, each shown ``cycle_seconds``."""

    rooms: tuple[WallRoom, ...]
    cycle_seconds: int


def wall_rooms(session: Session) -> list[WallRoom]:
    """Every room of every site, in the sites' order (a site without rooms is skipped)."""
    return [WallRoom(site.site_name, room_id, name) for site in floor.rooms_by_site(session)
            for room_id, name in site.rooms]


def wall_plan(session: Session) -> WallPlan:
    return WallPlan(tuple(wall_rooms(session)), int(settings.get(session, "wall.cycle_seconds")))


@dataclass(frozen=True)
class RoomLimitsForm:
    """What the 机房限值 dialog shows of a room: its name with its site's, its version (for the
    save's check) and its band per class (its own, or the site-wide setting)."""

    room_id: int
    version: int
    name: str
    temperature: RoomLimits
    humidity: RoomLimits

    def band(self, cls: str) -> RoomLimits:
        return {"temperature": self.temperature, "humidity": self.humidity}[cls]


def room_limits_form(session: Session, room_id: int) -> RoomLimitsForm:
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound(t("The room was deleted in the meantime."))
    limits = settings.room_limits(session, [room_id])[room_id]
    return RoomLimitsForm(room_id, room.version, f"{room.site.name} {room.name}",
                          limits["temperature"], limits["humidity"])


def check_racks_empty(session: Session, rack_ids: Iterable[int]) -> None:
    """Refuses (the op's own words) if one of the racks still holds devices; a rack gone
    meanwhile holds none."""
    for rack_id in rack_ids:
        rack = session.get(Rack, rack_id)
        if rack is not None:
            floor.check_rack_empty(session, rack)
