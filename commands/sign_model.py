"""`vigie sign-model`: sign a model folder (Ed25519, see `detector.signing`), or make a key pair."""

from __future__ import annotations

import argparse
from pathlib import Path

from commands.common import Verbs
from detector.settings import Settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `sign-model` to the `vigie` sub-commands."""
    p = verbs.add_parser("sign-model", help="sign a model folder so that deployments with VIGIE_MODEL_PUBLIC_KEY "
                         "accept it; --new-key makes a key pair")
    p.add_argument("model", type=Path, nargs="?", default=config.default_model,
                   help="model folder (default: the default model)")
    p.add_argument("--key", type=Path, help="Ed25519 private key (PEM) to sign with")
    p.add_argument("--new-key", type=Path, metavar="PRIVATE", help="write a new private key here (mode 0600, never "
                   "overwritten) and its public key beside it as PRIVATE.pub, then stop")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Make a key pair, or sign the model and check the signature with its own key."""
    from detector.errors import InputError
    from detector.signing import generate_keys, sign_model

    if args.new_key:
        public = args.new_key.with_name(args.new_key.name + ".pub")
        generate_keys(args.new_key, public)
        print(f"private key {args.new_key} (keep it off the servers), public key {public} "
              "(set VIGIE_MODEL_PUBLIC_KEY to it where models are loaded)")
        return 0
    if args.key is None:
        raise InputError("vigie sign-model: --key PRIVATE is required (or --new-key PRIVATE to make one)")
    print(f"signed {args.model}: {sign_model(args.model, args.key)}")
    return 0
