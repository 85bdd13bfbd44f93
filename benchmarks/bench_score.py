"""Throughput and peak memory of `vigie score` on 40-word posts.

Builds an input file of N posts of exactly 40 words (cut from, or stitched together out of, corpus
posts, so the vocabulary is realistic), runs `vigie score` on it in a child process, and prints
posts/s and the child's peak RSS.

    python benchmarks/bench_score.py --posts 100000
    python benchmarks/bench_score.py --posts 1000000   # the 1 M streaming check (~20 min)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.data import load_corpus  # noqa: E402


def forty_word_posts(n: int, seed: int = 0) -> list[str]:
    """A pool of distinct 40-word posts drawn from the corpus (words of consecutive posts stitched)."""
    words = [w for r in load_corpus() for w in r["text"].split()]
    rng = random.Random(seed)
    pool = []
    for _ in range(min(n, 20_000)):
        start = rng.randrange(0, len(words) - 40)
        pool.append(" ".join(words[start:start + 40]))
    return pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()
    pool = forty_word_posts(args.posts)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "posts.jsonl", Path(tmp) / "scored.jsonl"
        with src.open("w", encoding="utf-8") as handle:
            for i in range(args.posts):
                handle.write(json.dumps({"id": f"b{i}", "text": pool[i % len(pool)]}, ensure_ascii=False) + "\n")
        size_mb = src.stat().st_size / 1e6
        cmd = [sys.executable, "-m", "detector.cli", "score", str(src), "-o", str(out), "--model", str(args.model),
               "--batch-size", str(args.batch_size), "--no-progress"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT)
        elapsed = time.perf_counter() - start
        lines = sum(1 for _ in out.open(encoding="utf-8"))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"posts: {args.posts} (40 words each, input {size_mb:.0f} MB), output lines: {lines}")
    print(f"wall time: {elapsed:.1f} s (model loading included)")
    print(f"throughput: {args.posts / elapsed:,.0f} posts/s")
    print(f"peak RSS of `vigie score`: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
