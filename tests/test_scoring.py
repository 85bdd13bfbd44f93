import csv
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.errors import InputError
from detector.scoring import read_posts, score_file
from tests.conftest import write_jsonl

CONTRACT = {"id", "scam_score", "flagged", "category", "lang", "signals", "impersonates", "model",
            "model_sha256"}
CATEGORIES = {"fake_job", "fake_scholarship", "celebrity_impersonation", "other_scam", "legit_job",
              "legit_scholarship", "awareness", "other_benign"}


def _read(path):
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def test_scoring_contract_and_input_order(loaded_model, tmp_path):
    posts = [{"id": f"p{i}", "text": t} for i, t in enumerate([
        "Visa et billet offerts pour Dubaï, frais de dossier 50 000 FCFA par MoMo, inbox",
        "Bonne fête à toutes les mamans du quartier",
        "Chevening scholarships are open, apply online, no fees at any stage",
    ] * 5)]
    out = tmp_path / "out.jsonl"
    summary = score_file(write_jsonl(tmp_path / "in.jsonl", posts), out, loaded_model, batch_size=4,
                         progress=False)
    rows = _read(out)
    assert [r["id"] for r in rows] == [p["id"] for p in posts]
    assert (summary.read, summary.scored, summary.rejected) == (15, 15, 0)
    assert summary.flagged == sum(r["flagged"] for r in rows) > 0
    for row in rows:
        assert set(row) == CONTRACT
        assert 0 <= row["scam_score"] <= 1 and isinstance(row["flagged"], bool)
        assert row["category"] in CATEGORIES
        assert row["model"] == "small@test" and row["model_sha256"] == loaded_model.sha256
        assert all(set(s) == {"name", "evidence"} for s in row["signals"])
    assert rows[0]["flagged"] and {"upfront_fee", "travel_provided"} <= {s["name"] for s in rows[0]["signals"]}
    assert not (tmp_path / "out.jsonl.rejects.jsonl").exists()


def test_scoring_malformed_lines_are_rejected_not_dropped(loaded_model, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a", "text": "Recrutement urgent au Qatar, visa offert"},
        '{"id": "b", "text": "unterminated',
        {"id": "c", "body": "no text field"},
        {"id": "d", "text": ""},
        "[1, 2]",
        {"text": "no id: the line number stands in"},
    ])
    out = tmp_path / "out.jsonl"
    summary = score_file(src, out, loaded_model, progress=False)
    assert [r["id"] for r in _read(out)] == ["a", "6"]
    rejects = _read(tmp_path / "out.jsonl.rejects.jsonl")
    assert [r["line"] for r in rejects] == [2, 3, 4, 5]
    assert "invalid JSON" in rejects[0]["reason"]
    assert "--text-field" in rejects[1]["reason"]
    assert all(r["file"] == str(src) for r in rejects)
    assert (summary.read, summary.scored, summary.rejected) == (6, 2, 4)


def test_scoring_invalid_utf8_and_nul_bytes_are_repaired_and_scored(loaded_model, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "a", "text": "ok ok"}\n{"id": "b", "text": "visa \xff\xfe offert"}\n'
                    b'{"id": "c", "text": "frais\\u0000 de dossier"}\n')
    summary = score_file(src, tmp_path / "o.jsonl", loaded_model, progress=False)
    assert (summary.scored, summary.rejected, summary.repaired) == (3, 0, 2)
    assert [r["id"] for r in _read(tmp_path / "o.jsonl")] == ["a", "b", "c"]


def test_scoring_reads_csv_with_field_options(loaded_model, tmp_path):
    src = tmp_path / "in.csv"
    with src.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["post_id", "body"])
        writer.writerow(["x1", "Bourse entièrement financée au Canada, frais 30 000 FCFA"])
        writer.writerow(["x2", "Résultats du concours de l'ENS publiés"])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, text_field="body", id_field="post_id", progress=False)
    assert [r["id"] for r in _read(out)] == ["x1", "x2"]


def test_scoring_reads_parquet(loaded_model, tmp_path):
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": ["Visa garanti, inbox", "Joyeux anniversaire"], "n": [1, 2]}), src)
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, progress=False)
    assert [r["id"] for r in _read(out)] == ["1", "2"]


def test_scoring_errors_name_the_file_and_the_fix(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        list(read_posts(tmp_path / "missing.jsonl"))
    (tmp_path / "posts.txt").write_text("x")
    with pytest.raises(InputError, match="--format"):
        list(read_posts(tmp_path / "posts.txt"))
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n")
    with pytest.raises(InputError, match="pass --text-field"):
        list(read_posts(src))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=80), st.just("")), min_size=1, max_size=12))
def test_scoring_every_line_gets_one_output_or_one_reject(loaded_model, tmp_path, texts):
    src = write_jsonl(tmp_path / "h.jsonl", [{"id": f"r{i}", "text": t} for i, t in enumerate(texts)])
    out = tmp_path / "h_out.jsonl"
    summary = score_file(src, out, loaded_model, progress=False)
    scored = [r["id"] for r in _read(out)]
    rejects_path = tmp_path / "h_out.jsonl.rejects.jsonl"
    rejected = [f"r{r['line'] - 1}" for r in _read(rejects_path)] if summary.rejected else []
    rejects_path.unlink(missing_ok=True)
    assert sorted(scored + rejected) == sorted(f"r{i}" for i in range(len(texts)))
    assert scored == sorted(scored, key=lambda x: int(x[1:]))


def test_scoring_csv_keeps_very_long_posts_and_short_rows(loaded_model, tmp_path):
    src = tmp_path / "in.csv"
    long_post = "visa offert " * 20_000
    src.write_text(f'id,text\n1,"{long_post}"\n2,ok,extra\n3,bonjour tout le monde\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = score_file(src, out, loaded_model, progress=False)
    assert [r["id"] for r in _read(out)] == ["1", "3"]
    assert summary.rejected == 1 and "3 cells for 2 columns" in _read(tmp_path / "out.jsonl.rejects.jsonl")[0]["reason"]


def test_scoring_workers_give_the_same_output_in_order(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": r["id"], "text": r["text"]} for r in corpus[:300]]
                      + ["broken line"])
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        summary = score_file(src, out, loaded_model, batch_size=32, workers=workers, progress=False)
        assert (summary.scored, summary.rejected) == (300, 1)
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1]


def test_scoring_fast_features_give_scikit_learns_scores_on_the_sample(monkeypatch):
    """The shipped model's scores, categories and evidence on the sample posts are those of
    scikit-learn's own `TfidfVectorizer.transform` in every pipeline, to the bit: the scorer's feature
    building (n-grams looked up once per word, one analysis for the vectorizers that share an analyzer,
    counts built as arrays) changes no number."""
    from pathlib import Path

    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from detector.classifiers import CompactTfidfVectorizer, transform_shared
    from detector.normalize import normalize
    from detector.persistence import load_model
    from detector.scoring import MAX_MODEL_CHARS

    root = Path(__file__).resolve().parent.parent
    model = load_model(root / "models" / "default")
    texts = [p.text[:MAX_MODEL_CHARS] for p in read_posts(root / "data" / "sample" / "scraped_posts.jsonl")]
    texts += ["ΣΑΣ ΟΔΟΣ İstanbul  \u00a0 x\u2003y\n\nz", "a", "zzzzqqq"]  # final sigma, dotted I, odd spaces
    clean = [normalize(t) for t in texts]
    detector = model.detector
    vectorizers = [part for _, part in detector.base_.features_.transformer_list
                   if isinstance(part, CompactTfidfVectorizer)]
    vectorizers += [e.steps[0][1] for e in getattr(detector, "experts_", {}).values()]
    for vectorizer, fast in zip(vectorizers, transform_shared(vectorizers, clean), strict=True):
        reference = TfidfVectorizer.transform(vectorizer, clean)
        assert fast.dtype == reference.dtype and fast.shape == reference.shape
        for a, b in ((fast.indptr, reference.indptr), (fast.indices, reference.indices), (fast.data, reference.data)):
            assert np.array_equal(a, b)
    fast_predictions = detector.predict(texts)
    monkeypatch.setattr(CompactTfidfVectorizer, "transform", TfidfVectorizer.transform)
    monkeypatch.setattr("detector.classifiers.transform_shared",
                        lambda vectorizers, docs: [TfidfVectorizer.transform(v, docs) for v in vectorizers])
    monkeypatch.setattr(CompactTfidfVectorizer, "transform_counted",
                        lambda self, counted: pytest.fail("the reference must not use the fast path"))
    reference_predictions = detector.predict(texts)
    assert fast_predictions == reference_predictions
    assert sum(p.flagged for p in reference_predictions) > 0


class _FixedDetector:
    """A detector that says what each test wants, so that only the impersonation hooks vary."""

    def __init__(self, flagged, category, score):
        self.flagged, self.category, self.score = flagged, category, score

    def predict(self, texts):
        from detector.classifiers import Prediction

        return [Prediction(self.score, self.flagged, self.category, []) for _ in texts]


def _fixed_model(flagged, category, score=0.2):
    from types import SimpleNamespace

    return SimpleNamespace(detector=_FixedDetector(flagged, category, score), label="fixed@test", sha256="0" * 64)


LOOKALIKE_LURE = ("Ma fondation offre 40 bourses d'études au Canada pour les jeunes camerounais. Frais de dossier "
                  "15 000 FCFA par Orange Money, écrivez-moi en privé.")
INSTITUTION_LURE = ("Camair-Co recrute 40 hôtesses et stewards. Dépôt des dossiers sur WhatsApp au 677 12 34 56, "
                    "frais d'étude du dossier 10 000 FCFA par MoMo.")


def test_account_evidence_flags_a_lookalike_the_model_missed():
    from detector.readers import Post
    from detector.scoring import score_posts

    author = {"author_handle": "samuel_etoo_officiel", "author_name": "Samuel Eto'o Officiel", "author_verified": False}
    posts = [Post("a", LOOKALIKE_LURE, 1, author=author), Post("b", LOOKALIKE_LURE, 1)]
    [with_author, without] = score_posts(posts, _fixed_model(False, "legit_scholarship"))
    assert with_author["flagged"] and with_author["category"] == "celebrity_impersonation"
    assert with_author["impersonates"] == "Samuel Eto'o" and with_author["scam_score"] == 0.2
    assert any(s["name"] == "impersonation" and s["evidence"] for s in with_author["signals"])
    # Without author fields the model's verdict stands.
    assert not without["flagged"] and without["category"] == "legit_scholarship" and without["impersonates"] is None


def test_account_evidence_flags_an_institution_under_a_scam_category():
    from detector.readers import Post
    from detector.scoring import score_posts

    post = Post("a", INSTITUTION_LURE, 1, author={"author_handle": "@camairco_recrutement2026"})
    [benign] = score_posts([post], _fixed_model(False, "legit_job"))
    assert benign["impersonates"] == "Camair-Co"
    assert benign["flagged"] and benign["category"] == "other_scam"
    [scam] = score_posts([post], _fixed_model(False, "fake_job"))  # a backend that names a scam category unflagged
    assert scam["flagged"] and scam["category"] == "fake_job"
    # Without author fields, the text-only institution rule does not flag what the model did not.
    [text_only] = score_posts([Post("b", INSTITUTION_LURE, 1)], _fixed_model(False, "legit_job"))
    assert not text_only["flagged"] and text_only["category"] == "legit_job"


def test_an_official_account_is_not_its_own_impersonator():
    from detector.readers import Post
    from detector.scoring import score_posts

    text = "Ma fondation offre 40 bourses d'études aux jeunes du Cameroun. Candidatures sur le site de la fondation."
    official = Post("a", text, 1, author={"author_handle": "@setoo9", "author_verified": True})
    lookalike = Post("b", text + " Frais 15 000 FCFA, écrivez-moi en privé.", 1,
                     author={"author_handle": "@setoo9_fondation", "author_verified": True})
    [own, fake] = score_posts([official, lookalike], _fixed_model(True, "celebrity_impersonation", 0.9))
    assert not own["flagged"] and own["category"] == "other_benign" and own["impersonates"] is None
    assert own["scam_score"] == 0.9
    assert fake["flagged"] and fake["category"] == "celebrity_impersonation" and fake["impersonates"] == "Samuel Eto'o"
    # An official account's post the model flags as another lure keeps its flag.
    [job] = score_posts([official], _fixed_model(True, "fake_job", 0.9))
    assert job["flagged"] and job["category"] == "fake_job"
    # Without author fields, nothing is unflagged.
    [bare] = score_posts([Post("c", text, 1)], _fixed_model(True, "celebrity_impersonation", 0.9))
    assert bare["flagged"] and bare["category"] == "celebrity_impersonation"
