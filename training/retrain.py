"""The feedback loop: analysts' settled reviews become labelled data, and a model retrained on the
corpus plus those reviews replaces the current one only if it does better on the analysts' own posts
without doing worse on the corpus.

The newest reviewed posts are held back from training (`split_reviews`): they judge the candidate
and the current model beside the corpus's fixed test split (`promotion_decision`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from detector.lang import LANGUAGES, detect_language
from detector.persistence import load_model
from detector.taxonomy import SCAM_CATEGORIES
from review import PostStore
from training.data import (
    CORPUS_DIR,
    PLATFORMS,
    REVIEWS_DIR,
    leak_groups,
    load_splits,
    read_labelled,
    validate_record,
)
from training.evaluate import scam_metrics
from training.promotion import promote, retrain_lock
from training.train import MODELS_DIR, train_default

log = logging.getLogger(__name__)

# Without held-back reviews ("not worse"): the candidate may lose at most this much F1 or PR-AUC on
# the fixed test split (retraining with a few dozen more posts moves both by about this much either way).
TOLERANCE = 0.005
# With held-back reviews: the candidate's corpus test F1 may fall by at most this much.
CORPUS_F1_DROP = 0.01
# ... and its figure on the held-back reviews must exceed the current model's by more than this (on
# an exact tie, a lower Brier score there counts as better: see `promotion_decision`).
DOMAIN_GAIN = 0.0
# The newest fifth of the reviewed posts is held back, from 5 reviews on (at least one post).
HELD_BACK_SHARE = 0.2
MIN_REVIEWS_TO_HOLD_BACK = 5
# The figures kept for each model and each set it is judged on.
FIGURES = ("n", "positives", "f1", "pr_auc", "precision", "recall", "accuracy", "brier")


def review_id(text: str) -> str:
    """A labelled id for a reviewed post, the same in every export (so exports never duplicate)."""
    return "review-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def review_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """One settled review as a labelled record of the corpus schema.

    Parameters
    ----------
    row : mapping
        As `PostStore.final_labels` yields: `post_id`, `text`, `scam`, `label` (the settled
        category), `lang`, `platform`, `suggested` (the category the model suggested),
        `reviewers` (list of names), `at` (datetime of the latest agreeing review) and, optionally,
        `settled_at` (when the label was settled: the adjudication's time; `at` when absent).

    Returns
    -------
    dict
        The validated record (`id` from `review_id`, `source = review:<analysts>:<date>`,
        `label_version`: the settling time in ISO 8601 UTC, which orders versions of one post's label).

    Raises
    ------
    SchemaError
        When the row does not make a valid record (an unknown category, say).

    Example
    -------
    >>> from datetime import datetime
    >>> review_record({"post_id": 1, "text": "Visa offert, frais 50 000 FCFA", "scam": 1, "label": "fake_job",
    ...                "lang": "fr", "platform": "facebook", "suggested": "other_benign", "reviewers": ["awa"],
    ...                "at": datetime(2026, 1, 5)})["difficulty"]
    'hard'
    """
    model_scam = row["suggested"] in SCAM_CATEGORIES
    record = {"id": review_id(row["text"]), "text": row["text"], "scam": row["scam"], "category": row["label"],
              "lang": row["lang"] if row["lang"] in LANGUAGES else detect_language(row["text"]),
              # The model got it wrong: exactly the posts a retrained model most needs.
              "difficulty": "hard" if model_scam != bool(row["scam"]) else "easy",
              "platform": row["platform"] if row["platform"] in PLATFORMS else "other",
              "source": f"review:{'+'.join(row['reviewers'])}:{row['at']:%Y-%m-%d}",
              "label_version": _aware(row.get("settled_at") or row["at"]).astimezone(UTC).isoformat()}
    return validate_record(record, f"review of post {row['post_id']}")


def write_export(records: Sequence[Mapping[str, Any]], out_dir: Path, *, now: datetime | None = None) -> Path:
    """Write labelled records as a new `reviews-TIMESTAMP.jsonl` (UTC, to the second) in `out_dir`.

    The name orders exports in time (`split_reviews` relies on it); should a file of that second
    exist already, the next free second is taken, so no export overwrites another.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    when = now or datetime.now(UTC)
    while (path := out_dir / f"reviews-{when:%Y%m%dT%H%M%S}.jsonl").exists():
        when += timedelta(seconds=1)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _aware(at: datetime) -> datetime:
    """SQLite gives stored times back without their zone (UTC): comparable with aware ones again."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def export_reviews(store: PostStore, out_dir: Path = REVIEWS_DIR, *, actor: str = "cli") -> tuple[Path | None, int]:
    """Write the settled reviews not exported before, or whose settled label changed since they were
    exported, as a new versioned file of labelled records.

    Settled: submitted reviews that agree, or an admin's adjudication; drafts and open conflicts
    are left for later. A post exported before is exported again when its settled label differs
    from its latest export (a corrected review, a new adjudication): the record keeps its id and
    carries the new `label_version`, and readers of the folder (`read_reviews`,
    `training.data.load_splits`) keep the latest record of each id. Records are written in the order
    they were settled (time of the latest review, then post id): file names, then lines, are time
    order, which `split_reviews` relies on. Returns the new file (None when there was nothing new)
    and its record count.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exported = {r["id"]: r for r in read_reviews(out_dir)}
    records = []
    for row in sorted(store.final_labels(), key=lambda row: (_aware(row["at"]), row["post_id"])):
        record = review_record(row)
        before = exported.get(record["id"])
        if before is None or before["category"] != record["category"]:
            records.append(record)
            exported[record["id"]] = record
    if not records:
        return None, 0
    path = write_export(records, out_dir)
    store.record(actor, "export_reviews", file=path.name, records=len(records))
    return path, len(records)


def read_reviews(reviews_dir: Path) -> list[dict[str, Any]]:
    """Every exported review, oldest first: files in name order (for exports, their timestamp
    order), then line order within a file; a post exported more than once (its label corrected)
    counts once, with its latest label, at the place of its latest export."""
    folder = Path(reviews_dir)
    return read_labelled(sorted(folder.glob("*.jsonl")), latest=True) if folder.is_dir() else []


def split_reviews(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The reviews to train on and the reviews held back to judge, from records oldest first.

    Held back: the newest `HELD_BACK_SHARE` (20 %, rounded, at least one post) once there are
    `MIN_REVIEWS_TO_HOLD_BACK` (5) reviews; none below that. A review linked to a held-back one
    (near-duplicate text, or a shared phone number, link or handle: `training.data.leak_groups`) is
    not trained on either, so a reposted template cannot carry a held-back post into training.
    As reviews only accumulate, the held-back part only moves toward newer posts: a model promoted
    under this rule never trained on the posts that judge its successor.

    Example
    -------
    >>> recs = [{"id": str(i), "text": f"reviewed post {i}"} for i in range(10)]
    >>> train, held = split_reviews(recs)
    >>> [r["id"] for r in held], len(train)
    (['8', '9'], 8)
    """
    n = len(records)
    n_held = max(1, round(n * HELD_BACK_SHARE)) if n >= MIN_REVIEWS_TO_HOLD_BACK else 0
    if not n_held:
        return list(records), []
    held = list(records[n - n_held:])
    roots = leak_groups(list(records))
    held_roots = set(roots[n - n_held:])
    train = [r for r, root in zip(records[:n - n_held], roots, strict=False) if root not in held_roots]
    if len(train) < n - n_held:
        log.info("%d review(s) not trained on: linked to held-back reviews", n - n_held - len(train))
    return train, held


def _write_jsonl(path: Path, records: Iterable[Mapping[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def figures(model_dir: Path, rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """`FIGURES` of a saved model on labelled rows (`text`, `scam`), at the model's own threshold.

    `accuracy` is the share of posts on the right side of the threshold; `pr_auc` is None when
    the rows hold only one class (as `scam_metrics` gives it); `brier` is the mean squared gap
    between score and label (lower is better), defined for one class too.
    """
    detector = load_model(model_dir).detector
    m = scam_metrics([r["scam"] for r in rows], detector.predict_proba([r["text"] for r in rows]),
                     threshold=detector.threshold)
    c = m["confusion"]
    m["accuracy"] = round((c["tp"] + c["tn"]) / m["n"], 4) if m["n"] else None
    return {k: m[k] for k in FIGURES}


def promotion_decision(current: Mapping[str, Any], candidate: Mapping[str, Any]) -> dict[str, Any]:
    """The promotion rule, from both models' figures (`figures`) on the corpus test split (`test`)
    and on the held-back reviews (`held_back`, None when nothing is held back).

    With held-back reviews: promote when the candidate does better on them (F1 higher than the
    current model's; when they are all lures or all benign, F1 and PR-AUC say nothing, so
    accuracy) AND its corpus test F1 is at most `CORPUS_F1_DROP` (0.01) below the current model's.
    On an exact tie of that figure, a lower Brier score on the held-back posts counts as better:
    the Queue shows only posts the model flagged, so the current model flags every reviewed post,
    and when the newest ones all confirm lures it is right on all of them; without the tie-break
    no candidate could ever do better there, however it moved its scores toward the analysts' labels.
    Without: promote when its corpus test F1 and PR-AUC are each at least the current model's
    minus `TOLERANCE` (0.005).

    Returns
    -------
    dict
        `rule` (in words), `domain_metric` ("f1", "accuracy" or None), `promoted`, `reason`.

    Example
    -------
    >>> cur = {"test": {"f1": 0.90, "pr_auc": 0.95}, "held_back": {"f1": 0.50, "positives": 3, "n": 8, "brier": 0.3}}
    >>> cand = {"test": {"f1": 0.895, "pr_auc": 0.94}, "held_back": {"f1": 0.80, "positives": 3, "n": 8, "brier": 0.2}}
    >>> promotion_decision(cur, cand)["promoted"]
    True
    """
    cur_test, cand_test = current["test"], candidate["test"]
    cur_held, cand_held = current.get("held_back"), candidate.get("held_back")
    if not cur_held or not cand_held:
        rule = (f"no held-back reviews (fewer than {MIN_REVIEWS_TO_HOLD_BACK} reviewed posts): promote if corpus "
                f"test F1 and PR-AUC are each at least the current model's minus {TOLERANCE}")
        f1_ok = cand_test["f1"] >= cur_test["f1"] - TOLERANCE
        auc_ok = (cand_test["pr_auc"] or 0.0) >= (cur_test["pr_auc"] or 0.0) - TOLERANCE
        reason = (f"test F1 {cur_test['f1']} -> {cand_test['f1']}, "
                  f"test PR-AUC {cur_test['pr_auc']} -> {cand_test['pr_auc']}")
        return {"rule": rule, "domain_metric": None, "promoted": f1_ok and auc_ok, "reason": reason}
    one_class = cur_held["positives"] in (0, cur_held["n"])
    metric = "accuracy" if one_class else "f1"
    why = (f" (accuracy: the held-back posts are all {'benign' if cur_held['positives'] == 0 else 'lures'}, "
           "where F1 and PR-AUC are undefined)" if one_class else "")
    rule = (f"promote if held-back reviewed posts' {metric} is higher than the current model's{why} (or equal "
            f"and their Brier score lower) and corpus test F1 is at most {CORPUS_F1_DROP} below the current model's")
    tie = cand_held[metric] == cur_held[metric]
    domain_ok = cand_held[metric] > cur_held[metric] + DOMAIN_GAIN or (tie and cand_held["brier"] < cur_held["brier"])
    corpus_ok = cand_test["f1"] >= cur_test["f1"] - CORPUS_F1_DROP
    brier = f", Brier {cur_held['brier']} -> {cand_held['brier']}" if tie else ""
    reason = (f"held-back {metric} {cur_held[metric]} -> {cand_held[metric]}{brier} "
              f"({'better' if domain_ok else 'not better'}); corpus test F1 {cur_test['f1']} -> {cand_test['f1']} "
              f"({'within' if corpus_ok else 'beyond'} {CORPUS_F1_DROP})")
    return {"rule": rule, "domain_metric": metric, "promoted": domain_ok and corpus_ok, "reason": reason}


def _card_section(decision: Mapping[str, Any]) -> str:
    """The model card's "Retraining decision" section: rule, both models on both sets, decision."""
    lines = ["", "## Retraining decision", "", f"Rule: {decision['rule']}.", "",
             "| model | version | set | n | lures | F1 | PR-AUC | precision | recall | accuracy | Brier |",
             "|---" * (3 + len(FIGURES)) + "|"]
    for role, label in (("current", "current"), ("candidate", "candidate (corpus + reviews)")):
        entry = decision[role]
        for key, set_name in (("test", "corpus test split"), ("held_back", "held-back reviewed posts")):
            if f := entry.get(key):
                lines.append(f"| {label} | {entry['version']} | {set_name} | "
                             + " | ".join(str(f[k]) for k in FIGURES) + " |")
    r = decision["reviews"]
    lines += ["", f"Reviewed posts: {r['records']} in {r['files']} file(s); trained on {r['trained_on']}, "
              f"held back {r['held_back']} (the newest), {r['linked_to_held_back']} left out as linked to them.",
              "", f"{decision['reason']}.", "", "**Promoted.**" if decision["promoted"] else "**Not promoted.**", ""]
    return "\n".join(lines)


def retrain(*, models_dir: Path = MODELS_DIR, name: str = "default", data_dir: Path = CORPUS_DIR,
            reviews_dir: Path = REVIEWS_DIR, seed: int = 0, external: bool = True,
            real_sets: Sequence[str] | None = None) -> dict[str, Any]:
    """Train a candidate on corpus + reviews; promote it by `promotion_decision`.

    The reviews are split by `split_reviews`: the training part is written to
    `models/candidates/NAME.reviews/train/` and passed to `train_default` as `additions`; the
    held-back part (`.../held_back.jsonl`) is never trained on. Both models are measured on the
    corpus's fixed test split and on the held-back reviews. `real_sets` (public sets the candidate
    learns from) defaults to those the current model was trained on (its manifest's `trained_on`),
    so that the reviews are what differs. On promotion a copy of the current model is written to
    `models/archive/NAME-VERSION/`, then the candidate replaces `models/NAME` in one atomic swap
    (`training.promotion.promote`: the folder is never absent; roll back with
    `promote(archive, models/NAME, keep_candidate=True)`); a candidate not promoted stays in
    `models/candidates/NAME/` for inspection. The rule, the figures and the decision are written to
    the candidate's card and `retrain.json`. The whole run holds the models folder's retraining lock
    (`training.promotion.retrain_lock`), so a second retraining on it, from any process, is refused.

    Returns
    -------
    dict
        The decision: `rule`, `domain_metric`, `reason`, `promoted`, `current` and `candidate`
        (each `version`, `test` and `held_back` figures), `reviews` (counts and staging folder),
        and `archived` on promotion.

    Raises
    ------
    RetrainBusyError
        Another retraining holds the lock of `models_dir`.
    """
    with retrain_lock(Path(models_dir)):
        return _retrain(models_dir=Path(models_dir), name=name, data_dir=data_dir, reviews_dir=reviews_dir,
                        seed=seed, external=external, real_sets=real_sets)


def _retrain(*, models_dir: Path, name: str, data_dir: Path, reviews_dir: Path, seed: int, external: bool,
             real_sets: Sequence[str] | None) -> dict[str, Any]:
    current_dir = models_dir / name
    current = load_model(current_dir)
    staging = models_dir / "candidates"
    reviews = read_reviews(Path(reviews_dir))
    train_part, held_part = split_reviews(reviews)
    review_stage = staging / f"{name}.reviews"
    shutil.rmtree(review_stage, ignore_errors=True)
    additions = None
    if train_part:
        additions = review_stage / "train"
        _write_jsonl(additions / "reviews.jsonl", train_part)
    if held_part:
        _write_jsonl(review_stage / "held_back.jsonl", held_part)
    if real_sets is None and "trained_on" in current.manifest:
        real_sets = list(current.manifest["trained_on"])
    # `real_sets` only when known: None is also train_default's default.
    extra: dict[str, Any] = {} if real_sets is None else {"real_sets": real_sets}
    candidate_dir = train_default(data_dir=data_dir, models_dir=staging, name=name, seed=seed, external=external,
                                  feature_set=current.manifest.get("feature_set"), additions=additions, **extra)
    test = list(load_splits(data_dir, seed=seed)["test"])
    judged = {role: {"version": load_model(folder).version, "test": figures(folder, test),
                     "held_back": figures(folder, held_part) if held_part else None}
              for role, folder in (("current", current_dir), ("candidate", candidate_dir))}
    decision = promotion_decision(judged["current"], judged["candidate"])
    decision |= judged | {"reviews": {
        "files": len(list(Path(reviews_dir).glob("*.jsonl"))) if Path(reviews_dir).is_dir() else 0,
        "records": len(reviews), "trained_on": len(train_part), "held_back": len(held_part),
        "linked_to_held_back": len(reviews) - len(train_part) - len(held_part), "staging": str(review_stage)}}
    with (candidate_dir / "README.md").open("a", encoding="utf-8") as card:
        card.write(_card_section(decision))
    (candidate_dir / "retrain.json").write_text(json.dumps(decision, indent=2) + "\n", encoding="utf-8")
    if decision["promoted"]:
        archive = models_dir / "archive" / f"{name}-{current.version}"
        promote(candidate_dir, current_dir, archive=archive)
        decision["archived"] = str(archive)
    log.info("retrain: %s", decision)
    return decision


def decision_summary(decision: Mapping[str, Any]) -> str:
    """The decision in a few lines, as `vigie retrain` prints it."""
    lines = []
    for role in ("current", "candidate"):
        entry = decision[role]
        parts = [f"{role} {entry['version']}"]
        for key, label in (("test", "corpus test"), ("held_back", "held-back reviews")):
            if f := entry.get(key):
                parts.append(f"{label} (n {f['n']}, {f['positives']} lures): F1 {f['f1']} PR-AUC {f['pr_auc']} "
                             f"precision {f['precision']} recall {f['recall']} accuracy {f['accuracy']}")
        lines.append("; ".join(parts))
    lines += [f"rule: {decision['rule']}", f"{decision['reason']} -> "
              + ("promoted" if decision["promoted"] else "not promoted")]
    return "\n".join(lines)
