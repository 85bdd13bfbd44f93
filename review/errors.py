"""What the review store raises: one base class, so callers can catch every store refusal at once."""

from __future__ import annotations

from detector.errors import VigieError


class StoreError(VigieError, RuntimeError):
    """The store cannot do what was asked (unknown post, invalid label...)."""


class AuthError(StoreError):
    """Login refused: unknown user, wrong password, or too many failed attempts."""


class ConflictError(StoreError):
    """Someone changed the review since it was read: reload it, then apply the change again."""
