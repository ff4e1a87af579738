"""The console's side of the codes' words: the colours that go with them, and the names the
screens call them by. The words themselves are said once, in :mod:`opsdesk.models.labels`, in
i18n's language, which the console keeps in step with Qt's (``ui/app.py`` install_language).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from opsdesk import quantities
from opsdesk.models import labels
from opsdesk.models.equipment import WarrantyStatus
from opsdesk.models.users import Role


def role_label(role: Role | str) -> str:
    return labels.role(Role(role).value)


def status_label(status: WarrantyStatus) -> str:
    return labels.warranty(WarrantyStatus(status).value)


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
    return labels.audit_action(action)


def yes_no(value: bool) -> str:
    return labels.yes_no(value)


# -- monitoring ------------------------------------------------------------------------------
def severity_label(severity: str | None) -> str:
    """An alarm's or a reading's severity code as a word; "" for none or ok."""
    return labels.severity(severity) if severity in ("critical", "warning") else ""


# (background, text): red for critical, amber for warning, the same tints as the warranty status.
SEVERITY_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "critical": (QColor("#fbe0de"), QColor("#a52a22")),
    "warning": (QColor("#fdefc8"), QColor("#8a4b08")),
}
MUTED_COLOURS = (QColor("#eceff3"), QColor("#7b8794"))  # in a maintenance window, invalid readings


def device_status_label(status: str | None) -> str:
    return labels.device_status(status)


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
    return labels.tick_status(status)


TICK_STATUS_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "normal": STATUS_COLOURS[WarrantyStatus.IN],
    "abnormal": SEVERITY_COLOURS["critical"],
    "na": (QColor("#eceff3"), QColor("#4a5568")),
}


def shift_status_label(status: str) -> str:
    return labels.shift_status(status)


def day_status_label(status: str) -> str:
    """A shift's state in the month view (opsdesk.ops.shift.month_overview)."""
    return labels.day_status(status)


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
    return labels.shift_letter(code)


def shift_code_label(code: str | None) -> str:
    return labels.shift_code(code)


ROSTER_COLOURS: dict[str, tuple[QColor, QColor]] = {
    "day": (QColor("#d3e4fa"), QColor("#1e4e8c")),
    "night": (QColor("#dcd7f5"), QColor("#3c2f8f")),
    "off": (QColor("#f1f3f6"), QColor("#7b8794")),
    "leave": (QColor("#fbe3a8"), QColor("#7a4306")),
}


def leave_status_label(status: str) -> str:
    return labels.leave_status(status)


def colour_css(colours: tuple[QColor, QColor]) -> str:
    bg, fg = colours
    return f"background:{bg.name()};color:{fg.name()};"


def weekday_names() -> list[str]:
    """Monday first, as Chinese calendars are printed: 周一 … 周日."""
    return [labels.weekday(i) for i in range(7)]


def weekday_letters() -> list[str]:
    """One character a day for narrow columns (the roster): 一 二 三 四 五 六 日."""
    return [labels.weekday_letter(i) for i in range(7)]
