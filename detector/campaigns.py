"""Campaigns: recruiters repost one template with small changes across many accounts, and reuse
their phone numbers, WhatsApp/Telegram links, URLs and handles.

Posts are linked when their texts are near-duplicates (MinHash over character 5-shingles of the
normalized text, banded LSH for candidates, an estimated Jaccard similarity of at least
`threshold` to confirm) or when they share an identifier; a campaign is a connected group of
linked posts (union-find), so that a template reposted with a new phone number still joins the
posts that carried the old one.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from detector.normalize import canonical_handle, extract_identifiers, normalize

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.5 become candidates with probability ~0.65, at 0.7 ~0.98
_PRIME = (1 << 61) - 1
_RNG = np.random.default_rng(20261123)
_A = _RNG.integers(1, _PRIME, NUM_PERM, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, NUM_PERM, dtype=np.uint64)


def shingles(text: str, k: int = 5) -> set[int]:
    """Hashes of the character k-shingles of the normalized, lower-cased, space-collapsed text.

    Characters, not words: a reposted template with a new number, amount or emoji keeps most of its
    5-grams (0.71 to 0.84 Jaccard between the test templates), while two different corpus posts
    share few (at most 0.16 over 20,000 random pairs of the corpus).
    """
    flat = " ".join(normalize(text).lower().split())
    return {zlib.crc32(flat[i:i + k].encode("utf-8")) for i in range(max(1, len(flat) - k + 1))} if flat else set()


def minhash(hashes: set[int]) -> np.ndarray:
    """The MinHash signature (NUM_PERM values) of a set of shingle hashes."""
    if not hashes:
        return np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    # (a*x + b) mod p in uint64: x < 2^32 and a < 2^61 overflow, which only permutes differently,
    # and the same permutation is applied to every post.
    return np.asarray(((values[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0))


def handle_key(handle: str) -> str:
    """The identifier key of an author handle, as `Identifiers.keys` writes handles found in text.

    >>> handle_key("@Samuel_Etoo_Fondation")
    'handle:samuel_etoo_fondation'
    """
    return f"handle:{canonical_handle(str(handle))}"


class UnionFind:
    """Disjoint sets over 0..n-1; a set's root is its smallest member."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


@dataclass(frozen=True)
class CampaignLink:
    """One post's place in the campaigns: its campaign id (None when it stands alone) and what it
    shares with the rest of the campaign (identifier keys such as ``phone:+237690000000``, and
    ``template:<id>`` when its text is a near-duplicate of another member's)."""

    id: str
    campaign: str | None
    links: list[str]


def find_campaigns(ids: Sequence[str], texts: Sequence[str], *, threshold: float = 0.5,
                   extra_keys: Sequence[Iterable[str]] | None = None,
                   author_handles: Sequence[str | None] | None = None) -> list[CampaignLink]:
    """Group posts into campaigns; one `CampaignLink` per post, in input order.

    Parameters
    ----------
    ids, texts : sequences of str
        The posts.
    threshold : float
        Estimated Jaccard similarity of character 5-shingles above which two texts are one template.
    extra_keys : sequence of iterables of str, optional
        More identifiers per post (e.g. ``handle:author``).
    author_handles : sequence of str or None, optional
        Each post's author handle (None when unknown): posts by one account are linked.

    Example
    -------
    >>> links = find_campaigns(["a", "b", "c"], ["Visa offert, appelez le 690 00 00 01",
    ...                                          "Bourse Canada, WhatsApp 690 00 00 01", "Bonjour à tous"])
    >>> [(x.campaign is not None, x.links) for x in links]
    [(True, ['phone:+237690000001']), (True, ['phone:+237690000001']), (False, [])]
    """
    n = len(texts)
    groups = UnionFind(n)
    keys_of: list[set[str]] = []
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        keys = extract_identifiers(text).keys() | set(extra_keys[i] if extra_keys else ())
        if author_handles and author_handles[i]:
            keys.add(handle_key(str(author_handles[i])))
        keys_of.append(keys)
        for key in keys:
            by_key[key].append(i)
    for members in by_key.values():
        for j in members[1:]:
            groups.union(members[0], j)

    signatures = np.vstack([minhash(shingles(t)) for t in texts]) if n else np.zeros((0, NUM_PERM), np.uint64)
    rows = NUM_PERM // BANDS
    near: set[int] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i in range(n):
            buckets[signatures[i, band * rows:(band + 1) * rows].tobytes()].append(i)
        for members in buckets.values():
            for j in members[1:]:
                if float(np.mean(signatures[members[0]] == signatures[j])) >= threshold:
                    groups.union(members[0], j)
                    near.update((members[0], j))

    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members_of[groups.find(i)].append(i)
    out = []
    for i in range(n):
        members = members_of[groups.find(i)]
        if len(members) < 2:
            out.append(CampaignLink(ids[i], None, []))
            continue
        # The id: a hash of the first member's id, stable whatever the order of the other members.
        campaign = "c-" + hashlib.sha256(ids[members[0]].encode("utf-8")).hexdigest()[:10]
        shared = sorted(k for k in keys_of[i] if len(by_key[k]) > 1 and groups.find(by_key[k][0]) == groups.find(i))
        if i in near:
            shared.append(f"template:{campaign}")
        out.append(CampaignLink(ids[i], campaign, shared))
    return out
