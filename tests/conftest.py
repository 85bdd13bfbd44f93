"""Shared fixtures: a small detector trained on a slice of the corpus, saved as a model folder; a
served dashboard for the browser tests."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from commands.dashboard import serving
from detector.classifiers import Detector
from detector.errors import VigieError
from detector.persistence import LoadedModel, load_model, save_model
from training.data import load_corpus

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def serve_dashboard(folder: Path, database_url: str) -> Iterator[str]:
    """The dashboard served against `database_url` (`commands.dashboard.serving`), its address; the
    test fails when it does not start within 60 s."""
    with contextlib.ExitStack() as stack:
        try:
            _, base = stack.enter_context(serving(database_url, folder))
        except VigieError as err:
            pytest.fail(str(err))
        yield base


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    return load_corpus()


@pytest.fixture(scope="session")
def small_detector(corpus: list[dict]) -> Detector:
    """Every 4th corpus post: enough to learn, fast enough for every test run."""
    rows = corpus[::4]
    return Detector(word_ngrams=(1, 1), max_features=20_000).fit([r["text"] for r in rows],
                                                                 [r["category"] for r in rows])


@pytest.fixture(scope="session")
def model_dir(small_detector: Detector, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "small"
    save_model(small_detector, folder, name="small", version="test", card="# test model\n", metrics={})
    return folder


@pytest.fixture(scope="session")
def loaded_model(model_dir: Path) -> LoadedModel:
    return load_model(model_dir)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    """Write rows (dicts, or raw strings for malformed lines) as JSON Lines."""
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write((row if isinstance(row, str) else json.dumps(row, ensure_ascii=False)) + "\n")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store's database URL: SQLite in the test's folder, and PostgreSQL where VIGIE_TEST_POSTGRES_URL
    is set (`.ci/run` sets it), in a schema of its own that is dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigie.db'}"
        return
    pg_url = os.environ.get("VIGIE_TEST_POSTGRES_URL")
    if not pg_url:
        pytest.skip("VIGIE_TEST_POSTGRES_URL is not set (`.ci/run` sets it)")
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"  # one schema per test: tests never see each other's rows
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in pg_url else "?"
    try:
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
