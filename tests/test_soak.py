"""The soak benchmark's scripted sessions, small: every decision they send reaches the store and no
session fails against one served dashboard (the full run, 100 sessions, is `benchmarks/soak_dashboard.py`)."""

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("streamlit", reason="the dashboard extra is not installed")
pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "soak_dashboard.py"


def test_scripted_sessions_store_every_decision(capsys):
    spec = importlib.util.spec_from_file_location("soak_dashboard", SCRIPT)
    assert spec is not None and spec.loader is not None
    soak = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(soak)
    code = soak.main(["--sessions", "3", "--decisions", "3", "--concurrency", "1", "--analysts", "2",
                      "--settle", "1"])
    out = capsys.readouterr().out
    assert "decisions stored: 9 of 9" in out
    assert "3 (1 at a time), 0 failed" in out
    assert code == 0  # no failed session, no missing decision, RSS under the benchmark's ceiling
