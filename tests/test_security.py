"""Personal data of victims and suspects: what leaves the committee is redacted, logs hold no post text."""

import json
import logging

from hypothesis import given
from hypothesis import strategies as st

from commands.main import main
from detector.normalize import redact
from tests.conftest import write_jsonl

LURE = ("Recrutement Dubaï, visa offert, frais 50 000 FCFA. WhatsApp +237 6 99 00 12 34 ou wa.me/237699001234, "
        "t.me/jobs_dubai_officiel, écrire à @agent_dubai ou agent.dubai@gmail.com")


def test_redact_masks_every_kind_of_contact():
    masked = redact(LURE)
    for secret in ("699", "237699001234", "jobs_dubai", "@agent_dubai", "gmail"):
        assert secret not in masked
    assert "[phone]" in masked and "[whatsapp]" in masked and "[telegram]" in masked and "[email]" in masked
    assert "50 000 FCFA" in masked  # amounts are evidence, not personal data


@given(st.text(max_size=200))
def test_redact_never_fails_and_is_idempotent(text):
    once = redact(text)
    assert redact(once) == once


def test_score_redact_masks_output_and_rejects(model_dir, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": LURE},
                                              '{"id": "2", "text": "call +237 677 11 22 33 now", broken'])
    out = tmp_path / "shared.jsonl"
    assert main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress", "--redact"]) == 1
    exported = out.read_text() + (tmp_path / "shared.jsonl.rejects.jsonl").read_text()
    assert "[phone]" in exported
    for secret in ("699 00 12 34", "237699001234", "677 11 22 33", "agent_dubai", "gmail"):
        assert secret not in exported
    assert json.loads(out.read_text())["flagged"]


def test_logs_name_the_line_and_reason_never_the_post(model_dir, tmp_path, caplog):
    src = write_jsonl(tmp_path / "in.jsonl", ['{"id": "9", "text": "secret +237 677 11 22 33", oops'])
    with caplog.at_level(logging.DEBUG):
        main(["score", str(src), "-o", str(tmp_path / "o.jsonl"), "--model", str(model_dir), "--no-progress"])
    assert "in.jsonl:1" in caplog.text and "invalid JSON" in caplog.text
    assert "677" not in caplog.text and "secret" not in caplog.text


def test_passwords_and_secrets_never_reach_exports_logs_or_the_audit_log(tmp_path, caplog):
    import os
    import stat

    from commands.dashboard import cookie_secret
    from detector.readers import Post
    from review import PostStore
    from training.retrain import export_reviews

    store = PostStore(f"sqlite:///{tmp_path / 's.db'}")
    with caplog.at_level(logging.DEBUG):
        store.add_user("awa", "secret passphrase 42", "analyst", actor="admin")
        store.ingest([Post("p1", "Visa offert, frais 50 000 FCFA", 1)],
                     [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
                       "impersonates": None, "model": "m@1"}])
        store.review(1, "awa", "fake_job")
        path, _ = export_reviews(store, tmp_path / "reviews")
    with store.engine.connect() as conn:
        hashed = conn.exec_driver_sql("SELECT password_hash FROM users").scalar_one()
    shared = path.read_text() + caplog.text + json.dumps(store.audit_log(), default=str)
    assert "secret passphrase" not in shared and hashed not in shared
    secret = cookie_secret(tmp_path / "cookie_secret")
    assert len(secret) == 64 and cookie_secret(tmp_path / "cookie_secret") == secret
    assert stat.S_IMODE(os.stat(tmp_path / "cookie_secret").st_mode) == 0o600
    store.close()
