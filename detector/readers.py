"""Input readers: JSONL, CSV, Parquet and Telegram Desktop exports (`result.json`), plain or
gzip/zstd-compressed, streamed in bounded memory as `Post`s and `Reject`s in input order.

Every record read becomes exactly one `Post` or one `Reject` (with its line or record number and
the reason), so nothing is silently dropped. Text is cleaned the same way for every language:
NUL bytes removed, invalid UTF-8 replaced by U+FFFD (the post is still scored), nothing truncated
here (the scorer truncates what the model sees, see `detector.scoring.MAX_MODEL_CHARS`).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from detector.errors import InputError

FORMATS = ("jsonl", "csv", "parquet", "telegram")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
                   ".parquet": "parquet", ".pq": "parquet"}
_GZIP_MAGIC, _ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"


@dataclass(frozen=True)
class FieldMap:
    """Which input field holds what. Built from `--text-field`, `--id-field`... or a JSON mapping
    file such as ``{"text": "message", "id": "post_id", "author_handle": "user"}``."""

    text: str = "text"
    id: str = "id"
    author_handle: str = "author_handle"
    author_name: str = "author_name"
    author_verified: str = "author_verified"
    author_followers: str = "author_followers"
    date: str = "date"

    @classmethod
    def from_file(cls, path: str | Path) -> FieldMap:
        """The mapping in a JSON file; keys it leaves out keep their defaults."""
        path = Path(path)
        try:
            mapping = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(f"field mapping {path}: cannot read it as JSON ({err})") from err
        known = {f.name for f in fields(cls)}
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise InputError(f"field mapping {path}: expected an object of strings, e.g. {{\"text\": \"message\"}}")
        if unknown := sorted(set(mapping) - known):
            raise InputError(f"field mapping {path}: unknown key(s) {unknown}; known keys are {sorted(known)}")
        return cls(**mapping)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def with_fields(self, *, text: str | None = None, id: str | None = None) -> FieldMap:  # noqa: A002
        """This mapping with the text and id fields replaced where given (`--text-field`, `--id-field`)."""
        return FieldMap(**{**self.as_dict(), **{k: v for k, v in (("text", text), ("id", id)) if v}})


@dataclass(frozen=True)
class Post:
    """One input record to score: `line` is its 1-based line (CSV/JSONL), row (Parquet) or message
    (Telegram) number; `author` holds the author fields the input had; `repaired` says the text had
    invalid UTF-8 or NUL bytes that were replaced or removed."""

    id: str
    text: str
    line: int
    author: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    repaired: bool = False


@dataclass(frozen=True)
class Reject:
    """An input record that could not be scored, and why."""

    line: int
    reason: str
    raw: str


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


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly when it starts with the gzip or zstd magic number."""
    raw = path.open("rb")
    magic = raw.peek(4)[:4] if isinstance(raw, io.BufferedReader) else b""
    if magic.startswith(_GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if magic == _ZSTD_MAGIC:
        import zstandard

        return io.BufferedReader(zstandard.ZstdDecompressor().stream_reader(raw, closefd=True))
    return raw


@contextmanager
def _readable(path: Path) -> Iterator[None]:
    """Damaged compressed data (or a plain file that starts like a compressed one) as an InputError."""
    try:
        yield
    except (EOFError, OSError, zlib.error) as err:
        raise InputError(f"{path}: cannot read it: its compressed data is damaged, or it is not the gzip/zstd "
                         f"file its first bytes announce ({err})") from err
    except Exception as err:
        if type(err).__module__.startswith("zstandard"):
            raise InputError(f"{path}: cannot read it: damaged zstd data ({err})") from err
        raise


def clean_text(text: str) -> tuple[str, bool]:
    """The text without NUL bytes and lone surrogates; True when something was changed."""
    cleaned = text.replace("\x00", "")
    cleaned = cleaned.encode("utf-8", "replace").decode("utf-8") if _has_surrogates(cleaned) else cleaned
    return cleaned, cleaned != text


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _to_post(record: Any, line: int, fm: FieldMap, raw: str, *, repaired: bool = False) -> Post | Reject:
    if not isinstance(record, dict):
        return Reject(line, f"expected a JSON object, got {type(record).__name__}", raw)
    if fm.text not in record:
        return Reject(line, f"no '{fm.text}' field (keys: {sorted(record)[:8]}); pass --text-field", raw)
    text = record[fm.text]
    if not isinstance(text, str):
        return Reject(line, f"field '{fm.text}' is {type(text).__name__}, expected a string", raw)
    text, changed = clean_text(text)
    if not text.strip():
        return Reject(line, f"field '{fm.text}' is empty", raw)
    ident = record.get(fm.id)
    author: dict[str, Any] = {}
    for key in ("author_handle", "author_name", "author_verified", "author_followers"):
        value = record.get(getattr(fm, key))
        if value not in (None, ""):
            author[key] = value
    if isinstance(author.get("author_verified"), str):  # CSV cells are strings
        author["author_verified"] = author["author_verified"].strip().lower() in ("1", "true", "yes")
    try:
        if "author_followers" in author:
            author["author_followers"] = int(author["author_followers"])
    except (TypeError, ValueError):
        del author["author_followers"]  # an unreadable count is no evidence either way
    date = record.get(fm.date)
    return Post(str(line) if ident is None or ident == "" else str(ident), text, line, author,
                None if date in (None, "") else str(date), repaired or changed)


def _jsonl(path: Path, fm: FieldMap) -> Iterator[Post | Reject]:
    with open_binary(path) as handle, _readable(path):
        for line_no, raw_bytes in enumerate(handle, 1):
            if not raw_bytes.strip():
                continue
            try:
                raw, repaired = raw_bytes.decode("utf-8"), False
            except UnicodeDecodeError:  # score what is readable; the post is marked repaired
                raw, repaired = raw_bytes.decode("utf-8", "replace"), True
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as err:
                yield Reject(line_no, f"invalid JSON: {err.msg} at column {err.colno}", raw.rstrip("\n"))
                continue
            yield _to_post(record, line_no, fm, raw.rstrip("\n"), repaired=repaired)


def _csv(path: Path, fm: FieldMap) -> Iterator[Post | Reject]:
    # Scraped posts can be long; the csv module's default cap of 128 KiB per field would stop the run.
    csv.field_size_limit(1 << 30)
    with io.TextIOWrapper(open_binary(path), encoding="utf-8", errors="replace", newline="") as handle, \
            _readable(path):
        reader = csv.DictReader(handle)
        try:
            if reader.fieldnames is None:
                return
            if fm.text not in reader.fieldnames:
                raise InputError(f"{path}: no '{fm.text}' column; columns are {reader.fieldnames}; pass --text-field")
            for row in reader:
                line_no = reader.line_num
                if None in row:
                    yield Reject(line_no, f"{len(reader.fieldnames) + len(row[None])} cells for "
                                 f"{len(reader.fieldnames)} columns", json.dumps(row, ensure_ascii=False, default=str))
                    continue
                yield _to_post(row, line_no, fm, json.dumps(row, ensure_ascii=False))
        except csv.Error as err:
            # A broken quote makes the rest of the file unreadable as CSV: stop, naming where.
            raise InputError(f"{path}:{reader.line_num}: unreadable CSV ({err})") from err


def _parquet(path: Path, fm: FieldMap) -> Iterator[Post | Reject]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError...
        raise InputError(f"{path} is not a readable Parquet file ({err})") from err
    names = parquet.schema_arrow.names
    if fm.text not in names:
        raise InputError(f"{path}: no '{fm.text}' column; columns are {names}; pass --text-field")
    columns = [c for c in dict.fromkeys(fm.as_dict().values()) if c in names]
    row_no = 0
    for batch in parquet.iter_batches(batch_size=4096, columns=columns):
        for record in batch.to_pylist():
            row_no += 1
            yield _to_post(record, row_no, fm, json.dumps(record, ensure_ascii=False, default=str))


def telegram_text(text: Any) -> str:
    """A Telegram export's `text`: a string, or a list of strings and entities ({"type", "text"})."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
                       for part in text)
    return ""


def _telegram(path: Path, fm: FieldMap) -> Iterator[Post | Reject]:
    """Messages of a Telegram Desktop channel or chat export, streamed with ijson (exports reach
    gigabytes). Service messages (pins, joins) are not posts and are skipped; a message without
    text (a photo alone) is rejected with that reason. `fm` does not apply: the export's fields are fixed."""
    import ijson

    channel, number, builder = None, 0, None
    with open_binary(path) as handle, _readable(path):
        try:
            for prefix, event, value in ijson.parse(handle, use_float=True):
                if builder is None:
                    if prefix == "name" and event == "string":
                        channel = value
                    elif prefix == "messages.item" and event == "start_map":
                        builder = ijson.ObjectBuilder()
                        builder.event(event, value)
                    continue
                builder.event(event, value)
                if prefix != "messages.item" or event != "end_map":
                    continue
                message, builder = builder.value, None
                if message.get("type", "message") != "message":
                    continue
                number += 1
                yield _telegram_post(message, number, channel)
        except ijson.JSONError as err:
            raise InputError(f"{path}: broken JSON after message {number} ({err})") from err
    if number == 0 and channel is None:
        raise InputError(f"{path}: no messages; is this a Telegram Desktop export (result.json)?")


def _telegram_post(message: dict[str, Any], number: int, channel: str | None) -> Post | Reject:
    raw = json.dumps(message, ensure_ascii=False, default=str)
    ident, text = message.get("id"), telegram_text(message.get("text"))
    if not text.strip():
        return Reject(number, f"message {ident}: no text (media or empty message)", raw)
    record = {"id": None if ident is None else str(ident), "text": text, "date": message.get("date"),
              "author_name": message.get("from") or channel, "author_handle": message.get("from_id")}
    return _to_post(record, number, FieldMap(), raw)


def read_posts(path: str | Path, *, fields_map: FieldMap | None = None, text_field: str | None = None,
               id_field: str | None = None, fmt: str | None = None) -> Iterator[Post | Reject]:
    """Stream an input file as `Post`s and `Reject`s, in input order, in bounded memory.

    Raises
    ------
    InputError
        The file is missing, or its format or columns cannot be read at all.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"input {path} is a folder, not a file; pass one file (a folder of files needs --engine ray)")
    if not path.is_file():
        raise InputError(f"input file {path} does not exist")
    fm = (fields_map or FieldMap()).with_fields(text=text_field, id=id_field)
    fmt = detect_format(path, fmt)
    if fmt == "parquet" and path.suffix.lower() in (".gz", ".zst", ".zstd"):
        raise InputError(f"{path}: Parquet compresses its own columns; give the .parquet file uncompressed")
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "telegram": _telegram}[fmt]
    return reader(path, fm)
