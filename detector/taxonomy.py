"""The category taxonomy: which categories are lures, which are benign, and how a label reads.

A tiny module with no heavy import, so that the review store, the dashboard and the commands can
name the categories without loading scikit-learn.

Example
-------
>>> from detector.taxonomy import CATEGORIES, is_scam
>>> len(CATEGORIES), is_scam("fake_job"), is_scam("awareness")
(8, True, False)
"""

from __future__ import annotations

SCAM_CATEGORIES = ("fake_job", "fake_scholarship", "celebrity_impersonation", "other_scam")
BENIGN_CATEGORIES = ("legit_job", "legit_scholarship", "awareness", "other_benign")
CATEGORIES = SCAM_CATEGORIES + BENIGN_CATEGORIES

__all__ = ["BENIGN_CATEGORIES", "CATEGORIES", "SCAM_CATEGORIES", "is_scam", "label"]


def is_scam(category: str) -> bool:
    """Whether `category` is one of the lure categories.

    Parameters
    ----------
    category : str
        A category name, e.g. ``"fake_job"``.

    Returns
    -------
    bool
        True for the lure categories, False for the benign ones and for unknown names.

    Example
    -------
    >>> is_scam("celebrity_impersonation")
    True
    """
    return category in SCAM_CATEGORIES


def label(category: str) -> str:
    """A category as people read it: words instead of the underscore name.

    Parameters
    ----------
    category : str
        A category name.

    Returns
    -------
    str
        The name with spaces, e.g. ``"fake job"``.

    Example
    -------
    >>> label("legit_scholarship")
    'legit scholarship'
    """
    return category.replace("_", " ")
