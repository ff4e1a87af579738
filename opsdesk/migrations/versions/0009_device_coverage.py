"""device coverage: each metric series keeps its role (what it means to the duty room, set by
the profile), and each unit its monitored ports (监控端口: port names whose link down always
alarms, e.g. uplinks).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=40), nullable=False, server_default=''))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('monitored_ports', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('monitored_ports')
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_column('role')
