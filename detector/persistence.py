"""Save and load models as data: skops with an explicit allow-list, a checksum, a model card.

A model folder holds `model.skops`, `manifest.json` (name, version, threshold, sha256 of the
model file), `config.json` (the resolved hyperparameters), `metrics.json` and `README.md` (the
model card), and the card's `pr_curve_*.png` plots. Loading refuses a folder whose model file changed
since it was saved, that holds a type outside the allow-list, or that carries a file its manifest
does not list (a pickle-like file, with or without a suffix): nothing in a model folder runs.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import json
import logging
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from detector.classifiers import Detector, Prediction
from detector.ensemble import StackedDetector
from detector.errors import ModelError
from detector.extras import require
from detector.settings import settings
from detector.signing import SIGNATURE_FILE, canonical_manifest, check_signature

log = logging.getLogger(__name__)

MODEL_FILE = "model.skops"
MANIFEST_FILE = "manifest.json"
# Written after the checksums (reports about the model, and the signature over the manifest, not the
# model): never loaded as code or weights.
UNCHECKED_FILES = {MANIFEST_FILE, SIGNATURE_FILE, "README.md", "metrics.json"}
# The files a skops model folder may hold besides its checksummed model file: the reports above, the
# resolved hyperparameters, `vigie retrain`'s decision and the PR-curve plots of the model card.
# Any other file is refused.
SKOPS_REPORT_FILES = UNCHECKED_FILES | {"config.json", "retrain.json"}
SKOPS_PLOTS = "pr_curve*.png"
FORMATS = ("skops", "transformers", "frozen-encoder")
# Types beyond skops' defaults that a Vigie model may hold; anything else is refused.
TRUSTED_TYPES = [
    "detector.classifiers.Detector",
    "detector.ensemble.StackedDetector",
    "detector.classifiers.SignalFeatures",
    "detector.classifiers.CompactTfidfVectorizer",
    "detector.encoder.SentenceEncoderFeatures",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
]
_FORBIDDEN_SUFFIXES = {".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".npy", ".py", ".pyc", ".so"}


class _RefuseArrayApiShims(importlib.abc.MetaPathFinder):
    """Refuses scikit-learn's vendored array-API shims for torch, CuPy and Dask (see `_skops_io`)."""

    SHIMS = tuple(f"sklearn.externals.array_api_compat.{lib}" for lib in ("torch", "cupy", "dask"))

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> None:
        if fullname.startswith(self.SHIMS):
            raise ImportError(f"{fullname} is not needed to load a Vigie model")


def _model_estimators() -> list[tuple[str, type]]:
    """The scikit-learn estimators a Vigie model holds (`Detector`, `StackedDetector`): what skops'
    default allow-list of scikit-learn types is made of when `_skops_io` imports it."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    return [(cls.__name__, cls) for cls in (CalibratedClassifierCV, CountVectorizer, FeatureUnion, IsotonicRegression,
                                            LogisticRegression, Pipeline, TfidfTransformer, TfidfVectorizer)]


def _skops_io() -> Any:
    """`skops.io`, imported on first use, without torch and without scikit-learn's package walk.

    Importing `skops.io` builds its default allow-list from scikit-learn's estimators
    (`sklearn.utils.all_estimators`), whose package walk imports every scikit-learn module (most
    of a second of `vigie score`'s start-up), `sklearn.externals.array_api_compat.torch` included,
    and through it torch where torch is installed. While `skops.io` is first imported,
    `all_estimators` answers the estimators a Vigie model holds (`_model_estimators`) instead: the
    allow-list is narrower than skops' own (a file holding any other scikit-learn estimator is
    refused, as any type outside `TRUSTED_TYPES`), never wider. scikit-learn's vendored array-API
    shims are refused meanwhile too, should the walk run (skops imported by other code first).
    """
    import sklearn.utils

    finder = _RefuseArrayApiShims()
    sys.meta_path.insert(0, finder)
    all_estimators = sklearn.utils.all_estimators
    sklearn.utils.all_estimators = _model_estimators
    try:
        import skops.io as sio
    finally:
        sklearn.utils.all_estimators = all_estimators
        sys.meta_path.remove(finder)
    return sio


class TextScorer(Protocol):
    """What every backend offers `vigie score`: `Detector`, `TransformerDetector`, `FrozenEncoderDetector`."""

    threshold: float

    def predict(self, texts: Sequence[str] | str) -> list[Prediction]: ...

    def predict_proba(self, texts: Sequence[str] | str) -> np.ndarray: ...


@dataclass(frozen=True)
class LoadedModel:
    """A detector with the manifest it was saved with."""

    detector: TextScorer
    name: str
    version: str
    manifest: dict[str, Any]

    @property
    def label(self) -> str:
        """`name@version`, as written in every scored record."""
        return f"{self.name}@{self.version}"

    @cached_property
    def sha256(self) -> str:
        """The model's content: a hex sha256 of its manifest, which pins the checksum of every model
        file (checked at load) and the threshold. Written as `model_sha256` beside `model` in every
        scored record, so that a model re-saved under the same name@version never passes as the other."""
        return hashlib.sha256(canonical_manifest(self.manifest)).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_checksums(folder: Path) -> dict[str, str]:
    """Sha256 of every file of a model folder that loading checks: all but the reports
    (`UNCHECKED_FILES`) and the card's plots, by path relative to `folder` (the `files` of a
    transformer manifest; `_check_hf_folder` checks the same selection)."""
    return {str(p.relative_to(folder)): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in UNCHECKED_FILES and p.suffix != ".png"}


def write_manifest(folder: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """Write `manifest` as the folder's `manifest.json` (every backend's one format) and return it."""
    (Path(folder) / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def save_model(detector: Detector, folder: str | Path, *, name: str, version: str, card: str,
               metrics: dict[str, Any], extra_manifest: dict[str, Any] | None = None) -> Path:
    """Write a model folder (see module docstring) and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / MODEL_FILE
    sio = _skops_io()
    sio.dump(detector, model_path, compression=zipfile.ZIP_DEFLATED)
    untrusted = set(sio.get_untrusted_types(file=model_path)) - set(TRUSTED_TYPES)
    if untrusted:
        model_path.unlink()
        raise ModelError(f"refusing to save: the model holds types outside the allow-list: {sorted(untrusted)}")
    manifest = {
        "name": name,
        "version": version,
        "format": "skops",
        "model_file": MODEL_FILE,
        "sha256": sha256_file(model_path),
        "threshold": detector.threshold,
        "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **(extra_manifest or {}),
    }
    write_manifest(folder, manifest)
    (folder / "config.json").write_text(json.dumps(_jsonable(detector.get_params(deep=False)), indent=2) + "\n",
                                        encoding="utf-8")
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(card, encoding="utf-8")
    return folder


def _jsonable(value: Any) -> Any:
    if hasattr(value, "get_params"):  # a nested estimator (the corpus model inside a stack)
        return {"type": type(value).__name__, **_jsonable(value.get_params(deep=False))}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _read_manifest(folder: Path) -> dict[str, Any]:
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        raise ModelError(f"{folder} is not a Vigie model folder: expected {MANIFEST_FILE}; "
                         "train one with `vigie train`")
    suspicious = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                        if p.suffix.lower() in _FORBIDDEN_SUFFIXES)
    if suspicious:
        raise ModelError(f"refusing to load {folder}: it holds files a model folder never has: {suspicious}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelError(f"{manifest_path} is not valid JSON ({err})") from err
    if not isinstance(manifest, dict) or manifest.get("format") not in FORMATS:
        raise ModelError(f"{manifest_path}: unsupported format {manifest.get('format')!r}; expected one of {FORMATS}")
    return manifest


def _check_hf_folder(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file checksummed, nothing unlisted, no remote code asked for."""
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not listed:
        raise ModelError(f"{folder / MANIFEST_FILE}: no file checksums")
    present = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()
               and p.name not in UNCHECKED_FILES and p.suffix != ".png"}  # as `file_checksums` selects
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise ModelError(f"refusing to load {folder}: files not in its manifest: {unlisted}")
    for name, digest in listed.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{folder}: {name} is listed in the manifest but missing")
        if sha256_file(path) != digest:
            raise ModelError(f"refusing to load {path}: its checksum differs from {MANIFEST_FILE}; "
                             "the file was altered or corrupted since it was saved")
        if path.name in ("config.json", "tokenizer_config.json"):
            config = json.loads(path.read_text(encoding="utf-8"))
            if "auto_map" in config or config.get("trust_remote_code"):
                raise ModelError(f"refusing to load {path}: it asks for code from the model folder (auto_map)")


def load_model(folder: str | Path, *, precision: str = "auto") -> LoadedModel:
    """Load a model folder of any backend after checking it was not altered.

    Parameters
    ----------
    folder : str or Path
        A folder written by `vigie train`.
    precision : str
        Transformer backends only: auto, fp32, bf16 or int8 (see `detector.transformer`).

    Raises
    ------
    ModelError
        Missing files, a checksum mismatch, a pickle-like file in the folder, a type outside
        `TRUSTED_TYPES` in a skops file, a configuration asking for remote code, or, where
        ``VIGIE_MODEL_PUBLIC_KEY`` is set, a missing or foreign signature.
    """
    folder = Path(folder)
    manifest = _read_manifest(folder)
    # Before any file of the model is read: an unsigned or foreign model never reaches the loaders.
    check_signature(folder, manifest, settings().model_public_key)
    threshold = float(manifest.get("threshold", 0.5))
    detector: TextScorer
    if manifest["format"] == "skops":
        detector = _load_skops(folder, manifest)
    else:
        _check_hf_folder(folder, manifest)
        require("transformer", f"the model {folder} ({manifest['format']})")
        from detector.transformer import FrozenEncoderDetector, TransformerDetector, resolve_precision

        precision = resolve_precision(precision)
        if manifest["format"] == "transformers":
            detector = TransformerDetector(folder, threshold=threshold, precision=precision,
                                           max_length=int(manifest.get("max_length", 256)),
                                           prefix=str(manifest.get("prefix", "")))
        else:
            detector = FrozenEncoderDetector(folder, threshold=threshold, precision=precision)
    log.debug("loaded %s@%s from %s", manifest["name"], manifest["version"], folder)
    version = str(manifest["version"]) + (f"+{precision}" if manifest["format"] != "skops" else "")
    return LoadedModel(detector, str(manifest["name"]), version, manifest)


def _load_skops(folder: Path, manifest: dict[str, Any]) -> Detector:
    model_path = folder / MODEL_FILE
    if manifest.get("model_file") != MODEL_FILE or not model_path.is_file():
        raise ModelError(f"{folder}: expected {MODEL_FILE} beside {MANIFEST_FILE}")
    unlisted = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                      if not p.is_dir() and not (p.parent == folder and (
                          p.name == MODEL_FILE or p.name in SKOPS_REPORT_FILES or p.match(SKOPS_PLOTS))))
    if unlisted:
        raise ModelError(f"refusing to load {folder}: files not in its manifest: {unlisted}; a skops model folder "
                         f"holds {MODEL_FILE}, {', '.join(sorted(SKOPS_REPORT_FILES))} and {SKOPS_PLOTS} only")
    if sha256_file(model_path) != manifest.get("sha256"):
        raise ModelError(f"refusing to load {model_path}: its checksum differs from {MANIFEST_FILE}; "
                         "the file was altered or corrupted since it was saved")
    sio = _skops_io()
    try:
        untrusted = set(sio.get_untrusted_types(file=model_path)) - set(TRUSTED_TYPES)
    except Exception as err:  # skops raises several types for a damaged zip
        raise ModelError(f"{model_path} is not a readable skops file ({err})") from err
    if untrusted:
        raise ModelError(f"refusing to load {model_path}: it holds types outside the allow-list: {sorted(untrusted)}")
    detector = sio.load(model_path, trusted=TRUSTED_TYPES)
    if not isinstance(detector, (Detector, StackedDetector)):
        raise ModelError(f"{model_path} holds a {type(detector).__name__}, not a Detector or StackedDetector")
    return detector
