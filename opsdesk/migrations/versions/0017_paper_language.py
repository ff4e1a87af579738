"""paper language: the language a kept signed paper is printed in ("zh", "en") beside its drawing
version, so verify redraws and compares a printed copy in its own language (issue 16). Every paper
kept before is Chinese: the column's default fills them.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-09
"""

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('signed_paper', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), server_default='zh', nullable=False))
        batch_op.drop_constraint('uq_signed_paper_signed_hash', type_='unique')
        batch_op.create_unique_constraint('uq_signed_paper_signed_hash', ['signed_hash', 'drawing', 'language'])


def downgrade() -> None:
    with op.batch_alter_table('signed_paper', schema=None) as batch_op:
        batch_op.drop_constraint('uq_signed_paper_signed_hash', type_='unique')
        batch_op.create_unique_constraint('uq_signed_paper_signed_hash', ['signed_hash', 'drawing'])
        batch_op.drop_column('language')
