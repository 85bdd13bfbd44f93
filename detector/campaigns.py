"""Campaigns: recruiters repost one template with small changes across many accounts, and reuse
their phone numbers, WhatsApp/Telegram links, URLs and handles.

The posts are the nodes of an *evidence graph*; a campaign is a community of it:

1. **Templates.** Near-duplicate texts are found with MinHash over character 5-shingles of the
   normalized text and banded LSH (`datasketch`), confirmed at an estimated Jaccard similarity of
   at least `threshold`; the edge weighs that similarity. A text of fewer than `MIN_SHINGLES`
   shingles ("Happy Sunday family") links nothing: strangers write such lines alike.
2. **Identifiers.** A key (`detector.normalize.extract_identifiers`: one key per phone number,
   link, handle or e-mail however written, the author's handle too) links the posts that carry it,
   weighted by how specific it is. The posts' *template groups* (posts joined by template edges)
   tell: a key carried by posts of ``t`` template groups gives each pair of them ``1/(t-1)``, so
   that every key brings each post the same total evidence whatever its spread; a key spread over
   more than `hub_templates` groups is a hub (an aggregator page's handle, a platform's address, an
   account that reposts many different offers) and links nothing.
3. **Communities.** Leiden (`leidenalg`, modularity, weighted, fixed seed) splits what the edges
   join: a campaign is dense inside, and the last weak edge between two of them no longer glues
   them as single-link union-find did.
4. **Mentions.** A post framed as a warning, a debunk or a report (the `warning_context` and
   `reporting_frame` counter-cues of `detector.signals`) that shares a specific key with a campaign
   or contains a good part of its template *mentions* it: it is no member (``campaign`` None,
   ``mentions`` the campaign ids), so that labelling a campaign never labels its warnings. A framed
   post that mentions no campaign is grouped as any other (a reposted awareness message).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from detector.normalize import canonical_handle, extract_identifiers, normalize

if TYPE_CHECKING:  # datasketch, igraph and leidenalg load when campaigns are grouped, not on import
    from datasketch import LeanMinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
# Below 40 shingles (about 44 characters), two strangers' lines ("Joyeux anniversaire maman ❤️")
# are alike by chance: such a text is no evidence of a shared template.
MIN_SHINGLES = 40
# A key spread over more unrelated offers than this (`spread`) is a hub, not a campaign's own
# identifier: a campaign's key is spread over 1 to 3 (as many as the numbers it rotates), an
# aggregator page's handle over as many campaigns as it reposts (8 to 12 in data/streams).
HUB_TEMPLATES = 6
# A key shared by more posts than this links each post to `_SPARSE_LINKS` others (a ring over the
# posts in a fixed order) instead of to all: the same community, without m² edges.
_CLIQUE_MAX = 40
_SPARSE_LINKS = 8
# A mention: at least this share of the framed post's or the member's shingles in common.
MENTION_CONTAINMENT = 0.5
MENTION_FRAMES = ("warning_context", "reporting_frame")
SEED = 20261207
# Leiden's quality is the constant Potts model: a community is worth keeping when its pairs carry
# more than RESOLUTION of evidence on average, and two groups stay apart when the evidence between
# them is under RESOLUTION × |A| × |B|: one shared specific number (weight 1) still joins two groups
# of four, one stray edge no longer joins two groups of twenty as single-link union-find did.
# Modularity, tried too, splits a small campaign whose posts come from two accounts (README).
RESOLUTION = 0.05


_MULTIPLIER = np.uint64(0x9E3779B1)  # an odd 32-bit multiplier: each code point spreads over the word
_MASK = np.uint64(0xFFFFFFFF)


def shingles(text: str, k: int = SHINGLE, *, normalized: bool = False) -> set[int]:
    """32-bit hashes of the character k-shingles of the normalized, lower-cased, space-collapsed text.

    Characters, not words: a reposted template with a new number, amount or emoji keeps most of its
    5-grams, while two different posts share few. The hash is a polynomial over the code points
    (modulo 2^32, computed for all shingles at once with numpy): the same on every run and machine.

    >>> len(shingles("abcdef")), shingles("") == set(), shingles("Abcdef") == shingles("abcdef ")
    (2, True, True)
    """
    flat = " ".join((text if normalized else normalize(text)).lower().split())
    if not flat:
        return set()
    points = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = min(k, len(points))
    count = len(points) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for offset in range(width):
        hashes = ((hashes * _MULTIPLIER) + points[offset:offset + count]) & _MASK
    return set(np.unique(hashes).tolist())


def _identity(value: int) -> int:
    return value


def signatures(shingle_sets: Sequence[set[int]], *, num_perm: int = NUM_PERM) -> list[LeanMinHash]:
    """datasketch `LeanMinHash` signatures of shingle-hash sets (the 32-bit hashes used as they are)."""
    from datasketch import LeanMinHash, MinHash

    return [LeanMinHash(m) for m in MinHash.bulk([list(s) for s in shingle_sets], num_perm=num_perm,
                                                 hashfunc=_identity)]


def handle_key(handle: str) -> str:
    """The identifier key of an author handle, as `Identifiers.keys` writes handles found in text.

    >>> handle_key("@Samuel_Etoo_Fondation")
    'handle:samuel_etoo_fondation'
    """
    return f"handle:{canonical_handle(str(handle))}"


def is_mention_frame(text: str, *, normalized: bool = False) -> bool:
    """Is the post framed as a warning, a debunk or a report (`MENTION_FRAMES` counter-cues)?

    Only the two frame patterns of `detector.signals` run (a full `scan` runs every signal: a
    third of the grouping's time on a large stream).

    >>> is_mention_frame("J'ai reçu ce message : « visa offert, écrivez au 699004127 ». Arnaque !")
    True
    >>> is_mention_frame("Visa offert, écrivez au 699004127")
    False
    """
    from detector.signals import _COMPILED, matchable

    lowered = matchable(text if normalized else normalize(text))
    return any(_COMPILED[name].search(lowered) for name in MENTION_FRAMES)


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
    ``template:<id>`` when its text is a near-duplicate of another member's); `mentions`, the
    campaigns a warning or report names (it is then no member)."""

    id: str
    campaign: str | None
    links: list[str]
    mentions: list[str] = field(default_factory=list)


@dataclass
class EvidenceGraph:
    """The posts' evidence: template edges, identifier keys and their weights.

    `template_pairs` maps (i, j), i < j, to the estimated Jaccard similarity; `keys_of` holds each
    post's keys; `key_weight` the per-pair weight of each key (0 for a hub or a key on one post).
    """

    n: int
    keys_of: list[set[str]]
    by_key: dict[str, list[int]]
    template_pairs: dict[tuple[int, int], float]
    template_group: list[int]
    key_weight: dict[str, float]
    sizes: np.ndarray
    framed: list[bool]
    normalized: list[str]


def template_pairs(sigs: Sequence[LeanMinHash], sizes: np.ndarray, *, threshold: float,
                   nodes: Iterable[int] | None = None) -> dict[tuple[int, int], float]:
    """Pairs of near-duplicate posts among `nodes` (default all): LSH candidates whose estimated
    Jaccard similarity is at least `threshold`."""
    from datasketch import MinHashLSH

    members = [i for i in (range(len(sigs)) if nodes is None else nodes) if sizes[i] >= MIN_SHINGLES]
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i in members:
            session.insert(i, sigs[i], check_duplication=False)
    pairs: dict[tuple[int, int], float] = {}
    for i in members:
        for j in lsh.query(sigs[i]):
            if j > i and (i, j) not in pairs:
                similarity = sigs[i].jaccard(sigs[j])
                if similarity >= threshold:
                    pairs[(i, j)] = similarity
    return pairs


def build_graph(texts: Sequence[str], *, threshold: float = 0.5, hub_templates: int = HUB_TEMPLATES,
                extra_keys: Sequence[Iterable[str]] | None = None,
                author_handles: Sequence[str | None] | None = None,
                framed: Sequence[bool] | None = None) -> tuple[EvidenceGraph, list[LeanMinHash]]:
    """The evidence graph of `find_campaigns` (see the module) and the posts' MinHash signatures."""
    n = len(texts)
    clean = [normalize(t) for t in texts]
    # Signed a thousand posts at a time: the shingle sets (hundreds of integers a post) are dropped
    # as soon as signed, so memory holds signatures, not sets.
    sizes = np.zeros(n, dtype=np.int64)
    sigs: list[LeanMinHash] = []
    for start in range(0, n, 1000):
        shingle_sets = [shingles(t, normalized=True) for t in clean[start:start + 1000]]
        sizes[start:start + len(shingle_sets)] = [len(s) for s in shingle_sets]
        sigs += signatures(shingle_sets)
    keys_of: list[set[str]] = []
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        keys = extract_identifiers(text).keys() | set(extra_keys[i] if extra_keys else ())
        if author_handles and author_handles[i]:
            keys.add(handle_key(str(author_handles[i])))
        keys_of.append(keys)
        for key in keys:
            by_key[key].append(i)
    pairs = template_pairs(sigs, sizes, threshold=threshold)
    groups = UnionFind(n)
    for i, j in pairs:
        groups.union(i, j)
    group = [groups.find(i) for i in range(n)]
    authors = {handle_key(str(h)) for h in author_handles or () if h}
    weight = {key: key_weight(key, posts, keys_of, group, authors, hub_templates=hub_templates)
              for key, posts in by_key.items()}
    flags = list(framed) if framed is not None else [False] * n
    return EvidenceGraph(n, keys_of, dict(by_key), pairs, group, weight, sizes, flags, clean), sigs


def spread(key: str, posts: Sequence[int], keys_of: Sequence[set[str]], group: Sequence[int],
           authors: set[str]) -> int:
    """Over how many unrelated offers a key is spread: the posts that carry it, joined when they
    share a template group or another identifier (not an author's handle), counted as groups that
    hold some other identifier. A campaign's number gives one group (two or three when the campaign
    rotates numbers); an aggregator's handle gives one per campaign it reposts, each anchored by that
    campaign's own number. A post with no other identifier anchors nothing: a campaign that rewrites
    its text around one number is not spread by that.
    """
    owner: dict[object, int] = {}
    sets = UnionFind(len(posts))
    anchored = [False] * len(posts)
    for k, i in enumerate(posts):
        anchors: list[object] = [("group", group[i])]
        for other in keys_of[i]:
            if other != key and other not in authors:
                anchors.append(other)
                anchored[k] = True
        for anchor in anchors:
            if anchor in owner:
                sets.union(owner[anchor], k)
            else:
                owner[anchor] = k
    return len({sets.find(k) for k in range(len(posts)) if anchored[k]})


def key_weight(key: str, posts: Sequence[int], keys_of: Sequence[set[str]], group: Sequence[int],
               authors: set[str], *, hub_templates: int = HUB_TEMPLATES) -> float:
    """The weight of an edge between two posts that share `key`: 0 for a key on one post or a hub
    (spread over more than `hub_templates` unrelated offers, see `spread`), else 1/spread."""
    if len(posts) < 2:
        return 0.0
    width = spread(key, posts, keys_of, group, authors)
    return 0.0 if width > hub_templates else 1.0 / max(1, width)


def _key_edges(posts: Sequence[int]) -> Iterable[tuple[int, int]]:
    if len(posts) <= _CLIQUE_MAX:
        return combinations(posts, 2)
    return ((posts[a], posts[(a + step) % len(posts)]) for a in range(len(posts))
            for step in range(1, _SPARSE_LINKS // 2 + 1))


def edge_weights(graph: EvidenceGraph, nodes: Sequence[int]) -> dict[tuple[int, int], float]:
    """The weighted edges among `nodes` (numbered by their place in `nodes`): the template similarity
    plus the weight of every key the two posts share."""
    index = {node: k for k, node in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for (i, j), similarity in graph.template_pairs.items():
        if i in index and j in index:
            weights[(index[i], index[j])] += similarity
    for key, posts in graph.by_key.items():
        w = graph.key_weight[key]
        inside = [index[i] for i in posts if i in index]
        if w > 0 and len(inside) > 1:
            for a, b in _key_edges(inside):
                weights[(min(a, b), max(a, b))] += w
    return weights


def communities(graph: EvidenceGraph, nodes: Sequence[int], *, seed: int = SEED,
                resolution: float | None = RESOLUTION) -> list[int]:
    """Leiden communities of the weighted graph restricted to `nodes`: one community number per node
    of `nodes`, in their order. Constant Potts model at `resolution`, or modularity when None."""
    import igraph
    import leidenalg

    weights = edge_weights(graph, nodes)
    g = igraph.Graph(n=len(nodes), edges=list(weights), directed=False)
    g.es["weight"] = list(weights.values())
    if resolution is None:
        partition = leidenalg.find_partition(g, leidenalg.ModularityVertexPartition, weights="weight",
                                             n_iterations=-1, seed=seed)
    else:
        partition = leidenalg.find_partition(g, leidenalg.CPMVertexPartition, weights="weight",
                                             resolution_parameter=resolution, n_iterations=-1, seed=seed)
    return list(partition.membership)


def campaign_id(first_member: str) -> str:
    """A campaign's id: a hash of the id of its member that comes first in the input, so that it
    stays whatever the other members (`review.campaigns` reads posts oldest first).

    >>> campaign_id("p17")
    'c-105f9853bc'
    """
    return "c-" + hashlib.sha256(first_member.encode("utf-8")).hexdigest()[:10]


# The quoted part of a warning: between « », “ ” or straight double quotes, 40 characters or more.
_QUOTE = re.compile(r'[«“"]\s*([^«»“”"]{40,})\s*[»”"]')


def quoted(text: str) -> str | None:
    """The longest quotation of a post (what a warning or report quotes), or None.

    >>> quoted('Reçu ce matin : « Travail à Doha, logé nourri, visa offert, écrivez vite » Arnaque !')
    'Travail à Doha, logé nourri, visa offert, écrivez vite '
    """
    found = _QUOTE.findall(text)
    return max(found, key=len) if found else None


def _mentioned(graph: EvidenceGraph, sigs: Sequence[LeanMinHash], post: int, campaign_of: dict[int, str],
               lsh: MinHashLSH, quote: tuple[LeanMinHash, int] | None) -> list[str]:
    """The campaigns a framed post names: each campaign that shares a specific key with it, or else
    the one whose member's text it, or the part it quotes, contains most (at least
    `MENTION_CONTAINMENT` of the smaller text): a quoted lure is one campaign's, while two
    campaigns' templates may be alike."""
    found = {campaign_of[j] for key in graph.keys_of[post] if graph.key_weight.get(key, 0) > 0
             for j in graph.by_key[key] if j in campaign_of}
    if found:
        return sorted(found)
    best, best_containment = None, MENTION_CONTAINMENT
    probes = [(sigs[post], int(graph.sizes[post]))] + ([quote] if quote else [])
    for signature, size in probes:
        if size < MIN_SHINGLES:
            continue
        for j in lsh.query(signature):
            if j in campaign_of:
                jac = signature.jaccard(sigs[j])
                # |A ∩ B| from the Jaccard similarity and the two sizes: J (|A| + |B|) / (1 + J).
                inter = jac * (size + graph.sizes[j]) / (1 + jac)
                containment = inter / min(size, graph.sizes[j])
                if containment >= best_containment:
                    best, best_containment = campaign_of[j], containment
    return [best] if best else []


def find_campaigns(ids: Sequence[str], texts: Sequence[str], *, threshold: float = 0.5,
                   extra_keys: Sequence[Iterable[str]] | None = None,
                   author_handles: Sequence[str | None] | None = None,
                   framed: Sequence[bool] | None = None,
                   hub_templates: int = HUB_TEMPLATES,
                   resolution: float | None = RESOLUTION) -> list[CampaignLink]:
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
        Each post's author handle (None when unknown): an account's posts are linked, as any key.
    framed : sequence of bool, optional
        Which posts warn about, debunk or report a lure (default: `is_mention_frame` of each post
        that has any evidence in common with another).
    hub_templates : int
        A key spread over more unrelated offers than this links nothing (`HUB_TEMPLATES`, `spread`).
    resolution : float or None
        The constant Potts model's resolution (`RESOLUTION`); None: modularity.

    Example
    -------
    >>> links = find_campaigns(["a", "b", "c"], ["Visa offert, appelez le 690 00 00 01",
    ...                                          "Bourse Canada, WhatsApp 690 00 00 01", "Bonjour à tous"])
    >>> [(x.campaign is not None, x.links) for x in links]
    [(True, ['phone:+237690000001']), (True, ['phone:+237690000001']), (False, [])]
    """
    return group_posts(ids, texts, threshold=threshold, extra_keys=extra_keys, author_handles=author_handles,
                       framed=framed, hub_templates=hub_templates, resolution=resolution)[0]


def group_posts(ids: Sequence[str], texts: Sequence[str], *, threshold: float = 0.5,
                extra_keys: Sequence[Iterable[str]] | None = None,
                author_handles: Sequence[str | None] | None = None,
                framed: Sequence[bool] | None = None, hub_templates: int = HUB_TEMPLATES,
                resolution: float | None = RESOLUTION,
                ) -> tuple[list[CampaignLink], EvidenceGraph, list[LeanMinHash]]:
    """`find_campaigns`, with the evidence graph and the posts' signatures it was built from (the
    store keeps the signatures, so that later posts are compared without hashing every text again)."""
    from datasketch import MinHashLSH

    graph, sigs = build_graph(texts, threshold=threshold, hub_templates=hub_templates, extra_keys=extra_keys,
                              author_handles=author_handles, framed=framed)
    n = graph.n
    linked = [False] * n
    for i, j in graph.template_pairs:
        linked[i] = linked[j] = True
    for key, posts in graph.by_key.items():
        if graph.key_weight[key] > 0:
            for i in posts:
                linked[i] = True
    if framed is None:
        graph.framed = [is_mention_frame(graph.normalized[i], normalized=True) for i in range(n)]

    members = [i for i in range(n) if linked[i] and not graph.framed[i]]
    campaign_of = _assign(graph, ids, members, resolution=resolution)
    mentions: dict[int, list[str]] = {}
    framed_posts = [i for i in range(n) if graph.framed[i]]
    if framed_posts:
        quotes: dict[int, tuple[LeanMinHash, int]] = {}
        for i in framed_posts:
            text = quoted(graph.normalized[i])
            if text:
                shingle_set = shingles(text, normalized=True)
                quotes[i] = (signatures([shingle_set])[0], len(shingle_set))
        lsh = MinHashLSH(threshold=0.2, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for j in campaign_of:
                if graph.sizes[j] >= MIN_SHINGLES:
                    session.insert(j, sigs[j], check_duplication=False)
        for i in framed_posts:
            named = _mentioned(graph, sigs, i, campaign_of, lsh, quotes.get(i))
            if named:
                mentions[i] = named
        # Framed posts that name no campaign (a reposted awareness message) are grouped as any post.
        rest = [i for i in framed_posts if i not in mentions and linked[i]]
        if rest:
            campaign_of.update(_assign(graph, ids, rest, resolution=resolution))

    neighbours: dict[int, list[int]] = defaultdict(list)
    for a, b in graph.template_pairs:
        neighbours[a].append(b)
        neighbours[b].append(a)
    out = []
    for i in range(n):
        campaign = campaign_of.get(i)
        if campaign is None:
            out.append(CampaignLink(ids[i], None, [], mentions.get(i, [])))
            continue
        shared = sorted(k for k in graph.keys_of[i] if graph.key_weight[k] > 0
                        and any(j != i and campaign_of.get(j) == campaign for j in graph.by_key[k]))
        if any(campaign_of.get(j) == campaign for j in neighbours[i]):
            shared.append(f"template:{campaign}")
        out.append(CampaignLink(ids[i], campaign, shared))
    return out, graph, sigs


def _assign(graph: EvidenceGraph, ids: Sequence[str], nodes: Sequence[int], *,
            resolution: float | None = RESOLUTION) -> dict[int, str]:
    """Campaign ids of `nodes` that fall in a community of two or more."""
    if not nodes:
        return {}
    membership = communities(graph, nodes, resolution=resolution)
    by_community: dict[int, list[int]] = defaultdict(list)
    for node, community in zip(nodes, membership, strict=True):
        by_community[community].append(node)
    out: dict[int, str] = {}
    for posts in by_community.values():
        if len(posts) > 1:
            cid = campaign_id(ids[min(posts)])
            out.update((i, cid) for i in posts)
    return out
