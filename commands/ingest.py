"""`vigie ingest`: `vigie score INPUT --store` without an output file."""

from __future__ import annotations

import argparse

from commands import score
from commands.common import Verbs, add_input_options
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `ingest` to the `vigie` sub-commands."""
    p = verbs.add_parser("ingest", help="score posts into the review store (no output file)")
    add_input_options(p, config)
    p.add_argument("--store", help="database URL (default VIGIE_DATABASE_URL, else SQLite in ./vigie-data)")
    p.add_argument("--source", metavar="NAME", help="the file, channel or crawl the posts come from; a post is "
                   "known by its source and its id there (default: the input's file name)")
    p.set_defaults(func=run, output=None, redact=False, resume=False, engine="local", to_store_only=True)


def run(args: argparse.Namespace) -> int:
    """Score `args.input` into the store; exit code 1 when some records were rejected."""
    args.store = args.store or "default"
    return score.run(args)
