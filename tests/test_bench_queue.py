"""The queue benchmark fills only an empty store: pointed at a database that holds posts (a real
deployment's, say), it stops before adding any, and says why."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_queue.py"


def _run(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--posts", "40", "--url", url, "--queue-only",
                           "--repeat", "1"], capture_output=True, text=True, timeout=300)


def test_bench_queue_fills_an_empty_store_and_refuses_one_that_holds_posts(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    first = _run(url)
    assert first.returncode == 0, first.stderr
    assert "40 posts" in first.stdout and "| first page by score |" in first.stdout
    again = _run(url)
    assert again.returncode == 2
    assert "already holds 40 posts: give an empty database" in again.stderr
    assert "store:" not in again.stdout  # nothing filled, nothing timed
