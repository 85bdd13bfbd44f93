"""Soak test of the dashboard: scripted analyst sessions (sign in, open Review, N one-key decisions,
sign out) against one served dashboard, with the server's memory (RSS) sampled throughout.

Each session speaks Streamlit's own websocket protocol (the protobuf messages the browser sends and
receives: `BackMsg` reruns carrying widget states, `ForwardMsg` deltas), so a hundred sessions cost the
server what a hundred browsers would and this machine almost nothing else. A decision is a trigger of
the review page's decision button (what the `s` key or a digit key presses); its time runs from the
message sent to the end of the script run it starts (the next post drawn, server side).

    python benchmarks/soak_dashboard.py                      # 100 sessions x 20 decisions, 4 at a time
    python benchmarks/soak_dashboard.py --sessions 10 --decisions 5 --settle 10

Prints RSS at the start (server up, before any session), after the first session, its peak, right
after the last session, and after `--settle` seconds idle (disconnected sessions are kept
`server.disconnectedSessionTTL` seconds for a reconnect, 120 by default); the decision times (median,
p90); and the decisions found in the store, which must be sessions x decisions. Exit 1 when a session
failed, a decision is missing, or the RSS went over `--max-rss-mb`.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commands.dashboard import serving  # noqa: E402
from detector.readers import Post  # noqa: E402
from detector.signals import find_signals  # noqa: E402
from review import PostStore  # noqa: E402
from training.data import load_corpus  # noqa: E402

PASSWORD = secrets.token_urlsafe(12)
SCAM_KEYS = ("fake_job", "fake_scholarship", "celebrity_impersonation", "other_scam")


class Session:
    """One browser tab, as the server sees it: a websocket, the widgets of the last script run, and
    reruns carrying widget values and button triggers."""

    def __init__(self, base: str) -> None:
        self._stack = contextlib.ExitStack()
        self.ws = self._stack.enter_context(connect(base.replace("http", "ws", 1) + "/_stcore/stream",
                                                    subprotocols=["streamlit"], origin=base, max_size=None,
                                                    open_timeout=60))
        self.widgets: dict[str, tuple[str, Any]] = {}
        self.page_hash = ""
        self.errors: list[str] = []

    def rerun(self, *states: WidgetState, timeout: float = 120) -> None:
        """Send a rerun with `states` and read messages until the runs it causes are over."""
        msg = BackMsg()
        client = msg.rerun_script
        client.page_script_hash = self.page_hash
        client.widget_states.widgets.extend(states)
        self.ws.send(msg.SerializeToString())
        self._read_until_finished(timeout)

    def _read_until_finished(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            raw = self.ws.recv(timeout=max(0.1, deadline - time.monotonic()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session":
                self.widgets = {}
                self.page_hash = forward.new_session.page_script_hash or self.page_hash
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    self.errors.append(element.exception.message[:200])
                widget = getattr(element, which, None) if which else None
                if widget is not None and getattr(widget, "id", ""):
                    self.widgets[widget.id] = (which, widget)
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return

    def widget(self, *, key: str | None = None, label: str | None = None) -> str:
        """The id of a widget of the last run, by its key (or key prefix ending in '@') or label prefix."""
        for widget_id, (_, proto) in self.widgets.items():
            if key is not None and (widget_id.endswith(f"-{key}") or (key.endswith("@") and f"-{key}" in widget_id)):
                return widget_id
            if label is not None and getattr(proto, "label", "").startswith(label):
                return widget_id
        raise LookupError(f"no widget with key {key!r} / label {label!r} among "
                          f"{sorted(getattr(p, 'label', '') for _, p in self.widgets.values())}")

    def close(self) -> None:
        self._stack.close()


def _text(widget_id: str, value: str) -> WidgetState:
    return WidgetState(id=widget_id, string_value=value)


def _press(widget_id: str) -> WidgetState:
    return WidgetState(id=widget_id, trigger_value=True)


def run_session(base: str, user: str, decisions: int, seed: int, visit: tuple[str, ...] = ()) -> list[float]:
    """Sign in, open Review, make `decisions` one-key decisions, open the pages of `visit` in turn,
    sign out; returns each decision's seconds. Raises when the page does not offer what an analyst
    would press."""
    rng = random.Random(seed)
    session = Session(base)
    try:
        session.rerun()
        session.rerun(_text(session.widget(key="login_username"), user),
                      _text(session.widget(key="login_password"), PASSWORD),
                      _press(session.widget(label="Sign in")))
        session.rerun(WidgetState(id=session.widget(key="page"), string_value="Review"))
        times = []
        for _ in range(decisions):
            # Mostly `s` (confirm the suggestion), sometimes a digit key (a scam category).
            button = (session.widget(key="k_scam@") if rng.random() < 0.7
                      else session.widget(key=f"k_{rng.choice(SCAM_KEYS)}@"))
            start = time.perf_counter()
            session.rerun(_press(button))
            times.append(time.perf_counter() - start)
        for page in visit:
            session.rerun(WidgetState(id=session.widget(key="page"), string_value=page))
        session.rerun(_press(session.widget(key="logout")))
        if session.errors:
            raise RuntimeError(f"the page raised: {session.errors[0]}")
        return times
    finally:
        session.close()


class RssSampler(threading.Thread):
    """The server process's resident memory, every `every` seconds (Linux /proc)."""

    def __init__(self, pid: int, every: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stopped = pid, every, 0.0, threading.Event()

    def now(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmRSS for process {self.pid}")

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.peak = max(self.peak, self.now())


def fill_store(url: str, posts: int, analysts: int) -> None:
    """`posts` flagged corpus posts (their evidence as the detector finds it) and the analysts' accounts."""
    rows = (load_corpus() * (posts // 1000 + 1))[:posts]
    store = PostStore(url)
    items = [Post(f"soak{i}", row["text"] if i < len(rows) // 2 else f"{row['text']} #{i}", i)
             for i, row in enumerate(rows)]
    records = [{"scam_score": round(0.5 + 0.5 * ((i * 7919) % 1000) / 1000, 3), "flagged": True,
                "category": row["category"] if row["category"] in SCAM_KEYS else "other_scam", "lang": row.get("lang"),
                "model": "soak@1", "impersonates": None,
                "signals": [{"name": s.name, "evidence": s.evidence} for s in find_signals(row["text"])]}
               for i, row in enumerate(rows)]
    for start in range(0, len(items), 1000):
        store.ingest(items[start:start + 1000], records[start:start + 1000], source="soak")
    store.regroup_campaigns(actor="soak")  # the Campaigns page has campaigns to show
    for n in range(analysts):
        store.add_user(f"analyst{n}", PASSWORD, "analyst", actor="soak")
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--decisions", type=int, default=20, help="decisions per session")
    parser.add_argument("--concurrency", type=int, default=4, help="sessions at the same time")
    parser.add_argument("--analysts", type=int, default=20, help="accounts the sessions sign in with, in turn")
    parser.add_argument("--settle", type=float, default=150, help="seconds idle after the last session")
    parser.add_argument("--max-rss-mb", type=float, default=500)
    parser.add_argument("--visit", default="", help="pages each session also opens after its decisions, "
                        "comma-separated (e.g. 'Queue,Overview,Campaigns,My reviews')")
    parser.add_argument("--server-option", action="append", default=[], metavar="NAME=VALUE",
                        help="a `streamlit run` option, e.g. server.disconnectedSessionTTL=10 (repeatable)")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="vigie-soak-"))
    url = f"sqlite:///{folder / 'vigie.db'}"
    # Unique posts for every decision, plus a margin: a decision never waits for an empty queue.
    fill_store(url, args.sessions * args.decisions + 200, args.analysts)
    with open(folder / "server.log", "wb") as server_log, serving(
            url, folder, options=[f"--{option}" for option in args.server_option],
            env={"VIGIE_DATA_DIR": str(folder)}, stderr=server_log, timeout=120) as (server, base):
        sampler = RssSampler(server.pid)
        start_rss = sampler.now()
        sampler.start()
        began = time.monotonic()
        times: list[float] = []
        failures: list[str] = []
        after_first = 0.0

        def one(n: int) -> None:
            nonlocal after_first
            try:
                times.extend(run_session(base, f"analyst{n % args.analysts}", args.decisions, seed=n,
                                         visit=tuple(p for p in args.visit.split(",") if p)))
            except Exception as err:  # noqa: BLE001 - a failed session is counted and reported, not fatal
                failures.append(f"session {n}: {type(err).__name__}: {err}"[:300])
            if n == 0:
                after_first = sampler.now()

        one(0)
        with ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(one, range(1, args.sessions)))
        ran = time.monotonic() - began
        after_last = sampler.now()
        time.sleep(args.settle)
        end_rss = sampler.now()
        sampler.stopped.set()
        store = PostStore(url)
        with store.session(write=False) as db:
            stored = db.execute(__import__("sqlalchemy").text(
                "SELECT COUNT(*) FROM reviews WHERE status = 'submitted'")).scalar_one()
        store.close()

    expected = args.sessions * args.decisions
    print(f"sessions: {args.sessions} ({args.concurrency} at a time), {len(failures)} failed; "
          f"{args.decisions} decisions each" + (f", then {args.visit}" if args.visit else "") + f"; {ran:.0f} s")
    if times:
        ordered = sorted(times)
        print(f"decision (trigger -> next post drawn, server side): median {statistics.median(ordered) * 1000:.0f} ms,"
              f" p90 {ordered[int(0.9 * (len(ordered) - 1))] * 1000:.0f} ms over {len(ordered)} decisions")
    print(f"decisions stored: {stored} of {expected}")
    print(f"server RSS: start {start_rss:.0f} MB, after the first session {after_first:.0f} MB, "
          f"peak {sampler.peak:.0f} MB, after the last session {after_last:.0f} MB, "
          f"after {args.settle:.0f} s idle {end_rss:.0f} MB")
    for failure in failures[:5]:
        print(failure)
    return 0 if not failures and stored == expected and sampler.peak < args.max_rss_mb else 1


if __name__ == "__main__":
    sys.exit(main())
