"""Facts about the database itself: demo or real, when it was made."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from opsdesk.clock import now
from opsdesk.models.base import Base


class DbInfo(Base):
    __tablename__ = "db_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)


def get_info(session: Session, key: str, default: str = "") -> str:
    row = session.get(DbInfo, key)
    return default if row is None else row.value


def set_info(session: Session, key: str, value: str) -> None:
    row = session.get(DbInfo, key)
    if row is None:
        session.add(DbInfo(key=key, value=value))
    else:
        row.value = value


def is_demo(session: Session) -> bool:
    return get_info(session, "demo") == "1"
