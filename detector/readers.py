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

import codecs
import csv
import gzip
import io
import json
import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

from detector.errors import InputError

log = logging.getLogger(__name__)

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


def clean_text(text: str) -> tuple[str, bool]:
    """The text without NUL bytes and lone surrogates; True when something was changed."""
    cleaned = text.replace("\x00", "")
    cleaned = _SURROGATE.sub("\ufffd", cleaned) if _has_surrogates(cleaned) else cleaned
    return cleaned, cleaned != text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _Counted(io.RawIOBase):
    """The bytes of `inner` (a file or a decompressor), counted as they are read."""

    def __init__(self, inner: IO[bytes], *, also_close: IO[bytes] | None = None) -> None:
        super().__init__()
        self.inner, self.count, self.also_close = inner, 0, also_close

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.inner.readinto(buffer) or 0  # type: ignore[attr-defined]
        self.count += n
        return n

    def close(self) -> None:
        self.inner.close()
        if self.also_close is not None:  # GzipFile leaves the file it reads open
            self.also_close.close()
        super().close()


class _ZstdRaw(io.RawIOBase):
    """Zstandard frames, one after another, decompressed in bounded memory; the end of the file
    inside a frame raises EOFError (zstandard's stream reader ends there silently).

    The compressed data is fed 1 KiB at a time: a zstd block of 4 bytes can expand to 128 KiB,
    so one feed yields at most 32 MiB, whatever the file holds."""

    _FEED = 1024

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        super().__init__()
        self._raw, self._dctx = raw, zstandard.ZstdDecompressor()
        self._obj: Any = None
        self._out, self._pos = b"", 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._pos >= len(self._out):
            data = self._raw.read(self._FEED)
            if not data:
                if self._obj is not None:
                    raise EOFError("the zstd data ends inside a frame")
                return 0
            parts = []
            while data:
                if self._obj is None:
                    self._obj = self._dctx.decompressobj()
                parts.append(self._obj.decompress(data))
                data = b""
                if self._obj.eof:  # a frame ended; what follows may be another frame
                    data, self._obj = self._obj.unused_data, None
            self._out, self._pos = b"".join(parts), 0
        n = min(len(buffer), len(self._out) - self._pos)
        buffer[:n] = self._out[self._pos:self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


# A JSON escape of a low surrogate that no high one precedes (an even run of backslashes before it
# is escaped backslashes): ijson's C backend stops the whole document on one.
_LONE_LOW_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


class _LongIntegers:
    """JSON text, chunk by chunk, with its integers of 19 digits or more made strings of their digits:
    ijson's C backend stops the whole document on an integer over 64 bits. Only chunks holding such a
    run of digits are tokenized; the others are only counted for their quotes."""

    _DIGITS = re.compile(r"[0-9]{19}")
    _ESCAPED_QUOTE = re.compile(r'\\+"')  # a quote after an odd run of backslashes is escaped
    _TOKEN = re.compile(r'"|-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?')
    _HOLD = 1 << 20  # at most this much held back: a longer run of digits is cut (and the JSON breaks)
    _STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)

    def __init__(self) -> None:
        self.held, self.in_string = "", False

    def feed(self, text: str, final: bool) -> str:
        text, self.held = self.held + text, ""
        if not final:  # hold back what the next chunk may complete: an escape, a number
            cut = len(text.rstrip("0123456789.eE+-\\"))
            cut = cut if len(text) - cut <= self._HOLD else len(text)
            text, self.held = text[:cut], text[cut:]
        if not self._DIGITS.search(text):
            escaped = sum(1 for run in self._ESCAPED_QUOTE.findall(text) if len(run) % 2 == 0)
            self.in_string ^= (text.count('"') - escaped) % 2 == 1
            return text
        parts, i, n = [], 0, len(text)
        while i < n:
            if self.in_string:
                end = self._STRING_REST.match(text, i)
                if end is None:
                    parts.append(text[i:])
                    break
                parts.append(text[i:end.end()])
                i, self.in_string = end.end(), False
                continue
            token = self._TOKEN.search(text, i)
            if token is None:
                parts.append(text[i:])
                break
            value = token.group()
            parts.append(text[i:token.start()])
            digits = value.lstrip("-")
            long_integer = len(digits) >= 19 and digits.isascii() and digits.isdigit()
            parts.append(f'"{value}"' if long_integer else value)
            i, self.in_string = token.end(), value == '"'
        return "".join(parts)


class _Transcoded(io.RawIOBase):
    """UTF-16 or UTF-32 bytes (with their byte-order mark) as UTF-8, decoded chunk by chunk; or, for
    the JSON parser, UTF-8 with invalid bytes replaced, lone low-surrogate escapes made U+FFFD and
    integers over 64 bits made strings (see `_LongIntegers`), so that one record cannot stop the document."""

    def __init__(self, inner: IO[bytes], encoding: str, *, json_escapes: bool = False) -> None:
        super().__init__()
        self._inner, self._json = inner, json_escapes
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._out, self._pos, self._eof = b"", 0, False
        self._held, self._context = "", ""
        self._integers = _LongIntegers()

    def _fix_escapes(self, text: str, final: bool) -> str:
        text, cut = self._held + text, len(self._held + text)
        if not self._held and "\\" not in text:  # most chunks: nothing to fix, nothing to hold
            self._context = (self._context + text)[-12:]
            return text
        if not final:  # hold back an escape the next chunk may complete, with its run of backslashes
            tail = text.find("\\", max(0, len(text) - 5))
            cut = len(text) if tail < 0 else tail
            while cut > 0 and text[cut - 1] == "\\":
                cut -= 1
        text, self._held = text[:cut], text[cut:]
        context = self._context
        whole = context + text
        parts, last = [], len(context)
        for match in _LONE_LOW_SURROGATE.finditer(whole, len(context)):
            parts.append(whole[last:match.start()] + match.group(1) + "\\ufffd")
            last = match.end()
        parts.append(whole[last:])
        self._context = whole[-12:]
        return "".join(parts)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._pos >= len(self._out):
            if self._eof:
                return 0
            data = self._inner.read(_CHUNK)
            self._eof = not data
            text = self._decoder.decode(data, final=self._eof)
            if self._json:
                text = self._integers.feed(self._fix_escapes(text, self._eof), self._eof)
            self._out = text.encode("utf-8", "replace")
            self._pos = 0
        n = min(len(buffer), len(self._out) - self._pos)
        buffer[:n] = self._out[self._pos:self._pos + n]
        self._pos += n
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


_CHUNK = 1 << 16
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass
class _Progress:
    """How far a reader got, for the error that stops it."""

    path: Path
    records: int = 0
    kind: str = "plain"
    raw: _Counted | None = None
    decoded: _Counted | None = None

    def where(self) -> str:
        size = self.path.stat().st_size if self.path.is_file() else 0
        read = f"after {self.records} record{'s' if self.records != 1 else ''}"
        if self.raw is None or self.decoded is None:
            return read
        if self.kind == "plain":
            return f"{read} ({self.raw.count} of {size} bytes)"
        return f"{read} ({self.decoded.count} bytes decompressed from {self.raw.count} of {size} {self.kind} bytes)"


def open_binary(path: Path, progress: _Progress | None = None) -> IO[bytes]:
    """The file's bytes as UTF-8, decompressed on the fly when it starts with the gzip or zstd magic
    number, without a UTF-8 byte-order mark, and decoded from UTF-16/UTF-32 when it starts with theirs."""
    file = path.open("rb")
    try:
        return _decoded_stream(file, progress)
    except BaseException:
        file.close()
        raise


def _decoded_stream(file: io.BufferedReader, progress: _Progress | None) -> IO[bytes]:
    magic = file.peek(4)[:4]
    raw = _Counted(file)
    inner: IO[bytes]
    kind = "plain"
    if magic.startswith(_GZIP_MAGIC):
        inner, kind = gzip.GzipFile(fileobj=raw, mode="rb"), "gzip"  # type: ignore[assignment]
    elif magic == _ZSTD_MAGIC:
        inner, kind = _ZstdRaw(raw), "zstd"  # type: ignore[arg-type, assignment]
    else:
        inner = raw  # type: ignore[assignment]
    decoded = _Counted(inner, also_close=raw if kind == "gzip" else None)  # type: ignore[arg-type]
    if progress is not None:
        progress.kind, progress.raw, progress.decoded = kind, raw, decoded
    stream = io.BufferedReader(decoded, _CHUNK)
    head = stream.peek(4)[:4]
    if head.startswith(codecs.BOM_UTF8):
        stream.read(len(codecs.BOM_UTF8))
        return stream
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return io.BufferedReader(_Transcoded(stream, encoding), _CHUNK)
    return stream


class _TooLarge(Exception):
    """A record passed the size cap while it was read."""


def _fix_str(value: str) -> tuple[str, bool]:
    """`value` without lone surrogates (they cannot be written as UTF-8); True when changed."""
    if not _has_surrogates(value):
        return value, False
    return _SURROGATE.sub("\ufffd", value), True


def _safe_raw(raw: str, limit: int = 10_000) -> str:
    """A raw record fit for the rejects file: valid UTF-8, at most `limit` characters."""
    raw = _fix_str(raw)[0]
    return raw if len(raw) <= limit else raw[:limit] + f"… ({len(raw)} characters)"


def _scalar_str(value: Any) -> tuple[str | None, bool]:
    """An id or date field as text (None when empty), and whether lone surrogates were replaced."""
    if value is None or value == "":
        return None, False
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        raise ValueError(f"an integer of about {int(value.bit_length() * 0.30103)} digits")
    return _fix_str(value if isinstance(value, str) else str(value))


def _to_post(record: Any, line: int, fm: FieldMap, raw: str, *, repaired: bool = False) -> Post | Reject:
    """`record` as a Post, or a Reject saying why not; never raises (one odd record must not stop a run)."""
    try:
        return _record_to_post(record, line, fm, raw, repaired=repaired)
    except (RecursionError, MemoryError) as err:
        return Reject(line, f"record nested too deeply to read ({type(err).__name__})", _safe_raw(raw))
    except Exception as err:  # a field of an unexpected type or size: this record only
        return Reject(line, f"unreadable record: {type(err).__name__}: {_first_line(err)}", _safe_raw(raw))


def _first_line(err: BaseException, limit: int = 200) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:limit]


def _record_to_post(record: Any, line: int, fm: FieldMap, raw: str, *, repaired: bool) -> Post | Reject:
    raw = _safe_raw(raw)
    if not isinstance(record, dict):
        return Reject(line, f"expected a JSON object, got {type(record).__name__}", raw)
    if fm.text not in record:
        keys = sorted(_fix_str(str(k))[0][:50] for k in record)[:8]
        return Reject(line, f"no '{fm.text}' field (keys: {keys}); pass --text-field", raw)
    text = record[fm.text]
    if not isinstance(text, str):
        return Reject(line, f"field '{fm.text}' is {type(text).__name__}, expected a string", raw)
    text, changed = clean_text(text)
    if not text.strip():
        return Reject(line, f"field '{fm.text}' is empty", raw)
    try:
        ident, id_fixed = _scalar_str(record.get(fm.id))
    except ValueError as err:
        return Reject(line, f"field '{fm.id}' cannot be an id: {err}", raw)
    author: dict[str, Any] = {}
    for key in ("author_handle", "author_name", "author_verified", "author_followers"):
        value = record.get(getattr(fm, key))
        if value in (None, ""):
            continue
        if isinstance(value, str):
            value, fixed = _fix_str(value)
            changed = changed or fixed
        elif isinstance(value, list | dict):  # kept as it came, unless the output could not write it
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except RecursionError:
                continue  # nested too deeply to write: no evidence either way
            except (UnicodeEncodeError, TypeError, ValueError):
                value, changed = json.dumps(value, default=str), True
        author[key] = value
    if isinstance(author.get("author_verified"), str):  # CSV cells are strings
        author["author_verified"] = author["author_verified"].strip().lower() in ("1", "true", "yes")
    try:
        if "author_followers" in author:
            author["author_followers"] = int(author["author_followers"])
    except (TypeError, ValueError, OverflowError):
        del author["author_followers"]  # an unreadable count is no evidence either way
    try:
        date, date_fixed = _scalar_str(record.get(fm.date))
    except ValueError:
        date, date_fixed = None, True
    return Post(str(line) if ident is None else ident, text, line, author, date,
                repaired or changed or id_fixed or date_fixed)


def _lines(stream: IO[bytes], cap: int) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, line, over the cap) for each line, holding at most `cap` + 1 bytes: the rest of a
    longer line is skipped to its newline, unread."""
    line_no = 0
    while line := stream.readline(cap + 1):
        line_no += 1
        if len(line) <= cap or line.endswith(b"\n"):
            yield line_no, line, False
            continue
        head = line[:200]
        while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield line_no, head, True


def _too_large(cap: int) -> str:
    return f"record over {cap} bytes (the --max-record-bytes cap); not read"


def _jsonl(path: Path, fm: FieldMap, cap: int, progress: _Progress) -> Iterator[Post | Reject]:
    """JSON Lines; a file holding one JSON array of objects (``[{...}, {...}]``) is read as its items."""
    with open_binary(path, progress) as stream:
        mode = _array_mode(stream, cap)
        if mode == "lines":
            yield from _jsonl_lines(stream, fm, cap)
            return
        try:
            yield from _json_array(stream, fm, cap, progress, tentative=mode == "maybe")
            return
        except _NotAnArray:
            pass
    # It only began like a JSON array: read it as JSON Lines, one record (or reject) a line.
    with open_binary(path, progress) as stream:
        yield from _jsonl_lines(stream, fm, cap)


def _array_mode(stream: IO[bytes], cap: int) -> str:
    """"array" when the file is one JSON array of objects on its first line, "maybe" when it opens a
    JSON array that its first line does not close (and its second line is no JSON value of its own),
    else "lines"."""
    head = stream.peek(_CHUNK)[:_CHUNK].lstrip(b" \t\r\n")  # type: ignore[attr-defined]
    line, newline, rest = head.partition(b"\n")
    if not re.match(rb"\[\s*(\{|$)", line):
        return "lines"
    if not newline:
        return "maybe"  # a long first line: the parser will tell
    if not line.strip(b" \t\r\n[") and _is_json(rest.lstrip(b" \t\r\n").split(b"\n", 1)[0]):
        return "lines"  # "[" alone, then a whole record: JSON Lines with a stray line
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return "maybe"
    return "array" if isinstance(value, list) and value and isinstance(value[0], dict) else "lines"


def _is_json(line: bytes) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _jsonl_lines(stream: IO[bytes], fm: FieldMap, cap: int) -> Iterator[Post | Reject]:
    for line_no, raw_bytes, too_large in _lines(stream, cap):
        if too_large:
            yield Reject(line_no, _too_large(cap), raw_bytes.decode("utf-8", "replace") + "…")
            continue
        if not raw_bytes.strip():
            continue
        try:
            raw, repaired = raw_bytes.decode("utf-8"), False
        except UnicodeDecodeError:  # score what is readable; the post is marked repaired
            raw, repaired = raw_bytes.decode("utf-8", "replace"), True
        raw = raw.rstrip("\n")
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as err:
            yield Reject(line_no, f"invalid JSON: {err.msg} at column {err.colno}", raw)
            continue
        except RecursionError:
            yield Reject(line_no, "invalid JSON: nested too deeply to read", _safe_raw(raw))
            continue
        except ValueError as err:  # e.g. an integer over Python's 4300-digit limit
            yield Reject(line_no, f"invalid JSON: {_first_line(err)}", _safe_raw(raw))
            continue
        yield _to_post(record, line_no, fm, raw, repaired=repaired)


class _NotAnArray(Exception):
    """A file that began like a JSON array is not one: read it as JSON Lines instead."""


class _Guarded:
    """A stream for ijson that stops reading once the record being built passes the size cap."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.pos, self.limit = stream, 0, -1

    def read(self, size: int = -1) -> bytes:
        if 0 <= self.limit < self.pos:
            raise _TooLarge
        data = self.stream.read(size if size >= 0 else _CHUNK)
        self.pos += len(data)
        return data


# Nesting levels within one record of a Telegram export or JSON array: a deeper record is rejected,
# as Python's json and repr recurse (JSON Lines records are bounded by Python's recursion limit).
MAX_DEPTH = 100
_TOO_DEEP = object()
_SCALARS = ("string", "number", "boolean", "null")


def _json_elements(stream: IO[bytes], cap: int, *, root: str | None, meta: dict[str, Any] | None = None,
                   tentative: bool = False) -> Iterator[Any]:
    """The elements of a JSON document's top-level array (`root` None) or of the array under the key
    `root` of its top-level object, one at a time; `_TOO_DEEP` for an element nested deeper than
    MAX_DEPTH. Scalars of the top-level object go into `meta`. Raises `_TooLarge` (an element over
    `cap` bytes), ijson's JSONError, or `_NotAnArray` when `tentative` and the first element is not
    an object."""
    import ijson

    guard = _Guarded(io.BufferedReader(_Transcoded(stream, "utf-8", json_escapes=True), _CHUNK))
    events = ijson.basic_parse(guard, use_float=True, buf_size=_CHUNK)
    depth, key, target, count = 0, None, -1, 0
    for event, value in events:
        if depth == target:  # in the array: an element starts, or the array ends
            if event == "end_array":
                depth, target = depth - 1, -1
                continue
            count += 1
            if tentative and count == 1 and event != "start_map":
                raise _NotAnArray
            if event in _SCALARS:
                yield value
                continue
            guard.limit = guard.pos + cap
            element = _json_element(events, event, value)
            guard.limit = -1
            yield element
            continue
        if tentative and depth == 0 and event != "start_array":
            raise _NotAnArray
        if event in ("start_map", "start_array"):
            opens_target = event == "start_array" and (depth == 0 if root is None else depth == 1 and key == root)
            depth += 1
            if opens_target:
                target = depth
        elif event in ("end_map", "end_array"):
            depth -= 1
        elif event == "map_key" and depth == 1:
            key = value
        elif depth == 1 and meta is not None and key is not None:
            meta[key] = value
    if tentative and count == 0:
        raise _NotAnArray


_LEVEL = {"start_map": 1, "start_array": 1, "end_map": -1, "end_array": -1}


def _json_element(events: Iterator[tuple[str, Any]], event: str, value: Any) -> Any:
    """The object or array that `event` opens, built from `events` up to its end; `_TOO_DEEP` (its
    events read to the end, nothing built) when it nests deeper than MAX_DEPTH."""
    import ijson

    builder = ijson.ObjectBuilder()
    add, level = builder.event, 1
    add(event, value)
    for event, value in events:
        level += _LEVEL.get(event, 0)
        if level > MAX_DEPTH:
            for event, _ in events:
                level += _LEVEL.get(event, 0)
                if level == 0:
                    break
            return _TOO_DEEP
        add(event, value)
        if level == 0:
            break
    return builder.value


def _json_array(stream: IO[bytes], fm: FieldMap, cap: int, progress: _Progress, *,
                tentative: bool) -> Iterator[Post | Reject]:
    """A JSON array of records; `line` is the item's number in the array."""
    import ijson

    path, number = progress.path, 0
    try:
        for element in _json_elements(stream, cap, root=None, tentative=tentative):
            number += 1
            yield _json_element_post(element, number, fm)
    except _TooLarge:
        raise InputError(f"{path}: item {number + 1} of its JSON array is over {cap} bytes (the --max-record-bytes "
                         f"cap); a JSON array cannot skip an item, so reading stops there; convert it to JSON Lines "
                         f"(jq -c '.[]' {path.name} > posts.jsonl) or raise the cap") from None
    except ijson.JSONError as err:
        if tentative and number == 0:
            raise _NotAnArray from err
        raise InputError(f"{path}: broken JSON array after item {number} ({_first_line(err)}; stopped "
                         f"{progress.where()}); convert it to JSON Lines (jq -c '.[]') to keep the readable "
                         f"items") from err


def _json_element_post(element: Any, number: int, fm: FieldMap) -> Post | Reject:
    if element is _TOO_DEEP:
        return Reject(number, f"record nested deeper than {MAX_DEPTH} levels", "")
    try:
        raw = json.dumps(element, ensure_ascii=False, default=str)
    except (RecursionError, ValueError, TypeError) as err:
        return Reject(number, f"unreadable record: {type(err).__name__}", "")
    return _to_post(element, number, fm, raw)


class _CsvLines:
    """The lines the csv module parses: each read in bounded memory, numbered, and counted against
    the size cap of the record they belong to (`next_record` starts a new one)."""

    def __init__(self, text: IO[str], cap: int) -> None:
        self.text, self.cap = text, cap
        self.line_no, self.start, self.size, self.head, self.eof = 0, 1, 0, "", False
        self.quotes, self.unclosed = 0, False

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(self.cap + 1)
        if not line:
            self.eof = True
            raise StopIteration
        self.line_no += 1
        if not self.head:
            self.head = line[:200]
        body = line.rstrip("\r\n")
        self.size += len(body) if body.isascii() else len(body.encode("utf-8", "replace"))
        if self.size > self.cap:
            self._skip_record(line)
            raise _TooLarge
        self.size += len(line) - len(body)
        self.quotes += line.count('"')
        return line

    def _skip_record(self, line: str) -> None:
        """Read on, unheld, to the end of the record `line` belongs to: the end of a line where its quotes
        are balanced, or the end of the file (`unclosed` then says a quoted field never closed)."""
        quotes = self.quotes + line.count('"')
        while True:
            while not line.endswith(("\n", "\r")):
                line = self.text.readline(_CHUNK)
                if not line:
                    self.eof = True
                    break
                quotes += line.count('"')
            if self.eof or quotes % 2 == 0:
                break
            line = self.text.readline(_CHUNK)  # still inside a quoted field: the record goes on
            if not line:
                self.eof = True
                break
            self.line_no += 1
            quotes += line.count('"')
        self.unclosed = quotes % 2 == 1

    def next_record(self) -> None:
        self.start, self.size, self.head, self.quotes = self.line_no + 1, 0, "", 0


def _csv(path: Path, fm: FieldMap, cap: int, progress: _Progress) -> Iterator[Post | Reject]:
    # Scraped posts can be long; the csv module's default cap of 128 KiB per field would stop the run
    # (the record size cap is enforced while reading the lines instead).
    csv.field_size_limit(1 << 30)
    with io.TextIOWrapper(open_binary(path, progress), encoding="utf-8", errors="replace", newline="") as text:
        lines = _CsvLines(text, cap)
        # strict: a quote that does not close where a field ends is an error, not a silent merge
        reader = csv.reader(lines, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return
        except _TooLarge:
            raise InputError(f"{path}: the header line is over {cap} bytes; is this a CSV file?") from None
        except csv.Error as err:
            raise InputError(f"{path}:{lines.line_no}: unreadable CSV header ({err})") from err
        header_lines = lines.line_no
        _check_header(path, header, fm, header_lines)
        width = len(header)
        lines.next_record()
        while True:
            start = lines.start
            try:
                row = next(reader)
            except StopIteration:
                return
            except _TooLarge:
                if lines.eof and lines.unclosed:
                    raise InputError(
                        f"{path}:{start}: the quoted field opened in the record on line {start} is never closed, "
                        f"so the rest of the file (lines {start}-{lines.line_no}, over {cap} bytes) would be one "
                        f"field; close or double the quote (\"\") on line {start}") from None
                yield Reject(start, _too_large(cap) + (f" (lines {start}-{lines.line_no}; an unclosed quote on "
                                                       f"line {start}?)" if lines.line_no > start else ""),
                             lines.head + "…")
                lines.next_record()
                continue
            except csv.Error as err:
                if lines.eof:
                    raise InputError(
                        f"{path}:{start}: the quoted field opened in the record on line {start} is never closed, "
                        f"so the rest of the file (lines {start}-{lines.line_no}) would be one field; close or "
                        f"double the quote (\"\") on line {start}") from err
                yield Reject(start, f"malformed quoting ({err} on line {lines.line_no}): a quote on line {start} "
                             f"does not close where its field ends" + (f", joining lines {start}-{lines.line_no}"
                                                                      if lines.line_no > start else ""),
                             lines.head)
                lines.next_record()
                continue
            lines.next_record()
            if not row:
                continue
            if len(row) > width:
                cells: dict[Any, Any] = {**dict(zip(header, row, strict=False)), None: row[width:]}
                yield Reject(start, f"{len(row)} cells for {width} columns",
                             _safe_raw(json.dumps(cells, ensure_ascii=False, default=str)))
                continue
            record = dict(zip(header, row + [None] * (width - len(row)), strict=True))
            yield _to_post(record, start, fm, json.dumps(record, ensure_ascii=False))


# What a column name looks like: short, a few words, no digits run, '@' or link. A first line that has
# anything else is likely a post (a headerless file) and its cells are not quoted in the error.
_COLUMN_NAME = re.compile(r"[^\W\d][\w\-#]{0,31}(?: [\w\-#]{1,31}){0,2}")


def _check_header(path: Path, header: list[str], fm: FieldMap, lines: int) -> None:
    if fm.text not in header:
        if all(_COLUMN_NAME.fullmatch(name) and not re.search(r"\d{3}", name) for name in header):
            raise InputError(f"{path}: no '{fm.text}' column; columns are {header}; pass --text-field")
        raise InputError(f"{path}: no '{fm.text}' column, and the first line ({len(header)} cells, not shown: "
                         "they may be a post) does not look like a header; is the file headerless? Add a "
                         "header line naming the columns, or pass --text-field with the text column's name")
    seen: dict[str, int] = {}
    for number, name in enumerate(header, 1):
        if name in seen:
            where = f"line {lines}" if lines == 1 else f"lines 1-{lines}"
            problem = (f"{path}: the header ({where}) names column '{name}' twice (columns {seen[name]} and {number})")
            if name in fm.as_dict().values():
                raise InputError(f"{problem}, and Vigie reads that field; rename one of them")
            log.warning("%s; the last one is read", problem)
        seen.setdefault(name, number)


def _parquet(path: Path, fm: FieldMap, cap: int, progress: _Progress) -> Iterator[Post | Reject]:
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
    batches = parquet.iter_batches(batch_size=4096, columns=columns)
    while True:
        try:
            batch = next(batches, None)
            records = [] if batch is None else batch.to_pylist()
        except Exception as err:  # pyarrow's ArrowInvalid, OSError... on damaged pages
            raise InputError(f"{path}: damaged Parquet data after row {row_no} ({_first_line(err)})") from err
        if batch is None:
            return
        for record in records:
            row_no += 1
            try:
                raw = json.dumps(record, ensure_ascii=False, default=str)
            except (RecursionError, ValueError, TypeError) as err:
                yield Reject(row_no, f"unreadable record: {type(err).__name__}", "")
                continue
            if len(raw) > cap or (len(raw) * 4 > cap and len(raw.encode("utf-8", "replace")) > cap):
                yield Reject(row_no, _too_large(cap), _safe_raw(raw, 200) + "…")
                continue
            yield _to_post(record, row_no, fm, raw)


def telegram_text(text: Any) -> str:
    """A Telegram export's `text`: a string, or a list of strings and entities ({"type", "text"})."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
                       for part in text)
    return ""


def _telegram(path: Path, fm: FieldMap, cap: int, progress: _Progress) -> Iterator[Post | Reject]:
    """Messages of a Telegram Desktop channel or chat export, streamed with ijson (exports reach
    gigabytes). Service messages (pins, joins) are not posts and are skipped; a message without
    text (a photo alone) is rejected with that reason. `fm` does not apply: the export's fields are fixed."""
    import ijson

    meta: dict[str, Any] = {}
    number = 0
    with open_binary(path, progress) as stream:
        try:
            for message in _json_elements(stream, cap, root="messages", meta=meta):
                if isinstance(message, dict) and message.get("type", "message") != "message":
                    continue
                number += 1
                channel = meta.get("name")
                yield _telegram_post(message, number, channel if isinstance(channel, str) else None)
        except _TooLarge:
            raise InputError(f"{path}: message {number + 1} is over {cap} bytes (the --max-record-bytes cap); an "
                             f"export cannot skip a message, so reading stops there; raise the cap") from None
        except ijson.JSONError as err:
            raise InputError(f"{path}: broken JSON after message {number} ({_first_line(err)}); "
                             f"stopped {progress.where()}") from err
    if number == 0 and "name" not in meta:
        raise InputError(f"{path}: no messages; is this a Telegram Desktop export (result.json)?")


def _telegram_post(message: Any, number: int, channel: str | None) -> Post | Reject:
    if message is _TOO_DEEP:
        return Reject(number, f"message nested deeper than {MAX_DEPTH} levels", "")
    if not isinstance(message, dict):
        return Reject(number, f"expected a message object, got {type(message).__name__}",
                      _safe_raw(json.dumps(message, ensure_ascii=False, default=str)))
    try:
        raw = json.dumps(message, ensure_ascii=False, default=str)
        ident, text = message.get("id"), telegram_text(message.get("text"))
    except (RecursionError, ValueError, TypeError, AttributeError) as err:
        return Reject(number, f"unreadable message: {type(err).__name__}", "")
    if not text.strip():
        return Reject(number, f"message {_safe_raw(str(ident), 100)}: no text (media or empty message)",
                      _safe_raw(raw))
    record = {"id": None if ident is None else ident, "text": text, "date": message.get("date"),
              "author_name": message.get("from") or channel, "author_handle": message.get("from_id")}
    return _to_post(record, number, FieldMap(), raw)


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
        being held in memory. In a Telegram export or a JSON array, which cannot be resumed after a
        record they cannot parse, a longer record stops the reading with an `InputError` instead.

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
