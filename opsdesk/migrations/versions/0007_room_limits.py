"""room limits: a machine room's own temperature and humidity band (R-ENV-1, "limits are settings
per room"); NULL keeps the site-wide setting.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.add_column(sa.Column('temp_low', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('temp_high', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('humidity_low', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('humidity_high', sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_column('humidity_high')
        batch_op.drop_column('humidity_low')
        batch_op.drop_column('temp_high')
        batch_op.drop_column('temp_low')
