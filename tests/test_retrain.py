"""The feedback loop, end to end: a reviewed post travels from the store to a promoted model."""

import json

import pytest

import training.retrain as retrain_module
from detector.cli import main
from detector.persistence import load_model
from detector.store import PostStore
from tests.conftest import write_jsonl
from training.data import load_splits
from training.retrain import export_reviews, review_id


@pytest.mark.slow
def test_retrain_reviewed_posts_reach_a_promoted_model(corpus, tmp_path, monkeypatch):
    data = tmp_path / "corpus"
    data.mkdir()
    write_jsonl(data / "slice.jsonl", corpus[::8])
    models = tmp_path / "models"
    assert main(["train", "--data", str(data), "--models", str(models), "--feature-set", "char+word",
                 "--no-external"]) == 0
    posts = [{"id": f"s{i}", "text": r["text"], "platform": r["platform"]} for i, r in enumerate(corpus[1::40])]
    src = write_jsonl(tmp_path / "scraped.jsonl", posts)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    assert main(["ingest", str(src), "--store", url, "--model", str(models / "default"), "--workers", "1",
                 "--no-progress"]) == 0
    store = PostStore(url)
    truth = corpus[1::40]
    for post_id, row in enumerate(truth, 1):
        store.review(post_id, "awa", row["category"])
        store.review(post_id, "bello", row["category"] if post_id % 10 else "other_benign")  # some disagree
    store.review(len(truth), "chantal", "fake_job", status="draft")  # drafts are not exported
    for post_id in store.conflicts()[:1]:
        store.adjudicate(post_id, "admin", truth[post_id - 1]["category"])

    reviews = tmp_path / "reviews"
    path, count = export_reviews(store, reviews)
    settled = len(truth) - len(store.conflicts())
    assert path is not None and count == settled
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert all(r["source"].startswith("review:") and r["id"] == review_id(r["text"]) for r in records)
    assert export_reviews(store, reviews) == (None, 0)  # nothing new: never exported twice
    assert any(a["action"] == "export_reviews" for a in store.audit_log())
    # Loadable by the same loader; reviews join train only, the test split is the corpus's.
    plain, with_reviews = load_splits(data), load_splits(data, additions=reviews)
    assert with_reviews["test"]["id"] == plain["test"]["id"]
    assert len(with_reviews["train"]) > len(plain["train"])

    before = load_model(models / "default").version
    monkeypatch.setattr(retrain_module, "TOLERANCE", -1.0)  # a rule no candidate passes
    assert main(["retrain", "--models", str(models), "--data", str(data), "--reviews", str(reviews),
                 "--no-external"]) == 0
    assert load_model(models / "default").version == before
    kept = json.loads((models / "candidates" / "default" / "retrain.json").read_text())
    assert not kept["promoted"] and kept["current"]["version"] == before

    monkeypatch.setattr(retrain_module, "TOLERANCE", 1.0)  # a rule every candidate passes
    decision = retrain_module.retrain(models_dir=models, data_dir=data, reviews_dir=reviews, external=False)
    assert decision["promoted"]
    after = load_model(models / "default")
    assert after.version == decision["candidate"]["version"] != before and ".r" in after.version
    assert load_model(models / "archive" / f"default-{before}").version == before  # for rollback
    card = (models / "default" / "README.md").read_text()
    assert "## Retraining decision" in card and "**Promoted.**" in card
    store.close()
