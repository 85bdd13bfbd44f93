"""Alembic migrations of the review store (`review`), applied on opening a store.

The revision ids (0001...) are the history of every store already deployed: never renumber them.
New revision: `python -c "from alembic import command; from review.migrations import config;
command.revision(config(), 'what it adds')"`, then write its `upgrade()` and `downgrade()` by hand and
run `tests/test_schema.py` (it fails while the ORM tables in `review.tables` and the revisions differ).
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
# Alembic's `context` is a module-level proxy: two threads migrating at once would share it.
_LOCK = threading.Lock()
_ADVISORY_KEY = 0x76696769  # "vigi": other processes opening the same PostgreSQL store wait here


def config(engine: Engine | None = None) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to `revision` (idempotent)."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the store's schema back to `revision` ("base": no table left; the rows go with them)."""
    _run(engine, "downgrade", revision)


def _run(engine: Engine, verb: str, revision: str) -> None:
    import logging

    from alembic import command

    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per revision at every start is noise
    cfg = config(engine)
    with _LOCK, engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A revision that rebuilds a table (SQLite cannot drop a constraint) drops the old one:
            # with foreign keys on, that would first delete every row referring to it (ON DELETE
            # CASCADE). SQLite ignores this pragma inside a transaction, hence before `begin`.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
                cfg.attributes["connection"] = connection  # type: ignore[attr-defined]
                getattr(command, verb)(cfg, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise RuntimeError("a migration left rows referring to missing rows; rolled back")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
