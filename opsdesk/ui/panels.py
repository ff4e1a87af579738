"""Which screens exist and who may open them. The main window assembles what is
listed here and knows nothing else about a panel (STYLE.md: rooms of their own).

A panel is a QWidget built from a :class:`ConsoleContext`. A new screen is a new
entry here, not a new branch in the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from opsdesk.models.users import Perm, Principal
from opsdesk.ui.context import ConsoleContext


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: Callable[[], str]  # translated when asked, so a language switch applies
    perm: Perm  # the permission that opens the screen
    factory: Callable[[ConsoleContext], QWidget]


def _floor(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.floor.panel import FloorPanel

    return FloorPanel(ctx)


def _alarms(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.alarms.panel import AlarmsPanel

    return AlarmsPanel(ctx)


def _environment(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.environment.panel import EnvironmentPanel

    return EnvironmentPanel(ctx)


def _shift(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.shift.panel import ShiftPanel

    return ShiftPanel(ctx)


def _inspections(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.inspections.panel import InspectionsPanel

    return InspectionsPanel(ctx)


def _roster(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.roster.panel import RosterPanel

    return RosterPanel(ctx)


def _register(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.register.panel import RegisterPanel

    return RegisterPanel(ctx)


def _users(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.users.panel import UsersPanel

    return UsersPanel(ctx)


def _audit(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.audit.panel import AuditPanel

    return AuditPanel(ctx)


def _settings(ctx: ConsoleContext) -> QWidget:
    from opsdesk.ui.settings.panel import SettingsPanel

    return SettingsPanel(ctx)


PANELS: tuple[PanelSpec, ...] = (
    # The first screen after login (issue 4): the living floor of the room, for every role.
    PanelSpec("floor", lambda: QCoreApplication.translate("Panels", "Floor"), Perm.VIEW_REGISTER, _floor),
    # What needs attention now, open to every role.
    PanelSpec("alarms", lambda: QCoreApplication.translate("Panels", "Alarms"), Perm.VIEW_REGISTER, _alarms),
    PanelSpec("environment", lambda: QCoreApplication.translate("Panels", "Environment"), Perm.VIEW_REGISTER,
              _environment),
    PanelSpec("shift", lambda: QCoreApplication.translate("Panels", "Shift"), Perm.RUN_SHIFT, _shift),
    # Duty engineers fill and sign as 巡检人; supervisors and administrators review (the panel decides).
    PanelSpec("inspections", lambda: QCoreApplication.translate("Panels", "Inspections"), Perm.INSPECT, _inspections),
    # Everyone reads the roster; editing it needs EDIT_ROSTER (the panel decides).
    PanelSpec("roster", lambda: QCoreApplication.translate("Panels", "Roster"), Perm.VIEW_REGISTER, _roster),
    PanelSpec("register", lambda: QCoreApplication.translate("Panels", "Equipment register"), Perm.VIEW_REGISTER,
              _register),
    PanelSpec("users", lambda: QCoreApplication.translate("Panels", "User management"), Perm.MANAGE_USERS, _users),
    PanelSpec("audit", lambda: QCoreApplication.translate("Panels", "Audit log"), Perm.VIEW_AUDIT, _audit),
    # Last: the shared settings, for those who may change them (as `opsdesk settings set`).
    PanelSpec("settings", lambda: QCoreApplication.translate("Panels", "Settings"), Perm.EDIT_SETTINGS, _settings),
)


def panels_for(user: Principal) -> list[PanelSpec]:
    """The screens this user's role may use, in navigation order."""
    return [spec for spec in PANELS if user.can(spec.perm)]
