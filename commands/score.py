"""`vigie score`: score posts, one JSON line per input record, in input order; `--store` fills the review store."""

from __future__ import annotations

import argparse
import os
import sys

from commands.common import Verbs, add_input_options, field_map, open_store, regroup, store_file
from detector.extras import require
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `score` to the `vigie` sub-commands."""
    p = verbs.add_parser("score", help="score posts: one JSON line per input record, in input order")
    add_input_options(p, config)
    p.add_argument("-o", "--output", default="-", help="output JSONL (default stdout)")
    p.add_argument("--redact", action="store_true", help="mask phone numbers, links, e-mails and handles in the "
                   "evidence and rejects, for output shared outside the committee")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same -o from its last committed batch (same "
                   "input content, model content and options, else refused)")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="ray: score on Ray Data (pip install 'vigie[ray]'); INPUT may then be a folder of files")
    p.add_argument("--ray-address", help="an existing Ray cluster (e.g. auto, ray://head:10001; default "
                   "RAY_ADDRESS, else a local Ray instance)")
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl",
                   help="--engine ray with a folder as -o (ending in /): the dataset's file format")
    p.add_argument("--store", nargs="?", const="default", help="also put the scored posts into the review store "
                   "(a database URL; default VIGIE_DATABASE_URL, else SQLite in ./vigie-data)")
    p.add_argument("--source", metavar="NAME", help="with --store: the file, channel or crawl the posts come from; "
                   "a post is known by its source and its id there (default: the input's file name)")
    p.set_defaults(func=run, to_store_only=False)


def run(args: argparse.Namespace) -> int:
    """Score `args.input`; exit code 1 when some records were rejected."""
    from detector.outputs import refuse_input_overwrite
    from detector.persistence import load_model
    from detector.scoring import output_files, resolve_output, score_file

    if args.ner:
        require("ner", "--ner (spaCy's person names)")
    if args.engine == "ray":
        require("ray", "--engine ray")
    # Before the model, the store or any output is opened: no output may be one of the inputs.
    output = "-" if args.to_store_only else args.output  # ingest: the rejects file only
    refuse_input_overwrite([args.input, args.fields, args.model, store_file(args.store)],
                           output_files(*resolve_output(output, args.rejects)))
    fields_map = field_map(args)
    model = load_model(args.model, precision=args.precision)
    store = open_store(args.store) if args.store else None
    # A post is known by its source and its id there (ids are often line numbers): the source, by
    # default the input's file name, keeps line 1 of a second file a post of its own.
    sink = store.sink(args.source or args.input.name) if store is not None else None
    if args.engine == "ray":
        from detector.errors import InputError
        from detector.ray_engine import score_with_ray

        if args.resume:
            raise InputError("--resume is for the local engine; Ray retries failed tasks itself")
        summary = score_with_ray(args.input, args.output, model, args.model, fields_map=fields_map, fmt=args.format,
                                 rejects_path=args.rejects, batch_size=args.batch_size, actors=args.workers,
                                 ray_address=args.ray_address, precision=args.precision, ner=args.ner,
                                 output_format=args.output_format, redacted=args.redact, store=sink,
                                 max_record_bytes=args.max_record_bytes)
    else:
        output = open(os.devnull, "w", encoding="utf-8") if args.to_store_only else args.output  # noqa: SIM115
        summary = score_file(args.input, output, model, fields_map=fields_map, fmt=args.format,
                             rejects_path=args.rejects, batch_size=args.batch_size, progress=not args.no_progress,
                             ner=args.ner, workers=args.workers, resume=args.resume, redacted=args.redact,
                             store=sink, max_record_bytes=args.max_record_bytes)
    if store is not None and sink is not None:
        print(f"store: {sink.total.describe()} from source {sink.source!r}", file=sys.stderr)
        regroup(store)
        print(f"store: {store.count_posts()} posts in {store.engine.url.render_as_string()}", file=sys.stderr)
    print(f"read {summary.read}, scored {summary.scored}, flagged {summary.flagged}, rejected {summary.rejected}"
          + (f" {summary.reasons}" if summary.rejected else "")
          + (f", repaired {summary.repaired} (invalid UTF-8 or NUL bytes)" if summary.repaired else ""),
          file=sys.stderr)
    return 1 if summary.rejected else 0
