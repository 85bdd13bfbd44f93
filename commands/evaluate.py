"""`vigie evaluate`: precision, recall, F1, PR-AUC and calibration of a model; `--suite` over the public sets."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from commands.common import Verbs
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `evaluate` to the `vigie` sub-commands."""
    p = verbs.add_parser("evaluate", help="precision, recall, F1, PR-AUC, calibration; PR curve as PNG")
    p.add_argument("--model", type=Path, default=config.default_model)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--input", type=Path, help="labelled JSONL (fields text, scam; category, lang optional)")
    source.add_argument("--public", help="a public set by importer name (see `vigie data import -h`)")
    source.add_argument("--suite", action="store_true",
                        help="every labelled set of real posts in ../shared/datasets and the outside authors, "
                        "one table (sets the model learned from are cross-fitted and left out, never scored as seen)")
    p.add_argument("--folds", type=int, default=3, help="folds for cross-fitting with --suite (default 3)")
    p.add_argument("--data", type=Path, default=config.corpus_dir, help="the corpus the model was trained on (--suite)")
    p.add_argument("--split", default="test", help="corpus split when no --input/--public (default test)")
    p.add_argument("-o", "--output", type=Path, default=Path("out/evaluation"), help="report folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate, write the report folder, print the overall and per-language figures."""
    from detector.outputs import refuse_input_overwrite

    # The report files go into the -o folder: none may be the model's, the corpus' or the labelled input's.
    written = ["suite.json"] if args.suite else ["report.json", "pr_curve.png"]
    refuse_input_overwrite([args.model, args.input, args.data if args.suite else None],
                           [args.output, *(args.output / name for name in written)])
    if args.suite:
        return _evaluate_suite(args)
    from training.evaluate import evaluate_model

    report = evaluate_model(model_dir=args.model, labelled=args.input, public=args.public, split=args.split,
                            out_dir=args.output)
    o = report["overall"]
    print(f"{report['name']}: n {o['n']} precision {o['precision']} recall {o['recall']} F1 {o['f1']} "
          f"PR-AUC {o['pr_auc']} ECE {o['ece']}")
    for lang, m in report.get("by_lang", {}).items():
        print(f"  {lang:6} n {m['n']:5} F1 {m['f1']:.4f} PR-AUC {m['pr_auc']}")
    print(f"report: {args.output}")
    return 0


def _evaluate_suite(args: argparse.Namespace) -> int:
    from training.suite import evaluate_suite, suite_table

    report = evaluate_suite(args.model, data_dir=args.data, folds=args.folds)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "suite.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{report['model']} (learned from real sets: {', '.join(report['trained_on']) or 'none'})")
    print(suite_table(report["suite"]))
    print(f"report: {args.output / 'suite.json'}")
    return 0
