"""Vigie: find the online lures human traffickers use to recruit young people.

The names below load their module on first use, so that ``import detector.taxonomy`` or the review
store does not pull in scikit-learn, skops and spaCy.

Public API
----------
>>> from detector import load_model, normalize, find_signals, detect_language  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detector.classifiers import Detector, Prediction
    from detector.errors import InputError, ModelError, SchemaError, VigieError
    from detector.lang import LANGUAGES, detect_language
    from detector.normalize import Identifiers, extract_identifiers
    from detector.persistence import LoadedModel, load_model, save_model
    from detector.readers import FieldMap, Post, Reject, read_posts
    from detector.scoring import Summary, score_file, score_posts
    from detector.signals import RED_FLAGS, Signal, find_signals
    from detector.taxonomy import BENIGN_CATEGORIES, CATEGORIES, SCAM_CATEGORIES

# Eager (a light module): `normalize` is both a submodule and its function, and the function wins.
from detector.normalize import normalize

__version__ = "0.2.0"

# public name -> the module that defines it
_EXPORTS = {
    "BENIGN_CATEGORIES": "taxonomy", "CATEGORIES": "taxonomy", "SCAM_CATEGORIES": "taxonomy",
    "Detector": "classifiers", "Prediction": "classifiers",
    "InputError": "errors", "ModelError": "errors", "SchemaError": "errors", "VigieError": "errors",
    "LANGUAGES": "lang", "detect_language": "lang",
    "Identifiers": "normalize", "extract_identifiers": "normalize", "normalize": "normalize",
    "LoadedModel": "persistence", "load_model": "persistence", "save_model": "persistence",
    "FieldMap": "readers", "Post": "readers", "Reject": "readers", "read_posts": "readers",
    "Summary": "scoring", "score_file": "scoring", "score_posts": "scoring",
    "RED_FLAGS": "signals", "Signal": "signals", "find_signals": "signals",
}

__all__ = [
    "BENIGN_CATEGORIES", "CATEGORIES", "LANGUAGES", "RED_FLAGS", "SCAM_CATEGORIES", "Detector", "Identifiers",
    "FieldMap", "InputError", "LoadedModel", "ModelError", "Post", "Prediction", "Reject", "SchemaError", "Signal",
    "Summary", "VigieError", "detect_language", "extract_identifiers", "find_signals", "load_model",
    "normalize", "read_posts", "save_model", "score_file", "score_posts",
]


def __getattr__(name: str) -> Any:
    # PEP 562: `detector.load_model` imports detector.persistence the first time it is asked for.
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'detector' has no attribute {name!r}")
    value = getattr(import_module(f"detector.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
