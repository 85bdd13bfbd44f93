"""How long grouping posts into campaigns takes as the stream grows (the whole process: normalizing,
identifiers, MinHash, LSH, the evidence graph, Leiden, mentions).

    .venv/bin/python benchmarks/campaign_scaling.py                     # 10k and 100k posts
    .venv/bin/python benchmarks/campaign_scaling.py --sizes 10000 100000 1000000
    .venv/bin/python benchmarks/campaign_scaling.py --sizes --store-posts 100000 --new 10000

Posts are synthetic and seeded: campaigns of 5 to 60 posts reposting one made-up template
(40 to 70 words of a 20,000-word pseudo-vocabulary, so that two templates share no text) with a
word or two changed, one to three numbers written in several ways, one to four accounts; unrelated
posts (three draws in ten), reposts by aggregator pages (one page per 40 campaigns) and warnings
quoting a campaign (two draws in a hundred each); a campaign draw brings 5 to 60 posts, so the
campaigns' posts are most of the stream.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector import campaigns as dc  # noqa: E402

SPELLINGS = ("+237 {a} {b} {c} {d} {e}", "{a}{b}{c}{d}{e}", "wa.me/237{a}{b}{c}{d}{e}", "{a}{b}-{c}-{d}-{e}",
             "00237 {a}{b} {c}{d} {e}")


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyzéèàç"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size)]


def number(rng: random.Random) -> str:
    digits = "6" + rng.choice("5789") + "".join(rng.choice("0123456789") for _ in range(7))
    return rng.choice(SPELLINGS).format(a=digits[0], b=digits[1:3], c=digits[3:5], d=digits[5:7], e=digits[7:])


def stream(n: int, seed: int = 7) -> tuple[list[str], list[str], list[str | None]]:
    """(ids, texts, author handles) of n synthetic posts."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    ids: list[str] = []
    texts: list[str] = []
    authors: list[str | None] = []
    campaigns: list[tuple[list[str], list[str]]] = []
    while len(texts) < n:
        roll = rng.random()
        if roll < 0.30:  # an unrelated post
            texts.append(" ".join(rng.choices(words, k=rng.randint(8, 40))))
            authors.append(f"user{rng.randrange(10**7)}")
        elif roll < 0.32 and campaigns:  # an aggregator page reposts a campaign
            template, numbers = rng.choice(campaigns[-40:])
            page = f"page{len(campaigns) // 40}"
            texts.append(" ".join(template) + f" {rng.choice(numbers)} — partagé par @{page}")
            authors.append(page)
        elif roll < 0.34 and campaigns:  # a warning quoting a campaign
            template, numbers = rng.choice(campaigns)
            texts.append("Attention arnaque ! J'ai reçu ce message : « " + " ".join(template[:30]) + " » "
                         + rng.choice(numbers))
            authors.append(f"user{rng.randrange(10**7)}")
        else:  # a new campaign, its posts
            template = rng.choices(words, k=rng.randint(40, 70))
            numbers = [number(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
            accounts = [f"agent{rng.randrange(10**7)}" for _ in range(rng.randint(1, 4))]
            campaigns.append((template, numbers))
            for _ in range(rng.randint(5, 60)):
                edited = list(template)
                for _ in range(rng.randint(0, 2)):
                    edited[rng.randrange(len(edited))] = rng.choice(words)
                texts.append(" ".join(edited) + " " + rng.choice(numbers))
                authors.append(rng.choice(accounts))
                if len(texts) >= n:
                    break
    texts, authors = texts[:n], authors[:n]
    ids = [f"p{i}" for i in range(len(texts))]
    return ids, texts, authors


def into_store(stored: int, new: int, url: str | None) -> None:
    """Fill a store with `stored` flagged posts, group them, then add `new` posts: the time of the
    incremental grouping, and of a full regrouping of the same store for comparison."""
    import tempfile

    from detector.readers import Post
    from review import PostStore

    ids, texts, authors = stream(stored + new, seed=11)
    record = {"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "model": "bench@1",
              "signals": [], "impersonates": None}
    with tempfile.TemporaryDirectory() as folder:
        store = PostStore(url or f"sqlite:///{folder}/bench.db")
        posts = [Post(i, t, k, {"author_handle": a}) for k, (i, t, a) in enumerate(zip(ids, texts, authors,
                                                                                       strict=True))]
        # Every text made unique: the store keeps one post per normalized text.
        posts = [Post(p.id, f"{p.text} #{k}", p.line, p.author) for k, p in enumerate(posts)]
        for start in range(0, stored, 2000):
            batch = posts[start:min(start + 2000, stored)]
            store.ingest(batch, [record] * len(batch))
        started = time.perf_counter()
        run = store.regroup_campaigns(full=True)
        print(f"store of {stored}: grouped in {time.perf_counter() - started:.1f} s ({run['campaigns']} campaigns)",
              flush=True)
        for start in range(stored, stored + new, 2000):
            batch = posts[start:start + 2000]
            store.ingest(batch, [record] * len(batch))
        started = time.perf_counter()
        run = store.regroup_campaigns()
        print(f"{new} new posts added to it in {time.perf_counter() - started:.1f} s "
              f"({store.audit_log(limit=1)[0]['detail']['joined']} joined a campaign, {run['campaigns']} campaigns)",
              flush=True)
        started = time.perf_counter()
        run = store.regroup_campaigns(full=True)
        print(f"the same store regrouped whole: {time.perf_counter() - started:.1f} s ({run['campaigns']} campaigns)")
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--store-posts", type=int, default=0, help="also: a store of this many posts, then --new")
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--url", help="the store (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    dc.find_campaigns(["a", "b"], ["x y z", "x y z"])  # load the libraries and patterns once, outside the timings
    dc.is_mention_frame("x")
    if args.store_posts:
        into_store(args.store_posts, args.new, args.url)
    if args.sizes:
        print(f"{'posts':>9} {'seconds':>8} {'posts/s':>8} {'campaigns':>9}")
    for n in args.sizes:
        ids, texts, authors = stream(n)
        started = time.perf_counter()
        links = dc.find_campaigns(ids, texts, author_handles=authors)
        seconds = time.perf_counter() - started
        campaigns = len({x.campaign for x in links if x.campaign})
        print(f"{n:9d} {seconds:8.1f} {n / seconds:8.0f} {campaigns:9d}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
