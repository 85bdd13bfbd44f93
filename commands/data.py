"""`vigie data import` and `vigie data stats`: the labelled data tools."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from commands.common import Verbs
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `data import` and `data stats` to the `vigie` sub-commands."""
    data = verbs.add_parser("data", help="labelled data tools").add_subparsers(dest="data_verb", required=True)
    p = data.add_parser("import", help="map a public labelled set to Vigie's schema")
    p.add_argument("name", help="scamspot, difraud-jobs, difraud-sms, sms-spam, sms-phishing, youtube-spam, janitr")
    p.add_argument("path", type=Path, nargs="?", help="file or folder (default: ../shared/datasets/...)")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=import_public, datasets_dir=config.datasets_dir)
    p = data.add_parser("stats", help="corpus counts by language and category")
    p.add_argument("--data", type=Path, default=config.corpus_dir)
    p.set_defaults(func=stats)


def import_public(args: argparse.Namespace) -> int:
    """Map a public set to the corpus schema, one JSON line per record."""
    from detector.outputs import refuse_input_overwrite
    from training.data import default_public_path, import_public

    path = args.path or default_public_path(args.name, args.datasets_dir)
    refuse_input_overwrite([path], [args.output])
    records = import_public(args.name, path)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} records ({sum(r['scam'] for r in records)} scam) from {path} -> {args.output}")
    return 0


def stats(args: argparse.Namespace) -> int:
    """Print the corpus counts by language and category."""
    from training.data import corpus_stats

    print(corpus_stats(args.data))
    return 0
