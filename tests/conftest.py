"""Shared fixtures: a small detector trained on a slice of the corpus, saved as a model folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detector.classifiers import Detector
from detector.persistence import LoadedModel, load_model, save_model
from training.data import load_corpus

DATA = Path(__file__).parent / "data"


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
