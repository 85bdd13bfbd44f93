"""The feedback loop: analysts' settled reviews become labelled data, and a model retrained on the
corpus plus those reviews replaces the current one only if it is not worse on the same test split.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from detector.classifiers import SCAM_CATEGORIES
from detector.lang import LANGUAGES, detect_language
from detector.persistence import load_model
from detector.store import PostStore
from training.data import CORPUS_DIR, PLATFORMS, REVIEWS_DIR, load_splits, read_labelled, validate_record
from training.evaluate import scam_metrics
from training.train import MODELS_DIR, train_default

log = logging.getLogger(__name__)

# "Not worse": the candidate may lose at most this much F1 or PR-AUC on the fixed test split
# (retraining with a few dozen more posts moves both by about this much either way).
TOLERANCE = 0.005


def review_id(text: str) -> str:
    """A labelled id for a reviewed post, the same in every export (so exports never duplicate)."""
    return "review-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def export_reviews(store: PostStore, out_dir: Path = REVIEWS_DIR, *, actor: str = "cli") -> tuple[Path | None, int]:
    """Write the settled reviews not exported before as a new versioned file of labelled records.

    Settled: submitted reviews that agree, or an admin's adjudication; drafts and open conflicts
    are left for later. Returns the new file (None when there was nothing new) and its record count.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    done = {r["id"] for r in read_labelled(sorted(out_dir.glob("*.jsonl")))}
    records = []
    for row in store.final_labels():
        rid = review_id(row["text"])
        if rid in done:
            continue
        model_scam = row["suggested"] in SCAM_CATEGORIES
        record = {"id": rid, "text": row["text"], "scam": row["scam"], "category": row["label"],
                  "lang": row["lang"] if row["lang"] in LANGUAGES else detect_language(row["text"]),
                  # The model got it wrong: exactly the posts a retrained model most needs.
                  "difficulty": "hard" if model_scam != bool(row["scam"]) else "easy",
                  "platform": row["platform"] if row["platform"] in PLATFORMS else "other",
                  "source": f"review:{'+'.join(row['reviewers'])}:{row['at']:%Y-%m-%d}"}
        records.append(validate_record(record, f"review of post {row['post_id']}"))
        done.add(rid)
    if not records:
        return None, 0
    path = out_dir / f"reviews-{datetime.now(UTC):%Y%m%dT%H%M%S}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    store.record(actor, "export_reviews", file=path.name, records=len(records))
    return path, len(records)


def _test_metrics(model_dir: Path, data_dir: Path, seed: int) -> dict[str, Any]:
    model = load_model(model_dir)
    test = load_splits(data_dir, seed=seed)["test"]
    return scam_metrics(test["scam"], model.detector.predict_proba(list(test["text"])),
                        threshold=model.detector.threshold)


def retrain(*, models_dir: Path = MODELS_DIR, name: str = "default", data_dir: Path = CORPUS_DIR,
            reviews_dir: Path = REVIEWS_DIR, seed: int = 0, external: bool = True) -> dict[str, Any]:
    """Train a candidate on corpus + reviews; promote it if it is not worse than the current model.

    Both are measured on the corpus's fixed test split. On promotion the current model moves to
    `models/archive/NAME-VERSION/` (roll back by moving it back); a candidate not promoted stays in
    `models/candidates/NAME/` for inspection. The rule, both results and the decision are written
    to the candidate's card.
    """
    models_dir = Path(models_dir)
    current_dir = models_dir / name
    current = load_model(current_dir)
    feature_set = current.manifest.get("feature_set")
    staging = models_dir / "candidates"
    candidate_dir = train_default(data_dir=data_dir, models_dir=staging, name=name, seed=seed,
                                  external=external, feature_set=feature_set, additions=Path(reviews_dir))
    before, after = _test_metrics(current_dir, data_dir, seed), _test_metrics(candidate_dir, data_dir, seed)
    promote = after["f1"] >= before["f1"] - TOLERANCE and after["pr_auc"] >= before["pr_auc"] - TOLERANCE
    decision = {"rule": f"promote if test F1 and PR-AUC are each at least the current model's minus {TOLERANCE}",
                "current": {"version": current.version, "f1": before["f1"], "pr_auc": before["pr_auc"]},
                "candidate": {"version": load_model(candidate_dir).version, "f1": after["f1"],
                              "pr_auc": after["pr_auc"]},
                "reviews": sum(1 for _ in Path(reviews_dir).glob("*.jsonl")), "promoted": promote}
    with (candidate_dir / "README.md").open("a", encoding="utf-8") as card:
        card.write("\n## Retraining decision\n\n" + f"Rule: {decision['rule']}.\n\n"
                   "| model | version | test F1 | test PR-AUC |\n|---|---|---|---|\n"
                   f"| current | {current.version} | {before['f1']} | {before['pr_auc']} |\n"
                   f"| candidate (corpus + reviews) | {decision['candidate']['version']} | {after['f1']} | "
                   f"{after['pr_auc']} |\n\n" + ("**Promoted.**\n" if promote else "**Not promoted.**\n"))
    (candidate_dir / "retrain.json").write_text(json.dumps(decision, indent=2) + "\n", encoding="utf-8")
    if promote:
        archive = models_dir / "archive" / f"{name}-{current.version}"
        archive.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(archive, ignore_errors=True)
        shutil.move(str(current_dir), str(archive))
        shutil.move(str(candidate_dir), str(current_dir))
        decision["archived"] = str(archive)
    log.info("retrain: %s", decision)
    return decision
