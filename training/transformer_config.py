"""`FineTuneConfig`: the hyperparameters of the transformer and frozen-encoder backends, checked.

A light module (no torch, numpy or scikit-learn): `vigie train` builds its options and their
defaults from these fields (`cli_options`), so a default is written once, here, and every `vigie`
command starts without loading a model library.

Example
-------
>>> FineTuneConfig(base_model="intfloat/multilingual-e5-small", epochs=2).batch_size
16
>>> FineTuneConfig(base_model="intfloat/multilingual-e5-small", epochs=0)
Traceback (most recent call last):
...
training.transformer_config.FineTuneConfigError: epochs (--epochs) must be a whole number of at least 1, got 0
"""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from detector.errors import VigieError

# multilingual-E5 expects this task prefix; other encoders ignore it harmlessly. It is saved in the
# model's manifest, and it must equal the serving fallback `detector.transformer.DEFAULT_PREFIX`
# (tests/test_transformer_config.py checks it; importing that module here would load scikit-learn).
E5_PASSAGE_PREFIX = "passage: "


class FineTuneConfigError(VigieError, ValueError):
    """A hyperparameter of `FineTuneConfig` is out of range or of the wrong type."""


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass
class FineTuneConfig:
    """Hyperparameters of `training.transformer.fine_tune` and `fit_frozen`; saved beside the model
    (`training_args.json`, and in the model card).

    Every value is checked when the config is made: a wrong one raises `FineTuneConfigError` naming
    the field, its `vigie train` option, what was expected and what came.

    Parameters
    ----------
    base_model : str
        A local Hugging Face folder or a hub id of a multilingual encoder (XLM-R, mDeBERTa, E5).
    epochs : int
        At most this many passes over the training split (early stopping may stop sooner).
    learning_rate : float
        AdamW's peak learning rate, in (0, 1].
    batch_size : int
        Posts per optimisation step.
    max_length : int
        Tokens read per post, 8 to 8192; longer posts are truncated.
    patience : int
        Epochs without a better validation PR-AUC before stopping (0: stop at the first one).
    weight_decay : float
        AdamW's decoupled weight decay, in [0, 1).
    warmup_ratio : float
        Share of the steps over which the learning rate rises linearly from 0, in [0, 1].
    freeze_embeddings : bool
        Keep the token-embedding matrix as pretraining left it.
    prefix : str
        Text put before every post (multilingual-E5's task prefix by default; "" for other encoders).
    seed : int
        Seed of the splits' shuffling, initialisation and batch order, 0 to 2**32 - 1.
    max_train_posts : int or None
        Train on the first posts of the training split only (quick trials); None: all of them.

    Raises
    ------
    FineTuneConfigError
        A value out of range or of the wrong type.
    """

    base_model: str
    epochs: int = field(default=3, metadata=_help("at most this many passes over the training split"))
    learning_rate: float = field(default=5e-5, metadata=_help("AdamW's peak learning rate, in (0, 1]"))
    batch_size: int = field(default=16, metadata=_help("posts per optimisation step"))
    max_length: int = field(default=128, metadata=_help("tokens per post, 8 to 8192 (longer posts are truncated)"))
    patience: int = field(default=1, metadata=_help("epochs without a better validation PR-AUC before stopping"))
    weight_decay: float = field(default=0.01, metadata=_help("AdamW's weight decay, in [0, 1)"))
    warmup_ratio: float = field(default=0.1, metadata=_help("share of the steps of linear learning-rate warm-up"))
    # The 250k-piece embedding matrix is most of a multilingual encoder's weights: freezing it makes
    # a CPU epoch several times faster and keeps rare-language pieces as pretraining left them.
    freeze_embeddings: bool = field(default=True, metadata=_help("keep the token embeddings as pretrained"))
    prefix: str = field(default=E5_PASSAGE_PREFIX, metadata=_help("text put before every post ('' for "
                                                                  "encoders other than multilingual-E5)"))
    seed: int = 0
    max_train_posts: int | None = field(default=None, metadata=_help("train on the first N training posts only"))

    def __post_init__(self) -> None:
        if not isinstance(self.base_model, str) or not self.base_model.strip():
            raise FineTuneConfigError(f"base_model (--base-model) must name a local encoder folder or a hub id, "
                                      f"got {self.base_model!r}")
        _whole(self, "epochs", 1)
        _whole(self, "batch_size", 1)
        _whole(self, "max_length", 8, 8192)
        _whole(self, "patience", 0)
        _whole(self, "seed", 0, 2**32 - 1)
        if self.max_train_posts is not None:
            _whole(self, "max_train_posts", 1)
        _real(self, "learning_rate", 0.0, 1.0, low_open=True)
        _real(self, "weight_decay", 0.0, 1.0, high_open=True)
        _real(self, "warmup_ratio", 0.0, 1.0)
        if not isinstance(self.freeze_embeddings, bool):
            raise FineTuneConfigError(f"freeze_embeddings must be true or false, got {self.freeze_embeddings!r}")
        if not isinstance(self.prefix, str):
            raise FineTuneConfigError(f"prefix (--prefix) must be text ('' for none), got {self.prefix!r}")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _whole(config: FineTuneConfig, name: str, low: int, high: int | None = None) -> None:
    value = getattr(config, name)
    bounds = f"of at least {low}" if high is None else f"from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        raise FineTuneConfigError(f"{name} ({_option(name)}) must be a whole number {bounds}, got {value!r}")


def _real(config: FineTuneConfig, name: str, low: float, high: float, *, low_open: bool = False,
          high_open: bool = False) -> None:
    value = getattr(config, name)
    interval = f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if (not number or value < low or value > high or (low_open and value == low)
            or (high_open and value == high)):
        raise FineTuneConfigError(f"{name} ({_option(name)}) must be a number in {interval}, got {value!r}")


def cli_options() -> list[tuple[str, dict[str, Any]]]:
    """The `vigie train` options of the hyperparameters: (flag, `add_argument` keywords), one per
    field of `FineTuneConfig` with a help text, its default taken from the field.

    Example
    -------
    >>> dict(cli_options())["--epochs"]["default"], dict(cli_options())["--freeze-embeddings"]["default"]
    (3, True)
    """
    options = []
    for f in fields(FineTuneConfig):
        if "help" not in f.metadata or f.default is MISSING:
            continue  # base_model and seed have their own options
        default = f.default
        kwargs: dict[str, Any] = {"default": default, "dest": f.name,
                                  "help": f"{f.metadata['help']} (default: %(default)r)"}
        if isinstance(default, bool):
            from argparse import BooleanOptionalAction

            kwargs["action"] = BooleanOptionalAction
        elif f.name == "max_train_posts":
            kwargs.update(type=int, metavar="N")
        else:
            kwargs["type"] = type(default)
        options.append((_option(f.name), kwargs))
    return options


def from_options(base_model: str, seed: int, values: dict[str, Any]) -> FineTuneConfig:
    """The config from parsed `vigie train` options (the keys `cli_options` declares), checked."""
    names = [f.name for f in fields(FineTuneConfig) if "help" in f.metadata]
    return FineTuneConfig(base_model=base_model, seed=seed, **{n: values[n] for n in names})
