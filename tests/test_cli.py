import json
import tomllib
from pathlib import Path

from detector.cli import main
from tests.conftest import write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def test_cli_console_script_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["vigie"] == "detector.cli:main"


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
