"""Streaming batch scoring: read posts (JSONL, CSV, Parquet), score in batches, write one JSON
line per input record in input order; malformed records go to a rejects file, never dropped.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from detector.errors import InputError
from detector.lang import detect_language
from detector.persistence import LoadedModel

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")


AUTHOR_FIELDS = ("author_handle", "author_name", "author_verified", "author_followers")


@dataclass(frozen=True)
class Post:
    """One input record to score: `line` is its 1-based line (or row) number in the input."""

    id: str
    text: str
    line: int
    author: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reject:
    """An input record that could not be scored, and why."""

    line: int
    reason: str
    raw: str


@dataclass
class Summary:
    """Counts of one scoring run."""

    read: int = 0
    scored: int = 0
    rejected: int = 0
    flagged: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def detect_format(path: Path, fmt: str | None = None) -> str:
    """The input format from `fmt` or the file suffix."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; expected one of {list(FORMATS)}")
        return fmt
    suffix = path.suffix.lower()
    guess = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
             ".pq": "parquet"}.get(suffix)
    if guess is None:
        raise InputError(f"cannot tell the format of {path} from its suffix {suffix!r}; "
                         f"pass --format ({'/'.join(FORMATS)})")
    return guess


def _to_post(record: Any, line: int, text_field: str, id_field: str, raw: str) -> Post | Reject:
    if not isinstance(record, dict):
        return Reject(line, f"expected a JSON object, got {type(record).__name__}", raw)
    if text_field not in record:
        return Reject(line, f"no '{text_field}' field (keys: {sorted(record)[:8]}); pass --text-field", raw)
    text = record[text_field]
    if not isinstance(text, str):
        return Reject(line, f"field '{text_field}' is {type(text).__name__}, expected a string", raw)
    if not text.strip():
        return Reject(line, f"field '{text_field}' is empty", raw)
    ident = record.get(id_field)
    author = {k: record[k] for k in AUTHOR_FIELDS if record.get(k) not in (None, "")}
    if isinstance(author.get("author_verified"), str):  # CSV cells are strings
        author["author_verified"] = author["author_verified"].strip().lower() in ("1", "true", "yes")
    try:
        if "author_followers" in author:
            author["author_followers"] = int(author["author_followers"])
    except (TypeError, ValueError):
        del author["author_followers"]  # an unreadable count is no evidence either way
    return Post(str(line) if ident is None or ident == "" else str(ident), text, line, author)


def _jsonl(path: Path, text_field: str, id_field: str) -> Iterator[Post | Reject]:
    with path.open("rb") as handle:
        for line_no, raw_bytes in enumerate(handle, 1):
            if not raw_bytes.strip():
                continue
            try:
                raw = raw_bytes.decode("utf-8")
            except UnicodeDecodeError as err:
                yield Reject(line_no, f"invalid UTF-8 at byte {err.start}", raw_bytes.decode("utf-8", "replace"))
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as err:
                yield Reject(line_no, f"invalid JSON: {err.msg} at column {err.colno}", raw.rstrip("\n"))
                continue
            yield _to_post(record, line_no, text_field, id_field, raw.rstrip("\n"))


def _csv(path: Path, text_field: str, id_field: str) -> Iterator[Post | Reject]:
    # Scraped posts can be long; the csv module's default cap of 128 KiB per field would stop the run.
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            if reader.fieldnames is None:
                return
            if text_field not in reader.fieldnames:
                raise InputError(f"{path}: no '{text_field}' column; columns are {reader.fieldnames}; "
                                 "pass --text-field")
            for row in reader:
                line_no = reader.line_num
                if None in row:
                    yield Reject(line_no, f"{len(reader.fieldnames) + len(row[None])} cells for "
                                 f"{len(reader.fieldnames)} columns", json.dumps(row, ensure_ascii=False, default=str))
                    continue
                yield _to_post(row, line_no, text_field, id_field, json.dumps(row, ensure_ascii=False))
        except csv.Error as err:
            # A broken quote makes the rest of the file unreadable as CSV: stop, naming where.
            raise InputError(f"{path}:{reader.line_num}: unreadable CSV ({err})") from err


def _parquet(path: Path, text_field: str, id_field: str) -> Iterator[Post | Reject]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError...
        raise InputError(f"{path} is not a readable Parquet file ({err})") from err
    names = parquet.schema_arrow.names
    if text_field not in names:
        raise InputError(f"{path}: no '{text_field}' column; columns are {names}; pass --text-field")
    columns = [text_field] + ([id_field] if id_field in names else [])
    row_no = 0
    for batch in parquet.iter_batches(batch_size=4096, columns=columns):
        for record in batch.to_pylist():
            row_no += 1
            yield _to_post(record, row_no, text_field, id_field, json.dumps(record, ensure_ascii=False, default=str))


def read_posts(path: str | Path, *, text_field: str = "text", id_field: str = "id",
               fmt: str | None = None) -> Iterator[Post | Reject]:
    """Stream an input file as `Post`s and `Reject`s, in input order, in bounded memory.

    Raises
    ------
    InputError
        The file is missing, or its format or columns cannot be read at all.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"input file {path} does not exist")
    reader = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[detect_format(path, fmt)]
    return reader(path, text_field, id_field)


def _batches(items: Iterable[Post | Reject], size: int) -> Iterator[list[Post | Reject]]:
    batch: list[Post | Reject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def score_posts(posts: list[Post], model: LoadedModel, *, ner: bool = False) -> list[dict[str, Any]]:
    """The output records (the scoring contract) for a batch of posts.

    `impersonates` names the public figure a post impersonates: by the impersonation rule
    (`detector.impersonation.assess`), or when the model flags the post as celebrity
    impersonation and the post names a figure of the gazetteer. The rule runs on flagged posts
    and on posts with author metadata: elsewhere it could not change what an analyst sees, and
    its name search costs more than the classifier. spaCy NER (`ner=True`) adds names the
    gazetteer's exact and fuzzy search miss, at a few milliseconds a post.
    """
    from detector.impersonation import assess, find_mentions

    preds = model.detector.predict([p.text for p in posts])
    records = []
    for post, pred in zip(posts, preds, strict=True):
        lang = detect_language(post.text)
        verdict = assess(post.text, lang=lang, use_ner=ner, **post.author) if pred.flagged or post.author else None
        category, impersonates = pred.category, verdict.impersonates if verdict else None
        signals = [{"name": s.name, "evidence": s.evidence} for s in pred.signals]
        if impersonates and pred.flagged:
            category = "celebrity_impersonation"
        elif category == "celebrity_impersonation" and not impersonates:
            mentions = (verdict.mentions if verdict else []) or find_mentions(post.text, lang=lang, use_ner=ner)
            impersonates = mentions[0].figure.name if mentions else None
        if impersonates:
            evidence = "; ".join(f"{name}: {text}" for name, text in verdict.evidence) if verdict else ""
            signals.append({"name": "impersonation", "evidence": evidence or impersonates})
        records.append({"id": post.id, "scam_score": round(pred.scam_score, 6), "flagged": pred.flagged,
                        "category": category, "lang": lang, "signals": signals, "impersonates": impersonates,
                        "model": model.label})
    return records


def _tee_batches(batches: Iterator[list[Post | Reject]], pending: list[list[Post | Reject]],
                 ) -> Iterator[list[Post | Reject]]:
    """Yield each batch and keep it in `pending` until its scores come back (for rejects and counts)."""
    for batch in batches:
        pending.append(batch)
        yield batch


_WORKER_MODEL: tuple[LoadedModel, bool] | None = None


def _init_worker(model: LoadedModel, ner: bool) -> None:
    global _WORKER_MODEL
    _WORKER_MODEL = (model, ner)


def _score_in_worker(posts: list[Post]) -> list[dict[str, Any]]:
    assert _WORKER_MODEL is not None, "worker not initialised"
    model, ner = _WORKER_MODEL
    return score_posts(posts, model, ner=ner) if posts else []


def _in_order(pool: Any, feed: Iterator[list[Post]], *, ahead: int) -> Iterator[list[dict[str, Any]]]:
    """Scores of each batch, in input order, with at most `ahead` batches in flight (bounded memory;
    `Pool.imap` would read the whole input ahead)."""
    in_flight: deque[Any] = deque()
    for posts in feed:
        in_flight.append(pool.apply_async(_score_in_worker, (posts,)))
        if len(in_flight) >= ahead:
            yield in_flight.popleft().get()
    while in_flight:
        yield in_flight.popleft().get()


def _worker_pool(model: LoadedModel, ner: bool, workers: int) -> Any:
    import multiprocessing

    # fork: the workers share the parent's loaded model instead of loading it again.
    return multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(model, ner))


def score_file(input_path: str | Path, output: str | Path | IO[str], model: LoadedModel, *,
               text_field: str = "text", id_field: str = "id", fmt: str | None = None,
               rejects_path: str | Path | None = None, batch_size: int = 512,
               progress: bool = True, ner: bool = False, workers: int = 1) -> Summary:
    """Score every record of `input_path` into `output` (a path, or `-` / a stream for stdout).

    Rejected records go to `rejects_path` (default: `OUTPUT.rejects.jsonl`, or `rejects.jsonl` when
    writing to stdout) with their line number and reason; the file exists only if something was rejected.
    With `workers` > 1, batches are scored by that many processes (forked, sharing the loaded model);
    the output keeps the input order.
    """
    from tqdm import tqdm

    input_path = Path(input_path)
    summary = Summary()
    to_stdout = not isinstance(output, (str, Path)) or str(output) == "-"
    if rejects_path is None:
        rejects_path = "rejects.jsonl" if to_stdout else f"{output}.rejects.jsonl"
    rejects_file = Path(rejects_path)
    records = read_posts(input_path, text_field=text_field, id_field=id_field, fmt=fmt)
    with ExitStack() as stack:
        if to_stdout:
            out_handle: IO[str] = sys.stdout if isinstance(output, (str, Path)) else output
        else:
            out_path = Path(str(output))
            out_path.parent.mkdir(parents=True, exist_ok=True)
            out_handle = stack.enter_context(out_path.open("w", encoding="utf-8"))
        rejects_handle: IO[str] | None = None
        bar = stack.enter_context(tqdm(desc=f"scoring {input_path.name}", unit=" posts", disable=not progress,
                                       file=sys.stderr))
        pending: list[list[Post | Reject]] = []
        feed = ([p for p in b if isinstance(p, Post)] for b in _tee_batches(_batches(records, batch_size), pending))
        if workers > 1:
            pool = stack.enter_context(_worker_pool(model, ner, workers))
            scored = _in_order(pool, feed, ahead=2 * workers)
        else:
            scored = (score_posts(posts, model, ner=ner) if posts else [] for posts in feed)
        for records_out in scored:
            batch = pending.pop(0)
            posts = [item for item in batch if isinstance(item, Post)]
            for item in batch:
                if isinstance(item, Reject):
                    if rejects_handle is None:
                        rejects_file.parent.mkdir(parents=True, exist_ok=True)
                        rejects_handle = stack.enter_context(rejects_file.open("w", encoding="utf-8"))
                    rejects_handle.write(json.dumps({"file": str(input_path), "line": item.line,
                                                     "reason": item.reason, "raw": item.raw},
                                                    ensure_ascii=False) + "\n")
                    log.warning("%s:%d: rejected: %s", input_path, item.line, item.reason)
                    summary.rejected += 1
                    key = item.reason.split(":")[0].split(" (")[0]
                    summary.reasons[key] = summary.reasons.get(key, 0) + 1
            for record in records_out:
                out_handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                summary.flagged += record["flagged"]
            summary.read += len(batch)
            summary.scored += len(posts)
            bar.update(len(batch))
    if summary.rejected:
        log.warning("%d record(s) rejected; see %s", summary.rejected, rejects_file)
    return summary
