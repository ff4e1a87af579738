"""readings stored in their key's order: reading_raw, reading_5m and reading_1h as SQLite
WITHOUT ROWID tables, so a series' readings over a time range are one contiguous run of the
primary key's B-tree (a trend reads them without a table lookup per row). PostgreSQL keeps
its heap tables; nothing changes there.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

_COLUMNS = {
    'reading_raw': ("series_id INTEGER NOT NULL, at DATETIME NOT NULL, value FLOAT", 'at'),
    'reading_5m': ("series_id INTEGER NOT NULL, bucket DATETIME NOT NULL, vmin FLOAT NOT NULL, "
                   "vmax FLOAT NOT NULL, vsum FLOAT NOT NULL, n INTEGER NOT NULL", 'bucket'),
    'reading_1h': ("series_id INTEGER NOT NULL, bucket DATETIME NOT NULL, vmin FLOAT NOT NULL, "
                   "vmax FLOAT NOT NULL, vsum FLOAT NOT NULL, n INTEGER NOT NULL", 'bucket'),
}


def _rebuild(rowid: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table, (columns, key) in _COLUMNS.items():
        names = ", ".join(part.split()[0] for part in columns.split(", "))
        op.execute(
            f"CREATE TABLE _new_{table} ({columns}, "
            f"CONSTRAINT pk_{table} PRIMARY KEY (series_id, {key}), "
            f"CONSTRAINT fk_{table}_series_id_metric_series FOREIGN KEY(series_id) "
            f"REFERENCES metric_series (id) ON DELETE CASCADE)" + ("" if rowid else " WITHOUT ROWID"))
        op.execute(f"INSERT INTO _new_{table} ({names}) SELECT {names} "  # noqa: S608 - names from _COLUMNS above
                   f"FROM {table} ORDER BY series_id, {key}")
        op.execute(f"DROP TABLE {table}")
        op.execute(f"ALTER TABLE _new_{table} RENAME TO {table}")


def upgrade() -> None:
    _rebuild(rowid=False)


def downgrade() -> None:
    _rebuild(rowid=True)
