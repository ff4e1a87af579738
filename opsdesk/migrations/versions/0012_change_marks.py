"""change marks: one counter per table, bumped by every committed write, so each console's live
feed learns which kinds of record another console, the CLI or the poller changed (issue 15).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('change_mark',
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_change_mark'))
    )


def downgrade() -> None:
    op.drop_table('change_mark')
