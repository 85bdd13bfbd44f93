"""`vigie export-indicators`: the store's campaigns as a STIX 2.1 bundle (`review.indicators`)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from commands.common import Verbs, open_store, store_file
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `export-indicators` to the `vigie` sub-commands."""
    p = verbs.add_parser("export-indicators", help="write stored campaigns and their indicators (phone numbers, "
                         "links, sites, addresses, handles) as a STIX 2.1 bundle, to share with police liaison units")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--campaign", action="append", metavar="ID", help="a campaign id (repeat for several)")
    which.add_argument("--all", action="store_true", help="every stored campaign but those the analysts labelled "
                       "benign")
    p.add_argument("-o", "--output", default="-", help="the bundle, JSON (default stdout)")
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("--with-text", action="store_true", help="add each post's text as a note (left out by default)")
    p.add_argument("--redact", action="store_true", help="for sharing outside the committee: mask the contacts in "
                   "the text of --with-text and leave out the accounts that posted")
    p.add_argument("--tlp", choices=("white", "green", "amber", "red"), default="amber",
                   help="TLP marking of every object (default amber)")
    p.set_defaults(func=run)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in its folder, renamed over it once complete:
    a reader (or a crash) never sees half a bundle."""
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Write the bundle; one summary line on stderr (counts only, never a post's text)."""
    from detector.outputs import OutputLock, refuse_input_overwrite
    from review.indicators import export_bundle

    output = None if args.output == "-" else Path(args.output)
    refuse_input_overwrite([store_file(args.store)], [output])
    bundle = export_bundle(open_store(args.store), None if args.all else args.campaign, with_text=args.with_text,
                           redacted=args.redact, tlp=args.tlp, actor="cli")
    text = bundle.serialize(pretty=True) + "\n"
    if output is None:
        sys.stdout.write(text)
    elif output.exists() and not output.is_file():  # /dev/null, a pipe: nothing to replace
        with output.open("w", encoding="utf-8") as out:
            out.write(text)
    else:
        with OutputLock(output):
            write_atomically(output, text)
    kinds = [o.type for o in bundle.objects]
    print(f"exported {kinds.count('campaign')} campaign(s), {kinds.count('indicator')} indicator(s), "
          f"{kinds.count('note')} post text(s) -> {args.output if output else 'stdout'}", file=sys.stderr)
    return 0
