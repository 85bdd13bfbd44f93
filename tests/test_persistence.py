import hashlib
import json
import shutil

import numpy as np
import pytest
import skops.io as sio

from detector.errors import ModelError
from detector.persistence import load_model


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
