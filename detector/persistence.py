"""Save and load models as data: skops with an explicit allow-list, a checksum, a model card.

A model folder holds `model.skops`, `manifest.json` (name, version, threshold, sha256 of the
model file), `config.json` (the resolved hyperparameters), `metrics.json` and `README.md` (the
model card). Loading refuses a folder whose model file changed since it was saved, that holds a
type outside the allow-list, or that carries a pickle-like file: nothing in a model folder runs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import skops.io as sio

from detector.classifiers import Detector
from detector.errors import ModelError

log = logging.getLogger(__name__)

MODEL_FILE = "model.skops"
MANIFEST_FILE = "manifest.json"
# Types beyond skops' defaults that a Vigie model may hold; anything else is refused.
TRUSTED_TYPES = [
    "detector.classifiers.Detector",
    "detector.classifiers.SignalFeatures",
    "detector.classifiers.CompactTfidfVectorizer",
    "detector.encoder.SentenceEncoderFeatures",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
]
_FORBIDDEN_SUFFIXES = {".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".npy", ".py", ".pyc", ".so"}


@dataclass(frozen=True)
class LoadedModel:
    """A detector with the manifest it was saved with."""

    detector: Detector
    name: str
    version: str
    manifest: dict[str, Any]

    @property
    def label(self) -> str:
        """`name@version`, as written in every scored record."""
        return f"{self.name}@{self.version}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save_model(detector: Detector, folder: str | Path, *, name: str, version: str, card: str,
               metrics: dict[str, Any], extra_manifest: dict[str, Any] | None = None) -> Path:
    """Write a model folder (see module docstring) and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / MODEL_FILE
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
        "sha256": _sha256(model_path),
        "threshold": detector.threshold,
        "saved_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        **(extra_manifest or {}),
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(_jsonable(detector.get_params()), indent=2) + "\n",
                                        encoding="utf-8")
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(card, encoding="utf-8")
    return folder


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def load_model(folder: str | Path) -> LoadedModel:
    """Load a model folder after checking it was not altered.

    Raises
    ------
    ModelError
        Missing files, a checksum mismatch, a pickle-like file in the folder, or a type outside
        `TRUSTED_TYPES` in the skops file.
    """
    folder = Path(folder)
    manifest_path, model_path = folder / MANIFEST_FILE, folder / MODEL_FILE
    if not manifest_path.is_file() or not model_path.is_file():
        raise ModelError(f"{folder} is not a Vigie model folder: expected {MANIFEST_FILE} and {MODEL_FILE}; "
                         "train one with `vigie train`")
    suspicious = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in _FORBIDDEN_SUFFIXES)
    if suspicious:
        raise ModelError(f"refusing to load {folder}: it holds files a model folder never has: {suspicious}")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ModelError(f"{manifest_path} is not valid JSON ({err})") from err
    if manifest.get("format") != "skops" or manifest.get("model_file") != MODEL_FILE:
        raise ModelError(f"{manifest_path}: unsupported format {manifest.get('format')!r}")
    if _sha256(model_path) != manifest.get("sha256"):
        raise ModelError(f"refusing to load {model_path}: its checksum differs from {MANIFEST_FILE}; "
                         "the file was altered or corrupted since it was saved")
    try:
        untrusted = set(sio.get_untrusted_types(file=model_path)) - set(TRUSTED_TYPES)
    except Exception as err:  # skops raises several types for a damaged zip
        raise ModelError(f"{model_path} is not a readable skops file ({err})") from err
    if untrusted:
        raise ModelError(f"refusing to load {model_path}: it holds types outside the allow-list: {sorted(untrusted)}")
    detector = sio.load(model_path, trusted=TRUSTED_TYPES)
    if not isinstance(detector, Detector):
        raise ModelError(f"{model_path} holds a {type(detector).__name__}, not a Detector")
    log.debug("loaded %s@%s from %s", manifest["name"], manifest["version"], folder)
    return LoadedModel(detector, str(manifest["name"]), str(manifest["version"]), manifest)
