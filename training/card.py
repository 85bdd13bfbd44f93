"""The model card (`models/<name>/README.md`), written from the figures training measured."""

from __future__ import annotations

from typing import Any

_INTENDED = """## Intended use
Triage of public social-media posts for analysts of anti-trafficking committees: the model ranks
and flags posts that look like recruitment lures (fake jobs abroad, fake scholarships, celebrity
impersonation, other lures such as fake visa lotteries) and shows the red-flag evidence. A flag
is a reason to look, never a finding: an analyst reviews every flagged post.

Not for: automated takedowns or sanctions, judging a person, scoring private messages collected
without a legal basis.
"""

_LIMITS = """## Limits
- The seed corpus was written by the project team; figures on it overstate what the model does on
  posts by other people. The *Other authors* table is the honest one.
- The public sets are English SMS, comments and job ads: they are not recruitment lures of this
  region, so low recall there on prize/crypto spam is expected and says little about our lures.
- Language identification is rule-based (function words and markers); code-switched posts are the
  hardest to place. Per-language figures on small languages have wide margins.
- Celebrity impersonation is judged from text only here: no gazetteer and no account metadata.
"""


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join("" if c is None else str(c) for c in cells) + " |"


def _metrics_table(rows: dict[str, dict[str, Any]], first: str) -> list[str]:
    lines = [_row([first, "n", "scam", "precision", "recall", "F1", "PR-AUC", "FPR"]),
             _row(["---"] * 8)]
    for key, m in rows.items():
        lines.append(_row([key, m["n"], m["positives"], m["precision"], m["recall"], m["f1"], m["pr_auc"],
                           m["false_positive_rate"]]))
    return lines


def _expert_data(params: dict[str, Any]) -> str:
    """What the stack's experts learn from, in words (`StackedDetector`'s parameters)."""
    share, alone = params.get("expert_corpus_share", 0.0), tuple(params.get("experts_alone", ()))
    if not share:
        return "learning from that genre only"
    kept = f"; learning from their genre alone: {', '.join(alone)}" if alone else ""
    return f"learning from its genre and from the corpus, the corpus weighing {share:g} of its training{kept}"


def render_card(*, name: str, version: str, metrics: dict[str, Any], params: dict[str, Any]) -> str:
    """Markdown model card from the metrics dict that `train_default` builds."""
    test, ext = metrics["test"], metrics.get("external", {})
    lines = [f"# Model card: `{name}` {version}", "",
             "Calibrated logistic regressions over character/word n-grams of de-obfuscated text and "
             "red-flag signal features (`detector.classifiers.Detector`). Saved with skops and an "
             "allow-list of types; no pickle.", "",
             "Reproduce: `vigie train` (this card, `metrics.json` and the plots are written by it).", "",
             "## Data", ""]
    lines += [_row(["split", "posts", "by language", "by category"]), _row(["---"] * 4)]
    for split, d in metrics["data"].items():
        lines.append(_row([split, d["n"], ", ".join(f"{k} {v}" for k, v in sorted(d["by_lang"].items())),
                           ", ".join(f"{k} {v}" for k, v in sorted(d["by_category"].items()))]))
    lines += ["", "Splits are leak-free: near-duplicates, campaigns and posts sharing a phone number, link or "
              "handle stay in one split.", "",
              "## Feature sets compared (validation split, same split for all; writing batches held out)", "",
              _row(["feature set", "val PR-AUC", "val best F1", "threshold", "batches-out PR-AUC",
                    "batches-out F1", "outside PR-AUC", "outside F1", "fit s", "posts/s"]), _row(["---"] * 10)]
    batches_out = metrics.get("candidates_batches_out") or {}
    for cand, m in metrics["candidates_validation"].items():
        mark = " **(chosen)**" if cand == metrics["chosen"] else ""
        b = batches_out.get(cand, {})
        lines.append(_row([cand + mark, m["pr_auc"], m["f1_at_best_threshold"], m["threshold"], b.get("pr_auc"),
                           b.get("f1_at_best_threshold"), m.get("outside_pr_auc"), m.get("outside_f1"),
                           m["fit_seconds"], m["posts_per_second"]]))
    ranked_on = ("PR-AUC on writing batches held out (train + validation, folds of whole batches: a random "
                 "split rewards features that learn one writer's habits)" if batches_out else "validation PR-AUC")
    why = ("requested with `--feature-set`" if metrics.get("chosen_on_request") else
           f"highest {ranked_on} among the sets fast enough for the default; encoder sets are compared, "
           "not chosen by default, as the encoder alone runs below 1,000 posts/s here")
    lines += ["", "outside: the 701 posts of `../shared/datasets/outside_authors` (other author; reported, never "
              "used to choose), F1 at the validation threshold. "
              "posts/s: the whole scoring path (normalisation, features, both regressions, evidence, language) "
              "on the validation posts, in one process on this machine's 2 cores.", "",
              f"Chosen: `{metrics['chosen']}` ({why}). Flagging threshold "
              f"{metrics['candidates_validation'][metrics['chosen']]['threshold']} (best F1 on validation). "
              "The saved model is the chosen set refitted on "
              "train + validation; the test split below was never seen in training or choosing.", ""]
    if metrics.get("trained_on"):
        lines += ["## Real posts in training: the stack", "",
                  "The model is a `detector.ensemble.StackedDetector`: the corpus model above (learning from the "
                  f"corpus only), one expert per genre of real public posts (word n-grams + logistic regression, "
                  f"{_expert_data(params)}), a router that tells which genre a post is of, and a gate "
                  "over them, fitted on out-of-fold scores with every genre weighing as much as the others. "
                  f"Real sets learned from: {', '.join(f'`{n}`' for n in metrics['trained_on'])}. "
                  f"Flagging threshold {metrics['threshold']}: the best mean F1 over genres on out-of-fold scores "
                  "(the validation threshold above is the corpus model's own).", ""]
    lines += _evaluation_sections(test, ext)
    if suite := metrics.get("suite"):
        from training.suite import suite_table

        lines += ["## Real posts written by other people (the suite)", "",
                  "`vigie evaluate --suite` measures the same way. A set the model learned from is judged "
                  "*cross-fitted* (the stack's top refitted without one fold of the set scores that fold: the "
                  "mirror of a held-back split of the same source) and *left out* (refitted without the whole set: "
                  "a new source of that genre). Never on posts the judged model learned from.", "",
                  suite_table(suite), ""]
    lines += [_INTENDED, _LIMITS, "## Hyperparameters", "", "```", *(f"{k} = {v!r}" for k, v in sorted(params.items())),
              "```", ""]
    return "\n".join(lines)


def _evaluation_sections(test: dict[str, Any], ext: dict[str, Any]) -> list[str]:
    """Test split, language identification and other authors' sections, shared by every backend."""
    o = test["overall"]
    lines = ["## Corpus test split", "",
              f"Overall: precision {o['precision']}, recall {o['recall']}, F1 {o['f1']}, PR-AUC {o['pr_auc']}, "
              f"ROC-AUC {o['roc_auc']}, Brier {o['brier']}, ECE {o['ece']}; category accuracy "
              f"{test['category_accuracy']}.", ""]
    lines += _metrics_table(test["by_lang"], "language") + [""]
    lines += _metrics_table(test["by_difficulty"], "difficulty") + [""]
    lines += [_row(["category", "n", "recall (scam) / false-positive rate (benign)"]), _row(["---"] * 3)]
    for cat, m in test["by_category"].items():
        lines.append(_row([cat, m["n"], m.get("recall", m.get("false_positive_rate"))]))
    lines += ["", "![PR curve and calibration, test split](pr_curve_test.png)", ""]
    if imp := test.get("impersonation"):
        lines += ["## Celebrity impersonation (`detector.impersonation`)", "",
                  f"On the test split's {imp['impersonation_posts']} impersonation posts and "
                  f"{imp['celebrity_benign_posts']} benign posts naming a figure of the gazetteer:", "",
                  _row(["detector", "precision", "recall", "tp", "fp", "fn", "tn"]), _row(["---"] * 7)]
        for name, label in (("rule", "rule alone (gazetteer + NER + look-alike accounts)"),
                            ("with_model", "as `vigie score` reports `impersonates`")):
            m = imp[name]
            lines.append(_row([label, m["precision"], m["recall"], m.get("tp", 0), m.get("fp", 0), m.get("fn", 0),
                               m.get("tn", 0)]))
        lines.append("")
    lang_sets = {"corpus test split": test.get("language_id_accuracy"),
                 "outside authors": ext.get("outside_authors", {}).get("language_id_accuracy")}
    lang_sets = {k: v for k, v in lang_sets.items() if v}
    if lang_sets:
        langs = sorted({k for v in lang_sets.values() for k in v if k not in ("overall", "n")})
        lines += ["## Language identification (`detector.lang`)", "",
                  _row(["set", "n", "overall", *langs]), _row(["---"] * (3 + len(langs)))]
        lines += [_row([name, v["n"], v["overall"], *(v.get(lang) for lang in langs)]) for name, v in lang_sets.items()]
        lines += ["", "Pidgin shades into English and Camfranglais into French: most misses are between those pairs.",
                  ""]
    if ext:
        lines += ["## Other authors' posts (never trained on)", ""]
        if "outside_authors" in ext:
            oa = ext["outside_authors"]
            lines += ["`../shared/datasets/outside_authors` — 701 posts in this project's schema by an "
                      "independent author, all seven languages:", ""]
            lines += _metrics_table({"overall": oa["overall"], **oa["by_lang"]}, "language") + [""]
            lines += [_row(["category", "n", "recall (scam) / false-positive rate (benign)"]), _row(["---"] * 3)]
            for cat, m in oa["by_category"].items():
                lines.append(_row([cat, m["n"], m.get("recall", m.get("false_positive_rate"))]))
            lines += ["", "![PR curve and calibration, outside authors](pr_curve_outside_authors.png)", ""]
        public = {k: v for k, v in ext.items() if k != "outside_authors"}
        if public:
            lines += ["Public English sets (`vigie data import NAME`), whole sets, deduplicated:", ""]
            lines += _metrics_table(public, "set") + [""]
    return lines


def render_transformer_card(*, name: str, manifest: dict[str, Any], metrics: dict[str, Any],
                            config: dict[str, Any]) -> str:
    """Model card of a fine-tuned or frozen-encoder model (`training.transformer`)."""
    kind = ("a multilingual encoder fine-tuned as an eight-category sequence classifier"
            if manifest["format"] == "transformers" else
            "mean-pooled embeddings of a frozen multilingual encoder with a multinomial logistic head")
    backend = "transformer" if manifest["format"] == "transformers" else "frozen"
    lines = [f"# Model card: `{name}` {manifest['version']}", "",
             f"{kind.capitalize()} (`detector.transformer`), base model `{config['base_model']}`. Weights in "
             "safetensors; every file is checksummed in `manifest.json`; loading never runs code from the folder.",
             "", f"Reproduce: `vigie train --backend {backend} --base-model BASE --name {name}`. "
             f"Threshold {metrics['threshold']} (best F1 on validation); "
             "same leak-free splits and labels as the default model.", ""]
    if metrics.get("history"):
        lines += ["## Training", "", _row(["epoch", "train loss", "validation PR-AUC"]), _row(["---"] * 3)]
        lines += [_row([h["epoch"], h["train_loss"], h["val_pr_auc"]]) for h in metrics["history"]] + [""]
    lines += _evaluation_sections(metrics["test"], metrics.get("external", {}))
    lines += [_INTENDED, "## Hyperparameters", "", "```", *(f"{k} = {v!r}" for k, v in sorted(config.items())),
              "```", ""]
    return "\n".join(lines)
