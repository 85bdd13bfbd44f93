"""How fast the review queue answers with many posts in the store.

Fills a fresh SQLite store (or `--url`, an empty database: it refuses one that holds posts, and
leaves its own posts there) with N posts (corpus texts, each made distinct, with a
suggestion each, as `vigie ingest` stores them), then times `PostStore.queue` for the queries the
Queue page makes, and the whole Queue page rendered by Streamlit's AppTest (server side: the
query, the table, the widgets), each the median of `--repeat` runs; then groups the flagged posts
into campaigns once and times the Campaigns and Overview pages.

    python benchmarks/bench_queue.py --posts 100000
    python benchmarks/bench_queue.py --posts 100000 --queue-only   # the queue's queries alone
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detector.classifiers import CATEGORIES  # noqa: E402
from detector.readers import Post  # noqa: E402
from review import PostStore  # noqa: E402
from training.data import load_corpus  # noqa: E402


def fill(store: PostStore, n: int, seed: int = 0) -> float:
    rng = random.Random(seed)
    corpus = load_corpus()
    start = time.perf_counter()
    batch: list[Post] = []
    records = []
    for i in range(n):
        row = corpus[i % len(corpus)]
        # Each corpus text comes back about n / len(corpus) times with a new suffix: a reposted template,
        # so the campaigns are the corpus's texts (authors all distinct, or they would chain them into one).
        batch.append(Post(f"b{i}", f"{row['text']} #{i}", i, {"author_handle": f"@user{i}"},
                          f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"))
        score = rng.random()
        records.append({"scam_score": score, "flagged": score >= 0.5, "category": rng.choice(CATEGORIES),
                        "lang": row["lang"], "signals": [], "impersonates": None, "model": "default@bench"})
        if len(batch) == 2000:
            store.ingest(batch, records)
            batch, records = [], []
    if batch:
        store.ingest(batch, records)
    return time.perf_counter() - start


def timed(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--url", help="a store URL (default: a new SQLite file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--queue-only", action="store_true", help="time the queue's queries, not the pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = PostStore(url)
        if held := store.count_posts():
            store.close()
            where = store.engine.url.render_as_string(hide_password=True)
            parser.error(f"the store at {where} already holds {held:,} posts: give an empty database "
                         "(the benchmark adds its own posts and leaves them there)")
        seconds = fill(store, args.posts)
        print(f"store: {store.engine.dialect.name}, {store.count_posts():,} posts, filled in {seconds:.0f} s")
        queries = {
            "first page by score": lambda: store.queue(),
            "first page by uncertainty": lambda: store.queue(order="uncertainty"),
            "first page in the learning order": lambda: store.queue(order="learning"),
            "category + language filter": lambda: store.queue(category="fake_job", lang="fr"),
            "unreviewed only": lambda: store.queue(status="unreviewed"),
            "page 100": lambda: store.queue(offset=100 * 25, limit=25),
            "search a phone number": lambda: store.queue(search="+237 690 00 00 00"),
            "search words": lambda: store.queue(search="visa offert"),
            "search words upper case, accented": lambda: store.queue(search="FEMMES DE MÉNAGE"),
            "search a link with scheme and www.": lambda: store.queue(search="https://www.camairco-recrutement.com"),
            "search a post id": lambda: store.queue(search="b0"),  # the first post: flagged (seed 0)
        }
        print("| query | median ms | posts on the page |\n|---|---|---|")
        for name, fn in queries.items():
            print(f"| {name} | {timed(fn, args.repeat) * 1000:,.0f} | {len(fn())} |")
        if args.queue_only:
            store.close()
            return
        from streamlit.testing.v1 import AppTest

        os.environ["VIGIE_DATABASE_URL"] = url
        store.add_user("bench", "benchmark password", "analyst", actor="bench")
        app = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
        app.session_state["session_token"] = store.open_session("bench")  # signed in, as after the login form
        app.run()
        render = timed(app.run, args.repeat)
        print(f"| Queue page rendered by AppTest (whole script run) | {render * 1000:,.0f} |")
        start = time.perf_counter()
        run = store.regroup_campaigns(actor="bench")
        print(f"| grouping {run['flagged']:,} flagged posts into {run['campaigns']:,} campaigns, stored "
              f"(`vigie ingest` does it after each ingest) | {(time.perf_counter() - start) * 1000:,.0f} |")
        for page in ("Campaigns", "Overview"):
            app.session_state["page"] = page
            app.run()
            print(f"| {page} page rendered by AppTest | {timed(app.run, args.repeat) * 1000:,.0f} |")
        store.close()


if __name__ == "__main__":
    main()
