"""Default model vs. frozen encoder vs. fine-tuned transformer (fp32, bf16, int8), on one split in
one run: F1 and PR-AUC overall, per language and per category, posts/s, peak memory; and the speed
of a plain `transformers.pipeline("text-classification")` on the fine-tuned model (fp32, and bf16).

Each backend is measured in its own child process, so its peak RSS is its own.

    python benchmarks/compare_backends.py --default models/default \\
        --frozen RUNS/me5-small-frozen --fine-tuned RUNS/me5-small-ft --write models/README.md
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PLAIN = "fine-tuned via transformers.pipeline, fp32 (plain)"
MARK_START, MARK_END = "<!-- comparison:start -->", "<!-- comparison:end -->"


def measure(model: str, precision: str, pipeline: bool) -> dict:
    """Runs in the child: score the test split, return figures."""
    from detector.classifiers import SCAM_CATEGORIES
    from detector.persistence import load_model
    from training.data import load_splits
    from training.evaluate import full_report, scam_metrics

    rows = load_splits()["test"].to_list()
    texts = [r["text"] for r in rows]
    loaded = load_model(model, precision=precision)
    threshold = loaded.detector.threshold
    if pipeline:
        import torch
        from transformers import pipeline as hf_pipeline

        dtype = torch.bfloat16 if precision == "bf16" else torch.float32
        classify = hf_pipeline("text-classification", model=model, top_k=None, device=-1, dtype=dtype)
        prefix = loaded.manifest.get("prefix", "")
        from detector.normalize import normalize

        inputs = [prefix + normalize(t) for t in texts]
        start = time.perf_counter()
        outputs = classify(inputs, batch_size=16, truncation=True, max_length=int(loaded.manifest["max_length"]))
        seconds = time.perf_counter() - start
        scores = [sum(d["score"] for d in out if d["label"] in SCAM_CATEGORIES) for out in outputs]
        m = scam_metrics([r["scam"] for r in rows], scores, threshold=threshold)
        return {"overall": m, "seconds": seconds, "n": len(texts)}
    loaded.detector.predict(texts[:8])  # warm-up: lazy imports and allocations
    start = time.perf_counter()
    preds = loaded.detector.predict(texts)
    seconds = time.perf_counter() - start
    report = full_report(rows, [p.scam_score for p in preds], [p.category for p in preds], threshold=threshold)
    report["seconds"], report["n"] = seconds, len(texts)
    report["label"] = loaded.label
    return report


def run_child(model: str, precision: str = "fp32", pipeline: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", model, "--precision", precision] + (["--pipeline"] if pipeline else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))  # the child reports its own peak RSS


def table(results: dict[str, dict]) -> str:
    langs = sorted({k for r in results.values() for k in r.get("by_lang", {})})
    cats = [c for c in next(iter(results.values()))["by_category"]]
    lines = ["| backend | F1 | PR-AUC | " + " | ".join(f"F1 {lang}" for lang in langs) +
             " | posts/s | peak RSS MB |", "|---" * (5 + len(langs)) + "|"]
    for name, r in results.items():
        o = r["overall"]
        per_lang = [str(r["by_lang"][lang]["f1"]) if "by_lang" in r and lang in r["by_lang"] else "" for lang in langs]
        lines.append(f"| {name} | {o['f1']} | {o['pr_auc']} | " + " | ".join(per_lang) +
                     f" | {r['n'] / r['seconds']:,.0f} | {r['peak_rss_mb']:,.0f} |")
    lines += ["", "| backend | " + " | ".join(cats) + " |", "|---" * (1 + len(cats)) + "|"]
    for name, r in results.items():
        if "by_category" in r:
            cells = [str(v.get("recall", v.get("false_positive_rate"))) for v in r["by_category"].values()]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Per category: recall for the scam categories, false-positive rate for the benign ones.")
    return "\n".join(lines)


def speed_against_pipeline(results: dict[str, dict]) -> str:
    """Each fine-tuned row's posts/s as a multiple of the plain pipeline's, and its F1 difference."""
    plain = results[PLAIN]
    plain_speed = plain["n"] / plain["seconds"]
    lines = ["| fine-tuned model served by | × plain pipeline's posts/s | F1 − plain pipeline's F1 |", "|---|---|---|"]
    for name, r in results.items():
        if name.startswith("fine-tuned") and name != PLAIN:
            lines.append(f"| {name.removeprefix('fine-tuned ')} | {r['n'] / r['seconds'] / plain_speed:.2f} | "
                         f"{r['overall']['f1'] - plain['overall']['f1']:+.4f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--precision", default="fp32", help=argparse.SUPPRESS)
    parser.add_argument("--pipeline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--default", default=str(ROOT / "models" / "default"))
    parser.add_argument("--frozen")
    parser.add_argument("--fine-tuned")
    parser.add_argument("--write", type=Path, help="replace the comparison section of this Markdown file")
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.precision, args.pipeline)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    runs = {"default (n-grams + signals)": (args.default, "fp32", False)}
    if args.frozen:
        runs["frozen encoder + linear head, fp32"] = (args.frozen, "fp32", False)
        runs["frozen encoder + linear head, bf16"] = (args.frozen, "bf16", False)
    if args.fine_tuned:
        runs["fine-tuned transformer, fp32"] = (args.fine_tuned, "fp32", False)
        runs["fine-tuned transformer, bf16"] = (args.fine_tuned, "bf16", False)
        runs["fine-tuned transformer, int8 quantized"] = (args.fine_tuned, "int8", False)
        runs[PLAIN] = (args.fine_tuned, "fp32", True)
        runs["fine-tuned via transformers.pipeline, bf16"] = (args.fine_tuned, "bf16", True)
    results = {}
    for name, (model, precision, pipeline) in runs.items():
        print(f"measuring {name} ...", file=sys.stderr)
        results[name] = run_child(model, precision, pipeline)
    text = table(results)
    if PLAIN in results:
        text += "\n\n" + speed_against_pipeline(results)
    n = next(iter(results.values()))["n"]
    text = (f"Corpus test split ({n} posts), one run on this machine (2 CPU cores), "
            f"`python benchmarks/compare_backends.py ...`:\n\n" + text)
    print(text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        if MARK_START in doc:
            head, rest = doc.split(MARK_START, 1)
            doc = head + MARK_START + "\n" + text + "\n" + MARK_END + rest.split(MARK_END, 1)[1]
        else:
            doc += f"\n{MARK_START}\n{text}\n{MARK_END}\n"
        args.write.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
