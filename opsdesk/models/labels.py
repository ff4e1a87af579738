"""The words of every code the user reads, once: roles, severities, device and floor states,
warranty, checklist ticks, shifts and the roster, leave, inspections, yes/no, weekdays and the
audit trail's actions.

Records and read models carry codes (``"critical"``, ``"handed_over"``, ``"user.add"``); whoever
shows one to a person — the console, the CLI, a paper — asks here for its words. Each function
takes the code and an optional language: ``None`` says it in the process language
(:func:`opsdesk.i18n.t`; the console keeps that in step with Qt, ``ui/app.py``), ``"en"`` or
``"zh"`` in that one (:func:`opsdesk.i18n.say`, for a paper or a script that asked for a
language). The English here is the source text; the Chinese is in :mod:`opsdesk.messages_zh`.

An unknown code is shown as it is (a newer database read by an older program says something
rather than nothing); a code that means "nothing to say" (no severity, not ticked) gives "".
Colours and Qt things stay in the console (``opsdesk.ui.labels``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from opsdesk.i18n import N_, say, t


def _say(text: str, lang: str | None) -> str:
    return t(text) if lang is None else say(lang, text)


def _pick(table: Mapping[str, str], code: str | None, lang: str | None, default: str | None = None) -> str:
    text = table.get(code or "")
    if text is None:
        return (code or "") if default is None else default
    return _say(text, lang) if text else ""


# -- people ----------------------------------------------------------------------------------
ROLES = {"duty": N_("Duty engineer"), "supervisor": N_("Supervisor"), "admin": N_("Administrator")}


def role(code: str | None, lang: str | None = None) -> str:
    """A user's role (``opsdesk.models.users.Role``): 值班运维人员, 审核人, 管理员."""
    return _pick(ROLES, code, lang)


# -- monitoring ------------------------------------------------------------------------------
SEVERITIES = {"critical": N_("Critical"), "warning": N_("Warning"), "ok": "", "": ""}


def severity(code: str | None, lang: str | None = None) -> str:
    """An alarm's or a reading's severity: 严重, 警告; "" for none or ok."""
    return _pick(SEVERITIES, code, lang)


# One word for a device that does not answer, everywhere (the floor once said 不可达, the
# labels 无应答; issue 16).
DEVICE_STATUSES = {
    "ok": N_("Normal"),
    "normal": N_("Normal"),  # the floor's word for ok
    "warning": N_("Warning"),
    "critical": N_("Critical"),
    "unreachable": N_("Not answering"),
    "no_profile": N_("No profile reads it"),
    "maintenance": N_("Maintenance"),  # the floor: in a maintenance window
    "unknown": N_("No data"),  # the floor: a box with no device or no reading
}


def device_status(code: str | None, lang: str | None = None) -> str:
    """A device's state (ok, warning, critical, unreachable, no_profile) or a floor item's
    (normal, maintenance, unknown); a device never polled yet (``None``) is 未轮询."""
    if not code:
        return _say(N_("Not polled yet"), lang)
    return _pick(DEVICE_STATUSES, code, lang)


# -- the register ----------------------------------------------------------------------------
WARRANTY = {
    "in": N_("In warranty"),
    "soon": N_("Warranty ending soon"),
    "out": N_("Out of warranty"),
    "unknown": N_("Unknown"),
}


def warranty(code: str | None, lang: str | None = None) -> str:
    """A unit's warranty status (``opsdesk.models.equipment.WarrantyStatus``)."""
    return _pick(WARRANTY, code, lang, default=_say(N_("Unknown"), lang))


def yes_no(value: bool, lang: str | None = None) -> str:
    return _say(N_("Yes") if value else N_("No"), lang)


# -- shifts, the roster and leave ------------------------------------------------------------
TICK_STATUSES = {"normal": N_("Normal"), "abnormal": N_("Abnormal"), "na": N_("Not applicable")}


def tick_status(code: str | None, lang: str | None = None) -> str:
    """A checklist item's status as the duty room says it; "" when not checked yet."""
    return _pick(TICK_STATUSES, code, lang, default="")


SHIFT_STATUSES = {
    "open": N_("In progress"),
    "handed_over": N_("Handed over, awaiting signatures"),
    "signed": N_("Signed and locked"),
}


def shift_status(code: str | None, lang: str | None = None) -> str:
    return _pick(SHIFT_STATUSES, code, lang)


DAY_STATUSES = {
    "complete": N_("Signed"),
    "late": N_("Signed late"),
    "missed": N_("Missed"),
    "open": N_("In progress"),
    "future": N_("Not yet"),
}


def day_status(code: str | None, lang: str | None = None) -> str:
    """A shift's state in the month view (``opsdesk.ops.shift.month_overview``)."""
    return _pick(DAY_STATUSES, code, lang)


SHIFT_CODES = {"day": N_("Day shift"), "night": N_("Night shift"), "off": N_("Day off"), "leave": N_("On leave")}
SHIFT_LETTERS = {"day": N_("D"), "night": N_("N"), "off": N_("O"), "leave": N_("L")}


def shift_code(code: str | None, lang: str | None = None) -> str:
    """A roster code: 白班, 夜班, 休息, 请假; "" for none."""
    return _pick(SHIFT_CODES, code, lang, default="")


def shift_letter(code: str | None, lang: str | None = None) -> str:
    """One character per roster code: 白 夜 休 假."""
    return _pick(SHIFT_LETTERS, code, lang, default="")


LEAVE_STATUSES = {"pending": N_("Pending"), "approved": N_("Approved"), "rejected": N_("Rejected")}


def leave_status(code: str | None, lang: str | None = None) -> str:
    return _pick(LEAVE_STATUSES, code, lang)


WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
WEEKDAY_LETTERS = (N_("Mo"), N_("Tu"), N_("We"), N_("Th"), N_("Fr"), N_("Sa"), N_("Su"))


def weekday(index: int, lang: str | None = None) -> str:
    """Monday = 0, as ``date.weekday()``: 周一 … 周日."""
    return _say(WEEKDAYS[index], lang)


def weekday_letter(index: int, lang: str | None = None) -> str:
    """One character a day for narrow columns: 一 … 日."""
    return _say(WEEKDAY_LETTERS[index], lang)


# -- inspections -----------------------------------------------------------------------------
INSPECTION_STATES = {
    "done": N_("Done"),
    "done_late": N_("Done late"),
    "review": N_("Awaiting review"),
    "due": N_("Due"),
    "overdue": N_("Overdue"),
    "in_progress": N_("In progress"),
}


def inspection_state(code: str | None, lang: str | None = None) -> str:
    """A due inspection's state (``opsdesk.ops.inspection``): done … in progress."""
    return _pick(INSPECTION_STATES, code, lang)


INSPECTION_STATUSES = {
    "draft": N_("Being filled in"),
    "inspected": N_("Signed by the inspector, awaiting review"),
    "reviewed": N_("Signed by inspector and reviewer"),
}


def inspection_status(code: str | None, lang: str | None = None) -> str:
    """A sheet's status: draft → inspected → reviewed."""
    return _pick(INSPECTION_STATUSES, code, lang)


# The kinds of inspection the contract schedules (opsdesk.models.inspection_schedule). A sheet's
# signed snapshot keeps the Chinese name it was signed with (inspection_schedule.KIND_NAMES).
INSPECTION_KINDS = {
    "monthly": N_("Monthly inspection sheet"),
    "quarterly_deep": N_("Quarterly on-site deep inspection"),
    "quarterly_leak_fire": N_("Quarterly water-leak and fire-hazard check"),
    "quarterly_ups": N_("Quarterly UPS inspection"),
    "ups_discharge": N_("UPS charge and discharge"),
    "pre_holiday": N_("Pre-holiday health check"),
}


def inspection_kind(code: str | None, lang: str | None = None) -> str:
    return _pick(INSPECTION_KINDS, code, lang)


# The statutory holidays a pre-holiday check is due before: stored in its period code ("2026 春节").
HOLIDAYS = {"元旦": N_("New Year's Day"), "春节": N_("Spring Festival"), "五一": N_("Labour Day"),
            "十一": N_("National Day")}


def period(code: str | None, lang: str | None = None) -> str:
    """An inspection's period as stored ("2026-11", "2026-Q4", "2026 春节") in the reader's words."""
    year, _, holiday = (code or "").partition(" ")
    if holiday in HOLIDAYS:
        return f"{year} {_say(HOLIDAYS[holiday], lang)}"
    return code or ""


INSPECTION_RESULTS = {"ok": N_("Normal"), "abnormal": N_("Abnormal"), "na": N_("Not applicable")}


def inspection_result(code: str | None, lang: str | None = None) -> str:
    """An entry's result; "" when not entered."""
    return _pick(INSPECTION_RESULTS, code, lang, default="")


def provisional(lang: str | None = None) -> str:
    """An entry filled from the monitor and not yet confirmed."""
    return _say(N_("Provisional"), lang)


# The signatures' meanings are stored as the form's own words (opsdesk.ops.inspection.INSPECTOR,
# REVIEWER; opsdesk.ops.shift's 交班人, 接班人): codes that happen to be Chinese, matched here,
# never shown untranslated in English.
SIGNATURE_MEANINGS = {"巡检人": N_("Inspector"), "审核人": N_("Reviewer"),
                      "交班人": N_("Outgoing engineer"), "接班人": N_("Incoming engineer")}


def signature_meaning(code: str | None, lang: str | None = None) -> str:
    return _pick(SIGNATURE_MEANINGS, code, lang)


# -- the audit trail -------------------------------------------------------------------------
AUDIT_ACTIONS = {
    "user.add": N_("User added"),
    "user.passwd": N_("Password changed"),
    "user.disable": N_("User disabled"),
    "user.enable": N_("User enabled"),
    "user.role": N_("Role changed"),
    "user.locked": N_("Account locked"),
    "line.add": N_("Register line added"),
    "line.edit": N_("Register line edited"),
    "line.delete": N_("Register line deleted"),
    "unit.edit": N_("Unit edited"),
    "unit.delete": N_("Unit deleted"),
    "register.import": N_("Register imported"),
    "backup": N_("Backup"),
    "restore": N_("Restore"),
    "demo.load": N_("Demo data loaded"),
    "setting.set": N_("Setting changed"),
    "calendar.import": N_("Calendar imported"),
    "user.login": N_("Logged in"),
    "user.login_failed": N_("Login refused"),
    "user.logout": N_("Logged out"),
    "console.lock": N_("Console locked"),
    "console.unlock": N_("Console unlocked"),
    "poller.stop": N_("Monitoring stopped"),
    "alarm.ack": N_("Alarm acknowledged"),
    "maintenance.open": N_("Maintenance window opened"),
    "maintenance.close": N_("Maintenance window closed"),
    "checklist.edit": N_("Checklist edited"),
    "floor.save": N_("Floor plan saved"),
    "inspection.open": N_("Inspection sheet started"),
    "inspection.enter": N_("Inspection result entered"),
    "inspection.autofill": N_("Inspection filled from the monitor"),
    "inspection.findings": N_("Inspection findings written"),
    "inspection.correct": N_("Inspection sheet corrected"),
    "inspection.sign": N_("Inspection sheet signed"),
    "inspection.revise": N_("Inspection sheet revised"),
    "shift.start": N_("Shift started"),
    "shift.tick": N_("Checklist item ticked"),
    "shift.handover": N_("Shift handed over"),
    "shift.correct": N_("Shift record corrected"),
    "shift.sign": N_("Shift record signed"),
    "shift.revise": N_("Shift record revised"),
    "leave.request": N_("Leave requested"),
    "leave.decide": N_("Leave decided"),
    "roster.set": N_("Roster changed"),
    "roster.fill": N_("Roster filled"),
    "room.limits": N_("Room limits changed"),
    "site.add": N_("Site added"),
    "clock.set_back": N_("Clock set back"),
    "user.state": N_("Users table updated"),
}


def audit_action(code: str | None, lang: str | None = None) -> str:
    """An audit action code (``line.edit``) as words; an unknown code is shown as it is."""
    return _pick(AUDIT_ACTIONS, code, lang)


# -- joining words ---------------------------------------------------------------------------
# The punctuation between said things is language too: 张伟、李娜 but "Zhang, Li".
def listing(items: Iterable[str], lang: str | None = None) -> str:
    """Names or items in a row: 张伟、李娜 / Zhang, Li."""
    return _say(N_(", "), lang).join(items)


def clauses(items: Iterable[str], lang: str | None = None) -> str:
    """Separate statements in a row: 原因一；原因二 / reason one; reason two."""
    return _say(N_("; "), lang).join(items)


def then(first: str, more: Iterable[str], lang: str | None = None) -> str:
    """A statement and what follows it in the same sentence: 共 24 项，2 项异常 / 24 items, 2 not normal."""
    for part in more:
        first = _say(N_("{first}, {then}"), lang).format(first=first, then=part)
    return first


def aside(text: str, detail: str, lang: str | None = None) -> str:
    """A word and a remark on it: 张伟（zhangw） / Zhang Wei (zhangw)."""
    return _say(N_("{text} ({detail})"), lang).format(text=text, detail=detail)


def said_of(name: str, value: str, lang: str | None = None) -> str:
    """A name and what is said of it: 温度：24 ℃ / temperature: 24 ℃."""
    return _say(N_("{name}: {value}"), lang).format(name=name, value=value)
