"""Inspection sheets (R-INSP-1 … R-INSP-5): one sheet per site, kind and period, one
entry per checked item of a unit (or of the room). Signing freezes a snapshot through
models.signing; the entries stay live for the next revision."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.clock import now
from opsdesk.models.base import Base
from opsdesk.models.equipment import Site, Unit


class InspectionStatus(enum.StrEnum):
    DRAFT = "draft"  # 填写中
    INSPECTED = "inspected"  # 巡检人已签字
    REVIEWED = "reviewed"  # 审核人已签字


class EntryResult(enum.StrEnum):
    NONE = ""  # not yet checked
    OK = "ok"  # 正常
    ABNORMAL = "abnormal"  # 异常


class Inspection(Base):
    """One inspection sheet: a site's kind of inspection for one period."""

    __tablename__ = "inspection"
    __table_args__ = (UniqueConstraint("site_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # inspection_schedule kinds
    period: Mapped[str] = mapped_column(String(32))  # "2026-11", "2026-Q4", "2026-H2", "2026 春节"
    due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=InspectionStatus.DRAFT.value)
    findings: Mapped[str] = mapped_column(Text, default="")  # 巡检发现
    advice: Mapped[str] = mapped_column(Text, default="")  # 处理建议
    provisional: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship()
    entries: Mapped[list[InspectionEntry]] = relationship(back_populates="inspection", order_by="InspectionEntry.id",
                                                          cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class InspectionEntry(Base):
    """One checked item: a value or text, its result, where it came from and when."""

    __tablename__ = "inspection_entry"
    __table_args__ = (UniqueConstraint("inspection_id", "unit_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"))  # None: room-level
    section: Mapped[str] = mapped_column(String(32))  # device class key: ups, ac, server, …, room
    item_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(String(16), default=EntryResult.NONE.value)
    source: Mapped[str] = mapped_column(String(16), default="manual")  # monitor, manual
    read_at: Mapped[dt.datetime | None]  # the time of the monitor reading (UTC)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(64), default="")
    entered_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    inspection: Mapped[Inspection] = relationship(back_populates="entries")
    unit: Mapped[Unit | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
