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
