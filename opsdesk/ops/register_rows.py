"""The register's read side (issue 15): typed queries returning frozen records, shared by the
console's register screens, ``opsdesk devices`` and the tests.

No ORM instance leaves these functions, so what they return can cross from the worker thread
that read it to the GUI thread that shows it. The verbs that change the register stay in
:mod:`opsdesk.ops.devices`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opsdesk.i18n import t
from opsdesk.models import settings
from opsdesk.models.equipment import Institution, LineFacts, RegisterLine, Room, Unit
from opsdesk.models.users import Perm, Principal, require
from opsdesk.ops import devices, register_csv
from opsdesk.ops.errors import NotFound


@dataclass(frozen=True)
class SiteRow:
    id: int
    name: str
    code: str


@dataclass(frozen=True)
class LineRow(LineFacts):
    """One register line as the register lists it (its site by name, its units counted)."""

    id: int
    version: int
    site: str
    category: str
    name: str
    brand: str
    model: str
    purchased: dt.date | None
    warranty_years: int | None
    end_of_service: dt.date | None
    note: str
    quantity: int

    @classmethod
    def of(cls, line: RegisterLine) -> LineRow:
        """Call inside the session: reads the line's site and units."""
        return cls(
            id=line.id, version=line.version, site=line.site.name, category=line.category, name=line.name,
            brand=line.brand, model=line.model, purchased=line.purchased, warranty_years=line.warranty_years,
            end_of_service=line.end_of_service, note=line.note or "", quantity=len(line.units),
        )



@dataclass(frozen=True)
class RegisterView:
    """What the register screen shows for a filter: the sites to choose from, the lines, and
    the warranty's "soon" threshold (a setting) the status is judged by."""

    sites: tuple[SiteRow, ...]
    lines: tuple[LineRow, ...]
    soon_days: int

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True)
class UnitRow:
    """What the units table of a line shows of a unit."""

    id: int
    version: int
    asset_tag: str
    serial: str
    institution: str
    room: str
    rack: str
    u: str
    mgmt_ip: str
    pdu_a: str
    pdu_b: str
    single_pdu: bool

    @classmethod
    def of(cls, unit: Unit) -> UnitRow:
        """Call inside the session: reads the unit's institution, room and rack."""
        if unit.u_position is None:
            u = ""
        elif unit.u_height > 1:
            u = f"U{unit.u_position}–{unit.u_position + unit.u_height - 1}"
        else:
            u = f"U{unit.u_position}"
        return cls(
            id=unit.id, version=unit.version, asset_tag=unit.asset_tag, serial=unit.serial,
            institution=unit.institution.name if unit.institution else "",
            room=unit.room.name if unit.room else "", rack=unit.rack.name if unit.rack else "",
            u=u, mgmt_ip=unit.mgmt_ip, pdu_a=unit.pdu_a, pdu_b=unit.pdu_b, single_pdu=unit.single_pdu,
        )


@dataclass(frozen=True)
class LineDetail:
    """The detail form of a line: the sites to choose from, the line's values as the form
    edits them (``devices.line_snapshot``; None for a new line), its version and its units."""

    site_names: tuple[str, ...]
    soon_days: int
    line_id: int | None = None
    version: int | None = None
    values: Mapping[str, Any] | None = None
    units: tuple[UnitRow, ...] = ()


@dataclass(frozen=True)
class UnitDetail:
    """The editor of a unit: its values (``devices.unit_snapshot``, secrets only as set or not),
    its version, and the names of its site's institutions and rooms (offered while typing)."""

    unit_id: int
    version: int
    values: Mapping[str, Any]
    secret_set: Mapping[str, bool]
    institutions: tuple[str, ...]
    rooms: tuple[str, ...]

    @property
    def asset_tag(self) -> str:
        return str(self.values["asset_tag"])


def site_rows(session: Session) -> list[SiteRow]:
    return [SiteRow(s.id, s.name, s.code) for s in devices.sites(session)]


def register_lines(session: Session, actor: Principal, flt: devices.RegisterFilter | None = None) -> list[LineRow]:
    """The register lines the filter selects, in the register's order (site, then line)."""
    return [LineRow.of(line) for line in devices.list_lines(session, actor, flt)]


def register_view(session: Session, actor: Principal, flt: devices.RegisterFilter) -> RegisterView:
    """The register screen's one read. A site the filter names that no longer exists is
    dropped from it (the screen's site box then shows every site)."""
    sites = site_rows(session)
    if flt.site_id is not None and all(site.id != flt.site_id for site in sites):
        flt = devices.RegisterFilter(None, flt.category, flt.warranty, flt.text, flt.as_of)
    return RegisterView(tuple(sites), tuple(register_lines(session, actor, flt)),
                        settings.get(session, "warranty.soon_days"))


def line_units(session: Session, line_id: int) -> tuple[UnitRow, ...]:
    """The units of a line (none if the line is gone)."""
    line = session.get(RegisterLine, line_id)
    return tuple(UnitRow.of(u) for u in line.units) if line is not None else ()


def line_detail(session: Session, line_id: int | None) -> LineDetail:
    """A line for its form, or what a new line's form needs (``line_id`` None).
    NotFound if the line was deleted in the meantime."""
    names = tuple(s.name for s in devices.sites(session))
    soon = settings.get(session, "warranty.soon_days")
    if line_id is None:
        return LineDetail(names, soon)
    line = devices.get_line(session, line_id)
    return LineDetail(names, soon, line.id, line.version, MappingProxyType(devices.line_snapshot(line)),
                      tuple(UnitRow.of(u) for u in line.units))


def unit_detail(session: Session, unit_id: int) -> UnitDetail:
    """A unit for its editor; NotFound if it was deleted in the meantime."""
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise NotFound(t("The unit was deleted in the meantime."))
    site_id = unit.line.site_id
    return UnitDetail(
        unit_id=unit.id, version=unit.version, values=MappingProxyType(devices.unit_snapshot(unit)),
        secret_set=MappingProxyType({name: unit.has_secret(name) for name in devices.SECRET_FIELDS}),
        institutions=tuple(session.scalars(select(Institution.name).where(Institution.site_id == site_id))),
        rooms=tuple(session.scalars(select(Room.name).where(Room.site_id == site_id))),
    )


def export_table(session: Session, actor: Principal, flt: devices.RegisterFilter, as_of: dt.date) -> list[list[str]]:
    """The filtered register as the CSV export writes it: a header, then one row per unit."""
    require(actor, Perm.EXPORT_DEVICES)
    return register_csv.export_rows(session, actor, devices.list_lines(session, actor, flt), as_of)
