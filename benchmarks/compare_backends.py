"""Default model vs. frozen encoder vs. fine-tuned transformer (and int8-quantized), on one split in
one run: F1 and PR-AUC overall, per language and per category, posts/s, peak memory; and the speed
of a plain `transformers.pipeline("text-classification")` on the fine-tuned model.

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

MARK_START, MARK_END = "<!-- comparison:start -->", "<!-- comparison:end -->"


def measure(model: str, quantize: bool, pipeline: bool) -> dict:
    """Runs in the child: score the test split, return figures."""
    from detector.classifiers import SCAM_CATEGORIES
    from detector.persistence import load_model
    from training.data import load_splits
    from training.evaluate import full_report, scam_metrics

    rows = load_splits()["test"].to_list()
    texts = [r["text"] for r in rows]
    loaded = load_model(model, quantize=quantize)
    threshold = loaded.detector.threshold
    if pipeline:
        from transformers import pipeline as hf_pipeline

        classify = hf_pipeline("text-classification", model=model, top_k=None, device=-1)
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


def run_child(model: str, quantize: bool = False, pipeline: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--child", model] + (["--quantize"] if quantize else []) + (
        ["--pipeline"] if pipeline else [])
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--quantize", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pipeline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--default", default=str(ROOT / "models" / "default"))
    parser.add_argument("--frozen")
    parser.add_argument("--fine-tuned")
    parser.add_argument("--write", type=Path, help="replace the comparison section of this Markdown file")
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.quantize, args.pipeline)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    runs = {"default (n-grams + signals)": (args.default, False, False)}
    if args.frozen:
        runs["frozen encoder + linear head"] = (args.frozen, False, False)
    if args.fine_tuned:
        runs["fine-tuned transformer"] = (args.fine_tuned, False, False)
        runs["fine-tuned, int8 quantized"] = (args.fine_tuned, True, False)
        runs["fine-tuned via transformers.pipeline"] = (args.fine_tuned, False, True)
    results = {}
    for name, (model, quantize, pipeline) in runs.items():
        print(f"measuring {name} ...", file=sys.stderr)
        results[name] = run_child(model, quantize, pipeline)
    text = table(results)
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
