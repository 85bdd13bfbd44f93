"""Learning curve of the feedback loop: what N reviewed posts of a domain the model never saw buy.

Simulated analysts review posts of a real labelled public set (default `difraud-jobs`). The set is
split once (seeded, whole leak groups, lures spread evenly) into a review pool (half) and an
evaluation half. A base model is trained once WITHOUT that set (the corpus and every other public
set present), and reused. For each order and each N, the first N posts of the pool in that order
are "reviewed" (labelled with the set's truth), written as an export file exactly as `vigie
export-reviews` writes one (`training.retrain.review_record` / `write_export`), and `retrain` runs as
`vigie retrain` does, into a fresh copy of the models folder: the newest fifth of the reviews is held
back, the rest joins training, and the promotion rule decides. Printed: F1, precision, recall and
PR-AUC on the evaluation half, before (base) and after (candidate, promoted or not), and the decision.

Orders: `random`; `uncertainty`, the Queue's order (`PostStore.queue(order="uncertainty")`: scores
nearest 0.5 first, then by post id, here the pool's order); `score` (most likely lures first, the
Queue's default order); `mixed` (alternately the most uncertain and the highest-scored post not yet
taken: active learning that also brings lures when a set has few of them); `boundary` (scores nearest
the model's own flagging threshold first, where its decisions change); `hybrid` (alternately the most
uncertain post and one drawn at random: the uncertain posts teach most, the random ones keep the
sample representative of the domain).

    python benchmarks/learning_curve.py [--set difraud-jobs] [--sizes 50,100,200,500]
        [--orders random,uncertainty] [--seed 0] [--quick] [--work DIR] [--base DIR/base/default]

Texts of the set that are also in another public set (the SMS sets overlap) are left out: the base
model learnt them. Minutes per retraining: the full run trains 1 + orders x sizes models.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review.assignment import interleave  # noqa: E402
from training.data import (  # noqa: E402
    CORPUS_DIR,
    available_public_sets,
    leak_groups,
    load_public_sets,
)
from training.retrain import figures, retrain, review_record, write_export  # noqa: E402
from training.train import train_default  # noqa: E402

log = logging.getLogger("learning_curve")
ORDERS = ("random", "uncertainty", "score", "mixed", "boundary", "hybrid")
EVAL_FIGURES = ("f1", "precision", "recall", "pr_auc")
SUPPORTS_REAL_SETS = "real_sets" in inspect.signature(train_default).parameters


def split_pool_eval(records: list[dict[str, Any]], *, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Half of the posts to review, half to evaluate on: whole leak groups (near-duplicates, shared
    identifiers) go to one side, groups with and without a lure each spread evenly, in a seeded order."""
    rng = np.random.default_rng(seed)
    roots = leak_groups(records)
    groups: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        groups.setdefault(root, []).append(i)
    sides: tuple[list[int], list[int]] = ([], [])
    for has_lure in (True, False):
        stratum = [g for g in groups.values() if any(records[i]["scam"] for i in g) == has_lure]
        counts = [0, 0]
        for k in rng.permutation(len(stratum)):
            side = int(counts[1] < counts[0]) if counts[0] != counts[1] else int(rng.integers(2))
            sides[side].extend(stratum[k])
            counts[side] += len(stratum[k])
    pool, evaluation = ([records[i] for i in rng.permutation(sorted(side))] for side in sides)
    return pool, evaluation


def review_order(order: str, scores: np.ndarray, *, seed: int, threshold: float = 0.5) -> list[int]:
    """Indices of the pool in the order simulated analysts review them."""
    ids = np.arange(len(scores))
    at_random = [int(i) for i in np.random.default_rng(seed + 1).permutation(len(scores))]
    if order == "random":
        return at_random
    by_uncertainty = [int(i) for i in np.lexsort((ids, np.abs(scores - 0.5)))]
    by_score = [int(i) for i in np.lexsort((ids, -scores))]
    if order == "uncertainty":
        return by_uncertainty
    if order == "score":
        return by_score
    if order == "boundary":
        return [int(i) for i in np.lexsort((ids, np.abs(scores - threshold)))]
    return interleave(by_uncertainty, by_score if order == "mixed" else at_random)


def export_rows(pool: list[dict[str, Any]], indices: list[int], suggested: list[str]) -> list[dict[str, Any]]:
    """The reviewed posts as `export_reviews` writes them, in review order."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return [review_record({"post_id": i, "text": pool[i]["text"], "scam": pool[i]["scam"],
                           "label": pool[i]["category"], "lang": pool[i]["lang"], "platform": pool[i]["platform"],
                           "suggested": suggested[i], "reviewers": ["simulated"], "at": at}) for i in indices]


def _arrow(before: Any, after: Any) -> str:
    return f"{before} → {after}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="name", default="difraud-jobs", help="public set the analysts review")
    parser.add_argument("--sizes", default="50,100,200,500", help="numbers of reviewed posts, comma-separated")
    parser.add_argument("--orders", default="random,uncertainty", help=f"comma-separated, of {', '.join(ORDERS)}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=CORPUS_DIR, help="the corpus")
    parser.add_argument("--base-sets", help="comma-separated public sets the base model learns from (default: every "
                        "other one present; 'none' for the corpus alone)")
    parser.add_argument("--feature-set", help="the base model's corpus features (default: those of models/default, "
                        "so that the feature sets are not all compared again)")
    parser.add_argument("--base", type=Path, help="reuse the base model of an earlier run (WORK/base/default, "
                        "kept with --work) instead of training it again; it must have learnt from the same sets")
    parser.add_argument("--quick", action="store_true", help="sizes 50 and 200 only")
    parser.add_argument("--work", type=Path, help="keep the models here (default: a temporary folder)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s")
    sizes = [50, 200] if args.quick else [int(s) for s in args.sizes.split(",")]
    orders = args.orders.split(",")
    if unknown := sorted(set(orders) - set(ORDERS)):
        parser.error(f"unknown order(s) {unknown}; expected some of {list(ORDERS)}")
    present = available_public_sets()
    if args.name not in present:
        parser.error(f"public set {args.name!r} is not under ../shared/datasets; present: {present}")
    others = [n for n in present if n != args.name]
    if args.base_sets is not None:
        others = [] if args.base_sets == "none" else args.base_sets.split(",")
        if args.name in others or not set(others) <= set(present):
            parser.error(f"--base-sets: sets other than {args.name!r}, among {present}")
    records = load_public_sets([args.name])[args.name]
    seen_elsewhere = {" ".join(r["text"].lower().split()) for rs in load_public_sets(others).values() for r in rs}
    dropped = sum(" ".join(r["text"].lower().split()) in seen_elsewhere for r in records)
    records = [r for r in records if " ".join(r["text"].lower().split()) not in seen_elsewhere]
    pool, evaluation = split_pool_eval(records, seed=args.seed)
    sizes = [n for n in sizes if n <= len(pool)] or [len(pool)]

    work_root = args.work or Path(tempfile.mkdtemp(prefix="vigie-learning-curve-"))
    work_root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    base_sets = others if SUPPORTS_REAL_SETS else []
    feature_set = args.feature_set
    if feature_set is None and (shipped := ROOT / "models" / "default" / "manifest.json").is_file():
        feature_set = json.loads(shipped.read_text(encoding="utf-8")).get("feature_set")
    print(f"set {args.name}: {len(records)} posts ({dropped} also in other sets left out); review pool "
          f"{len(pool)} ({sum(r['scam'] for r in pool)} lures), evaluation half {len(evaluation)} "
          f"({sum(r['scam'] for r in evaluation)} lures); seed {args.seed}", file=sys.stderr)
    print(f"base model: corpus ({feature_set or 'feature set chosen on validation'}) + {base_sets or 'no public set'}"
          + ("" if SUPPORTS_REAL_SETS else " (this train_default has no real_sets: corpus only)"), file=sys.stderr)
    from detector.persistence import load_model

    if args.base:
        base_dir = args.base
        learnt = load_model(base_dir).manifest.get("trained_on", [])
        if sorted(learnt) != sorted(base_sets):
            parser.error(f"--base {base_dir} learnt from {learnt}, not from {base_sets}")
    else:
        kwargs: dict[str, Any] = {"real_sets": base_sets} if SUPPORTS_REAL_SETS else {}
        base_dir = train_default(data_dir=args.data, models_dir=work_root / "base", name="default", seed=args.seed,
                                 external=False, feature_set=feature_set, additions=None, **kwargs)
    base_model = load_model(base_dir)
    preds = base_model.detector.predict([r["text"] for r in pool])
    scores = np.asarray([p.scam_score for p in preds])
    suggested = [p.category for p in preds]
    before = figures(base_dir, evaluation)
    print(f"base model {'loaded' if args.base else 'trained'} in {time.perf_counter() - start:.0f} s; "
          f"threshold {base_model.detector.threshold}; "
          f"flags {int((scores >= base_model.detector.threshold).sum())} of the pool's {len(pool)}", file=sys.stderr)

    rows = []
    for order in orders:
        ranking = review_order(order, scores, seed=args.seed, threshold=base_model.detector.threshold)
        for n in tqdm([n for n in sizes], desc=f"{order} order", unit="retraining"):
            run = work_root / f"{order}-{n}"
            shutil.rmtree(run, ignore_errors=True)
            shutil.copytree(base_dir, run / "models" / "default")
            write_export(export_rows(pool, ranking[:n], suggested), run / "reviews",
                         now=datetime(2026, 1, 1, tzinfo=UTC))
            decision = retrain(models_dir=run / "models", name="default", data_dir=args.data,
                               reviews_dir=run / "reviews", seed=args.seed, external=False,
                               real_sets=base_sets if SUPPORTS_REAL_SETS else None)
            candidate = run / "models" / ("default" if decision["promoted"] else "candidates/default")
            after = figures(candidate, evaluation)
            held_cur, held_cand = decision["current"]["held_back"], decision["candidate"]["held_back"]
            metric = decision["domain_metric"]
            rows.append({
                "order": order, "N": n, "lures reviewed": sum(pool[i]["scam"] for i in ranking[:n]),
                **{f"eval {k}": _arrow(before[k], after[k]) for k in EVAL_FIGURES},
                "held-back (n, lures): metric": (f"({held_cur['n']}, {held_cur['positives']}): {metric} "
                                                 f"{_arrow(held_cur[metric], held_cand[metric])}"
                                                 if held_cur else "none"),
                "corpus test F1": _arrow(decision["current"]["test"]["f1"], decision["candidate"]["test"]["f1"]),
                "promoted": "yes" if decision["promoted"] else "no"})
            if not args.work:
                shutil.rmtree(run, ignore_errors=True)
    if not args.work:
        shutil.rmtree(work_root, ignore_errors=True)

    base_option = f" --base {args.base}" if args.base else ""
    print(f"\n`python benchmarks/learning_curve.py --set {args.name} --sizes {','.join(map(str, sizes))} "
          f"--orders {','.join(orders)} --seed {args.seed}{base_option}` ({time.perf_counter() - start:.0f} s); "
          f"evaluation half: {len(evaluation)} posts, {sum(r['scam'] for r in evaluation)} lures; "
          "figures before → after retraining\n")
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(str(v) for v in row.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
