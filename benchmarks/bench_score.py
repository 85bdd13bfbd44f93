"""Throughput, start-up and peak memory of `vigie score`, against the number of workers.

`--posts-kind realistic` (the default) scores corpus posts as written (their own lengths), in two
variants: without author fields, and with `author_handle`, `author_name`, `author_verified` and
`author_followers` on every post (handles in the corpus's style, about 1 in 20 a look-alike of a
gazetteer figure such as `samuel_et0o_officiel`, a few verified accounts). For each variant it prints
posts/s over the whole `vigie score` process (interpreter start, imports and model loading included)
and the start-up time: the wall time of scoring a 1-post file. `--posts-kind forty-words` is the
earlier benchmark: N posts of exactly 40 words (windows of consecutive corpus words), no author fields.

Each run is `vigie score` in a child process once per worker count; the table gives posts/s, the peak
RSS of the largest process, and the peak of the whole process tree's proportional set size (PSS:
pages the forked workers share are counted once). `--workers 1` is the single-process engine;
`--ray-actors` adds runs of `--engine ray` (a local Ray instance, started within the timed run) with
that many actors. The machine's load average is printed: figures taken under load are lower.

    python benchmarks/bench_score.py --posts 20000 --workers 1,2            # realistic posts
    python benchmarks/bench_score.py --posts-kind forty-words --posts 100000 --workers 1,2,4 --ray-actors 1,2
    python benchmarks/bench_score.py --posts-kind forty-words --posts 1000000 --workers 2   # the 1 M streaming check
"""

from __future__ import annotations

import argparse
import json
import os
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


_GIVEN = ["jean", "marie", "paul", "aminatou", "ibrahim", "chantal", "blaise", "nadege", "oumarou", "grace",
          "fatima", "serge", "ange", "brice", "clarisse", "hamadou", "esther", "junior", "rodrigue", "sandrine"]
_FAMILY = ["mbarga", "nkoulou", "fotso", "tchoupo", "ngono", "bello", "essomba", "kamga", "abena", "ndiaye",
           "moussa", "atangana", "manga", "tabi", "njoya", "owona", "eyenga", "djoumessi", "ayuk", "tamba"]
_SUFFIXES = ["", "_237", "237", "_cm", "_officiel", "_official", "_fans", "_page", "2025", "_real", "_"]
_LOOKALIKE = str.maketrans({"o": "0", "l": "1", "i": "1", "e": "3", "a": "4"})


def author_fields(rng: random.Random, figures: list[dict[str, object]]) -> dict[str, object]:
    """Author fields as a scraper gives them: ordinary accounts, and about 1 in 20 a look-alike of a
    public figure (a figure's name with a digit for a letter and a suffix), a few verified."""
    if rng.random() < 0.05:
        name = str(rng.choice(figures)["name"])
        handle = "".join(c for c in name.lower().replace(" ", "_") if c.isalnum() or c == "_")
        i = rng.randrange(len(handle))
        handle = handle[:i] + handle[i:].translate(_LOOKALIKE) + rng.choice(_SUFFIXES)
        return {"author_handle": handle, "author_name": name + rng.choice(["", " Officiel", " Fondation"]),
                "author_verified": False, "author_followers": rng.randrange(20, 5000)}
    given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
    handle = rng.choice([f"{given}_{family}", f"{given}.{family}", f"{family}{given[:1]}", f"{given}{family}"])
    handle += rng.choice(_SUFFIXES) + (str(rng.randrange(100)) if rng.random() < 0.3 else "")
    name = rng.choice([f"{given.title()} {family.title()}", f"{family.upper()} {given.title()}",
                       f"{given.title()} {family[:1].upper()}.", "Emploi Douala", "Bourses Infos CM"])
    verified = rng.random() < 0.02
    followers = int(rng.lognormvariate(6.0, 1.8)) + (200_000 if verified else 0)
    return {"author_handle": handle, "author_name": name, "author_verified": verified,
            "author_followers": followers}


def realistic_records(n: int, *, authors: bool, seed: int = 0) -> list[dict[str, object]]:
    """N input records: corpus posts as written (in a shuffled order, so lengths and languages follow the
    corpus), with author fields on every one when `authors`. Past the corpus's size the same order
    repeats: a post comes back only a whole corpus later, beyond the scorer's caches of recent posts."""
    figures = json.loads((ROOT / "detector" / "gazetteer" / "public_figures.json").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    corpus = [r["text"] for r in load_corpus()]
    rng.shuffle(corpus)
    records: list[dict[str, object]] = []
    for i in range(n):
        record: dict[str, object] = {"id": f"b{i}", "text": corpus[i % len(corpus)]}
        if authors:
            record.update(author_fields(rng, figures["figures"]))
        records.append(record)
    return records


def write_jsonl(path: Path, records: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


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
    parser.add_argument("--posts", type=int, default=None,
                        help="posts per run (default 20,000 realistic, 100,000 forty-words)")
    parser.add_argument("--posts-kind", choices=["realistic", "forty-words"], default="realistic")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts, one run each")
    parser.add_argument("--ray-actors", default="", help="comma-separated Ray actor counts (needs vigie[ray])")
    args = parser.parse_args()
    n = args.posts or (20_000 if args.posts_kind == "realistic" else 100_000)
    runs = [("local", int(w)) for w in sorted(int(w) for w in args.workers.split(","))]
    runs += [("ray", int(a)) for a in args.ray_actors.split(",") if a]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    if args.posts_kind == "forty-words":
        pool = forty_word_posts(n)
        variants = {"40 words each, no author fields":
                    [{"id": f"b{i}", "text": pool[i % len(pool)]} for i in range(n)]}
    else:
        variants = {"corpus posts, no author fields": realistic_records(n, authors=False),
                    "corpus posts with author fields": realistic_records(n, authors=True)}
    with tempfile.TemporaryDirectory() as tmp:
        for variant, records in variants.items():
            src, one, out = Path(tmp) / "posts.jsonl", Path(tmp) / "one.jsonl", Path(tmp) / "scored.jsonl"
            write_jsonl(src, records)
            write_jsonl(one, records[:1])
            size_mb = src.stat().st_size / 1e6
            startup = {run: run_score(one, out, args.model, args.batch_size, run[1], run[0])["seconds"]
                       for run in runs}
            results = {run: run_score(src, out, args.model, args.batch_size, run[1], run[0]) for run in runs}
            print(f"\nposts: {n} ({variant}, input {size_mb:.1f} MB), model {args.model.name}, "
                  f"batch {args.batch_size}; wall time includes start-up (interpreter, imports, model loading); "
                  "start-up is the wall time of a 1-post file")
            print("| engine | workers | posts/s | wall s | start-up s | peak RSS MB (largest process) "
                  "| peak PSS MB (process tree) | lines out |")
            print("|---|---|---|---|---|---|---|---|")
            for (engine, workers), r in results.items():
                label = "local, single process" if (engine, workers) == ("local", 1) else engine
                # Ray's workers are children of its raylet, not of `vigie score`: their memory is not measured here.
                memory = (f"{r['peak_rss_mb']:,.0f} | {r['peak_pss_mb']:,.0f}" if engine == "local" else "n/a | n/a")
                print(f"| {label} | {workers} | {n / r['seconds']:,.0f} | {r['seconds']:.1f} | "
                      f"{startup[(engine, workers)]:.1f} | {memory} | {r['lines']:,} |")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def _watch(child: subprocess.Popen[bytes], peak: list[float]) -> None:
    while child.poll() is None:
        peak[0] = max(peak[0], tree_pss_mb(child.pid))
        time.sleep(0.5)


if __name__ == "__main__":
    main()
