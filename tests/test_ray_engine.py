"""`--engine ray` on a local Ray instance gives the single-process engine's output."""

import json

import pyarrow.parquet as pq
import pytest

from commands.main import main
from review import PostStore
from tests.conftest import write_jsonl

pytest.importorskip("ray", reason="the ray extra is installed by `make test`")


@pytest.mark.slow
def test_ray_engine_output_is_identical_to_the_local_engine(model_dir, corpus, tmp_path, capsys):
    rows: list[object] = [{"id": f"p{i}", "text": r["text"]} for i, r in enumerate(corpus[:700])]
    rows[10], rows[333] = "not json", {"id": "e", "text": ""}
    src = write_jsonl(tmp_path / "posts.jsonl", rows)
    common = ["--model", str(model_dir), "--batch-size", "64", "--no-progress"]
    assert main(["score", str(src), "-o", str(tmp_path / "local.jsonl"), "--workers", "1", *common]) == 1
    assert main(["score", str(src), "-o", str(tmp_path / "ray.jsonl"), "--engine", "ray", "--workers", "2",
                 *common]) == 1
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert (tmp_path / "ray.jsonl.rejects.jsonl").read_bytes() == (tmp_path / "local.jsonl.rejects.jsonl").read_bytes()
    assert not (tmp_path / "ray.jsonl.manifest.json").exists()  # a Ray run cannot be resumed: no manifest

    # --store: the driver puts the posts into the review store as it gathers them, unredacted,
    # while the output is redacted; the store ends as a local run leaves it.
    stores = {engine: f"sqlite:///{tmp_path / engine}.db" for engine in ("local", "ray")}
    for engine, url in stores.items():
        assert main(["score", str(src), "-o", str(tmp_path / f"{engine}-stored.jsonl"), "--engine", engine,
                     "--store", url, "--redact", *common]) == 1
    contents = {}
    for engine, url in stores.items():
        store = PostStore(url)
        contents[engine] = [{k: v for k, v in store.post(i).items() if k not in ("ingested_at", "reviews")}
                            for i in range(1, store.count_posts() + 1)]
        assert store.campaign_run() is not None
        store.close()
    assert len(contents["ray"]) == 698 and contents["ray"] == contents["local"]
    assert (tmp_path / "ray-stored.jsonl").read_bytes() == (tmp_path / "local-stored.jsonl").read_bytes()
    assert main(["score", str(src), "-o", f"{tmp_path / 'folder'}/", "--engine", "ray", "--store", stores["ray"],
                 *common]) == 2
    assert "needs a file output" in capsys.readouterr().err

    # A folder of inputs to a Parquet dataset: the same records, whatever the file layout.
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows[:400])
    write_jsonl(folder / "b.jsonl", rows[400:])
    out = tmp_path / "dataset"
    assert main(["score", str(folder), "-o", f"{out}/", "--engine", "ray", "--workers", "2",
                 "--output-format", "parquet", *common]) == 1
    scored = pq.read_table(out / "scored").to_pylist()
    local = [json.loads(line) for line in (tmp_path / "local.jsonl").read_text().splitlines()]
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(scored, key=key) == sorted(local, key=key)

    # A folder of inputs into the review store: each file its own source, as two local runs leave it.
    folder_stores = {engine: f"sqlite:///{tmp_path / engine}-folder.db" for engine in ("local", "ray")}
    for name, code in (("a.jsonl", 1), ("b.jsonl", 0)):  # a.jsonl holds the rejects
        assert main(["score", str(folder / name), "-o", str(tmp_path / f"local-{name}"), "--store",
                     folder_stores["local"], *common]) == code
    capsys.readouterr()
    assert main(["score", str(folder), "-o", str(tmp_path / "ray-folder.jsonl"), "--engine", "ray", "--workers", "2",
                 "--store", folder_stores["ray"], *common]) == 1
    assert "store: added 698, already stored 0" in capsys.readouterr().err  # the files' results add up
    contents = {}
    for engine, url in folder_stores.items():
        store = PostStore(url)
        contents[engine] = [{k: v for k, v in store.post(i).items() if k not in ("ingested_at", "reviews")}
                            for i in range(1, store.count_posts() + 1)]
        store.close()
    assert len(contents["ray"]) == 698 and contents["ray"] == contents["local"]
    assert {post["source"] for post in contents["ray"]} == {"a.jsonl", "b.jsonl"}
    assert pq.read_table(out / "rejects").num_rows == 2


class _Sources:
    """A store sink that records the posts each source received."""

    def __init__(self, source: str, received: dict[str, list[str]]) -> None:
        self.source, self.received = source, received

    def ingest(self, posts, records):
        assert len(posts) == len(records)
        self.received.setdefault(self.source, []).extend(post.id for post in posts)

    def for_source(self, name):
        return _Sources(name, self.received)


@pytest.mark.slow
def test_ray_engine_folder_files_are_sources_of_their_own(loaded_model, model_dir, corpus, tmp_path):
    """Posts without ids are known by their line: each file of a folder goes into the store under its
    own file name, as `vigie score FILE --store` would put it, so line 1 of two files is two posts."""
    from detector.errors import InputError
    from detector.ray_engine import score_with_ray

    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"text": r["text"]} for r in corpus[:5]])
    write_jsonl(folder / "b.jsonl", [{"text": r["text"]} for r in corpus[5:8]])
    received: dict[str, list[str]] = {}
    summary = score_with_ray(folder, tmp_path / "out.jsonl", loaded_model, model_dir, batch_size=4, actors=1,
                             store=_Sources("in", received))
    assert summary.scored == 8
    assert received == {"a.jsonl": ["1", "2", "3", "4", "5"], "b.jsonl": ["1", "2", "3"]}
    one_file = {}
    score_with_ray(folder / "b.jsonl", tmp_path / "one.jsonl", loaded_model, model_dir, actors=1,
                   store=_Sources("chosen", one_file))
    assert one_file == {"chosen": ["1", "2", "3"]}  # a file given alone keeps the sink's source

    class OneSource:
        def ingest(self, posts, records):
            raise AssertionError("never called")

    with pytest.raises(InputError, match="each file as its own source"):
        score_with_ray(folder, tmp_path / "x.jsonl", loaded_model, model_dir, store=OneSource())


def test_store_sink_gives_each_source_its_sink_and_adds_up_their_results(store_url):
    """The real store's sink for a folder of inputs (what `--engine ray --store` asks for): posts go
    under each file's source, and the folder's sink totals every file's results."""
    from detector.readers import Post
    from tests.test_store import _posts, _record

    others = [Post(f"q{i}", f"Bourse {i} au Canada, billet offert, frais de dossier {i} 500 FCFA", i) for i in range(2)]
    store = PostStore(store_url)
    try:
        sink = store.sink("folder")
        a, b = sink.for_source("a.jsonl"), sink.for_source("b.jsonl")
        assert (a.source, b.source) == ("a.jsonl", "b.jsonl")
        a.ingest(_posts(3), [_record()] * 3)
        b.ingest(others, [_record()] * 2)
        b.ingest(others, [_record()] * 2)  # stored before: same source and id
        assert (a.total.added, b.total.added, b.total.same_id) == (3, 2, 2)
        assert (sink.total.added, sink.total.duplicates, sink.total.same_id) == (5, 2, 2)
        stored = [store.post(i) for i in range(1, store.count_posts() + 1)]
        assert sorted((p["source"], p["source_id"]) for p in stored) == sorted(
            [("a.jsonl", f"p{i}") for i in range(3)] + [("b.jsonl", f"q{i}") for i in range(2)])
    finally:
        store.close()
