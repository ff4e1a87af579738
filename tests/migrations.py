"""Taking a test database back to an older schema, to test a migration on rows written before it."""

from __future__ import annotations

from alembic import command

from opsdesk.store import Store, alembic_config


def downgrade(path, target: str) -> None:
    """Migrate the SQLite file ``path`` down to revision ``target`` (foreign keys off, as the
    migrations' table rebuilds need)."""
    store = Store(str(path), migrate=False)
    with store.engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        with conn.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, target)
    store.close()
