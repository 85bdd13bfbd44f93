"""Train the default detector: compare feature sets on the validation split and on writing
batches held out, keep the best on the latter, pick the flagging threshold on validation, report
on the test split and on other authors' posts.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from datasets import concatenate_datasets
from sklearn.model_selection import GroupKFold

from detector.classifiers import Detector
from detector.ensemble import StackedDetector
from detector.errors import SchemaError
from detector.lang import detect_language
from detector.persistence import LoadedModel, TextScorer, save_model
from detector.readers import Post
from detector.scoring import score_posts
from detector.settings import settings
from training.card import render_card
from training.data import (
    CORPUS_DIR,
    IMPORTERS,
    available_public_sets,
    default_public_path,
    import_public,
    load_public_sets,
    load_splits,
    read_jsonl,
)
from training.evaluate import best_threshold, full_report, plot_pr_and_calibration, scam_metrics
from training.suite import (
    StackInputs,
    build_stack_inputs,
    fit_stack,
    is_scam,
    macro_f1_threshold,
    review_weight,
    run_suite,
    suite_table,
)

log = logging.getLogger(__name__)

MODELS_DIR = settings().models_dir
OUTSIDE_AUTHORS = settings().datasets_dir / "outside_authors" / "posts.jsonl"
# Feature sets compared on the same validation split and on writing batches held out; the best
# by held-out-batch PR-AUC becomes the default.
CANDIDATES: dict[str, dict[str, Any]] = {
    "char": {"word_ngrams": None, "use_signals": False},
    "char+word": {"use_signals": False},
    "char+word+signals": {"signal_weight": 0.1},
    "char+word+signals (weight 0.3)": {"signal_weight": 0.3},
    "char+word+signals (weight 1.0)": {"signal_weight": 1.0},
    "char+word+signals+encoder": {"signal_weight": 0.1, "encoder_weight": 0.5},
}
# The encoder alone embeds ~500 posts/s on two cores, under the 1,000 posts/s `vigie score` must
# reach with the default model: encoder sets are compared and can be trained on request
# (`vigie train --feature-set ...`), but never become the default by themselves.
DEFAULT_ELIGIBLE = {name for name, params in CANDIDATES.items() if not params.get("encoder_weight")}


def _texts(split: Any) -> list[str]:
    return list(split["text"])


def _records(split: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = split.to_list()
    return rows


def corpus_fingerprint(data_dir: Path) -> str:
    """A short hash of the corpus files: part of the model version, so data changes show."""
    digest = hashlib.sha256()
    for path in sorted(Path(data_dir).glob("*.jsonl")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def model_version(data_dir: Path, *parts: str) -> str:
    """A trained model's version, the one rule of every backend: the package version, then the corpus's
    fingerprint and any further `parts` (the reviews' fingerprint, a configuration digest), dot-joined.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     model_version(Path(d), "r1").startswith("0.2.0+") and model_version(Path(d), "r1").endswith(".r1")
    True
    """
    from detector import __version__

    return ".".join([f"{__version__}+{corpus_fingerprint(data_dir)}", *parts])


def outside_authors() -> list[dict[str, Any]]:
    """The outside authors' labelled posts (empty when `../shared` is absent): evaluation only."""
    if not OUTSIDE_AUTHORS.is_file():
        return []
    return [row for _, row in read_jsonl(OUTSIDE_AUTHORS)]


def compare_candidates(train: Any, validation: Any, *, seed: int, only: str | None = None) -> dict[str, Any]:
    """Fit every candidate (or `only` that one) on train; PR-AUC, best F1 and speed on validation.

    Each is also measured on the outside authors' posts, for the record only: choosing on them
    would make them one more validation set and hide how the model does on other people's posts.
    """
    outside = outside_authors()
    from detector.encoder import encoder_available

    table: dict[str, Any] = {}
    y_val = validation["scam"]
    for name, params in CANDIDATES.items():
        if only is not None and name != only:
            continue
        if params.get("encoder_weight") and not encoder_available():
            log.warning("skipping %s: the sentence encoder is not installed", name)
            continue
        start = time.perf_counter()
        det = Detector(random_state=seed, **params).fit(_texts(train), train["category"])
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        # Timed on the whole scoring path (evidence and language included), as `vigie score` runs it.
        records = score_posts([Post(str(i), t, i) for i, t in enumerate(_texts(validation))],
                              LoadedModel(det, name, "candidate", {}))
        per_s = len(y_val) / (time.perf_counter() - start)
        scores = [r["scam_score"] for r in records]
        thr = best_threshold(y_val, scores)
        m = scam_metrics(y_val, scores, threshold=thr)
        table[name] = {"pr_auc": m["pr_auc"], "f1_at_best_threshold": m["f1"], "threshold": thr,
                       "fit_seconds": round(fit_s, 1), "posts_per_second": round(per_s)}
        if outside:
            o = scam_metrics([r["scam"] for r in outside], det.predict_proba([r["text"] for r in outside]),
                             threshold=thr)
            table[name] |= {"outside_pr_auc": o["pr_auc"], "outside_f1": o["f1"]}
        log.info("candidate %s: %s", name, table[name])
    return table


def batch_of(record: dict[str, Any]) -> str:
    """The writing batch a post comes from: its id's prefix (`fr-h2-0001` -> `fr-h2`)."""
    return str(record["id"]).rsplit("-", 1)[0]


def compare_batches_out(rows: list[dict[str, Any]], names: Sequence[str], *, seed: int,
                        folds: int = 4) -> dict[str, Any]:
    """Each of `names` scored on whole writing batches it did not learn from: PR-AUC and best F1 of
    the out-of-fold scores, folds grouped by batch. Empty when there are fewer than two batches.

    Why choose on this rather than on the random validation split: posts of one batch share their
    writer's habits, and a random split rewards features that learn them; a batch held out is the
    nearest thing inside the corpus to posts by someone else.
    """
    batches = [batch_of(r) for r in rows]
    n_folds = min(folds, len(set(batches)))
    if n_folds < 2:
        log.warning("fewer than two writing batches: feature sets are compared on the validation split only")
        return {}
    texts = [r["text"] for r in rows]
    y = [int(r["scam"]) for r in rows]
    splits = list(GroupKFold(n_splits=n_folds).split(texts, y, groups=batches))
    table: dict[str, Any] = {}
    for name in names:
        oof = [0.0] * len(rows)
        for train_idx, held_idx in splits:
            det = Detector(random_state=seed, **CANDIDATES[name]).fit(
                [texts[i] for i in train_idx], [rows[i]["category"] for i in train_idx])
            for i, score in zip(held_idx, det.predict_proba([texts[i] for i in held_idx]), strict=True):
                oof[i] = float(score)
        m = scam_metrics(y, oof, threshold=best_threshold(y, oof))
        table[name] = {"pr_auc": m["pr_auc"], "f1_at_best_threshold": m["f1"], "folds": n_folds}
        log.info("candidate %s, batches held out: %s", name, table[name])
    return table


def language_id_accuracy(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Share of posts whose language `detect_language` finds, overall and per true language."""
    hits: dict[str, list[int]] = {}
    for row in rows:
        hits.setdefault(row["lang"], []).append(int(detect_language(row["text"]) == row["lang"]))
    everything = [h for values in hits.values() for h in values]
    return {"overall": round(sum(everything) / len(everything), 4), "n": len(everything),
            **{lang: round(sum(v) / len(v), 4) for lang, v in sorted(hits.items())}}


def impersonation_report(rows: list[dict[str, Any]], preds: list[Any]) -> dict[str, Any]:
    """Precision and recall of impersonation detection on impersonation posts and on benign posts
    that name a public figure of the gazetteer (fan posts, news, real announcements, warnings).

    `rule`: `detector.impersonation.assess` alone (spaCy NER on); `with_model`: as `vigie score`
    reports `impersonates` (the rule, or the model's celebrity_impersonation flag on a post that
    names a figure).
    """
    from detector.impersonation import assess, find_mentions

    counts: dict[str, Counter[str]] = {"rule": Counter(), "with_model": Counter()}
    n_imp = n_celeb_benign = 0
    for row, pred in zip(rows, preds, strict=True):
        truth = row["category"] == "celebrity_impersonation"
        verdict = assess(row["text"], lang=row["lang"], author_handle=row.get("author_handle"),
                         author_name=row.get("author_name"), author_verified=row.get("author_verified"))
        if not truth and not (row["scam"] == 0 and (verdict.mentions or find_mentions(row["text"], lang=row["lang"]))):
            continue
        n_imp += truth
        n_celeb_benign += not truth
        fused = bool(verdict.impersonates) or (pred.flagged and pred.category == "celebrity_impersonation")
        for name, said in (("rule", bool(verdict.impersonates)), ("with_model", fused)):
            counts[name]["tp" if said and truth else "fp" if said else "fn" if truth else "tn"] += 1
    out: dict[str, Any] = {"impersonation_posts": n_imp, "celebrity_benign_posts": n_celeb_benign}
    for name, c in counts.items():
        out[name] = {"precision": round(c["tp"] / max(c["tp"] + c["fp"], 1), 4),
                     "recall": round(c["tp"] / max(c["tp"] + c["fn"], 1), 4), **dict(c)}
    return out


def external_reports(det: TextScorer, threshold: float, *, public: bool = True) -> dict[str, Any]:
    """Figures on posts written by people outside the project (where those sets are present).

    `public=False` keeps to the outside authors' 701 posts and skips the ~30,000 texts of the public
    English sets (minutes of CPU for a transformer; `vigie evaluate --public NAME` runs one).
    """
    out: dict[str, Any] = {}
    if rows := outside_authors():
        preds = det.predict([r["text"] for r in rows])
        out["outside_authors"] = full_report(rows, [p.scam_score for p in preds], [p.category for p in preds],
                                             threshold=threshold)
        out["outside_authors"]["_scores"] = [p.scam_score for p in preds]
        out["outside_authors"]["language_id_accuracy"] = language_id_accuracy(rows)
    for name in IMPORTERS if public else ():
        path = default_public_path(name)
        if path.exists():
            recs = import_public(name, path)
            scores = det.predict_proba([r["text"] for r in recs])
            out[name] = scam_metrics([r["scam"] for r in recs], scores, threshold=threshold)
    return out


def train_default(*, data_dir: Path = CORPUS_DIR, models_dir: Path = MODELS_DIR, name: str = "default",
                  seed: int = 0, external: bool = True, feature_set: str | None = None,
                  additions: Path | None = None, real_sets: Sequence[str] | None = None,
                  suite_folds: int = 3) -> Path:
    """Train, evaluate and save a model; returns its folder.

    Every feature set in `CANDIDATES` is fitted on train and measured on validation; the corpus
    model kept is `feature_set` if given, else the eligible set with the best PR-AUC on writing batches
    held out (`compare_batches_out`; on validation where the corpus has a single batch).
    With `real_sets` (public sets of `training.data.IMPORTERS`; by default every one present when
    `external` is true, none otherwise) the model is a `StackedDetector`: that corpus model, one
    expert per genre of real posts and a gate; its threshold is the best mean F1 over genres on
    out-of-fold scores. With none, it is the corpus model alone, as before.
    Deterministic: the same corpus and seed give the same model and the same quality figures.
    `additions` (reviewed posts, see `training.data.load_splits`) join the training data only: the
    corpus model's, weighted by `training.suite.review_weight`, and, in a stack, as their own genre.
    """
    if feature_set is not None and feature_set not in CANDIDATES:
        raise SchemaError(f"unknown feature set {feature_set!r}; expected one of {list(CANDIDATES)}")
    splits = load_splits(data_dir, seed=seed, additions=additions)
    train, validation, test = splits["train"], splits["validation"], splits["test"]
    log.info("splits: %s", {k: len(v) for k, v in splits.items()})
    # A feature set asked for (retraining keeps the current one) is the only one fitted: the others
    # would cost minutes and could not be chosen.
    table = compare_candidates(train, validation, seed=seed, only=feature_set)
    eligible = [k for k in table if k in DEFAULT_ELIGIBLE]
    final_rows = _records(concatenate_datasets([train, validation]))
    reviewed = [r for r in final_rows if r["source"].startswith("review:")]
    corpus_rows = [r for r in final_rows if not r["source"].startswith("review:")]
    # The test split stays out of the choice: batches are held out of train + validation only.
    batches_out = {} if feature_set else compare_batches_out(corpus_rows, eligible, seed=seed)
    ranking = batches_out or table
    chosen = feature_set or max(eligible, key=lambda k: (ranking[k]["pr_auc"], ranking[k]["f1_at_best_threshold"]))
    threshold = table[chosen]["threshold"]
    # The threshold comes from validation; the model kept then learns from train and validation
    # both (the test split stays unseen), as the candidates' calibrated scores carry the threshold over.
    if real_sets is None:
        real_sets = available_public_sets() if external else []
    real_sets = list(real_sets)
    inputs: StackInputs | None = None
    stack_params: dict[str, Any] = {"random_state": seed}
    det: Detector | StackedDetector
    if real_sets:
        inputs = build_stack_inputs(corpus_rows, load_public_sets(real_sets), base_params=CANDIDATES[chosen],
                                    additions=reviewed, seed=seed, progress=True)
        det = fit_stack(inputs, stack_params)
        threshold = macro_f1_threshold(det.oof_scores_, is_scam(inputs.categories), inputs.domains)
        det.set_params(threshold=threshold)
        del det.oof_scores_  # training-time scores: not part of the model
    else:
        weights = [review_weight(len(reviewed), len(corpus_rows)) if r["source"].startswith("review:") else 1.0
                   for r in final_rows]
        det = Detector(random_state=seed, threshold=threshold, **CANDIDATES[chosen]).fit(
            [r["text"] for r in final_rows], [r["category"] for r in final_rows], sample_weight=weights)
    test_preds = det.predict(_texts(test))
    test_report = full_report(_records(test), [p.scam_score for p in test_preds],
                              [p.category for p in test_preds], threshold=threshold)
    test_report["language_id_accuracy"] = language_id_accuracy(_records(test))
    test_report["impersonation"] = impersonation_report(_records(test), test_preds)
    ext = external_reports(det, threshold, public=False) if external else {}
    suite = {}
    if external:
        suite = run_suite(det, outside=outside_authors(), public=load_public_sets(available_public_sets()),
                          trained_on=real_sets, inputs=inputs, stack_params=stack_params, folds=suite_folds,
                          seed=seed)
        for row in suite.values():
            row.pop("detail", None)
        log.info("suite:\n%s", suite_table(suite))
    folder = Path(models_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    plot_pr_and_calibration(test["scam"], [p.scam_score for p in test_preds], folder / "pr_curve_test.png",
                            title="corpus test split", threshold=threshold)
    if "outside_authors" in ext:
        scores = ext["outside_authors"].pop("_scores")
        plot_pr_and_calibration([r["scam"] for r in outside_authors()], scores,
                                folder / "pr_curve_outside_authors.png", title="outside authors", threshold=threshold)
    version = model_version(data_dir, *([f"r{corpus_fingerprint(additions)}"] if additions else []))
    data_summary = {
        split: {"n": len(ds), "by_lang": dict(Counter(ds["lang"])), "by_category": dict(Counter(ds["category"]))}
        for split, ds in splits.items()
    }
    metrics = {"candidates_validation": table, "candidates_batches_out": batches_out, "chosen": chosen,
               "chosen_on_request": feature_set is not None,
               "threshold": threshold, "test": test_report, "trained_on": real_sets,
               "external": ext, "suite": suite, "data": data_summary, "seed": seed}
    card = render_card(name=name, version=version, metrics=metrics, params=det.get_params())
    save_model(det, folder, name=name, version=version, card=card, metrics=metrics,
               extra_manifest={"feature_set": chosen, "corpus": corpus_fingerprint(data_dir),
                               "trained_on": real_sets, "stacked": bool(real_sets)})
    log.info("saved %s@%s to %s", name, version, folder)
    return folder
