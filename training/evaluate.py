"""Metrics a committee and a researcher need: overall, per language, per category, calibration.

Example
-------
>>> m = scam_metrics([1, 0, 1, 0], [0.9, 0.2, 0.4, 0.6], threshold=0.5)
>>> m["precision"], m["recall"]
(0.5, 0.5)
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    confusion_matrix,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
)

from detector.taxonomy import CATEGORIES, SCAM_CATEGORIES


def calibration_bins(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[tuple[float, float, float]]:
    """Equal-width score bins, the non-empty ones: (share of posts, mean score, observed scam rate).

    Example
    -------
    >>> calibration_bins(np.array([0, 1, 1]), np.array([0.05, 0.9, 0.95]), bins=2)
    [(0.3333333333333333, 0.05, 0.0), (0.6666666666666666, 0.925, 1.0)]
    """
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    return [(float(mask.mean()), float(p[mask].mean()), float(y[mask].mean()))
            for mask in (idx == b for b in range(bins)) if mask.any()]


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean gap between predicted score and observed scam rate over equal-width score bins."""
    total = 0.0
    for share, mean_score, rate in calibration_bins(y, p, bins):
        total += share * abs(mean_score - rate)
    return float(total)


def scam_metrics(y_true: ArrayLike, scores: ArrayLike, *, threshold: float) -> dict[str, Any]:
    """Precision, recall, F1 at the threshold; PR-AUC, ROC-AUC, Brier and ECE of the scores."""
    y, p = np.asarray(y_true, dtype=int), np.asarray(scores, dtype=float)
    pred = (p >= threshold).astype(int)
    prec, rec, f1, _ = precision_recall_fscore_support(y, pred, average="binary", zero_division=0)
    both = len(set(y.tolist())) == 2
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    return {
        "n": int(len(y)), "positives": int(y.sum()),
        "precision": round(float(prec), 4), "recall": round(float(rec), 4), "f1": round(float(f1), 4),
        "pr_auc": round(float(average_precision_score(y, p)), 4) if both else None,
        "roc_auc": round(float(roc_auc_score(y, p)), 4) if both else None,
        "brier": round(float(brier_score_loss(y, p)), 4),
        "ece": round(expected_calibration_error(y, p), 4),
        "false_positive_rate": round(float(fp / (fp + tn)), 4) if fp + tn else None,
        "confusion": {"tp": int(tp), "fp": int(fp), "fn": int(fn), "tn": int(tn)},
    }


def best_threshold(y_true: ArrayLike, scores: ArrayLike) -> float:
    """The score threshold that maximises F1 (ties: the higher threshold, fewer false alarms)."""
    prec, rec, thr = precision_recall_curve(np.asarray(y_true), np.asarray(scores))
    f1 = 2 * prec[:-1] * rec[:-1] / np.maximum(prec[:-1] + rec[:-1], 1e-12)
    best = np.flatnonzero(f1 >= f1.max() - 1e-9)[-1]
    return round(float(thr[best]), 4)


def full_report(records: Sequence[dict[str, Any]], scores: ArrayLike, categories: Sequence[str],
                *, threshold: float) -> dict[str, Any]:
    """Overall, per-language, per-category and per-difficulty figures for one labelled set."""
    y = np.asarray([r["scam"] for r in records])
    p = np.asarray(scores, dtype=float)
    report: dict[str, Any] = {"threshold": threshold, "overall": scam_metrics(y, p, threshold=threshold)}
    for key in ("lang", "difficulty"):
        report[f"by_{key}"] = {
            value: scam_metrics(y[mask], p[mask], threshold=threshold)
            for value in sorted({r[key] for r in records})
            if (mask := np.asarray([r[key] == value for r in records])).any()
        }
    by_cat = {}
    for cat in CATEGORIES:
        mask = np.asarray([r["category"] == cat for r in records])
        if mask.any():
            flagged = float((p[mask] >= threshold).mean())
            name = "recall" if cat in SCAM_CATEGORIES else "false_positive_rate"
            by_cat[cat] = {"n": int(mask.sum()), name: round(flagged, 4)}
    report["by_category"] = by_cat
    truth = [r["category"] for r in records]
    report["category_accuracy"] = round(float(np.mean([a == b for a, b in zip(truth, categories, strict=True)])), 4)
    report["category_confusion"] = {
        "labels": list(CATEGORIES),
        "matrix": confusion_matrix(truth, list(categories), labels=list(CATEGORIES)).tolist(),
    }
    return report


def plot_pr_and_calibration(y_true: ArrayLike, scores: ArrayLike, path: Path, *, title: str,
                            threshold: float) -> Path:
    """A PNG with the precision-recall curve (threshold marked) and the reliability diagram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    y, p = np.asarray(y_true), np.asarray(scores, dtype=float)
    prec, rec, thr = precision_recall_curve(y, p)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.2))
    ax1.plot(rec, prec, lw=2)
    at = int(np.argmin(np.abs(thr - threshold))) if len(thr) else 0
    ax1.scatter([rec[at]], [prec[at]], color="crimson", zorder=3, label=f"threshold {threshold:.2f}")
    ax1.set(xlabel="recall", ylabel="precision", title=f"Precision-recall — {title}", xlim=(0, 1.01),
            ylim=(0, 1.01))
    ax1.legend(loc="lower left")
    mids = [(mean_score, rate) for _, mean_score, rate in calibration_bins(y, p)]
    ax2.plot([0, 1], [0, 1], ls="--", color="grey")
    ax2.plot(*zip(*mids, strict=True), marker="o")
    ax2.set(xlabel="mean predicted scam score", ylabel="observed scam rate", title="Calibration")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _read_eval_set(path: Path) -> list[dict[str, Any]]:
    """A labelled JSONL for evaluation: `text` and `scam` required; category, lang, difficulty optional."""
    from detector.errors import InputError
    from training.data import read_jsonl

    rows = []
    for where, row in read_jsonl(path):
        for key in ("text", "scam"):
            if key not in row:
                raise InputError(f"{where}: missing field '{key}'; evaluation needs text and scam")
        if row["scam"] not in (0, 1):
            raise InputError(f"{where}: field 'scam' must be 0 or 1, got {row['scam']!r}")
        row.setdefault("category", "unknown")
        row.setdefault("lang", "unknown")
        row.setdefault("difficulty", "unrated")
        rows.append(row)
    if not rows:
        raise InputError(f"{path} holds no records")
    return rows


def evaluate_model(*, model_dir: Path, labelled: Path | None = None, public: str | None = None,
                   split: str = "test", out_dir: Path) -> dict[str, Any]:
    """Evaluate a saved model on a labelled file, a public set or a corpus split; write the report.

    Writes `report.json` and `pr_curve.png` into `out_dir` and returns the report.
    """
    from detector.errors import InputError
    from detector.persistence import load_model
    from training.data import default_public_path, import_public, load_splits

    model = load_model(model_dir)
    if labelled is not None:
        rows, name = _read_eval_set(labelled), str(labelled)
    elif public is not None:
        rows, name = import_public(public, default_public_path(public)), f"public:{public}"
    else:
        splits = load_splits()
        if split not in splits:
            raise InputError(f"unknown split {split!r}; expected one of {list(splits)}")
        rows, name = splits[split].to_list(), f"corpus:{split}"
    preds = model.detector.predict([r["text"] for r in rows])
    threshold = model.detector.threshold
    report = full_report(rows, [p.scam_score for p in preds], [p.category for p in preds], threshold=threshold)
    report = {"name": name, "model": model.label, **report}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if len({r["scam"] for r in rows}) == 2:
        plot_pr_and_calibration([r["scam"] for r in rows], [p.scam_score for p in preds], out_dir / "pr_curve.png",
                                title=name, threshold=threshold)
    return report


def bcubed(truth: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a grouping (Bagga & Baldwin 1998; Amigó et al. 2009).

    For each post: precision, the share of its predicted group that belongs to its true group;
    recall, the share of its true group found in its predicted group; both averaged over the posts.
    A post alone has a group of its own (give it its own id).

    Example
    -------
    >>> bcubed(["a", "a", "b"], ["x", "x", "x"])
    (0.5555555555555555, 1.0, 0.7142857142857143)
    """
    if len(truth) != len(predicted):
        raise ValueError(f"expected one predicted group per post, got {len(predicted)} for {len(truth)} posts")
    if not truth:
        return 1.0, 1.0, 1.0
    true_groups: dict[str, set[int]] = defaultdict(set)
    found_groups: dict[str, set[int]] = defaultdict(set)
    for i, (t, p) in enumerate(zip(truth, predicted, strict=True)):
        true_groups[t].add(i)
        found_groups[p].add(i)
    precision = recall = 0.0
    for t, p in zip(truth, predicted, strict=True):
        common = len(true_groups[t] & found_groups[p])
        precision += common / len(found_groups[p])
        recall += common / len(true_groups[t])
    precision, recall = precision / len(truth), recall / len(truth)
    return precision, recall, 2 * precision * recall / (precision + recall)
