"""Sites, rooms, racks and the equipment register (设备台账), R-FLOOR-1/2/4.

A register line (台账行) is what the contract lists: category, brand and model,
purchase month, warranty years, quantity. It owns its units (the quantity); the unit is
what is polled, placed and inspected, and its asset tag is the import key.
Warranty status is derived, never typed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.clock import DEFAULT_TZ, now
from opsdesk.models import categories
from opsdesk.models.base import Base

WARRANTY_SOON_DAYS = 90


class WarrantyStatus(enum.StrEnum):
    IN = "in"  # 保内
    SOON = "soon"  # 即将过保 (still 保内)
    OUT = "out"  # 过保
    UNKNOWN = "unknown"


class Site(Base):
    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # asset-tag prefix
    hospital: Mapped[str] = mapped_column(String(200), default="")  # printed in paper headers
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TZ)
    sort_order: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    institutions: Mapped[list[Institution]] = relationship(back_populates="site", order_by="Institution.id")
    rooms: Mapped[list[Room]] = relationship(back_populates="site", order_by="Room.id")
    lines: Mapped[list[RegisterLine]] = relationship(back_populates="site")

    __mapper_args__ = {"version_id_col": version}


class Institution(Base):
    """A hospital or health centre grouped under a site (区属医疗机构 has twenty-odd)."""

    __tablename__ = "institution"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(40), default="")

    site: Mapped[Site] = relationship(back_populates="institutions")


class Room(Base):
    """A machine room; its floor is a grid of raised-floor tiles."""

    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("site_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(100))
    grid_cols: Mapped[int] = mapped_column(default=20)
    grid_rows: Mapped[int] = mapped_column(default=12)
    tile_mm: Mapped[int] = mapped_column(default=600)
    # The room's own band (R-ENV-1: limits per room); None keeps the site-wide setting.
    temp_low: Mapped[float | None] = mapped_column(Float)
    temp_high: Mapped[float | None] = mapped_column(Float)
    humidity_low: Mapped[float | None] = mapped_column(Float)
    humidity_high: Mapped[float | None] = mapped_column(Float)
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship(back_populates="rooms")
    racks: Mapped[list[Rack]] = relationship(back_populates="room", order_by="Rack.name")

    __mapper_args__ = {"version_id_col": version}


class Rack(Base):
    __tablename__ = "rack"
    __table_args__ = (UniqueConstraint("room_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    u_height: Mapped[int] = mapped_column(default=42)
    x: Mapped[float | None]
    y: Mapped[float | None]
    rotation: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    room: Mapped[Room] = relationship(back_populates="racks")

    __mapper_args__ = {"version_id_col": version}


class LineFacts:
    """What a register line says of itself from its own fields (name, brand, model, purchase month,
    warranty years): the model row and the read model's frozen row alike."""

    if TYPE_CHECKING:  # given by the class that mixes this in (no annotations for the ORM to map)
        name: str
        brand: str
        model: str
        purchased: dt.date | None
        warranty_years: int | None

    @property
    def title(self) -> str:
        """名称型号 as one string, the way the contract writes it."""
        return " ".join(p for p in (self.name, self.brand, self.model) if p)

    def warranty_end(self) -> dt.date | None:
        if self.purchased is None or self.warranty_years is None:
            return None
        return warranty_end(self.purchased, self.warranty_years)

    def warranty_status(self, as_of: dt.date, soon_days: int = WARRANTY_SOON_DAYS) -> WarrantyStatus:
        return warranty_status(self.purchased, self.warranty_years, as_of, soon_days)


class RegisterLine(LineFacts, Base):
    """One line of the equipment register as the contract lists it."""

    __tablename__ = "register_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="RESTRICT"), index=True)
    # The category's code (data/categories.toml, opsdesk.models.categories); a text an old
    # register had that no category names stays as it was and is shown as is (migration 0016).
    category: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    brand: Mapped[str] = mapped_column(String(100), default="")
    model: Mapped[str] = mapped_column(String(200), default="")
    purchased: Mapped[dt.date | None]  # first day of the purchase month
    warranty_years: Mapped[int | None]
    end_of_service: Mapped[dt.date | None]  # vendor end of service (EOS), if announced
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship(back_populates="lines")
    units: Mapped[list[Unit]] = relationship(
        back_populates="line", order_by="Unit.asset_tag", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def quantity(self) -> int:
        """How many units the line owns; derived, so it can never disagree."""
        return len(self.units)



class Unit(Base):
    """One physical device of a register line: what is polled, placed and inspected."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("register_line.id", ondelete="CASCADE"), index=True)
    asset_tag: Mapped[str] = mapped_column(String(64), unique=True)
    serial: Mapped[str] = mapped_column(String(100), default="")
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institution.id", ondelete="SET NULL"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"), index=True)
    rack_id: Mapped[int | None] = mapped_column(ForeignKey("rack.id", ondelete="SET NULL"), index=True)
    u_position: Mapped[int | None]  # lowest U occupied, counted from the bottom (1-based)
    u_height: Mapped[int] = mapped_column(default=1)
    x: Mapped[float | None]  # floor position in tiles, for units outside racks (AC, UPS, sensors)
    y: Mapped[float | None]
    mgmt_ip: Mapped[str] = mapped_column(String(64), default="")
    snmp_version: Mapped[str] = mapped_column(String(8), default="")  # "", "2c", "3"
    snmp_port: Mapped[int] = mapped_column(Integer, default=161)
    snmp_user: Mapped[str] = mapped_column(String(64), default="")
    snmp_auth_proto: Mapped[str] = mapped_column(String(16), default="")
    snmp_priv_proto: Mapped[str] = mapped_column(String(16), default="")
    # Write-only secrets, encrypted with the key file outside the database.
    snmp_community_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    snmp_auth_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    snmp_priv_key_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    pdu_a: Mapped[str] = mapped_column(String(64), default="")
    pdu_b: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # 监控端口: port names (ifName, else ifDescr) separated by ";" whose link down always
    # alarms (uplinks); any other port alarms only when it goes from up to down.
    monitored_ports: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    line: Mapped[RegisterLine] = relationship(back_populates="units")
    institution: Mapped[Institution | None] = relationship()
    room: Mapped[Room | None] = relationship()
    rack: Mapped[Rack | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def single_pdu(self) -> bool:
        """R-FLOOR-4: a server should be fed from two different PDUs."""
        feeds = {f.strip() for f in (self.pdu_a, self.pdu_b) if f and f.strip()}
        return len(feeds) == 1

    def has_secret(self, name: str) -> bool:
        return getattr(self, f"snmp_{name}_enc") is not None

    @property
    def monitored_port_names(self) -> frozenset[str]:
        return port_names(self.monitored_ports)

    @property
    def display_name(self) -> str:
        """:func:`display_name` of this unit (call inside the session: reads its line)."""
        return display_name(self.asset_tag, self.line.name, self.line.category)

    @property
    def place(self) -> str:
        """:func:`place` of this unit (call inside the session: reads its site, room and rack)."""
        return place(self.line.site.name if self.line.site else "", self.room.name if self.room else "",
                     self.rack.name if self.rack else "", self.u_position, self.u_height)


# -- what a unit is called and where it is: the one way, for every screen, alarm, paper, the CLI

def display_name(asset_tag: str, name: str, category: str, lang: str | None = None) -> str:
    """A unit as the floor, the device window, alarms, the CLI, papers and the register name it:
    its asset tag and its register line's name, else its category's name in ``lang``
    (``YHL-UPS-0001 UPS电源``). An empty ``asset_tag`` gives the name alone (a paper's column
    beside the asset tag's); ``name`` may be the line's 名称型号 where a paper lists that."""
    called = name or (categories.name(category, lang) if category else "")
    return f"{asset_tag} {called}".strip()


def place(site: str = "", room: str = "", rack: str = "", u_position: int | None = None, u_height: int = 1) -> str:
    """Where a unit is: ``site · room · rack U12–13`` (parts it does not have left out)."""
    where = rack
    if rack and u_position is not None:
        top = u_position + max(u_height, 1) - 1
        where += f" U{u_position}" + (f"–{top}" if top > u_position else "")
    return " · ".join(p for p in (site, room, where) if p)


def port_names(text: str | None) -> frozenset[str]:
    """监控端口 as typed: names separated by ; (or ；, or new lines), blanks ignored."""
    return frozenset(p.strip() for p in re.split(r"[;；\n]", text or "") if p.strip())


# -- warranty -----------------------------------------------------------------------------

_MONTH_PATTERNS = (
    re.compile(r"^\s*(\d{4})\s*[.\-/]\s*(\d{1,2})\s*$"),
    re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月?\s*$"),
    re.compile(r"^\s*(\d{4})(\d{2})\s*$"),
)


def parse_month(text: str) -> dt.date:
    """A purchase month as the seed writes it (2018.4, 2018.01) or people type it
    (2018-04, 2018/4, 2018年4月, 201804). Raises ValueError on anything else."""
    for pattern in _MONTH_PATTERNS:
        m = pattern.match(text)
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return dt.date(year, month, 1)
            break
    raise ValueError(text)


def format_month(value: dt.date | None) -> str:
    return "" if value is None else f"{value.year:04d}-{value.month:02d}"


def warranty_end(purchased: dt.date, years: int) -> dt.date:
    """N years from YYYY.MM cover through the end of month (YYYY+N).MM."""
    year = purchased.year + years
    return dt.date(year, purchased.month, calendar.monthrange(year, purchased.month)[1])


def warranty_status(
    purchased: dt.date | None, years: int | None, as_of: dt.date, soon_days: int = WARRANTY_SOON_DAYS
) -> WarrantyStatus:
    if purchased is None or years is None:
        return WarrantyStatus.UNKNOWN
    end = warranty_end(purchased, years)
    if as_of > end:
        return WarrantyStatus.OUT
    if (end - as_of).days <= soon_days:
        return WarrantyStatus.SOON
    return WarrantyStatus.IN
