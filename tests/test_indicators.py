"""`vigie export-indicators`: stored campaigns as a STIX 2.1 bundle, parsed back with `stix2.parse`, on
SQLite and, for real, on PostgreSQL (URL in VIGIE_TEST_POSTGRES_URL; those cases skip without it)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import stix2

from commands.main import main
from detector.readers import Post
from review import PostStore
from review.indicators import export_bundle, pattern

QATAR = "Recrutement hôtel au Qatar, visa offert, frais de dossier 50 000 FCFA. Appelez le +237 6 90 11 22 33"
QATAR_2 = "URGENT Qatar : serveurs et femmes de ménage, visa offert. WhatsApp wa.me/237690112233, frais 50 000"
BURSARY = ("Bourses Canada 2026 : formulaire sur https://www.bourses-canada-2026.com/inscription?utm_source=fb, "
           "frais 30 000 FCFA, écrivez à agent.bourses@gmail.com, dossier@bourses-ambassade.org ou "
           "@bourses_canada_officiel")
BURSARY_2 = ("Bourses d'études au Canada : inscrivez-vous sur bourses-canada-2026.com/inscription, "
             "frais de dossier 30 000 FCFA, contact agent.bourses@gmail.com")
# Distinct words of each text: none may appear in a bundle exported without --with-text.
WORDS = ("femmes de ménage", "Recrutement hôtel", "formulaire sur", "inscrivez-vous")


def _record(category: str = "fake_job") -> dict:
    return {"scam_score": 0.95, "flagged": True, "category": category, "lang": "fr", "signals": [],
            "impersonates": None, "model": "default@1"}



@pytest.fixture
def store(store_url) -> Iterator[PostStore]:
    store = PostStore(store_url)
    posts = [Post("q1", QATAR, 1, {"author_handle": "@recruteur_doha"}, "2026-03-01T08:00:00"),
             Post("q2", QATAR_2, 2, {"author_handle": "@Recruteur_Doha"}, "2026-03-09"),
             Post("b1", BURSARY, 3, {"author_handle": "@etudiant_yde"}, "2026-04-02T10:30:00+01:00"),
             Post("b2", BURSARY_2, 4, {}, "2026-04-05")]
    store.ingest(posts, [_record(), _record(), _record("fake_scholarship"), _record("fake_scholarship")])
    store.regroup_campaigns()
    yield store
    store.close()


def _campaign_of(store: PostStore, needle: str) -> str:
    for campaign in store.campaigns():
        if any(needle in p["text"] for p in store.campaign_posts(campaign["campaign"])):
            return campaign["campaign"]
    raise AssertionError(f"no campaign holds {needle!r}")


def _export(store_url: str, tmp_path, *args: str) -> tuple[str, stix2.Bundle]:
    out = tmp_path / "bundle.json"
    assert main(["export-indicators", "--store", store_url, "-o", str(out), *args]) == 0
    raw = out.read_text(encoding="utf-8")
    bundle = stix2.parse(raw, allow_custom=False)  # STIX 2.1, every object and pattern valid
    return raw, bundle


def _objects(bundle: stix2.Bundle, kind: str) -> list:
    return [o for o in bundle.objects if o.type == kind]


def test_indicators_round_trip_campaigns_identifiers_dates_and_label(store, store_url, tmp_path):
    qatar = _campaign_of(store, "Qatar")
    store.label_campaign(qatar, "awa", "fake_job")
    raw, bundle = _export(store_url, tmp_path, "--all")
    assert isinstance(bundle, stix2.Bundle) and json.loads(raw)["type"] == "bundle"
    campaigns = {c.name: c for c in _objects(bundle, "campaign")}
    assert len(campaigns) == 2
    reviewed = campaigns[f"Vigie campaign {qatar}"]
    assert reviewed.labels == ["fake_job"] and "analysts' label fake_job" in reviewed.description
    assert reviewed.first_seen.isoformat().startswith("2026-03-01T08:00")
    assert reviewed.last_seen.isoformat().startswith("2026-03-09")
    other = next(c for name, c in campaigns.items() if name != f"Vigie campaign {qatar}")
    assert "labels" not in other and "not reviewed yet" in other.description
    patterns = {i.pattern for i in _objects(bundle, "indicator")}
    # One indicator per real-world identifier: the number written out and the one in the wa.me link.
    assert "[user-account:account_type = 'phone' AND user-account:user_id = '+237690112233']" in patterns
    assert sum("+237690112233" in p for p in patterns) == 1
    assert "[domain-name:value = 'bourses-canada-2026.com']" in patterns
    # One link, written with and without scheme, 'www.' and tracking parameters.
    assert "[url:value = 'https://bourses-canada-2026.com/inscription']" in patterns
    assert sum(p.startswith("[url:value") for p in patterns) == 1
    assert "[email-addr:value = 'agent.bourses@gmail.com']" in patterns
    assert "[user-account:account_login = 'bourses_canada_officiel']" in patterns  # a handle in the text
    assert "[user-account:account_login = 'recruteur_doha']" in patterns  # the account that posted, once
    assert "[domain-name:value = 'bourses-ambassade.org']" in patterns  # an address's own site
    assert not any("gmail.com'" in p and "domain-name" in p for p in patterns)  # free mail is no indicator site
    # Every indicator indicates its campaign and is sighted with its own dates and post count.
    indicators = {i.id: i for i in _objects(bundle, "indicator")}
    relations = _objects(bundle, "relationship")
    assert {r.source_ref for r in relations} == set(indicators)
    assert all(r.relationship_type == "indicates" and r.target_ref.startswith("campaign--") for r in relations)
    sightings = {s.sighting_of_ref: s for s in _objects(bundle, "sighting")}
    assert set(sightings) == set(indicators)
    phone = next(i for i in indicators.values() if "+237690112233" in i.pattern)
    assert sightings[phone.id].count == 2 and indicators[phone.id].labels == ["fake_job"]
    assert sightings[phone.id].first_seen < sightings[phone.id].last_seen
    assert all(o.object_marking_refs == [stix2.TLP_AMBER.id] for o in bundle.objects if o.type != "marking-definition")
    # No post text unless asked.
    assert not _objects(bundle, "note") and not any(words in raw for words in WORDS)
    [entry] = [e for e in store.audit_log() if e["action"] == "export_indicators"]
    assert entry["actor"] == "cli" and sorted(entry["detail"]["campaigns"]) == sorted(
        c.name.removeprefix("Vigie campaign ") for c in campaigns.values())
    assert not any(words in json.dumps(entry["detail"]) for words in WORDS)


def test_indicators_ids_are_stable_across_exports(store, store_url, tmp_path):
    _, first = _export(store_url, tmp_path, "--all")
    _, second = _export(store_url, tmp_path, "--all")
    assert {o.id for o in first.objects} == {o.id for o in second.objects}


def test_indicators_with_text_and_redact(store, store_url, tmp_path):
    qatar = _campaign_of(store, "Qatar")
    raw, bundle = _export(store_url, tmp_path, "--campaign", qatar, "--with-text")
    notes = _objects(bundle, "note")
    assert sorted(n.content for n in notes) == sorted([QATAR, QATAR_2])
    raw, bundle = _export(store_url, tmp_path, "--campaign", qatar, "--with-text", "--redact")
    contents = " ".join(n.content for n in _objects(bundle, "note"))
    assert "Recrutement hôtel" in contents and "90 11 22 33" not in contents and "wa.me/237" not in contents
    patterns = {i.pattern for i in _objects(bundle, "indicator")}
    assert not any("recruteur_doha" in p for p in patterns)  # the accounts that posted are left out
    assert any("+237690112233" in p for p in patterns)  # the lure's own contact is what is shared


def test_indicators_benign_campaign_left_out_of_all_unless_named(store, store_url, tmp_path):
    bursary = _campaign_of(store, "Bourses")
    store.label_campaign(bursary, "awa", "other_benign")
    _, everything = _export(store_url, tmp_path, "--all")
    assert [c.name for c in _objects(everything, "campaign")] != [] and all(
        c.name != f"Vigie campaign {bursary}" for c in _objects(everything, "campaign"))
    _, named = _export(store_url, tmp_path, "--campaign", bursary)
    assert [i.indicator_types for i in _objects(named, "indicator")][0] == ["benign"]


def test_indicators_unknown_campaign_and_output_onto_the_store(store, store_url, tmp_path, capsys):
    assert main(["export-indicators", "--store", store_url, "--campaign", "nope", "-o", str(tmp_path / "b.json")]) == 2
    assert "no campaign 'nope'" in capsys.readouterr().err and not (tmp_path / "b.json").exists()
    if store_url.startswith("sqlite:///"):
        db = store_url.removeprefix("sqlite:///")
        before = open(db, "rb").read()
        assert main(["export-indicators", "--store", store_url, "--all", "-o", db]) == 2
        assert open(db, "rb").read() == before


def test_indicators_patterns_escape_quotes_and_the_library_agrees():
    from stix2patterns.validator import run_validator

    for key, value in [("handle:o'neil", "o'neil"), ("url:x.com/a\\b", "http://x.com/a\\b"),
                       ("domain:bourses.com", "bourses.com"), ("email:a@b.co", "a@b.co"),
                       ("phone:+2376", "+2376")]:
        assert run_validator(pattern(key, value)) == [], key
    with pytest.raises(ValueError, match="no STIX pattern"):
        pattern("amount:5000", "5000")


def test_indicators_unknown_tlp_is_refused(tmp_path):
    from review.errors import StoreError

    with pytest.raises(StoreError, match="TLP 'pink'"):
        export_bundle(PostStore(f"sqlite:///{tmp_path / 'v.db'}"), [], tlp="pink")


def test_indicators_campaigns_page_offers_the_bundle_to_admins_only(tmp_path, monkeypatch):
    from pathlib import Path

    pytest.importorskip("streamlit", reason="the dashboard extra is not installed")
    from streamlit.testing.v1 import AppTest

    from dashboard import state

    url = f"sqlite:///{tmp_path / 'dash.db'}"
    monkeypatch.setenv("VIGIE_DATABASE_URL", url)
    state.store.clear()
    store = PostStore(url)
    store.ingest([Post("q1", QATAR, 1, {}, "2026-03-01"), Post("q2", QATAR_2, 2, {}, "2026-03-09")],
                 [_record(), _record()])
    store.regroup_campaigns()
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    store.add_user("chef", "mot de passe admin", "admin", actor="test")
    app = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
    try:
        for user, password, admin in (("awa", "mot de passe solide", False), ("chef", "mot de passe admin", True)):
            at = AppTest.from_file(app, default_timeout=60).run()
            at.text_input(key="login_username").input(user)
            at.text_input(key="login_password").input(password)
            at = at.button[0].click().run()
            at.sidebar.radio(key=state.PAGE).set_value("Campaigns")
            at = at.run()
            keys = [b.key or "" for b in at.button]
            assert not at.exception and any(k.startswith("cstix_") for k in keys) is admin, user
        at.button(key=next(k for k in keys if k.startswith("cstix_"))).click().run()
        assert not at.exception
        [entry] = [e for e in store.audit_log() if e["action"] == "export_indicators"]
        assert entry["actor"] == "chef"
    finally:
        state.store.clear()
        store.close()
