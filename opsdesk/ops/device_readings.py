"""A device's readings as the device panel shows them — grouped and folded, no Qt.

Readings are grouped by measurement class (状态, 温度, 电压, 电流 …, in
:data:`opsdesk.quantities.CLASS_ORDER`). Within a group, a metric with many rows (per-core
CPU load, 24 outlets, 48 ports) is folded under one summary line — the average load, the
highest temperature, how many ports are down — with the rows as its details. Values are
written by :mod:`opsdesk.quantities`, so the panel, alarms, trends and papers agree.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from typing import Protocol

from opsdesk import quantities
from opsdesk.i18n import t
from opsdesk.models import labels
from opsdesk.models.alarm_text import reread_invalid

FOLD_AT = 6  # more rows than this of one metric are folded under a summary line
SEVERITY_ORDER = {None: 0, "ok": 0, "unknown": 0, "warning": 1, "critical": 2}


class RowLike(Protocol):
    """What grouping reads of a row (read-only: frozen records fit)."""

    @property
    def metric(self) -> str: ...
    @property
    def idx(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def cls(self) -> str: ...
    @property
    def value(self) -> float | None: ...
    @property
    def unit_symbol(self) -> str: ...
    @property
    def text(self) -> str | None: ...
    @property
    def severity(self) -> str | None: ...
    @property
    def invalid_reason(self) -> str | None: ...


@dataclasses.dataclass
class Line:
    """One line of the panel: a group heading, a summary of folded rows, or a reading."""

    key: str  # stable across refreshes: "cls:state", "fold:ups.output.load", "series:42"
    label: str
    value_text: str = ""
    severity: str | None = None
    invalid: bool = False
    row: RowLike | None = None  # the reading, for a reading's line
    children: list[Line] = dataclasses.field(default_factory=list)


def value_text(row: RowLike) -> str:
    if row.invalid_reason:
        return t("Invalid: {reason}", reason=reread_invalid(row.invalid_reason))  # stored in the poller's language
    if row.text and (row.cls == "state" or row.value is None):
        return row.text
    if row.value is not None:
        return quantities.format_quantity(row.value, row.unit_symbol)
    return row.text or "—"


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Numbers as numbers: fan 2 before fan 10, Gi1/0/2 before Gi1/0/10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text or ""))


def _common_name(rows: Sequence[RowLike]) -> str:
    """What the rows of one metric share in their labels ("输出电流" of "输出电流 L1/L2/L3")."""
    prefix = os.path.commonprefix([r.label for r in rows]).strip()
    if " " in prefix and not all(r.label.startswith(prefix + " ") or r.label == prefix for r in rows):
        prefix = prefix.rsplit(" ", 1)[0]
    return prefix or rows[0].metric


def _summary(rows: Sequence[RowLike]) -> tuple[str, str | None]:
    worst = max((r.severity for r in rows if not r.invalid_reason), key=lambda s: SEVERITY_ORDER.get(s, 0),
                default=None)
    valid = [r for r in rows if not r.invalid_reason]
    cls = rows[0].cls
    if cls == "state":
        bad = [r for r in valid if SEVERITY_ORDER.get(r.severity, 0) > 0]
        if bad:
            return t("{n} not normal", n=len(bad)), worst
        return (t("all normal") if valid else t("no value")), worst
    values = [r.value for r in valid if r.value is not None]
    if not values:
        return t("no value"), worst
    unit = rows[0].unit_symbol
    if cls in ("load", "percent", "charge"):
        return t("average {value}", value=quantities.format_quantity(sum(values) / len(values), unit)), worst
    if cls in ("temperature", "humidity"):
        return t("highest {value}", value=quantities.format_quantity(max(values), unit)), worst
    if cls in ("current", "power", "apparent_power", "energy"):
        return t("total {value}", value=quantities.format_quantity(sum(values), unit)), worst
    low, high = min(values), max(values)
    if low == high:
        return quantities.format_quantity(low, unit), worst
    return f"{quantities.format_quantity(low, unit)} – {quantities.format_quantity(high, unit)}", worst


def _leaf(row: RowLike) -> Line:
    return Line(key=f"series:{getattr(row, 'series_id', id(row))}",
                label=row.label or f"{row.metric} {row.idx}".strip(),
                value_text=value_text(row), severity=None if row.invalid_reason else row.severity,
                invalid=bool(row.invalid_reason), row=row)


def group_readings(rows: Sequence[RowLike], lang: str | None = None) -> list[Line]:
    """Group headings (by class), each with its readings or folded summaries."""
    by_cls: dict[str, dict[str, list[RowLike]]] = {}
    for row in rows:
        cls = row.cls if row.cls in quantities.CLASS_NAMES else "value"
        by_cls.setdefault(cls, {}).setdefault(row.metric, []).append(row)
    groups: list[Line] = []
    for cls in sorted(by_cls, key=quantities.CLASS_ORDER.index):
        lines: list[Line] = []
        for metric, members in sorted(by_cls[cls].items(), key=lambda kv: natural_key(kv[1][0].label)):
            members = sorted(members, key=lambda r: natural_key(r.idx))
            if len(members) > FOLD_AT:
                text, worst = _summary(members)
                lines.append(Line(key=f"fold:{metric}", label=t("{name} ({n} items)", name=_common_name(members),
                                                                   n=len(members)),
                                  value_text=text, severity=worst, children=[_leaf(r) for r in members]))
            else:
                lines.extend(_leaf(r) for r in members)
        lines.sort(key=lambda line: natural_key(line.label))
        worst = max((line.severity for line in lines), key=lambda s: SEVERITY_ORDER.get(s, 0), default=None)
        leaves = [leaf for line in lines for leaf in (line.children or [line])]
        count = t("{n} readings", n=len(leaves))
        bad = sum(1 for leaf in leaves if SEVERITY_ORDER.get(leaf.severity, 0) > 0)
        invalid = sum(1 for leaf in leaves if leaf.invalid)
        tail = [t("{n} not normal", n=bad) if bad else "", t("{n} without value", n=invalid) if invalid else ""]
        groups.append(Line(key=f"cls:{cls}", label=quantities.class_name(cls, lang), severity=worst,
                           value_text=labels.then(count, (x for x in tail if x), quantities.lang_of(lang)),
                           children=lines))
    return groups
