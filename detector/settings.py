"""Where Vigie keeps its things: one place that reads the ``VIGIE_*`` environment variables.

Every command, the dashboard and training resolve their folders and the review store's URL here,
when they run (never when a module is imported), so that a variable set before a command or a
server starts is the one it uses.

=====================  ===================================  ==========================================
variable               setting                              default
=====================  ===================================  ==========================================
``VIGIE_DATA_DIR``     ``data_dir``: the store's SQLite     ``./vigie-data``
                       file, cookie secret, retrain log
``VIGIE_DATABASE_URL`` ``database_url``: the review store   SQLite ``vigie.db`` in ``data_dir``
``VIGIE_MODELS_DIR``   ``models_dir``: model folders        ``models/`` of the checkout
``VIGIE_REVIEWS_DIR``  ``reviews_dir``: exported reviews    ``data/reviews/`` of the checkout
``VIGIE_CORPUS_DIR``   ``corpus_dir``: the labelled corpus  ``data/corpus/`` of the checkout
``VIGIE_DATASETS_DIR`` ``datasets_dir``: public sets        ``../shared/datasets`` beside the checkout
=====================  ===================================  ==========================================

``VIGIE_MODEL_PUBLIC_KEY`` (``model_public_key``, default none): a PEM Ed25519 public key; when set,
only models signed by it load (`detector.signing`).

Example
-------
>>> s = Settings.from_env({"VIGIE_MODELS_DIR": "/srv/vigie/models"})
>>> s.models_dir, s.default_model
(PosixPath('/srv/vigie/models'), PosixPath('/srv/vigie/models/default'))
>>> Settings.from_env({"VIGIE_DATA_DIR": "/tmp/v"}).database_url
'sqlite:////tmp/v/vigie.db'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["REPO_ROOT", "SAMPLE_POSTS", "Settings", "settings"]

# The checkout this package runs from: the corpus, the sample and the models folder live there.
REPO_ROOT = Path(__file__).resolve().parent.parent
# The sample of scraped posts (`vigie demo`), part of the checkout: no variable moves it.
SAMPLE_POSTS = REPO_ROOT / "data" / "sample" / "scraped_posts.jsonl"


@dataclass(frozen=True)
class Settings:
    """The resolved folders and store URL of one run (see the module docstring for the variables).

    Parameters
    ----------
    data_dir : Path
        The review store's SQLite file (when no URL is set), the dashboard's cookie secret, logs.
    database_url : str
        SQLAlchemy URL of the review store.
    models_dir : Path
        Folder of model folders; the default model is ``models_dir / "default"``.
    reviews_dir : Path
        Where exported reviews go and where retraining reads them.
    corpus_dir : Path
        The labelled corpus (``*.jsonl``).
    datasets_dir : Path
        The public labelled sets (``../shared/datasets``).
    model_public_key : Path or None
        When set, every model loaded must carry a signature by this key (`detector.signing`).
    """

    data_dir: Path
    database_url: str
    models_dir: Path
    reviews_dir: Path
    corpus_dir: Path
    datasets_dir: Path
    model_public_key: Path | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read the ``VIGIE_*`` variables of `environ` (default: the process environment) now.

        Parameters
        ----------
        environ : Mapping[str, str], optional
            The variables; ``os.environ`` when omitted.

        Returns
        -------
        Settings
            Every setting resolved, defaults filled in. Nothing is created on disk.

        Example
        -------
        >>> Settings.from_env({}).corpus_dir == REPO_ROOT / "data" / "corpus"
        True
        """
        env = os.environ if environ is None else environ

        def path(name: str, default: Path) -> Path:
            return Path(env[name]) if env.get(name) else default

        data_dir = path("VIGIE_DATA_DIR", Path("vigie-data"))
        url = env.get("VIGIE_DATABASE_URL") or f"sqlite:///{data_dir.resolve() / 'vigie.db'}"
        return cls(data_dir=data_dir, database_url=url,
                   models_dir=path("VIGIE_MODELS_DIR", REPO_ROOT / "models"),
                   reviews_dir=path("VIGIE_REVIEWS_DIR", REPO_ROOT / "data" / "reviews"),
                   corpus_dir=path("VIGIE_CORPUS_DIR", REPO_ROOT / "data" / "corpus"),
                   datasets_dir=path("VIGIE_DATASETS_DIR", REPO_ROOT.parent / "shared" / "datasets"),
                   model_public_key=Path(env["VIGIE_MODEL_PUBLIC_KEY"]) if env.get("VIGIE_MODEL_PUBLIC_KEY") else None)

    @property
    def default_model(self) -> Path:
        """The model `vigie score` uses without ``--model``: ``models_dir / "default"``."""
        return self.models_dir / "default"

    @property
    def uses_default_database(self) -> bool:
        """Whether the store is the SQLite file in `data_dir` (no ``VIGIE_DATABASE_URL`` was set)."""
        return self.database_url == f"sqlite:///{self.data_dir.resolve() / 'vigie.db'}"


def settings() -> Settings:
    """The settings of the process environment, read at this call.

    Returns
    -------
    Settings
        See `Settings.from_env`.

    Example
    -------
    >>> isinstance(settings().models_dir, Path)
    True
    """
    return Settings.from_env()
