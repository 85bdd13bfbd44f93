"""Schema drift: the ORM tables (`review.tables`) and the Alembic revisions (`review/migrations/`) must
describe one schema, on SQLite and, for real, on PostgreSQL (URL in VIGIE_TEST_POSTGRES_URL; elsewhere
that case skips with the reason). Every revision must also go down to nothing and up again."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from review.migrations import downgrade, upgrade
from review.tables import Base

PG_URL = os.environ.get("VIGIE_TEST_POSTGRES_URL")
TABLES = {"posts", "identifiers", "suggestions", "reviews", "adjudications", "audit_log", "users", "failed_logins",
          "campaigns", "campaign_members", "campaign_runs", "sessions", "claims", "review_settings",
          "campaign_index", "campaign_bands", "campaign_edits"}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'schema.db'}")
        yield engine
        engine.dispose()
        return
    if not PG_URL:
        pytest.skip("VIGIE_TEST_POSTGRES_URL is not set (`.ci/run` sets it)")
    schema = f"s_{uuid.uuid4().hex[:12]}"  # a schema of its own: the other tests' tables stay out of view
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    engine = create_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def _drift(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_schema_orm_tables_match_the_migrations(engine):
    upgrade(engine)
    assert _tables(engine) == TABLES == set(Base.metadata.tables)
    assert _drift(engine) == []


def test_schema_downgrade_to_base_and_upgrade_again(engine):
    upgrade(engine)
    downgrade(engine, "base")
    assert _tables(engine) == set()
    upgrade(engine)
    assert _tables(engine) == TABLES and _drift(engine) == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0011"


def test_schema_0005_keeps_stored_posts_as_legacy_and_their_rows(engine):
    from sqlalchemy import event

    from review.engine import _sqlite_begin, _sqlite_connect

    if engine.dialect.name == "sqlite":  # as `review.engine.Database` opens it: foreign keys on
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO posts (id, source_id, text_key, text, ingested_at) VALUES "
                          "(1, '1', 'k1', 'a', CURRENT_TIMESTAMP), (2, '2', 'k2', 'b', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO suggestions (post_id, model, scam_score, flagged, category, signals, "
                          "created_at) VALUES (1, 'm', 0.9, true, 'fake_job', '[]', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO reviews (post_id, analyst, label, note, status, version, updated_at) "
                          "VALUES (1, 'awa', 'fake_job', '', 'submitted', 1, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO identifiers (post_id, key) VALUES (2, 'tel:+33612')"))
    upgrade(engine, "0005")  # 0006 computes the identifier keys again from the texts
    with engine.begin() as conn:
        assert conn.execute(text("SELECT id, source, source_id FROM posts ORDER BY id")).all() == [
            (1, "legacy", "1"), (2, "legacy", "2")]
        # The table rebuilt on SQLite took nothing with it (ON DELETE CASCADE would have).
        assert [conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
                for t in ("suggestions", "reviews", "identifiers")] == [1, 1, 1]
        # The same id from another source is another post; twice from one source is refused.
        conn.execute(text("INSERT INTO posts (id, source, source_id, text_key, text, ingested_at) "
                          "VALUES (3, 'week2.jsonl', '1', 'k3', 'c', CURRENT_TIMESTAMP)"))
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as conn:
        conn.execute(text("INSERT INTO posts (id, source, source_id, text_key, text, ingested_at) "
                          "VALUES (4, 'week2.jsonl', '1', 'k4', 'd', CURRENT_TIMESTAMP)"))
    upgrade(engine)  # the later revisions on top of it: the ORM's schema
    assert _drift(engine) == []


def test_schema_0006_computes_identifier_keys_again_and_back(engine):
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO posts (id, source, source_id, text_key, text, author_handle, ingested_at) "
                          "VALUES (1, 's', '1', 'k1', 'WhatsApp wa.me/237699004127, session 2026-2027', '@Agent', "
                          "CURRENT_TIMESTAMP), "
                          "(2, 's', '2', 'k2', 'Appelez le 6 99 00 41 27', NULL, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO identifiers (post_id, key) VALUES (1, 'link:wa.me/237699004127'), "
                          "(1, 'phone:20262027'), (1, 'handle:@agent'), (2, 'phone:699004127')"))

    def keys() -> list[tuple[int, str]]:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text("SELECT post_id, key FROM identifiers ORDER BY post_id, key"))]

    upgrade(engine)
    assert keys() == [(1, "handle:agent"), (1, "phone:+237699004127"), (2, "phone:+237699004127")]
    downgrade(engine, "0005")
    assert keys() == [(1, "handle:@agent"), (1, "link:wa.me/237699004127"), (1, "phone:20262027"),
                      (2, "phone:699004127")]


def test_schema_0011_fills_the_search_column_of_stored_posts(engine):
    upgrade(engine, "0010")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO posts (id, source, source_id, text_key, text, ingested_at) VALUES "
                          "(1, 's', '1', 'k1', 'FEMMES DE MÉNAGE à Dubaï', CURRENT_TIMESTAMP), "
                          "(2, 's', '2', 'k2', 'Frais 100%, dossier a_b', CURRENT_TIMESTAMP)"))
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT search_text FROM posts ORDER BY id")).scalars().all() == [
            "femmes de menage a dubai", "frais 100%, dossier a_b"]
    downgrade(engine, "0010")
    assert "search_text" not in {c["name"] for c in inspect(engine).get_columns("posts")}
    assert "ix_posts_source_id" not in {i["name"] for i in inspect(engine).get_indexes("posts")}
