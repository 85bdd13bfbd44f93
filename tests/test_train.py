import json

import numpy as np
import pytest

from detector.persistence import load_model
from tests.conftest import write_jsonl
from training.train import CANDIDATES, DEFAULT_ELIGIBLE, train_default


@pytest.mark.slow
def test_train_writes_a_complete_model_folder_deterministically(corpus, tmp_path):
    (tmp_path / "data").mkdir()
    write_jsonl(tmp_path / "data" / "slice.jsonl", corpus[::8])
    folders = [train_default(data_dir=tmp_path / "data", models_dir=tmp_path / f"models{i}", external=False)
               for i in range(2)]
    metrics = json.loads((folders[0] / "metrics.json").read_text())
    assert metrics["chosen"] in DEFAULT_ELIGIBLE
    assert set(metrics["candidates_validation"]) <= set(CANDIDATES)
    assert metrics["test"]["overall"]["n"] == metrics["data"]["test"]["n"]
    card = (folders[0] / "README.md").read_text()
    for section in ("## Data", "## Feature sets compared", "## Corpus test split", "## Intended use", "## Limits"):
        assert section in card
    assert (folders[0] / "pr_curve_test.png").read_bytes()[:4] == b"\x89PNG"
    texts = [r["text"] for r in corpus[1::50]]
    a, b = (load_model(f) for f in folders)
    assert a.version == b.version
    assert np.array_equal(a.detector.predict_proba(texts), b.detector.predict_proba(texts))
    assert a.detector.threshold == metrics["threshold"]
