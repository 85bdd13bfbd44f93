"""Throughput and peak memory of `vigie score` on 40-word posts, against the number of workers.

Builds an input file of N posts of exactly 40 words (windows of consecutive corpus words, so the
vocabulary is realistic and about half the posts are lures), runs `vigie score` on it in a child
process once per worker count, and prints posts/s, the peak RSS of the largest process, and the
peak of the whole process tree's proportional set size (PSS: pages the forked workers share are
counted once). `--workers 1` is the single-process engine; `--ray-actors` adds runs of
`--engine ray` (a local Ray instance, started within the timed run) with that many actors.

    python benchmarks/bench_score.py --posts 100000 --workers 1,2,4 --ray-actors 1,2
    python benchmarks/bench_score.py --posts 1000000 --workers 2   # the 1 M streaming check
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import threading
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


def tree_pss_mb(root: int) -> float:
    """PSS of a process and its direct children (the scoring workers), in MB."""
    pids = [root]
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"PPid:\t{root}\n" in status.read_text():
                pids.append(int(status.parent.name))
        except OSError:
            continue
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_score(src: Path, out: Path, model: Path, batch_size: int, workers: int,
              engine: str = "local") -> dict[str, float]:
    """One `vigie score` run in a child process: seconds, peak RSS and peak tree PSS."""
    cmd = [sys.executable, "-m", "commands.main", "score", str(src), "-o", str(out), "--model", str(model),
           "--batch-size", str(batch_size), "--workers", str(workers), "--engine", engine, "--no-progress"]
    peak_pss = [0.0]
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=ROOT)
    watcher = threading.Thread(target=_watch, args=(child, peak_pss), daemon=True)
    watcher.start()
    if child.wait() != 0:
        sys.exit(f"vigie score failed with exit code {child.returncode}")
    seconds = time.perf_counter() - start
    watcher.join()
    # ru_maxrss of RUSAGE_CHILDREN is the largest of all children so far: runs go from few workers
    # to many, and a worker is never larger than the parent, so it is this run's parent in practice.
    return {"seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "peak_pss_mb": peak_pss[0], "lines": sum(1 for _ in out.open(encoding="utf-8"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts, one run each")
    parser.add_argument("--ray-actors", default="", help="comma-separated Ray actor counts (needs vigie[ray])")
    args = parser.parse_args()
    runs = [("local", int(w)) for w in sorted(int(w) for w in args.workers.split(","))]
    runs += [("ray", int(a)) for a in args.ray_actors.split(",") if a]
    pool = forty_word_posts(args.posts)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "posts.jsonl", Path(tmp) / "scored.jsonl"
        with src.open("w", encoding="utf-8") as handle:
            for i in range(args.posts):
                handle.write(json.dumps({"id": f"b{i}", "text": pool[i % len(pool)]}, ensure_ascii=False) + "\n")
        size_mb = src.stat().st_size / 1e6
        results = {run: run_score(src, out, args.model, args.batch_size, run[1], run[0]) for run in runs}
    print(f"posts: {args.posts} (40 words each, input {size_mb:.0f} MB), model {args.model.name}, "
          f"batch {args.batch_size}, wall time includes model loading")
    print("| engine | workers | posts/s | wall s | peak RSS MB (largest process) | peak PSS MB (process tree) "
          "| lines out |")
    print("|---|---|---|---|---|---|---|")
    for (engine, workers), r in results.items():
        label = "local, single process" if (engine, workers) == ("local", 1) else engine
        # Ray's workers are children of its raylet, not of `vigie score`: their memory is not measured here.
        memory = (f"{r['peak_rss_mb']:,.0f} | {r['peak_pss_mb']:,.0f}" if engine == "local" else "n/a | n/a")
        print(f"| {label} | {workers} | {args.posts / r['seconds']:,.0f} | {r['seconds']:.1f} | {memory} | "
              f"{r['lines']:,} |")


def _watch(child: subprocess.Popen[bytes], peak: list[float]) -> None:
    while child.poll() is None:
        peak[0] = max(peak[0], tree_pss_mb(child.pid))
        time.sleep(0.5)


if __name__ == "__main__":
    main()
