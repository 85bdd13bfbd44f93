"""Fine-tune a multilingual encoder as an eight-category classifier, or fit a linear head on its
frozen mean-pooled embeddings. Same leak-free splits and label set as the default model.

    vigie train --backend transformer --base-model /path/to/multilingual-e5-small --name me5-ft
    vigie train --backend frozen --base-model /path/to/multilingual-e5-small --name me5-frozen
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from detector.errors import ModelError
from detector.extras import require
from detector.persistence import file_checksums, write_manifest
from detector.taxonomy import CATEGORIES
from detector.transformer import FrozenEncoderDetector, scam_probability
from training.data import CORPUS_DIR, load_splits
from training.evaluate import best_threshold, full_report, plot_pr_and_calibration
from training.train import MODELS_DIR, external_reports, model_version

# Defined in a light module so that `vigie` builds its options without loading torch or scikit-learn.
from training.transformer_config import FineTuneConfig, FineTuneConfigError

__all__ = ["FineTuneConfig", "FineTuneConfigError", "fine_tune", "fit_frozen"]

log = logging.getLogger(__name__)


def _local_only(base_model: str) -> bool:
    return Path(base_model).exists()


def _set_seeds(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _labels(categories: list[str]) -> list[int]:
    index = {c: i for i, c in enumerate(CATEGORIES)}
    return [index[c] for c in categories]


def _category_proba(model: Any, tokenizer: Any, texts: list[str], config: FineTuneConfig) -> np.ndarray:
    """Validation scores with the scoring loop of the backends, in larger sub-batches (fp32, no
    other process competing for the cores while training)."""
    from detector.normalize import normalize
    from detector.transformer import encoder_outputs

    model.eval()
    return encoder_outputs(model, tokenizer, [normalize(t) for t in texts], max_length=config.max_length,
                           prefix=config.prefix, max_tokens=8192, max_batch=64)


def _optimization(model: Any, config: FineTuneConfig, steps_per_epoch: int) -> tuple[list[Any], Any, Any]:
    """Trainable parameters, AdamW and the linear warm-up schedule (frozen embeddings left out)."""
    import torch
    from transformers import get_linear_schedule_with_warmup

    if config.freeze_embeddings:
        for param in model.base_model.embeddings.parameters():
            param.requires_grad = False
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=config.learning_rate, weight_decay=config.weight_decay)
    total = steps_per_epoch * config.epochs
    return params, optimizer, get_linear_schedule_with_warmup(optimizer, int(config.warmup_ratio * total), total)


def _save_checkpoint(folder: Path, model: Any, tokenizer: Any, state: dict[str, Any]) -> None:
    import torch

    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    torch.save(state, tmp / "training_state.pt")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)  # a checkpoint is whole or absent, even if training is killed mid-save


def fine_tune(config: FineTuneConfig, *, name: str = "transformer", models_dir: Path = MODELS_DIR,
              data_dir: Path = CORPUS_DIR, resume: bool = True, external: bool = True) -> Path:
    """Fine-tune `config.base_model` on the corpus; early stopping on validation PR-AUC.

    Checkpoints go to `models_dir/name/checkpoints/` after every epoch; with `resume`, a run that
    was stopped goes on from the last one. Returns the saved model folder.
    """
    require("transformer", "fine-tuning a transformer")
    import torch
    from tqdm import tqdm
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    _set_seeds(config.seed)
    splits = load_splits(data_dir, seed=config.seed)
    train, validation, test = splits["train"], splits["validation"], splits["test"]
    train_texts, train_cats = list(train["text"]), list(train["category"])
    if config.max_train_posts:
        train_texts, train_cats = train_texts[:config.max_train_posts], train_cats[:config.max_train_posts]
    folder = Path(models_dir) / name
    # Beside the model folder, not in it: a model folder holds nothing that unpickles.
    checkpoints = Path(models_dir) / f"{name}.checkpoints"
    local = _local_only(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(config.base_model, local_files_only=local, trust_remote_code=False)
    model = AutoModelForSequenceClassification.from_pretrained(
        config.base_model, num_labels=len(CATEGORIES), id2label=dict(enumerate(CATEGORIES)),
        label2id={c: i for i, c in enumerate(CATEGORIES)}, local_files_only=local, trust_remote_code=False,
        use_safetensors=True)
    encoded = tokenizer([config.prefix + text for text in _normalized(train_texts)], truncation=True,
                        max_length=config.max_length)
    labels = _labels(train_cats)
    counts = np.bincount(labels, minlength=len(CATEGORIES)).astype(float)
    # Inverse-frequency class weights: other_scam is rare and must still be learned.
    weights = torch.tensor(len(labels) / (len(CATEGORIES) * np.maximum(counts, 1)), dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    steps_per_epoch = (len(labels) + config.batch_size - 1) // config.batch_size
    state: dict[str, Any] = {"epoch": 0, "best_pr_auc": -1.0, "bad_epochs": 0, "history": []}
    last = checkpoints / "last"
    saved = None
    if resume and (last / "training_state.pt").is_file():
        saved = torch.load(last / "training_state.pt", weights_only=True)
        model = AutoModelForSequenceClassification.from_pretrained(last, local_files_only=True,
                                                                   trust_remote_code=False, use_safetensors=True)
    params, optimizer, scheduler = _optimization(model, config, steps_per_epoch)
    if saved is not None:
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        torch.set_rng_state(saved["rng"])
        state = {k: saved[k] for k in state}
        log.info("resuming from %s after epoch %d", last, state["epoch"])
    generator = torch.Generator().manual_seed(config.seed + int(state["epoch"]))
    from sklearn.metrics import average_precision_score

    y_val = np.asarray(validation["scam"])
    while state["epoch"] < config.epochs and state["bad_epochs"] <= config.patience:
        model.train()
        order = torch.randperm(len(labels), generator=generator).tolist()
        total = 0.0
        bar = tqdm(range(0, len(order), config.batch_size), desc=f"epoch {state['epoch'] + 1}/{config.epochs}",
                   unit="batch")
        for start in bar:
            batch = order[start:start + config.batch_size]
            features = tokenizer.pad({k: [encoded[k][i] for i in batch] for k in ("input_ids", "attention_mask")},
                                     return_tensors="pt")
            logits = model(**features).logits
            loss = loss_fn(logits, torch.tensor([labels[i] for i in batch]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += float(loss.detach())
            bar.set_postfix(loss=f"{total / (start // config.batch_size + 1):.3f}")
        proba = _category_proba(model, tokenizer, list(validation["text"]), config)
        pr_auc = float(average_precision_score(y_val, scam_probability(proba, list(CATEGORIES))))
        state["epoch"] += 1
        state["history"].append({"epoch": state["epoch"], "train_loss": round(total / steps_per_epoch, 4),
                                 "val_pr_auc": round(pr_auc, 4)})
        log.info("epoch %d: %s", state["epoch"], state["history"][-1])
        if pr_auc > state["best_pr_auc"]:
            state["best_pr_auc"], state["bad_epochs"] = pr_auc, 0
            _save_checkpoint(checkpoints / "best", model, tokenizer, {"epoch": state["epoch"]})
        else:
            state["bad_epochs"] += 1
        _save_checkpoint(last, model, tokenizer, {**state, "optimizer": optimizer.state_dict(),
                                                  "scheduler": scheduler.state_dict(), "rng": torch.get_rng_state()})
    best = AutoModelForSequenceClassification.from_pretrained(checkpoints / "best", local_files_only=True,
                                                              trust_remote_code=False, use_safetensors=True)
    val_scores = scam_probability(_category_proba(best, tokenizer, list(validation["text"]), config), list(CATEGORIES))
    threshold = best_threshold(y_val, val_scores)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for item in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "special_tokens_map.json", "sentencepiece.bpe.model"):
        if (checkpoints / "best" / item).is_file():
            shutil.copy2(checkpoints / "best" / item, folder / item)
    (folder / "training_args.json").write_text(json.dumps({**asdict(config), "history": state["history"]},
                                                          indent=2) + "\n", encoding="utf-8")
    return _finish(folder, name=name, fmt="transformers", threshold=threshold, config=config, test=test,
                   data_dir=data_dir, external=external, extra={"history": state["history"]})


def _normalized(texts: list[str]) -> list[str]:
    from detector.normalize import normalize

    return [normalize(t) for t in texts]


def fit_frozen(config: FineTuneConfig, *, name: str = "frozen", models_dir: Path = MODELS_DIR,
               data_dir: Path = CORPUS_DIR, external: bool = True, C: float = 4.0) -> Path:
    """Logistic head on frozen mean-pooled embeddings; the encoder is copied into the model folder."""
    require("transformer", "a frozen-encoder model")
    from safetensors.numpy import save_file
    from sklearn.linear_model import LogisticRegression

    from detector.transformer import embed_frozen

    if not _local_only(config.base_model):
        raise ModelError(f"--backend frozen needs a local encoder folder, got {config.base_model!r}")
    splits = load_splits(data_dir, seed=config.seed)
    train, validation, test = splits["train"], splits["validation"], splits["test"]
    embed = lambda texts: embed_frozen(config.base_model, texts, max_length=config.max_length,  # noqa: E731
                                       prefix=config.prefix)
    head = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=config.seed)
    head.fit(embed(list(train["text"])), list(train["category"]))
    classes = list(head.classes_)
    val_scores = scam_probability(head.predict_proba(embed(list(validation["text"]))), classes)
    threshold = best_threshold(validation["scam"], val_scores)
    folder = Path(models_dir) / name
    encoder = folder / "encoder"
    shutil.rmtree(folder, ignore_errors=True)
    encoder.mkdir(parents=True, exist_ok=True)
    for item in Path(config.base_model).iterdir():
        if item.is_file() and item.suffix in (".json", ".safetensors", ".model", ".txt"):
            shutil.copy2(item, encoder / item.name)
    # C order: safetensors writes the raw buffer, and sklearn may hold coef_ in Fortran order.
    save_file({"coef": np.ascontiguousarray(head.coef_, dtype=np.float32),
               "intercept": np.ascontiguousarray(head.intercept_, dtype=np.float32)},
              folder / FrozenEncoderDetector.HEAD_FILE)
    (folder / FrozenEncoderDetector.HEAD_META).write_text(json.dumps(
        {"classes": classes, "max_length": config.max_length, "prefix": config.prefix, "C": C,
         "base_model": config.base_model}, indent=2) + "\n", encoding="utf-8")
    return _finish(folder, name=name, fmt="frozen-encoder", threshold=threshold, config=config, test=test,
                   data_dir=data_dir, external=external, extra={})


def _finish(folder: Path, *, name: str, fmt: str, threshold: float, config: FineTuneConfig, test: Any,
            data_dir: Path, external: bool, extra: dict[str, Any]) -> Path:
    """Manifest (checksums of every file), test and external reports, model card."""
    from detector.persistence import load_model

    digest = hashlib.sha256(json.dumps(asdict(config), sort_keys=True).encode()).hexdigest()[:6]
    manifest = write_manifest(folder, {"name": name, "version": model_version(data_dir, digest), "format": fmt,
                                       "threshold": threshold, "prefix": config.prefix,
                                       "max_length": config.max_length, "base_model": config.base_model,
                                       "files": file_checksums(folder)})
    model = load_model(folder, precision="fp32")  # the card reports the reference precision
    preds = model.detector.predict(list(test["text"]))
    report = full_report(test.to_list(), [p.scam_score for p in preds], [p.category for p in preds],
                         threshold=threshold)
    plot_pr_and_calibration(test["scam"], [p.scam_score for p in preds], folder / "pr_curve_test.png",
                            title=f"{name}, corpus test split", threshold=threshold)
    ext = external_reports(model.detector, threshold, public=False) if external else {}
    ext.get("outside_authors", {}).pop("_scores", None)
    metrics = {"test": report, "external": ext, "threshold": threshold, "format": fmt, **extra}
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    from training.card import render_transformer_card

    (folder / "README.md").write_text(render_transformer_card(name=name, manifest=manifest, metrics=metrics,
                                                              config=asdict(config)), encoding="utf-8")
    return folder

