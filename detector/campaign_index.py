"""What the store needs to keep campaigns over time (`review.campaigns`): campaign ids carried over
a regrouping, and the campaign index (MinHash signatures and their LSH bands as stored) through
which later posts join the stored campaigns without regrouping everything."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from detector.campaigns import NUM_PERM, RESOLUTION, SEED

if TYPE_CHECKING:
    from datasketch import LeanMinHash


def stable_ids(previous: Mapping[str, str], current: Mapping[str, str]) -> dict[str, str]:
    """Carry campaign ids over a regrouping, so that an analyst's label or note never jumps.

    Each previous campaign id goes to the new campaign that holds most of its previous members
    (largest overlaps first; an id and a new campaign are matched once); a new campaign that
    inherits no id keeps its own, unless a previous campaign still uses it, in which case it gets
    a fresh one derived from it.

    Parameters
    ----------
    previous, current : mappings of post id to campaign id
        The members of the previous and of the new grouping.

    Returns
    -------
    dict
        Each new campaign id to the id it is stored under.

    Example
    -------
    >>> stable_ids({"a": "c-old", "b": "c-old", "c": "c-old"}, {"b": "c-new", "c": "c-new", "d": "c-new"})
    {'c-new': 'c-old'}
    """
    overlap: dict[tuple[str, str], int] = defaultdict(int)
    for post, old in previous.items():
        new = current.get(post)
        if new is not None:
            overlap[(old, new)] += 1
    out: dict[str, str] = {}
    taken: set[str] = set()
    for (old, new), _ in sorted(overlap.items(), key=lambda item: (-item[1], item[0])):
        if new not in out and old not in taken:
            out[new] = old
            taken.add(old)
    in_use = taken | set(previous.values())
    for new in sorted(set(current.values()) - set(out)):
        cid, k = new, 0
        while cid in in_use:
            k += 1
            cid = "c-" + hashlib.sha256(f"{new}:{k}".encode()).hexdigest()[:10]
        out[new] = cid
        in_use.add(cid)
    return out


def lsh_shape(threshold: float = 0.5, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """The (bands, rows) datasketch's `MinHashLSH` chooses for `threshold`: the persisted index uses
    the same banding, so that a stored post is a candidate exactly when the in-memory LSH would find it.

    >>> lsh_shape(0.5)
    (25, 5)
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def signature_bytes(signature: LeanMinHash) -> bytes:
    """A signature as stored: its hash values as little-endian uint32."""
    return np.asarray(signature.hashvalues, dtype="<u4").tobytes()


def signature_values(data: bytes) -> np.ndarray:
    """The hash values of a stored signature (`signature_bytes`)."""
    return np.frombuffer(data, dtype="<u4")


def band_buckets(values: np.ndarray, bands: int, rows: int) -> list[int]:
    """The bucket of each LSH band of a signature: a signed 64-bit hash of the band's values (a
    database's BIGINT), the same on every run.

    >>> band_buckets(np.arange(10, dtype="<u4"), 2, 5) == band_buckets(np.arange(10, dtype="<u4"), 2, 5)
    True
    """
    out = []
    for band in range(bands):
        chunk = np.asarray(values[band * rows:(band + 1) * rows], dtype="<u4").tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True))
    return out


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal hash values of two signatures: their estimated Jaccard similarity."""
    return float(np.mean(a == b))


def join_communities(n: int, weights: Mapping[tuple[int, int], float], initial: Sequence[int],
                     fixed: Sequence[bool], *, resolution: float = RESOLUTION, seed: int = SEED) -> list[int]:
    """Leiden (constant Potts model) over n nodes where some nodes keep their community: the stored
    campaigns' members stay where they are, the new posts join one of them or form new ones.

    Parameters
    ----------
    n : int
        Nodes 0..n-1.
    weights : mapping (i, j) -> weight
        The edges.
    initial : sequence of int
        Each node's starting community (a stored campaign's members share one).
    fixed : sequence of bool
        The nodes that may not move.

    Returns
    -------
    list of int
        Each node's community number (numbers are Leiden's own: read which stored campaign a
        community is from its fixed members).

    Example
    -------
    >>> found = join_communities(3, {(0, 1): 1.0, (1, 2): 1.0}, [0, 0, 2], [True, True, False])
    >>> found[2] == found[0] == found[1]
    True
    """
    import igraph
    import leidenalg

    g = igraph.Graph(n=n, edges=list(weights), directed=False)
    g.es["weight"] = list(weights.values())
    compact = {label: k for k, label in enumerate(dict.fromkeys(initial))}  # leidenalg wants labels < n
    partition = leidenalg.CPMVertexPartition(g, initial_membership=[compact[x] for x in initial], weights="weight",
                                             resolution_parameter=resolution)
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(seed)
    optimiser.optimise_partition(partition, n_iterations=-1, is_membership_fixed=list(fixed))
    return list(partition.membership)
