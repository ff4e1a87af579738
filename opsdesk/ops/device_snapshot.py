"""What the device window (实时状态) shows of one unit: its place, state, maintenance window,
every reading and its recent alarms, read in one session as frozen records (issue 15: no ORM
instance crosses from the reading thread to the GUI thread)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from opsdesk.clock import now
from opsdesk.i18n import t
from opsdesk.models.alarm_text import state_text
from opsdesk.models.equipment import RegisterLine, Unit, display_name
from opsdesk.models.monitoring import DeviceState, MaintenanceWindow, MetricSeries, series_name, series_text
from opsdesk.models.users import Principal
from opsdesk.ops import device_readings
from opsdesk.ops.alarm_rows import AlarmRow, load_rows
from opsdesk.ops.errors import NotFound

RECENT_ALARMS = 20


@dataclass(frozen=True)
class ReadingRow:
    series_id: int
    metric: str
    idx: str
    label: str  # in the reader's language (series_name)
    cls: str
    value: float | None
    unit_symbol: str
    text: str | None  # a state's meaning in the reader's language, or a free-text reading as the device gave it
    at: dt.datetime | None
    severity: str | None
    invalid_reason: str | None

    @classmethod
    def of(cls, s: MetricSeries) -> ReadingRow:
        # A state's own severity, else whether the value is beyond its limits right now.
        severity = s.last_severity if s.last_severity in ("warning", "critical") else s.breach_severity
        return cls(s.id, s.metric, s.idx, series_name(s), s.cls, s.last_value, s.unit_symbol, series_text(s), s.last_at,
                   severity, s.invalid_reason)

    @property
    def name(self) -> str:
        return self.label or f"{self.metric} {self.idx}".strip()


def sort_readings(rows: list[ReadingRow]) -> list[ReadingRow]:
    """By metric, then table index as a number (fan 2 before fan 10): a stable order, so a
    refresh that changes nothing is seen as such."""
    return sorted(rows, key=lambda r: (r.metric, device_readings.natural_key(r.idx)))


@dataclass(frozen=True)
class DeviceSnapshot:
    """What the panel shows, read in one session."""

    unit_id: int
    asset_tag: str
    name: str
    model: str  # brand and model
    place: str  # site · room · rack U
    mgmt_ip: str
    status: str | None  # None: never polled
    message: str
    last_poll_at: dt.datetime | None
    maintenance_id: int | None
    maintenance_until: dt.datetime | None
    maintenance_reason: str
    readings: tuple[ReadingRow, ...]
    alarms: tuple[AlarmRow, ...]
    profiles: tuple[str, ...] = ()  # the profile ids the poller read it with at its last poll

    @property
    def label(self) -> str:
        return display_name(self.asset_tag, self.name, "")


def load_snapshot(session: Session, user: Principal, unit_id: int) -> DeviceSnapshot:
    """The device window's whole view of a unit, read in one session: frozen, for any thread."""
    unit = session.scalars(select(Unit).where(Unit.id == unit_id).options(
        selectinload(Unit.line).selectinload(RegisterLine.site), selectinload(Unit.room),
        selectinload(Unit.rack))).first()
    if unit is None:
        raise NotFound(t("The unit was deleted in the meantime."))
    state = session.get(DeviceState, unit_id)
    at = now()
    window = session.scalars(select(MaintenanceWindow).where(
        MaintenanceWindow.unit_id == unit_id, MaintenanceWindow.starts_at <= at, MaintenanceWindow.ends_at > at)
        .order_by(MaintenanceWindow.ends_at.desc())).first()
    series = session.scalars(select(MetricSeries).where(MetricSeries.unit_id == unit_id))
    return DeviceSnapshot(
        unit_id=unit.id, asset_tag=unit.asset_tag, name=display_name("", unit.line.name, unit.line.category),
        model=" ".join(p for p in (unit.line.brand, unit.line.model) if p), place=unit.place, mgmt_ip=unit.mgmt_ip,
        status=state.status if state is not None and state.last_poll_at is not None else None,
        message=state_text(state) if state is not None else "", last_poll_at=state.last_poll_at if state else None,
        maintenance_id=window.id if window else None, maintenance_until=window.ends_at if window else None,
        maintenance_reason=window.reason if window else "",
        readings=tuple(sort_readings([ReadingRow.of(s) for s in series])),
        alarms=tuple(load_rows(session, user, history=True, unit_id=unit_id, limit=RECENT_ALARMS)),
        profiles=tuple(str(p) for p in (state.profiles or ())) if state is not None else (),
    )
