"""The feedback loop, end to end: a reviewed post travels from the store to a promoted model; the
newest reviews are held back and judge the candidate beside the corpus's test split."""

import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from datasets import concatenate_datasets

import training.promotion as promotion_module
import training.retrain as retrain_module
from commands.main import main
from detector.classifiers import Detector
from detector.errors import ModelError, SchemaError
from detector.persistence import load_model, save_model
from review import PostStore
from tests.conftest import write_jsonl
from training.data import load_splits, read_labelled
from training.promotion import promote, retrain_lock
from training.retrain import (
    export_reviews,
    promotion_decision,
    read_reviews,
    review_id,
    review_record,
    split_reviews,
    write_export,
)
from training.train import corpus_fingerprint


def quick_train(calls: list[dict], *, data_dir: Path, models_dir: Path, name: str, seed: int = 0,
                external: bool = False, feature_set: str | None = None, additions: Path | None = None,
                real_sets: object = None) -> Path:
    """`train_default`'s contract in a few seconds: a small character model on train + validation
    (+ the additions), saved as a model folder; records what it was given."""
    calls.append({"additions": additions, "ids": [r["id"] for r in read_labelled(sorted(additions.glob("*.jsonl")))]
                  if additions else [], "real_sets": real_sets})
    splits = load_splits(data_dir, seed=seed, additions=additions)
    rows = concatenate_datasets([splits["train"], splits["validation"]])
    det = Detector(char_ngrams=(3, 4), word_ngrams=None, use_signals=False, max_features=5000, C=4.0,
                   random_state=seed).fit(list(rows["text"]), list(rows["category"]))
    version = f"q+{corpus_fingerprint(data_dir)}" + (f".r{corpus_fingerprint(additions)}" if additions else "")
    return save_model(det, Path(models_dir) / name, name=name, version=version, card="# quick model\n", metrics={},
                      extra_manifest={"feature_set": "quick", "trained_on": []})


@pytest.fixture
def trainer(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(retrain_module, "train_default", lambda **kw: quick_train(calls, **kw))
    return calls


def _deployment(tmp_path: Path, corpus: list[dict], *, current_rows: list[dict]) -> tuple[Path, Path]:
    """A corpus slice (what retraining learns from and is judged on) and a current model."""
    data, seed_data = tmp_path / "corpus", tmp_path / "current-corpus"
    data.mkdir()
    seed_data.mkdir()
    write_jsonl(data / "slice.jsonl", corpus[::10])
    write_jsonl(seed_data / "slice.jsonl", current_rows)
    models = tmp_path / "models"
    quick_train([], data_dir=seed_data, models_dir=models, name="default")
    return data, models


def _reviews(rows: list[dict], out: Path, *, label: str | None = None, files: int = 2) -> list[dict]:
    """Rows exported as reviews, in `files` successive export files; returns the records oldest first."""
    records = [review_record({"post_id": i, "text": r["text"], "scam": int(label is None and r["scam"]),
                              "label": label or r["category"], "lang": r["lang"], "platform": r["platform"],
                              "suggested": "other_benign", "reviewers": ["awa"], "at": datetime(2026, 3, 1)})
               for i, r in enumerate(rows)]
    size = -(-len(records) // files)
    for k in range(files):
        write_export(records[k * size:(k + 1) * size], out, now=datetime(2026, 3, 1 + k, tzinfo=UTC))
    return records


def test_retrain_holds_back_the_newest_fifth(tmp_path):
    texts = [f"reviewed post number {i} about topic {i * 7}" for i in range(12)]
    rows = [{"text": t, "scam": i % 2, "category": "fake_job" if i % 2 else "legit_job", "lang": "en",
             "platform": "web"} for i, t in enumerate(texts)]
    # Written newest file first: the timestamp in the name, not the writing order, says which is newer.
    reviews = tmp_path / "reviews"
    newer = write_export([review_record({**r, "post_id": i, "label": r["category"], "suggested": "legit_job",
                                         "reviewers": ["awa"], "at": datetime(2026, 3, 2)})
                          for i, r in enumerate(rows[6:])], reviews, now=datetime(2026, 3, 2, tzinfo=UTC))
    older = write_export([review_record({**r, "post_id": i, "label": r["category"], "suggested": "legit_job",
                                         "reviewers": ["awa"], "at": datetime(2026, 3, 1)})
                          for i, r in enumerate(rows[:6])], reviews, now=datetime(2026, 3, 1, tzinfo=UTC))
    assert older.name < newer.name
    records = read_reviews(reviews)
    assert [r["text"] for r in records] == texts
    train, held = split_reviews(records)
    assert [r["text"] for r in held] == texts[-2:]  # 20 % of 12, rounded: the last two lines of the newer file
    assert [r["text"] for r in train] == texts[:-2]
    for n, expected in ((4, 0), (5, 1), (7, 1), (8, 2), (100, 20)):
        recs = [{"id": str(i), "text": f"post {i}"} for i in range(n)]
        assert [r["id"] for r in split_reviews(recs)[1]] == [str(i) for i in range(n - expected, n)]
    # A repost of a held-back post (same WhatsApp number) is not trained on either.
    linked = [{"id": str(i), "text": f"distinct review {i} of its own"} for i in range(9)]
    linked[2]["text"] = "Job in Dubai, visa paid, call +971 50 123 4567 now"
    linked.append({"id": "9", "text": "Hotel work abroad: contact +971 50 123 4567 for the visa"})
    train, held = split_reviews(linked)
    assert [r["id"] for r in held] == ["8", "9"] and "2" not in [r["id"] for r in train] and len(train) == 7


@pytest.mark.parametrize(("cur", "cand", "metric", "promoted"), [
    # held-back F1 better, corpus F1 0.01 lower: promoted (the bound is inclusive)
    ({"f1": 0.90, "hb": 0.50}, {"f1": 0.89, "hb": 0.60}, "f1", True),
    # held-back F1 better, corpus F1 0.011 lower: refused
    ({"f1": 0.90, "hb": 0.50}, {"f1": 0.889, "hb": 0.90}, "f1", False),
    # corpus better, held-back equal and no better scored: refused (the reviewed domain must improve)
    ({"f1": 0.80, "hb": 0.70}, {"f1": 0.95, "hb": 0.70}, "f1", False),
    # held-back F1 equal, Brier lower (scores moved toward the analysts' labels): promoted
    ({"f1": 0.80, "hb": 0.70}, {"f1": 0.80, "hb": 0.70, "brier": 0.1}, "f1", True),
    # ... unless the corpus test F1 falls by more than 0.01
    ({"f1": 0.80, "hb": 0.70}, {"f1": 0.78, "hb": 0.70, "brier": 0.1}, "f1", False),
    # all held-back posts benign: accuracy decides
    ({"f1": 0.90, "hb": 0.50, "pos": 0}, {"f1": 0.90, "hb": 0.0, "acc": 0.9, "pos": 0}, "accuracy", True),
    ({"f1": 0.90, "hb": 0.0, "acc": 0.9, "pos": 0}, {"f1": 0.90, "hb": 0.0, "acc": 0.8, "pos": 0}, "accuracy", False),
    # all held-back posts lures, both models flag them all: the Brier score breaks the tie
    ({"f1": 0.9, "hb": 1.0, "acc": 1.0, "pos": 10}, {"f1": 0.9, "hb": 1.0, "acc": 1.0, "pos": 10, "brier": 0.05},
     "accuracy", True),
    ({"f1": 0.9, "hb": 1.0, "acc": 1.0, "pos": 10}, {"f1": 0.9, "hb": 1.0, "acc": 1.0, "pos": 10, "brier": 0.3},
     "accuracy", False),
])
def test_retrain_promotion_rule(cur, cand, metric, promoted):
    def judged(f: dict) -> dict:
        return {"test": {"f1": f["f1"], "pr_auc": 0.9},
                "held_back": {"n": 10, "positives": f.get("pos", 4), "f1": f["hb"], "pr_auc": None,
                              "accuracy": f.get("acc", 0.5), "brier": f.get("brier", 0.2)}}

    decision = promotion_decision(judged(cur), judged(cand))
    assert decision["domain_metric"] == metric and decision["promoted"] is promoted
    assert f"held-back reviewed posts' {metric}" in decision["rule"] and "0.01" in decision["rule"]


def test_retrain_promotion_rule_without_held_back_is_the_corpus_rule():
    cur = {"test": {"f1": 0.90, "pr_auc": 0.95}, "held_back": None}
    assert promotion_decision(cur, {"test": {"f1": 0.896, "pr_auc": 0.946}, "held_back": None})["promoted"]
    decision = promotion_decision(cur, {"test": {"f1": 0.894, "pr_auc": 0.99}, "held_back": None})
    assert not decision["promoted"] and decision["domain_metric"] is None and "0.005" in decision["rule"]


def test_retrain_promotes_when_the_held_back_domain_improves(corpus, tmp_path, trainer, capsys):
    data, models = _deployment(tmp_path, corpus, current_rows=corpus[::80])
    before = load_model(models / "default").version
    records = _reviews(corpus[5::20], tmp_path / "reviews")
    assert main(["retrain", "--models", str(models), "--data", str(data), "--reviews", str(tmp_path / "reviews"),
                 "--no-external"]) == 0
    decision = json.loads((models / "default" / "retrain.json").read_text())
    cur, cand = decision["current"], decision["candidate"]
    assert decision["promoted"] and decision["domain_metric"] == "f1"
    assert cand["held_back"]["f1"] > cur["held_back"]["f1"] and cand["test"]["f1"] >= cur["test"]["f1"] - 0.01
    assert cur["test"]["n"] == cand["test"]["n"] == len(load_splits(data)["test"])
    # The newest fifth judged, never trained on: not in the additions the trainer got.
    held = records[-round(len(records) * 0.2):]
    assert cur["held_back"]["n"] == len(held) == decision["reviews"]["held_back"]
    assert cur["held_back"]["positives"] == sum(r["scam"] for r in held)
    staged = Path(decision["reviews"]["staging"])
    assert trainer[-1]["additions"] == staged / "train"
    trained_ids = set(trainer[-1]["ids"])
    assert trained_ids and not trained_ids & {r["id"] for r in held}
    assert trained_ids <= {r["id"] for r in records[:-len(held)]}
    assert [r["id"] for r in read_labelled([staged / "held_back.jsonl"])] == [r["id"] for r in held]
    assert load_model(models / "archive" / f"default-{before}").version == before
    card = (models / "default" / "README.md").read_text()
    assert "## Retraining decision" in card and "held-back reviewed posts" in card and "corpus test split" in card
    assert decision["rule"] in card and "**Promoted.**" in card
    printed = capsys.readouterr().err
    assert "held-back reviews" in printed and "corpus test" in printed and "-> promoted" in printed


def test_retrain_refuses_when_the_corpus_test_f1_falls(corpus, tmp_path, trainer):
    # Analysts who call lures legitimate: the candidate learns their domain (it stops flagging
    # such posts) and loses the corpus's lures.
    data, models = _deployment(tmp_path, corpus, current_rows=corpus[::10])
    before = load_model(models / "default").version
    lures = [r for r in corpus[3::3] if r["scam"]]
    _reviews(lures, tmp_path / "reviews", label="other_benign")
    decision = retrain_module.retrain(models_dir=models, data_dir=data, reviews_dir=tmp_path / "reviews",
                                      external=False)
    cur, cand = decision["current"], decision["candidate"]
    assert decision["domain_metric"] == "accuracy" and "all benign" in decision["rule"]
    assert cand["held_back"]["accuracy"] > cur["held_back"]["accuracy"]  # the reviewed domain improved ...
    assert cand["test"]["f1"] < cur["test"]["f1"] - 0.01  # ... at the corpus's expense
    assert not decision["promoted"] and load_model(models / "default").version == before
    kept = models / "candidates" / "default"
    assert json.loads((kept / "retrain.json").read_text())["promoted"] is False
    assert "**Not promoted.**" in (kept / "README.md").read_text()


@pytest.mark.parametrize("n_reviews", [0, 3])
def test_retrain_without_held_back_reviews_keeps_the_corpus_rule(corpus, tmp_path, trainer, n_reviews):
    data, models = _deployment(tmp_path, corpus, current_rows=corpus[::10])
    if n_reviews:
        _reviews(corpus[7::40][:n_reviews], tmp_path / "reviews", files=1)
    decision = retrain_module.retrain(models_dir=models, data_dir=data, reviews_dir=tmp_path / "reviews",
                                      external=False)
    assert decision["domain_metric"] is None and "no held-back reviews" in decision["rule"]
    assert decision["current"]["held_back"] is None and decision["reviews"]["held_back"] == 0
    assert len(trainer[-1]["ids"]) == n_reviews and (trainer[-1]["additions"] is None) == (n_reviews == 0)
    # The same corpus and no reviews: the same model, so not worse, so promoted.
    assert decision["promoted"] is (decision["candidate"]["test"]["f1"] >= decision["current"]["test"]["f1"] - 0.005
                                    and decision["candidate"]["test"]["pr_auc"]
                                    >= decision["current"]["test"]["pr_auc"] - 0.005)
    if not n_reviews:
        assert decision["promoted"] and decision["candidate"]["test"] == decision["current"]["test"]


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
    # Settled reviews are held back in part, so the held-back rule applies: its two bounds force
    # each outcome (before the rule had held-back reviews, TOLERANCE alone did).
    monkeypatch.setattr(retrain_module, "CORPUS_F1_DROP", -1.0)  # a rule no candidate passes
    assert main(["retrain", "--models", str(models), "--data", str(data), "--reviews", str(reviews),
                 "--no-external"]) == 0
    assert load_model(models / "default").version == before
    kept = json.loads((models / "candidates" / "default" / "retrain.json").read_text())
    assert not kept["promoted"] and kept["current"]["version"] == before

    monkeypatch.setattr(retrain_module, "CORPUS_F1_DROP", 1.0)  # a rule every candidate passes
    monkeypatch.setattr(retrain_module, "DOMAIN_GAIN", -2.0)
    decision = retrain_module.retrain(models_dir=models, data_dir=data, reviews_dir=reviews, external=False)
    assert decision["promoted"]
    after = load_model(models / "default")
    assert after.version == decision["candidate"]["version"] != before and ".r" in after.version
    assert load_model(models / "archive" / f"default-{before}").version == before  # for rollback
    card = (models / "default" / "README.md").read_text()
    assert "## Retraining decision" in card and "**Promoted.**" in card
    store.close()


def test_retrain_model_page_shows_the_last_decision_with_both_figures(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard import admin

    def judged(version: str, f1: float, held_f1: float) -> dict:
        base = {"precision": 0.8, "recall": 0.7, "pr_auc": 0.9, "accuracy": 0.85, "brier": 0.1}
        return {"version": version, "test": {"n": 300, "positives": 120, "f1": f1, **base},
                "held_back": {"n": 20, "positives": 12, "f1": held_f1, **base}}

    current, candidate = judged("0.1.0+a", 0.90, 0.60), judged("0.1.0+a.r1", 0.895, 0.75)
    decision = promotion_decision(current, candidate) | {"current": current, "candidate": candidate}
    kept = tmp_path / "models" / "candidates" / "default"
    kept.mkdir(parents=True)
    (kept / "retrain.json").write_text(json.dumps(decision))
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    script = ("import streamlit as st\nfrom dashboard import admin, state\n"
              "st.session_state[state.USER] = 'chef'\nst.session_state[state.ROLE] = 'admin'\nadmin.model_page()\n")
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.exception
    shown = [t.value for t in at.text if t.value.startswith("Last decision:")]
    assert shown == [f"Last decision: promoted · {decision['rule']}"] and "held-back" in decision["rule"]
    assert any("0.6 -> 0.75" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert list(zip(table["model"], table["set"], table["f1"], strict=True)) == [
        ("current", "corpus test split", 0.90), ("current", "held-back reviewed posts", 0.60),
        ("candidate", "corpus test split", 0.895), ("candidate", "held-back reviewed posts", 0.75)]
    # A decision written before held-back reviews existed is still shown.
    old = {"rule": "promote if test F1 and PR-AUC are each at least the current model's minus 0.005",
           "current": {"version": "a", "f1": 0.9, "pr_auc": 0.95}, "candidate": {"version": "b", "f1": 0.91,
                                                                                "pr_auc": 0.95},
           "reviews": 2, "promoted": True}
    assert [r["set"] for r in admin.decision_rows(old)] == ["corpus test split"] * 2


def _two_models(corpus: list[dict], tmp_path: Path) -> tuple[Path, Path, str, str]:
    """Two quick model folders of different versions (learnt from different corpus slices)."""
    folders = []
    for k, rows in enumerate((corpus[::80], corpus[1::80])):
        data = tmp_path / f"corpus{k}"
        data.mkdir()
        write_jsonl(data / "slice.jsonl", rows)
        folders.append(quick_train([], data_dir=data, models_dir=tmp_path / f"built{k}", name="default"))
    a, b = folders
    return a, b, load_model(a).version, load_model(b).version


@pytest.mark.parametrize("atomic", [True, False])
def test_retrain_promotion_never_leaves_the_served_folder_missing(corpus, tmp_path, monkeypatch, atomic):
    a, b, version_a, version_b = _two_models(corpus, tmp_path)
    assert version_a != version_b
    models = tmp_path / "models"
    promote(a, models / "default", keep_candidate=True)
    if not atomic:  # the documented fallback elsewhere: two renames, the folder absent between them
        monkeypatch.setattr(promotion_module, "exchange", lambda x, y: False)
    rename = os.rename

    def slow_rename(src: object, dst: object) -> None:  # widens any gap between two renames to 2 ms
        rename(src, dst)  # type: ignore[arg-type]
        time.sleep(0.002)

    monkeypatch.setattr(os, "rename", slow_rename)
    seen: list[str] = []
    missing: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            if not (models / "default" / "manifest.json").is_file():
                missing.append("manifest.json absent")
            try:
                seen.append(load_model(models / "default").version)
            except FileNotFoundError as err:
                missing.append(str(err))
            except ModelError as err:  # a load that spans the swap may mix both folders' files
                if "not a Vigie model folder" in str(err):
                    missing.append(str(err))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for k in range(40):
            promote(b if k % 2 == 0 else a, models / "default", archive=models / "archive" / f"default-{k}",
                    keep_candidate=True)
    finally:
        stop.set()
        thread.join()
    assert bool(missing) is not atomic  # the reader does catch a gap, and the exchange leaves none
    monkeypatch.setattr(os, "rename", rename)
    assert seen and set(seen) <= {version_a, version_b}
    assert load_model(models / "default").version == version_a  # the 40th promotion put `a` back
    assert load_model(models / "archive" / "default-39").version == version_b
    assert not [p.name for p in models.iterdir() if p.name.startswith(".")]  # nothing staged is left behind
    # Rolling back: the archive back in place, in the same single step, the archive kept.
    promote(models / "archive" / "default-39", models / "default", keep_candidate=True)
    assert load_model(models / "default").version == version_b == load_model(models / "archive" / "default-39").version


def test_retrain_a_second_retraining_is_refused_while_one_runs(corpus, tmp_path, trainer, capsys):
    data, models = _deployment(tmp_path, corpus, current_rows=corpus[::80])
    before = load_model(models / "default").version
    args = ["retrain", "--models", str(models), "--data", str(data), "--reviews", str(tmp_path / "reviews"),
            "--no-external"]
    # Another process holds the lock (a `vigie retrain` running): this one is refused in one line.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pathlib import Path\nfrom training.promotion import retrain_lock\n"
         f"with retrain_lock(Path({str(models)!r})):\n    print('held', flush=True)\n    sys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        capsys.readouterr()
        assert main(args) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "a retraining is already running" in err and "Traceback" not in err
        assert not trainer and load_model(models / "default").version == before
    finally:
        holder.communicate("")
    # Within one process too, and the lock is free again once the first one ends.
    with retrain_lock(models):
        assert main(args) == 2
    assert main(args) == 0 and trainer


def test_retrain_a_corrected_label_is_exported_again_and_wins(corpus, tmp_path):
    from detector.readers import Post

    store = PostStore(f"sqlite:///{tmp_path / 'vigie.db'}")
    texts = ["Recrutement au Qatar, visa offert, frais de dossier 50 000 FCFA, WhatsApp +237 690 00 11 22",
             "Hotel staff needed in Dubai, free ticket, pay the agent 300 USD first, call +971 50 765 4321"]
    record = {"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "model": "default@1",
              "signals": [], "impersonates": None}
    store.ingest([Post(f"p{i}", t, i, {}) for i, t in enumerate(texts)], [record] * 2)
    store.review(1, "awa", "fake_job")
    store.review(2, "awa", "fake_job")
    reviews = tmp_path / "reviews"
    first, count = export_reviews(store, reviews)
    assert first is not None and count == 2 and export_reviews(store, reviews) == (None, 0)
    versions = {r["id"]: r["label_version"] for r in read_reviews(reviews)}

    store.review(1, "awa", "other_benign")  # the analyst corrects her label after the export
    store.review(2, "bello", "legit_job")  # a second opinion that disagrees: a conflict, nothing settled anew
    second, count = export_reviews(store, reviews)
    assert second is not None and count == 1
    (again,) = read_labelled([second])
    assert again["id"] == review_id(texts[0]) and again["category"] == "other_benign" and again["scam"] == 0
    assert again["label_version"] > versions[again["id"]]

    store.adjudicate(2, "admin", "legit_job")  # settled again, to another label than exported
    third, count = export_reviews(store, reviews)
    assert third is not None and count == 1 and read_labelled([third])[0]["category"] == "legit_job"
    store.adjudicate(2, "admin", "legit_job", note="same label, new note")  # same label: nothing to re-export
    assert export_reviews(store, reviews) == (None, 0)
    store.close()

    # Training reads each post once, with its latest label, at the place of its latest export.
    latest = read_reviews(reviews)
    assert [(r["id"], r["category"]) for r in latest] == [(review_id(texts[0]), "other_benign"),
                                                          (review_id(texts[1]), "legit_job")]
    with pytest.raises(SchemaError, match="already used"):  # the corpus reader still refuses repeated ids
        read_labelled(sorted(reviews.glob("*.jsonl")))
    data = tmp_path / "corpus"
    data.mkdir()
    write_jsonl(data / "slice.jsonl", corpus[::10])
    train = load_splits(data, additions=reviews)["train"]
    added = {i: c for i, c in zip(train["id"], train["category"], strict=True) if i.startswith("review-")}
    assert added == {review_id(texts[0]): "other_benign", review_id(texts[1]): "legit_job"}


def test_retrain_model_page_shows_a_retraining_started_elsewhere(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    models = tmp_path / "models"
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(models))
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    script = ("import streamlit as st\nfrom dashboard import admin, state\n"
              "st.session_state[state.USER] = 'chef'\nst.session_state[state.ROLE] = 'admin'\nadmin.model_page()\n")
    with retrain_lock(models):  # a `vigie retrain` running beside the server
        at = AppTest.from_string(script, default_timeout=30).run()
        assert not at.exception
        assert [i.value for i in at.info] == [f"a retraining started outside this server is running on {models}"]
        assert not [b for b in at.button if b.key == "admin_retrain"]
    at = AppTest.from_string(script, default_timeout=30).run()
    assert not at.info and [b for b in at.button if b.key == "admin_retrain"]


def test_learning_curve_review_orders():
    """Every simulated review order is a permutation of the pool; `boundary` starts nearest the model's
    threshold; `hybrid` alternates the most uncertain post and a random one not yet taken."""
    from benchmarks.learning_curve import ORDERS, review_order

    scores = np.array([0.9, 0.5, 0.1, 0.45, 0.3, 0.7, 0.2, 0.55])
    for order in ORDERS:
        assert sorted(review_order(order, scores, seed=0, threshold=0.3)) == list(range(len(scores))), order
    assert review_order("boundary", scores, seed=0, threshold=0.3)[:3] == [4, 6, 3]
    hybrid = review_order("hybrid", scores, seed=0)
    uncertain, at_random = review_order("uncertainty", scores, seed=0), review_order("random", scores, seed=0)
    assert hybrid[0] == uncertain[0] == 1
    assert hybrid[1] == next(i for i in at_random if i != hybrid[0])
    assert hybrid[2] == next(i for i in uncertain if i not in hybrid[:2])
