"""series names: a metric series' name and its last state text in both languages ({"zh": …, "en": …}),
written by the monitor from each reading, so a reader shows them in the reader's language whichever
language the poller ran in (issue 16). Rows written before keep ``label`` and ``last_text`` (the
poller's language) and NULL here until the next poll: readers fall back to those.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('meanings', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_column('meanings')
        batch_op.drop_column('names')
