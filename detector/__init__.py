"""Vigie: find the online lures human traffickers use to recruit young people.

Public API
----------
>>> from detector import load_model, normalize, find_signals, detect_language  # doctest: +SKIP
"""

from detector.classifiers import BENIGN_CATEGORIES, CATEGORIES, SCAM_CATEGORIES, Detector, Prediction
from detector.errors import InputError, ModelError, SchemaError, VigieError
from detector.lang import LANGUAGES, detect_language
from detector.normalize import Identifiers, extract_identifiers, normalize
from detector.persistence import LoadedModel, load_model, save_model
from detector.readers import FieldMap, Post, Reject, read_posts
from detector.scoring import Summary, score_file, score_posts
from detector.signals import RED_FLAGS, Signal, find_signals

__version__ = "0.1.0"

__all__ = [
    "BENIGN_CATEGORIES", "CATEGORIES", "LANGUAGES", "RED_FLAGS", "SCAM_CATEGORIES", "Detector", "Identifiers",
    "FieldMap", "InputError", "LoadedModel", "ModelError", "Post", "Prediction", "Reject", "SchemaError", "Signal",
    "Summary", "VigieError", "detect_language", "extract_identifiers", "find_signals", "load_model",
    "normalize", "read_posts", "save_model", "score_file", "score_posts",
]
