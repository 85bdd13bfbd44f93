"""Streaming batch scoring: read posts (see `detector.readers`), score them in batches, write one
JSON line per input record in input order; malformed records go to a rejects file, never dropped.

Written to a file, the output is committed batch by batch: after each batch the output and rejects
files are flushed to disk and `OUTPUT.manifest.json` records how many input records and output
bytes are committed. A run killed at any moment and started again with `resume=True` cuts the files
back to the last commit, skips the committed input records and goes on, so that its output is
byte for byte that of an uninterrupted run. The manifest fingerprints the input by its content
(sha256) and the model by `LoadedModel.sha256`: a resumed run must read the same bytes with the
same model, whatever the file dates or the model's name@version say. While a run writes, it holds
`OUTPUT.lock` (see `detector.outputs.OutputLock`): a second run to the same output is refused.
No output, rejects or manifest path may be the input (`detector.outputs.refuse_input_overwrite`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any, Protocol

from detector.contract import ScoreRecord, SignalEvidence, score_record
from detector.errors import InputError
from detector.lang import detect_language
from detector.normalize import redact
from detector.outputs import OutputLock, refuse_input_overwrite
from detector.persistence import LoadedModel
from detector.readers import MAX_RECORD_BYTES, FieldMap, Post, Reject, detect_format, read_posts

log = logging.getLogger(__name__)

# What the model reads of a post: scraped "posts" can be whole web pages, and the cost of the
# n-grams grows with length. The lure is stated early; the whole text stays in the input (and the store).
MAX_MODEL_CHARS = 5000
MANIFEST_VERSION = 2


class PostSink(Protocol):
    """Where scored posts can go besides the output file: `review.PostStore` is one. The library core
    names only this, so that it never imports the review store, which sits above it.

    The posts of one sink share one source (a post is known by its source and its id there). A sink
    that can also take the posts of other sources offers `for_source(name) -> PostSink`, a sink for
    the posts of source `name`: the Ray engine needs it for a folder of inputs, each file its own source.
    """

    def ingest(self, posts: Sequence[Post], records: Sequence[ScoreRecord]) -> object: ...


@dataclass
class Summary:
    """Counts of one scoring run (of all its resumed parts together)."""

    read: int = 0
    scored: int = 0
    rejected: int = 0
    flagged: int = 0
    repaired: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def count_reject(self, reason: str) -> None:
        """One more reject, counted under the reason's first words (`invalid JSON`, `no 'text' field`...)."""
        self.rejected += 1
        key = reason.split(":")[0].split(" (")[0]
        self.reasons[key] = self.reasons.get(key, 0) + 1


def _batches(items: Iterable[Post | Reject], size: int) -> Iterator[list[Post | Reject]]:
    batch: list[Post | Reject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def score_posts(posts: list[Post], model: LoadedModel, *, ner: bool = False) -> list[ScoreRecord]:
    """The output records (the scoring contract, `detector.contract.ScoreRecord`) for a batch of posts.

    `impersonates` names the public figure a post impersonates: by the impersonation rule
    (`detector.impersonation.assess`), or when the model flags the post as celebrity
    impersonation and the post names a figure of the gazetteer. The rule runs on flagged posts
    and on posts with author metadata: elsewhere it could not change what an analyst sees, and
    its name search costs more than the classifier. spaCy NER (`ner=True`) adds names the
    gazetteer's exact and fuzzy search miss, at a few milliseconds a post.

    On a post with author metadata (`post.author`: account-level evidence) the rule's verdict can
    overrule the model's flag, and only there (on posts without author fields, forcing flags from
    the text-only institution rule adds false positives):

    - the rule names someone the model did not flag: the post is flagged, as
      `celebrity_impersonation` for a person, for an institution under the model's category if it
      is a scam category, else `other_scam`. `scam_score` stays the model's, so `flagged` can be
      true under the threshold; the `impersonation` signal carries the account evidence;
    - the post comes from an official account of the gazetteers (`verdict.official_author`), the
      model says `celebrity_impersonation` and the rule names nobody: the post is unflagged, as
      `other_benign` (a prediction carries no benign category when it is flagged).
    """
    from detector.impersonation import assess, find_mentions
    from detector.taxonomy import SCAM_CATEGORIES

    texts = [p.text[:MAX_MODEL_CHARS] for p in posts]
    preds = model.detector.predict(texts)
    records = []
    for post, text, pred in zip(posts, texts, preds, strict=True):
        lang = detect_language(text)
        verdict = assess(text, lang=lang, use_ner=ner, **post.author) if pred.flagged or post.author else None
        category, impersonates = pred.category, verdict.impersonates if verdict else None
        flagged = pred.flagged
        signals = [SignalEvidence(name=s.name, evidence=s.evidence) for s in pred.signals]
        if post.author and verdict is not None:
            if impersonates and not flagged:  # the account's evidence flags what the model missed
                flagged = True
                if verdict.institution is None:
                    category = "celebrity_impersonation"
                elif category not in SCAM_CATEGORIES:
                    category = "other_scam"
            elif (flagged and not impersonates and verdict.official_author
                  and category == "celebrity_impersonation"):  # the figure's (or institution's) own account
                flagged, category = False, "other_benign"
        if impersonates and flagged and verdict is not None and verdict.institution is None:
            # A person impersonated; an institution's name on a fake job or subsidy keeps its category.
            category = "celebrity_impersonation"
        elif category == "celebrity_impersonation" and not impersonates:
            mentions = (verdict.mentions if verdict else []) or find_mentions(text, lang=lang, use_ner=ner)
            impersonates = mentions[0].figure.name if mentions else None
        if impersonates:
            evidence = "; ".join(f"{name}: {text}" for name, text in verdict.evidence) if verdict else ""
            signals.append(SignalEvidence(name="impersonation", evidence=evidence or impersonates))
        records.append(score_record(id=post.id, scam_score=pred.scam_score, flagged=flagged, category=category,
                                    lang=lang, signals=signals, impersonates=impersonates, model=model.label,
                                    model_sha256=model.sha256))
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


def _score_in_worker(posts: list[Post]) -> list[ScoreRecord]:
    assert _WORKER_MODEL is not None, "worker not initialised"
    model, ner = _WORKER_MODEL
    return score_posts(posts, model, ner=ner) if posts else []


def _in_order(pool: Any, feed: Iterator[list[Post]], *, ahead: int) -> Iterator[list[ScoreRecord]]:
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



def _open_at(path: Path, size: int) -> IO[bytes]:
    """`path` opened for appending after its first `size` bytes (the rest, uncommitted, is cut off)."""
    if size == 0:
        return path.open("wb")
    handle = path.open("r+b")
    if os.fstat(handle.fileno()).st_size < size:
        handle.close()
        raise InputError(f"cannot resume: {path} is shorter than its committed {size} bytes; it was changed "
                         "since the interrupted run; run again without --resume")
    handle.truncate(size)
    handle.seek(size)
    return handle


class OutputSink:
    """Where a run writes: output lines, rejects, and (for files, unless `manifest` is False) batch
    commits recorded in a manifest that `resume` continues from."""

    def __init__(self, output: IO[str] | Path, rejects: Path, run: dict[str, Any], *, resume: bool,
                 manifest: bool = True) -> None:
        self.rejects_path, self.run = rejects, run
        self.summary, self.items, self.complete = Summary(), 0, False
        self._rejects: IO[bytes] | None = None
        self._stream: IO[str] | None = None
        self._out: IO[bytes] | None = None
        self._lock: OutputLock | None = None
        self.manifest: Path | None = None
        if not isinstance(output, Path):
            if resume:
                raise InputError("--resume needs an output file (-o), not stdout")
            self._stream, self.manifest = output, None
            return
        # Before anything is cut or removed: a second run writing the same output is refused.
        self._lock = OutputLock(output).acquire()
        try:
            self._open(output, resume=resume, manifest=manifest)
        except BaseException:
            self.close()
            raise

    def _open(self, output: Path, *, resume: bool, manifest: bool) -> None:
        rejects = self.rejects_path
        self.manifest = output.with_name(output.name + ".manifest.json")
        if not manifest:  # a run that cannot be resumed: no manifest, nor an earlier run's to mislead
            self.manifest.unlink(missing_ok=True)
            self.manifest = None
        out_bytes = rejects_bytes = 0
        previous = self._previous() if resume else None
        if previous:
            committed = previous["committed"]
            out_bytes, rejects_bytes = committed["output_bytes"], committed["rejects_bytes"]
            self.items = committed["items"]
            self.summary, self.complete = Summary(**previous["summary"]), bool(previous["complete"])
            log.info("resuming %s after %d committed input records", output, self.items)
        output.parent.mkdir(parents=True, exist_ok=True)
        self._out = _open_at(output, out_bytes)
        if rejects_bytes:
            self._rejects = _open_at(rejects, rejects_bytes)
        else:
            rejects.unlink(missing_ok=True)  # rejects of an earlier run would mislead

    def _previous(self) -> dict[str, Any] | None:
        assert self.manifest is not None
        if not self.manifest.is_file():
            log.warning("no %s to resume from: scoring from the beginning", self.manifest)
            return None
        try:
            previous = json.loads(self.manifest.read_text(encoding="utf-8"))
            old_run = previous["run"]
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"cannot resume: {self.manifest} is not a Vigie scoring manifest ({err})") from err
        if previous.get("version") != MANIFEST_VERSION:
            # Version 1 fingerprinted the input by size and modification time, and the model by its name only.
            raise InputError(f"cannot resume: {self.manifest} is a version {previous.get('version')!r} manifest, "
                             f"this Vigie writes version {MANIFEST_VERSION}; run again without --resume")
        for key, value in self.run.items():
            if old_run.get(key) != value:
                raise InputError(f"cannot resume: {key} differs from the interrupted run's "
                                 f"({old_run.get(key)!r}, now {value!r}); run again without --resume")
        return dict(previous)

    def write_line(self, line: str) -> None:
        """One output record, already serialized as JSON."""
        if self._stream is not None:
            self._stream.write(line + "\n")
        else:
            assert self._out is not None
            self._out.write((line + "\n").encode("utf-8"))

    def reject_line(self, line: str) -> None:
        """One reject, already serialized as JSON."""
        if self._rejects is None:
            self.rejects_path.parent.mkdir(parents=True, exist_ok=True)
            self._rejects = self.rejects_path.open("wb")
        self._rejects.write((line + "\n").encode("utf-8"))

    def commit(self, items: int) -> None:
        """Make the last `items` input records' output durable, then record it in the manifest."""
        self.items += items
        if self.manifest is None or self._out is None:
            return
        sizes = []
        for handle in (self._out, self._rejects):
            if handle is not None:
                handle.flush()
                os.fsync(handle.fileno())
            sizes.append(handle.tell() if handle is not None else 0)
        state = {"version": MANIFEST_VERSION, "run": self.run, "complete": self.complete,
                 "committed": {"items": self.items, "output_bytes": sizes[0], "rejects_bytes": sizes[1]},
                 "summary": asdict(self.summary)}
        tmp = self.manifest.with_name(self.manifest.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as manifest:
            json.dump(state, manifest, indent=1)
            manifest.flush()
            os.fsync(manifest.fileno())
        os.replace(tmp, self.manifest)  # atomic: the manifest is the old one or the new one, never half

    def finish(self) -> None:
        self.complete = True
        self.commit(0)
        self.close()

    def close(self) -> None:
        for handle in (self._out, self._rejects):
            if handle is not None:
                handle.close()
        if self._lock is not None:
            self._lock.release()


def resolve_output(output: str | Path | IO[str], rejects_path: str | Path | None) -> tuple[IO[str] | Path, Path]:
    """Where output goes (a stream for `-` or a stream, else a file path) and where its rejects go
    (`rejects_path`, else `OUTPUT.rejects.jsonl`, or `rejects.jsonl` beside stdout). Raises
    `InputError` when the rejects would be the output, or its manifest or lock, under any spelling."""
    if isinstance(output, (str, Path)) and str(output) != "-":
        target, rejects = Path(str(output)), Path(rejects_path or f"{output}.rejects.jsonl")
        for own in output_files(target, rejects):
            if own is not rejects and _same_file(own, rejects):
                what = "-o" if own == target else f"a file of the run beside -o ({own})"
                raise InputError(f"refusing --rejects {rejects}: it is {what}, and the rejects would be written over "
                                 f"it; give --rejects another path")
        return target, rejects
    return (sys.stdout if isinstance(output, (str, Path)) else output), Path(rejects_path or "rejects.jsonl")


def _same_file(a: Path, b: Path) -> bool:
    """Are `a` and `b` one file: the same inode, or, for files not written yet, the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def reject_json(input_path: str | Path, item: Reject, *, redacted: bool = False) -> str:
    """A rejects-file line: the file, line number, reason and raw record. Redacted, the reason is
    its first words only (never the record's keys or values), and the raw record has its contacts
    and the values of its author, user and contact fields masked."""
    return json.dumps({"file": str(input_path), "line": item.line,
                       "reason": redact_reason(item.reason) if redacted else item.reason,
                       "raw": redact_raw(item.raw) if redacted else item.raw}, ensure_ascii=False)


def redact_reason(reason: str) -> str:
    """A reject's reason as `Summary` counts it ('no 'text' field', 'invalid JSON'), contacts masked:
    the rest of a reason may quote the record's keys or values."""
    return redact(reason.split(":")[0].split(" (")[0])


# A JSON member whose key names a person or a way to reach one: its value is masked whole in a
# redacted raw record (an author handle needs no '@': 'recruteur_dubai').
_PERSON_MEMBER = re.compile(
    r'("(?:[^"\\]|\\.)*(?i:author|user|from|handle|name|sender|owner|profile|account|phone|mail|contact|tel'
    r'|whatsapp|telegram|url|link)(?:[^"\\]|\\.)*"\s*:\s*)("(?:[^"\\]|\\.)*"?|-?\d[\d.eE+-]*)')


def redact_raw(raw: str) -> str:
    """A rejected record as read, with the values of its author, user and contact fields and every
    contact elsewhere masked (see `detector.normalize.redact`); a broken record too."""
    return redact(_PERSON_MEMBER.sub(lambda m: m.group(1) + '"[person]"', raw))


# Impersonation evidence that is an account, a domain or a number as written: masked whole, since a
# look-alike handle has no '@' and a domain no path ('lookalike_account: cristiano_ronaldo_fan').
_WHOLE_EVIDENCE = {"lookalike_account": "[handle]", "lookalike_domain": "[url]", "phone": "[phone]",
                   "whatsapp_number": "[phone]", "whatsapp": "[whatsapp]"}


def _redact_evidence(name: str, evidence: str) -> str:
    if name != "impersonation":
        return redact(evidence)
    parts = []
    for part in re.split(r"; (?=[a-z_]+: )", evidence):
        kind, sep, value = part.partition(": ")
        parts.append(kind + sep + (_WHOLE_EVIDENCE.get(kind) or redact(value)) if sep else redact(part))
    return "; ".join(parts)


def redact_record(record: ScoreRecord) -> ScoreRecord:
    """An output record with phone numbers, links, e-mails and handles masked in its evidence, and
    the accounts, domains and numbers of its impersonation evidence masked whole."""
    signals = [SignalEvidence(name=s["name"], evidence=_redact_evidence(s["name"], s["evidence"]))
               for s in record["signals"]]
    return {**record, "signals": signals}


def _input_fingerprint(path: Path) -> dict[str, Any]:
    """The input's path, size and content hash: a resumed run must read the very bytes the
    interrupted one read (an edit that keeps size and modification time is still seen)."""
    from detector.persistence import sha256_file

    return {"path": str(path.resolve()), "size": path.stat().st_size, "sha256": sha256_file(path)}


def output_files(target: IO[str] | Path, rejects: Path) -> list[Path]:
    """Every file a scoring run into `target` may write: output, rejects, manifest (and its
    temporary), lock file; for stdout, the rejects only."""
    if not isinstance(target, Path):
        return [rejects]
    manifest = target.with_name(target.name + ".manifest.json")
    return [target, rejects, manifest, manifest.with_name(manifest.name + ".tmp"),
            target.with_name(target.name + ".lock")]


def score_file(input_path: str | Path, output: str | Path | IO[str], model: LoadedModel, *,
               fields_map: FieldMap | None = None, text_field: str | None = None, id_field: str | None = None,
               fmt: str | None = None, rejects_path: str | Path | None = None, batch_size: int = 512,
               progress: bool = True, ner: bool = False, workers: int = 1, resume: bool = False,
               redacted: bool = False, store: PostSink | None = None,
               max_record_bytes: int = MAX_RECORD_BYTES) -> Summary:
    """Score every record of `input_path` into `output` (a path, or `-` / a stream for stdout).

    Rejected records go to `rejects_path` (default: `OUTPUT.rejects.jsonl`, or `rejects.jsonl` when
    writing to stdout) with their line number and reason; the file exists only if something was rejected.
    With `workers` > 1, batches are scored by that many processes (forked, sharing the loaded model);
    the output keeps the input order. A file output is committed batch by batch; `resume=True`
    continues an interrupted run of the same input, options and model (see the module docstring).
    `redacted=True` masks phone numbers, links, e-mails and handles in the evidence and the rejects,
    for output shared outside the committee. With a `store`, every scored post and its suggestion
    also go into the review store (a post stored before is not stored again). A record over
    `max_record_bytes` is a reject (see `detector.readers.read_posts`).
    """
    from tqdm import tqdm

    input_path = Path(input_path)
    fm = (fields_map or FieldMap()).with_fields(text=text_field, id=id_field)
    records = read_posts(input_path, fields_map=fm, fmt=fmt, max_record_bytes=max_record_bytes)
    target, rejects_file = resolve_output(output, rejects_path)
    refuse_input_overwrite([input_path], output_files(target, rejects_file))
    # The input and model fingerprints are what a resumed run must match (content, not names).
    fingerprint = _input_fingerprint(input_path) if isinstance(target, Path) else {"path": str(input_path)}
    run = {"input": fingerprint, "format": detect_format(input_path, fmt), "fields": fm.as_dict(),
           "model": model.label, "model_sha256": model.sha256, "batch_size": batch_size, "ner": ner,
           "redacted": redacted, "max_model_chars": MAX_MODEL_CHARS}
    with ExitStack() as stack:
        sink = OutputSink(target, rejects_file, run, resume=resume)
        stack.callback(sink.close)
        summary = sink.summary
        if sink.complete:
            log.info("%s is already complete; nothing to resume", output)
            return summary
        bar = stack.enter_context(tqdm(desc=f"scoring {input_path.name}", unit=" posts", disable=not progress,
                                       file=sys.stderr, initial=sink.items))
        pending: list[list[Post | Reject]] = []
        batches = _batches(islice(records, sink.items, None), batch_size)
        feed = ([p for p in b if isinstance(p, Post)] for b in _tee_batches(batches, pending))
        if workers > 1:
            pool = stack.enter_context(_worker_pool(model, ner, workers))
            scored = _in_order(pool, feed, ahead=2 * workers)
        else:
            scored = (score_posts(posts, model, ner=ner) if posts else [] for posts in feed)
        for records_out in scored:
            batch = pending.pop(0)
            for item in batch:
                if isinstance(item, Reject):
                    sink.reject_line(reject_json(input_path, item, redacted=redacted))
                    reason = redact_reason(item.reason) if redacted else item.reason
                    log.warning("%s:%d: rejected: %s", input_path, item.line, reason)
                    summary.count_reject(reason)
                elif item.repaired:
                    summary.repaired += 1
            for record in records_out:
                sink.write_line(json.dumps(redact_record(record) if redacted else record, ensure_ascii=False))
                summary.flagged += record["flagged"]
            if store is not None and records_out:
                store.ingest([item for item in batch if isinstance(item, Post)], records_out)
            summary.read += len(batch)
            summary.scored += len(records_out)
            sink.commit(len(batch))
            bar.update(len(batch))
        sink.finish()
    if summary.rejected:
        log.warning("%d record(s) rejected; see %s", summary.rejected, rejects_file)
    return summary
