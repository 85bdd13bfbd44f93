"""`vigie demo`: train if needed, score the bundled sample into the review store, create demo accounts, serve."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

from commands.common import Verbs, open_store, regroup
from commands.dashboard import serve
from detector.extras import require
from detector.settings import SAMPLE_POSTS, Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `demo` to the `vigie` sub-commands."""
    p = verbs.add_parser("demo", help="train if needed, score the bundled sample of scraped posts into the "
                         "review store, create demo accounts and serve the dashboard")
    p.add_argument("--model", type=Path, default=config.default_model)
    p.add_argument("-o", "--output", type=Path, default=Path("out/sample_scored.jsonl"))
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("--no-serve", action="store_true", help="score and fill the store, do not start the dashboard")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """The whole loop on the sample: model, scores, store, accounts, dashboard."""
    from detector.outputs import refuse_input_overwrite
    from detector.persistence import load_model
    from detector.scoring import output_files, resolve_output, score_file

    if not args.no_serve:  # before the training and scoring it would otherwise wait for
        require("dashboard", "vigie demo (it ends by serving the dashboard; --no-serve skips that)")
    if not (args.model / "manifest.json").is_file():
        print(f"no model in {args.model}: training the default model from data/ (about two minutes)",
              file=sys.stderr)
        from training.train import train_default

        train_default(models_dir=args.model.parent, name=args.model.name)
    model = load_model(args.model)
    sample = SAMPLE_POSTS
    refuse_input_overwrite([sample, args.model], output_files(*resolve_output(args.output, None)))
    store = open_store(args.store)
    summary = score_file(sample, args.output, model, progress=True, store=store)
    regroup(store)
    print(f"scored {summary.scored} sample posts with {model.label}: {summary.flagged} flagged -> {args.output}")
    rows = [json.loads(line) for line in Path(args.output).open(encoding="utf-8")]
    posts = (json.loads(line) for line in sample.open(encoding="utf-8"))
    texts = {str(post["id"]): post["text"] for post in posts}
    print("\nTop flagged posts:")
    for row in sorted(rows, key=lambda r: -r["scam_score"])[:8]:
        snippet = " ".join(texts[row["id"]].split())[:90]
        signals = ", ".join(s["name"] for s in row["signals"]) or "-"
        print(f"  {row['scam_score']:.2f} {row['category']:24} {row['lang']:5} {snippet}\n"
              f"       signals: {signals}")
    # Demo accounts only: fresh random passwords at every demo run, printed once, never a default one.
    accounts = {"demo-analyst": "analyst", "demo-admin": "admin"}
    passwords = {name: secrets.token_urlsafe(12) for name in accounts}
    for name, role in accounts.items():
        store.add_user(name, passwords[name], role, actor="vigie demo")
    url = store.engine.url.render_as_string(hide_password=True)
    print(f"\nReview store: {store.count_posts()} posts in {url}")
    print("Demo accounts (new passwords at every `vigie demo`):")
    for name, role in accounts.items():
        print(f"  {role:8} user {name:13} password {passwords[name]}")
    if args.no_serve:
        return 0
    print(f"\nDashboard: http://{args.host}:{args.port}  (Ctrl-C stops it)", flush=True)
    full_url = store.engine.url.render_as_string(hide_password=False)
    store.close()
    return serve(full_url, host=args.host, port=args.port)
