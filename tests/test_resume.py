"""Batch jobs that survive faults: killed with SIGKILL at random moments and resumed, a scoring run
writes exactly what an uninterrupted run writes."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detector.errors import InputError
from detector.scoring import score_file
from tests.conftest import write_jsonl

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def big_input(corpus, tmp_path_factory) -> Path:
    rows: list[object] = []
    for i in range(12000):
        post = corpus[i % len(corpus)]
        rows.append({"id": f"p{i}", "text": post["text"]} if i % 97 else f"broken line {i}")
    return write_jsonl(tmp_path_factory.mktemp("resume") / "posts.jsonl", rows)


def _committed(manifest: Path) -> int:
    try:
        return int(json.loads(manifest.read_text())["committed"]["items"])
    except (OSError, ValueError, KeyError):
        return -1


def _run_cli(src: Path, out: Path, model_dir: Path, workers: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "commands.main", "score", str(src), "-o", str(out), "--model", str(model_dir),
           "--batch-size", "16", "--workers", str(workers), "--no-progress", "--resume"]
    # A session of its own, so that the kill takes the worker processes with it, as a crash would.
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@pytest.mark.slow
@pytest.mark.parametrize("seed,workers", [(1, 1), (2, 2)])
def test_resume_after_sigkill_gives_the_uninterrupted_output(loaded_model, model_dir, big_input, tmp_path, seed,
                                                             workers):
    reference = tmp_path / "reference.jsonl"
    score_file(big_input, reference, loaded_model, batch_size=16, progress=False)
    out = tmp_path / "killed.jsonl"
    manifest = tmp_path / "killed.jsonl.manifest.json"
    rng = random.Random(seed)
    interrupted = 0
    for _ in range(4):
        before = _committed(manifest)
        child = _run_cli(big_input, out, model_dir, workers)
        # Kill at a random moment after this run has made progress: its start-up time varies
        # from machine to machine, and a kill before the first commit would prove nothing.
        deadline = time.monotonic() + 120
        while child.poll() is None and _committed(manifest) <= before and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.5))
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            if manifest.is_file() and not json.loads(manifest.read_text())["complete"]:
                interrupted += 1
    final = _run_cli(big_input, out, model_dir, workers)
    assert final.wait(timeout=600) == 1  # 1: finished, some records rejected
    assert interrupted >= 1, "no kill landed mid-run; the test proved nothing"
    assert out.read_bytes() == reference.read_bytes()
    assert Path(f"{out}.rejects.jsonl").read_bytes() == Path(f"{reference}.rejects.jsonl").read_bytes()
    state = json.loads(manifest.read_text())
    assert state["complete"] and state["summary"]["read"] == 12000 and state["summary"]["rejected"] == 124


def test_resume_cuts_off_what_was_written_after_the_last_commit(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:200])])
    reference = tmp_path / "reference.jsonl"
    score_file(src, reference, loaded_model, batch_size=16, progress=False)
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    manifest = Path(f"{out}.manifest.json")
    state = json.loads(manifest.read_text())
    lines = out.read_bytes().splitlines(keepends=True)
    # As if killed after 5 commits, in the middle of writing the 6th batch.
    state["complete"] = False
    state["committed"] = {"items": 80, "output_bytes": len(b"".join(lines[:80])), "rejects_bytes": 0}
    state["summary"].update(read=80, scored=80, flagged=sum(json.loads(x)["flagged"] for x in lines[:80]))
    manifest.write_text(json.dumps(state))
    out.write_bytes(b"".join(lines[:87]) + lines[87][:11])
    summary = score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)
    assert out.read_bytes() == reference.read_bytes()
    assert (summary.read, summary.scored) == (200, 200)


def test_resume_refuses_a_changed_input_or_model_settings(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:40])])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    with pytest.raises(InputError, match="batch_size differs"):
        score_file(src, out, loaded_model, batch_size=8, progress=False, resume=True)
    write_jsonl(src, [{"id": "x", "text": "autre fichier"}])
    with pytest.raises(InputError, match="input differs"):
        score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)
    with pytest.raises(InputError, match="needs an output file"):
        score_file(src, "-", loaded_model, progress=False, resume=True)


def test_resume_of_a_complete_run_changes_nothing(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:40])])
    out = tmp_path / "out.jsonl"
    first = score_file(src, out, loaded_model, batch_size=16, progress=False)
    before = out.read_bytes()
    again = score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)
    assert out.read_bytes() == before and again == first


def _resaved(small_detector, tmp_path, threshold):
    """The same detector saved again under the same name@version, with another threshold."""
    import copy

    from detector.persistence import load_model, save_model

    other = copy.deepcopy(small_detector)
    other.threshold = threshold
    return load_model(save_model(other, tmp_path / "resaved", name="small", version="test", card="#\n", metrics={}))


def test_resume_refuses_a_resaved_model_under_the_same_label(loaded_model, small_detector, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:40])])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    resaved = _resaved(small_detector, tmp_path, 1.01)
    assert resaved.label == loaded_model.label and resaved.sha256 != loaded_model.sha256
    before = out.read_bytes()
    with pytest.raises(InputError, match="model_sha256 differs"):
        score_file(src, out, resaved, batch_size=16, progress=False, resume=True)
    assert out.read_bytes() == before
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    assert manifest["run"]["model_sha256"] == loaded_model.sha256
    assert {json.loads(line)["model_sha256"] for line in before.splitlines()} == {loaded_model.sha256}


def test_resume_refuses_an_input_edited_with_the_same_size_and_mtime(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:40])])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    stat = src.stat()
    data = src.read_bytes()
    src.write_bytes(data.replace(b'"id": "1"', b'"id": "X"', 1))
    os.utime(src, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (src.stat().st_size, src.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert src.read_bytes() != data
    with pytest.raises(InputError, match="input differs"):
        score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)


_HOLD_LOCK = """
import sys, time
from detector.outputs import OutputLock
OutputLock(sys.argv[1]).acquire()
print("locked", flush=True)
time.sleep(600)
"""


def test_resume_a_second_writer_to_one_output_is_refused_until_the_first_dies(model_dir, loaded_model, corpus,
                                                                               tmp_path, capsys):
    from commands.main import main

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:40])])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    assert not Path(f"{out}.lock").exists()  # released at the end of the run
    before = out.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(InputError, match=f"another run is writing .*process {holder.pid}"):
            score_file(src, out, loaded_model, batch_size=16, progress=False)
        with pytest.raises(InputError, match="another run is writing"):
            score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)
        code = main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress", "--workers", "1"])
        err = capsys.readouterr().err
        assert code == 2 and "another run is writing" in err and str(out) in err
        assert out.read_bytes() == before  # neither truncated nor appended to
    finally:
        holder.kill()
        holder.wait()
    # The holder died without releasing: its lock file is left, its lock is not.
    assert Path(f"{out}.lock").exists()
    score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)
    assert out.read_bytes() == before and not Path(f"{out}.lock").exists()


def test_resume_one_process_cannot_write_one_output_twice_at_once(loaded_model, corpus, tmp_path):
    from detector.outputs import OutputLock

    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "1", "text": corpus[0]["text"]}])
    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        with pytest.raises(InputError, match="another run is writing"):
            score_file(src, out, loaded_model, progress=False)
    score_file(src, out, loaded_model, progress=False)
    assert len(out.read_text().splitlines()) == 1


def test_resume_refuses_a_manifest_of_an_earlier_version(loaded_model, corpus, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": str(i), "text": r["text"]} for i, r in enumerate(corpus[:20])])
    out = tmp_path / "out.jsonl"
    score_file(src, out, loaded_model, batch_size=16, progress=False)
    manifest = Path(f"{out}.manifest.json")
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "version": 1}))
    with pytest.raises(InputError, match="version 1 manifest"):
        score_file(src, out, loaded_model, batch_size=16, progress=False, resume=True)


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "manifest"])
def test_resume_output_and_rejects_one_path_is_refused_by_every_command(model_dir, corpus, tmp_path, capsys,
                                                                       spelling):
    """`-o X --rejects X` (under any spelling, or the output's manifest) is refused with one line and
    exit 2 by every command writing both, before anything is written or the model is loaded."""
    from commands.main import main

    src = write_jsonl(tmp_path / "in.jsonl", corpus[:3])
    out = tmp_path / "out.jsonl"
    out.write_text("kept\n")
    rejects = {"same": out, "dotted": tmp_path / "sub" / ".." / "out.jsonl", "symlink": tmp_path / "link.jsonl",
               "manifest": tmp_path / "out.jsonl.manifest.json"}[spelling]
    if spelling == "symlink":
        rejects.symlink_to(out)
    (tmp_path / "sub").mkdir()
    for command in (["score", str(src), "--model", str(model_dir), "--no-progress"], ["campaigns", str(src)]):
        code = main([*command, "-o", str(out), "--rejects", str(rejects)])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2 and len(err) == 1 and "refusing --rejects" in err[0] and "Traceback" not in err[0]
        assert out.read_text() == "kept\n" and not (tmp_path / "out.jsonl.manifest.json").exists()
