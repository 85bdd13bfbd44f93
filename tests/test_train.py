import json

import numpy as np
import pytest

from detector.persistence import load_model
from tests.conftest import write_jsonl
from training.train import CANDIDATES, DEFAULT_ELIGIBLE, batch_of, compare_batches_out, train_default


@pytest.mark.slow
def test_train_writes_a_complete_model_folder_deterministically(corpus, tmp_path):
    (tmp_path / "data").mkdir()
    write_jsonl(tmp_path / "data" / "slice.jsonl", corpus[::8])
    folders = [train_default(data_dir=tmp_path / "data", models_dir=tmp_path / f"models{i}", external=False)
               for i in range(2)]
    metrics = json.loads((folders[0] / "metrics.json").read_text())
    assert metrics["chosen"] in DEFAULT_ELIGIBLE
    ranked = metrics["candidates_batches_out"]
    assert set(ranked) == set(DEFAULT_ELIGIBLE) & set(metrics["candidates_validation"])
    assert metrics["chosen"] == max(ranked, key=lambda k: (ranked[k]["pr_auc"], ranked[k]["f1_at_best_threshold"]))
    assert set(metrics["candidates_validation"]) <= set(CANDIDATES)
    assert metrics["test"]["overall"]["n"] == metrics["data"]["test"]["n"]
    card = (folders[0] / "README.md").read_text()
    assert "batches-out PR-AUC" in card
    for section in ("## Data", "## Feature sets compared", "## Corpus test split", "## Intended use", "## Limits"):
        assert section in card
    assert (folders[0] / "pr_curve_test.png").read_bytes()[:4] == b"\x89PNG"
    texts = [r["text"] for r in corpus[1::50]]
    a, b = (load_model(f) for f in folders)
    assert a.version == b.version
    assert np.array_equal(a.detector.predict_proba(texts), b.detector.predict_proba(texts))
    assert a.detector.threshold == metrics["threshold"]


def test_batches_out_scores_each_post_with_a_model_that_never_saw_its_batch(corpus, monkeypatch):
    fits: list[tuple[set[str], list[str]]] = []

    class Memorizer:
        """Scores 1 a post it learned from, 0 any other; records what each fit saw and scored."""

        def __init__(self, **params):
            self.seen: set[str] = set()

        def fit(self, texts, categories):
            self.seen = set(texts)
            return self

        def predict_proba(self, texts):
            fits.append((self.seen, list(texts)))
            return [1.0 if t in self.seen else 0.0 for t in texts]

    monkeypatch.setattr("training.train.Detector", Memorizer)
    rows = corpus[::6]
    batch_of_text = {r["text"]: batch_of(r) for r in rows}
    table = compare_batches_out(rows, ["char+word"], seed=0, folds=4)
    assert table["char+word"]["folds"] == 4 and len(fits) == 4
    scored = [t for _, held in fits for t in held]
    assert sorted(scored) == sorted(r["text"] for r in rows)
    for seen, held in fits:
        assert {batch_of_text[t] for t in seen}.isdisjoint(batch_of_text[t] for t in held)


def test_batches_out_needs_two_batches(corpus):
    one = [r for r in corpus[::4] if batch_of(r) == batch_of(corpus[0])]
    assert compare_batches_out(one, ["char+word"], seed=0) == {}
