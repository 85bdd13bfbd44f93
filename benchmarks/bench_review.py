"""How long an analyst waits between a decision and the next post, in a real browser.

Serves the dashboard (`streamlit run`) on a fresh SQLite store holding the sample posts
(`data/sample/scraped_posts.jsonl`, with the red-flag evidence `detector.signals` finds, so the
page highlights as it does in use), signs in with headless Chromium (Debian's, driven by
Playwright), opens Review and decides `--decisions` posts by keyboard, cycling through the label
keys. Each figure is the time from the key's `keydown` in the page (`performance.now()`, so
Playwright's round trips do not count) to a moment of the next post: its keys bound (its heading
on screen and the key widgets drawn for its post id); usable (bound, and on screen for the review
page's `DWELL_MS`, before which it drops keys); its whole page drawn.
Between decisions it waits `--think` seconds, as an analyst reading the post would.

    python benchmarks/bench_review.py --decisions 60
    python benchmarks/bench_review.py --decisions 60 --posts 100000   # corpus posts, as bench_queue.py
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commands.dashboard import serving  # noqa: E402
from detector.readers import Post  # noqa: E402
from detector.signals import find_signals  # noqa: E402
from detector.taxonomy import SCAM_CATEGORIES  # noqa: E402
from review import PostStore  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SAMPLE = ROOT / "data" / "sample" / "scraped_posts.jsonl"
# The keys pressed in turn: confirm the suggestion, then each label key.
KEYS = ["s", "1", "5", "2", "6", "3", "7", "4", "8"]

_USABLE_JS = """
([shown, dwell]) => {
  const heading = [...document.querySelectorAll('h2')].map(h => h.textContent.trim())
    .find(t => /^Post \\d+$/.test(t));
  if (!heading || heading === `Post ${shown}`) return false;
  const post = heading.split(' ')[1];
  // A decision key drawn for this post: its widget key is k_scam@<post>.<suggestion>.<version>.
  if (!document.querySelector(`[class*="st-key-k_scam-${post}-"] button`)) return false;
  // and the page takes keys: the post has been on screen for the review page's dwell time.
  const ready = window.__vigieReadyAt;
  if (dwell && ready !== undefined
      && (!String(window.__vigieShown).startsWith(`${post}.`) || performance.now() < ready)) {
    return false;
  }
  return [performance.now() - window.__vigieKeyAt, Number(post)];
}
"""
# The whole page drawn for that post: its form's Save button there, no element left from the run
# before (Streamlit marks those data-stale) and no run in progress.
_COMPLETE_JS = """
([post]) => {
  if (!document.querySelector(`[class*="st-key-save_review-${post}-"] button`)) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  return performance.now() - window.__vigieKeyAt;
}
"""


def fill(store: PostStore, seed: int = 0) -> int:
    rng = random.Random(seed)
    rows = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    posts, records = [], []
    for i, row in enumerate(rows):
        posts.append(Post(str(row["id"]), row["text"], i))
        score = 0.5 + rng.random() / 2
        records.append({"scam_score": score, "flagged": True, "category": rng.choice(SCAM_CATEGORIES),
                        "lang": row.get("lang") or "fr", "model": "default@bench", "impersonates": None,
                        "signals": [{"name": s.name, "evidence": s.evidence} for s in find_signals(row["text"])]})
    store.ingest(posts, records)
    return len(posts)


def shown_post(page) -> int:  # type: ignore[no-untyped-def]
    heading = page.get_by_role("heading", name=re.compile(r"^Post \d+$"))
    heading.wait_for(timeout=30_000)
    return int(heading.text_content().split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=60)
    parser.add_argument("--posts", type=int, default=0,
                        help="instead of the sample posts, this many corpus posts (as bench_queue.py stores them)")
    parser.add_argument("--keys", default="".join(KEYS), help="the decision keys pressed in turn")
    parser.add_argument("--think", type=float, default=0.5, help="seconds between a post being usable and the next key")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'vigie.db'}"
        store = PostStore(url)
        if args.posts:
            from bench_queue import fill as fill_corpus  # the same store as the Queue's benchmark

            fill_corpus(store, args.posts)
            posts = args.posts
        else:
            posts = fill(store)
        store.add_user("bench", "mot de passe du banc", "analyst", actor="bench")
        waits: list[float] = []
        bound: list[float] = []
        complete: list[float] = []
        with serving(url, folder) as (_, base), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base)
            page.get_by_role("textbox", name="Username").fill("bench")
            page.get_by_role("textbox", name="Password").fill("mot de passe du banc")
            page.keyboard.press("Enter")
            page.get_by_role("heading", name="Queue").wait_for(timeout=30_000)
            page.get_by_test_id("stSidebar").get_by_text("Review", exact=True).click()
            shown = shown_post(page)
            page.wait_for_timeout(1000)
            page.evaluate("document.addEventListener('keydown', () => { window.__vigieKeyAt = performance.now(); },"
                          " {capture: true})")
            for i in range(args.decisions):
                page.evaluate("document.activeElement && document.activeElement.blur()")
                page.keyboard.press(args.keys[i % len(args.keys)])
                bound.append(page.wait_for_function(_USABLE_JS, arg=[shown, False], polling="raf",
                                                    timeout=30_000).json_value()[0] / 1000)
                waited, shown = page.wait_for_function(_USABLE_JS, arg=[shown, True], polling="raf",
                                                       timeout=30_000).json_value()
                waits.append(waited / 1000)
                complete.append(page.wait_for_function(_COMPLETE_JS, arg=[shown], polling="raf",
                                                       timeout=30_000).json_value() / 1000)
                page.wait_for_timeout(args.think * 1000)
            browser.close()
        decided = sum(1 for e in store.audit_log(limit=10 * args.decisions) if e["action"] == "review")
        store.close()
    print(f"{len(waits)} decisions ({decided} reviews in the audit log), {posts} posts, {os.cpu_count()} CPUs")
    for name, times in (("decision -> next post's keys bound (before the dwell)", bound),
                        ("decision -> next post usable (keys bound, dwell passed)", waits),
                        ("decision -> next post's page complete", complete)):
        times.sort()
        p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
        print(f"{name}: median {statistics.median(times):.3f} s, p90 {p90:.3f} s, max {times[-1]:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
