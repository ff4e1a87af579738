"""monitoring: metric series, raw readings and roll-ups, device state, alarms,
maintenance windows and the poller lock

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('poller_lock',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
    sa.Column('cycle_seconds', sa.Float(), nullable=True),
    sa.Column('answering', sa.Integer(), nullable=False),
    sa.Column('silent', sa.Integer(), nullable=False),
    sa.Column('last_cycle_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_poller_lock'))
    )
    op.create_table('device_state',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('last_poll_at', sa.DateTime(), nullable=True),
    sa.Column('last_ok_at', sa.DateTime(), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('sys_object_id', sa.String(length=200), nullable=False),
    sa.Column('sys_descr', sa.Text(), nullable=False),
    sa.Column('uptime_s', sa.Float(), nullable=True),
    sa.Column('profiles', sa.JSON(), nullable=False),
    sa.Column('in_maintenance', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_device_state_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', name=op.f('pk_device_state'))
    )
    op.create_table('maintenance_window',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                            name=op.f('fk_maintenance_window_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maintenance_window'))
    )
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maintenance_window_unit_id'), ['unit_id'], unique=False)

    op.create_table('metric_series',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=80), nullable=False),
    sa.Column('idx', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('cls', sa.String(length=32), nullable=False),
    sa.Column('unit_symbol', sa.String(length=16), nullable=False),
    sa.Column('last_value', sa.Float(), nullable=True),
    sa.Column('last_text', sa.String(length=200), nullable=True),
    sa.Column('last_at', sa.DateTime(), nullable=True),
    sa.Column('last_severity', sa.String(length=16), nullable=True),
    sa.Column('invalid_reason', sa.String(length=200), nullable=True),
    sa.Column('last_raw', sa.Float(), nullable=True),
    sa.Column('breach_since', sa.DateTime(), nullable=True),
    sa.Column('breach_severity', sa.String(length=16), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_metric_series_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metric_series')),
    sa.UniqueConstraint('unit_id', 'metric', 'idx', name=op.f('uq_metric_series_unit_id'))
    )
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_metric_series_unit_id'), ['unit_id'], unique=False)

    op.create_table('alarm',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('limit_low', sa.Float(), nullable=True),
    sa.Column('limit_high', sa.Float(), nullable=True),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('acked_at', sa.DateTime(), nullable=True),
    sa.Column('acked_by', sa.String(length=64), nullable=True),
    sa.Column('ack_note', sa.Text(), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('in_maintenance', sa.Boolean(), nullable=False),
    sa.Column('fault_ticket', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['metric_series.id'],
                            name=op.f('fk_alarm_series_id_metric_series'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_alarm_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alarm'))
    )
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.create_index('ix_alarm_open', ['unit_id', 'cleared_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alarm_raised_at'), ['raised_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alarm_unit_id'), ['unit_id'], unique=False)

    op.create_table('reading_1h',
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.DateTime(), nullable=False),
    sa.Column('vmin', sa.Float(), nullable=False),
    sa.Column('vmax', sa.Float(), nullable=False),
    sa.Column('vsum', sa.Float(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['metric_series.id'],
                            name=op.f('fk_reading_1h_series_id_metric_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'bucket', name=op.f('pk_reading_1h'))
    )
    op.create_table('reading_5m',
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.DateTime(), nullable=False),
    sa.Column('vmin', sa.Float(), nullable=False),
    sa.Column('vmax', sa.Float(), nullable=False),
    sa.Column('vsum', sa.Float(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['series_id'], ['metric_series.id'],
                            name=op.f('fk_reading_5m_series_id_metric_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'bucket', name=op.f('pk_reading_5m'))
    )
    op.create_table('reading_raw',
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['series_id'], ['metric_series.id'],
                            name=op.f('fk_reading_raw_series_id_metric_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'at', name=op.f('pk_reading_raw'))
    )


def downgrade() -> None:
    op.drop_table('reading_raw')
    op.drop_table('reading_5m')
    op.drop_table('reading_1h')
    with op.batch_alter_table('alarm', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alarm_unit_id'))
        batch_op.drop_index(batch_op.f('ix_alarm_raised_at'))
        batch_op.drop_index('ix_alarm_open')

    op.drop_table('alarm')
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_metric_series_unit_id'))

    op.drop_table('metric_series')
    with op.batch_alter_table('maintenance_window', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maintenance_window_unit_id'))

    op.drop_table('maintenance_window')
    op.drop_table('device_state')
    op.drop_table('poller_lock')
