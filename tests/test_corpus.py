"""The seed corpus meets the counts the project promises, and its splits do not leak."""

from collections import Counter

import pytest

from detector.normalize import extract_identifiers
from training.data import (
    SAMPLE_POSTS,
    assign_splits,
    leak_groups,
    load_splits,
    shingle_jaccard_pairs,
)


def test_corpus_size_and_scam_share(corpus):
    assert len(corpus) >= 3000
    scam = sum(r["scam"] for r in corpus) / len(corpus)
    assert 0.40 <= scam <= 0.50


def test_corpus_language_shares(corpus):
    share = {k: v / len(corpus) for k, v in Counter(r["lang"] for r in corpus).items()}
    assert share["fr"] >= 0.35 and share["en"] >= 0.25
    for lang in ("pcm", "es", "pt", "ar"):
        assert share[lang] >= 0.05, lang
    assert share["mixed"] >= 0.03


def test_corpus_categories_and_difficulty(corpus):
    counts = Counter(r["category"] for r in corpus)
    for cat, n in counts.items():
        if cat != "other_scam":
            assert n >= 100, cat
    assert len(counts) == 8
    assert sum(r["difficulty"] == "hard" for r in corpus) >= len(corpus) / 3
    assert all(r["difficulty"] in ("easy", "hard") for r in corpus)


def test_corpus_has_no_near_duplicates(corpus):
    """Each post is written individually: no two share > 0.8 Jaccard of word 3-shingles."""
    pairs = shingle_jaccard_pairs([r["text"] for r in corpus], 0.8)
    assert pairs == [], [(corpus[i]["id"], corpus[j]["id"], round(s, 2)) for i, j, s in pairs[:10]]


def test_corpus_celebrity_names_appear_on_both_sides(corpus):
    for name in ("eto", "drogba", "burna", "salah", "fally"):
        sides = {r["scam"] for r in corpus if name in r["text"].lower()}
        assert sides == {0, 1}, name


def test_splits_are_leak_free(corpus):
    splits = assign_splits(corpus)
    groups = leak_groups(corpus)
    split_of_group: dict[int, set[str]] = {}
    for group, split in zip(groups, splits, strict=True):
        split_of_group.setdefault(group, set()).add(split)
    assert all(len(s) == 1 for s in split_of_group.values())
    for i, j, _ in shingle_jaccard_pairs([r["text"] for r in corpus], 0.5):
        assert splits[i] == splits[j]
    campaigns: dict[str, set[str]] = {}
    for record, split in zip(corpus, splits, strict=True):
        if record.get("campaign"):
            campaigns.setdefault(record["campaign"], set()).add(split)
    assert campaigns and all(len(s) == 1 for s in campaigns.values())


def test_splits_share_no_phone_number_between_train_and_test(corpus):
    splits = assign_splits(corpus)
    phones = {"train": set(), "test": set()}
    for record, split in zip(corpus, splits, strict=True):
        if split in phones:
            # Valid numbers (E.164), what the split groups by: a year range such as "2025-2026" is no phone.
            phones[split] |= set(extract_identifiers(record["text"]).numbers)
    shared = phones["train"] & phones["test"]
    # Numbers on more than 25 posts (official hotlines) are allowed to cross; none should here.
    assert not shared, sorted(shared)[:5]


def test_splits_sizes_and_every_category_in_test(corpus):
    ds = load_splits()
    sizes = {k: len(v) for k, v in ds.items()}
    assert sum(sizes.values()) == len(corpus)
    assert 0.10 <= sizes["test"] / len(corpus) <= 0.20
    assert set(ds["test"]["category"]) == set(r["category"] for r in corpus)
    assert set(ds["test"]["lang"]) == set(r["lang"] for r in corpus)


def test_splits_are_stable_when_posts_are_added(corpus):
    before = dict(zip((r["id"] for r in corpus), assign_splits(corpus), strict=True))
    extra = {**corpus[0], "id": "zz-new-0001", "text": "Un tout nouveau message sans rapport avec les autres."}
    after = dict(zip((r["id"] for r in corpus + [extra]), assign_splits(corpus + [extra]), strict=True))
    moved = [k for k in before if before[k] != after[k]]
    assert moved == []


@pytest.mark.skipif(not SAMPLE_POSTS.exists(), reason="sample not built")
def test_sample_posts_are_unlabelled_with_metadata():
    import json

    rows = [json.loads(line) for line in SAMPLE_POSTS.open(encoding="utf-8")]
    assert 450 <= len(rows) <= 600
    for row in rows:
        assert {"id", "text", "platform", "date", "author_handle"} <= set(row)
        assert "scam" not in row and "category" not in row
