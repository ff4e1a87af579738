"""Values and their units as duty staff write them — one formatter, no Qt.

``format_quantity(24.53, "℃")`` → ``24.5 ℃``; ``45 %RH``; ``230 V``; ``85 %``;
``6947995.78 s`` → ``80 天 10 时``; ``200000000000 B`` → ``200 GB``; a byte rate
``11451092.89 B/s`` → ``91.6 Mbit/s``; ``0.003 V`` → ``3 mV``. Precision follows the
unit (a temperature to 0.1 ℃, a power to the watt), trailing zeros dropped. A space stands
between a number and its unit, ``%`` included (GB 3101 / ISO 80000-1: 85 %, ≤ 80 %, as the
signed inspection sheet has always written its ranges); only ℃'s degree sign is part of the
symbol. The device
panel, alarms, trends, papers and the command line all use this module, so a value reads
the same everywhere.
"""

from __future__ import annotations

import math

from opsdesk.i18n import N_, language, say

# decimals shown per unit (at most; trailing zeros are dropped)
PRECISION = {
    "℃": 1, "%RH": 1, "%": 1, "V": 1, "mV": 0, "Hz": 1, "W": 0, "kW": 1, "VA": 0, "kVA": 1,
    "kWh": 1, "rpm": 0, "dBm": 2, "mW": 2, "mA": 1, "A": 2,
}
DEFAULT_PRECISION = 2

# measurement classes in the order the device panel groups them, with their names (English source
# text, the Chinese in opsdesk.messages_zh)
CLASS_NAMES = {
    "temperature": N_("Temperatures"),
    "humidity": N_("Humidity"),
    "voltage": N_("Voltages"),
    "current": N_("Currents"),
    "power": N_("Power"),
    "apparent_power": N_("Apparent power"),
    "energy": N_("Energy"),
    "frequency": N_("Frequency"),
    "load": N_("Load"),
    "charge": N_("Battery charge"),
    "runtime": N_("Durations"),
    "fan": N_("Fan speeds"),
    "percent": N_("Utilisation"),
    "speed": N_("Speeds"),
    "counter": N_("Traffic and counters"),
    "count": N_("Counts"),
    "dbm": N_("Optical power"),
    "optical_power": N_("Optical power"),
    "value": N_("Other"),
    "state": N_("States"),  # last: many, and their heading says how many are not normal
}
CLASS_ORDER = tuple(CLASS_NAMES)

_DURATION_WORDS = {"zh": ("天", "时", "分", "秒"), "en": ("d", "h", "min", "s")}


def lang_of(lang: str | None) -> str:
    """"en" or "zh": the language asked for, else the console's."""
    if lang is None:
        lang = language()
    return "en" if lang == "en" else "zh"


def class_name(cls: str, lang: str | None = None) -> str:
    return say(lang_of(lang), CLASS_NAMES.get(cls, CLASS_NAMES["value"]))


def format_number(value: float, decimals: int = DEFAULT_PRECISION) -> str:
    """``decimals`` at most, no trailing zeros: 24.5, 230, 0.25; never "-0"."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_duration(seconds: float, lang: str | None = None) -> str:
    """The two largest parts, the smaller one rounded: 80 天 10 时, 3 时 25 分, 24 分, 45 秒."""
    d, h, m, sec = _DURATION_WORDS[lang_of(lang)]
    seconds = max(float(seconds), 0.0)
    if seconds >= 86400:
        days, hours = divmod(int(round(seconds / 3600)), 24)
        return f"{days} {d}" + (f" {hours} {h}" if hours else "")
    if seconds >= 3600:
        hours, minutes = divmod(int(round(seconds / 60)), 60)
        if hours >= 24:
            return f"{hours // 24} {d}"
        return f"{hours} {h}" + (f" {minutes} {m}" if minutes else "")
    if seconds >= 60:
        minutes, secs = divmod(int(round(seconds)), 60)
        if minutes >= 10 or not secs:
            return f"{int(round(seconds / 60))} {m}"
        return f"{minutes} {m} {secs} {sec}"
    return f"{int(round(seconds))} {sec}"


def _scaled(value: float, steps: tuple[tuple[float, str], ...]) -> tuple[float, str]:
    for factor, unit in steps:
        if abs(value) >= factor:
            return value / factor, unit
    return value / steps[-1][0], steps[-1][1]


_BYTES = ((1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "KB"), (1, "B"))
_BITS = ((1e12, "Tbit/s"), (1e9, "Gbit/s"), (1e6, "Mbit/s"), (1e3, "kbit/s"), (1, "bit/s"))


def humane(value: float, unit: str) -> tuple[str, str]:
    """(number, unit) in the unit a person reads best, number already rounded."""
    # bytes in decimal multiples; traffic in bits per second, as network people say it
    steps, factor = {"B": (_BYTES, 1), "bytes": (_BYTES, 1), "B/s": (_BITS, 8), "bit/s": (_BITS, 1),
                     "bps": (_BITS, 1), "Mbit/s": (_BITS, 1e6)}.get(unit, (None, 1))
    if steps is not None:
        v, u = _scaled(value * factor, steps)
        return format_number(v, 0 if u in ("B", "bit/s") else 1), u
    if unit == "W" and abs(value) >= 10_000:
        return format_number(value / 1000, PRECISION["kW"]), "kW"
    if unit == "VA" and abs(value) >= 10_000:
        return format_number(value / 1000, PRECISION["kVA"]), "kVA"
    if unit == "V" and 0 < abs(value) < 1:
        return format_number(value * 1000, PRECISION["mV"]), "mV"
    if unit == "A" and abs(value) >= 10:
        return format_number(value, 1), "A"
    return format_number(value, PRECISION.get(unit, DEFAULT_PRECISION)), unit


def unit_text(unit: str, lang: str | None = None) -> str:
    """A profile's unit as Chinese users write it (℃ stays ℃, min is 分钟)."""
    if unit in ("C", "°C", "degC"):
        return "℃"
    if lang_of(lang) == "zh":
        return {"min": "分钟", "s": "秒", "h": "小时"}.get(unit, unit)
    return unit


def format_quantity(value: float | None, unit: str, lang: str | None = None) -> str:
    """A value with its unit, as a duty engineer writes it; "" for no value."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return ""
    unit = unit or ""
    if unit == "s":
        return format_duration(value, lang)
    if unit == "min":
        return format_duration(value * 60, lang)
    if unit == "h":
        return format_duration(value * 3600, lang)
    number, shown = humane(value, unit)
    shown = unit_text(shown, lang)
    if not shown:
        return number
    return f"{number} {shown}"


def format_limits(low: float | None, high: float | None, unit: str, lang: str | None = None) -> str:
    """18–28 ℃, ≥ 50 %, ≤ 35 ℃; "" without limits."""
    shown = unit_text(unit or "", lang)
    decimals = PRECISION.get(unit, DEFAULT_PRECISION)
    tail = f" {shown}" if shown else ""
    if low is not None and high is not None:
        return f"{format_number(low, decimals)}–{format_number(high, decimals)}{tail}"
    if high is not None:
        return f"≤ {format_number(high, decimals)}{tail}"
    if low is not None:
        return f"≥ {format_number(low, decimals)}{tail}"
    return ""


def reading_label(name: str, label: str) -> str:
    """The metric's name with the row's own name: 输出电流 L1, 温度 CPU1 Temp.

    A label that already says the quantity is kept ("回风湿度"); a label whose first word
    begins the name ("输出 L1" for 输出电流) gives its place to the name ("输出电流 L1")."""
    name, label = (name or "").strip(), (label or "").strip()
    if not label or label == name:
        return name
    if not name or name in label:
        return label
    tail = label.rsplit(" ", 1)[-1]
    if " " in label and len(tail) >= 2 and name.lower().endswith(tail.lower()):
        return label  # "回风温度 设定值" already says what "温度设定值" would
    head, _, rest = label.partition(" ")
    if rest and name.lower().startswith(head.lower()):
        return f"{name} {rest}"
    return f"{name} {label}"
