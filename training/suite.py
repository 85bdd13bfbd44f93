"""The mirror: how a model does on every labelled set of real posts written by other people.

One row per set: the outside authors' posts (never trained on) and each public set of
`../shared/datasets`. A set the model never learned from is scored as it is. A set it learned from
is judged two ways, never on posts the judged model saw:

- **cross-fitted**: the set is cut into folds; for each fold the stack's top (experts, router,
  gate) is refitted without that fold and scores it. This mirrors a held-back split of the same
  source (other ads of the same job board).
- **left out**: the top is refitted without the whole set and scores all of it: how the model
  does on a source of that genre it has never seen.

The corpus model inside the stack learns from the corpus only, so it is shared by every refit
(its scores of the corpus posts are out-of-fold); that keeps the suite to minutes.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold
from tqdm import tqdm

from detector.classifiers import Detector
from detector.ensemble import CORPUS, StackedDetector
from detector.persistence import TextScorer
from detector.taxonomy import SCAM_CATEGORIES
from training.data import GENRES, leak_groups
from training.evaluate import full_report, scam_metrics

log = logging.getLogger(__name__)

REVIEWS = "reviews"
OUTSIDE = "outside_authors"
# Reviewed posts in the corpus model's training weigh together at least this share of the corpus:
# a few hundred reviews then count against thousands of corpus posts instead of vanishing.
REVIEWS_SHARE = 0.25


@dataclass
class StackInputs:
    """Everything the stack's top is fitted from: each training post with its genre and source, and
    the corpus model's score of it (out-of-fold for the posts that model learned from)."""

    texts: list[str]
    categories: list[str]
    domains: list[str]
    sources: list[str]
    base_scores: np.ndarray
    base: Detector
    ids: list[str] = field(default_factory=list)

    def without(self, drop: np.ndarray) -> StackInputs:
        """The same inputs less the posts where `drop` is true."""
        keep = np.flatnonzero(~drop)
        pick = lambda values: [values[i] for i in keep]  # noqa: E731
        return replace(self, texts=pick(self.texts), categories=pick(self.categories), domains=pick(self.domains),
                       sources=pick(self.sources), base_scores=self.base_scores[keep],
                       ids=pick(self.ids) if self.ids else [])


def review_weight(n_reviews: int, n_corpus: int) -> float:
    """Weight of one reviewed post in the corpus model: together at least `REVIEWS_SHARE` of the corpus."""
    return max(1.0, REVIEWS_SHARE * n_corpus / max(n_reviews, 1))


def build_stack_inputs(corpus_rows: list[dict[str, Any]], public: dict[str, list[dict[str, Any]]], *,
                       base_params: dict[str, Any], additions: list[dict[str, Any]] | None = None, folds: int = 5,
                       seed: int = 0, progress: bool = False) -> StackInputs:
    """Fit the corpus model (corpus + reviewed additions) and score every training post with it.

    Corpus and additions are scored out-of-fold (folds keep leak groups together); public posts by
    the model fitted on all of them.
    """
    additions = additions or []
    own = corpus_rows + additions
    texts = [r["text"] for r in own]
    cats = [r["category"] for r in own]
    weights = np.ones(len(own))
    weights[len(corpus_rows):] = review_weight(len(additions), len(corpus_rows))
    groups = np.asarray(leak_groups(own))
    base = Detector(random_state=seed, **base_params)
    scores = np.zeros(len(own))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    splits = list(splitter.split(texts, is_scam(cats), groups=groups))
    for tr, te in tqdm(splits, desc="corpus model, out-of-fold", disable=not progress):
        fold = clone(base).fit([texts[i] for i in tr], [cats[i] for i in tr], sample_weight=weights[tr])
        scores[te] = fold.predict_proba([texts[i] for i in te])
    fitted = clone(base).fit(texts, cats, sample_weight=weights)
    pub_rows = [(name, r) for name, rows in public.items() for r in rows]
    pub_scores = fitted.predict_proba([r["text"] for _, r in pub_rows]) if pub_rows else np.zeros(0)
    return StackInputs(
        texts=texts + [r["text"] for _, r in pub_rows],
        categories=cats + [r["category"] for _, r in pub_rows],
        domains=[CORPUS] * len(corpus_rows) + [REVIEWS] * len(additions) + [GENRES[n] for n, _ in pub_rows],
        sources=[CORPUS] * len(corpus_rows) + [REVIEWS] * len(additions) + [n for n, _ in pub_rows],
        base_scores=np.concatenate([scores, pub_scores]), base=fitted,
        ids=[r["id"] for r in own] + [r["id"] for _, r in pub_rows])


def fit_stack(inputs: StackInputs, params: dict[str, Any]) -> StackedDetector:
    """The stack's top fitted on `inputs` around their corpus model."""
    return StackedDetector(base=inputs.base, **params).fit_top(
        inputs.texts, inputs.categories, inputs.domains, base_scores=inputs.base_scores, base=inputs.base)


def macro_f1_threshold(scores: np.ndarray, y: np.ndarray, domains: list[str]) -> float:
    """The threshold with the best mean F1 over genres: each genre's lures count, whatever its size
    or its share of lures (a single F1 over the pool would follow the largest set)."""
    domains_arr = np.asarray(domains)
    best, best_t = -1.0, 0.5
    for t in np.round(np.arange(0.05, 0.951, 0.005), 3):
        pred = scores >= t
        f1s = []
        for d in np.unique(domains_arr):
            k = domains_arr == d
            tp = int((pred[k] & (y[k] == 1)).sum())
            errors = int((pred[k] != (y[k] == 1)).sum())
            f1s.append(2 * tp / max(2 * tp + errors, 1))
        if np.mean(f1s) > best + 1e-9:
            best, best_t = float(np.mean(f1s)), float(t)
    return best_t


def _fold_of(text: str, folds: int, seed: int) -> int:
    return int(hashlib.sha256(f"{seed}:{text}".encode()).hexdigest(), 16) % folds


def run_suite(detector: TextScorer, *, outside: list[dict[str, Any]], public: dict[str, list[dict[str, Any]]],
              trained_on: list[str], inputs: StackInputs | None = None, stack_params: dict[str, Any] | None = None,
              folds: int = 3, seed: int = 0, progress: bool = True) -> dict[str, Any]:
    """One report per real set: metrics at the model's threshold, and how they were obtained.

    Sets in `trained_on` need `inputs` and `stack_params` (the stack's training inputs) to be refitted
    without them; without those they are reported as not measurable rather than measured on posts
    the model learned from.
    """
    threshold = detector.threshold
    out: dict[str, Any] = {}
    if outside:
        preds = detector.predict([r["text"] for r in outside])
        report = full_report(outside, [p.scam_score for p in preds], [p.category for p in preds], threshold=threshold)
        out[OUTSIDE] = {**report["overall"], "how": "never trained on", "detail": report}
    jobs = [(name, rows) for name, rows in public.items() if rows]
    for name, rows in tqdm(jobs, desc="real sets", disable=not progress):
        y = [r["scam"] for r in rows]
        texts = [r["text"] for r in rows]
        if name not in trained_on:
            out[name] = {**scam_metrics(y, detector.predict_proba(texts), threshold=threshold),
                         "how": "never trained on"}
            continue
        if inputs is None or stack_params is None:
            out[name] = {"how": "trained on; refit inputs not given, not measured"}
            continue
        sources = np.asarray(inputs.sources)
        in_set = sources == name
        fold_of = np.asarray([_fold_of(t, folds, seed) for t in inputs.texts])
        scores = np.zeros(len(rows))
        row_fold = np.asarray([_fold_of(t, folds, seed) for t in texts])
        for k in range(folds):
            model = fit_stack(inputs.without(in_set & (fold_of == k)), stack_params)
            sel = np.flatnonzero(row_fold == k)
            if len(sel):
                scores[sel] = model.predict_proba([texts[i] for i in sel])
        left_out = fit_stack(inputs.without(in_set), stack_params).predict_proba(texts)
        out[name] = {**scam_metrics(y, scores, threshold=threshold), "how": f"cross-fitted, {folds} folds",
                     "left_out": scam_metrics(y, left_out, threshold=threshold)}
    return out


def suite_table(suite: dict[str, Any]) -> str:
    """The suite as a Markdown table (one row per set; trained-on sets also as left out)."""
    head = "| set | judged | n | scam | precision | recall | F1 | PR-AUC | FPR (legitimate flagged) |"
    lines = [head, "|---" * 9 + "|"]

    def row(name: str, how: str, m: dict[str, Any]) -> str:
        return (f"| {name} | {how} | {m['n']} | {m['positives']} | {m['precision']} | {m['recall']} | "
                f"{m['f1']} | {m['pr_auc']} | {m['false_positive_rate']} |")

    for name, m in suite.items():
        if "n" not in m:
            lines.append(f"| {name} | {m['how']} |  |  |  |  |  |  |  |")
            continue
        lines.append(row(name, m["how"], m))
        if "left_out" in m:
            lines.append(row(name, "left out of training", m["left_out"]))
    return "\n".join(lines)


def is_scam(categories: list[str]) -> np.ndarray:
    """1 for a scam category, 0 otherwise."""
    return np.asarray([c in SCAM_CATEGORIES for c in categories], dtype=int)


def evaluate_suite(model_dir: Path, *, data_dir: Path, folds: int = 3, seed: int = 0) -> dict[str, Any]:
    """`vigie evaluate --suite`: the suite of a saved model, refitting a stack's top where it must.

    The stack's training inputs are rebuilt from the corpus and the real sets its manifest names
    (deterministic, so they are those it was trained on; reviewed additions are not rebuilt, and a
    retrained model's figures then leave them out of the refits).
    """
    from detector.persistence import load_model
    from training.data import available_public_sets, load_public_sets, load_splits
    from training.train import CANDIDATES, outside_authors

    model = load_model(model_dir)
    trained_on = list(model.manifest.get("trained_on") or [])
    inputs, params = None, None
    if trained_on and isinstance(model.detector, StackedDetector):
        splits = load_splits(data_dir, seed=seed)
        corpus_rows = splits["train"].to_list() + splits["validation"].to_list()
        base_params = CANDIDATES[model.manifest["feature_set"]]
        inputs = build_stack_inputs(corpus_rows, load_public_sets(trained_on), base_params=base_params, seed=seed,
                                    progress=True)
        params = {k: v for k, v in model.detector.get_params(deep=False).items() if k not in ("base", "threshold")}
    suite = run_suite(model.detector, outside=outside_authors(), public=load_public_sets(available_public_sets()),
                      trained_on=trained_on, inputs=inputs, stack_params=params, folds=folds, seed=seed)
    return {"model": model.label, "trained_on": trained_on, "suite": suite}
