"""Where the review store lives and how it is reached: the URL, the engine, transactions, and the
retries that two writers at the same moment need.

SQLite (the default, a file in the data folder) runs in WAL mode, so readers never wait for the
writer; PostgreSQL is reached by URL (VIGIE_DATABASE_URL). The schema is migrated to the latest Alembic
revision when a `Database` is opened.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from detector.settings import settings
from review.tables import PostRow

T = TypeVar("T")


def default_url() -> str:
    """The store of this process's environment, read at this call (`detector.settings`, as the
    commands read it): VIGIE_DATABASE_URL, else SQLite ``vigie.db`` in VIGIE_DATA_DIR (created if needed)."""
    config = settings()
    if config.uses_default_database:
        config.data_dir.mkdir(parents=True, exist_ok=True)
    return config.database_url


class Database:
    """An engine on the store's database, its schema migrated, with read and write transactions.

    Parameters
    ----------
    url : str, optional
        A SQLAlchemy URL (``postgresql+psycopg://user@host/db``, ``sqlite:///path.db``); default
        `default_url()`.

    Example
    -------
    >>> db = Database("sqlite://")  # in memory
    >>> with db.session(write=False) as session:
    ...     session.scalar(select(func.count()).select_from(PostRow))
    0
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self.engine: Engine = create_engine(self.url, future=True, hide_parameters=True)  # no post text in errors
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.engine.execution_options(vigie_read_only=True), expire_on_commit=False)
        from review.migrations import upgrade

        upgrade(self.engine)
        self._added_since_analyze, self._analyzed_at_count = 0, 0

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A transaction, committed at the end of the block (rolled back on an exception)."""
        with (self._writer if write else self._reader).begin() as session:
            yield session

    def retry(self, work: Callable[[Session], T], attempts: int = 8) -> T:
        """Run `work` in a write transaction, again when the database reports a transient lock or
        serialization failure (two writers at the same moment)."""
        for attempt in range(attempts):
            try:
                with self.session() as session:
                    return work(session)
            except OperationalError as err:
                if attempt == attempts - 1 or not _transient(err):
                    raise
                # Jittered: two writers that failed together do not retry in step.
                time.sleep(0.05 * (attempt + 1) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    def count_posts(self) -> int:
        with self.session(write=False) as session:
            return int(session.scalar(select(func.count()).select_from(PostRow)) or 0)

    def analyze(self) -> None:
        """Refresh the query planner's statistics. After a bulk load they are stale, and PostgreSQL
        then picked plans that took minutes for a queue page (measured: 100,000 posts, > 60 s before,
        56 ms after). Run by `added` each time the posts grew by a fifth (at least 1,000)."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql("ANALYZE")
        self._added_since_analyze, self._analyzed_at_count = 0, self.count_posts()

    def added(self, posts: int) -> None:
        """Note that `posts` new posts were stored; refresh the planner's statistics when due."""
        self._added_since_analyze += posts
        if self._added_since_analyze >= max(1000, self._analyzed_at_count // 5):
            self.analyze()


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by `_sqlite_begin`, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL: readers never block the writer; busy_timeout: a second writer waits instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writer's IMMEDIATE takes the write lock at the start (waiting up to busy_timeout): two
    # writers queue instead of both reading a version and one failing at its first write. Readers
    # begin DEFERRED and, in WAL mode, never wait for a writer.
    read_only = connection.get_execution_options().get("vigie_read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _transient(err: OperationalError) -> bool:
    text = str(err.orig).lower()
    return "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text
