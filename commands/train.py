"""`vigie train`: train the default model (or a transformer) from the corpus into the models folder."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from commands.common import Verbs, print_test_split
from detector.errors import VigieError
from detector.extras import require
from detector.settings import Settings
from training.transformer_config import cli_options, from_options


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `train` to the `vigie` sub-commands."""
    p = verbs.add_parser("train", help="train the default model from data/ into models/")
    p.add_argument("--data", type=Path, default=config.corpus_dir, help="folder of labelled *.jsonl")
    p.add_argument("--models", type=Path, default=config.models_dir, help="folder of model folders")
    p.add_argument("--name", default="default")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-external", action="store_true", help="skip the evaluation on other authors' sets")
    p.add_argument("--feature-set", help="train this feature set instead of the best eligible one "
                   "(see training/train.py CANDIDATES)")
    p.add_argument("--backend", choices=["default", "transformer", "frozen"], default="default",
                   help="transformer: fine-tune --base-model; frozen: linear head on its frozen embeddings")
    p.add_argument("--base-model", help="local Hugging Face folder or hub id of a multilingual encoder")
    hyper = p.add_argument_group("transformer and frozen backends", "hyperparameters of FineTuneConfig "
                                 "(training/transformer_config.py), defaults included")
    for flag, kwargs in cli_options():
        hyper.add_argument(flag, **kwargs)
    p.add_argument("--no-resume", action="store_true", help="start over instead of resuming from checkpoints")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train, save the model folder, print its test-split figures."""
    if args.backend != "default":
        return _train_transformer(args)
    from training.train import train_default

    folder = train_default(data_dir=args.data, models_dir=args.models, name=args.name, seed=args.seed,
                           external=not args.no_external, feature_set=args.feature_set)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    print(f"trained {args.name} ({metrics['chosen']}) -> {folder}")
    print_test_split(metrics["test"]["overall"])
    return 0


def _train_transformer(args: argparse.Namespace) -> int:
    if not args.base_model:
        raise VigieError(f"--backend {args.backend} needs --base-model (a local Hugging Face folder or a hub id)")
    config = from_options(args.base_model, args.seed, vars(args))  # checked before torch is loaded
    require("transformer", f"vigie train --backend {args.backend}")
    from training.transformer import fine_tune, fit_frozen

    name = args.name if args.name != "default" else args.backend
    if args.backend == "transformer":
        folder = fine_tune(config, name=name, models_dir=args.models, data_dir=args.data, resume=not args.no_resume,
                           external=not args.no_external)
    else:
        folder = fit_frozen(config, name=name, models_dir=args.models, data_dir=args.data,
                            external=not args.no_external)
    overall = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["test"]["overall"]
    print(f"trained {name} ({args.backend}) -> {folder}")
    print_test_split(overall)
    return 0
