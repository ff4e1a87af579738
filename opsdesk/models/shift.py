"""Shifts, their checklists, handover and the duty roster (R-SHIFT-1 … R-SHIFT-4).

Checklist templates are versioned: editing one makes a new version, and a shift
keeps the version it started with, so a past shift's record never changes when
a template does. Each tick is its own row, committed at once.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.clock import now
from opsdesk.models import labels
from opsdesk.models.base import Base
from opsdesk.models.equipment import Site


@dataclass(frozen=True)
class ShiftDef:
    code: str
    start: dt.time
    end: dt.time  # an end before the start: the next morning

    @property
    def name(self) -> str:
        return labels.shift_code(self.code)

    def window(self, day: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(tz)
        start = dt.datetime.combine(day, self.start, zone)
        end_day = day if self.end > self.start else day + dt.timedelta(days=1)
        return start, dt.datetime.combine(end_day, self.end, zone)


# 5×8: a day shift on working days; emergency mode (7×24) adds every day and a night shift.
SHIFT_DEFS = {"day": ShiftDef("day", dt.time(8, 30), dt.time(17, 30)),
              "night": ShiftDef("night", dt.time(17, 30), dt.time(8, 30))}


class TickStatus(enum.StrEnum):
    NORMAL = "normal"  # 正常
    ABNORMAL = "abnormal"  # 异常
    NA = "na"  # 不适用


class ShiftStatus(enum.StrEnum):
    OPEN = "open"  # 进行中
    HANDED_OVER = "handed_over"  # 已交班，待接班
    SIGNED = "signed"  # 已签字，锁定


class ChecklistTemplate(Base):
    """One version of a checklist; ``items`` is frozen with the version."""

    __tablename__ = "checklist_template"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    current: Mapped[bool] = mapped_column(default=True)

    def items_for(self, shift_code: str) -> list[dict[str, Any]]:
        return [i for i in self.items if not i.get("shifts") or shift_code in i["shifts"]]


class Shift(Base):
    """One shift of one site on one date (a night shift belongs to the date it starts)."""

    __tablename__ = "shift"
    __table_args__ = (UniqueConstraint("site_id", "day", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    code: Mapped[str] = mapped_column(String(16))  # day, night, …
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id"))
    status: Mapped[str] = mapped_column(String(16), default=ShiftStatus.OPEN.value)
    started_at: Mapped[dt.datetime] = mapped_column(default=now)
    started_by: Mapped[str] = mapped_column(String(64))
    on_duty: Mapped[list[str]] = mapped_column(JSON, default=list)  # user names
    handover_notes: Mapped[str] = mapped_column(Text, default="")
    handover_open: Mapped[Any] = mapped_column(JSON, nullable=True)  # open alarms and items, as handed over
    outgoing: Mapped[str | None] = mapped_column(String(64))
    incoming: Mapped[str | None] = mapped_column(String(64))
    handed_over_at: Mapped[dt.datetime | None]
    signed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship()
    template: Mapped[ChecklistTemplate] = relationship()
    ticks: Mapped[list[Tick]] = relationship(back_populates="shift", order_by="Tick.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Tick(Base):
    """One checklist item of one shift: status, value, note; auto-filled or entered."""

    __tablename__ = "tick"
    __table_args__ = (UniqueConstraint("shift_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str | None] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="manual")  # manual, metric, override
    metric_at: Mapped[dt.datetime | None]  # the time of the live reading filled in
    metric_value: Mapped[str] = mapped_column(String(200), default="")  # what the monitor said
    override_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    followup: Mapped[str] = mapped_column(Text, default="")  # for an abnormal item: what was started
    ticked_by: Mapped[str] = mapped_column(String(64), default="")
    ticked_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    shift: Mapped[Shift] = relationship(back_populates="ticks")

    __mapper_args__ = {"version_id_col": version}


class RosterEntry(Base):
    """Who works which shift code on which day (排班表)."""

    __tablename__ = "roster_entry"
    __table_args__ = (UniqueConstraint("site_id", "day", "username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    username: Mapped[str] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))  # day, night, off, leave


class LeaveRequest(Base):
    """A resident engineer asks the information centre for leave in advance (seed 002)."""

    __tablename__ = "leave_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, approved, rejected
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
