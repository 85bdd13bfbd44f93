"""detector.settings: one place for the VIGIE_* folders and the store URL, read when asked."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from detector.settings import REPO_ROOT, Settings, settings


def test_settings_defaults_are_the_checkout_folders():
    s = Settings.from_env({})
    assert s.models_dir == REPO_ROOT / "models" and s.default_model == REPO_ROOT / "models" / "default"
    assert s.corpus_dir == REPO_ROOT / "data" / "corpus" and s.reviews_dir == REPO_ROOT / "data" / "reviews"
    assert s.datasets_dir == REPO_ROOT.parent / "shared" / "datasets"
    assert s.data_dir == Path("vigie-data") and s.uses_default_database
    assert s.database_url == f"sqlite:///{Path('vigie-data').resolve() / 'vigie.db'}"


def test_settings_every_variable_is_honoured(tmp_path):
    env = {"VIGIE_DATA_DIR": str(tmp_path / "d"), "VIGIE_MODELS_DIR": str(tmp_path / "m"),
           "VIGIE_REVIEWS_DIR": str(tmp_path / "r"), "VIGIE_CORPUS_DIR": str(tmp_path / "c"),
           "VIGIE_DATASETS_DIR": str(tmp_path / "s"), "VIGIE_DATABASE_URL": "postgresql+psycopg://u@h/db"}
    s = Settings.from_env(env)
    assert (s.data_dir, s.models_dir, s.reviews_dir, s.corpus_dir, s.datasets_dir) == tuple(
        tmp_path / k for k in "dmrcs")
    assert s.database_url == "postgresql+psycopg://u@h/db" and not s.uses_default_database
    assert not (tmp_path / "d").exists(), "resolving settings creates nothing"


def test_settings_are_read_at_each_call_not_at_import(monkeypatch, tmp_path):
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(tmp_path / "first"))
    assert settings().models_dir == tmp_path / "first"
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(tmp_path / "second"))
    assert settings().models_dir == tmp_path / "second"
    monkeypatch.setenv("VIGIE_MODELS_DIR", "")
    assert settings().models_dir == REPO_ROOT / "models", "an empty variable means the default"


def test_settings_dashboard_reads_the_folders_when_a_page_runs(monkeypatch, tmp_path):
    from dashboard import admin

    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    assert admin.retrain_log() == tmp_path / "retrain.log"


def test_settings_gazetteers_ship_as_package_data():
    folder = resources.files("detector") / "gazetteer"
    assert (folder / "public_figures.json").is_file() and (folder / "institutions.json").is_file()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "gazetteer/*.json" in project["tool"]["setuptools"]["package-data"]["detector"]
    assert not (REPO_ROOT / "data" / "gazetteer").exists()
