"""A site's own device profiles kept in the database (issue 17): each save a new version, the
TOML text as saved, who saved it and why; a profile is current until it is retired. Parsing
and checking the text is :mod:`opsdesk.profiles.spec`' and :mod:`opsdesk.ops.site_profiles`'."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opsdesk.clock import now
from opsdesk.models.base import Base


class SiteProfile(Base):
    """One profile id: its current version, or retired (no longer read)."""

    __tablename__ = "site_profile"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # the profile's own id
    version: Mapped[int] = mapped_column(default=0)  # the current one (site_profile_version.version)
    retired: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now, onupdate=now)


class SiteProfileVersion(Base):
    """One save of a profile, kept: the text as saved, its SHA-256, who and when, the note."""

    __tablename__ = "site_profile_version"
    __table_args__ = (UniqueConstraint("profile_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("site_profile.id"), index=True)
    version: Mapped[int]
    toml: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    saved_by: Mapped[str] = mapped_column(String(64))  # the username
    saved_at: Mapped[dt.datetime] = mapped_column(default=now)
    note: Mapped[str] = mapped_column(Text, default="")
