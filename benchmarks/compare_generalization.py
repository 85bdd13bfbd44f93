"""Which model generalizes: one table, own test split, outside authors, every real set, posts/s.

Rows: the corpus model with n-grams alone; + red-flag and trafficking-indicator signals (today's
corpus model); + the multilingual sentence encoder; the real public sets pooled into the corpus
model with domain-balanced weights; and the stack (`detector.ensemble.StackedDetector`). Every
corpus model takes its threshold from the corpus validation split and learns from train +
validation, as `vigie train` does. A real set a row learned from is judged cross-fitted (never on
posts that row's model saw); for the pooled row, whose every refit costs a whole training, only
the job ads are cross-fitted and the other trained-on sets are left blank.

    python benchmarks/compare_generalization.py [--folds 3] [--write models/README.md]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARK_START, MARK_END = "<!-- generalization:start -->", "<!-- generalization:end -->"
CORPUS_ONLY: dict[str, dict[str, Any]] = {
    "n-grams (corpus only)": {"use_signals": False},
    "+ signals: red flags, trafficking indicators, frames": {"signal_weight": 0.3},
    "+ sentence encoder (mUSE)": {"signal_weight": 0.3, "encoder_weight": 0.5},
}
SETS_SHOWN = ("difraud-jobs", "scamspot", "difraud-sms", "janitr", "youtube-spam")


def posts_per_second(det: Any, texts: list[str]) -> float:
    """The whole scoring path (`score_posts`) over `texts`, one process."""
    from detector.persistence import LoadedModel
    from detector.readers import Post
    from detector.scoring import score_posts

    start = time.perf_counter()
    score_posts([Post(str(i), t, i) for i, t in enumerate(texts)], LoadedModel(det, "bench", "0", {}))
    return len(texts) / (time.perf_counter() - start)


def row_figures(det: Any, test: list[dict], outside: list[dict], public: dict[str, list[dict]],
                xfit: dict[str, np.ndarray], trained_on: set[str] | None = None) -> dict[str, Any]:
    """Test F1, outside-author figures, F1 (FPR) per real set: cross-fitted scores where given, none
    for a set the model learned from without them."""
    from training.evaluate import full_report, scam_metrics

    thr = det.threshold
    out: dict[str, Any] = {"test_f1": scam_metrics([r["scam"] for r in test], det.predict_proba(
        [r["text"] for r in test]), threshold=thr)["f1"]}
    preds = det.predict([r["text"] for r in outside])
    rep = full_report(outside, [p.scam_score for p in preds], [p.category for p in preds], threshold=thr)
    out |= {"outside_f1": rep["overall"]["f1"], "outside_hard_f1": rep["by_difficulty"]["hard"]["f1"],
            "outside_min_lang_f1": min(m["f1"] for m in rep["by_lang"].values()),
            "outside_awareness_fpr": rep["by_category"]["awareness"]["false_positive_rate"]}
    for name in SETS_SHOWN:
        rows = public.get(name, [])
        if not rows:
            continue
        scores = xfit.get(name)
        if scores is None and name in (trained_on or set()):
            out[name] = None
            continue
        scores = det.predict_proba([r["text"] for r in rows]) if scores is None else scores
        m = scam_metrics([r["scam"] for r in rows], scores, threshold=thr)
        out[name] = f"{m['f1']:.3f} ({m['false_positive_rate']:.3f})"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--write", type=Path, help="replace the table between the markers in this Markdown file")
    args = parser.parse_args(argv)

    from detector.classifiers import Detector
    from detector.encoder import encoder_available
    from detector.ensemble import balanced_weights
    from training.data import GENRES, available_public_sets, load_public_sets, load_splits
    from training.evaluate import best_threshold
    from training.suite import build_stack_inputs, fit_stack, is_scam, macro_f1_threshold, run_suite
    from training.train import outside_authors

    splits = load_splits()
    train, val, test = (splits[k].to_list() for k in ("train", "validation", "test"))
    outside = outside_authors()
    public = load_public_sets(available_public_sets())
    speed_texts = [r["text"] for r in test] * 4
    table: dict[str, dict[str, Any]] = {}

    def corpus_model(params: dict[str, Any], extra: list[dict] | None = None,
                     weights: list[float] | None = None) -> Detector:
        probe = Detector(**params).fit([r["text"] for r in train], [r["category"] for r in train])
        thr = best_threshold([r["scam"] for r in val], probe.predict_proba([r["text"] for r in val]))
        rows = train + val + (extra or [])
        return Detector(threshold=thr, **params).fit([r["text"] for r in rows], [r["category"] for r in rows],
                                                     sample_weight=weights)

    for name, params in CORPUS_ONLY.items():
        if params.get("encoder_weight") and not encoder_available():
            print(f"skipping {name}: the sentence encoder is not installed", file=sys.stderr)
            continue
        det = corpus_model(params)
        table[name] = row_figures(det, test, outside, public, {}) | {"posts_s": posts_per_second(det, speed_texts)}
        print(name, table[name], file=sys.stderr, flush=True)

    # Pooled: the public sets join the corpus model itself, each genre weighing as much as the corpus.
    base_params = {"signal_weight": 0.3}
    pub_rows = [r for rows in public.values() for r in rows]
    pub_genres = [GENRES[n] for n, rows in public.items() for _ in rows]
    n_corpus = len(train) + len(val)
    pooled = corpus_model(base_params, pub_rows,
                          balanced_weights(["corpus"] * n_corpus + pub_genres, corpus_share=0.5).tolist())
    jobs = public.get("difraud-jobs", [])
    jobs_fold = {r["id"]: int(hashlib.sha256(f"0:{r['text']}".encode()).hexdigest(), 16) % args.folds for r in jobs}
    xfit = np.zeros(len(jobs))
    for k in range(args.folds):
        keep = [i for i, r in enumerate(pub_rows) if jobs_fold.get(r["id"], -1) != k]
        det_k = corpus_model(base_params, [pub_rows[i] for i in keep], balanced_weights(
            ["corpus"] * n_corpus + [pub_genres[i] for i in keep], corpus_share=0.5).tolist())
        sel = [i for i, r in enumerate(jobs) if jobs_fold[r["id"]] == k]
        xfit[sel] = det_k.predict_proba([jobs[i]["text"] for i in sel])
    table["real sets pooled into the corpus model (domain-balanced)"] = row_figures(
        pooled, test, outside, public, {"difraud-jobs": xfit}, set(public)) | {
        "posts_s": posts_per_second(pooled, speed_texts)}

    inputs = build_stack_inputs(train + val, public, base_params=base_params, progress=True)
    stack = fit_stack(inputs, {})
    stack.set_params(threshold=macro_f1_threshold(stack.oof_scores_, is_scam(inputs.categories), inputs.domains))
    suite = run_suite(stack, outside=[], public=public, trained_on=list(public), inputs=inputs, stack_params={},
                      folds=args.folds, progress=True)
    scores = {name: f"{m['f1']:.3f} ({m['false_positive_rate']:.3f})" for name, m in suite.items()
              if name in SETS_SHOWN and "f1" in m}
    figures = row_figures(stack, test, outside, {}, {}) | scores
    table["stack: corpus model + genre experts + gate (default)"] = figures | {
        "posts_s": posts_per_second(stack, speed_texts)}

    head = ["model", "own test F1", "outside F1", "outside hard F1", "outside lowest language F1",
            "outside awareness flagged", *(f"{s} F1 (FPR)" for s in SETS_SHOWN), "posts/s"]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for name, f in table.items():
        cells = [name, f["test_f1"], f["outside_f1"], f["outside_hard_f1"], f["outside_min_lang_f1"],
                 f["outside_awareness_fpr"], *(f.get(s) or "trained on" for s in SETS_SHOWN), round(f["posts_s"])]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        if MARK_START in doc and MARK_END in doc:
            before, rest = doc.split(MARK_START, 1)
            doc = f"{before}{MARK_START}\n{text}\n{MARK_END}{rest.split(MARK_END, 1)[1]}"
        else:
            doc += f"\n{MARK_START}\n{text}\n{MARK_END}\n"
        args.write.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
