"""B-cubed precision, recall and F1 of campaign grouping on labelled streams, with its peers.

    .venv/bin/python benchmarks/campaign_quality.py                 # the committed stream + held-out seeds 2-4
    .venv/bin/python benchmarks/campaign_quality.py --seeds         # the committed stream only

Streams: `data/streams/campaigns_stream.jsonl` (seed 1) and streams of the same generator with
other seeds, drawn here and never used to set a parameter. Methods:

- `graph (Leiden CPM)`: `detector.campaigns.find_campaigns` as shipped;
- `graph, modularity`: the same graph, Leiden on modularity;
- `graph, no hub rule`: every shared key is evidence (`hub_templates` unbounded);
- `graph, networkx Louvain`: the same weighted graph, `networkx.community.louvain_communities`;
- `union-find (before)`: the grouping Vigie shipped before (hand-written MinHash, 16 bands of 4,
  single-link union-find over templates and every shared key), kept here as a reference;
- `first phone`: posts grouped by the first valid phone number they carry;
- `all singletons`: every post alone.

A warning that names a campaign is a singleton in the truth; `mentions` counts the warnings whose
mention names their true campaign. Also: the time to sign the stream with datasketch's MinHash and
with the hand-written numpy MinHash it replaced.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector import campaigns as dc  # noqa: E402
from detector.normalize import extract_identifiers, link_key, normalize  # noqa: E402
from training.evaluate import bcubed  # noqa: E402

Post = dict[str, object]


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_campaigns_stream",
                                                  ROOT / "data/streams/make_campaigns_stream.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the grouping shipped before (reference only) ------------------------------------------------
_PRIME = (1 << 61) - 1
_RNG = np.random.default_rng(20261123)
_A = _RNG.integers(1, _PRIME, 64, dtype=np.uint64)
_B = _RNG.integers(0, _PRIME, 64, dtype=np.uint64)


def old_shingles(text: str, k: int = 5) -> set[int]:
    flat = " ".join(normalize(text).lower().split())
    return {zlib.crc32(flat[i:i + k].encode("utf-8")) for i in range(max(1, len(flat) - k + 1))} if flat else set()


def old_minhash(hashes: set[int]) -> np.ndarray:
    if not hashes:
        return np.full(64, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    return np.asarray(((values[:, None] * _A[None, :] + _B[None, :]) % _PRIME).min(axis=0))


def old_union_find(posts: Sequence[Post]) -> list[str]:
    n = len(posts)
    groups = dc.UnionFind(n)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(posts):
        keys = extract_identifiers(str(p["text"])).keys()
        if p.get("author_handle"):
            keys.add(dc.handle_key(str(p["author_handle"])))
        for key in keys:
            by_key[key].append(i)
    for members in by_key.values():
        for j in members[1:]:
            groups.union(members[0], j)
    sigs = np.vstack([old_minhash(old_shingles(str(p["text"]))) for p in posts])
    for band in range(16):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i in range(n):
            buckets[sigs[i, band * 4:(band + 1) * 4].tobytes()].append(i)
        for members in buckets.values():
            for j in members[1:]:
                if float(np.mean(sigs[members[0]] == sigs[j])) >= 0.5:
                    groups.union(members[0], j)
    return [str(groups.find(i)) for i in range(n)]


# -- peers ----------------------------------------------------------------------------------------
def first_phone(posts: Sequence[Post]) -> list[str]:
    """The first valid number written in the text, else the number of its first WhatsApp link."""
    out = []
    for p in posts:
        found = extract_identifiers(str(p["text"]))
        keys = [f"phone:{n}" for n in found.numbers] + [k for k in map(link_key, found.whatsapp)
                                                         if k and k.startswith("phone:")]
        out.append(keys[0] if keys else str(p["id"]))
    return out


def singletons(posts: Sequence[Post]) -> list[str]:
    return [str(p["id"]) for p in posts]


def graph_method(**options: object) -> Callable[[Sequence[Post]], list[str]]:
    def run(posts: Sequence[Post]) -> list[str]:
        links = dc.find_campaigns([str(p["id"]) for p in posts], [str(p["text"]) for p in posts],
                                  author_handles=[p.get("author_handle") for p in posts],  # type: ignore[misc]
                                  **options)  # type: ignore[arg-type]
        run.mentions = links  # type: ignore[attr-defined]
        return [x.campaign or x.id for x in links]
    return run


def networkx_louvain(posts: Sequence[Post]) -> list[str]:
    import networkx as nx

    graph, _ = dc.build_graph([str(p["text"]) for p in posts],
                              author_handles=[p.get("author_handle") for p in posts])  # type: ignore[misc]
    nodes = [i for i in range(len(posts)) if not dc.is_mention_frame(str(posts[i]["text"]))]
    g = nx.Graph()
    g.add_nodes_from(range(len(nodes)))
    g.add_weighted_edges_from((a, b, w) for (a, b), w in dc.edge_weights(graph, nodes).items())
    out = [str(p["id"]) for p in posts]
    for k, community in enumerate(nx.community.louvain_communities(g, weight="weight", seed=dc.SEED)):
        if len(community) > 1:
            for node in community:
                out[nodes[node]] = f"louvain-{k}"
    return out


METHODS: dict[str, Callable[[Sequence[Post]], list[str]]] = {
    "graph (Leiden CPM), shipped": graph_method(),
    "graph, Leiden modularity": graph_method(resolution=None),
    "graph, no hub rule": graph_method(hub_templates=10**9),
    "graph, networkx Louvain": networkx_louvain,
    "union-find (before)": old_union_find,
    "first phone": first_phone,
    "all singletons": singletons,
}


def mention_score(posts: Sequence[Post], links: Sequence[dc.CampaignLink]) -> tuple[int, int, int]:
    """(warnings, warnings whose mentions name exactly their true campaign, warnings made members)."""
    campaign_truth: dict[str, set[str]] = defaultdict(set)
    for p, link in zip(posts, links, strict=True):
        if link.campaign:
            campaign_truth[link.campaign].add(str(p["true_campaign"]))
    total = right = members = 0
    for p, link in zip(posts, links, strict=True):
        if p["kind"] != "warning":
            continue
        total += 1
        members += link.campaign is not None
        named = {t for c in link.mentions for t in campaign_truth[c]}
        right += named == {p["true_mention"]}
    return total, right, members


def signing_times(texts: Sequence[str]) -> tuple[float, float]:
    sets = [dc.shingles(t) for t in texts]
    started = time.perf_counter()
    dc.signatures(sets)
    datasketch_s = time.perf_counter() - started
    started = time.perf_counter()
    for s in sets:
        old_minhash(s)
    return datasketch_s, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[2, 3, 4], help="held-out seeds of the generator")
    args = parser.parse_args(argv)
    streams: dict[str, list[Post]] = {
        "stream seed 1 (committed)": [json.loads(line) for line in
                                      (ROOT / "data/streams/campaigns_stream.jsonl").read_text().splitlines()]}
    if args.seeds:
        generator = load_generator()
        for seed in args.seeds:
            streams[f"held-out seed {seed}"] = generator.build(seed)
    for name, posts in streams.items():
        truth = [str(p["true_campaign"]) for p in posts]
        kinds = defaultdict(int)
        for p in posts:
            kinds[str(p["kind"])] += 1
        print(f"\n{name}: {len(posts)} posts, {len(set(truth))} true groups; "
              + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
        print(f"{'method':32} {'precision':>9} {'recall':>7} {'F1':>6} {'seconds':>8}")
        for method, run in METHODS.items():
            started = time.perf_counter()
            predicted = run(posts)
            seconds = time.perf_counter() - started
            precision, recall, f1 = bcubed(truth, predicted)
            print(f"{method:32} {precision:9.3f} {recall:7.3f} {f1:6.3f} {seconds:8.2f}")
        shipped = METHODS["graph (Leiden CPM), shipped"]
        total, right, members = mention_score(posts, shipped.mentions)  # type: ignore[attr-defined]
        print(f"warnings: {total}; mention names their campaign: {right}; grouped as members: {members}")
    texts = [str(p["text"]) for posts in streams.values() for p in posts]
    datasketch_s, numpy_s = signing_times(texts)
    print(f"\nMinHash signatures of {len(texts)} posts: datasketch (128 permutations) {datasketch_s:.2f} s, "
          f"hand-written numpy (64) {numpy_s:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
