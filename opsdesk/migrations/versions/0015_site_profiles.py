"""site profiles: a site's own device profiles kept in the database, each save a new version
with the TOML text as saved, who saved it, when and why; retired ones are no longer read (issue 17).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('site_profile',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_profile'))
    )
    op.create_table('site_profile_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('toml', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('saved_by', sa.String(length=64), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['site_profile.id'],
                            name=op.f('fk_site_profile_version_profile_id_site_profile')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_profile_version')),
    sa.UniqueConstraint('profile_id', 'version', name=op.f('uq_site_profile_version_profile_id'))
    )
    with op.batch_alter_table('site_profile_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_profile_version_profile_id'), ['profile_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('site_profile_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_profile_version_profile_id'))
    op.drop_table('site_profile_version')
    op.drop_table('site_profile')
