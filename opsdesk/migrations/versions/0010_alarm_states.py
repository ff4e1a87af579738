"""alarm states (ISA-18.2): an alarm that clears before anyone acknowledged it stays current
(``latched``) until acknowledged, and one that comes back meanwhile stays one row
(``occurrences``, ``last_raised_at``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_raised_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('occurrences', sa.Integer(), nullable=False, server_default='1'))
        # Alarms cleared before this version were never latched: an upgrade does not bring
        # months of old, never acknowledged alarms back into the current list.
        batch_op.add_column(sa.Column('latched', sa.Boolean(), nullable=False, server_default=sa.false()))
    alarm = sa.table('alarm', sa.column('raised_at', sa.DateTime), sa.column('last_raised_at', sa.DateTime))
    op.execute(alarm.update().values(last_raised_at=alarm.c.raised_at))
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.alter_column('last_raised_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index(batch_op.f('ix_alarm_last_raised_at'), ['last_raised_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alarm_last_raised_at'))
        batch_op.drop_column('latched')
        batch_op.drop_column('occurrences')
        batch_op.drop_column('last_raised_at')
