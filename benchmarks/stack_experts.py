"""What the stack's experts should learn from: their genre alone, or their genre and the corpus.

One corpus model (the committed default's feature set, fitted on the corpus's train + validation splits, with
out-of-fold scores of its own posts) is shared by every row; each row refits only the stack's top
(experts, router, gate) with other `StackedDetector` parameters, takes the threshold `vigie train`
would (best mean F1 over genres, out-of-fold) and is judged on the outside authors (never trained
on), the corpus test split, and the real job ads cross-fitted (3 folds, as `vigie evaluate --suite`).

    python benchmarks/stack_experts.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS: dict[str, dict[str, Any]] = {
    "experts: their genre alone": {"expert_corpus_share": 0.0},
    "experts: genre + corpus (share 0.2)": {"expert_corpus_share": 0.2, "experts_alone": ()},
    "experts: genre + corpus (share 0.5)": {"expert_corpus_share": 0.5, "experts_alone": ()},
    "experts: genre + corpus (share 0.5), job ads alone (default)": {"expert_corpus_share": 0.5,
                                                                     "experts_alone": ("jobs",)},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3, help="folds of the job ads' cross-fitting")
    args = parser.parse_args(argv)

    from sklearn.metrics import average_precision_score

    from training.data import available_public_sets, load_public_sets, load_splits
    from training.evaluate import full_report, scam_metrics
    from training.suite import _fold_of, build_stack_inputs, fit_stack, is_scam, macro_f1_threshold
    from training.train import CANDIDATES, outside_authors

    feature_set = json.loads((ROOT / "models/default/manifest.json").read_text(encoding="utf-8"))["feature_set"]
    splits = load_splits()
    corpus_rows = splits["train"].to_list() + splits["validation"].to_list()
    test = splits["test"].to_list()
    outside = outside_authors()
    public = load_public_sets(available_public_sets())
    inputs = build_stack_inputs(corpus_rows, public, base_params=CANDIDATES[feature_set], progress=True)
    jobs = public["difraud-jobs"]
    jobs_texts, jobs_y = [r["text"] for r in jobs], [r["scam"] for r in jobs]
    in_jobs = np.asarray(inputs.sources) == "difraud-jobs"
    fold_of = np.asarray([_fold_of(t, args.folds, 0) for t in inputs.texts])
    jobs_fold = np.asarray([_fold_of(t, args.folds, 0) for t in jobs_texts])

    head = ["experts", "threshold", "outside F1", "outside PR-AUC", "outside lowest language F1", "outside hard F1",
            "outside awareness flagged", "corpus test F1", "corpus test PR-AUC",
            f"real job ads F1 / PR-AUC (cross-fitted, {args.folds} folds)", "s"]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, params in VARIANTS.items():
        start = time.perf_counter()
        stack = fit_stack(inputs, params)
        threshold = macro_f1_threshold(stack.oof_scores_, is_scam(inputs.categories), inputs.domains)
        stack.set_params(threshold=threshold)
        preds = stack.predict([r["text"] for r in outside])
        rep = full_report(outside, [p.scam_score for p in preds], [p.category for p in preds], threshold=threshold)
        test_scores = stack.predict_proba([r["text"] for r in test])
        test_y = [r["scam"] for r in test]
        xfit = np.zeros(len(jobs))
        for k in range(args.folds):
            sel = np.flatnonzero(jobs_fold == k)
            xfit[sel] = fit_stack(inputs.without(in_jobs & (fold_of == k)), params).predict_proba(
                [jobs_texts[i] for i in sel])
        jm = scam_metrics(jobs_y, xfit, threshold=threshold)
        cells = [name, threshold, rep["overall"]["f1"], rep["overall"]["pr_auc"],
                 min(m["f1"] for m in rep["by_lang"].values()), rep["by_difficulty"]["hard"]["f1"],
                 rep["by_category"]["awareness"]["false_positive_rate"],
                 scam_metrics(test_y, test_scores, threshold=threshold)["f1"],
                 round(float(average_precision_score(test_y, test_scores)), 4),
                 f"{jm['f1']:.3f} / {jm['pr_auc']:.3f}", round(time.perf_counter() - start)]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        print(lines[-1], file=sys.stderr, flush=True)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
