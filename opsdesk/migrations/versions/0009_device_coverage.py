"""device coverage: each metric series keeps its role (what it means to the duty room, set by
the profile), and each unit its monitored ports (监控端口: port names whose link down always
alarms, e.g. uplinks).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


# Series recorded before roles existed get the role today's profiles give the same metric,
# so the floor, gauges, checklist and sheets keep finding them until the next poll says so.
BACKFILL = {
    "env.temperature": "room.temperature", "env.humidity": "room.humidity",
    "cooling.return_temperature": "cooling.return_temperature", "cooling.return_humidity": "cooling.return_humidity",
    "cooling.supply_temperature": "cooling.supply_temperature", "cooling.supply_humidity": "cooling.supply_humidity",
    "ups.output.source": "ups.output_source", "ups.output.load": "ups.output_load",
    "ups.output.voltage": "ups.output_voltage", "ups.input.voltage": "ups.input_voltage",
    "ups.battery.charge": "ups.battery_charge", "ups.battery.runtime": "ups.battery_runtime",
    "ups.battery.status": "ups.battery_status", "ups.battery.temperature": "ups.battery_temperature",
    "host.cpu.load": "host.cpu", "host.memory.used_pct": "host.memory", "host.storage.used_pct": "host.storage",
    "if.oper_status": "net.link",
}


def upgrade() -> None:
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=40), nullable=False, server_default=''))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('monitored_ports', sa.Text(), nullable=False, server_default=''))
    series = sa.table('metric_series', sa.column('metric', sa.String), sa.column('role', sa.String))
    for metric, role in BACKFILL.items():
        op.execute(series.update().where(series.c.metric == metric).values(role=role))


def downgrade() -> None:
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_column('monitored_ports')
    with op.batch_alter_table('metric_series', schema=None) as batch_op:
        batch_op.drop_column('role')
