"""Records and their cleaning: `FieldMap` (which input field holds what), `Post` and `Reject` (what
every reader yields), `clean_text` and the lone-surrogate repair, and `_to_post`, which turns one
parsed record into a `Post` or a `Reject` saying why not, never raising. Leaf module of
`detector.readers`: it imports nothing else from the package."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from detector.errors import InputError


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


def _too_large(cap: int) -> str:
    return f"record over {cap} bytes (the --max-record-bytes cap); not read"
