"""What an alarm says, made when it is read: a code and its parameters, rendered in the reader's language.

An alarm row keeps a ``code`` (:data:`CODES`) and ``params`` — data, not a sentence: the device's label,
the metric's key, role and name in both languages, the value and its unit, the limits, which one was
broken, a state's meaning in both languages, an unreachable device's reason code, whether it was raised
in a maintenance window. :func:`alarm_text` says it in Chinese or English with the unit's precision
(opsdesk.quantities), so an alarm raised while the poller ran in English reads wholly Chinese in a
Chinese console, and the reverse. A row written before codes existed and whose message could not be
parsed has no code: it is shown as stored (:func:`shown`).

No Qt here; the CLI, the read models (opsdesk.ops), the reports and the monitor all import it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Protocol

from opsdesk.i18n import N_, say
from opsdesk.quantities import format_quantity, lang_of

THRESHOLD = "threshold"  # a value beyond a limit: value, unit, low, high, breach ("high" / "low")
STATE = "state"  # a device state that is not normal: state {zh, en} (or state_text), value
UNREACHABLE = "unreachable"  # the device does not answer: reason (a probe's error category), detail
NO_PROFILE = "no_profile"  # it answers, but no profile reads it: descr (what it says it is)
RESTARTED = "restarted"  # an event: its uptime went back
INVALID = "invalid"  # an event: a reading with no valid value: reason (category) or reason_text
CODES = frozenset({THRESHOLD, STATE, UNREACHABLE, NO_PROFILE, RESTARTED, INVALID})

# A probe's error categories (opsdesk.probes: ProbeError.category), the reason an unreachable device gives,
# each said briefly (English source text; the Chinese in opsdesk.messages_zh).
REASON_WORDS = {
    "timeout": N_("timeout"),
    "unreachable": N_("not reachable"),
    "auth": N_("authentication failed"),
    "malformed": N_("malformed answer"),
    "agent": N_("the device reported an error"),
    "config": N_("wrong SNMP settings in the register"),
    "secret": N_("SNMP secret unreadable"),
    "error": N_("read failed"),
}
REASONS = tuple(REASON_WORDS)

# A device's state (DeviceState.code, .params): it does not answer (UNREACHABLE: reason, detail) or it
# answers and no profile reads it (NO_PROFILE: descr), said as its alarm is said, without the device.
STATE_CODES = frozenset({UNREACHABLE, NO_PROFILE})

# Why a reading has no value (opsdesk.probes.reading: Reading.invalid_code, .invalid_params), in the
# probe's words; "no_answer" gives its probe's error category (REASONS) as ``reason``. The parameters
# are device data (the raw value, an OID, the profile's rule), shown as they are in either language.
INVALID_REASONS = {
    "no_rows": N_("no row has a value"),
    "no_answer": N_("no answer this time ({reason})"),
    "no_object": N_("the agent has no such object ({reason})"),
    "not_available": N_("{raw}: the agent reports no value (not available)"),
    "no_input": N_("no value for {name} ({oid})"),
    "marked_invalid": N_("the agent marks this value invalid ({rule})"),
    "out_of_range": N_("{raw} is outside the range the MIB allows"),
    "below_zero": N_("{value} is below absolute zero"),
    "negative": N_("a negative value ({value}) is not a measurement"),
    "over_100": N_("{value} % is more than 100 %"),
    "truth_value": N_("a truth value where a number was expected"),
    "text": N_("text where a number was expected: {sent}"),
}

Params = dict[str, Any]  # JSON: str, float, bool, None and {"zh": …, "en": …} names


class CodedAlarm(Protocol):
    """What :func:`shown` reads of an alarm (the ORM row or any record with these fields)."""

    @property
    def code(self) -> str | None: ...
    @property
    def params(self) -> Mapping[str, Any] | None: ...
    @property
    def message(self) -> str: ...


def both(zh: str | None, en: str | None) -> dict[str, str] | str:
    """A name in both languages, or the one there is (then shown as it is in either)."""
    zh, en = (zh or "").strip(), (en or "").strip()
    if zh and en and zh != en:
        return {"zh": zh, "en": en}
    return zh or en


def pick(name: object, lang: str) -> str:
    """A name (``both``'s result) in ``lang``, else in the other language."""
    if isinstance(name, Mapping):
        other = "zh" if lang == "en" else "en"
        return str(name.get(lang) or name.get(other) or "")
    return "" if name is None else str(name)


def threshold_params(device: str, label: object, value: float, unit: str, low: float | None, high: float | None,
                     *, metric: str = "", role: str = "", maintenance: bool = False) -> Params:
    """A value beyond a limit: which limit it broke is kept, not a band to read it from."""
    breach = "low" if low is not None and value < low else "high"
    return {"device": device, "metric": metric, "role": role, "label": label, "value": value, "unit": unit,
            "low": low, "high": high, "breach": breach, "maintenance": maintenance}


def reason_text(code: str | None, lang: str) -> str:
    """An unreachable device's reason, said briefly: 超时, 网络不可达 …; an unknown code as it is."""
    if not code:
        return say(lang, REASON_WORDS["error"])
    words = REASON_WORDS.get(code)
    return code if words is None else say(lang, words)


class _Given(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def invalid_text(code: str, params: Mapping[str, Any], lang: str | None = None) -> str:
    """Why a reading has no value, in ``lang`` (the console's when None). A code without words here
    (an expression's error) says its ``text`` as the probe gave it."""
    lang = lang_of(lang)
    template = INVALID_REASONS.get(code)
    if template is None:
        return str(params.get("text") or code)
    if code == "no_answer":
        return say(lang, template, reason=reason_text(params.get("reason"), lang))
    return say(lang, template).format_map(_Given(params))  # a parameter missing: "?"


def reread_invalid(text: str, lang: str | None = None) -> str:
    """A reason stored as text (``MetricSeries.invalid_reason``, in the language the poller ran in) said
    again in ``lang`` (the console's when None): read back into its code and parameters when it is one of
    :data:`INVALID_REASONS` in either language; as stored otherwise (an expression's own error)."""
    lang = lang_of(lang)
    for code, pattern in _invalid_patterns():
        found = pattern.fullmatch(text)
        if found is not None:
            params = dict(found.groupdict())
            if code == "no_answer":
                params["reason"] = _reason_code(params.get("reason", ""))
            return invalid_text(code, params, lang)
    return text


@functools.cache
def _invalid_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each reason's template in English and in Chinese as a pattern whose groups are its parameters."""
    found = []
    for code, template in INVALID_REASONS.items():
        for lang in ("en", "zh"):
            parts = re.split(r"\{(\w+)\}", say(lang, template))
            found.append((code, re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                                                   for i, p in enumerate(parts)), re.DOTALL)))
    return tuple(found)


def _reason_code(text: str) -> str:
    """A reason said by :func:`reason_text` in either language back to its code; unknown: as it is."""
    for code in REASONS:
        if text in (reason_text(code, "en"), reason_text(code, "zh")):
            return code
    return text


def _number(params: Mapping[str, Any], key: str, lang: str) -> str:
    value = params.get(key)
    if not isinstance(value, int | float):
        return ""
    return format_quantity(float(value), str(params.get("unit") or ""), lang)


def _name(params: Mapping[str, Any], lang: str, device: bool) -> str:
    label = pick(params.get("label"), lang) or str(params.get("metric") or "")
    return f"{params.get('device') or ''} {label}".strip() if device else label


def alarm_text(code: str, params: Mapping[str, Any], lang: str | None = None, *, device: bool = True) -> str:
    """The alarm in ``lang`` (the console's when None). ``device=False``: without the device's label it
    would start with, for a table that shows the device in a column of its own."""
    lang = lang_of(lang)
    who = str(params.get("device") or "") if device else ""
    if code == THRESHOLD:
        name, value = _name(params, lang, device), _number(params, "value", lang)
        if params.get("breach") == "low":
            text = say(lang, "{name} {value}, below the lower limit {limit}", name=name, value=value,
                       limit=_number(params, "low", lang))
        else:
            text = say(lang, "{name} {value}, above the upper limit {limit}", name=name, value=value,
                       limit=_number(params, "high", lang))
    elif code == STATE:
        state = pick(params.get("state"), lang) or str(params.get("state_text") or "") or _number(params, "value", lang)
        text = say(lang, "{name}: {state}", name=_name(params, lang, device), state=state)
    elif code == UNREACHABLE:
        reason = reason_text(params.get("reason"), lang)
        text = (say(lang, "{device} does not answer ({reason})", device=who, reason=reason) if who
                else say(lang, "Does not answer ({reason})", reason=reason))
    elif code == NO_PROFILE:
        descr = str(params.get("descr") or "?")
        text = (say(lang, "{device}: no profile reads this device; it answers as {descr}", device=who, descr=descr)
                if who else say(lang, "No profile reads this device; it answers as {descr}", descr=descr))
    elif code == RESTARTED:
        text = (say(lang, "{device} restarted (uptime went back).", device=who) if who
                else say(lang, "Restarted (uptime went back)."))
    elif code == INVALID:
        code_of_reason, why_code = params.get("reason"), params.get("why")
        if why_code:  # the probe's reason as a code (opsdesk.probes.reading: Reading.invalid_code)
            why = invalid_text(str(why_code), params.get("why_params") or {}, lang)
        elif code_of_reason:
            why = invalid_text("no_answer", {"reason": str(code_of_reason)}, lang)
        else:
            why = reread_invalid(str(params.get("reason_text") or ""), lang)  # the poller's words, said again
        text = say(lang, "{name}: invalid reading ({reason})", name=_name(params, lang, device), reason=why)
    else:
        raise ValueError(f"unknown alarm code {code!r}")
    if params.get("maintenance"):
        text += say(lang, " (maintenance window)")
    return text


def shown(alarm: CodedAlarm, lang: str | None = None, *, device: bool = True) -> str:
    """An alarm as a reader shows it: rendered from its code; without a code (a message written
    before codes that the migration could not parse) its stored text, as it is."""
    if alarm.code:
        return alarm_text(alarm.code, alarm.params or {}, lang, device=device)
    return alarm.message or ""


def state_text(state: CodedAlarm, lang: str | None = None) -> str:
    """A device's state message (opsdesk.models.monitoring.DeviceState) in ``lang``: said as its alarm is
    (:data:`STATE_CODES`), without the device; no code: its stored text (nothing to say, or a message
    from before codes that migration 0014 could not parse)."""
    return shown(state, lang, device=False)


def coded(code: str, params: Params) -> dict[str, Any]:
    """An alarm row's code, parameters and message (in the console's language), for a writer that
    makes rows itself (the demo's history): ``Alarm(**coded(THRESHOLD, threshold_params(…)), …)``."""
    return {"code": code, "params": params, "message": alarm_text(code, params)}
