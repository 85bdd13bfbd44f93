"""Alembic environment: runs on the connection `review.migrations.upgrade` hands over."""

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # the alembic command line
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite:///vigie-data/vigie.db")
    with engine.begin() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
