"""Translated names for values that come from the back end as codes (roles,
warranty status, audit actions), and the colours that go with them.

Kept in the UI so the labels follow the Qt translator like every other string.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

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
    }
    return labels.get(status or "", QCoreApplication.translate("Labels", "Not polled yet"))


DEVICE_STATUS_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "ok": STATUS_COLOURS[WarrantyStatus.IN],
    "warning": SEVERITY_COLOURS["warning"],
    "critical": SEVERITY_COLOURS["critical"],
    "unreachable": (QColor("#a52a22"), QColor("#ffffff")),
}


def device_status_css(status: str | None) -> str:
    bg, fg = DEVICE_STATUS_COLOURS.get(status or "", MUTED_COLOURS)
    return f"background:{bg.name()};color:{fg.name()};"


def format_number(value: float) -> str:
    """At most two decimals, no trailing zeros: 24.5, 230, 0.25."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def unit_text(symbol: str) -> str:
    """A profile's unit symbol as Chinese users write it (℃ stays ℃, min becomes 分钟)."""
    words = {
        "min": QCoreApplication.translate("Labels", "min"),
        "s": QCoreApplication.translate("Labels", "s"),
        "h": QCoreApplication.translate("Labels", "h"),
    }
    if symbol in ("C", "°C", "degC"):
        return "℃"
    return words.get(symbol, symbol)


def format_quantity(value: float | None, symbol: str) -> str:
    """24.5 ℃, 45 %RH, 230 V, 85%, 12 分钟 — a number with its unit."""
    if value is None:
        return ""
    number = format_number(value)
    unit = unit_text(symbol or "")
    if not unit:
        return number
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def format_limits(low: float | None, high: float | None, symbol: str) -> str:
    """18–28 ℃, ≥ 50%, ≤ 35 ℃; "" without limits."""
    unit = unit_text(symbol or "")
    tail = "" if not unit else (unit if unit == "%" else f" {unit}")
    if low is not None and high is not None:
        return f"{format_number(low)}–{format_number(high)}{tail}"
    if high is not None:
        return f"≤ {format_number(high)}{tail}"
    if low is not None:
        return f"≥ {format_number(low)}{tail}"
    return ""
