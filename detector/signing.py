"""Signed models: an Ed25519 signature over a model's manifest, checked at load when a deployment
names a public key.

Checksums prove a model folder was not altered since it was saved; they cannot prove who saved it
(whoever can write the folder can rewrite the manifest too). A signature can: the manifest pins the
checksum of every model file and the threshold, so signing its canonical bytes signs the whole
model. `vigie sign-model` writes ``manifest.sig`` beside it; with ``VIGIE_MODEL_PUBLIC_KEY`` set
(a PEM public key), `detector.persistence.load_model` refuses a model whose signature is missing
or does not verify. Keys and signatures come from `cryptography` (a maintained library), never
from code of ours.

Example
-------
>>> import tempfile
>>> keys = Path(tempfile.mkdtemp())
>>> generate_keys(keys / "vigie.key", keys / "vigie.pub")
>>> manifest = {"name": "m", "version": "1", "sha256": "ab", "threshold": 0.5}
>>> signature = sign_manifest(manifest, keys / "vigie.key")
>>> verify_manifest(manifest, signature, keys / "vigie.pub")
>>> verify_manifest(manifest | {"threshold": 1.01}, signature, keys / "vigie.pub")
Traceback (most recent call last):
...
detector.errors.ModelError: the model's signature does not verify with .../vigie.pub: ...
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

from detector.errors import ModelError

SIGNATURE_FILE = "manifest.sig"
_INSTALL = "pip install cryptography"


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed and hashed: sorted keys, no spaces, ASCII."""
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("utf-8")


def _serialization() -> Any:
    try:
        from cryptography.hazmat.primitives import serialization
    except ImportError as err:
        raise ModelError(f"signed models need the cryptography package; {_INSTALL}") from err
    return serialization


def generate_keys(private_path: Path, public_path: Path) -> None:
    """A new Ed25519 key pair: the private key PEM (mode 0600, never overwritten), the public key PEM."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    ser = _serialization()
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption())
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as err:
        raise ModelError(f"{private_path} exists: a private key is never overwritten") from err
    with os.fdopen(fd, "wb") as out:
        out.write(private_pem)
    public_path.write_bytes(key.public_key().public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))


def _load_key(path: Path, private: bool) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    ser = _serialization()
    try:
        data = Path(path).read_bytes()
        key = ser.load_pem_private_key(data, password=None) if private else ser.load_pem_public_key(data)
    except OSError as err:
        raise ModelError(f"cannot read the key {path} ({err.strerror or err})") from err
    except (ValueError, TypeError) as err:
        raise ModelError(f"{path} is not a PEM {'private' if private else 'public'} key ({err})") from err
    if not isinstance(key, Ed25519PrivateKey if private else Ed25519PublicKey):
        raise ModelError(f"{path} is not an Ed25519 key; make one with `vigie sign-model --new-key`")
    return key


def sign_manifest(manifest: dict[str, Any], private_key: Path) -> str:
    """The base64 Ed25519 signature of the manifest's canonical bytes."""
    return base64.b64encode(_load_key(private_key, True).sign(canonical_manifest(manifest))).decode("ascii")


def verify_manifest(manifest: dict[str, Any], signature: str, public_key: Path) -> None:
    """Raise `ModelError` unless `signature` signs this manifest under `public_key`."""
    from cryptography.exceptions import InvalidSignature

    key = _load_key(public_key, False)
    try:
        key.verify(base64.b64decode(signature, validate=True), canonical_manifest(manifest))
    except (InvalidSignature, ValueError) as err:
        raise ModelError(f"the model's signature does not verify with {public_key}: the model or its "
                         "manifest changed since it was signed, or another key signed it") from err


def sign_model(folder: Path, private_key: Path) -> Path:
    """Write ``manifest.sig`` into a model folder; returns its path."""
    manifest_path = Path(folder) / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise ModelError(f"{folder} is not a Vigie model folder: cannot read {manifest_path} ({err})") from err
    out = Path(folder) / SIGNATURE_FILE
    out.write_text(sign_manifest(manifest, private_key) + "\n", encoding="ascii")
    return out


def check_signature(folder: Path, manifest: dict[str, Any], public_key: Path | None) -> None:
    """With a deployment public key, refuse a model that is unsigned or signed by another key."""
    if public_key is None:
        return
    path = Path(folder) / SIGNATURE_FILE
    if not path.is_file():
        raise ModelError(f"refusing to load {folder}: it is not signed ({SIGNATURE_FILE} missing) and "
                         f"VIGIE_MODEL_PUBLIC_KEY={public_key} requires signed models; sign it with "
                         "`vigie sign-model`")
    verify_manifest(manifest, path.read_text(encoding="ascii", errors="replace").strip(), public_key)
