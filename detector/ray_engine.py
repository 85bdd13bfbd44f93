"""`vigie score --engine ray`: the same scoring on Ray Data, for inputs one machine cannot serve.

Each input file (a file, or every readable file of a folder) is read by a Ray task with Vigie's own
readers, streamed in blocks, so records, line numbers and rejects are exactly those of the
single-process engine. A pool of actors scores the blocks with `map_batches`, each actor loading
the model once. Written to a file, the output is gathered in input order by the driver and is byte
for byte the single-process engine's; written to a folder, Ray writes it as a JSONL or Parquet
dataset (`scored/` and `rejects/`), one file per block, in parallel. Into the store (`--store`), each
file of a folder is its own source, named by its file name as a local run names it: line 1 of
`a.jsonl` and line 1 of `b.jsonl` are two posts.

On a cluster: start Ray on the nodes (`ray start --head` / `ray start --address HEAD:6379`), make the
model folder and the inputs readable at the same path on every node (shared storage) and Vigie
installed in the nodes' Python, then run `vigie score --engine ray --ray-address auto ...` on the head
(or set `RAY_ADDRESS`). Without an address, a local Ray instance is started for the run.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detector.contract import ScoreRecord
from detector.errors import InputError
from detector.persistence import LoadedModel, load_model
from detector.readers import MAX_RECORD_BYTES, FieldMap, Post, Reject, detect_format, read_posts
from detector.scoring import OutputSink, PostSink, Summary, redact_record, reject_json, resolve_output, score_posts

log = logging.getLogger(__name__)

_COLUMNS = ("file", "line", "id", "text", "author", "date", "repaired", "reason", "raw")


def input_files(path: Path, fmt: str | None) -> list[Path]:
    """The file itself, or the readable files of a folder in name order."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"input {path} does not exist")
    files = []
    for child in sorted(path.iterdir()):
        try:
            if child.is_file() and not child.name.startswith((".", "_")):
                detect_format(child, fmt)
                files.append(child)
        except InputError:
            log.warning("%s: skipped, not a format Vigie reads", child)
    if not files:
        raise InputError(f"input folder {path} holds no JSONL, CSV, Parquet or Telegram file")
    return files


def _read_files(batch: dict[str, Any], fields: dict[str, str], fmt: str | None,
                block_rows: int, max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[dict[str, list[Any]]]:
    """Ray task: the records of each file, as blocks of at most `block_rows` rows."""
    for path in batch["path"]:
        rows: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
        for item in read_posts(str(path), fields_map=FieldMap(**fields), fmt=fmt, max_record_bytes=max_record_bytes):
            is_post = isinstance(item, Post)
            values = (str(path), item.line, item.id if isinstance(item, Post) else "",
                      item.text if isinstance(item, Post) else "",
                      json.dumps(item.author) if isinstance(item, Post) else "{}",
                      (item.date or "") if isinstance(item, Post) else "",
                      item.repaired if isinstance(item, Post) else False,
                      "" if is_post else item.reason,  # type: ignore[union-attr]
                      "" if is_post else item.raw)  # type: ignore[union-attr]
            for column, value in zip(_COLUMNS, values, strict=True):
                rows[column].append(value)
            if len(rows["line"]) >= block_rows:
                yield rows
                rows = {c: [] for c in _COLUMNS}
        if rows["line"]:
            yield rows


class _Scorer:
    """Ray actor: loads the model once, then scores blocks of records."""

    def __init__(self, model_path: str, precision: str, ner: bool, redacted: bool, for_store: bool) -> None:
        self.model = load_model(model_path, precision=precision)
        self.ner, self.redacted, self.for_store = ner, redacted, for_store

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        n = len(batch["line"])
        is_post = [batch["reason"][i] == "" for i in range(n)]
        posts = [Post(str(batch["id"][i]), str(batch["text"][i]), int(batch["line"][i]),
                      json.loads(batch["author"][i]), batch["date"][i] or None, bool(batch["repaired"][i]))
                 for i in range(n) if is_post[i]]
        scored = iter(score_posts(posts, self.model, ner=self.ner)) if posts else iter(())
        out: dict[str, list[Any]] = {"kind": [], "file": [], "line": [], "repaired": [], "flagged": [], "json": [],
                                     "stored": []}
        posts_in_order = iter(posts)
        for i in range(n):
            stored = ""
            if is_post[i]:
                record = next(scored)
                if self.for_store:  # the store keeps the post and its whole record, unredacted
                    post = next(posts_in_order)
                    stored = json.dumps({"post": [post.id, post.text, post.line, post.author, post.date],
                                         "record": record}, ensure_ascii=False)
                record = redact_record(record) if self.redacted else record
                kind, flagged, text = "scored", bool(record["flagged"]), json.dumps(record, ensure_ascii=False)
            else:
                kind, flagged = "reject", False
                text = reject_json(str(batch["file"][i]), Reject(int(batch["line"][i]), str(batch["reason"][i]),
                                                                str(batch["raw"][i])), redacted=self.redacted)
            out["kind"].append(kind)
            out["file"].append(str(batch["file"][i]))
            out["line"].append(int(batch["line"][i]))
            out["repaired"].append(bool(batch["repaired"][i]))
            out["flagged"].append(flagged)
            out["json"].append(text)
            out["stored"].append(stored)
        return out


def score_with_ray(input_path: str | Path, output: str | Path | IO[str], model: LoadedModel, model_path: str | Path, *,
                   fields_map: FieldMap | None = None, fmt: str | None = None, rejects_path: str | Path | None = None,
                   batch_size: int = 512, actors: int = 2, ray_address: str | None = None, precision: str = "auto",
                   ner: bool = False, output_format: str = "jsonl", redacted: bool = False,
                   store: PostSink | None = None, max_record_bytes: int = MAX_RECORD_BYTES) -> Summary:
    """Score `input_path` (a file or a folder of files) on Ray; see the module docstring.

    `output` is a JSONL file (or stdout), gathered in input order, or an existing or new folder
    (a path ending in `/`), written as a `output_format` dataset. With a `store`, the driver also
    puts every scored post into the review store as the output is gathered (file output only).
    """
    to_folder = isinstance(output, (str, Path)) and (str(output).endswith("/") or Path(output).is_dir())
    if store is not None and to_folder:
        raise InputError("--store with --engine ray needs a file output (-o FILE.jsonl): a dataset folder is "
                         "written by the workers, and the posts would not pass through this machine")
    if store is not None and Path(input_path).is_dir() and not callable(getattr(store, "for_source", None)):
        raise InputError("--store with a folder input needs a store that keeps each file as its own source; "
                         "score the files one by one (vigie score FILE --store)")
    try:
        # Typed as Any: Ray's own annotations do not describe generator UDFs or actor classes.
        ray: Any = importlib.import_module("ray")
    except ImportError as err:
        raise InputError("--engine ray needs Ray: pip install 'vigie[ray]'") from err

    files = input_files(Path(input_path), fmt)
    fm = fields_map or FieldMap()
    address = ray_address or os.environ.get("RAY_ADDRESS")
    started_here = not ray.is_initialized()
    if started_here:
        # Locally, logical CPUs for the reader task beside the actors; on a cluster, its own resources.
        local = {} if address else {"num_cpus": max(os.cpu_count() or 1, actors + 1)}
        ray.init(address=address, include_dashboard=False, log_to_driver=False, **local)
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ds = ray.data.from_items([{"path": str(f)} for f in files], override_num_blocks=len(files))
        ds = ds.map_batches(_read_files, batch_size=1, num_cpus=0.5,
                            fn_kwargs={"fields": fm.as_dict(), "fmt": fmt, "block_rows": batch_size,
                                       "max_record_bytes": max_record_bytes})
        ds = ds.map_batches(_Scorer, batch_size=batch_size, compute=ray.data.ActorPoolStrategy(size=actors),
                            fn_constructor_kwargs={"model_path": str(Path(model_path).resolve()),
                                                   "precision": precision, "ner": ner,
                                                   "redacted": redacted, "for_store": store is not None})
        if to_folder:
            return _write_dataset(ds, Path(str(output)), output_format)
        sinks = _file_sinks(store, files, folder=Path(input_path).is_dir())
        return _gather(ds, output, rejects_path, str(files[0]), sinks)
    finally:
        if started_here:
            ray.shutdown()


def _file_sinks(store: PostSink | None, files: list[Path], *, folder: bool) -> dict[str, PostSink]:
    """Where the posts of each input file go in the store: each file of a folder is its own source,
    named by its file name, as `vigie score FILE --store` names it; a file given alone keeps the sink's source."""
    if store is None:
        return {}
    if not folder:
        return {str(files[0]): store}
    return {str(f): store.for_source(f.name) for f in files}  # type: ignore[attr-defined]


def _gather(ds: Any, output: str | Path | IO[str], rejects_path: str | Path | None, first_input: str,
            sinks: dict[str, PostSink]) -> Summary:
    target, rejects = resolve_output(output, rejects_path)
    # No manifest: a Ray run cannot be resumed (Ray retries failed tasks itself).
    sink = OutputSink(target, rejects, {"input": first_input}, resume=False, manifest=False)
    summary = sink.summary
    try:
        for batch in ds.iter_batches(batch_format="numpy", batch_size=None):
            to_store: dict[str, list[tuple[Post, ScoreRecord]]] = {}
            for kind, file, repaired, flagged, text, stored in zip(
                    batch["kind"], batch["file"], batch["repaired"], batch["flagged"], batch["json"], batch["stored"],
                    strict=True):
                summary.read += 1
                if kind == "reject":
                    sink.reject_line(str(text))
                    summary.count_reject(json.loads(text)["reason"])
                else:
                    sink.write_line(str(text))
                    summary.scored += 1
                    summary.flagged += bool(flagged)
                    summary.repaired += bool(repaired)
                    if stored:
                        item = json.loads(stored)
                        to_store.setdefault(str(file), []).append((Post(*item["post"]), item["record"]))
            for file, scored in to_store.items():  # in input order: the files come one after another
                sinks[file].ingest([post for post, _ in scored], [record for _, record in scored])
        sink.finish()
    finally:
        sink.close()
    return summary


def _write_dataset(ds: Any, folder: Path, output_format: str) -> Summary:
    if output_format not in ("jsonl", "parquet"):
        raise InputError(f"--output-format {output_format!r}: expected jsonl or parquet")
    ds = ds.materialize()  # scored once, written twice (records and rejects)
    summary = Summary()
    for kind, sub in (("scored", "scored"), ("reject", "rejects")):
        part = ds.filter(lambda row, kind=kind: row["kind"] == kind)
        rows = part.map(lambda row: json.loads(row["json"]))
        count = part.count()
        if count:
            (rows.write_json if output_format == "jsonl" else rows.write_parquet)(str(folder / sub))
        if kind == "scored":
            summary.scored = count
            summary.flagged = part.filter(lambda row: bool(row["flagged"])).count()
        else:
            summary.rejected = count
    summary.read = summary.scored + summary.rejected
    return summary
