"""Translated names for values that come from the back end as codes (roles,
warranty status, audit actions), and the colours that go with them.

Kept in the UI so the labels follow the Qt translator like every other string.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from opsdesk import quantities
from opsdesk.models.equipment import WarrantyStatus
from opsdesk.models.users import Role


def role_label(role: Role | str) -> str:
    role = Role(role)
    if role is Role.DUTY:
        return QCoreApplication.translate("Labels", "Duty engineer")
    if role is Role.SUPERVISOR:
        return QCoreApplication.translate("Labels", "Supervisor")
    return QCoreApplication.translate("Labels", "Administrator")


def status_label(status: WarrantyStatus) -> str:
    if status is WarrantyStatus.IN:
        return QCoreApplication.translate("Labels", "In warranty")
    if status is WarrantyStatus.SOON:
        return QCoreApplication.translate("Labels", "Warranty ending soon")
    if status is WarrantyStatus.OUT:
        return QCoreApplication.translate("Labels", "Out of warranty")
    return QCoreApplication.translate("Labels", "Unknown")


# (background, text) per status: calm tints a colour-blind reader can still tell
# apart by the label itself.
STATUS_COLOURS: dict[WarrantyStatus, tuple[QColor, QColor]] = {
    WarrantyStatus.IN: (QColor("#dcf5e3"), QColor("#11633a")),
    WarrantyStatus.SOON: (QColor("#fdefc8"), QColor("#8a4b08")),
    WarrantyStatus.OUT: (QColor("#fbe0de"), QColor("#a52a22")),
    WarrantyStatus.UNKNOWN: (QColor("#eceff3"), QColor("#4a5568")),
}

STATUS_CSS = {s: f"background:{bg.name()};color:{fg.name()};" for s, (bg, fg) in STATUS_COLOURS.items()}


def action_label(action: str) -> str:
    """An audit action code (``line.edit``) as words; unknown codes are shown as they are."""
    labels = {
        "user.add": QCoreApplication.translate("Labels", "User added"),
        "user.passwd": QCoreApplication.translate("Labels", "Password changed"),
        "user.disable": QCoreApplication.translate("Labels", "User disabled"),
        "user.enable": QCoreApplication.translate("Labels", "User enabled"),
        "user.role": QCoreApplication.translate("Labels", "Role changed"),
        "user.locked": QCoreApplication.translate("Labels", "Account locked"),
        "line.add": QCoreApplication.translate("Labels", "Register line added"),
        "line.edit": QCoreApplication.translate("Labels", "Register line edited"),
        "line.delete": QCoreApplication.translate("Labels", "Register line deleted"),
        "unit.edit": QCoreApplication.translate("Labels", "Unit edited"),
        "unit.delete": QCoreApplication.translate("Labels", "Unit deleted"),
        "register.import": QCoreApplication.translate("Labels", "Register imported"),
        "backup": QCoreApplication.translate("Labels", "Backup"),
        "restore": QCoreApplication.translate("Labels", "Restore"),
        "demo.load": QCoreApplication.translate("Labels", "Demo data loaded"),
        "setting.set": QCoreApplication.translate("Labels", "Setting changed"),
        "calendar.import": QCoreApplication.translate("Labels", "Calendar imported"),
        "user.login": QCoreApplication.translate("Labels", "Logged in"),
        "user.login_failed": QCoreApplication.translate("Labels", "Login refused"),
        "user.logout": QCoreApplication.translate("Labels", "Logged out"),
        "console.lock": QCoreApplication.translate("Labels", "Console locked"),
        "console.unlock": QCoreApplication.translate("Labels", "Console unlocked"),
        "poller.stop": QCoreApplication.translate("Labels", "Monitoring stopped"),
        "alarm.ack": QCoreApplication.translate("Labels", "Alarm acknowledged"),
        "maintenance.open": QCoreApplication.translate("Labels", "Maintenance window opened"),
        "maintenance.close": QCoreApplication.translate("Labels", "Maintenance window closed"),
        "checklist.edit": QCoreApplication.translate("Labels", "Checklist edited"),
        "floor.save": QCoreApplication.translate("Labels", "Floor plan saved"),
        "inspection.open": QCoreApplication.translate("Labels", "Inspection sheet started"),
        "inspection.enter": QCoreApplication.translate("Labels", "Inspection result entered"),
        "inspection.autofill": QCoreApplication.translate("Labels", "Inspection filled from the monitor"),
        "inspection.findings": QCoreApplication.translate("Labels", "Inspection findings written"),
        "inspection.correct": QCoreApplication.translate("Labels", "Inspection sheet corrected"),
        "inspection.sign": QCoreApplication.translate("Labels", "Inspection sheet signed"),
        "inspection.revise": QCoreApplication.translate("Labels", "Inspection sheet revised"),
        "shift.start": QCoreApplication.translate("Labels", "Shift started"),
        "shift.tick": QCoreApplication.translate("Labels", "Checklist item ticked"),
        "shift.handover": QCoreApplication.translate("Labels", "Shift handed over"),
        "shift.correct": QCoreApplication.translate("Labels", "Shift record corrected"),
        "shift.sign": QCoreApplication.translate("Labels", "Shift record signed"),
        "shift.revise": QCoreApplication.translate("Labels", "Shift record revised"),
        "leave.request": QCoreApplication.translate("Labels", "Leave requested"),
        "leave.decide": QCoreApplication.translate("Labels", "Leave decided"),
        "roster.set": QCoreApplication.translate("Labels", "Roster changed"),
        "roster.fill": QCoreApplication.translate("Labels", "Roster filled"),
        "room.limits": QCoreApplication.translate("Labels", "Room limits changed"),
        "site.add": QCoreApplication.translate("Labels", "Site added"),
        "clock.set_back": QCoreApplication.translate("Labels", "Clock set back"),
        "user.state": QCoreApplication.translate("Labels", "Users table updated"),
    }
    return labels.get(action, action)


def yes_no(value: bool) -> str:
    return QCoreApplication.translate("Labels", "Yes") if value else QCoreApplication.translate("Labels", "No")


# -- monitoring ------------------------------------------------------------------------------
def severity_label(severity: str | None) -> str:
    """An alarm's or a reading's severity code as a word; "" for none or ok."""
    if severity == "critical":
        return QCoreApplication.translate("Labels", "Critical")
    if severity == "warning":
        return QCoreApplication.translate("Labels", "Warning")
    return ""


# (background, text): red for critical, amber for warning, the same tints as the warranty status.
SEVERITY_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "critical": (QColor("#fbe0de"), QColor("#a52a22")),
    "warning": (QColor("#fdefc8"), QColor("#8a4b08")),
}
MUTED_COLOURS = (QColor("#eceff3"), QColor("#7b8794"))  # in a maintenance window, invalid readings


def device_status_label(status: str | None) -> str:
    labels = {
        "ok": QCoreApplication.translate("Labels", "Normal"),
        "warning": QCoreApplication.translate("Labels", "Warning"),
        "critical": QCoreApplication.translate("Labels", "Critical"),
        "unreachable": QCoreApplication.translate("Labels", "Not answering"),
        "no_profile": QCoreApplication.translate("Labels", "No profile reads it"),
    }
    return labels.get(status or "", QCoreApplication.translate("Labels", "Not polled yet"))


DEVICE_STATUS_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "ok": STATUS_COLOURS[WarrantyStatus.IN],
    "warning": SEVERITY_COLOURS["warning"],
    "critical": SEVERITY_COLOURS["critical"],
    "unreachable": (QColor("#a52a22"), QColor("#ffffff")),
    "no_profile": SEVERITY_COLOURS["warning"],
}


def device_status_css(status: str | None) -> str:
    bg, fg = DEVICE_STATUS_COLOURS.get(status or "", MUTED_COLOURS)
    return f"background:{bg.name()};color:{fg.name()};"


def format_number(value: float) -> str:
    """At most two decimals, no trailing zeros: 24.5, 230, 0.25."""
    return quantities.format_number(value)


def unit_text(symbol: str) -> str:
    """A profile's unit symbol as Chinese users write it (℃ stays ℃, min becomes 分钟)."""
    return quantities.unit_text(symbol or "")


def format_quantity(value: float | None, symbol: str) -> str:
    """24.5 ℃, 45 %RH, 230 V, 85%, 12 分 — one formatter for the whole console (opsdesk.quantities)."""
    return quantities.format_quantity(value, symbol or "")


def format_limits(low: float | None, high: float | None, symbol: str) -> str:
    """18–28 ℃, ≥ 50%, ≤ 35 ℃; "" without limits."""
    return quantities.format_limits(low, high, symbol or "")


# -- shifts and the roster -------------------------------------------------------------------
def tick_status_label(status: str | None) -> str:
    """A checklist item's status as the duty room says it; "" when not checked yet."""
    labels = {
        "normal": QCoreApplication.translate("Labels", "Normal"),
        "abnormal": QCoreApplication.translate("Labels", "Abnormal"),
        "na": QCoreApplication.translate("Labels", "Not applicable"),
    }
    return labels.get(status or "", "")


TICK_STATUS_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "normal": STATUS_COLOURS[WarrantyStatus.IN],
    "abnormal": SEVERITY_COLOURS["critical"],
    "na": (QColor("#eceff3"), QColor("#4a5568")),
}


def shift_status_label(status: str) -> str:
    labels = {
        "open": QCoreApplication.translate("Labels", "In progress"),
        "handed_over": QCoreApplication.translate("Labels", "Handed over, awaiting signatures"),
        "signed": QCoreApplication.translate("Labels", "Signed and locked"),
    }
    return labels.get(status, status)


def day_status_label(status: str) -> str:
    """A shift's state in the month view (opsdesk.ops.shift.month_overview)."""
    labels = {
        "complete": QCoreApplication.translate("Labels", "Signed"),
        "late": QCoreApplication.translate("Labels", "Signed late"),
        "missed": QCoreApplication.translate("Labels", "Missed"),
        "open": QCoreApplication.translate("Labels", "In progress"),
        "future": QCoreApplication.translate("Labels", "Not yet"),
    }
    return labels.get(status, status)


# complete green, late amber, missed red, open blue, future grey (issue 5).
DAY_STATUS_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "complete": (QColor("#cdeed8"), QColor("#11633a")),
    "late": (QColor("#fbe3a8"), QColor("#7a4306")),
    "missed": (QColor("#f8cfcb"), QColor("#a52a22")),
    "open": (QColor("#d3e4fa"), QColor("#1e4e8c")),
    "future": (QColor("#e8ebef"), QColor("#616e7c")),
}


def shift_code_letter(code: str | None) -> str:
    """One character per roster code: 白 夜 休 假."""
    letters = {
        "day": QCoreApplication.translate("Labels", "D"),
        "night": QCoreApplication.translate("Labels", "N"),
        "off": QCoreApplication.translate("Labels", "O"),
        "leave": QCoreApplication.translate("Labels", "L"),
    }
    return letters.get(code or "", "")


def shift_code_label(code: str | None) -> str:
    labels = {
        "day": QCoreApplication.translate("Labels", "Day shift"),
        "night": QCoreApplication.translate("Labels", "Night shift"),
        "off": QCoreApplication.translate("Labels", "Day off"),
        "leave": QCoreApplication.translate("Labels", "On leave"),
    }
    return labels.get(code or "", "")


ROSTER_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "day": (QColor("#d3e4fa"), QColor("#1e4e8c")),
    "night": (QColor("#dcd7f5"), QColor("#3c2f8f")),
    "off": (QColor("#f1f3f6"), QColor("#7b8794")),
    "leave": (QColor("#fbe3a8"), QColor("#7a4306")),
}


def leave_status_label(status: str) -> str:
    labels = {
        "pending": QCoreApplication.translate("Labels", "Pending"),
        "approved": QCoreApplication.translate("Labels", "Approved"),
        "rejected": QCoreApplication.translate("Labels", "Rejected"),
    }
    return labels.get(status, status)


def colour_css(colours: tuple[QColor, QColor]) -> str:
    bg, fg = colours
    return f"background:{bg.name()};color:{fg.name()};"


def weekday_names() -> list[str]:
    """Monday first, as Chinese calendars are printed: 一 二 三 四 五 六 日."""
    return [
        QCoreApplication.translate("Labels", "Mon"),
        QCoreApplication.translate("Labels", "Tue"),
        QCoreApplication.translate("Labels", "Wed"),
        QCoreApplication.translate("Labels", "Thu"),
        QCoreApplication.translate("Labels", "Fri"),
        QCoreApplication.translate("Labels", "Sat"),
        QCoreApplication.translate("Labels", "Sun"),
    ]


def weekday_letters() -> list[str]:
    """One character a day for narrow columns (the roster): 一 二 三 四 五 六 日."""
    return [
        QCoreApplication.translate("Labels", "Mo"),
        QCoreApplication.translate("Labels", "Tu"),
        QCoreApplication.translate("Labels", "We"),
        QCoreApplication.translate("Labels", "Th"),
        QCoreApplication.translate("Labels", "Fr"),
        QCoreApplication.translate("Labels", "Sa"),
        QCoreApplication.translate("Labels", "Su"),
    ]
