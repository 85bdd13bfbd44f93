"""Input readers: JSONL, CSV, Parquet and Telegram Desktop exports (`result.json`), plain or
gzip/zstd-compressed, streamed in bounded memory as `Post`s and `Reject`s in input order.

Every record read becomes exactly one `Post` or one `Reject` (with its line or record number and
the reason), so nothing is silently dropped, and one odd record never stops a run: invalid JSON, an
integer id over Python's 4300-digit limit, nesting too deep, a record over the size cap
(`max_record_bytes`, skipped without being held in memory) are rejects. Text is cleaned the same
way for every language: NUL bytes removed, invalid UTF-8 and lone surrogates replaced by U+FFFD
(the post is still scored, marked `repaired`), nothing truncated here (the scorer truncates what
the model sees, see `detector.scoring.MAX_MODEL_CHARS`).

What stops a file is an `InputError` naming it and how far the reading got, raised after the records
read before it: compressed data that ends early (truncated gzip or zstd) or is damaged, a CSV quote
never closed, a Telegram export or JSON array whose JSON breaks. A UTF-8 byte-order mark is skipped;
UTF-16 and UTF-32 files (told by their byte-order mark) are decoded.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from detector.errors import InputError
from detector.readers.json_formats import _jsonl, _telegram, telegram_text
from detector.readers.records import FieldMap, Post, Reject, _first_line, clean_text
from detector.readers.streams import _Progress, _Transcoded, open_binary
from detector.readers.tabular import _csv, _parquet

__all__ = ["FORMATS", "MAX_RECORD_BYTES", "FieldMap", "Post", "Reject", "_Transcoded", "clean_text",
           "detect_format", "open_binary", "read_posts", "telegram_text"]

FORMATS = ("jsonl", "csv", "parquet", "telegram")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                   ".parquet": "parquet", ".pq": "parquet"}


def detect_format(path: Path, fmt: str | None = None) -> str:
    """The input format from `fmt`, or the file name (a `.gz`/`.zst` suffix is looked through;
    Telegram Desktop names its export `result.json`)."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; expected one of {list(FORMATS)}")
        return fmt
    name = path.name.lower()
    for suffix in (".gz", ".zst", ".zstd"):
        name = name.removesuffix(suffix)
    if name == "result.json":
        return "telegram"
    guess = _SUFFIX_FORMATS.get(Path(name).suffix)
    if guess is None:
        raise InputError(f"cannot tell the format of {path} from its name; pass --format ({'/'.join(FORMATS)})")
    return guess


# The default size cap of one record: a scraped post is a few KiB; a record of megabytes is a
# broken file (a missing newline) or an attack, and reading it whole would exhaust memory.
MAX_RECORD_BYTES = 1_000_000


def read_posts(path: str | Path, *, fields_map: FieldMap | None = None, text_field: str | None = None,
               id_field: str | None = None, fmt: str | None = None,
               max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Post | Reject]:
    """Stream an input file as `Post`s and `Reject`s, in input order, in bounded memory.

    Every record becomes one `Post` or one `Reject` (its line, the reason, the raw record): a record
    that cannot be read (invalid JSON, an id Python cannot convert, nesting too deep, a field of an
    odd type, over `max_record_bytes`) is a `Reject` and the reading goes on. A UTF-8 byte-order mark
    is skipped; a UTF-16 or UTF-32 one makes the file decoded from that encoding. A JSON file holding
    one array of objects is read as its items (`line` is then the item's number).

    Parameters
    ----------
    path
        A JSONL, CSV, Parquet or Telegram `result.json` file; all but Parquet may be gzip or zstd.
    fields_map, text_field, id_field
        Which input fields hold the text, id, author and date.
    fmt
        One of `FORMATS`; default from the file name.
    max_record_bytes
        Size cap of one record: a longer one is a `Reject` ("record over N bytes"), skipped without
        being held in memory (a JSON array's item too). In a Telegram export, which cannot be resumed
        after a message it cannot parse, a longer message stops the reading with an `InputError` instead.

    Raises
    ------
    InputError
        The file is missing, or its format or columns cannot be read at all; or, after the records
        read before, the file turns out truncated or damaged (the message says how far it got).
        Reading raises nothing else.

    Example
    -------
    >>> import tempfile, pathlib
    >>> src = pathlib.Path(tempfile.mkdtemp()) / "posts.jsonl"
    >>> _ = src.write_bytes(b'\\xef\\xbb\\xbf{"id": "a", "text": "visa offert"}\\nnot json\\n')
    >>> [type(item).__name__ for item in read_posts(src)]
    ['Post', 'Reject']
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"input {path} is a folder, not a file; pass one file (a folder of files needs --engine ray)")
    if not path.is_file():
        raise InputError(f"input file {path} does not exist")
    if max_record_bytes < 1:
        raise InputError(f"the record size cap must be at least 1 byte, got {max_record_bytes}")
    fm = (fields_map or FieldMap()).with_fields(text=text_field, id=id_field)
    fmt = detect_format(path, fmt)
    if fmt == "parquet" and path.suffix.lower() in (".gz", ".zst", ".zstd"):
        raise InputError(f"{path}: Parquet compresses its own columns; give the .parquet file uncompressed")
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "telegram": _telegram}[fmt]
    progress = _Progress(path)
    return _counted_reading(reader(path, fm, max_record_bytes, progress), progress)


def _counted_reading(items: Iterator[Post | Reject], progress: _Progress) -> Iterator[Post | Reject]:
    """`items`, counted; whatever stops them becomes one InputError naming the file and how far it got."""
    path = progress.path
    try:
        for item in items:
            progress.records += 1
            yield item
    except InputError:
        raise
    except EOFError as err:
        raise InputError(f"{path}: cannot read it to the end: its {progress.kind} data stops early: the file is "
                         f"truncated or damaged ({_first_line(err)}); stopped {progress.where()}") from err
    except (OSError, zlib.error) as err:
        raise InputError(f"{path}: cannot read it: its compressed data is damaged, or it is not the gzip/zstd "
                         f"file its first bytes announce ({_first_line(err)}); stopped {progress.where()}") from err
    except Exception as err:
        if type(err).__module__.startswith("zstandard"):
            raise InputError(f"{path}: cannot read it: damaged zstd data ({_first_line(err)}); "
                             f"stopped {progress.where()}") from err
        # Any other failure of the file as a whole (a record's own problems are rejects): one line, not a traceback.
        raise InputError(f"{path}: reading stopped {progress.where()}: {type(err).__name__}: "
                         f"{_first_line(err)}") from err
