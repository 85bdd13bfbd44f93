"""`vigie campaigns`: group posts into campaigns (near-duplicate texts, shared phone numbers, links, handles);
warnings and reports that quote or name a campaign are listed as its mentions, never as members."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from commands.common import Verbs, add_reader_options, field_map
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `campaigns` to the `vigie` sub-commands."""
    p = verbs.add_parser("campaigns", help="group posts into campaigns: near-duplicate texts and shared "
                         "phone numbers, links, handles; one JSON line per input post")
    add_reader_options(p)
    p.add_argument("-o", "--output", default="-", help="output JSONL (default stdout)")
    p.add_argument("--threshold", type=float, default=0.5, help="text similarity (Jaccard of character 5-grams) "
                   "above which two posts are one template")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """One JSON line per post with its campaign; exit code 1 when some records were rejected."""
    from detector.campaigns import find_campaigns
    from detector.outputs import refuse_input_overwrite
    from detector.readers import Post, Reject, read_posts
    from detector.scoring import reject_json, resolve_output

    target, rejects_path = resolve_output(args.output, args.rejects)
    refuse_input_overwrite([args.input, args.fields], [target if isinstance(target, Path) else None, rejects_path])
    items = list(read_posts(args.input, fields_map=field_map(args), fmt=args.format,
                            max_record_bytes=args.max_record_bytes))
    posts = [i for i in items if isinstance(i, Post)]
    rejects = [i for i in items if isinstance(i, Reject)]
    links = find_campaigns([p.id for p in posts], [p.text for p in posts], threshold=args.threshold,
                           author_handles=[p.author.get("author_handle") for p in posts])
    out = target.open("w", encoding="utf-8") if isinstance(target, Path) else target
    try:
        for link in links:
            line: dict[str, object] = {"id": link.id, "campaign": link.campaign, "links": link.links}
            if link.mentions:  # a warning or report: the campaigns it names (it is no member)
                line["mentions"] = link.mentions
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    finally:
        if isinstance(target, Path):
            out.close()
    if rejects:
        rejects_path.write_text("".join(reject_json(args.input, r) + "\n" for r in rejects), encoding="utf-8")
    campaigns = {link.campaign for link in links if link.campaign}
    grouped = sum(1 for link in links if link.campaign)
    mentioning = sum(1 for link in links if link.mentions)
    print(f"read {len(items)}, {len(campaigns)} campaigns of {grouped} posts, {len(posts) - grouped} alone "
          f"({mentioning} of them warnings naming a campaign), rejected {len(rejects)}", file=sys.stderr)
    return 1 if rejects else 0
