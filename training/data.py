"""The labelled corpus: schema validation, leak-free splits, HF `datasets` loading, importers.

Splits are leak-free: near-duplicate posts (word 3-shingle Jaccard >= 0.5), posts of one
`campaign`, and posts that share a phone number, link or handle form one group, and a whole
group goes to one split. A group's split follows from a hash of its smallest id, so adding
posts later leaves the existing test split where it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from detector.campaigns import UnionFind
from detector.errors import InputError, SchemaError
from detector.lang import LANGUAGES
from detector.normalize import extract_identifiers
from detector.settings import SAMPLE_POSTS as SAMPLE_POSTS  # the sample's one path, kept importable here
from detector.settings import settings
from detector.taxonomy import CATEGORIES, SCAM_CATEGORIES

log = logging.getLogger(__name__)

# Defaults of the functions here and in training/: the VIGIE_* settings (detector.settings) of the process
# that imports training; the commands pass the folders they resolve at each run.
CORPUS_DIR = settings().corpus_dir
PLATFORMS = ("facebook", "whatsapp", "tiktok", "x", "telegram", "linkedin", "instagram", "youtube", "sms",
             "email", "web", "other")
DIFFICULTIES = ("easy", "hard", "unrated")
REQUIRED = ("id", "text", "scam", "category", "lang", "difficulty", "platform", "source")
OPTIONAL = ("campaign", "author_handle", "author_name", "author_verified", "author_followers", "date")
# Provenance a record may carry without it becoming a training column: `label_version`, the time the
# label of an exported review was settled (`training.retrain.review_record`).
PROVENANCE = ("label_version",)
SPLITS = {"train": 70, "validation": 15, "test": 15}


def validate_record(record: Any, where: str) -> dict[str, Any]:
    """Check one labelled record against the schema; `where` is `file:line` for the message."""
    if not isinstance(record, dict):
        raise SchemaError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [k for k in REQUIRED if k not in record]
    if missing:
        raise SchemaError(f"{where}: missing field(s) {missing}; the record has {sorted(record)}")
    unknown = sorted(set(record) - set(REQUIRED) - set(OPTIONAL) - set(PROVENANCE))
    if unknown:
        raise SchemaError(f"{where}: unknown field(s) {unknown}; allowed: {list(REQUIRED + OPTIONAL)}")
    checks = [
        ("id", isinstance(record["id"], str) and record["id"] != "", "a non-empty string"),
        ("text", isinstance(record["text"], str) and record["text"].strip() != "", "a non-empty string"),
        ("category", record["category"] in CATEGORIES, f"one of {list(CATEGORIES)}"),
        ("scam", record["scam"] in (0, 1) and not isinstance(record["scam"], bool), "0 or 1"),
        ("lang", record["lang"] in LANGUAGES, f"one of {list(LANGUAGES)}"),
        ("difficulty", record["difficulty"] in DIFFICULTIES, f"one of {list(DIFFICULTIES)}"),
        ("platform", record["platform"] in PLATFORMS, f"one of {list(PLATFORMS)}"),
        ("source", isinstance(record["source"], str) and record["source"] != "", "a non-empty string"),
    ]
    for field, ok, expected in checks:
        if not ok:
            raise SchemaError(f"{where}: field '{field}' must be {expected}, got {record[field]!r}")
    if record["scam"] != int(record["category"] in SCAM_CATEGORIES):
        raise SchemaError(f"{where}: field 'scam' is {record['scam']} but category '{record['category']}' "
                          f"means scam={int(record['category'] in SCAM_CATEGORIES)}")
    return record


def read_jsonl(path: Path, *, error: type[InputError] = InputError) -> Iterator[tuple[str, Any]]:
    """The values of a JSON Lines file with where each was read (`path:line`); blank lines skipped.

    The one JSONL parser of the training tools (the corpus, exported reviews, evaluation sets, public
    sets); `vigie score`'s tolerant reader of scraped posts is `detector.readers`.

    Raises
    ------
    InputError
        (or `error`, a subclass) on a line that is not JSON, naming file, line and column.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "a.jsonl").write_text('{"id": "1"}\\n\\n{"id": "2"}\\n')
    ...     [(where.rsplit(":", 1)[1], value["id"]) for where, value in read_jsonl(Path(d) / "a.jsonl")]
    [('1', '1'), ('3', '2')]
    """
    with Path(path).open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                value = json.loads(line)
            except json.JSONDecodeError as err:
                raise error(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from err
            yield where, value


def read_labelled(paths: Iterable[Path], *, latest: bool = False) -> list[dict[str, Any]]:
    """All records of labelled JSONL files, validated, in file then line order.

    Ids must be unique across files, unless `latest`: then a later record of an id replaces the
    earlier one and takes its place in the order (exported reviews, where a post whose label was
    corrected is exported again: the latest label counts, as the newest one).
    """
    records: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    seen: dict[str, str] = {}
    for path in paths:
        for where, record in read_jsonl(path, error=SchemaError):
            validate_record(record, where)
            if latest:
                by_id.pop(record["id"], None)
                by_id[record["id"]] = record
                continue
            if record["id"] in seen:
                raise SchemaError(f"{where}: id {record['id']!r} already used at {seen[record['id']]}")
            seen[record["id"]] = where
            records.append(record)
    return list(by_id.values()) if latest else records


def corpus_files(data_dir: Path = CORPUS_DIR) -> list[Path]:
    """The corpus's JSONL files in a fixed order."""
    files = sorted(Path(data_dir).glob("*.jsonl"))
    if not files:
        raise SchemaError(f"no *.jsonl files in {data_dir}")
    return files


def load_corpus(data_dir: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """The validated seed corpus (and any reviewed additions placed beside it)."""
    return read_labelled(corpus_files(data_dir))


def shingle_jaccard_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs of posts whose word 3-shingle sets have Jaccard similarity above `threshold`."""
    vec = CountVectorizer(analyzer="word", ngram_range=(3, 3), binary=True, lowercase=True,
                          token_pattern=r"(?u)\b\w+\b", dtype=np.int32)
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # no post has three words
        return []
    sizes = np.asarray(X.sum(axis=1)).ravel()
    inter = (X @ X.T).tocoo()
    pairs = []
    for i, j, n in zip(inter.row, inter.col, inter.data, strict=True):
        if i < j:
            jac = n / (sizes[i] + sizes[j] - n)
            if jac > threshold:
                pairs.append((int(i), int(j), float(jac)))
    return pairs


def leak_groups(records: list[dict[str, Any]], *, near_dup: float = 0.5, max_key_posts: int = 25) -> list[int]:
    """A group number per record: near-duplicates, campaigns and shared identifiers stick together.

    An identifier shared by more than `max_key_posts` posts (an official hotline, a ministry's
    page) says nothing about one recruiter and is not used to link.
    """
    uf = UnionFind(len(records))
    for i, j, _ in shingle_jaccard_pairs([r["text"] for r in records], near_dup):
        uf.union(i, j)
    by_key: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        keys = extract_identifiers(record["text"]).keys()
        if record.get("campaign"):
            keys.add(f"campaign:{record['campaign']}")
        for key in keys:
            by_key.setdefault(key, []).append(i)
    for key, members in by_key.items():
        if len(members) <= max_key_posts or key.startswith("campaign:"):
            for other in members[1:]:
                uf.union(members[0], other)
    roots = [uf.find(i) for i in range(len(records))]
    return roots


def assign_splits(records: list[dict[str, Any]], *, seed: int = 0) -> list[str]:
    """The split of every record, by a stable hash of its leak group's smallest id."""
    roots = leak_groups(records)
    group_key: dict[int, str] = {}
    for root, record in zip(roots, records, strict=True):
        group_key[root] = min(group_key.get(root, record["id"]), record["id"])
    out = []
    for root in roots:
        bucket = int(hashlib.sha256(f"{seed}:{group_key[root]}".encode()).hexdigest(), 16) % 100
        out.append("train" if bucket < SPLITS["train"] else
                   "validation" if bucket < SPLITS["train"] + SPLITS["validation"] else "test")
    return out


REVIEWS_DIR = settings().reviews_dir


def load_splits(data_dir: Path = CORPUS_DIR, *, seed: int = 0, additions: Path | None = None) -> Any:
    """The corpus as a `datasets.DatasetDict` with leak-free train / validation / test splits.

    `additions` (a folder of labelled JSONL, e.g. the analysts' reviews exported to `data/reviews/`)
    go to the train split only, so that the validation and test splits, and every comparison made
    on them, stay those of the corpus; an addition that is a near-duplicate of, or shares an
    identifier with, a validation or test post is left out. An id repeated in the additions (a
    review exported again after its label was corrected) counts once, with its latest label.

    Example
    -------
    >>> splits = load_splits()  # doctest: +SKIP
    >>> splits["test"][0]["category"]  # doctest: +SKIP
    'fake_job'
    """
    from datasets import Dataset, DatasetDict

    records = load_corpus(data_dir)
    splits = assign_splits(records, seed=seed)
    if additions is not None and (files := sorted(Path(additions).glob("*.jsonl"))):
        extra = read_labelled(files, latest=True)
        corpus_ids = {r["id"] for r in records}
        if clash := sorted(corpus_ids & {r["id"] for r in extra})[:3]:
            raise SchemaError(f"{additions}: id(s) {clash} are also corpus ids")
        roots = leak_groups(records + extra)
        held_out = {roots[i] for i, split in enumerate(splits) if split != "train"}
        kept = [r for r, root in zip(extra, roots[len(records):], strict=True) if root not in held_out]
        if len(kept) < len(extra):
            log.info("%d addition(s) left out: they are linked to validation or test posts", len(extra) - len(kept))
        records, splits = records + kept, splits + ["train"] * len(kept)
    columns = REQUIRED + OPTIONAL
    rows_by_split: dict[str, list[dict[str, Any]]] = {name: [] for name in SPLITS}
    for record, split in zip(records, splits, strict=True):
        row = {k: record.get(k) for k in columns}
        row["author_verified"] = None if row["author_verified"] is None else bool(row["author_verified"])
        row["author_followers"] = None if row["author_followers"] is None else int(row["author_followers"])
        for key in ("campaign", "author_handle", "author_name", "date"):
            row[key] = None if row[key] is None else str(row[key])
        rows_by_split[split].append(row)
    return DatasetDict({name: Dataset.from_list(rows) for name, rows in rows_by_split.items()})


# --- importers for the public labelled sets in ../shared/datasets -----------------------------------

def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from csv.DictReader(handle)


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    for _, row in read_jsonl(path):
        yield row


def _record(name: str, index: int, text: str, scam: int, scam_cat: str, benign_cat: str, platform: str,
            ) -> dict[str, Any]:
    return {"id": f"{name}-{index:06d}", "text": text, "scam": scam, "category": scam_cat if scam else benign_cat,
            "lang": "en", "difficulty": "unrated", "platform": platform, "source": f"public:{name}"}


def _import_scamspot(path: Path) -> Iterator[tuple[str, int]]:
    for row in _csv_rows(path / "comments-rating.csv" if path.is_dir() else path):
        yield row["msg"], int(row["scam"])


def _import_difraud(path: Path) -> Iterator[tuple[str, int]]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        for row in _jsonl_rows(file):
            yield row["text"], int(row["label"])


def _import_sms_spam(path: Path) -> Iterator[tuple[str, int]]:
    for row in _csv_rows(path / "sms_spam_collection.csv" if path.is_dir() else path):
        yield row["text"], int(row["label"] == "spam")


def _import_sms_phishing(path: Path) -> Iterator[tuple[str, int]]:
    for row in _csv_rows(path / "sms_phishing_5971_normalized.csv" if path.is_dir() else path):
        yield row["TEXT"], int(row["is_scam"])


def _import_youtube(path: Path) -> Iterator[tuple[str, int]]:
    for row in _csv_rows(path / "youtube_spam_all.csv" if path.is_dir() else path):
        yield row["CONTENT"], int(row["CLASS"])


def _import_janitr(path: Path) -> Iterator[tuple[str, int]]:
    for row in _csv_rows(path / "janitr_flat.csv" if path.is_dir() else path):
        if row.get("is_mock_id") != "1":
            yield row["text"], int(row["is_scam"])


# name -> (reader, category of a positive, category of a negative, platform, folder under shared/datasets)
IMPORTERS: dict[str, tuple[Any, str, str, str, str]] = {
    "scamspot": (_import_scamspot, "other_scam", "other_benign", "instagram", "scamspot_instagram_comments"),
    "difraud-jobs": (_import_difraud, "fake_job", "legit_job", "web", "difraud/job_scams"),
    "difraud-sms": (_import_difraud, "other_scam", "other_benign", "sms", "difraud/sms"),
    "sms-spam": (_import_sms_spam, "other_scam", "other_benign", "sms", "sms_spam_collection"),
    "sms-phishing": (_import_sms_phishing, "other_scam", "other_benign", "sms", "sms_phishing_mendeley_5971"),
    "youtube-spam": (_import_youtube, "other_scam", "other_benign", "youtube", "youtube_spam_collection"),
    "janitr": (_import_janitr, "other_scam", "other_benign", "x", "janitr_x_crypto_scam"),
}


# The genre of each public set: sets of one genre share one expert in the stacked model
# (`detector.ensemble.StackedDetector`), and overlapping sets of a genre are deduplicated together.
GENRES = {"difraud-jobs": "jobs", "difraud-sms": "sms", "sms-spam": "sms", "sms-phishing": "sms",
          "scamspot": "comments", "youtube-spam": "comments", "janitr": "x"}


def import_public(name: str, path: Path) -> list[dict[str, Any]]:
    """Records in Vigie's schema from one public set (`IMPORTERS`), empty texts and duplicates dropped.

    Raises
    ------
    SchemaError
        Unknown set name or a file that lacks the expected columns.
    """
    if name not in IMPORTERS:
        raise SchemaError(f"unknown public set {name!r}; known: {sorted(IMPORTERS)}")
    reader, scam_cat, benign_cat, platform, _ = IMPORTERS[name]
    path = Path(path)
    if not path.exists():
        raise SchemaError(f"{path} does not exist")
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        for text, scam in reader(path):
            text = (text or "").strip()
            if text and text not in seen:
                seen.add(text)
                records.append(_record(name, len(records) + 1, text, scam, scam_cat, benign_cat, platform))
    except KeyError as err:
        raise SchemaError(f"{path}: expected a column {err} for the {name!r} importer") from err
    return records


def default_public_path(name: str, shared_dir: Path | None = None) -> Path:
    """Where the public set lies: under `shared_dir`, default VIGIE_DATASETS_DIR (else `../shared/datasets`)."""
    return (shared_dir or settings().datasets_dir) / IMPORTERS[name][4]


def available_public_sets() -> list[str]:
    """The public sets present beside the repository, in `IMPORTERS` order."""
    return [name for name in IMPORTERS if default_public_path(name).exists()]


def load_public_sets(names: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Records of several public sets, each text once across all of them (the SMS sets overlap:
    a text goes to the first set, in `IMPORTERS` order, that holds it)."""
    wanted = set(names)
    if unknown := sorted(wanted - set(IMPORTERS)):
        raise SchemaError(f"unknown public set(s) {unknown}; known: {sorted(IMPORTERS)}")
    seen: set[str] = set()
    out: dict[str, list[dict[str, Any]]] = {}
    for name in (n for n in IMPORTERS if n in wanted):
        out[name] = []
        for record in import_public(name, default_public_path(name)):
            key = " ".join(record["text"].lower().split())
            if key not in seen:
                seen.add(key)
                out[name].append(record)
    return out


def corpus_stats(data_dir: Path = CORPUS_DIR) -> str:
    """A Markdown table of the corpus: language x category counts, shares, scam and hard rates."""
    records = load_corpus(data_dir)
    langs = sorted({r["lang"] for r in records}, key=lambda x: LANGUAGES.index(x))
    total = len(records)
    lines = ["| category | " + " | ".join(langs) + " | total |", "|---" * (len(langs) + 2) + "|"]
    for cat in CATEGORIES:
        counts = [sum(r["lang"] == lang and r["category"] == cat for r in records) for lang in langs]
        lines.append(f"| {cat} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    per_lang = [sum(r["lang"] == lang for r in records) for lang in langs]
    lines.append("| **total** | " + " | ".join(f"{n} ({100 * n / total:.1f} %)" for n in per_lang) + f" | {total} |")
    scam = sum(r["scam"] for r in records)
    hard = sum(r["difficulty"] == "hard" for r in records)
    lines += ["", f"{total} posts; scam {scam} ({100 * scam / total:.1f} %); hard {hard} ({100 * hard / total:.1f} %)."]
    return "\n".join(lines)
