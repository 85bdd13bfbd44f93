"""Posts and the model's suggestions coming in: ingest, post identity (a post is stored once: same
source and id, or same text), and
which suggestion of a post is its latest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy import text as sql
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from detector.campaigns import handle_key
from detector.normalize import extract_identifiers, fold_arabic, normalize
from detector.readers import Post
from review.audit import audit
from review.engine import Database
from review.tables import IdentifierRow, PostRow, SuggestionRow, utcnow

SelectT = TypeVar("SelectT", bound=Select)  # a select of any row shape


DEFAULT_SOURCE = "default"
# Column widths of `review.tables.PostRow` and `SuggestionRow`: a longer value is cut (a note kept), never
# a failed batch (PostgreSQL refuses the whole transaction where SQLite would have stored it).
ID_CHARS, SOURCE_CHARS, AUTHOR_CHARS, DATE_CHARS, PLATFORM_CHARS, LANG_CHARS = 200, 200, 200, 40, 40, 8
MODEL_CHARS, CATEGORY_CHARS = 200, 40


@dataclass(frozen=True)
class IngestResult:
    """What became of a batch: `added` posts were new; `duplicates` were stored before, `same_id` of
    them under the same source and id, `reposts` with another id but the same text. `cleaned`: posts
    whose fields lost NUL bytes or were cut to their column's width (the audit entry names the fields).

    Example
    -------
    >>> IngestResult(2, 3, same_id=1, reposts=2) + IngestResult(1, 0)
    IngestResult(added=3, duplicates=3, same_id=1, reposts=2, cleaned=0)
    """

    added: int
    duplicates: int
    same_id: int = 0
    reposts: int = 0
    cleaned: int = 0

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(self.added + other.added, self.duplicates + other.duplicates,
                            self.same_id + other.same_id, self.reposts + other.reposts,
                            self.cleaned + other.cleaned)

    def describe(self) -> str:
        """One line: ``added 3, already stored 3 (same source and id 1, repost 2)``."""
        return (f"added {self.added}, already stored {self.duplicates} (same source and id {self.same_id}, "
                f"repost {self.reposts})" + (f", cleaned {self.cleaned}" if self.cleaned else ""))


class SourceSink:
    """The store, for the posts of one `source` (a `detector.scoring.PostSink`): every batch is
    ingested under that source and the results add up in `total`.

    Example
    -------
    >>> from review import PostStore
    >>> sink = SourceSink(PostStore("sqlite://"), "posts.jsonl")
    >>> _ = sink.ingest([Post("1", "Visa offert, frais 50 000 FCFA", 1)],
    ...                 [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr",
    ...                   "signals": [], "impersonates": None, "model": "default@1"}])
    >>> sink.total.describe()
    'added 1, already stored 0 (same source and id 0, repost 0)'

    `for_source(name)` is a sink for the posts of source `name` (each file of a folder scored by the
    Ray engine) whose results add up in its own `total` and in this sink's.

    >>> other = sink.for_source("b.jsonl")
    >>> _ = other.ingest([Post("1", "Bourse au Canada, frais 25 000 FCFA", 1)],
    ...                  [{"scam_score": 0.9, "flagged": True, "category": "fake_scholarship", "lang": "fr",
    ...                    "signals": [], "impersonates": None, "model": "default@1"}])
    >>> other.total.added, sink.total.added
    (1, 2)
    """

    def __init__(self, db: Database, source: str, *, platform: str | None = None, actor: str = "batch",
                 parent: SourceSink | None = None) -> None:
        self.db, self.source, self.platform, self.actor = db, source, platform, actor
        self.total = IngestResult(0, 0)
        self.parent = parent

    def ingest(self, posts: Sequence[Post], records: Sequence[Mapping[str, Any]]) -> IngestResult:
        result = ingest(self.db, posts, records, source=self.source, platform=self.platform, actor=self.actor)
        self._add(result)
        return result

    def _add(self, result: IngestResult) -> None:
        # `total += result` makes a new IngestResult: the parent is told explicitly, not through a shared object.
        self.total += result
        if self.parent is not None:
            self.parent._add(result)

    def for_source(self, name: str) -> SourceSink:
        """A sink for the posts of source `name`, same store, platform and actor, adding to this sink's total."""
        return SourceSink(self.db, name, platform=self.platform, actor=self.actor, parent=self)


def text_key(text: str) -> str:
    """The dedup key of a post: the hash of its normalized, whitespace-collapsed, lower-cased text."""
    return hashlib.sha256(" ".join(normalize(text).lower().split()).encode("utf-8")).hexdigest()


# A post's *latest* suggestion is the one stored last: the highest suggestion id. Not the newest
# `created_at`: that is the clock of whichever process ingested (two servers' clocks can disagree, and a
# batch shares one instant), while ids only grow; and the id is the primary key, so the queue's join on
# it stays cheap at 100,000 posts (benchmarks/bench_queue.py). The queue, a post's page, campaigns, the
# overview and the exported labels all use this one definition.
def latest_suggestion_ids() -> Select[Any]:
    """The id of each post's latest suggestion."""
    return select(func.max(SuggestionRow.id).label("id")).group_by(SuggestionRow.post_id)


def join_latest_suggestion(query: SelectT) -> SelectT:
    """`query` (on posts) joined to each post's latest suggestion."""
    latest = latest_suggestion_ids().subquery()
    return query.join(SuggestionRow, SuggestionRow.post_id == PostRow.id).join(latest, latest.c.id == SuggestionRow.id)


def latest_suggestion(session: Session, post_id: int) -> SuggestionRow | None:
    """One post's latest suggestion (None if it has none)."""
    return session.scalar(select(SuggestionRow).where(SuggestionRow.post_id == post_id)
                          .order_by(SuggestionRow.id.desc()).limit(1))


def ingest(db: Database, posts: Sequence[Post], records: Sequence[Mapping[str, Any]], *,
           source: str = DEFAULT_SOURCE, platform: str | None = None, actor: str = "batch") -> IngestResult:
    """Store posts and the model's suggestion for each (`records`: `vigie score` output lines).

    A post is identified by its `source` (the file, channel or crawl it came from) and its id there;
    the same text under any source or id is a repost of it. Either way it is not stored again (the
    result counts each reason); its suggestion from a model version not yet seen is added to it.
    NUL bytes are removed and values longer than their column are cut (an id keeps a hash of its whole
    self, so that two long ids stay two posts): one odd post never fails the batch.

    Rows are inserted in one order (by text hash) with INSERT ... ON CONFLICT DO NOTHING, so that
    ingests running together neither fail on each other's rows nor deadlock; a deadlock or
    serialization failure still reported by the database is retried (`Database.retry`).
    """
    source = _cleaned_id(source or DEFAULT_SOURCE, SOURCE_CHARS)[0]
    rows = [_Clean.of(post, record, platform) for post, record in zip(posts, records, strict=True)]
    result = db.retry(lambda session: _ingest_batch(session, source, rows, records, actor))
    db.added(result.added)
    return result


def platforms(db: Database) -> list[str]:
    """The platforms the stored posts come from."""
    with db.session(write=False) as session:
        return sorted(p for p in session.scalars(select(PostRow.platform).distinct()) if p)


def _cleaned(value: Any, limit: int) -> tuple[str | None, bool]:
    """`value` as text PostgreSQL takes: no NUL byte, no lone surrogate, at most `limit` characters."""
    if value is None:
        return None, False
    raw = str(value)
    text = raw.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text, text != raw


def _cleaned_id(value: Any, limit: int) -> tuple[str, bool]:
    """An id cleaned as `_cleaned`, a long one cut to its start and a hash of the whole id."""
    raw = str(value)
    text = raw.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[:limit - 17] + "#" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return text, text != raw


def _cleaned_json(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [_cleaned_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _cleaned_json(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class _Clean:
    """A post's fields as they will be stored, and which of them had to be cleaned."""

    source_id: str
    key: str
    values: dict[str, Any]
    handle: str | None
    fields: tuple[str, ...]

    @classmethod
    def of(cls, post: Post, record: Mapping[str, Any], platform: str | None) -> _Clean:
        source_id, id_changed = _cleaned_id(post.id, ID_CHARS)
        text, text_changed = _cleaned(post.text, len(post.text))
        assert text is not None
        cut = {"source_id": id_changed, "text": text_changed}
        values: dict[str, Any] = {"source_id": source_id, "text": text, "search_text": search_fold(text)}
        for column, value, limit in (
                ("lang", record.get("lang"), LANG_CHARS),
                ("platform", platform or post.author.get("platform"), PLATFORM_CHARS),
                ("author_handle", post.author.get("author_handle"), AUTHOR_CHARS),
                ("author_name", post.author.get("author_name"), AUTHOR_CHARS),
                ("posted_at", post.date, DATE_CHARS)):
            values[column], cut[column] = _cleaned(value, limit)
        return cls(source_id, text_key(text), values, values["author_handle"],
                   tuple(sorted(c for c, changed in cut.items() if changed)))


_SPACE_RUN = re.compile(r"\s+")


def search_fold(text: str) -> str:
    """`text` as the queue's search compares it, character by character (so a search folds the same
    way as the posts it looks in): NFKD, accents and invisible format characters dropped, Arabic
    letter variants and diacritics folded (`detector.normalize.fold_arabic`), lower case, every run
    of white space one space. ``%``, ``_`` and ``\\`` are kept as they are.

    >>> search_fold("FEMMES  DE MÉNAGE à Dubaï"), search_fold("أجور مُغرية")
    ('femmes de menage a dubai', 'اجور مغريه')
    """
    decomposed = unicodedata.normalize("NFKD", fold_arabic(text))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return _SPACE_RUN.sub(" ", fold_arabic(kept).casefold())


def _insert(session: Session, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING on `table` (any unique constraint)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


def identifier_keys(text: str, handle: str | None) -> list[str]:
    """The keys stored for a post in `identifiers` (`detector.normalize.Identifiers.keys`, and the
    author's handle), sorted and cut to the column's width.

    >>> identifier_keys("WhatsApp wa.me/237699004127 ou +237 6 99 00 41 27", "@Recruteur")
    ['handle:recruteur', 'phone:+237699004127']
    """
    keys = extract_identifiers(text).keys()
    if handle:
        keys.add(handle_key(handle))
    return sorted({k[:300] for k in keys})


def _suggestion(record: Mapping[str, Any], post_id: int) -> dict[str, Any]:
    return {"post_id": post_id, "model": _cleaned(record["model"], MODEL_CHARS)[0],
            "scam_score": float(record["scam_score"]), "flagged": bool(record["flagged"]),
            "category": _cleaned(record["category"], CATEGORY_CHARS)[0], "signals": _cleaned_json(record["signals"]),
            "impersonates": _cleaned(record.get("impersonates"), AUTHOR_CHARS)[0], "created_at": utcnow()}


def _ingest_batch(session: Session, source: str, rows: Sequence[_Clean], records: Sequence[Mapping[str, Any]],
                  actor: str) -> IngestResult:
    """The whole batch in a few statements: one lookup of what is stored, bulk inserts in key order."""
    by_id: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        found = select(PostRow.id, PostRow.source, PostRow.source_id, PostRow.text_key).where(or_(
            and_(PostRow.source == source, PostRow.source_id.in_([r.source_id for r in chunk])),
            PostRow.text_key.in_([r.key for r in chunk])))
        for pid, row_source, source_id, key in session.execute(found):
            if row_source == source and source_id is not None:
                by_id[source_id] = pid
            by_key[key] = pid
    pending: dict[str, _Clean] = {}  # text key -> post to insert
    pending_ids: dict[str, str] = {}  # its source id -> text key
    targets: list[int | str] = []  # per post: its stored id, or the text key of the row to insert
    same_id = reposts = 0
    for row in rows:
        target: int | str | None = by_id.get(row.source_id)
        if target is None:
            target = pending_ids.get(row.source_id)
        if target is not None:
            same_id += 1
        else:
            target = by_key.get(row.key)
            if target is None and row.key in pending:
                target = row.key
            if target is not None:
                reposts += 1
            else:
                pending[row.key], pending_ids[row.source_id], target = row, row.key, row.key
        targets.append(target)
    inserted: dict[str, int] = {}
    if pending:
        now = utcnow()
        values = [{"source": source, "text_key": key, "ingested_at": now, **row.values} for key, row in pending.items()]
        if session.get_bind().dialect.name == "postgresql":
            # Ids in input order (the first post of a file is stored first), rows inserted in key order:
            # every ingest then takes the unique-index locks in one order, and none waits in a cycle.
            ids = session.scalars(sql("SELECT nextval(pg_get_serial_sequence('posts', 'id')) "
                                       "FROM generate_series(1, :n)"), {"n": len(values)}).all()
            values = sorted(({**v, "id": pid} for v, pid in zip(values, sorted(ids), strict=True)),
                            key=lambda v: v["text_key"])
        inserted = {key: pid for pid, key in session.execute(
            _insert(session, PostRow.__table__).returning(PostRow.id, PostRow.text_key), values)}
    for key in sorted(set(pending) - set(inserted)):  # stored by an ingest running together, a moment ago
        row = pending[key]
        pid, row_source, source_id = session.execute(
            select(PostRow.id, PostRow.source, PostRow.source_id).where(or_(
                and_(PostRow.source == source, PostRow.source_id == row.source_id), PostRow.text_key == key))
            .order_by(PostRow.id).limit(1)).one()
        inserted_elsewhere = row_source == source and source_id == row.source_id
        same_id, reposts = same_id + inserted_elsewhere, reposts + (not inserted_elsewhere)
        by_key[key] = pid
    identifiers = [{"post_id": inserted[key], "key": k} for key in sorted(inserted)
                   for k in identifier_keys(pending[key].values["text"], pending[key].handle)]
    if identifiers:
        session.execute(insert(IdentifierRow), identifiers)
    post_ids = [t if isinstance(t, int) else inserted.get(t) or by_key[t] for t in targets]
    seen = {(pid, model) for pid, model in session.execute(select(SuggestionRow.post_id, SuggestionRow.model)
                                                           .where(SuggestionRow.post_id.in_(set(post_ids))))}
    suggestions: dict[tuple[int, str], dict[str, Any]] = {}
    for post_id, record in zip(post_ids, records, strict=True):
        suggestion = _suggestion(record, post_id)
        if (post_id, suggestion["model"]) not in seen:
            suggestions.setdefault((post_id, suggestion["model"]), suggestion)
    if suggestions:
        session.execute(_insert(session, SuggestionRow.__table__), [suggestions[k] for k in sorted(suggestions)])
    cleaned = [{"post": inserted[key], "fields": list(pending[key].fields)} for key in sorted(inserted)
               if pending[key].fields]
    result = IngestResult(len(inserted), len(rows) - len(inserted), same_id, reposts, len(cleaned))
    detail: dict[str, Any] = {"source": source, "added": result.added, "duplicates": result.duplicates,
                              "same_id": same_id, "reposts": reposts}
    if cleaned:  # the note kept of what was cut or removed (the first 100 posts)
        detail["cleaned"] = cleaned[:100]
    audit(session, actor, "ingest", detail)
    return result
