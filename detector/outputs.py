"""Guards for the files a run writes: never one of its inputs, and never two runs writing one output.

Every command that writes files calls `refuse_input_overwrite` with its inputs and its outputs
before it opens anything for writing: an output that is an input under another spelling (`../`,
a symlink, a hard link) is refused with both paths named. `OutputLock` keeps a second writer away
from an output while a first one runs; a dead process's lock is released by the system.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType

from detector.errors import InputError

PathLike = str | os.PathLike[str]

# Lock files this process holds: POSIX record locks do not exclude the process that holds them.
_HELD: set[tuple[int, int]] = set()


def _files(path: Path) -> Iterator[Path]:
    """`path` itself, or every file under it when it is a folder (a model folder, a Ray input folder)."""
    if path.is_dir():
        yield from (p for p in sorted(path.rglob("*")) if p.is_file())
    elif path.exists():
        yield path


def refuse_input_overwrite(inputs: Iterable[PathLike | None], outputs: Iterable[PathLike | None]) -> None:
    """Raise `InputError` when a file about to be written is one of the input files.

    Two paths are the same file when they resolve to the same device and inode: another spelling
    (`./in.jsonl`, `dir/../in.jsonl`), a symlink or a hard link. An input folder stands for every
    file under it. `None` and `-` (stdout) are skipped, as are outputs that do not exist yet.

    Parameters
    ----------
    inputs : iterable of paths
        The files (or folders of files) the run reads.
    outputs : iterable of paths
        The files the run will write (output, rejects, manifest, report...).

    Raises
    ------
    InputError
        Naming the output and the input it would overwrite.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "in.jsonl").write_text("{}")
    >>> refuse_input_overwrite([folder / "in.jsonl"], [folder / "out.jsonl", "-"])
    >>> (folder / "link.jsonl").symlink_to(folder / "in.jsonl")
    >>> refuse_input_overwrite([folder / "in.jsonl"], [folder / "link.jsonl"])
    Traceback (most recent call last):
    ...
    detector.errors.InputError: refusing to write .../link.jsonl: it is the input .../in.jsonl, ...
    """
    written = {}
    for out in outputs:
        if out is None or str(out) == "-":
            continue
        try:
            stat = os.stat(out)
        except OSError:  # not there yet (or unreachable, which the write itself will report)
            continue
        written[(stat.st_dev, stat.st_ino)] = Path(out)
    if not written:
        return
    for given in inputs:
        if given is None or str(given) == "-":
            continue
        for path in _files(Path(given)):
            stat = path.stat()
            out_path = written.get((stat.st_dev, stat.st_ino))
            if out_path is not None:
                same = "" if path == Path(given) else f" (in {given})"
                raise InputError(f"refusing to write {out_path}: it is the input {path}{same}, the same file under "
                                 "another name; writing would destroy the input; choose another output path")


class OutputLock:
    """An exclusive lock on `OUTPUT.lock`, held while a run writes `OUTPUT`.

    A POSIX record lock (`fcntl.lockf`): the system releases it when the holder exits, even killed
    with SIGKILL, so a lock file left by a dead process never blocks a later run. The lock file
    holds the writer's pid (for the error message) and is removed on `release`.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "out.jsonl"
    >>> with OutputLock(out):
    ...     OutputLock(out).acquire()
    Traceback (most recent call last):
    ...
    detector.errors.InputError: another run is writing .../out.jsonl ...
    """

    def __init__(self, output: PathLike) -> None:
        self.output = Path(output)
        self.path = self.output.with_name(self.output.name + ".lock")
        self._fd: int | None = None
        self._key: tuple[int, int] | None = None

    def acquire(self) -> OutputLock:
        """Take the lock, or raise `InputError` naming the output and the pid that holds it.

        An output that exists and is not a regular file (`/dev/null`, a pipe, a terminal) takes no
        lock: nothing there can be corrupted by a second writer, and no lock file may be left in `/dev`.
        """
        if self.output.exists() and not self.output.is_file():
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            try:
                before = os.stat(self.path)
            except FileNotFoundError:
                before = None
            if before is not None and (before.st_dev, before.st_ino) in _HELD:
                # Held by this process: opening and closing the file again would drop its POSIX lock.
                raise self._busy(str(os.getpid()))
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            stat = os.fstat(fd)
            key = (stat.st_dev, stat.st_ino)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                raise self._busy(holder) from None
            try:
                now = os.stat(self.path)
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == key:
                break
            # The holder we waited on removed the file while we opened it: lock the new one.
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd, self._key = fd, key
        _HELD.add(key)
        return self

    def _busy(self, holder: str) -> InputError:
        return InputError(f"another run is writing {self.output} (process {holder} holds {self.path}); "
                          "wait for it to finish, or write elsewhere")

    def release(self) -> None:
        """Remove the lock file and drop the lock (removed first, while still held: no one locks a stale file)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._fd)
            if self._key is not None:
                _HELD.discard(self._key)
            self._fd = self._key = None

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
