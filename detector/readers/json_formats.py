"""JSON inputs: JSON Lines (one record a line), a JSON array of records (streamed item by item:
`_array_items` tells the items apart by their brackets and strings, so that an item over the size
cap is skipped unread and is one reject, as a JSON Lines line is), and Telegram Desktop exports
(`result.json`, the messages array of one object, streamed with ijson, and `telegram_text` for their
text). ijson is imported only for Telegram exports."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detector.errors import InputError
from detector.readers.records import FieldMap, Post, Reject, _first_line, _safe_raw, _to_post, _too_large
from detector.readers.streams import _CHUNK, _lines, _Progress, _TooLarge, _Transcoded, open_binary


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


# Bytes that matter to `_array_items`: outside a string, those that open, close or separate values;
# inside one, its closing quote and escapes.
_STRUCTURE = re.compile(rb'["{}\[\],]')
_IN_STRING = re.compile(rb'["\\]')
_BLANK = re.compile(rb"[ \t\r\n]*")
_HEAD = 1000  # bytes of an item over the cap kept for its reject


class _BrokenArray(Exception):
    """The JSON array ends early or has something other than an item where one should start."""


def _array_items(stream: IO[bytes], cap: int) -> Iterator[tuple[bytes, int, bool]]:
    """The raw bytes of each item of the JSON array `stream` holds, how deep the item nests, and
    whether it is over `cap` bytes: such an item is read to its end without being held, and only its
    first bytes come back.

    Items are told apart by their brackets and strings alone (each is parsed by the caller), so the
    reading goes on after an item too large, nested too deep or broken inside; a file that ends
    before its array closes raises `_BrokenArray`."""
    state = "start"  # start, first (item or ']'), after (an item: ',' or ']'), next (item), item, done
    in_string = escaped = closed = False
    depth = max_depth = size = 0
    held, head = bytearray(), b""
    chunk = stream.read(_CHUNK)
    while chunk:
        i, n = 0, len(chunk)
        while i < n:
            if state != "item":
                i = _BLANK.match(chunk, i).end()  # type: ignore[union-attr]
                if i >= n:
                    break
                byte = chunk[i:i + 1]
                if state == "start":
                    if byte != b"[":
                        raise _BrokenArray("no '[' opens it")
                    state, i = "first", i + 1
                    continue
                if state == "done":
                    raise _BrokenArray("something follows its closing ']'")
                if byte == b"]":
                    state, i = "done", i + 1
                    continue
                if state == "after":
                    if byte != b",":
                        raise _BrokenArray("no ',' between two items")
                    state, i = "next", i + 1
                    continue
                state, depth, max_depth, size, held, head, start = "item", 0, 0, 0, bytearray(), b"", i
                closed = False  # a whole value read: only a ',' or ']' may follow
            else:
                start = i
            # In an item: on to its end, or to the end of the chunk.
            end = None
            while i < n:
                if escaped:
                    i, escaped = i + 1, False
                    continue
                if in_string:
                    m = _IN_STRING.search(chunk, i)
                    if m is None:
                        i = n
                        break
                    i = m.end()
                    if m.group() == b"\\":
                        escaped = True
                    else:
                        in_string, closed = False, depth == 0
                    continue
                m = _STRUCTURE.search(chunk, i)
                if m is None:
                    i = n
                    break
                byte, i = m.group(), m.start()
                if closed and depth == 0 and byte in b'"{[':  # the item ends; the array is broken here
                    end, state = i, "after"
                    break
                if byte == b'"':
                    in_string, i = True, i + 1
                elif byte in (b"{", b"["):
                    depth, i = depth + 1, i + 1
                    max_depth = max(max_depth, depth)
                elif depth > 0:  # a ',' or closing bracket inside the item
                    depth, i = depth - (byte != b","), i + 1
                    closed = depth == 0
                else:  # the ',' or ']' of the array: the item ends before it
                    end = i
                    break
            piece = chunk[start:i if end is None else end]
            size += len(piece)
            if size <= cap:
                held += piece
            elif not head:  # over the cap: its first bytes are kept for the reject, the rest let go
                head, held = bytes(held + piece)[:_HEAD], bytearray()
            if end is not None:
                state = "after"  # a ',' or ']' must come next: see above
                yield (head, max_depth, True) if size > cap else (bytes(held), max_depth, False)
        chunk = stream.read(_CHUNK)
    if state != "done":
        raise _BrokenArray("it ends before its closing ']'" if state != "start" else "it is empty")


def _json_array(stream: IO[bytes], fm: FieldMap, cap: int, progress: _Progress, *,
                tentative: bool) -> Iterator[Post | Reject]:
    """A JSON array of records; `line` is the item's number in the array. An item over `cap` bytes,
    nested deeper than MAX_DEPTH or not valid JSON is one reject, and the reading goes on."""
    path, number = progress.path, 0
    text = io.BufferedReader(_Transcoded(stream, "utf-8", json_escapes=True), _CHUNK)
    try:
        for raw_bytes, depth, too_large in _array_items(text, cap):
            number += 1
            if too_large:
                item: Post | Reject = Reject(number, _too_large(cap), raw_bytes.decode("utf-8", "replace") + "…")
            elif depth > MAX_DEPTH:
                item = Reject(number, f"record nested deeper than {MAX_DEPTH} levels", "")
            else:
                item = _array_item(raw_bytes.strip(), number, fm)
            if tentative and number == 1 and not isinstance(item, Post) and not raw_bytes.lstrip().startswith(b"{"):
                raise _NotAnArray
            yield item
    except _BrokenArray as err:
        if tentative and number == 0:
            raise _NotAnArray from err
        raise InputError(f"{path}: broken JSON array after item {number} ({err}; stopped "
                         f"{progress.where()}); convert it to JSON Lines (jq -c '.[]') to keep the readable "
                         f"items") from err


def _array_item(raw_bytes: bytes, number: int, fm: FieldMap) -> Post | Reject:
    raw = raw_bytes.decode("utf-8", "replace")  # already valid UTF-8: see `_Transcoded`
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as err:
        return Reject(number, f"invalid JSON: {err.msg} at column {err.colno}", _safe_raw(raw))
    except RecursionError:
        return Reject(number, "invalid JSON: nested too deeply to read", _safe_raw(raw))
    except ValueError as err:
        return Reject(number, f"invalid JSON: {_first_line(err)}", _safe_raw(raw))
    if isinstance(record, (dict, list)):
        return _json_element_post(record, number, fm)
    return _to_post(record, number, fm, raw)


def _json_element_post(element: Any, number: int, fm: FieldMap) -> Post | Reject:
    if element is _TOO_DEEP:
        return Reject(number, f"record nested deeper than {MAX_DEPTH} levels", "")
    try:
        raw = json.dumps(element, ensure_ascii=False, default=str)
    except (RecursionError, ValueError, TypeError) as err:
        return Reject(number, f"unreadable record: {type(err).__name__}", "")
    return _to_post(element, number, fm, raw)


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
