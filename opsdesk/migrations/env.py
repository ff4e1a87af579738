"""Alembic environment: always run on the connection OpsDesk hands over."""

from alembic import context

from opsdesk.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - alembic CLI use
    from opsdesk.store import Store

    store = Store(migrate=False)
    connection = store.engine.connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
