"""an authenticated audit chain (issue 14): each new entry carries an HMAC made with a key kept
outside the database (``mac``), and the state of the users table (roles, password hashes,
enabled) it was written against (``users_digest``; ``users_state`` where it changed), so an
entry rewritten or a user edited behind the application's back is caught. Entries written
before this version keep ``mac`` empty: the plain chain is checked as it is, and the first
authenticated entry commits to its head.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mac', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('users_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('users_state', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_column('users_state')
        batch_op.drop_column('users_digest')
        batch_op.drop_column('mac')
