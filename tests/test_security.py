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


# Nineteen ways lures write a contact (and a few more): none may survive `vigie score --redact`.
CONTACTS = [
    "+237 699 00 41 27", "699004127", "6 9 9 0 0 4 1 2 7", "6,9,9,0,0,4,1,2,7", "6-99-00-41-27", "699/004/127",
    "6 nine 9 zero zero 4 1 2 7", "69900412seven", "6OO 41 27 99", "wa.me/237699004127",
    "https://wa.me/+237699004127", "t.me/recruteur_dubai", "@recruteur_dubai", "@récrutéur_dubaï",
    "agent@gmail.com", "agent at gmail dot com", "agent(at)gmail(dot)com", "https://facebook.com/profile.php?id=1000",
    "instagram.com/fake.ronaldo", "６９９ ００ ４１ ２７", "agent [at] gmail [dot] com",
]
# What would betray each format: the format itself, and what its de-obfuscation reads.
SECRETS = [*CONTACTS, "699004127", "699 00", "recruteur", "récrutéur", "agent@", "gmail", "facebook.com",
           "profile.php", "instagram", "fake.ronaldo", "elonmusk_giveaway", "6OO"]


def test_score_redact_masks_every_written_contact_in_output_rejects_and_logs(model_dir, tmp_path, caplog, capsys):
    posts = [{"id": f"p{i}", "author_handle": "elonmusk_giveaway", "author_name": "Elon Musk",
              "text": f"My foundation is giving grants, visa et billet offerts. Envoyez {contact} 50 000 FCFA, "
                      f"contactez {contact} whatsapp uniquement. Concours MINFOPRA 2025, inscription sur "
                      f"WhatsApp au {contact}, DM me"}
             for i, contact in enumerate(CONTACTS)]
    rejects = [row for i, contact in enumerate(CONTACTS) for row in (
        {"id": f"k{i}", "author_handle": "recruteur_dubai", "body": f"Travail à Dubaï, {contact}"},
        f'{{"id": "b{i}", "author_handle": "recruteur_dubai", "text": "Dubaï {contact}", broken')]
    src = write_jsonl(tmp_path / "in.jsonl", [*posts, *rejects])
    plain = tmp_path / "plain.jsonl"
    main(["score", str(src), "-o", str(plain), "--model", str(model_dir), "--no-progress"])
    # Unredacted, the evidence does hold contacts: the redacted run below has something to mask.
    written = plain.read_text()
    assert "elonmusk_giveaway" in written and sum(contact in written for contact in CONTACTS) >= 12
    capsys.readouterr()
    caplog.clear()
    out = tmp_path / "shared.jsonl"
    with caplog.at_level(logging.DEBUG):
        assert main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress", "--redact"]) == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    rejected = (tmp_path / "shared.jsonl.rejects.jsonl").read_text()
    places = {"output": out.read_text(), "rejects": rejected, "logs": caplog.text + capsys.readouterr().err}
    for place, text in places.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} survives in the {place}"
    # The posts are still scored, their evidence kept around the masks; the rejects say why, not what.
    assert [r["id"] for r in records] == [p["id"] for p in posts]
    assert all(r["flagged"] and r["signals"] for r in records)
    assert "[phone]" in places["output"] and "[handle]" in places["output"] and "50 000 FCFA" in places["output"]
    reasons = {json.loads(line)["reason"] for line in rejected.splitlines()}
    assert reasons == {"no 'text' field", "invalid JSON"}  # not the record's keys ('body', 'author_handle')


def test_store_errors_never_show_the_post_text_or_its_parameters(tmp_path):
    import argparse

    from sqlalchemy import text as sql
    from sqlalchemy.exc import SQLAlchemyError

    from commands.main import error_line
    from detector.settings import Settings
    from review import PostStore

    store = PostStore(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with store.engine.connect() as conn:
            conn.execute(sql("INSERT INTO no_such_table VALUES (:text)"), {"text": "WhatsApp +237 699 00 41 27"})
    except SQLAlchemyError as err:
        shown = str(err) + (error_line(err, argparse.Namespace(store="default"), Settings.from_env({})) or "")
    store.close()
    assert "no_such_table" in shown and "699" not in shown and "WhatsApp" not in shown


def test_headerless_csv_error_never_quotes_the_post(model_dir, tmp_path, capsys):
    src = tmp_path / "posts.csv"
    src.write_text('1,"Recrutement Dubaï, WhatsApp +237 699 00 41 27",recruteur_dubai\n', encoding="utf-8")
    assert main(["score", str(src), "--model", str(model_dir), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "headerless" in err and "699" not in err and "Recrutement" not in err and "recruteur" not in err


def test_normalize_contact_spans_map_back_to_the_text_as_written():
    from detector.normalize import contact_spans

    text = ("Écrire à @re\u0301crute\u0301ur ou au ６９９ ００ ４１ ２７, sinon agent(at)gmail(dot)com. "
            "Frais 50 000 FCFA")
    spans = contact_spans(text)
    assert [(text[a:b], kind) for a, b, kind in spans] == [
        ("@re\u0301crute\u0301ur", "handle"), ("６９９ ００ ４１ ２７", "phone"), ("agent(at)gmail(dot)com", "email")]
    assert redact(text) == "Écrire à [handle] ou au [phone], sinon [email]. Frais 50 000 FCFA"


def test_redact_keeps_years_and_masks_a_number_before_a_currency():
    """Year ranges are not contacts, with or without their separator; a phone number followed by a
    currency is still a phone number, and amounts stay visible."""
    for text in ("Saison 2026-2027 ouverte", "saison 20262027", "de 2025 2026 à 1999-2000", "session 2026/2027"):
        assert redact(text) == text
    assert redact("Envoyez au 699 004 127 FCFA") == "Envoyez au [phone] FCFA"
    assert redact("contact 699004127 XAF") == "contact [phone] XAF"
    assert redact("Saison 2026-2027, appelez 2026-2027 699004127") == "Saison 2026-2027, appelez 2026-2027 [phone]"
    assert redact("699004127 50 000 FCFA, 2 500 000 FCFA, 15 000 000 FCFA") == (
        "[phone] 50 000 FCFA, 2 500 000 FCFA, 15 000 000 FCFA")
