import json
import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

from commands.main import main
from detector.errors import InputError
from tests.conftest import write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def test_cli_console_script_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["vigie"] == "commands.main:main"


def test_cli_score_writes_output_and_exit_code_says_rejects(model_dir, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}, "not json"])
    code = main(["score", str(src), "-o", str(tmp_path / "out.jsonl"), "--model", str(model_dir),
                 "--no-progress"])
    assert code == 1
    assert "rejected 1" in capsys.readouterr().err
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1


def test_cli_error_is_one_line_and_exit_2(model_dir, tmp_path, capsys):
    code = main(["score", str(tmp_path / "missing.jsonl"), "--model", str(model_dir)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("vigie: error:") and "missing.jsonl" in err and "Traceback" not in err


def test_cli_data_import_maps_public_sets(tmp_path):
    src = tmp_path / "sms.csv"
    src.write_text("label,text\nspam,WIN a FREE visa now call 0800 000 1234\nham,see you at church\n")
    out = tmp_path / "sms.jsonl"
    assert main(["data", "import", "sms-spam", str(src), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["scam"], r["category"], r["lang"]) for r in rows] == [(1, "other_scam", "en"),
                                                                     (0, "other_benign", "en")]
    assert rows[0]["source"] == "public:sms-spam"


def test_cli_evaluate_writes_report_and_plot(model_dir, tmp_path):
    labelled = write_jsonl(tmp_path / "eval.jsonl", [
        {"text": "Frais de dossier 50 000 FCFA, visa offert, inbox", "scam": 1, "lang": "fr", "category": "fake_job"},
        {"text": "Match ce soir au stade", "scam": 0, "lang": "fr", "category": "other_benign"},
        {"text": "Scholarship agent: pay processing fee to get admission", "scam": 1, "lang": "en"},
        {"text": "Church choir practice on Saturday", "scam": 0, "lang": "en"},
    ])
    out = tmp_path / "report"
    assert main(["evaluate", "--model", str(model_dir), "--input", str(labelled), "-o", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["overall"]["n"] == 4 and set(report["by_lang"]) == {"fr", "en"}
    assert (out / "pr_curve.png").read_bytes()[:4] == b"\x89PNG"


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith("vigie: error: "), err
    return lines[0]


def test_cli_output_to_a_folder_is_one_line_naming_it(model_dir, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    folder = tmp_path / "out"
    folder.mkdir()
    code = main(["score", str(src), "-o", str(folder), "--model", str(model_dir), "--no-progress", "--workers", "1"])
    line = _one_error_line(capsys)
    assert code == 2
    assert str(folder) in line and "not a folder" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_cli_full_device_is_one_line_and_exit_2(model_dir, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": "visa et billet offerts"} for i in range(50)])
    code = main(["score", str(src), "-o", "/dev/full", "--model", str(model_dir), "--no-progress", "--workers", "1"])
    line = _one_error_line(capsys)
    assert code == 2
    assert "/dev/full" in line and "space" in line
    # A device output takes no lock: runs writing to one never collide, and nothing is left in /dev.
    assert not Path("/dev/full.lock").exists()


def test_cli_input_folder_is_one_line(model_dir, tmp_path, capsys):
    code = main(["score", str(tmp_path), "--model", str(model_dir), "--no-progress"])
    line = _one_error_line(capsys)
    assert code == 2
    assert str(tmp_path) in line and "folder" in line


def test_cli_unreadable_input_is_one_line(tmp_path, capsys, monkeypatch):
    # Root reads a mode-000 file anyway, so the reader is made to fail as it would for another user.
    def refuse(path, **_):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("detector.readers.read_posts", refuse)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "x"}])
    code = main(["campaigns", str(src)])
    line = _one_error_line(capsys)
    assert code == 2
    assert str(src) in line and "Permission denied" in line and "permissions" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_cli_unreadable_input_file_mode_000(model_dir, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "x"}])
    src.chmod(0)
    code = main(["score", str(src), "--model", str(model_dir), "--no-progress", "--workers", "1"])
    assert code == 2
    assert str(src) in _one_error_line(capsys)


@pytest.mark.parametrize("url", ["postgresql+psycopg://vigie:s3cret@127.0.0.1:1/vigie",
                                 "sqlite:////nonexistent-vigie-folder/sub/vigie.db"])
def test_cli_store_that_cannot_connect_is_one_line_without_password(model_dir, tmp_path, capsys, url):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    code = main(["ingest", str(src), "--model", str(model_dir), "--no-progress", "--workers", "1", "--store", url])
    line = _one_error_line(capsys)
    assert code == 2
    assert "review store" in line and "VIGIE_DATABASE_URL" in line and "s3cret" not in line


def test_cli_verbose_shows_the_traceback(tmp_path):
    with pytest.raises(InputError):
        main(["-v", "campaigns", str(tmp_path / "missing.jsonl")])


def test_cli_honours_vigie_models_dir(model_dir, tmp_path, capsys, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(model_dir, models / "default")
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(models))
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    code = main(["score", str(src), "-o", str(tmp_path / "out.jsonl"), "--no-progress", "--workers", "1"])
    assert code == 0
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 1
    capsys.readouterr()
    monkeypatch.setenv("VIGIE_MODELS_DIR", str(tmp_path / "nowhere"))
    assert main(["score", str(src), "-o", str(tmp_path / "out2.jsonl"), "--no-progress"]) == 2
    assert "nowhere" in _one_error_line(capsys)


def test_cli_dashboard_serves_the_app_of_the_installed_package(monkeypatch, tmp_path):
    import commands.dashboard

    calls = []
    monkeypatch.setattr(commands.dashboard.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0)
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'v.db'}"
    assert main(["dashboard", "--store", url, "--port", "8600"]) == 0
    (cmd, env), = calls
    assert cmd[cmd.index("run") + 1] == str(ROOT / "dashboard" / "app.py") and "8600" in cmd
    assert env["VIGIE_DATABASE_URL"] == url and (tmp_path / "cookie_secret").is_file()
    assert env["MALLOC_ARENA_MAX"] == "2"


def test_cli_dashboard_keeps_the_operators_malloc_arena_max(monkeypatch, tmp_path):
    import commands.dashboard

    calls = []
    monkeypatch.setattr(commands.dashboard.subprocess, "call", lambda cmd, env: calls.append(env) or 0)
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert main(["dashboard", "--store", f"sqlite:///{tmp_path / 'v.db'}"]) == 0
    assert [env["MALLOC_ARENA_MAX"] for env in calls] == ["4"]


def _input_cases(tmp_path):
    """An input file and the spellings of it an output may use: the same path, `../`, a symlink, a hard link."""
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}, "not json"])
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.jsonl").symlink_to(src)
    os.link(src, tmp_path / "hard.jsonl")
    return src, {"same": src, "dotdot": tmp_path / "sub" / ".." / "in.jsonl", "symlink": tmp_path / "link.jsonl",
                 "hardlink": tmp_path / "hard.jsonl"}


def _refused(capsys, code, src, before, written):
    line = _one_error_line(capsys)
    assert code == 2
    assert "refusing to write" in line and str(written) in line and str(src.name) in line
    assert src.read_bytes() == before


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_cli_score_refuses_to_write_over_its_input(model_dir, tmp_path, capsys, spelling, option):
    src, spellings = _input_cases(tmp_path)
    before, target = src.read_bytes(), spellings[spelling]
    args = ["-o", str(target)] if option == "-o" else ["-o", str(tmp_path / "out.jsonl"), "--rejects", str(target)]
    code = main(["score", str(src), *args, "--model", str(model_dir), "--no-progress", "--workers", "1"])
    _refused(capsys, code, src, before, target)
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_score_refuses_a_default_rejects_or_manifest_path_that_is_the_input(model_dir, tmp_path, capsys):
    for name in ("out.jsonl.rejects.jsonl", "out.jsonl.manifest.json"):
        src = write_jsonl(tmp_path / name, [{"id": "1", "text": "visa et billet offerts"}])
        before = src.read_bytes()
        code = main(["score", str(src), "-o", str(tmp_path / "out.jsonl"), "--model", str(model_dir),
                     "--no-progress", "--workers", "1"])
        _refused(capsys, code, src, before, src)
        src.unlink()


def test_cli_score_refuses_an_output_that_is_a_model_file(model_dir, tmp_path, capsys):
    models = tmp_path / "model"
    shutil.copytree(model_dir, models)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    before = (models / "model.skops").read_bytes()
    code = main(["score", str(src), "-o", str(models / "model.skops"), "--model", str(models), "--no-progress"])
    _refused(capsys, code, models / "model.skops", before, models / "model.skops")


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
def test_cli_ingest_refuses_rejects_that_are_its_input(model_dir, tmp_path, capsys, spelling):
    src, spellings = _input_cases(tmp_path)
    before = src.read_bytes()
    code = main(["ingest", str(src), "--rejects", str(spellings[spelling]), "--model", str(model_dir),
                 "--no-progress", "--workers", "1", "--store", f"sqlite:///{tmp_path / 'v.db'}"])
    _refused(capsys, code, src, before, spellings[spelling])
    assert not (tmp_path / "v.db").exists()


@pytest.mark.parametrize("spelling", ["same", "dotdot", "symlink", "hardlink"])
@pytest.mark.parametrize("option", ["-o", "--rejects"])
def test_cli_campaigns_refuses_to_write_over_its_input(tmp_path, capsys, spelling, option):
    src, spellings = _input_cases(tmp_path)
    before, target = src.read_bytes(), spellings[spelling]
    args = ["-o", str(target)] if option == "-o" else ["-o", str(tmp_path / "out.jsonl"), "--rejects", str(target)]
    code = main(["campaigns", str(src), *args])
    _refused(capsys, code, src, before, target)
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_data_import_refuses_to_write_over_its_input(tmp_path, capsys):
    src = tmp_path / "sms.csv"
    src.write_text("label,text\nspam,WIN a FREE visa now call 0800 000 1234\n")
    (tmp_path / "link.csv").symlink_to(src)
    before = src.read_bytes()
    code = main(["data", "import", "sms-spam", str(src), "-o", str(tmp_path / "link.csv")])
    _refused(capsys, code, src, before, tmp_path / "link.csv")


def test_cli_evaluate_refuses_a_report_that_is_its_input(model_dir, tmp_path, capsys):
    out = tmp_path / "report"
    out.mkdir()
    labelled = write_jsonl(out / "report.json", [{"text": "Match ce soir au stade", "scam": 0, "lang": "fr"}])
    before = labelled.read_bytes()
    code = main(["evaluate", "--model", str(model_dir), "--input", str(labelled), "-o", str(out)])
    _refused(capsys, code, labelled, before, out / "report.json")


def test_cli_export_reviews_refuses_an_output_that_is_the_store(tmp_path, capsys):
    db = tmp_path / "v.db"
    db.write_bytes(b"SQLite format 3\0")
    code = main(["export-reviews", "--store", f"sqlite:///{db}", "-o", str(db)])
    _refused(capsys, code, db, b"SQLite format 3\0", db)


# An extra that is not installed: `sys.modules[name] = None` is what Python itself reads as "absent"
# (find_spec returns None and `import name` raises ImportError).
@pytest.mark.parametrize(("argv", "module", "extra"), [
    (["score", "{input}", "--engine", "ray"], "ray", "ray"),
    (["score", "{input}", "--ner"], "spacy", "ner"),
    (["train", "--backend", "transformer", "--base-model", "{tmp}"], "torch", "transformer"),
    (["train", "--backend", "frozen", "--base-model", "{tmp}"], "safetensors", "transformer"),
    (["dashboard", "--store", "sqlite:///{tmp}/v.db"], "streamlit", "dashboard"),
    (["demo", "--store", "sqlite:///{tmp}/v.db"], "streamlit", "dashboard"),
])
def test_cli_missing_extra_is_one_line_naming_the_pip_extra(argv, module, extra, tmp_path, capsys, monkeypatch):
    import commands.dashboard

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setattr(commands.dashboard.subprocess, "call", lambda *a, **k: pytest.fail("served"))
    missing_model = tmp_path / "no-model"  # never reached: the extra is checked first
    argv = [a.format(input=src, tmp=tmp_path) for a in argv]
    if argv[0] in ("score", "demo"):
        argv += ["--model", str(missing_model)]
    code = main(argv)
    line = _one_error_line(capsys)
    assert code == 2
    assert module in line and line.endswith(f"not installed here: pip install 'vigie[{extra}]'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # nothing written, no store opened


def test_cli_transformer_model_without_torch_is_one_line(model_dir, tmp_path, capsys, monkeypatch):
    from detector.persistence import file_checksums, write_manifest

    folder = tmp_path / "ft"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    write_manifest(folder, {"name": "ft", "version": "1", "format": "transformers", "threshold": 0.5,
                            "files": file_checksums(folder)})
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": "visa et billet offerts"}])
    monkeypatch.setitem(sys.modules, "transformers", None)
    code = main(["score", str(src), "--model", str(folder), "-o", str(tmp_path / "out.jsonl")])
    line = _one_error_line(capsys)
    assert code == 2
    assert line == (f"vigie: error: the model {folder} (transformers) needs transformers, which is not "
                    "installed here: pip install 'vigie[transformer]'")
