"""shifts: versioned checklist templates, shifts and ticks, roster and leave, signed records

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('checklist_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_template')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_checklist_template_code'))
    )
    op.create_table('leave_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_request'))
    )
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_request_username'), ['username'], unique=False)

    op.create_table('signed_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_record')),
    sa.UniqueConstraint('kind', 'record_id', 'revision', name=op.f('uq_signed_record_kind'))
    )
    op.create_table('roster_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_roster_entry_site_id_site'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_entry')),
    sa.UniqueConstraint('site_id', 'day', 'username', name=op.f('uq_roster_entry_site_id'))
    )
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_entry_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_entry_site_id'), ['site_id'], unique=False)

    op.create_table('shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('on_duty', sa.JSON(), nullable=False),
    sa.Column('handover_notes', sa.Text(), nullable=False),
    sa.Column('handover_open', sa.JSON(), nullable=True),
    sa.Column('outgoing', sa.String(length=64), nullable=True),
    sa.Column('incoming', sa.String(length=64), nullable=True),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['site_id'], ['site.id'], name=op.f('fk_shift_site_id_site'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['checklist_template.id'],
                            name=op.f('fk_shift_template_id_checklist_template')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shift')),
    sa.UniqueConstraint('site_id', 'day', 'code', name=op.f('uq_shift_site_id'))
    )
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shift_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_shift_site_id'), ['site_id'], unique=False)

    op.create_table('signature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('printed_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('meaning', sa.String(length=32), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.Column('image_png', sa.LargeBinary(), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['record_id'], ['signed_record.id'],
                            name=op.f('fk_signature_record_id_signed_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signature'))
    )
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_signature_record_id'), ['record_id'], unique=False)

    op.create_table('tick',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shift_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=True),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('metric_at', sa.DateTime(), nullable=True),
    sa.Column('metric_value', sa.String(length=200), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('followup', sa.Text(), nullable=False),
    sa.Column('ticked_by', sa.String(length=64), nullable=False),
    sa.Column('ticked_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['shift_id'], ['shift.id'], name=op.f('fk_tick_shift_id_shift'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tick')),
    sa.UniqueConstraint('shift_id', 'item_key', name=op.f('uq_tick_shift_id'))
    )
    with op.batch_alter_table('tick', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tick_shift_id'), ['shift_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tick', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tick_shift_id'))

    op.drop_table('tick')
    with op.batch_alter_table('signature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_signature_record_id'))

    op.drop_table('signature')
    with op.batch_alter_table('shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shift_site_id'))
        batch_op.drop_index(batch_op.f('ix_shift_day'))

    op.drop_table('shift')
    with op.batch_alter_table('roster_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_entry_site_id'))
        batch_op.drop_index(batch_op.f('ix_roster_entry_day'))

    op.drop_table('roster_entry')
    op.drop_table('signed_record')
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_request_username'))

    op.drop_table('leave_request')
    op.drop_table('checklist_template')
