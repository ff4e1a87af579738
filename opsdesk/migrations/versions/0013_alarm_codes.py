"""alarm codes: an alarm keeps a code and its parameters, rendered in the reader's language
(opsdesk.models.alarm_text), not only a sentence in the poller's language (issue 16, item 2).

Existing rows are parsed: a message in one of the monitor's templates as it wrote them before
this version (English, or Chinese as messages_zh rendered them) gets its code and parameters; the
value and limits come from the row's own columns where it has them, the device's label from the
register. A message no template matches keeps no code and is shown as stored. The templates are
copied here, as they were: this revision reads what was written then, whatever later ones say.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# " (maintenance window)" as the monitor appended it
_MAINTENANCE = (" (maintenance window)", "（维护窗口内）")
# a probe's error category as ingest.category_text said it, in both languages
_CATEGORY_WORDS = {
    "no answer in time": "timeout", "超时无应答": "timeout",
    "not reachable": "unreachable", "网络不可达": "unreachable",
    "authentication failed (community or SNMPv3 user/keys)": "auth", "认证失败（团体名或 SNMPv3 用户/密钥）": "auth",
    "answered with a malformed message": "malformed", "应答报文格式错误": "malformed",
    "the device reported an error": "agent", "设备返回错误": "agent",
    "wrong SNMP settings in the register": "config", "台账中的 SNMP 设置有误": "config",
    "SNMP secret unreadable": "secret", "SNMP 密钥无法解密": "secret",
    "read failed": "error", "读取失败": "error",
}
_CATEGORIES = frozenset(_CATEGORY_WORDS.values())
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
# "{name} {value} outside {band}" / "{name} {value}，超出 {band}"; value "29.4 ℃" ({value:g} {unit}),
# band "18–28" (an end may be empty)
_THRESHOLD = [re.compile(rf"^(?P<name>.+?) (?P<value>{_NUMBER})(?: (?P<unit>\S+))?{sep}"
                         rf"(?P<low>{_NUMBER})?–(?P<high>{_NUMBER})?$")
              for sep in (" outside ", "，超出 ")]
_UNREACHABLE = [re.compile(r"^(?P<device>.*?) does not answer: (?P<reason>.+)$", re.S),
                re.compile(r"^(?P<device>.*?) 无响应：(?P<reason>.+)$", re.S)]
_NO_PROFILE = [re.compile(r"^(?P<device>.*?): no profile reads this device \(无匹配型号\); "
                          r"it answers as (?P<descr>.*)$", re.S),
               re.compile(r"^(?P<device>.*?)：无匹配型号，没有型号档案能读取此设备（设备自报：(?P<descr>.*)）$", re.S)]
_RESTARTED = [re.compile(r"^(?P<device>.*?) restarted \(uptime went back\)\.$"),
              re.compile(r"^(?P<device>.*?) 已重启（运行时间回退）。$")]
_INVALID = [re.compile(r"^(?P<name>.*?): invalid reading \((?P<reason>.*)\)$", re.S),
            re.compile(r"^(?P<name>.*?)：读数无效（(?P<reason>.*)）$", re.S)]
_NO_ANSWER = [re.compile(r"^no answer this time \((?P<why>.*)\)$", re.S),
              re.compile(r"^本次无应答（(?P<why>.*)）$", re.S)]
_STATE = [re.compile(r"^(?P<name>.+?): (?P<state>.+)$", re.S), re.compile(r"^(?P<name>.+?)：(?P<state>.+)$", re.S)]


def _match(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for m in (p.match(text) for p in patterns) if m is not None), None)


def _split(name: str, device: str) -> tuple[str, str]:
    """(device, label) of "{device} {label}"; a name that does not start with the device's label
    today (renamed since) is all label."""
    if device and name.startswith(device + " "):
        return device, name[len(device) + 1:]
    return "", name


def _float(text: str | None) -> float | None:
    return None if not text else float(text)


def parse(row: Any) -> tuple[str, dict[str, Any]] | None:
    """(code, params) of an old alarm row, or None: its message stays as text. ``row``: the alarm's
    kind, message, value, limit_low, limit_high, the device's label (device) and its series' metric,
    role and unit_symbol (None without a series)."""
    text: str = row.message or ""
    maintenance = False
    for suffix in _MAINTENANCE:
        if text.endswith(suffix):
            text, maintenance = text[:-len(suffix)], True
    device: str = row.device or ""
    metric, role = row.metric or "", row.role or ""
    found: tuple[str, dict[str, Any]] | None = None
    if row.kind == "unreachable" and (m := _match(_UNREACHABLE, text)):
        words, _, detail = m["reason"].partition("：")
        if words in _CATEGORY_WORDS:
            found = "unreachable", {"device": m["device"], "reason": _CATEGORY_WORDS[words], "detail": detail}
        elif words in _CATEGORIES:  # a category the monitor had no words for, said as its code
            found = "unreachable", {"device": m["device"], "reason": words, "detail": detail}
    elif row.kind == "no_profile" and (m := _match(_NO_PROFILE, text)):
        found = "no_profile", {"device": m["device"], "descr": m["descr"]}
    elif row.kind == "event" and (m := _match(_RESTARTED, text)):
        found = "restarted", {"device": m["device"]}
    elif row.kind == "event" and (m := _match(_INVALID, text)):
        who, label = _split(m["name"], device)
        params: dict[str, Any] = {"device": who, "metric": metric, "role": role, "label": label,
                                  "reason": None, "reason_text": m["reason"]}
        if (why := _match(_NO_ANSWER, m["reason"])) and (code := why["why"].partition(":")[0].strip()) in _CATEGORIES:
            params["reason"] = code
        found = "invalid", params
    elif row.kind == "threshold" and (m := _match(_THRESHOLD, text)):
        who, label = _split(m["name"], device)
        value = row.value if row.value is not None else float(m["value"])
        low, high = row.limit_low, row.limit_high
        if low is None and high is None:
            low, high = _float(m["low"]), _float(m["high"])
        breach = "low" if low is not None and value < low else "high"
        found = "threshold", {"device": who, "metric": metric, "role": role, "label": label, "value": value,
                              "unit": row.unit_symbol or m["unit"] or "", "low": low, "high": high, "breach": breach}
    elif row.kind in ("state", "threshold") and (m := _match(_STATE, text)):
        who, label = _split(m["name"], device)
        found = "state", {"device": who, "metric": metric, "role": role, "label": label, "state": m["state"],
                          "value": row.value, "unit": row.unit_symbol or ""}
    if found is None:
        return None
    code, params = found
    params["maintenance"] = maintenance
    return code, params


def upgrade() -> None:
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT alarm.id, alarm.kind, alarm.message, alarm.value, alarm.limit_low, alarm.limit_high, "
        "TRIM(COALESCE(unit.asset_tag, '') || ' ' || COALESCE(NULLIF(register_line.name, ''), "
        "register_line.category, '')) AS device, "
        "metric_series.metric, metric_series.role, metric_series.unit_symbol "
        "FROM alarm JOIN unit ON unit.id = alarm.unit_id JOIN register_line ON register_line.id = unit.line_id "
        "LEFT JOIN metric_series ON metric_series.id = alarm.series_id")).all()
    updates = []
    for row in rows:
        parsed = parse(row)
        if parsed is not None:
            updates.append({"b_id": row.id, "b_code": parsed[0], "b_params": parsed[1]})
    if updates:
        alarm = sa.table('alarm', sa.column('id', sa.Integer), sa.column('code', sa.String),
                         sa.column('params', sa.JSON))
        bind.execute(alarm.update().where(alarm.c.id == sa.bindparam('b_id'))
                     .values(code=sa.bindparam('b_code'), params=sa.bindparam('b_params')), updates)


def downgrade() -> None:
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.drop_column('params')
        batch_op.drop_column('code')
