"""ORM tables and the rules that belong to the data. No Qt here (STYLE.md)."""

from opsdesk.models.audit import AuditEntry
from opsdesk.models.base import Base
from opsdesk.models.equipment import Institution, Rack, RegisterLine, Room, Site, Unit, WarrantyStatus
from opsdesk.models.inspection import Inspection, InspectionEntry
from opsdesk.models.meta import ChangeMark, DbInfo
from opsdesk.models.monitoring import (
    Alarm,
    DeviceState,
    MaintenanceWindow,
    MetricSeries,
    PollerLock,
    RawReading,
    Rollup1h,
    Rollup5m,
)
from opsdesk.models.settings import Setting
from opsdesk.models.shift import ChecklistTemplate, LeaveRequest, RosterEntry, Shift, Tick
from opsdesk.models.signing import Signature, SignedPaper, SignedRecord
from opsdesk.models.site_profiles import SiteProfile, SiteProfileVersion
from opsdesk.models.users import Perm, Role, User
from opsdesk.models.workcal import CalendarDay, WorkCalendar

__all__ = [
    "Inspection",
    "InspectionEntry",
    "ChecklistTemplate",
    "LeaveRequest",
    "RosterEntry",
    "Shift",
    "Signature",
    "SignedPaper",
    "SignedRecord",
    "Tick",
    "Alarm",
    "DeviceState",
    "MaintenanceWindow",
    "MetricSeries",
    "PollerLock",
    "RawReading",
    "Rollup1h",
    "Rollup5m",
    "AuditEntry",
    "Base",
    "CalendarDay",
    "ChangeMark",
    "DbInfo",
    "Institution",
    "Perm",
    "Rack",
    "RegisterLine",
    "Role",
    "Room",
    "Setting",
    "Site",
    "SiteProfile",
    "SiteProfileVersion",
    "Unit",
    "User",
    "WarrantyStatus",
    "WorkCalendar",
]
