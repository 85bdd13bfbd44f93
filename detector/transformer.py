"""Transformer backends: a fine-tuned multilingual encoder, or a frozen one with a linear head.

Both give the same `predict` / `predict_proba` as `Detector`, so `vigie score` serves any of them.
Weights are read from safetensors only, and nothing from a model folder is executed
(`trust_remote_code=False`; `detector.persistence` refuses folders that ask for remote code).

Inference sorts a batch by length and cuts it into sub-batches of similar length (little padding),
and runs in one of `PRECISIONS`: fp32; bf16 weights and activations, fast where the CPU computes
bf16 natively (AVX512-BF16, AMX); or int8 dynamic quantization of the linear layers. "auto" takes
bf16 where the CPU has it natively, else fp32 (models/README.md has the measured quality of each).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from detector.classifiers import CATEGORIES, SCAM_CATEGORIES, Prediction, make_predictions
from detector.normalize import normalize
from detector.signals import scan

# multilingual-E5 expects a task prefix; other encoders ignore it harmlessly, and training and
# inference must agree, so the prefix is part of the saved configuration.
DEFAULT_PREFIX = "passage: "
PRECISIONS = ("auto", "fp32", "bf16", "int8")


def native_bf16() -> bool:
    """Whether this CPU computes bf16 dot products in hardware (else bf16 is emulated, and slow)."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


def resolve_precision(precision: str) -> str:
    """`precision`, with "auto" made concrete for this machine."""
    if precision not in PRECISIONS:
        from detector.errors import ModelError

        raise ModelError(f"unknown precision {precision!r}; expected one of {list(PRECISIONS)}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def length_sorted_batches(lengths: Sequence[int], max_tokens: int, max_batch: int) -> Iterator[list[int]]:
    """Indices grouped into batches of similar length, each under `max_tokens` padded tokens.

    Example
    -------
    >>> list(length_sorted_batches([5, 50, 6, 48], max_tokens=100, max_batch=8))
    [[0, 2], [3, 1]]
    """
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batch: list[int] = []
    for index in order:
        longest = max(lengths[index], *(lengths[i] for i in batch)) if batch else lengths[index]
        if batch and (longest * (len(batch) + 1) > max_tokens or len(batch) >= max_batch):
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch


def scam_probability(category_proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """P(scam) as the sum of the probabilities of the scam categories."""
    cols = np.isin(np.asarray(classes), SCAM_CATEGORIES)
    return np.asarray(category_proba[:, cols].sum(axis=1))


class _EncoderRunner:
    """Tokenizer + torch model with length-sorted batching, in fp32, bf16 or int8.

    `max_tokens` and `max_batch` bound a sub-batch: on this project's 2-core machine, 4,096 padded
    tokens and 32 posts scored faster than larger or smaller sub-batches.
    """

    def __init__(self, folder: Path, *, head: str, precision: str, max_length: int, prefix: str,
                 max_tokens: int = 4096, max_batch: int = 32) -> None:
        import torch
        from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True, trust_remote_code=False)
        cls = AutoModelForSequenceClassification if head == "classifier" else AutoModel
        model = cls.from_pretrained(folder, local_files_only=True, trust_remote_code=False, use_safetensors=True)
        model.eval()
        self.precision = resolve_precision(precision)
        if self.precision == "bf16":
            model = model.to(torch.bfloat16)
        elif self.precision == "int8":
            # torch.ao's eager quantization is deprecated in favour of torchao, but it is what the pinned
            # torch ships, and it needs no extra package.
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model = model
        self.head = head
        self.max_length, self.prefix = max_length, prefix
        self.max_tokens, self.max_batch = max_tokens, max_batch

    def run(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities (classifier head) or mean-pooled embeddings (bare encoder)."""
        return encoder_outputs(self.model, self.tokenizer, texts, head=self.head, max_length=self.max_length,
                               prefix=self.prefix, max_tokens=self.max_tokens, max_batch=self.max_batch)


def encoder_outputs(model: Any, tokenizer: Any, texts: Sequence[str], *, head: str = "classifier",
                    max_length: int = 256, prefix: str = "", max_tokens: int = 4096,
                    max_batch: int = 32) -> np.ndarray:
    """The one scoring loop of the transformer backends: texts in length-sorted sub-batches.

    Parameters
    ----------
    model, tokenizer : transformers objects
        A model in eval mode (`AutoModelForSequenceClassification` for ``head="classifier"``,
        `AutoModel` otherwise) and its tokenizer.
    texts : sequence of str
        Already normalized posts; `prefix` is put before each.
    head : str
        ``"classifier"``: softmax class probabilities; anything else: mean-pooled, L2-normalized
        embeddings of the last hidden state.
    max_length : int
        Tokens kept per post (truncation).
    max_tokens, max_batch : int
        Bounds of a sub-batch (padded tokens, posts): `length_sorted_batches`. Scoring uses 4,096
        and 32 (fastest on the project's 2-core machine); training's validation passes larger ones.

    Returns
    -------
    numpy.ndarray
        One row per text, in the order given (shape (0, 0) for no text).
    """
    import torch

    encoded = tokenizer([prefix + t for t in texts], truncation=True, max_length=max_length)
    ids = encoded["input_ids"]
    out: list[np.ndarray] = [np.zeros(0)] * len(texts)
    with torch.inference_mode():
        for batch in length_sorted_batches([len(x) for x in ids], max_tokens, max_batch):
            features = tokenizer.pad({"input_ids": [ids[i] for i in batch],
                                      "attention_mask": [encoded["attention_mask"][i] for i in batch]},
                                     return_tensors="pt")
            result = model(**features)
            if head == "classifier":
                values = torch.softmax(result.logits, dim=-1)
            else:
                mask = features["attention_mask"].unsqueeze(-1).to(result.last_hidden_state.dtype)
                values = (result.last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1)
                values = torch.nn.functional.normalize(values, dim=-1)
            for row, index in zip(values.float().numpy(), batch, strict=True):
                out[index] = row
    return np.vstack(out) if texts else np.zeros((0, 0))


class _CategoryScorer:
    """What both backends share: category probabilities of normalized posts (`_proba`) turned into
    `predict_proba` and `predict`, as `Detector` gives them."""

    classes_: np.ndarray
    threshold: float

    def _proba(self, clean: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def category_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities of the eight categories, columns in `classes_` order."""
        return self._proba([normalize(t) for t in texts])

    def predict_proba(self, texts: Sequence[str] | str) -> np.ndarray:
        """Probability that each post is a lure."""
        texts = [texts] if isinstance(texts, str) else texts
        return scam_probability(self.category_proba(texts), list(self.classes_))

    def predict(self, texts: Sequence[str] | str) -> list[Prediction]:
        """Score, flag, category and red-flag evidence for each post."""
        texts = [texts] if isinstance(texts, str) else texts
        clean = [normalize(t) for t in texts]
        proba = self._proba(clean)
        return make_predictions(scam_probability(proba, list(self.classes_)), proba, self.classes_,
                                [scan(t, normalized=True) for t in clean], threshold=self.threshold)


class TransformerDetector(_CategoryScorer):
    """A fine-tuned sequence classifier over the eight categories.

    Parameters
    ----------
    folder : Path
        A Hugging Face model folder (config, model.safetensors, tokenizer) saved by `vigie train
        --backend transformer`.
    threshold : float
        Flagging threshold on P(scam).
    precision : str
        One of `PRECISIONS` (see the module docstring).
    """

    def __init__(self, folder: str | Path, *, threshold: float = 0.5, precision: str = "fp32", max_length: int = 256,
                 prefix: str = DEFAULT_PREFIX) -> None:
        self.folder = Path(folder)
        self.threshold = threshold
        self.runner = _EncoderRunner(self.folder, head="classifier", precision=precision, max_length=max_length,
                                     prefix=prefix)
        id2label = self.runner.model.config.id2label
        self.classes_ = np.asarray([id2label[i] for i in range(len(id2label))])
        if set(self.classes_) != set(CATEGORIES):
            from detector.errors import ModelError

            raise ModelError(f"{folder}: labels {sorted(self.classes_)} are not Vigie's eight categories")

    def _proba(self, clean: Sequence[str]) -> np.ndarray:
        return self.runner.run(clean)


class FrozenEncoderDetector(_CategoryScorer):
    """Mean-pooled embeddings of a frozen encoder + a multinomial logistic head (safetensors + JSON)."""

    HEAD_FILE = "head.safetensors"
    HEAD_META = "head.json"

    def __init__(self, folder: str | Path, *, threshold: float = 0.5, precision: str = "fp32") -> None:
        from safetensors.numpy import load_file

        self.folder = Path(folder)
        meta = json.loads((self.folder / self.HEAD_META).read_text(encoding="utf-8"))
        weights = load_file(self.folder / self.HEAD_FILE)
        self.coef_, self.intercept_ = weights["coef"], weights["intercept"]
        self.classes_ = np.asarray(meta["classes"])
        self.threshold = threshold
        self.runner = _EncoderRunner(self.folder / "encoder", head="encoder", precision=precision,
                                     max_length=int(meta["max_length"]), prefix=str(meta["prefix"]))

    def _proba(self, clean: Sequence[str]) -> np.ndarray:
        logits = self.runner.run(clean) @ self.coef_.T + self.intercept_
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))



def embed_frozen(folder: str | Path, texts: Sequence[str], *, max_length: int = 256,
                 prefix: str = DEFAULT_PREFIX) -> np.ndarray:
    """Mean-pooled, L2-normalized embeddings of normalized `texts` from a bare encoder folder."""
    runner = _EncoderRunner(Path(folder), head="encoder", precision="fp32", max_length=max_length, prefix=prefix)
    return runner.run([normalize(t) for t in texts])


def transformer_config(folder: Path) -> dict[str, Any]:
    """The model's config.json as a dict (read as data, nothing executed)."""
    return dict(json.loads((folder / "config.json").read_text(encoding="utf-8")))
