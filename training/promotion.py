"""Put a model folder in place in one step, and keep one retraining at a time per models folder.

`promote` never leaves the served folder (``models/default``) absent: the archive copy of the current
model is made first, the candidate is staged beside the served folder (same parent, so the same
filesystem), and one `renameat2(RENAME_EXCHANGE)` swaps the two directories; a process that opens
``models/default`` at any moment finds either the old model or the new one. Where the exchange is not
offered (not Linux, a C library without `renameat2`, or a filesystem that refuses it), the swap falls
back to two renames one after the other: the folder is then absent for the microseconds between them.

`retrain_lock` holds an exclusive `flock` on ``MODELS/.retrain.lock`` for a whole retraining, so a
second `vigie retrain` on the same models folder, from any process, is refused instead of racing the
first one's promotion.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from detector.errors import VigieError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_FILE", "RetrainBusyError", "exchange", "promote", "retrain_lock", "retrain_running"]

log = logging.getLogger(__name__)

LOCK_FILE = ".retrain.lock"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class RetrainBusyError(VigieError):
    """Another process holds the models folder's retraining lock."""


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically with Linux's `renameat2(RENAME_EXCHANGE)`.

    Parameters
    ----------
    a, b : Path
        Two directories (or files) on the same filesystem.

    Returns
    -------
    bool
        True when swapped; False when this system offers no atomic exchange (not Linux, no
        `renameat2` in the C library, or a filesystem that does not support it), nothing changed.

    Raises
    ------
    OSError
        Any other failure (a missing path, no permission).
    """
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # glibc before 2.28, or another C library without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or filesystem without exchange
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _copy_fresh(source: Path, target: Path) -> None:
    """`target` becomes a full copy of `source`, written beside it first so it is never half there."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(source, partial)
    shutil.rmtree(target, ignore_errors=True)
    os.rename(partial, target)


def promote(candidate: Path, current: Path, *, archive: Path | None = None, keep_candidate: bool = False) -> None:
    """Put `candidate` in place of `current` in one step, after archiving a copy of `current`.

    Parameters
    ----------
    candidate : Path
        The model folder to serve. Moved (renamed) away unless `keep_candidate`, then copied.
    current : Path
        The served folder (``models/default``); created when absent.
    archive : Path, optional
        Where a copy of the current model is written before the swap (replacing an older copy of
        the same name). Rolling back is `promote(archive, current, keep_candidate=True)`.
    keep_candidate : bool
        Copy `candidate` instead of moving it (a rollback keeps its archive).

    Notes
    -----
    The candidate is staged as ``.NAME.incoming`` beside `current`, then swapped with it by
    `exchange`; the old model, now at the staged path, is removed. Without an atomic exchange, two
    renames (current aside, staged in) leave `current` absent between them.
    """
    candidate, current = Path(candidate), Path(current)
    if archive is not None and current.exists():
        archive.parent.mkdir(parents=True, exist_ok=True)
        _copy_fresh(current, Path(archive))
    staged = current.with_name(f".{current.name}.incoming")
    shutil.rmtree(staged, ignore_errors=True)
    if keep_candidate:
        shutil.copytree(candidate, staged)
    else:
        os.rename(candidate, staged)
    if not current.exists():
        os.rename(staged, current)
        return
    if not exchange(staged, current):
        log.warning("no atomic directory exchange here: %s is replaced by two renames", current)
        outgoing = current.with_name(f".{current.name}.outgoing")
        shutil.rmtree(outgoing, ignore_errors=True)
        os.rename(current, outgoing)
        os.rename(staged, current)
        staged = outgoing
    shutil.rmtree(staged)  # the previous model (archived above)


@contextmanager
def retrain_lock(models_dir: Path) -> Iterator[Path]:
    """Hold the models folder's retraining lock for the `with` block.

    Raises
    ------
    RetrainBusyError
        Another process (or another `with` in this one) holds it: one line for the CLI.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, retrain_lock(Path(d)):
    ...     retrain_running(Path(d))
    True
    """
    models_dir = Path(models_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    path = models_dir / LOCK_FILE
    with path.open("a+") as handle:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise RetrainBusyError(f"a retraining is already running on {models_dir} ({holder} holds {path}); "
                                       "wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        try:
            yield path
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def retrain_running(models_dir: Path) -> bool:
    """Whether some process holds `models_dir`'s retraining lock now (False without `flock`)."""
    path = Path(models_dir) / LOCK_FILE
    if fcntl is None or not path.is_file():
        return False
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
