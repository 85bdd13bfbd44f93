"""Byte streams: a file opened as UTF-8 bytes whatever its container (`open_binary`: gzip or zstd
decompressed on the fly, a UTF-8 byte-order mark skipped, UTF-16/UTF-32 transcoded), the byte counts
that say how far a reader got (`_Progress`), the JSON-safe transcoding the ijson parser reads
(`_Transcoded`, `_LongIntegers`), and line reading under the record size cap (`_lines`, `_TooLarge`)."""

from __future__ import annotations

import codecs
import gzip
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_GZIP_MAGIC, _ZSTD_MAGIC = b"\x1f\x8b", b"\x28\xb5\x2f\xfd"


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
