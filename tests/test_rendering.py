"""Rendering user data: the lockout message names the username as typed (no Markdown), and the review
page sends a post's hidden characters as tags, with a warning counting them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from detector.readers import Post
from review import MAX_FAILED_LOGINS, PostStore

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def store(tmp_path, monkeypatch) -> PostStore:
    url = f"sqlite:///{tmp_path / 'render.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = PostStore(url)
    store.ingest([Post("r1", "Travail à Dubaï \u202e5867 009 996\u202c frais de dossier vi\u200bsa offert", 1)],
                 [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "model": "m@1",
                   "signals": [{"name": "upfront_fee", "evidence": "frais de dossier"}], "impersonates": None}])
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    yield store
    state.store.clear()
    store.close()


def _login(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


def test_rendering_lockout_message_shows_the_username_as_typed(store):
    at = AppTest.from_file(APP, default_timeout=30).run()
    user = "**[moi](http://evil.example)**"
    for _ in range(MAX_FAILED_LOGINS + 1):
        _login(at, user, "faux")
    [error] = at.error
    assert "too many failed logins" in error.value
    # Every Markdown character escaped: the browser shows the stars and brackets, no link, no bold.
    assert "\\*\\*\\[moi\\]\\(http\\://evil\\.example\\)\\*\\*" in error.value


def test_rendering_review_page_tags_and_counts_hidden_characters(store):
    at = _login(AppTest.from_file(APP, default_timeout=30).run(), "awa", "mot de passe solide")
    at.button(key="q_review").click().run()
    assert not at.exception
    [element] = [e for e in at.main if getattr(e.proto, "component_name", "") == "vigie_post_text"]
    parts = json.loads(element.proto.json)["segments"]
    assert "".join(p["text"] for p in parts) == store.post(1)["text"]
    assert [r["show"] for p in parts for r in p.get("runs", []) if r.get("hidden")] == ["[RLO]", "[PDF]", "[ZWSP]"]
    assert any(p["kind"] == "signal" and p["text"] == "frais de dossier" for p in parts)
    assert any("Obfuscation: 3 hidden characters" in w.value for w in at.warning)
