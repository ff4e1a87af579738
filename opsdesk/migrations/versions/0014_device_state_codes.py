"""device state codes: a device's state message keeps a code and its parameters, rendered in the
reader's language (opsdesk.models.alarm_text.state_text), as alarms do since 0013 (issue 16, item 2).

Existing rows are parsed: the unreachable reason as the monitor wrote it before this version (a probe
error category's words in English or Chinese, or the category itself, then "：" and the agent's own
words, kept as the detail) and "No profile reads this device" in either language (the device's own
description from its row). An empty message stays without a code (nothing to say); any other message
keeps no code and is shown as stored. The words are copied here, as they were then.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-09
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

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
_NO_PROFILE = frozenset({"No profile reads this device", "无匹配型号：没有型号档案能读取此设备"})


def parse(message: str, sys_descr: str, sys_object_id: str) -> tuple[str, dict[str, Any]] | None:
    """(code, params) of an old device_state message, or None: it stays as text (or "", nothing)."""
    text = (message or "").strip()
    if not text:
        return None
    if text in _NO_PROFILE:
        return "no_profile", {"descr": (sys_descr or sys_object_id or "?")[:80]}
    words, _, detail = text.partition("：")
    reason = _CATEGORY_WORDS.get(words) or (words if words in _CATEGORIES else None)
    if reason is None:
        return None
    return "unreachable", {"reason": reason, "detail": detail}


def upgrade() -> None:
    with op.batch_alter_table('device_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT unit_id, message, sys_descr, sys_object_id FROM device_state "
                                "WHERE message IS NOT NULL AND message != ''")).all()
    updates = []
    for row in rows:
        parsed = parse(row.message, row.sys_descr or "", row.sys_object_id or "")
        if parsed is not None:
            updates.append({"b_id": row.unit_id, "b_code": parsed[0], "b_params": parsed[1]})
    if updates:
        state = sa.table('device_state', sa.column('unit_id', sa.Integer), sa.column('code', sa.String),
                         sa.column('params', sa.JSON))
        bind.execute(state.update().where(state.c.unit_id == sa.bindparam('b_id'))
                     .values(code=sa.bindparam('b_code'), params=sa.bindparam('b_params')), updates)


def downgrade() -> None:
    with op.batch_alter_table('device_state', schema=None) as batch_op:
        batch_op.drop_column('params')
        batch_op.drop_column('code')
