"""What the monitor keeps: metric series, readings and their roll-ups, device
state, alarms, maintenance windows and the poller's lock (R-ENV-1 … R-ENV-4).

A metric's identity is (unit, metric key, table index); history, alarms and
checklists refer to the series row that carries it.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import JSON, ColumnElement, Float, ForeignKey, Index, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from opsdesk.clock import now
from opsdesk.models.alarm_text import pick
from opsdesk.models.base import Base
from opsdesk.models.equipment import Unit
from opsdesk.models.roles import is_room_air
from opsdesk.quantities import lang_of

# The room's own temperature and humidity points (return air, ambient sensors): the
# points the room limits of R-ENV-1 apply to and the environment screen shows, chosen by
# the role a profile gives a metric (opsdesk.models.roles). One definition for the
# monitor and the trends.


def is_room_point(role: str | None) -> bool:
    return is_room_air(role)


class DeviceStatus(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    CRITICAL = "critical"
    UNREACHABLE = "unreachable"
    NO_PROFILE = "no_profile"  # 无匹配型号: answers, but no profile reads what its category needs
    UNKNOWN = "unknown"


class Severity(enum.StrEnum):
    WARNING = "warning"
    CRITICAL = "critical"


SEVERITY_RANK = {None: 0, "ok": 0, "warning": 1, "critical": 2}

# ISA-18.2's "returned to normal, unacknowledged": an alarm of these severities that
# clears before anyone acknowledged it stays current (listed, counted, ringing) until
# someone does. A warning that clears on its own goes to the history.
LATCHING_SEVERITIES = frozenset({Severity.CRITICAL.value})


class MetricSeries(Base):
    """One metric of one unit: the identity readings, roll-ups and alarms hang on."""

    __tablename__ = "metric_series"
    __table_args__ = (UniqueConstraint("unit_id", "metric", "idx"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(80))
    idx: Mapped[str] = mapped_column(String(80), default="")
    # ``label`` and ``last_text`` are in the language the poller ran in; ``names`` and ``meanings`` hold
    # the name and the last state's meaning in both languages ({"zh": …, "en": …}, migration 0018), read
    # in the reader's by series_name / series_text. NULL: written before them, or no meaning to give
    # (a free-text reading is device data, shown as it is).
    label: Mapped[str] = mapped_column(String(200), default="")
    names: Mapped[dict[str, str] | None] = mapped_column(JSON)
    cls: Mapped[str] = mapped_column(String(32), default="")
    unit_symbol: Mapped[str] = mapped_column(String(16), default="")
    role: Mapped[str] = mapped_column(String(40), default="")  # opsdesk.models.roles, from the profile
    last_value: Mapped[float | None] = mapped_column(Float)
    last_text: Mapped[str | None] = mapped_column(String(200))
    meanings: Mapped[dict[str, str] | None] = mapped_column(JSON)
    last_at: Mapped[dt.datetime | None]
    last_severity: Mapped[str | None] = mapped_column(String(16))
    invalid_reason: Mapped[str | None] = mapped_column(String(200))
    last_raw: Mapped[float | None] = mapped_column(Float)  # a counter's last raw value, for rates
    # Threshold state survives a poller restart: when the breach began, and the open alarm.
    breach_since: Mapped[dt.datetime | None]
    breach_severity: Mapped[str | None] = mapped_column(String(16))

    unit: Mapped[Unit] = relationship()


class SeriesName(Protocol):
    """What :func:`series_name` reads of a series: the ORM row, or a selected row with these columns."""

    @property
    def metric(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def names(self) -> Mapping[str, str] | None: ...


class SeriesText(Protocol):
    """What :func:`series_text` reads of a series: the ORM row, or a selected row with these columns."""

    @property
    def last_text(self) -> str | None: ...
    @property
    def meanings(self) -> Mapping[str, str] | None: ...


def series_name(series: SeriesName, lang: str | None = None) -> str:
    """What a person calls the series, in ``lang`` (the reader's when None): its name in both languages
    when the monitor wrote them, else its label as the poller wrote it, else its metric key."""
    return (pick(series.names, lang_of(lang)) if series.names else "") or series.label or series.metric


def series_text(series: SeriesText, lang: str | None = None) -> str | None:
    """The series' last state in ``lang`` (the reader's when None): the state's meaning in both
    languages when the monitor wrote them, else the stored text (a free-text reading's device data,
    or a row written before meanings, in the poller's language). None: no text."""
    if series.meanings:
        return pick(series.meanings, lang_of(lang)) or series.last_text
    return series.last_text


class RawReading(Base):
    __tablename__ = "reading_raw"
    # SQLite: stored in key order (migration 0006), a series' time range is one run of the B-tree.
    __table_args__ = {"sqlite_with_rowid": False}

    series_id: Mapped[int] = mapped_column(ForeignKey("metric_series.id", ondelete="CASCADE"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)


class _Rollup:
    series_id: Mapped[int] = mapped_column(ForeignKey("metric_series.id", ondelete="CASCADE"), primary_key=True)
    bucket: Mapped[dt.datetime] = mapped_column(primary_key=True)
    vmin: Mapped[float] = mapped_column(Float)
    vmax: Mapped[float] = mapped_column(Float)
    vsum: Mapped[float] = mapped_column(Float)
    n: Mapped[int]

    @property
    def avg(self) -> float:
        return self.vsum / self.n


class Rollup5m(_Rollup, Base):
    __tablename__ = "reading_5m"
    __table_args__ = {"sqlite_with_rowid": False}


class Rollup1h(_Rollup, Base):
    __tablename__ = "reading_1h"
    __table_args__ = {"sqlite_with_rowid": False}


class DeviceState(Base):
    """The latest word on a unit from the poller."""

    __tablename__ = "device_state"

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=DeviceStatus.UNKNOWN.value)
    # What the poller says of it: a code (opsdesk.models.alarm_text.STATE_CODES) and its parameters,
    # rendered in the reader's language (alarm_text.state_text); ``message`` is that text in the
    # poller's language, for old readers. No code: nothing to say ("") or text from before codes.
    code: Mapped[str | None] = mapped_column(String(16))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text, default="")
    last_poll_at: Mapped[dt.datetime | None]
    last_ok_at: Mapped[dt.datetime | None]
    failures: Mapped[int] = mapped_column(default=0)
    sys_object_id: Mapped[str] = mapped_column(String(200), default="")
    sys_descr: Mapped[str] = mapped_column(Text, default="")
    uptime_s: Mapped[float | None] = mapped_column(Float)
    profiles: Mapped[list[str]] = mapped_column(JSON, default=list)  # ids of the profiles it was read with
    in_maintenance: Mapped[bool] = mapped_column(default=False)

    unit: Mapped[Unit] = relationship()


def _first_raise(context: DefaultExecutionContext) -> dt.datetime:
    """A new alarm was last raised when it was first raised."""
    params = context.get_current_parameters()  # type: ignore[no-untyped-call]  # SQLAlchemy leaves it unannotated
    raised: dt.datetime | None = params.get("raised_at")
    return raised or now()


class Alarm(Base):
    """Raised (value, time), acknowledged by a named person with a note, cleared.

    The states of ISA-18.2: active and unacknowledged, active and acknowledged,
    cleared and unacknowledged (``latched``: still current until acknowledged), and
    cleared and acknowledged (history). One trouble that clears and comes back before
    anyone acknowledged it stays one row: ``occurrences`` counts the raises and
    ``last_raised_at`` is the newest (``raised_at`` the first).
    """

    __tablename__ = "alarm"
    __table_args__ = (Index("ix_alarm_open", "unit_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("metric_series.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # threshold, state, unreachable, event
    severity: Mapped[str] = mapped_column(String(16))
    # What it says: a code and its parameters, rendered in the reader's language
    # (opsdesk.models.alarm_text); ``message`` is that text in the poller's language, for old
    # readers and the audit. No code: a message from before codes that could not be parsed.
    code: Mapped[str | None] = mapped_column(String(16))
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    message: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    limit_low: Mapped[float | None] = mapped_column(Float)  # the limits in force, copied
    limit_high: Mapped[float | None] = mapped_column(Float)
    raised_at: Mapped[dt.datetime] = mapped_column(default=now, index=True)
    last_raised_at: Mapped[dt.datetime] = mapped_column(default=_first_raise, index=True)
    occurrences: Mapped[int] = mapped_column(default=1)
    latched: Mapped[bool] = mapped_column(default=False)  # cleared unacknowledged: waits for someone
    acked_at: Mapped[dt.datetime | None]
    acked_by: Mapped[str | None] = mapped_column(String(64))
    ack_note: Mapped[str | None] = mapped_column(Text)
    cleared_at: Mapped[dt.datetime | None]
    in_maintenance: Mapped[bool] = mapped_column(default=False)
    fault_ticket: Mapped[str | None] = mapped_column(String(64))  # room for a link to a ticket
    version: Mapped[int] = mapped_column(default=1)

    unit: Mapped[Unit] = relationship()
    series: Mapped[MetricSeries | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def active(self) -> bool:
        return self.cleared_at is None

    @hybrid_property
    def current(self) -> bool:
        """Listed under 当前告警: not cleared, or cleared and still waiting for an acknowledgement."""
        return self.cleared_at is None or (self.latched and self.acked_at is None)

    @current.inplace.expression
    @classmethod
    def _current_expression(cls) -> ColumnElement[bool]:
        return or_(cls.cleared_at.is_(None), and_(cls.latched.is_(True), cls.acked_at.is_(None)))


class MaintenanceWindow(Base):
    """Planned work on a unit (a UPS discharge test): expected alarms stay quiet."""

    __tablename__ = "maintenance_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=now)


class PollerLock(Base):
    """Which poller runs; a lock whose heartbeat is stale may be taken over."""

    __tablename__ = "poller_lock"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime]
    heartbeat_at: Mapped[dt.datetime]
    cycle_seconds: Mapped[float | None] = mapped_column(Float)
    answering: Mapped[int] = mapped_column(default=0)
    silent: Mapped[int] = mapped_column(default=0)
    last_cycle_at: Mapped[dt.datetime | None]
