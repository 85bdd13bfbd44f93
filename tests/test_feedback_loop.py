"""The feedback loop through the dashboard itself: an analyst reviews posts in the Review page, an
admin exports the reviews and starts retraining from the Model page, and the retrained model is
promoted (a real `vigie retrain` process, as the page starts it)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from commands.main import main
from dashboard import admin, state
from detector.persistence import load_model
from review import PostStore
from tests.conftest import write_jsonl

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


def _signed_in(user: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="login_username").input(user)
    at.text_input(key="login_password").input(password)
    return at.button[0].click().run()


@pytest.mark.slow
def test_reviews_made_in_the_dashboard_reach_a_promoted_model(corpus, tmp_path, monkeypatch):
    # The deployment: a model trained on few posts, a corpus it can learn much more from.
    data, few = tmp_path / "corpus", tmp_path / "few"
    data.mkdir()
    few.mkdir()
    write_jsonl(data / "corpus.jsonl", corpus[::6])
    write_jsonl(few / "corpus.jsonl", corpus[::60])
    models = tmp_path / "models"
    assert main(["train", "--data", str(few), "--models", str(models), "--feature-set", "char+word",
                 "--no-external"]) == 0
    before = load_model(models / "default").version
    # What the loop is for: the deployed model flags plain posts, lures and false alarms alike; the
    # analysts correct it. Posts it flags, half lures and half benign (the Review page shows flagged
    # posts), none of them in the corpus slices above.
    deployed = load_model(models / "default").detector
    pool = [r for r in corpus[1::10] if r["difficulty"] == "easy"]
    flags = deployed.predict_proba([r["text"] for r in pool]) >= deployed.threshold
    lures = [r for r, flag in zip(pool, flags, strict=True) if flag and r["scam"]]
    false_alarms = [r for r, flag in zip(pool, flags, strict=True) if flag and not r["scam"]]
    scraped = [r for pair in zip(lures[:25], false_alarms[:25], strict=True) for r in pair]
    src = write_jsonl(tmp_path / "scraped.jsonl", [{"id": f"s{i}", "text": r["text"]} for i, r in enumerate(scraped)])
    url = f"sqlite:///{tmp_path / 'vigie.db'}"
    assert main(["ingest", str(src), "--store", url, "--model", str(models / "default"), "--no-progress"]) == 0
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    # The dashboard reads its folders from the environment (detector.settings); the log goes in VIGIE_DATA_DIR.
    for name, value in (("VIGIE_MODELS_DIR", models), ("VIGIE_CORPUS_DIR", data),
                        ("VIGIE_REVIEWS_DIR", tmp_path / "reviews"), ("VIGIE_DATA_DIR", tmp_path)):
        monkeypatch.setenv(name, str(value))
    state.store.clear()
    store = PostStore(url)
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    store.add_user("chef", "mot de passe admin", "admin", actor="test")

    # The analyst goes through the unreviewed posts with the one-key decisions.
    analyst = _signed_in("awa", "mot de passe solide")
    analyst.session_state[state.GOTO] = "Review"
    analyst.run()
    truth = {r["text"]: r["scam"] for r in scraped}
    reviewed = []
    while shown := [int(h.value.split()[-1]) for h in analyst.header if h.value.startswith("Post ")]:
        reviewed.append(shown[0])
        key = "k_scam@" if truth[store.post(shown[0])["text"]] else "k_other_benign@"  # + what the page shows
        next(b for b in analyst.button if (b.key or "").startswith(key)).click().run()
        assert not analyst.exception
    assert "Nothing left to review." in analyst.info[0].value
    flagged = [r["id"] for r in store.queue(limit=100)]
    assert sorted(reviewed) == sorted(flagged) and len(store.final_labels()) == len(flagged) > 0
    texts = {store.post(i)["text"] for i in reviewed}

    # The admin exports the settled reviews and starts retraining; the page follows the run.
    chef = _signed_in("chef", "mot de passe admin")
    chef.sidebar.radio(key=state.PAGE).set_value("Model").run()
    chef.button(key="admin_export").click().run()
    assert f"exported {len(reviewed)} review(s)" in chef.success[0].value
    exported = [json.loads(line) for f in (tmp_path / "reviews").glob("*.jsonl") for line in f.open()]
    assert {r["text"] for r in exported} == texts and all(r["source"].startswith("review:awa:")
                                                               for r in exported)
    chef.button(key="admin_retrain").click().run()
    assert not chef.exception and admin.retrain_job().running()
    assert "retraining started by chef is running" in chef.info[0].value
    assert admin.retrain_job().process.wait(timeout=900) == 0, (tmp_path / "retrain.log").read_text()
    time.sleep(0.1)
    chef.run()
    assert any(t.value.startswith("Last decision: promoted") for t in chef.text), (tmp_path / "retrain.log").read_text()
    after = load_model(models / "default").version
    assert after != before and load_model(models / "archive" / f"default-{before}").version == before
    assert [e["action"] for e in store.audit_log(limit=2)] == ["retrain", "export_reviews"]
    store.close()
    state.store.clear()
