"""Dashboard accounts: users and roles, password hashing, sign-in with lockout after repeated
failures, and sign-in sessions (the browser keeps a random token, the store only its hash)."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple, TypedDict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from review.audit import audit
from review.engine import Database
from review.errors import AuthError, StoreError
from review.tables import FailedLoginRow, SessionRow, UserRow, utcnow

ROLES = ("analyst", "admin")
# Brute force: after MAX_FAILED_LOGINS failures within LOGIN_WINDOW_S, a username is locked until
# the oldest failure leaves the window (counted in the database, so every server process agrees).
MAX_FAILED_LOGINS = 5
LOGIN_WINDOW_S = 15 * 60
# A sign-in lasts a working day; signing out, a password reset or a role change ends it sooner.
SESSION_HOURS = 10


class SignedIn(NamedTuple):
    """Who holds a live session token (a tuple: ``username, role = ...`` works)."""

    username: str
    role: str


class User(TypedDict):
    username: str
    role: str
    created_at: datetime


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """scrypt (memory-hard) with a random salt, as `scrypt$n$r$p$salt$hash` (hex)."""
    salt = salt or os.urandom(16)
    n, r, p = 2**14, 8, 1
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


@functools.cache
def _dummy_hash() -> str:
    return hash_password(os.urandom(16).hex())


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` is the one `stored` (a `hash_password` string) was made from."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        actual = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(digest) // 2)
    except ValueError:
        return False
    return hmac.compare_digest(actual.hex(), digest)


def add_user(db: Database, username: str, password: str, role: str, *, actor: str) -> None:
    """Create or reset an account (the password is stored hashed, never in clear)."""
    if role not in ROLES:
        raise StoreError(f"role {role!r} is not one of {list(ROLES)}")
    if len(password) < 10:
        raise StoreError("a password needs at least 10 characters")
    if not re.fullmatch(r"[\w.-]{1,100}", username):
        raise StoreError(f"username {username!r}: letters, digits, '_', '-' and '.' only, at most 100")

    def work(session: Session) -> None:
        row = session.get(UserRow, username)
        if row is None:
            session.add(UserRow(username=username, password_hash=hash_password(password), role=role))
        else:
            row.password_hash, row.role = hash_password(password), role
            # A reset password or a changed role signs the account out everywhere.
            session.execute(delete(SessionRow).where(SessionRow.username == username))
        audit(session, actor, "user", {"username": username, "role": role, "new": row is None})

    db.retry(work)


def authenticate(db: Database, username: str, password: str) -> str:
    """The user's role if the password is right.

    Raises
    ------
    AuthError
        Wrong username or password (one message for both), or the username is locked after
        `MAX_FAILED_LOGINS` failures within `LOGIN_WINDOW_S`.
    """
    def work(session: Session) -> str | None:
        since = utcnow() - timedelta(seconds=LOGIN_WINDOW_S)
        failures = session.scalar(select(func.count()).select_from(FailedLoginRow).where(
            FailedLoginRow.username == username, FailedLoginRow.at >= since)) or 0
        if failures >= MAX_FAILED_LOGINS:
            return "locked"
        row = session.get(UserRow, username)
        # Verify even for an unknown user, against a stored dummy hash: one scrypt either way, so
        # the time taken does not say which usernames exist.
        ok = verify_password(password, row.password_hash if row else _dummy_hash())
        if row is None or not ok:
            session.add(FailedLoginRow(username=username))
            return None
        return row.role

    result = db.retry(work)
    if result == "locked":
        raise AuthError(f"too many failed logins for {username!r}; try again in {LOGIN_WINDOW_S // 60} minutes")
    if result is None:
        raise AuthError("wrong username or password")
    return result


def open_session(db: Database, username: str, *, hours: float = SESSION_HOURS) -> str:
    """A new sign-in session for an authenticated user: returns its token, for the browser's
    cookie; the store keeps only the token's hash."""
    token = secrets.token_urlsafe(32)

    def work(session: Session) -> None:
        now = utcnow()
        session.execute(delete(SessionRow).where(SessionRow.expires_at < now))  # the expired ones, in passing
        session.add(SessionRow(token_hash=_token_hash(token), username=username, created_at=now,
                               expires_at=now + timedelta(hours=hours)))

    db.retry(work)
    return token


def session_user(db: Database, token: str) -> SignedIn | None:
    """Who holds a live session token; None for an unknown, expired or closed one."""
    with db.session(write=False) as session:
        row = session.execute(select(UserRow.username, UserRow.role)
                              .join(SessionRow, SessionRow.username == UserRow.username)
                              .where(SessionRow.token_hash == _token_hash(token),
                                     SessionRow.expires_at > utcnow())).first()
        return None if row is None else SignedIn(row[0], row[1])


def close_session(db: Database, token: str) -> None:
    """Sign a browser out: its token is worth nothing from now on."""
    db.retry(lambda session: session.execute(delete(SessionRow).where(SessionRow.token_hash == _token_hash(token))))


def users(db: Database) -> list[User]:
    """Every account, by username (never the password hash)."""
    with db.session(write=False) as session:
        return [User(username=u.username, role=u.role, created_at=u.created_at)
                for u in session.scalars(select(UserRow).order_by(UserRow.username))]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
