"""`vigie export-reviews` and `vigie retrain`: the committee's reviews back into the model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commands.common import Verbs, open_store, store_file
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `export-reviews` and `retrain` to the `vigie` sub-commands."""
    p = verbs.add_parser("export-reviews", help="write settled reviews (agreeing or adjudicated) as labelled "
                         "records, a new versioned file under data/reviews/")
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("-o", "--output", type=Path, default=config.reviews_dir)
    p.set_defaults(func=export_reviews)

    p = verbs.add_parser("retrain", help="train on corpus + reviews (the newest fifth held back); promote only if "
                         "better on the held-back reviews and not worse on the corpus test split")
    p.add_argument("--models", type=Path, default=config.models_dir)
    p.add_argument("--name", default="default")
    p.add_argument("--data", type=Path, default=config.corpus_dir, help="the corpus (its test split judges)")
    p.add_argument("--reviews", type=Path, default=config.reviews_dir)
    p.add_argument("--no-external", action="store_true", help="skip the evaluation on other authors' sets")
    p.set_defaults(func=run)


def export_reviews(args: argparse.Namespace) -> int:
    """Write the settled reviews as a new labelled file."""
    from detector.outputs import refuse_input_overwrite
    from training.retrain import export_reviews

    refuse_input_overwrite([store_file(args.store)], [args.output])
    path, count = export_reviews(open_store(args.store), args.output)
    print(f"exported {count} settled review(s) -> {path}" if path else "no settled review to export yet",
          file=sys.stderr)
    return 0


def run(args: argparse.Namespace) -> int:
    """Train a candidate on corpus + reviews and promote it only if it is better."""
    from training.retrain import decision_summary, retrain

    decision = retrain(models_dir=args.models, name=args.name, data_dir=args.data, reviews_dir=args.reviews,
                       external=not args.no_external)
    print(decision_summary(decision), file=sys.stderr)
    return 0
