"""The stack: the corpus model stays itself, genre experts add what only real posts of their genre teach."""

from __future__ import annotations

import numpy as np
import pytest

from detector.classifiers import Detector
from detector.ensemble import CORPUS, StackedDetector, balanced_weights
from detector.persistence import load_model, save_model
from training.suite import StackInputs, build_stack_inputs, fit_stack, macro_f1_threshold, run_suite

# A genre whose lures the corpus never describes: "data entry from home" job ads, long and plain,
# beside genuine ads that carry what the corpus's lures say (visa sponsorship, travel paid, WhatsApp),
# so the corpus model alone ranks them the wrong way round and only real ads can teach the genre.
_AD_SCAM = ("Data entry clerk needed, work from home in your free time. Weekly pay by check, start today. "
            "Send your details to the hiring manager. Position {i} of our remote team.")
_AD_LEGIT = ("Senior accountant for our Dubai office: visa sponsorship and flight ticket paid, urgent hiring, "
             "send your CV on WhatsApp +971 50 123 4567. Salary 3000 USD. Reference {i}.")


def _jobs(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        scam = i % 5 == 0
        rows.append({"id": f"ad-{i}", "text": (_AD_SCAM if scam else _AD_LEGIT).format(i=i), "scam": int(scam),
                     "category": "fake_job" if scam else "legit_job"})
    return rows


@pytest.fixture(scope="module")
def corpus_rows(corpus):
    return corpus[::6]


@pytest.fixture(scope="module")
def inputs(corpus_rows) -> StackInputs:
    return build_stack_inputs(corpus_rows, {"difraud-jobs": _jobs(100)},
                              base_params={"word_ngrams": (1, 1), "max_features": 20_000}, folds=3)


def test_ensemble_balanced_weights_give_each_genre_its_share():
    w = balanced_weights(["corpus"] * 10 + ["jobs"] * 90 + ["sms"] * 900, corpus_share=0.5)
    domains = np.asarray(["corpus"] * 10 + ["jobs"] * 90 + ["sms"] * 900)
    totals = {d: w[domains == d].sum() / w.sum() for d in ("corpus", "jobs", "sms")}
    assert totals == pytest.approx({"corpus": 0.5, "jobs": 0.25, "sms": 0.25})


@pytest.mark.slow  # fits stacks of cross-fitted experts (minutes on two cores)
def test_ensemble_expert_learns_its_genre_and_corpus_model_keeps_the_rest(inputs, corpus_rows):
    stack = fit_stack(inputs, {"folds": 3})
    assert sorted(stack.experts_) == ["jobs"]
    held_out = _jobs(110)[100:]
    scores = stack.predict_proba([r["text"] for r in held_out])
    y = np.asarray([r["scam"] for r in held_out])
    assert scores[y == 1].min() > scores[y == 0].max()
    # On the corpus's own lures the stack ranks as its corpus model does.
    texts = ["URGENT: 20 femmes de ménage pour Dubaï, frais de dossier 50 000 FCFA, visa offert, inbox",
             "Le club organise un tournoi de football ce samedi au stade municipal"]
    assert stack.predict_proba(texts)[0] > 0.5 > stack.predict_proba(texts)[1]
    assert stack.predict(texts)[0].signals  # evidence comes from the corpus model's scan


@pytest.mark.slow  # fits stacks of cross-fitted experts (minutes on two cores)
def test_ensemble_genre_without_enough_lures_gets_no_expert(corpus_rows):
    few = _jobs(100)
    few = [r for r in few if not r["scam"]] + [r for r in few if r["scam"]][:2]
    inputs = build_stack_inputs(corpus_rows, {"difraud-jobs": few},
                                base_params={"word_ngrams": (1, 1), "max_features": 20_000}, folds=3)
    stack = fit_stack(inputs, {"folds": 3})
    assert stack.experts_ == {} and stack.router_ is None
    assert 0 <= stack.predict_proba("hello")[0] <= 1


@pytest.mark.slow  # fits stacks of cross-fitted experts (minutes on two cores)
def test_ensemble_saves_and_loads_with_skops(inputs, tmp_path):
    stack = fit_stack(inputs, {"folds": 3})
    del stack.oof_scores_
    save_model(stack, tmp_path / "m", name="m", version="t", card="# m\n", metrics={})
    loaded = load_model(tmp_path / "m").detector
    texts = [r["text"] for r in _jobs(12)]
    assert np.allclose(loaded.predict_proba(texts), stack.predict_proba(texts))


def test_ensemble_fit_from_raw_posts_matches_the_library_protocol():
    texts = ["Visa et billet offerts, frais de dossier 50 000 FCFA, inbox", "Match ce soir au stade"] * 10
    cats = ["fake_job", "other_benign"] * 10
    ads = [r["text"] for r in _jobs(40)]
    det = StackedDetector(base=Detector(calibration="sigmoid"), folds=2).fit(
        texts + ads, cats + [r["category"] for r in _jobs(40)], [CORPUS] * 20 + ["jobs"] * 40)
    assert det.predict(texts[:1])[0].flagged
    with pytest.raises(ValueError, match="domain 'corpus'"):
        StackedDetector().fit(ads, [r["category"] for r in _jobs(40)], ["jobs"] * 40)


def test_suite_macro_threshold_weighs_each_genre():
    # Genre a is separable at 0.3, genre b at 0.7: the mean-F1 optimum lies between, not at a's.
    scores = np.asarray([0.35, 0.25, 0.75, 0.65] * 10)
    y = np.asarray([1, 0, 1, 0] * 10)
    domains = ["a", "a", "b", "b"] * 10
    t = macro_f1_threshold(scores, y, domains)
    assert 0.25 < t <= 0.35 or 0.65 < t <= 0.75
    assert macro_f1_threshold(np.asarray([0.9, 0.1] * 5), np.asarray([1, 0] * 5), ["a", "a"] * 5) <= 0.9


@pytest.mark.slow  # fits stacks of cross-fitted experts (minutes on two cores)
def test_suite_never_judges_a_set_on_posts_the_model_learned_from(inputs, corpus_rows):
    stack = fit_stack(inputs, {"folds": 3})
    jobs = {"difraud-jobs": [r for r in _jobs(100)]}
    report = run_suite(stack, outside=corpus_rows[:30], public=jobs, trained_on=["difraud-jobs"], inputs=inputs,
                       stack_params={"folds": 3}, folds=3, progress=False)
    row = report["difraud-jobs"]
    assert row["how"] == "cross-fitted, 3 folds" and row["n"] == 100 and row["positives"] == 20
    # Left out entirely, the corpus model alone cannot know this genre's lures as well as cross-fitted.
    assert row["left_out"]["pr_auc"] < row["pr_auc"]
    assert report["outside_authors"]["how"] == "never trained on"
    assert run_suite(stack, outside=[], public=jobs, trained_on=["difraud-jobs"],
                     progress=False)["difraud-jobs"]["how"].startswith("trained on; refit inputs not given")
