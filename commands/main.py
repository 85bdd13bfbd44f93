"""`vigie` command line: a thin layer over importable functions.

Verbs: train, evaluate, score, ingest, campaigns, export-indicators, export-reviews, retrain, demo, dashboard,
data import, data stats. Exit codes: 0 success, 1 finished but some input records were rejected, 2 an error (one
line on stderr that names the file or the store and the fix; `-v` shows the traceback).
"""

from __future__ import annotations

import argparse
import errno
import logging
import sys
from collections.abc import Sequence

from commands import (
    campaigns,
    dashboard,
    data,
    demo,
    evaluate,
    export_indicators,
    ingest,
    retrain,
    score,
    sign_model,
    train,
)
from detector.errors import VigieError
from detector.settings import Settings, settings

# The order of `vigie --help`.
COMMANDS = (train, evaluate, score, ingest, retrain, campaigns, export_indicators, demo, dashboard, data, sign_model)

# What to do about an operating-system error, by errno.
_OS_FIXES = {
    errno.EISDIR: "give a file path, not a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "check the path (an output's folder must exist)",
    errno.EACCES: "check its permissions, or choose another path",
    errno.EPERM: "check its permissions, or choose another path",
    errno.ENOSPC: "the device is full: free some space or write elsewhere",
    errno.EDQUOT: "the disk quota is exhausted: free some space or write elsewhere",
    errno.EROFS: "the file system is read-only: write elsewhere",
}


def build_parser(config: Settings | None = None) -> argparse.ArgumentParser:
    """The `vigie` argument parser; its defaults (model, folders) come from `config` (default: the environment)."""
    config = config or settings()
    parser = argparse.ArgumentParser(prog="vigie", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging and tracebacks")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for command in COMMANDS:
        command.add_parser(verbs, config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `vigie` with `argv` (default: the process arguments); returns the exit code."""
    config = settings()
    args = build_parser(config).parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        # Alembic announces its plugins at INFO each time the store opens: noise on a command's stderr.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader of stdout went away (`vigie score posts.jsonl | head`): not an error.
        return 0
    except Exception as err:
        line = error_line(err, args, config)
        if line is None or args.verbose:
            raise
        print(f"vigie: error: {line}", file=sys.stderr)
        return 2


def error_line(err: BaseException, args: argparse.Namespace, config: Settings) -> str | None:
    """The one line an error becomes, or None for an error that is a bug (its traceback is shown).

    Examples
    --------
    >>> ns = argparse.Namespace(output="-")
    >>> error_line(IsADirectoryError(errno.EISDIR, "Is a directory", "out"), ns, Settings.from_env({}))
    'out: Is a directory; give a file path, not a folder'
    >>> error_line(KeyError("bug"), ns, Settings.from_env({})) is None
    True
    """
    if isinstance(err, VigieError):
        return " ".join(str(err).split("\n"))
    if isinstance(err, OSError):
        return _os_error_line(err, args)
    # The store's SQLAlchemy errors, recognised without importing SQLAlchemy for commands that never load it.
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc is not None and isinstance(err, sqlalchemy_exc.SQLAlchemyError):
        return _store_error_line(err, args, config)
    return None


def _os_error_line(err: OSError, args: argparse.Namespace) -> str:
    reason = err.strerror or str(err)
    name = err.filename
    if name is None and err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        # Raised by a write or a flush, which names no file: the output is what was being written.
        output = getattr(args, "output", None)
        name = None if output in (None, "-") else output
        reason = f"writing failed: {reason}" if name is None else reason
    fix = _OS_FIXES.get(err.errno) if err.errno is not None else None
    where = f"{name}: " if name is not None else ""
    return f"{where}{reason}" + (f"; {fix}" if fix else "")


def _store_error_line(err: Exception, args: argparse.Namespace, config: Settings) -> str:
    asked = getattr(args, "store", None)
    url = asked if asked and asked != "default" else config.database_url
    try:
        from sqlalchemy.engine import make_url

        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown as "the review store"
        shown = "the review store"
    # The driver's own message, first line: SQLAlchemy's adds the statement, its parameters (a post's
    # text and contacts, when the engine does not hide them) and a link; a driver may quote a value.
    from detector.normalize import redact

    detail = str(getattr(err, "orig", None) or err).strip().splitlines()
    first = redact(detail[0].split("[SQL:")[0].split("[parameters:")[0].strip()) if detail else ""
    return (f"review store {shown}: {first or type(err).__name__}; check --store or "
            "VIGIE_DATABASE_URL (is the database reachable, and the URL's user, password and name right?)")


if __name__ == "__main__":
    sys.exit(main())
