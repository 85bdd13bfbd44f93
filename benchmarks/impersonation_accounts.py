"""Impersonating accounts: recall, figure named right and verified-benign flagged rate of `vigie score`
on a labelled stream of posts with author fields (`data/streams/accounts_stream.jsonl`).

Each record of the stream holds the post and its author fields as `vigie score` reads them, and a
`truth` object: `kind` (`lookalike_figure`, `lookalike_institution`, `official`, `fan`, `verified`,
`homonym`) and `impersonates` (the gazetteer name a look-alike imitates; null for the others). The
stream is scored end to end by `detector.scoring.score_file` with the committed model loaded by
`detector.persistence.load_model`: the path `vigie score` takes.

Figures printed:

- recall: look-alike posts caught. A figure's look-alike is caught when its output `category` is
  `celebrity_impersonation`; an institution's when it is flagged with `impersonates` set (an
  institution's name on a fake job keeps the job's category, see `detector.scoring.score_posts`);
- figure named right: of the look-alike posts, those whose `impersonates` is the expected name;
- flagged rate of the benign posts of verified accounts (official accounts, verified fan pages,
  news outlets, brands: every benign post with `author_verified` true), and of each benign kind;
- benign posts whose output names someone in `impersonates`, flagged or not (what the rules alone
  get wrong: scoring runs them on every post with author fields).

    python benchmarks/impersonation_accounts.py                     # models/default
    python benchmarks/impersonation_accounts.py --stream data/streams/accounts_heldout.jsonl   # written after
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from detector.persistence import load_model  # noqa: E402
from detector.scoring import score_file  # noqa: E402

LOOKALIKES = ("lookalike_figure", "lookalike_institution")


def caught(truth: dict, row: dict) -> bool:
    """Is a look-alike's post caught (see the module docstring)?"""
    if truth["kind"] == "lookalike_figure":
        return bool(row["category"] == "celebrity_impersonation")
    return bool(row["flagged"] and row["impersonates"])


def measure(stream: Path, model_dir: Path) -> dict:
    """Score `stream` with the model in `model_dir` and count what the module docstring describes."""
    model = load_model(model_dir)
    truths = {}
    for line in stream.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        truths[record["id"]] = record["truth"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scored.jsonl"
        score_file(stream, out, model, progress=False)
        rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    verified = {i for i, line in enumerate(stream.read_text(encoding="utf-8").splitlines())
                if json.loads(line).get("author_verified")}
    ids = list(truths)
    counts: Counter[str] = Counter()
    misses = []
    for index, post_id in enumerate(ids):
        truth, row = truths[post_id], rows[post_id]
        kind = truth["kind"]
        counts[f"{kind}:n"] += 1
        if kind in LOOKALIKES:
            hit, named = caught(truth, row), row["impersonates"] == truth["impersonates"]
            counts[f"{kind}:caught"] += hit
            counts[f"{kind}:named"] += named
            if not (hit and named):
                misses.append(f"{post_id} {kind}: expected {truth['impersonates']!r}, got category "
                              f"{row['category']!r}, impersonates {row['impersonates']!r}")
        else:
            counts[f"{kind}:flagged"] += bool(row["flagged"])
            counts["benign:named"] += bool(row["impersonates"])
            if index in verified:
                counts["verified_benign:n"] += 1
                counts["verified_benign:flagged"] += bool(row["flagged"])
            if row["flagged"]:
                misses.append(f"{post_id} {kind}: benign post flagged {row['category']!r}, "
                              f"impersonates {row['impersonates']!r}")
    return {"counts": counts, "misses": misses, "model": model.label}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--stream", type=Path, default=ROOT / "data" / "streams" / "accounts_stream.jsonl")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "default")
    parser.add_argument("--show-misses", action="store_true", help="list the posts missed or wrongly flagged (ids)")
    args = parser.parse_args(argv)
    result = measure(args.stream, args.model)
    c = result["counts"]
    n_look = sum(c[f"{k}:n"] for k in LOOKALIKES)
    print(f"model {result['model']}, stream {args.stream.name}")
    print(f"look-alike posts: {n_look}  recall {sum(c[f'{k}:caught'] for k in LOOKALIKES) / n_look:.3f}  "
          f"named right {sum(c[f'{k}:named'] for k in LOOKALIKES) / n_look:.3f}")
    for kind in LOOKALIKES:
        n = c[f"{kind}:n"]
        print(f"  {kind:22} {n:4}  recall {c[f'{kind}:caught'] / n:.3f}  named right {c[f'{kind}:named'] / n:.3f}")
    n = c["verified_benign:n"]
    print(f"verified accounts' benign posts: {n}  flagged {c['verified_benign:flagged']} "
          f"({c['verified_benign:flagged'] / n:.3f})")
    benign = sum(c[f"{k}:n"] for k in ("official", "fan", "verified", "homonym"))
    print(f"benign posts named as impersonating (flagged or not): {c['benign:named']} of {benign}")
    for kind in ("official", "fan", "verified", "homonym"):
        n = c[f"{kind}:n"]
        if n:
            print(f"  {kind:22} {n:4}  flagged {c[f'{kind}:flagged']} ({c[f'{kind}:flagged'] / n:.3f})")
    if args.show_misses:
        print("\n".join(result["misses"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
