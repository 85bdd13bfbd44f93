"""`vigie dashboard`: serve the analysts' dashboard (Streamlit) on a review store."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from commands.common import Verbs, store_url
from detector.errors import VigieError
from detector.extras import require
from detector.settings import Settings, settings


def add_parser(verbs: Verbs, config: Settings) -> None:
    """Add `dashboard` to the `vigie` sub-commands."""
    p = verbs.add_parser("dashboard", help="serve the analysts' dashboard on the review store")
    p.add_argument("--store", default="default", help="database URL (default VIGIE_DATABASE_URL, else ./vigie-data)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve the dashboard until Ctrl-C; the exit code is Streamlit's."""
    print(f"Dashboard: http://{args.host}:{args.port}  (Ctrl-C stops it)", flush=True)
    return serve(store_url(args.store), host=args.host, port=args.port)


def app_path() -> Path:
    """The dashboard's Streamlit script, found without importing the dashboard (or Streamlit)."""
    spec = importlib.util.find_spec("dashboard")
    if spec is None or not spec.submodule_search_locations:
        raise VigieError("the dashboard package is not installed; reinstall vigie (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def serve(url: str, *, host: str, port: int) -> int:
    """Run Streamlit on the dashboard with the store at `url`; returns Streamlit's exit code."""
    require("dashboard", "the dashboard")
    # Streamlit signs its cookies (XSRF protection) with this secret: kept in a file only its owner
    # can read, passed through the environment so that it never shows in a process list.
    # MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own arena, and the server's
    # threads (one per session, the look-ahead's) keep memory freed in them; two arenas kept the peak
    # RSS at 278 MB instead of 295 MB over 60 sessions. An operator's own setting wins.
    env = {"MALLOC_ARENA_MAX": "2", **os.environ, "VIGIE_DATABASE_URL": url,
           "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret(settings().data_dir / "cookie_secret"),
           "STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "true"}
    return subprocess.call(streamlit_command(host, port, ["--client.toolbarMode", "minimal"]), env=env)


def streamlit_command(host: str, port: int, options: Sequence[str] = ()) -> list[str]:
    """`streamlit run` on the dashboard, headless, on `host`:`port`, with extra `options`."""
    return [sys.executable, "-m", "streamlit", "run", str(app_path()), "--server.headless", "true",
            "--server.address", host, "--server.port", str(port), "--browser.gatherUsageStats", "false", *options]


def cookie_secret(path: Path) -> str:
    """The dashboard's cookie-signing secret: created once (random, mode 0600), then reused."""
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip()


@contextlib.contextmanager
def serving(url: str, folder: Path, *, options: Sequence[str] = (), env: dict[str, str] | None = None,
            stderr: IO[bytes] | None = None, timeout: float = 60) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The dashboard on a free local port against the store at `url`, run from `folder`, for browser
    tests and benchmarks: yields the server process and its address once its health check answers
    (VigieError after `timeout` s), and stops it on exit. `options` are extra `streamlit run` flags."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = subprocess.Popen(
        streamlit_command("127.0.0.1", port, options), cwd=folder,
        env={**os.environ, **(env or {}), "VIGIE_DATABASE_URL": url}, stdout=subprocess.DEVNULL,
        stderr=stderr or subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                    break
            if server.poll() is not None:
                raise VigieError(f"the dashboard exited (code {server.returncode}) before it answered")
            if time.monotonic() > deadline:
                raise VigieError(f"the dashboard did not start within {timeout:.0f} s")
            time.sleep(0.3)
        yield server, base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
