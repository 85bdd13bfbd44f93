import numpy as np

from training.evaluate import best_threshold, expected_calibration_error, full_report, scam_metrics


def test_evaluate_scam_metrics_known_values():
    m = scam_metrics([1, 1, 0, 0], [0.9, 0.4, 0.6, 0.1], threshold=0.5)
    assert (m["precision"], m["recall"], m["f1"]) == (0.5, 0.5, 0.5)
    assert m["confusion"] == {"tp": 1, "fp": 1, "fn": 1, "tn": 1}
    assert m["false_positive_rate"] == 0.5
    assert m["roc_auc"] == 0.75


def test_evaluate_best_threshold_separates_perfectly():
    assert best_threshold([0, 0, 1, 1], [0.1, 0.3, 0.7, 0.9]) == 0.7


def test_evaluate_ece_zero_when_calibrated():
    y = np.array([0] * 8 + [1] * 2 + [1] * 8 + [0] * 2)
    p = np.array([0.2] * 10 + [0.8] * 10)
    assert expected_calibration_error(y, p) < 1e-9


def test_evaluate_full_report_groups_by_language_and_category():
    rows = [{"scam": s, "lang": lang, "category": c, "difficulty": "easy"} for s, lang, c in
            [(1, "fr", "fake_job"), (0, "fr", "awareness"), (1, "en", "fake_scholarship"), (0, "en", "legit_job")]]
    report = full_report(rows, [0.9, 0.7, 0.8, 0.1], ["fake_job", "fake_job", "fake_scholarship", "legit_job"],
                         threshold=0.5)
    assert report["by_category"]["awareness"]["false_positive_rate"] == 1.0
    assert report["by_lang"]["en"]["f1"] == 1.0
    assert report["category_accuracy"] == 0.75
