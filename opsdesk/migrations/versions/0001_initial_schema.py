"""initial schema: register, users, settings, audit

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Sites, rooms, racks, the equipment register and its units, users, settings and
the hash-chained audit trail. Times are naive UTC (opsdesk.models.base.UTCDateTime).
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('db_info',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_db_info'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('hospital', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site')),
    sa.UniqueConstraint('code', name=op.f('uq_site_code')),
    sa.UniqueConstraint('name', name=op.f('uq_site_name'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('institution',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_institution_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institution')),
    sa.UniqueConstraint('site_id', 'name', name=op.f('uq_institution_site_id'))
    )
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_institution_site_id'), ['site_id'], unique=False)

    op.create_table('register_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('brand', sa.String(length=100), nullable=False),
    sa.Column('model', sa.String(length=200), nullable=False),
    sa.Column('purchased', sa.Date(), nullable=True),
    sa.Column('warranty_years', sa.Integer(), nullable=True),
    sa.Column('end_of_service', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_register_line_site_id_site'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_line'))
    )
    with op.batch_alter_table('register_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_register_line_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_register_line_site_id'), ['site_id'], unique=False)

    op.create_table('room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('grid_cols', sa.Integer(), nullable=False),
    sa.Column('grid_rows', sa.Integer(), nullable=False),
    sa.Column('tile_mm', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'],
                            name=op.f('fk_room_institution_id_institution'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_room_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room')),
    sa.UniqueConstraint('site_id', 'name', name=op.f('uq_room_site_id'))
    )
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_site_id'), ['site_id'], unique=False)

    op.create_table('rack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('u_height', sa.Integer(), nullable=False),
    sa.Column('x', sa.Double(), nullable=True),
    sa.Column('y', sa.Double(), nullable=True),
    sa.Column('rotation', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_rack_room_id_room'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rack')),
    sa.UniqueConstraint('room_id', 'name', name=op.f('uq_rack_room_id'))
    )
    with op.batch_alter_table('rack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rack_room_id'), ['room_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('asset_tag', sa.String(length=64), nullable=False),
    sa.Column('serial', sa.String(length=100), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('rack_id', sa.Integer(), nullable=True),
    sa.Column('u_position', sa.Integer(), nullable=True),
    sa.Column('u_height', sa.Integer(), nullable=False),
    sa.Column('x', sa.Double(), nullable=True),
    sa.Column('y', sa.Double(), nullable=True),
    sa.Column('mgmt_ip', sa.String(length=64), nullable=False),
    sa.Column('snmp_version', sa.String(length=8), nullable=False),
    sa.Column('snmp_port', sa.Integer(), nullable=False),
    sa.Column('snmp_user', sa.String(length=64), nullable=False),
    sa.Column('snmp_auth_proto', sa.String(length=16), nullable=False),
    sa.Column('snmp_priv_proto', sa.String(length=16), nullable=False),
    sa.Column('snmp_community_enc', sa.LargeBinary(), nullable=True),
    sa.Column('snmp_auth_key_enc', sa.LargeBinary(), nullable=True),
    sa.Column('snmp_priv_key_enc', sa.LargeBinary(), nullable=True),
    sa.Column('pdu_a', sa.String(length=64), nullable=False),
    sa.Column('pdu_b', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institution.id'],
                            name=op.f('fk_unit_institution_id_institution'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['line_id'], ['register_line.id'],
                            name=op.f('fk_unit_line_id_register_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rack_id'], ['rack.id'], name=op.f('fk_unit_rack_id_rack'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['room_id'], ['room.id'], name=op.f('fk_unit_room_id_room'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('asset_tag', name=op.f('uq_unit_asset_tag'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_line_id'), ['line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_rack_id'), ['rack_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_room_id'), ['room_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_room_id'))
        batch_op.drop_index(batch_op.f('ix_unit_rack_id'))
        batch_op.drop_index(batch_op.f('ix_unit_line_id'))

    op.drop_table('unit')
    with op.batch_alter_table('rack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rack_room_id'))

    op.drop_table('rack')
    with op.batch_alter_table('room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_site_id'))

    op.drop_table('room')
    with op.batch_alter_table('register_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_register_line_site_id'))
        batch_op.drop_index(batch_op.f('ix_register_line_category'))

    op.drop_table('register_line')
    with op.batch_alter_table('institution', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_institution_site_id'))

    op.drop_table('institution')
    op.drop_table('user_account')
    op.drop_table('site')
    op.drop_table('setting')
    op.drop_table('db_info')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_action'))

    op.drop_table('audit_entry')
