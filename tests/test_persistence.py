import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import skops.io as sio

from detector.errors import ModelError
from detector.persistence import load_model

ROOT = Path(__file__).resolve().parent.parent


class Foreign:
    """A type no Vigie model holds."""

    def __init__(self):
        self.command = "rm -rf /"


def _copy(model_dir, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(model_dir, target)
    return target


def test_persistence_round_trip_gives_identical_scores(small_detector, model_dir):
    texts = ["Frais de dossier 50 000 FCFA, visa offert", "Le match de ce soir au stade Omnisport"]
    loaded = load_model(model_dir)
    assert np.allclose(loaded.detector.predict_proba(texts), small_detector.predict_proba(texts))
    assert loaded.label == "small@test"
    for name in ("README.md", "config.json", "metrics.json", "manifest.json"):
        assert (model_dir / name).is_file()
    assert json.loads((model_dir / "config.json").read_text())["C"] == small_detector.C


def test_persistence_refuses_altered_model_file(model_dir, tmp_path):
    folder = _copy(model_dir, tmp_path)
    with (folder / "model.skops").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ModelError, match="checksum"):
        load_model(folder)


def test_persistence_refuses_a_pickle_dropped_in_the_folder(model_dir, tmp_path):
    folder = _copy(model_dir, tmp_path)
    (folder / "extra.pkl").write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(ModelError, match="extra.pkl"):
        load_model(folder)


def test_persistence_refuses_types_outside_the_allow_list(model_dir, tmp_path):
    """A skops file re-written with a foreign type and a matching checksum is still refused."""
    folder = _copy(model_dir, tmp_path)
    sio.dump({"payload": Foreign()}, folder / "model.skops")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["sha256"] = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="allow-list"):
        load_model(folder)


def test_persistence_names_a_missing_folder(tmp_path):
    with pytest.raises(ModelError, match="vigie train"):
        load_model(tmp_path / "nowhere")


def test_persistence_refuses_a_folder_without_manifest(model_dir, tmp_path):
    folder = _copy(model_dir, tmp_path)
    (folder / "manifest.json").unlink()
    with pytest.raises(ModelError, match="manifest.json"):
        load_model(folder)


def test_persistence_refuses_a_file_the_manifest_does_not_list(model_dir, tmp_path):
    """A pickle without a pickle-like suffix is refused too: only listed or documented files may be there."""
    folder = _copy(model_dir, tmp_path)
    (folder / "payload").write_bytes(b"\x80\x04K\x01.")
    with pytest.raises(ModelError, match=r"not in its manifest: \['payload'\]"):
        load_model(folder)
    (folder / "payload").unlink()
    (folder / "sub").mkdir()
    (folder / "sub" / "pr_curve_test.png").write_bytes(b"\x89PNG")
    with pytest.raises(ModelError, match="sub/pr_curve_test.png"):
        load_model(folder)


def test_persistence_loads_a_folder_with_the_documented_card_and_plot_files(model_dir, tmp_path):
    folder = _copy(model_dir, tmp_path)
    for name in ("pr_curve_test.png", "pr_curve_outside_authors.png"):
        (folder / name).write_bytes(b"\x89PNG")
    (folder / "retrain.json").write_text("{}")  # a promoted candidate's decision
    assert load_model(folder).label == "small@test"


@pytest.mark.slow
def test_persistence_loads_the_committed_default_model():
    folder = ROOT / "models" / "default"
    if not (folder / "manifest.json").is_file():
        pytest.skip("no committed default model")
    assert load_model(folder).name == "default"


def test_persistence_sha256_tells_a_resaved_model_from_the_original(small_detector, model_dir, tmp_path):
    import copy

    from detector.persistence import save_model

    original = load_model(model_dir)
    assert original.sha256 == load_model(_copy(model_dir, tmp_path)).sha256  # content, not the folder's path
    other = copy.deepcopy(small_detector)
    other.threshold = 1.01
    resaved = load_model(save_model(other, tmp_path / "resaved", name="small", version="test", card="#\n",
                                    metrics={}))
    assert resaved.label == original.label and resaved.sha256 != original.sha256
    assert len(resaved.sha256) == 64


def test_persistence_signed_models_are_required_where_a_public_key_is_set(model_dir, tmp_path, monkeypatch, capsys):
    from commands.main import main

    folder = _copy(model_dir, tmp_path)
    key = tmp_path / "keys" / "vigie.key"
    key.parent.mkdir()
    assert main(["sign-model", "--new-key", str(key)]) == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert main(["sign-model", "--new-key", str(key)]) == 2  # a private key is never overwritten
    monkeypatch.setenv("VIGIE_MODEL_PUBLIC_KEY", str(key.with_name("vigie.key.pub")))
    with pytest.raises(ModelError, match="not signed"):
        load_model(folder)
    assert main(["sign-model", str(folder), "--key", str(key)]) == 0
    assert load_model(folder).label == "small@test"
    # The manifest pins the threshold and every file's checksum: changing it breaks the signature.
    manifest = json.loads((folder / "manifest.json").read_text())
    (folder / "manifest.json").write_text(json.dumps(manifest | {"threshold": 1.01}))
    with pytest.raises(ModelError, match="does not verify"):
        load_model(folder)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    # Signed by another key: refused too.
    other = tmp_path / "keys" / "other.key"
    assert main(["sign-model", "--new-key", str(other)]) == 0
    assert main(["sign-model", str(folder), "--key", str(other)]) == 0
    with pytest.raises(ModelError, match="does not verify"):
        load_model(folder)
    # Without a deployment key, signatures are not required and a signed folder loads as before.
    monkeypatch.delenv("VIGIE_MODEL_PUBLIC_KEY")
    assert load_model(folder).label == "small@test"
    assert load_model(model_dir).label == "small@test"


def test_persistence_allow_list_is_the_estimators_of_vigie_models(model_dir, tmp_path):
    """`skops.io` imported by Vigie first (a fresh process, as `vigie score`): its scikit-learn
    allow-list is the estimators a Vigie model holds, without scikit-learn's package walk; a Vigie
    model loads, and a file holding another scikit-learn estimator is refused."""
    import subprocess
    import sys

    folder = _copy(model_dir, tmp_path)
    from sklearn.tree import DecisionTreeClassifier

    sio.dump({"payload": DecisionTreeClassifier()}, folder / "model.skops")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["sha256"] = hashlib.sha256((folder / "model.skops").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    script = f"""
import json, sys
import sklearn.utils
walk = sklearn.utils.all_estimators
from detector.errors import ModelError
from detector.persistence import load_model
model = load_model({str(model_dir)!r})
assert model.detector.predict(["Visa offert, frais 50 000 FCFA"])
from skops.io._trusted_types import SKLEARN_ESTIMATOR_TYPE_NAMES
try:
    load_model({str(folder)!r})
    refused = ""
except ModelError as err:
    refused = str(err)
print(json.dumps({{"names": SKLEARN_ESTIMATOR_TYPE_NAMES, "refused": refused,
                  "restored": sklearn.utils.all_estimators is walk}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert "sklearn.linear_model._logistic.LogisticRegression" in result["names"]
    assert "sklearn.tree._classes.DecisionTreeClassifier" not in result["names"]
    assert "allow-list" in result["refused"] and "DecisionTreeClassifier" in result["refused"]
    assert result["restored"]
