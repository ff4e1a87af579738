"""register categories stored as codes (issue 16, item 3): a register line's category was its
Chinese name (精密空调, UPS电源 …); it is now the category's code in data/categories.toml
(cooling, ups …), and every screen, paper and export reads the name in its language from there.

Stored names (and the aliases the CSV import took: 空调, UPS电源扩容, 存储设备, 安全 …) become
their code. A text no category names — typed by hand into an old database, or written by a
release with another list — is **kept as it was** and shown as is: nothing a site wrote is
lost or moved into a note, and it behaves as the category ``other`` (no footprint of its own,
no inspection class) until someone picks its category in the register. The table is frozen
here, not read from data/categories.toml: a migration does the same on every database, whatever
the file says later.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# code → the Chinese name 0015 stored (downgrade writes it back), then the other words for it
_NAMES = {
    "cooling": ("精密空调", "空调", "AC"),
    "ups": ("UPS电源", "UPS", "UPS电源扩容"),
    "server": ("服务器",),
    "network": ("网络设备",),
    "storage": ("存储", "存储设备"),
    "kvm": ("KVM",),
    "security": ("安全设备", "安全"),
    "sensor": ("环境传感器",),
    "pdu": ("PDU",),
    "other": ("其他",),
}
CODES = {word: code for code, words in _NAMES.items() for word in words}

_line = sa.table("register_line", sa.column("id", sa.Integer), sa.column("category", sa.String))


def upgrade() -> None:
    conn = op.get_bind()
    for word, code in CODES.items():
        conn.execute(_line.update().where(sa.func.trim(_line.c.category) == word).values(category=code))


def downgrade() -> None:
    conn = op.get_bind()
    for code, words in _NAMES.items():
        conn.execute(_line.update().where(_line.c.category == code).values(category=words[0]))
