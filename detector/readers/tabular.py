"""Tabular inputs: CSV (read line by line in bounded memory by `_CsvLines`, each record counted
against the size cap, a quote never closed told apart from a long record; `_check_header` for the
header) and Parquet (read in batches of the mapped columns with pyarrow, imported only then)."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detector.errors import InputError
from detector.readers.records import FieldMap, Post, Reject, _first_line, _safe_raw, _to_post, _too_large
from detector.readers.streams import _CHUNK, _Progress, _TooLarge, open_binary

# The package's logger ("detector.readers"), as before the split: log lines keep their name.
log = logging.getLogger(__package__)


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
