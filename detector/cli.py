"""`vigie` command line: a thin layer over importable functions.

Verbs: train, evaluate, score, ingest, campaigns, export-reviews, retrain, demo, data import, data stats.
Exit codes: 0 success, 1 finished but some input records were rejected, 2 an error (one line on
stderr; `-v` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from detector.errors import VigieError
from detector.readers import FORMATS, FieldMap

if TYPE_CHECKING:
    from detector.store import PostStore

log = logging.getLogger("vigie")

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO_ROOT / "models"
DEFAULT_MODEL = MODELS_DIR / "default"
CORPUS_DIR = REPO_ROOT / "data" / "corpus"
REVIEWS_DIR = REPO_ROOT / "data" / "reviews"


def _cmd_train(args: argparse.Namespace) -> int:
    # training/ is imported only by the verbs that train: the library itself never needs it.
    if args.backend != "default":
        return _train_transformer(args)
    from training.train import train_default

    folder = train_default(data_dir=args.data, models_dir=args.models, name=args.name, seed=args.seed,
                           external=not args.no_external, feature_set=args.feature_set)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    o = metrics["test"]["overall"]
    print(f"trained {args.name} ({metrics['chosen']}) -> {folder}")
    print(f"test split: precision {o['precision']} recall {o['recall']} F1 {o['f1']} PR-AUC {o['pr_auc']}")
    return 0


def _train_transformer(args: argparse.Namespace) -> int:
    from training.transformer import FineTuneConfig, fine_tune, fit_frozen

    if not args.base_model:
        raise VigieError(f"--backend {args.backend} needs --base-model (a local Hugging Face folder or a hub id)")
    config = FineTuneConfig(base_model=args.base_model, epochs=args.epochs, batch_size=args.batch_size,
                            max_length=args.max_length, seed=args.seed, learning_rate=args.learning_rate)
    name = args.name if args.name != "default" else args.backend
    if args.backend == "transformer":
        folder = fine_tune(config, name=name, models_dir=args.models, data_dir=args.data, resume=not args.no_resume,
                           external=not args.no_external)
    else:
        folder = fit_frozen(config, name=name, models_dir=args.models, data_dir=args.data,
                            external=not args.no_external)
    o = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["test"]["overall"]
    print(f"trained {name} ({args.backend}) -> {folder}")
    print(f"test split: precision {o['precision']} recall {o['recall']} F1 {o['f1']} PR-AUC {o['pr_auc']}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.suite:
        return _evaluate_suite(args)
    from training.evaluate import evaluate_model

    report = evaluate_model(model_dir=args.model, labelled=args.input, public=args.public, split=args.split,
                            out_dir=args.output)
    o = report["overall"]
    print(f"{report['name']}: n {o['n']} precision {o['precision']} recall {o['recall']} F1 {o['f1']} "
          f"PR-AUC {o['pr_auc']} ECE {o['ece']}")
    for lang, m in report.get("by_lang", {}).items():
        print(f"  {lang:6} n {m['n']:5} F1 {m['f1']:.4f} PR-AUC {m['pr_auc']}")
    print(f"report: {args.output}")
    return 0


def _evaluate_suite(args: argparse.Namespace) -> int:
    from training.suite import evaluate_suite, suite_table

    report = evaluate_suite(args.model, data_dir=args.data, folds=args.folds)
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "suite.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{report['model']} (learned from real sets: {', '.join(report['trained_on']) or 'none'})")
    print(suite_table(report["suite"]))
    print(f"report: {args.output / 'suite.json'}")
    return 0


def _field_map(args: argparse.Namespace) -> FieldMap:
    """--fields FILE, overridden by --field KEY=COLUMN, overridden by --text-field / --id-field."""
    from detector.errors import InputError

    overrides: dict[str, str] = {}
    for item in args.field or []:
        key, sep, column = item.partition("=")
        if not sep or not column or key not in FieldMap.__dataclass_fields__:
            raise InputError(f"--field {item!r}: expected KEY=COLUMN, KEY one of {list(FieldMap.__dataclass_fields__)}")
        overrides[key] = column
    base = FieldMap.from_file(args.fields) if args.fields else FieldMap()
    return FieldMap(**{**base.as_dict(), **overrides}).with_fields(text=args.text_field, id=args.id_field)


def _open_store(url: str) -> PostStore:
    from detector.store import PostStore, default_url

    return PostStore(default_url() if url == "default" else url)


def _cmd_ingest(args: argparse.Namespace) -> int:
    """`vigie score INPUT --store` without an output file."""
    args.store = args.store or "default"
    return _cmd_score(args)


def _cmd_export_reviews(args: argparse.Namespace) -> int:
    from training.retrain import export_reviews

    path, count = export_reviews(_open_store(args.store), args.output)
    print(f"exported {count} settled review(s) -> {path}" if path else "no settled review to export yet",
          file=sys.stderr)
    return 0


def _cmd_retrain(args: argparse.Namespace) -> int:
    from training.retrain import decision_summary, retrain

    decision = retrain(models_dir=args.models, name=args.name, data_dir=args.data, reviews_dir=args.reviews,
                       external=not args.no_external)
    print(decision_summary(decision), file=sys.stderr)
    return 0


def _cmd_campaigns(args: argparse.Namespace) -> int:
    from detector.campaigns import find_campaigns
    from detector.readers import Post, Reject, read_posts
    from detector.scoring import reject_json, resolve_output

    items = list(read_posts(args.input, fields_map=_field_map(args), fmt=args.format))
    posts = [i for i in items if isinstance(i, Post)]
    rejects = [i for i in items if isinstance(i, Reject)]
    links = find_campaigns([p.id for p in posts], [p.text for p in posts], threshold=args.threshold,
                           author_handles=[p.author.get("author_handle") for p in posts])
    target, rejects_path = resolve_output(args.output, args.rejects)
    out = target.open("w", encoding="utf-8") if isinstance(target, Path) else target
    try:
        for link in links:
            out.write(json.dumps({"id": link.id, "campaign": link.campaign, "links": link.links},
                                 ensure_ascii=False) + "\n")
    finally:
        if isinstance(target, Path):
            out.close()
    if rejects:
        rejects_path.write_text("".join(reject_json(args.input, r) + "\n" for r in rejects), encoding="utf-8")
    campaigns = {link.campaign for link in links if link.campaign}
    grouped = sum(1 for link in links if link.campaign)
    print(f"read {len(items)}, {len(campaigns)} campaigns of {grouped} posts, {len(posts) - grouped} alone, "
          f"rejected {len(rejects)}", file=sys.stderr)
    return 1 if rejects else 0


def _cmd_score(args: argparse.Namespace) -> int:
    from detector.persistence import load_model
    from detector.scoring import score_file

    fields_map = _field_map(args)
    model = load_model(args.model, precision=args.precision)
    store = _open_store(args.store) if args.store else None
    if args.engine == "ray":
        from detector.errors import InputError
        from detector.ray_engine import score_with_ray

        if args.resume:
            raise InputError("--resume is for the local engine; Ray retries failed tasks itself")
        summary = score_with_ray(args.input, args.output, model, args.model, fields_map=fields_map, fmt=args.format,
                                 rejects_path=args.rejects, batch_size=args.batch_size, actors=args.workers,
                                 ray_address=args.ray_address, precision=args.precision, ner=args.ner,
                                 output_format=args.output_format, redacted=args.redact, store=store)
    else:
        output = open(os.devnull, "w", encoding="utf-8") if args.func is _cmd_ingest else args.output  # noqa: SIM115
        summary = score_file(args.input, output, model, fields_map=fields_map, fmt=args.format,
                             rejects_path=args.rejects, batch_size=args.batch_size, progress=not args.no_progress,
                             ner=args.ner, workers=args.workers, resume=args.resume, redacted=args.redact,
                             store=store)
    if store is not None:
        _regroup(store)
        print(f"store: {store.count_posts()} posts in {store.engine.url.render_as_string()}", file=sys.stderr)
    print(f"read {summary.read}, scored {summary.scored}, flagged {summary.flagged}, rejected {summary.rejected}"
          + (f" {summary.reasons}" if summary.rejected else "")
          + (f", repaired {summary.repaired} (invalid UTF-8 or NUL bytes)" if summary.repaired else ""),
          file=sys.stderr)
    return 1 if summary.rejected else 0


def _regroup(store: PostStore) -> None:
    """Group the store's flagged posts into campaigns again, now that posts came in."""
    run = store.regroup_campaigns(actor="vigie")
    print(f"store: {run['campaigns']} campaigns among {run['flagged']} flagged posts (grouped in "
          f"{run['seconds']:.1f} s)", file=sys.stderr)


def _cmd_demo(args: argparse.Namespace) -> int:
    from detector.persistence import load_model
    from detector.scoring import score_file
    from detector.store import DEFAULT_DATA_DIR

    if not (args.model / "manifest.json").is_file():
        print(f"no model in {args.model}: training the default model from data/ (about two minutes)",
              file=sys.stderr)
        from training.train import train_default

        train_default(models_dir=args.model.parent, name=args.model.name)
    model = load_model(args.model)
    sample = REPO_ROOT / "data" / "sample" / "scraped_posts.jsonl"
    store = _open_store(args.store)
    summary = score_file(sample, args.output, model, progress=True, store=store)
    _regroup(store)
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
    # Streamlit signs its cookies (XSRF protection) with this secret: kept in a file only its owner
    # can read, passed through the environment so that it never shows in a process list.
    env = {**os.environ, "VIGIE_DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
           "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(DEFAULT_DATA_DIR / "cookie_secret"),
           "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "true"}
    store.close()
    return subprocess.call([sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboard" / "app.py"),
                            "--server.headless", "true", "--server.address", args.host, "--server.port",
                            str(args.port), "--browser.gatherUsageStats", "false",
                            "--client.toolbarMode", "minimal"], env=env)


def cookie_secret(path: Path) -> str:
    """The dashboard's cookie-signing secret: created once (random, mode 0600), then reused."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


def _cmd_data_import(args: argparse.Namespace) -> int:
    from training.data import default_public_path, import_public

    path = args.path or default_public_path(args.name)
    records = import_public(args.name, path)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} records ({sum(r['scam'] for r in records)} scam) from {path} -> {args.output}")
    return 0


def _cmd_data_stats(args: argparse.Namespace) -> int:
    from training.data import corpus_stats

    print(corpus_stats(args.data))
    return 0


def _add_reader_options(p: argparse.ArgumentParser) -> None:
    """What `score`, `ingest` and `campaigns` share: the input and its fields."""
    p.add_argument("input", type=Path, help="JSONL, CSV, Parquet or Telegram export (result.json); "
                   "JSONL, CSV and Telegram may be gzip- or zstd-compressed")
    p.add_argument("--text-field", help="input field of the post text (default text)")
    p.add_argument("--id-field", help="input field of the post id (default id; else the line number)")
    p.add_argument("--field", action="append", metavar="KEY=COLUMN",
                   help="map another field: author_handle, author_name, author_verified, author_followers, date")
    p.add_argument("--fields", type=Path, help='JSON mapping file, e.g. {"text": "message", "id": "post_id"}')
    p.add_argument("--format", choices=FORMATS, help="default: from the file name")
    p.add_argument("--rejects", type=Path, help="where rejected records go (default OUTPUT.rejects.jsonl)")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    """The reader options, and the model and batching options of `score` and `ingest`."""
    _add_reader_options(p)
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--batch-size", type=int, default=512)
    p.add_argument("--precision", choices=["auto", "fp32", "bf16", "int8"], default="auto",
                   help="transformer models: auto (bf16 where the CPU has it natively, else fp32), fp32, bf16, "
                   "or int8 dynamic quantization")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="scoring processes, or Ray actors with --engine ray (default: one per CPU core)")
    p.add_argument("--ner", action="store_true", help="spaCy NER for impersonation names the gazetteer misses "
                   "(slower)")
    p.add_argument("--no-progress", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    """The `vigie` argument parser."""
    parser = argparse.ArgumentParser(prog="vigie", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging and tracebacks")
    verbs = parser.add_subparsers(dest="verb", required=True)

    p = verbs.add_parser("train", help="train the default model from data/ into models/")
    p.add_argument("--data", type=Path, default=CORPUS_DIR, help="folder of labelled *.jsonl")
    p.add_argument("--models", type=Path, default=MODELS_DIR, help="folder of model folders")
    p.add_argument("--name", default="default")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-external", action="store_true", help="skip the evaluation on other authors' sets")
    p.add_argument("--feature-set", help="train this feature set instead of the best eligible one "
                   "(see training/train.py CANDIDATES)")
    p.add_argument("--backend", choices=["default", "transformer", "frozen"], default="default",
                   help="transformer: fine-tune --base-model; frozen: linear head on its frozen embeddings")
    p.add_argument("--base-model", help="local Hugging Face folder or hub id of a multilingual encoder")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--max-length", type=int, default=128, help="tokens per post (longer posts are truncated)")
    p.add_argument("--learning-rate", type=float, default=5e-5)
    p.add_argument("--no-resume", action="store_true", help="start over instead of resuming from checkpoints")
    p.set_defaults(func=_cmd_train)

    p = verbs.add_parser("evaluate", help="precision, recall, F1, PR-AUC, calibration; PR curve as PNG")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--input", type=Path, help="labelled JSONL (fields text, scam; category, lang optional)")
    source.add_argument("--public", help="a public set by importer name (see `vigie data import -h`)")
    source.add_argument("--suite", action="store_true",
                        help="every labelled set of real posts in ../shared/datasets and the outside authors, "
                        "one table (sets the model learned from are cross-fitted and left out, never scored as seen)")
    p.add_argument("--folds", type=int, default=3, help="folds for cross-fitting with --suite (default 3)")
    p.add_argument("--data", type=Path, default=CORPUS_DIR, help="the corpus the model was trained on (--suite)")
    p.add_argument("--split", default="test", help="corpus split when no --input/--public (default test)")
    p.add_argument("-o", "--output", type=Path, default=Path("out/evaluation"), help="report folder")
    p.set_defaults(func=_cmd_evaluate)

    p = verbs.add_parser("score", help="score posts: one JSON line per input record, in input order")
    _add_input_options(p)
    p.add_argument("-o", "--output", default="-", help="output JSONL (default stdout)")
    p.add_argument("--redact", action="store_true", help="mask phone numbers, links, e-mails and handles in the "
                   "evidence and rejects, for output shared outside the committee")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same -o from its last committed batch")
    p.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="ray: score on Ray Data (pip install 'vigie[ray]'); INPUT may then be a folder of files")
    p.add_argument("--ray-address", help="an existing Ray cluster (e.g. auto, ray://head:10001; default "
                   "RAY_ADDRESS, else a local Ray instance)")
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl",
                   help="--engine ray with a folder as -o (ending in /): the dataset's file format")
    p.add_argument("--store", nargs="?", const="default", help="also put the scored posts into the review store "
                   "(a database URL; default VIGIE_DATABASE_URL, else SQLite in ./vigie-data)")
    p.set_defaults(func=_cmd_score)

    p = verbs.add_parser("ingest", help="score posts into the review store (no output file)")
    _add_input_options(p)
    p.add_argument("--store", help="database URL (default VIGIE_DATABASE_URL, else SQLite in ./vigie-data)")
    p.set_defaults(func=_cmd_ingest, output=None, redact=False, resume=False, engine="local")

    p = verbs.add_parser("export-reviews", help="write settled reviews (agreeing or adjudicated) as labelled "
                         "records, a new versioned file under data/reviews/")
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("-o", "--output", type=Path, default=REVIEWS_DIR)
    p.set_defaults(func=_cmd_export_reviews)

    p = verbs.add_parser("retrain", help="train on corpus + reviews (the newest fifth held back); promote only if "
                         "better on the held-back reviews and not worse on the corpus test split")
    p.add_argument("--models", type=Path, default=MODELS_DIR)
    p.add_argument("--name", default="default")
    p.add_argument("--data", type=Path, default=CORPUS_DIR, help="the corpus (its test split judges)")
    p.add_argument("--reviews", type=Path, default=REVIEWS_DIR)
    p.add_argument("--no-external", action="store_true", help="skip the evaluation on other authors' sets")
    p.set_defaults(func=_cmd_retrain)

    p = verbs.add_parser("campaigns", help="group posts into campaigns: near-duplicate texts and shared "
                         "phone numbers, links, handles; one JSON line per input post")
    _add_reader_options(p)
    p.add_argument("-o", "--output", default="-", help="output JSONL (default stdout)")
    p.add_argument("--threshold", type=float, default=0.5, help="text similarity (Jaccard of character 5-grams) "
                   "above which two posts are one template")
    p.set_defaults(func=_cmd_campaigns)

    p = verbs.add_parser("demo", help="train if needed, score the bundled sample of scraped posts into the "
                         "review store, create demo accounts and serve the dashboard")
    p.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    p.add_argument("-o", "--output", type=Path, default=Path("out/sample_scored.jsonl"))
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("--no-serve", action="store_true", help="score and fill the store, do not start the dashboard")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=_cmd_demo)

    data = verbs.add_parser("data", help="labelled data tools").add_subparsers(dest="data_verb", required=True)
    p = data.add_parser("import", help="map a public labelled set to Vigie's schema")
    p.add_argument("name", help="scamspot, difraud-jobs, difraud-sms, sms-spam, sms-phishing, youtube-spam, janitr")
    p.add_argument("path", type=Path, nargs="?", help="file or folder (default: ../shared/datasets/...)")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=_cmd_data_import)
    p = data.add_parser("stats", help="corpus counts by language and category")
    p.add_argument("--data", type=Path, default=CORPUS_DIR)
    p.set_defaults(func=_cmd_data_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `vigie` with `argv` (default: the process arguments); returns the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args))
    except VigieError as err:
        if args.verbose:
            raise
        print(f"vigie: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
