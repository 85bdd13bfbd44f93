"""What several commands share: the reader options, the field map, the review store, the summary lines."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detector.readers import FORMATS, MAX_RECORD_BYTES, FieldMap
from detector.settings import Settings

if TYPE_CHECKING:
    from review import PostStore

# The argparse sub-parsers object `build_parser` hands to each command's `add_parser`.
Verbs = Any


def field_map(args: argparse.Namespace) -> FieldMap:
    """--fields FILE, overridden by --field KEY=COLUMN, overridden by --text-field / --id-field."""
    from detector.errors import InputError

    overrides: dict[str, str] = {}
    for item in args.field or []:
        key, sep, column = item.partition("=")
        if not sep or not column or key not in FieldMap.__dataclass_fields__:
            raise InputError(f"--field {item!r}: expected KEY=COLUMN, KEY one of {list(FieldMap.__dataclass_fields__)}")
        overrides[key] = column
    base = FieldMap.from_file(args.fields) if args.fields else FieldMap()
    return FieldMap(**{**base.as_dict(), **overrides}).with_fields(text=args.text_field, id=args.id_field)


def store_url(url: str | None) -> str:
    """The URL `--store` means: "default" (or nothing) is VIGIE_DATABASE_URL, else SQLite in VIGIE_DATA_DIR."""
    if url and url != "default":
        return url
    from review import default_url

    return default_url()


def store_file(url: str | None) -> Path | None:
    """The database file of a SQLite store (`--store`), an input no output may overwrite; else None."""
    if not url:
        return None
    from sqlalchemy.engine import make_url

    parsed = make_url(store_url(url))
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def open_store(url: str) -> PostStore:
    """The review store at `url` ("default": see `store_url`)."""
    from review import PostStore

    return PostStore(store_url(url))


def regroup(store: PostStore) -> None:
    """Group the store's flagged posts into campaigns again, now that posts came in."""
    run = store.regroup_campaigns(actor="vigie")
    print(f"store: {run['campaigns']} campaigns among {run['flagged']} flagged posts (grouped in "
          f"{run['seconds']:.1f} s)", file=sys.stderr)


def print_test_split(overall: dict[str, Any]) -> None:
    """The line `vigie train` ends with: the test split's figures."""
    o = overall
    print(f"test split: precision {o['precision']} recall {o['recall']} F1 {o['f1']} PR-AUC {o['pr_auc']}")


def add_reader_options(p: argparse.ArgumentParser) -> None:
    """What `score`, `ingest` and `campaigns` share: the input and its fields."""
    p.add_argument("input", type=Path, help="JSONL, CSV, Parquet or Telegram export (result.json); "
                   "JSONL, CSV and Telegram may be gzip- or zstd-compressed")
    p.add_argument("--text-field", help="input field of the post text (default text)")
    p.add_argument("--id-field", help="input field of the post id (default id; else the line number)")
    p.add_argument("--field", action="append", metavar="KEY=COLUMN",
                   help="map another field: author_handle, author_name, author_verified, author_followers, date")
    p.add_argument("--fields", type=Path, help='JSON mapping file, e.g. {"text": "message", "id": "post_id"}')
    p.add_argument("--format", choices=FORMATS, help="default: from the file name")
    p.add_argument("--max-record-bytes", type=int, default=MAX_RECORD_BYTES, metavar="N",
                   help=f"a longer record is rejected unread (default {MAX_RECORD_BYTES})")
    p.add_argument("--rejects", type=Path, help="where rejected records go (default OUTPUT.rejects.jsonl)")


def add_input_options(p: argparse.ArgumentParser, config: Settings) -> None:
    """The reader options, and the model and batching options of `score` and `ingest`."""
    add_reader_options(p)
    p.add_argument("--model", type=Path, default=config.default_model)
    p.add_argument("--batch-size", type=int, default=512)
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "int8"], default="auto",
                   help="transformer models: auto (bf16 where the CPU has it natively, else fp32), fp32, bf16, "
                   "or int8 dynamic quantization")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="scoring processes, or Ray actors with --engine ray (default: one per CPU core)")
    p.add_argument("--ner", action="store_true", help="spaCy NER for impersonation names the gazetteer misses "
                   "(slower)")
    p.add_argument("--no-progress", action="store_true")
