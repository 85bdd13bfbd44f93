import numpy as np
import pytest

from detector.classifiers import BENIGN_CATEGORIES, SCAM_CATEGORIES, Detector


def test_classifiers_flag_side_and_category_agree(small_detector, corpus):
    for pred in small_detector.predict([r["text"] for r in corpus[1::40]]):
        assert 0.0 <= pred.scam_score <= 1.0
        assert pred.category in (SCAM_CATEGORIES if pred.flagged else BENIGN_CATEGORIES)


@pytest.mark.slow  # fits two detectors
def test_classifiers_fit_is_deterministic(corpus):
    rows = corpus[::10]
    texts, cats = [r["text"] for r in rows], [r["category"] for r in rows]
    a = Detector(word_ngrams=None, max_features=5000).fit(texts, cats).predict_proba(texts[:20])
    b = Detector(word_ngrams=None, max_features=5000).fit(texts, cats).predict_proba(texts[:20])
    assert np.array_equal(a, b)


def test_classifiers_learn_the_obvious(small_detector):
    lure = ("URGENT recrutement Dubaï: jeunes filles 18-30 ans, visa et billet offerts, aucun diplôme. "
            "Frais de dossier 75 000 FCFA par Orange Money, écrivez en privé")
    benign = "Bravo aux Lions Indomptables pour la victoire d'hier soir, quel match au stade !"
    lure_score, benign_score = small_detector.predict_proba([lure, benign])
    assert lure_score > 0.8 > 0.3 > benign_score


def test_classifiers_accept_one_string(small_detector):
    assert small_detector.predict_proba("visa offert").shape == (1,)
    assert len(small_detector.predict("visa offert")) == 1


def test_classifiers_reject_unknown_categories():
    with pytest.raises(ValueError, match="unknown categories"):
        Detector().fit(["a", "b"], ["fake_job", "spam"])


def test_classifiers_need_both_classes():
    with pytest.raises(ValueError, match="at least 5"):
        Detector().fit(["a"] * 10, ["fake_job"] * 10)


def test_classifiers_shared_scan_gives_the_union_features(corpus):
    """predict() builds the signal block from its own scans: it must equal FeatureUnion.transform."""
    from detector.normalize import normalize
    from detector.signals import scan

    rows = corpus[::12]
    det = Detector(word_ngrams=None, max_features=5000).fit([r["text"] for r in rows], [r["category"] for r in rows])
    clean = [normalize(r["text"]) for r in corpus[5:40]]
    shared = det._featurize(clean, [scan(t, normalized=True) for t in clean])
    assert (shared != det.features_.transform(clean)).nnz == 0
