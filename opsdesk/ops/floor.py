"""The machine-room floor: what stands where, how it is doing, and editing the plan
(R-FLOOR-1, R-FLOOR-3, R-FLOOR-4).

Positions are in raised-floor tiles (``Room.tile_mm``, 600 mm by default), measured
from the room's top-left corner. A rack is one tile wide and two deep; rotation 0 means
its front faces down the plan (+y), 180 up. Units outside racks (ACs, UPS, sensors)
stand at their own x, y. Everything here is plain data, so the floor screen, the wall
mode and the tests read the same thing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from opsdesk.clock import format_local, now, to_local
from opsdesk.i18n import t
from opsdesk.models import audit, categories, labels, roles, settings
from opsdesk.models.alarm_text import shown, state_text
from opsdesk.models.equipment import Rack, RegisterLine, Room, Site, Unit, display_name
from opsdesk.models.monitoring import (
    SEVERITY_RANK,
    Alarm,
    DeviceState,
    MaintenanceWindow,
    MetricSeries,
    series_text,
)
from opsdesk.models.users import Perm, Principal, display_names, require
from opsdesk.ops.errors import ConflictError, NotFound, ValidationError

if TYPE_CHECKING:
    import numpy as np

RACK_W, RACK_D = 1.0, 2.0  # 600 × 1200 mm on 600 mm tiles
ROTATIONS = (0, 90, 180, 270)


# Worst first decides a rack's colour: critical beats unreachable beats warning …
STATUSES = ("normal", "warning", "critical", "unreachable", "maintenance", "unknown")
STATUS_RANK = {"unknown": 0, "normal": 1, "maintenance": 2, "warning": 3, "unreachable": 4, "critical": 5}

# Readings a floor item shows, chosen by role (opsdesk.models.roles), first found wins
# (room air first: R-ENV-1).
TEMPERATURE_ROLES = (*roles.ROOM_TEMPERATURE, "cooling.supply_temperature")
HUMIDITY_ROLES = (*roles.ROOM_HUMIDITY, "cooling.supply_humidity")
UPS_ROLES = ("ups.output_load", "ups.output_source")
READING_ROLES = TEMPERATURE_ROLES + HUMIDITY_ROLES + UPS_ROLES


# -- layout ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RoomInfo:
    id: int
    site_id: int
    site_name: str
    name: str
    grid_cols: int
    grid_rows: int
    tile_mm: int
    version: int
    # the room's temperature band in force (its own, else the site-wide setting): the overlay's scale
    temp_low: float = 18.0
    temp_high: float = 28.0


@dataclass(frozen=True)
class RackUnit:
    """A device in a rack, for the front elevation."""

    id: int
    asset_tag: str
    name: str
    category: str
    u_position: int | None
    u_height: int
    pdu_a: str
    pdu_b: str
    single_pdu: bool  # R-FLOOR-4: a server fed from one PDU only

    @property
    def label(self) -> str:
        return display_name(self.asset_tag, self.name, self.category)


@dataclass(frozen=True)
class RackInfo:
    id: int
    name: str
    x: float
    y: float
    rotation: int
    u_height: int
    version: int
    units: tuple[RackUnit, ...] = ()

    @property
    def single_pdu_count(self) -> int:
        return sum(1 for u in self.units if u.single_pdu)


@dataclass(frozen=True)
class FloorUnit:
    """A unit standing on the floor by itself (AC, UPS, battery cabinet, sensor …)."""

    id: int
    asset_tag: str
    category: str
    name: str
    x: float
    y: float
    width: float
    depth: float
    version: int
    model: str = ""  # brand and model (山特 15K): what tells two UPSs of one line apart
    tag: str = ""  # the asset tag's tail, unique among the room's units of its category

    @property
    def label(self) -> str:
        return display_name(self.asset_tag, " ".join(p for p in (self.name, self.model) if p), self.category)


@dataclass(frozen=True)
class RoomLayout:
    room: RoomInfo
    racks: tuple[RackInfo, ...]
    units: tuple[FloorUnit, ...]
    unplaced: tuple[FloorUnit, ...] = ()  # units of the room (or its site) with no place yet


@dataclass(frozen=True)
class SiteRooms:
    site_id: int
    site_name: str
    rooms: tuple[tuple[int, str], ...]


def rooms_by_site(session: Session) -> list[SiteRooms]:
    """The site/room switcher: every site in its order, with its rooms (maybe none)."""
    sites = session.scalars(select(Site).options(selectinload(Site.rooms)).order_by(Site.sort_order, Site.id))
    return [SiteRooms(s.id, s.name, tuple((r.id, r.name) for r in s.rooms)) for s in sites]


def first_room_id(session: Session) -> int | None:
    return session.scalars(select(Room.id).join(Site).order_by(Site.sort_order, Site.id, Room.id)).first()


def _room(session: Session, room_id: int) -> Room:
    room = session.get(Room, room_id)
    if room is None:
        raise NotFound(t("The room was deleted in the meantime."))
    return room


def _site_sensor_codes() -> list[str]:
    """Categories whose units of the site in no room may be placed on any of its rooms' floors."""
    return [c.code for c in categories.categories().all if c.site_sensor]


def single_pdu(category: str, pdu_a: str, pdu_b: str) -> bool:
    """R-FLOOR-4: a server on one PDU only (one feed recorded, or both the same)."""
    if not categories.get(category).dual_feed:
        return False
    feeds = {f.strip() for f in (pdu_a, pdu_b) if f and f.strip()}
    return len(feeds) == 1


def footprint(category: str) -> tuple[float, float]:
    """Width × depth in tiles of a unit of ``category`` standing on the floor by itself."""
    return categories.get(category).floor_size


def _model(line: RegisterLine) -> str:
    return " ".join(p for p in (line.brand, line.model) if p)


def short_tags(units: list[tuple[int, str, str]]) -> dict[int, str]:
    """For each (id, category, asset tag): the shortest tail of its asset tag that no other
    unit of its category in the list shares, so four UPSs on one floor read UPS 01 … UPS 04
    rather than four times UPS. The serial's last two characters first (YHL-UPS-0003 → 03),
    then its last part (0003), then the whole tag."""

    def tails(tag: str) -> tuple[str, ...]:
        last = tag.rsplit("-", 1)[-1] or tag
        return (last[-2:], last, tag)

    found: dict[int, str] = {}
    for unit_id, category, tag in units:
        others = [other for uid, cat, other in units if cat == category and uid != unit_id]
        found[unit_id] = next((tail for tail in tails(tag) if not any(o.endswith(tail) for o in others)), tag)
    return found


def room_layout(session: Session, room_id: int) -> RoomLayout:
    """Racks with their devices, and the units standing on the floor, of one room."""
    room = _room(session, room_id)
    band = settings.room_limits(session, [room.id])[room.id]["temperature"]
    low, high = temperature_band(band.low, band.high)
    info = RoomInfo(room.id, room.site_id, room.site.name, room.name, room.grid_cols, room.grid_rows,
                    room.tile_mm, room.version, low, high)
    racks = list(session.scalars(select(Rack).where(Rack.room_id == room_id).order_by(Rack.name)))
    rack_ids = [r.id for r in racks]
    units = list(session.scalars(
        select(Unit).options(selectinload(Unit.line))
        .where(or_(Unit.room_id == room_id, Unit.rack_id.in_(rack_ids))).order_by(Unit.asset_tag)))
    in_rack: dict[int, list[RackUnit]] = {rid: [] for rid in rack_ids}
    floor: list[FloorUnit] = []
    unplaced: list[FloorUnit] = []
    for u in units:
        cat = u.line.category
        if u.rack_id is not None and u.rack_id in in_rack:
            in_rack[u.rack_id].append(RackUnit(u.id, u.asset_tag, u.line.name, cat, u.u_position, u.u_height,
                                               u.pdu_a, u.pdu_b, single_pdu(cat, u.pdu_a, u.pdu_b)))
            continue
        w, d = footprint(cat)
        item = FloorUnit(u.id, u.asset_tag, cat, u.line.name, u.x if u.x is not None else 0.0,
                         u.y if u.y is not None else 0.0, w, d, u.version, _model(u.line))
        (floor if u.x is not None and u.y is not None else unplaced).append(item)
    # Sensors of the site not yet in any room can be placed here too.
    for u in session.scalars(
            select(Unit).options(selectinload(Unit.line)).join(RegisterLine)
            .where(RegisterLine.site_id == room.site_id, RegisterLine.category.in_(_site_sensor_codes()),
                   Unit.room_id.is_(None), Unit.rack_id.is_(None)).order_by(Unit.asset_tag)):
        w, d = footprint(u.line.category)
        unplaced.append(FloorUnit(u.id, u.asset_tag, u.line.category, u.line.name, 0.0, 0.0, w, d, u.version,
                                  _model(u.line)))
    tags = short_tags([(u.id, u.category, u.asset_tag) for u in (*floor, *unplaced)])
    floor = [replace(u, tag=tags[u.id]) for u in floor]
    unplaced = [replace(u, tag=tags[u.id]) for u in unplaced]
    rack_infos = tuple(
        RackInfo(r.id, r.name, r.x or 0.0, r.y or 0.0, r.rotation, r.u_height, r.version,
                 tuple(sorted(in_rack[r.id], key=lambda ru: -(ru.u_position or 0))))
        for r in racks)
    return RoomLayout(info, rack_infos, tuple(floor), tuple(unplaced))


# -- the temperature overlay's colours (R-ENV-1: each room's own band) -----------------------
def temperature_band(low: float | None, high: float | None) -> tuple[float, float]:
    """A room's band for the overlay; a side not set is 10 ℃ from the other (18–28 ℃ without either)."""
    if low is None:
        return (18.0, 28.0) if high is None else (high - 10.0, high)
    if high is None or high <= low:
        return low, low + 10.0
    return low, high


def temperature_scale(low: float, high: float) -> tuple[float, float]:
    """The overlay's and its legend's range for a room's band: 2 ℃ below it to 3 ℃ above."""
    return low - 2.0, high + 3.0


def temperature_colour(value: float, low: float = 18.0, high: float = 28.0) -> tuple[int, int, int]:
    """The overlay's colour of ``value`` in a room whose band is ``low``–``high``: blue below it,
    teal to green inside, amber near its top, orange at its high limit, red beyond (3 ℃ over).
    With 18–28 ℃: blue at 16, green at 23, orange at 28, red from 31."""
    span = high - low
    stops = ((low - 2.0, (49, 110, 204)), (low + 0.2 * span, (64, 170, 190)), (low + 0.5 * span, (90, 185, 100)),
             (low + 0.85 * span, (240, 190, 40)), (high, (240, 130, 40)), (high + 3.0, (215, 50, 40)))
    if value <= stops[0][0]:
        return stops[0][1]
    for (v0, c0), (v1, c1) in zip(stops, stops[1:], strict=False):
        if value <= v1:
            f = (value - v0) / (v1 - v0)
            red, green, blue = (int(a + (b - a) * f) for a, b in zip(c0, c1, strict=True))
            return red, green, blue
    return stops[-1][1]


# -- live status ----------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitStatus:
    status: str  # one of STATUSES
    flashing: bool  # a critical alarm nobody has acknowledged yet
    reading: str = ""  # short text for the plan: "22.5 ℃ / 48 %RH"
    message: str = ""  # the worst active alarm, for the tooltip
    temperature: float | None = None  # room air at this unit, for the overlay
    note: str = ""  # who acknowledged its alarm, or who put it into maintenance (by display name)


@dataclass(frozen=True)
class RoomStatus:
    room_id: int
    at: dt.datetime
    units: dict[int, UnitStatus] = field(default_factory=dict)
    racks: dict[int, UnitStatus] = field(default_factory=dict)
    temperatures: tuple[tuple[float, float, float], ...] = ()  # (x, y, ℃) at placed units


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _first(values: dict[str, float | None], keys: tuple[str, ...]) -> float | None:
    for key in keys:
        if values.get(key) is not None:
            return values[key]
    return None


def reading_text(category: str, values: dict[str, float | None],
                 states: dict[str, tuple[str, str]] | None = None) -> str:
    """The short reading a floor item shows (AC: 22.5 ℃ / 48 %RH; UPS: 35 % load, and where
    its output comes from when that is not normal: 35 % load · 电池供电). ``values`` and
    ``states`` ((meaning, severity) of a state) are keyed by role."""
    states = states or {}
    if "ups.output_load" in values or "ups.output_source" in states:
        load = values.get("ups.output_load")
        meaning, severity = states.get("ups.output_source", ("", None))
        where = meaning if severity in ("warning", "critical") else ""
        parts = [t("{load} % load", load=_num(load)) if load is not None else "", where]
        return " · ".join(p for p in parts if p)
    temp, hum = _first(values, TEMPERATURE_ROLES), _first(values, HUMIDITY_ROLES)
    parts = [f"{temp:.1f} ℃" if temp is not None else "", f"{hum:.0f} %RH" if hum is not None else ""]
    return " / ".join(p for p in parts if p)


def _short_time(at: dt.datetime, today: dt.date) -> str:
    """14:05 today, else 2026-12-08 14:05 (local time)."""
    local = to_local(at)
    return local.strftime("%H:%M") if local.date() == today else format_local(at)


class UnitRow(Protocol):
    """A unit as :func:`unit_states` needs it (a query's row, or a _Row)."""

    @property
    def id(self) -> int: ...

    @property
    def category(self) -> str: ...


def unit_states(session: Session, rows: Sequence[UnitRow], at: dt.datetime) -> dict[int, UnitStatus]:
    """Each unit's state from the monitor, its alarms and its maintenance windows, read in
    a few queries for all of ``rows`` (each with ``id`` and ``category``). The floor plan
    and the site overview colour devices by the same rule."""
    ids = [r.id for r in rows]
    states = {s.unit_id: s for s in session.scalars(select(DeviceState).where(DeviceState.unit_id.in_(ids)))}
    windows: dict[int, MaintenanceWindow] = {}
    for planned in session.scalars(select(MaintenanceWindow).where(
            MaintenanceWindow.unit_id.in_(ids), MaintenanceWindow.starts_at <= at, MaintenanceWindow.ends_at > at)
            .order_by(MaintenanceWindow.ends_at)):
        windows[planned.unit_id] = planned  # the one lasting longest
    alarms: dict[int, list[Alarm]] = {}
    for alarm in session.scalars(select(Alarm).where(Alarm.unit_id.in_(ids), Alarm.cleared_at.is_(None))
                                 .order_by(Alarm.raised_at.desc())):
        alarms.setdefault(alarm.unit_id, []).append(alarm)
    names = display_names(session, {w.created_by for w in windows.values() if w.created_by}
                           | {a.acked_by for rows_ in alarms.values() for a in rows_ if a.acked_by})
    values: dict[int, dict[str, float | None]] = {}
    state_texts: dict[int, dict[str, tuple[str, str]]] = {}
    for series in session.execute(
            select(MetricSeries.unit_id, MetricSeries.role, MetricSeries.last_value, MetricSeries.last_text,
                   MetricSeries.meanings, MetricSeries.last_severity)
            .where(MetricSeries.unit_id.in_(ids), MetricSeries.role.in_(READING_ROLES))
            .order_by(MetricSeries.idx)):
        unit_id, role, value, severity = series.unit_id, series.role, series.last_value, series.last_severity
        if severity is not None:
            held = state_texts.setdefault(unit_id, {}).get(role)
            if held is None or SEVERITY_RANK.get(severity, 0) > SEVERITY_RANK.get(held[1], 0):
                state_texts[unit_id][role] = (series_text(series) or "", severity)  # in the reader's language
            continue
        per = values.setdefault(unit_id, {})
        other_phase = per.get(role)
        if role == "ups.output_load" and value is not None and other_phase is not None:
            value = max(value, other_phase)  # the most loaded phase
        if value is not None or role not in per:
            per[role] = value

    today = to_local(at).date()
    units: dict[int, UnitStatus] = {}
    for row in rows:
        state = states.get(row.id)
        open_alarms = [a for a in alarms.get(row.id, []) if not a.in_maintenance]
        worst = max((a.severity for a in open_alarms), key=lambda s: 2 if s == "critical" else 1, default=None)
        flashing = any(a.severity == "critical" and a.acked_at is None for a in open_alarms)
        window = windows.get(row.id)
        if window is not None or (state is not None and state.in_maintenance):
            status, flashing = "maintenance", False
        elif state is None or state.last_poll_at is None:
            status = worst or "unknown"
        elif state.status == "unreachable":
            status = "unreachable"
        else:
            # 无匹配型号 answers but is not read: a warning on the plan (its alarm says why)
            polled = {"ok": "normal", "warning": "warning", "critical": "critical",
                      "no_profile": "warning"}.get(state.status, "unknown")
            status = max((polled, worst or "unknown"), key=STATUS_RANK.__getitem__)
        unit_values = values.get(row.id, {})
        message = shown(open_alarms[0]) if open_alarms else (state_text(state) if state is not None else "")
        note = ""
        if window is not None:
            by, until = names.get(window.created_by, window.created_by) or "—", _short_time(window.ends_at, today)
            note = (t("Maintenance by {name} until {time}: {reason}", name=by, time=until, reason=window.reason)
                    if window.reason else t("Maintenance by {name} until {time}", name=by, time=until))
        elif open_alarms and open_alarms[0].acked_by:
            note = t("Acknowledged by {name}", name=names.get(open_alarms[0].acked_by, open_alarms[0].acked_by))
        units[row.id] = UnitStatus(status, flashing, reading_text(row.category, unit_values, state_texts.get(row.id)),
                                   message, _first(unit_values, TEMPERATURE_ROLES), note)
    return units


def room_status(session: Session, room_id: int) -> RoomStatus:
    """Each unit's state on the plan, read in one go (a few queries for the whole room)."""
    at = now()
    rack_ids = list(session.scalars(select(Rack.id).where(Rack.room_id == room_id)))
    rows = session.execute(
        select(Unit.id, Unit.rack_id, Unit.x, Unit.y, RegisterLine.category).join(RegisterLine)
        .where(or_(Unit.room_id == room_id, Unit.rack_id.in_(rack_ids)))).all()
    units = unit_states(session, rows, at)
    temps: list[tuple[float, float, float]] = []
    for row in rows:
        temperature = units[row.id].temperature
        if temperature is not None and row.rack_id is None and row.x is not None and row.y is not None:
            w, d = footprint(row.category)
            temps.append((row.x + w / 2, row.y + d / 2, temperature))
    racks: dict[int, UnitStatus] = {}
    members: dict[int, list[UnitStatus]] = {rid: [] for rid in rack_ids}
    for row in rows:
        if row.rack_id in members:
            members[row.rack_id].append(units[row.id])
    for rack_id, inside in members.items():
        worst = max((u.status for u in inside), key=STATUS_RANK.__getitem__, default="unknown")
        bad = sum(1 for u in inside if STATUS_RANK[u.status] >= STATUS_RANK["warning"])
        racks[rack_id] = UnitStatus(worst, any(u.flashing for u in inside),
                                    t("{n} in alarm", n=bad) if bad else "",
                                    next((u.message for u in inside if u.status == worst and u.message), ""))
    return RoomStatus(room_id, at, units, racks, tuple(temps))


# -- a site without floor plans ------------------------------------------------------------
@dataclass(frozen=True)
class OverviewDevice:
    """A device of the site overview, with its state as the floor plan would colour it."""

    id: int
    asset_tag: str
    category: str
    title: str  # 名称型号: name, brand and model as the register writes them
    state: UnitStatus

    @property
    def label(self) -> str:
        return display_name(self.asset_tag, self.title, self.category)


def count_states(states: Iterable[str]) -> dict[str, int]:
    """How many of ``states`` (status words) are in each of STATUSES, in that order."""
    counts = dict.fromkeys(STATUSES, 0)
    for status in states:
        counts[status] = counts.get(status, 0) + 1
    return counts


def worst_state(states: Iterable[str]) -> str:
    return max(states, key=STATUS_RANK.__getitem__, default="unknown")


@dataclass(frozen=True)
class PlaceOverview:
    """One institution of a site (a hospital, a health centre) and its devices; devices in
    no institution are grouped by their room, or under an empty ``name``."""

    key: str  # stable across reads: "i<institution id>", "r<room id>" or "-"
    name: str
    kind: str
    devices: tuple[OverviewDevice, ...]

    @property
    def counts(self) -> dict[str, int]:
        return count_states(d.state.status for d in self.devices)

    @property
    def worst(self) -> str:
        return worst_state(d.state.status for d in self.devices)

    @property
    def flashing(self) -> bool:
        return any(d.state.flashing for d in self.devices)


@dataclass(frozen=True)
class SiteOverview:
    site_id: int
    site_name: str
    at: dt.datetime
    places: tuple[PlaceOverview, ...]

    @property
    def devices(self) -> tuple[OverviewDevice, ...]:
        return tuple(d for p in self.places for d in p.devices)

    @property
    def counts(self) -> dict[str, int]:
        return count_states(d.state.status for d in self.devices)

    @property
    def worst(self) -> str:
        return worst_state(d.state.status for d in self.devices)


def site_overview(session: Session, site_id: int) -> SiteOverview:
    """A site's institutions and their devices' states, for a site with no floor plan to
    draw (区属医疗机构: twenty-three hospitals and health centres, a few devices each).
    Institutions keep the register's order, each listed even without a device."""
    site = session.get(Site, site_id)
    if site is None:
        raise NotFound(t("The site was deleted in the meantime."))
    at = now()
    units = list(session.scalars(
        select(Unit).join(RegisterLine).options(selectinload(Unit.line), selectinload(Unit.institution),
                                                selectinload(Unit.room))
        .where(RegisterLine.site_id == site_id).order_by(Unit.asset_tag)))
    states = unit_states(session, [_Row(u.id, u.line.category) for u in units], at)
    places: dict[str, tuple[str, str, list[OverviewDevice]]] = {
        f"i{inst.id}": (inst.name, inst.kind, []) for inst in site.institutions}
    for unit in units:
        if unit.institution is not None:
            key, name, kind = f"i{unit.institution.id}", unit.institution.name, unit.institution.kind
        elif unit.room is not None:
            key, name, kind = f"r{unit.room.id}", unit.room.name, ""
        else:
            key, name, kind = "-", "", ""
        places.setdefault(key, (name, kind, []))[2].append(
            OverviewDevice(unit.id, unit.asset_tag, unit.line.category, unit.line.title, states[unit.id]))
    return SiteOverview(site.id, site.name, at, tuple(
        PlaceOverview(key, name, kind, tuple(devices)) for key, (name, kind, devices) in places.items()))


@dataclass(frozen=True)
class _Row:
    id: int
    category: str


def temperature_field(points: Iterable[tuple[float, float, float | None]], cols: int, rows: int, per_tile: int = 2,
                      power: float = 2.0) -> np.ndarray | None:
    """Temperatures over the floor by inverse-distance weighting of ``points``
    ((x, y, ℃) in tiles): an array of ``rows * per_tile`` by ``cols * per_tile`` cells,
    each the estimate at its centre. None without any point."""
    import numpy as np  # only for the overlay: not at the console's start

    pts = np.asarray([p for p in points if p[2] is not None], dtype=float).reshape(-1, 3)
    if not len(pts):
        return None
    step = 1.0 / per_tile
    xs = (np.arange(cols * per_tile) + 0.5) * step
    ys = (np.arange(rows * per_tile) + 0.5) * step
    gx, gy = np.meshgrid(xs, ys)
    d2 = (gx[..., None] - pts[:, 0]) ** 2 + (gy[..., None] - pts[:, 1]) ** 2
    weights = 1.0 / np.maximum(d2, 1e-9) ** (power / 2)
    estimate: np.ndarray = (weights * pts[:, 2]).sum(axis=-1) / weights.sum(axis=-1)
    return estimate


# -- editing --------------------------------------------------------------------------------
@dataclass(frozen=True)
class MoveRack:
    rack_id: int
    x: float
    y: float
    rotation: int
    version: int | None = None  # the version the editor saw (optimistic lock)


@dataclass(frozen=True)
class AddRack:
    name: str
    x: float
    y: float
    rotation: int = 0
    u_height: int = 42


@dataclass(frozen=True)
class RemoveRack:
    rack_id: int
    version: int | None = None


@dataclass(frozen=True)
class PlaceUnit:
    """Move a unit standing on the floor, or place one (a sensor) that had no place."""

    unit_id: int
    x: float
    y: float
    version: int | None = None


Change = MoveRack | AddRack | RemoveRack | PlaceUnit


def _check_version(obj: Rack | Unit, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise ConflictError()


def _check_place(room: Room, x: float, y: float, w: float, d: float, what: str) -> None:
    if x < 0 or y < 0 or x + w > room.grid_cols + 1e-6 or y + d > room.grid_rows + 1e-6:
        raise ValidationError("position", t("{what} would stand outside the room ({cols} × {rows} tiles).",
                                             what=what, cols=room.grid_cols, rows=room.grid_rows))


def _rack_size(rotation: int) -> tuple[float, float]:
    return (RACK_D, RACK_W) if rotation in (90, 270) else (RACK_W, RACK_D)


def _check_rotation(rotation: int) -> None:
    if rotation not in ROTATIONS:
        raise ValidationError("rotation", t("A rack turns in quarter turns (0, 90, 180, 270)."))


def save_layout(session: Session, actor: Principal, room_id: int, changes: list[Change]) -> int:
    """Apply an edit session's changes to the room's plan, all or none (EDIT_FLOOR, audited).
    Returns how many changes were applied."""
    require(actor, Perm.EDIT_FLOOR)
    room = _room(session, room_id)
    done: list[dict[str, object]] = []  # for the audit trail
    for change in changes:
        if isinstance(change, MoveRack):
            rack = session.get(Rack, change.rack_id)
            if rack is None or rack.room_id != room_id:
                raise NotFound(t("The rack was deleted in the meantime."))
            _check_version(rack, change.version)
            _check_rotation(change.rotation)
            _check_place(room, change.x, change.y, *_rack_size(change.rotation), what=t("Rack {name}", name=rack.name))
            before = (rack.x, rack.y, rack.rotation)
            rack.x, rack.y, rack.rotation = change.x, change.y, change.rotation
            done.append({"move_rack": rack.name, "from": before, "to": (change.x, change.y, change.rotation)})
        elif isinstance(change, AddRack):
            name = change.name.strip()
            if not name or len(name) > 40:
                raise ValidationError("name", t("A rack needs a name of 1 to 40 characters."))
            if session.scalars(select(Rack.id).where(Rack.room_id == room_id, Rack.name == name)).first():
                raise ValidationError("name", t("Rack {name} exists in this room already.", name=name))
            _check_rotation(change.rotation)
            _check_place(room, change.x, change.y, *_rack_size(change.rotation), what=t("Rack {name}", name=name))
            if not 1 <= change.u_height <= 60:
                raise ValidationError("u_height", t("A rack is 1 to 60 U high."))
            session.add(Rack(room_id=room_id, name=name, x=change.x, y=change.y, rotation=change.rotation,
                             u_height=change.u_height))
            session.flush()
            done.append({"add_rack": name, "at": (change.x, change.y, change.rotation)})
        elif isinstance(change, RemoveRack):
            rack = session.get(Rack, change.rack_id)
            if rack is None or rack.room_id != room_id:
                raise NotFound(t("The rack was deleted in the meantime."))
            _check_version(rack, change.version)
            check_rack_empty(session, rack)
            done.append({"remove_rack": rack.name, "at": (rack.x, rack.y, rack.rotation)})
            session.delete(rack)
            session.flush()
        elif isinstance(change, PlaceUnit):
            unit = session.get(Unit, change.unit_id)
            if unit is None:
                raise NotFound(t("The unit was deleted in the meantime."))
            _check_version(unit, change.version)
            if unit.rack_id is not None:
                raise ValidationError("unit", t("{tag} is mounted in a rack; it moves with its rack.",
                                                 tag=unit.asset_tag))
            if unit.line.site_id != room.site_id:
                raise ValidationError("unit", t("{tag} belongs to another site.", tag=unit.asset_tag))
            _check_place(room, change.x, change.y, *footprint(unit.line.category), what=unit.asset_tag)
            was = (unit.room_id, unit.x, unit.y)
            unit.room_id, unit.x, unit.y = room_id, change.x, change.y
            done.append({"place_unit": unit.asset_tag, "from": was, "to": (room_id, change.x, change.y)})
        else:  # pragma: no cover - a programming error, not a user's
            raise TypeError(change)
    if done:
        session.flush()
        audit.record(session, actor.username, "floor.save", "room", room_id,
                     f"{room.site.name} {room.name}", None, {"changes": done})
    return len(done)


def check_rack_empty(session: Session, rack: Rack) -> None:
    """A rack that still holds devices is not removed: the register would lose where they are."""
    held = list(session.scalars(select(Unit.asset_tag).where(Unit.rack_id == rack.id).order_by(Unit.asset_tag)))
    if held:
        shown = labels.listing(held[:3]) + ("…" if len(held) > 3 else "")
        raise ValidationError("rack", t("Rack {name} still holds {n} devices ({tags}): move them to another rack "
                                        "in the register first.", name=rack.name, n=len(held), tags=shown))


def rack_unit_count(session: Session, rack_id: int) -> int:
    return len(list(session.scalars(select(Unit.id).where(Unit.rack_id == rack_id))))


def next_rack_names(existing: list[str], count: int) -> tuple[str, list[str]]:
    """A new row's letter (the next unused, A…Z) and its rack names: C01, C02 …"""
    used = {n[0].upper() for n in existing if n}
    letter = next((c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in used), "R")
    return letter, [f"{letter}{i + 1:02d}" for i in range(count)]


def next_rack_name(existing: list[str], row_letter: str) -> str:
    """The next free name in a row: A07 after A06."""
    taken = set(existing)
    n = 1
    while f"{row_letter}{n:02d}" in taken:
        n += 1
    return f"{row_letter}{n:02d}"


# -- placing: where the editor puts a new rack, a new row or a unit (the rules beside the checks) --
Spot = tuple[int, int]  # a tile: column, row from the room's top-left corner


def rack_tiles(rotation: int) -> tuple[int, int]:
    """A rack's width and depth in whole tiles at ``rotation`` (turned 90 or 270: two wide, one deep)."""
    w, d = _rack_size(rotation)
    return int(w), int(d)


def tiles_taken(footprints: Iterable[tuple[float, float, float, float]]) -> set[Spot]:
    """The tiles that footprints ``(x, y, w, d)`` cover, a part of a tile counting as the whole."""
    taken: set[Spot] = set()
    for x, y, w, d in footprints:
        for cx in range(int(x), math.ceil(x + w)):
            for cy in range(int(y), math.ceil(y + d)):
                taken.add((cx, cy))
    return taken


def fits(cols: int, rows: int, taken: set[Spot], x: int, y: int, w: int, d: int) -> bool:
    """Whether a ``w`` × ``d`` footprint at tile ``(x, y)`` stands inside the room on free tiles."""
    return (x >= 0 and y >= 0 and x + w <= cols and y + d <= rows
            and all((x + i, y + j) not in taken for i in range(w) for j in range(d)))


def free_spot(cols: int, rows: int, taken: set[Spot], w: int, d: int, near: Spot | None = None) -> Spot | None:
    """The first place a ``w`` × ``d`` footprint fits, row by row from the top left, or the
    one nearest ``near`` (fewest rows away first, then fewest columns); None when the floor is full."""
    spots = [(x, y) for y in range(rows - d + 1) for x in range(cols - w + 1) if fits(cols, rows, taken, x, y, w, d)]
    if not spots:
        return None
    if near is not None:
        spots.sort(key=lambda s: (abs(s[1] - near[1]), abs(s[0] - near[0])))
    return spots[0]


def row_end(cols: int, rows: int, taken: set[Spot], racks: Sequence[tuple[float, float, int]],
            base: tuple[float, float, int]) -> Spot | None:
    """Where a rack added beside ``base`` (x, y, rotation) goes: the free place right after the
    last rack of its row (the racks of ``racks`` turned as it is, on its line), else right
    before the first; None when neither is free or inside the room."""
    bx, by, rotation = base
    along = 0 if rotation in (0, 180) else 1  # a row runs along x when its racks face up or down
    row = [(x, y) for x, y, r in racks if r == rotation and (y == by if along == 0 else x == bx)]
    w, d = rack_tiles(rotation)
    coords = [int(spot[along]) for spot in row] or [int(bx if along == 0 else by)]
    for c in (max(coords) + (w if along == 0 else d), min(coords) - 1):
        x, y = (c, int(by)) if along == 0 else (int(bx), c)
        if fits(cols, rows, taken, x, y, w, d):
            return x, y
    return None


def new_rack_spot(cols: int, rows: int, taken: set[Spot], racks: Sequence[tuple[float, float, int]],
                  base: tuple[float, float, int] | None = None) -> Spot | None:
    """Where the editor's 添加机柜 puts a rack: beside ``base`` (the selected rack: x, y, rotation)
    at the end of its row, else on the free place nearest it, else (nothing selected) on the
    first free place; turned as ``base`` (else facing down). None when the floor is full."""
    rotation = base[2] if base else 0
    if base is not None:
        spot = row_end(cols, rows, taken, racks, base)
        if spot is not None:
            return spot
    near = (int(base[0]), int(base[1])) if base else None
    return free_spot(cols, rows, taken, *rack_tiles(rotation), near)


@dataclass(frozen=True)
class NewRow:
    """Where a new row of racks goes: from tile ``x``, on line ``y``, turned ``rotation``, at most
    ``count`` racks; ``free`` the numbers (from 0) of the racks whose place is free."""

    x: int
    y: int
    rotation: int
    count: int
    free: tuple[int, ...]


def new_row(cols: int, rows: int, taken: set[Spot], racks: Sequence[tuple[float, float, int]],
            count: int) -> NewRow | None:
    """A new row below the last row of racks facing up or down, an aisle (two tiles) apart and
    facing the other way (hot and cold aisles alternate), from the rows' first column and cut to
    what fits; None when no row fits below the last one."""
    lines = [(x, y, r) for x, y, r in racks if r in (0, 180)]
    last = max(lines, key=lambda rack: rack[1], default=None)
    y = int(last[1]) + 4 if last else 1
    rotation = 0 if last is None or last[2] == 180 else 180
    x0 = int(min((x for x, _y, _r in lines), default=2))
    count = min(count, cols - x0)
    w, d = rack_tiles(rotation)
    if y + d > rows or count < 1:
        return None
    free = tuple(n for n in range(count) if fits(cols, rows, taken, x0 + n, y, w, d))
    return NewRow(x0, y, rotation, count, free)
