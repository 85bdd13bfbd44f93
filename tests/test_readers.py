"""Inputs people actually have: Telegram exports, compressed files, field mappings, odd posts."""

import gzip
import io
import json
import logging
import re
import tracemalloc

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.main import main
from detector.errors import InputError
from detector.readers import FieldMap, Post, Reject, read_posts, telegram_text
from detector.scoring import MAX_MODEL_CHARS, score_file, score_posts
from tests.conftest import write_jsonl

TELEGRAM_EXPORT = {
    "name": "Opportunités Canada Europe 🇨🇦",
    "type": "public_channel",
    "id": 1234567,
    "messages": [
        {"id": 1, "type": "service", "date": "2026-03-01T09:00:00", "actor": "Opportunités", "action": "create_channel",
         "text": ""},
        {"id": 2, "type": "message", "date": "2026-03-01T09:05:11", "from": "Opportunités Canada Europe 🇨🇦",
         "from_id": "channel1234567",
         "text": ["🔥 RECRUTEMENT URGENT pour ", {"type": "bold", "text": "hôtels à Dubaï"},
                  " visa + billet offerts, frais de dossier 35 000 FCFA. Contact ",
                  {"type": "link", "text": "wa.me/237690000000"}]},
        {"id": 3, "type": "message", "date": "2026-03-01T10:00:00", "from": "Opportunités Canada Europe 🇨🇦",
         "photo": "photos/photo_1.jpg", "text": ""},
        {"id": 4, "type": "message", "date": "2026-03-02T08:00:00", "from": "Opportunités Canada Europe 🇨🇦",
         "text": "Bonne semaine à tous nos abonnés"},
    ],
}


def _ids(items):
    return [(type(i).__name__, i.id if isinstance(i, Post) else i.line) for i in items]


def test_telegram_export_is_read_as_posts_with_author_and_date(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps(TELEGRAM_EXPORT, ensure_ascii=False), encoding="utf-8")
    items = list(read_posts(path))
    assert _ids(items) == [("Post", "2"), ("Reject", 2), ("Post", "4")]
    first = items[0]
    assert isinstance(first, Post)
    assert "hôtels à Dubaï visa + billet offerts" in first.text and "wa.me/237690000000" in first.text
    assert first.date == "2026-03-01T09:05:11" and first.author["author_name"].startswith("Opportunités")
    assert "no text" in items[1].reason


def test_telegram_text_entities_are_flattened():
    assert telegram_text(["a ", {"type": "mention", "text": "@x"}, " b"]) == "a @x b"
    assert telegram_text(None) == ""


def _pack(data: bytes, compress: str) -> bytes:
    return gzip.compress(data) if compress == "gzip" else zstandard.ZstdCompressor().compress(data)


@pytest.mark.parametrize("compress,suffix", [("gzip", ".gz"), ("zstd", ".zst")])
def test_compressed_inputs_read_like_plain_ones(tmp_path, compress, suffix):
    rows = [{"id": "a", "text": "visa offert"}, "broken", {"id": "b", "text": "ok"}]
    plain = write_jsonl(tmp_path / "posts.jsonl", rows)
    packed = tmp_path / f"posts.jsonl{suffix}"
    packed.write_bytes(_pack(plain.read_bytes(), compress))
    assert _ids(read_posts(packed)) == _ids(read_posts(plain)) == [("Post", "a"), ("Reject", 2), ("Post", "b")]
    csv_path = tmp_path / f"posts.csv{suffix}"
    csv_path.write_bytes(_pack(b"id,text\n1,bourse offerte\n2,bonjour\n", compress))
    assert _ids(read_posts(csv_path)) == [("Post", "1"), ("Post", "2")]
    export = tmp_path / f"result.json{suffix}"
    export.write_bytes(_pack(json.dumps(TELEGRAM_EXPORT).encode(), compress))
    assert len(list(read_posts(export))) == 3


def test_damaged_or_fake_compressed_files_give_a_clear_error(tmp_path):
    fake = tmp_path / "posts.jsonl"
    fake.write_bytes(b"\x1f\x8b not really gzip\n")
    with pytest.raises(InputError, match="posts.jsonl: cannot read it"):
        list(read_posts(fake))
    truncated = tmp_path / "posts.jsonl.gz"
    truncated.write_bytes(_pack(b'{"text": "visa offert"}\n' * 1000, "gzip")[:40])
    with pytest.raises(InputError, match="posts.jsonl.gz: cannot read it"):
        list(read_posts(truncated))


def test_field_mapping_file_and_options(model_dir, tmp_path):
    src = write_jsonl(tmp_path / "crawl.jsonl", [
        {"post_id": "fb-1", "message": "Bourse 100% financée, frais 25 000 FCFA", "user": "bourses_canada_officiel",
         "created": "2026-01-02"},
    ])
    mapping = tmp_path / "fields.json"
    mapping.write_text(json.dumps({"text": "message", "id": "post_id", "date": "created"}))
    item = next(read_posts(src, fields_map=FieldMap.from_file(mapping)))
    assert isinstance(item, Post) and (item.id, item.date) == ("fb-1", "2026-01-02") and not item.author
    out = tmp_path / "out.jsonl"
    code = main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress",
                 "--fields", str(mapping), "--field", "author_handle=user"])
    assert code == 0 and json.loads(out.read_text())["id"] == "fb-1"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"txt": "message"}))
    with pytest.raises(InputError, match="unknown key.*txt"):
        FieldMap.from_file(bad)
    assert main(["score", str(src), "--model", str(model_dir), "--field", "nonsense"]) == 2


def test_odd_posts_are_scored_or_rejected_never_crash(loaded_model, tmp_path):
    texts = ["", "   ", "😂😂😂🙏🏾", "+237 6 90 00 00 00", "وظائف في دبي " * 3, "Visa\u200b offert", "x" * 50_000,
             "ВИЗА offert Ꮩisa", "مرحبا hello 你好 Bonjour"]
    src = write_jsonl(tmp_path / "odd.jsonl", [{"id": str(i), "text": t} for i, t in enumerate(texts)])
    out = tmp_path / "out.jsonl"
    summary = score_file(src, out, loaded_model, progress=False)
    assert (summary.scored, summary.rejected) == (len(texts) - 2, 2)
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [str(i) for i in range(2, len(texts))]


def test_long_posts_are_truncated_for_the_model_only(loaded_model):
    lure = "Recrutement Dubaï, visa et billet offerts, frais de dossier 50 000 FCFA. "
    long_post = Post("1", lure + "bla " * (MAX_MODEL_CHARS // 2), 1)
    cut = Post("2", long_post.text[:MAX_MODEL_CHARS], 2)
    full, truncated = score_posts([long_post, cut], loaded_model)
    assert full["scam_score"] == truncated["scam_score"]
    assert len(long_post.text) > MAX_MODEL_CHARS


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=60), st.binary(max_size=60)), min_size=1, max_size=10))
def test_readers_turn_any_line_into_one_post_or_one_reject(tmp_path, lines):
    """Random Unicode and random bytes, as JSON values or as raw lines."""
    path = tmp_path / "random.jsonl"
    with path.open("wb") as handle:
        for value in lines:
            raw = value if isinstance(value, bytes) else json.dumps({"text": value}).encode()
            handle.write(raw.replace(b"\n", b" ").replace(b"\r", b" ") + b"\n")
    data = path.read_bytes()
    if data.startswith((b"\x1f\x8b", b"\x28\xb5\x2f\xfd")):  # announces gzip/zstd: a clear error instead
        with pytest.raises(InputError, match="not the gzip/zstd file|damaged"):
            list(read_posts(path))
        return
    expected = sum(1 for line in data.split(b"\n")[:-1] if line.strip())
    items = list(read_posts(path))
    assert len(items) == expected
    assert all(isinstance(i, (Post, Reject)) for i in items)
    assert all("\x00" not in i.text for i in items if isinstance(i, Post))


# --- Reliability: what an adversarial run found. Each file is small and generated here. ---


def _read_until_error(path, **options):
    """The items read before the InputError that stops `path`, and that error."""
    items = []
    with pytest.raises(InputError) as stopped:
        for item in read_posts(path, **options):
            items.append(item)
    return items, str(stopped.value)


def test_readers_one_odd_record_is_a_reject_and_the_run_goes_on(tmp_path):
    src = tmp_path / "odd.jsonl"
    src.write_text("\n".join([
        '{"id": "a\\ud800", "text": "visa offert", "author_handle": "\\udc00x", "author_name": "\\ud83d"}',
        '{"id": ' + "9" * 5000 + ', "text": "visa offert"}',
        '{"a": ' * 5000 + "1" + "}" * 5000,
        '{"id": "b", "text": "ok", "author_followers": 1e999, "date": {"nested": ["\\udfff"]}}',
        '{"id": "c", "text": "ok"}',
    ]) + "\n", encoding="utf-8")
    items = list(read_posts(src))
    assert _ids(items) == [("Post", "a\ufffd"), ("Reject", 2), ("Reject", 3), ("Post", "b"), ("Post", "c")]
    first = items[0]
    assert first.repaired and first.author == {"author_handle": "\ufffdx", "author_name": "\ufffd"}
    assert "4300 digits" in items[1].reason and "nested too deeply" in items[2].reason
    assert items[3].author == {}  # an infinite follower count is no evidence either way
    for item in items:  # what the output and rejects files hold must be writable as UTF-8
        json.dumps(item.__dict__, ensure_ascii=False).encode("utf-8")


def test_readers_odd_telegram_messages_are_rejects(tmp_path):
    export = {"name": "Chan", "about": {"deep": [[[1]]]}, "messages": [
        {"id": 1, "type": "message", "text": "lone low surrogate \udc00 here", "from": "\udc00x"},
        "not a message",
        {"id": 3, "text": "deep", "x": json.loads("[" * 300 + "]" * 300)},
        {"id": 4, "text": "after"},
    ]}
    path = tmp_path / "result.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(export).encode())  # escaped surrogates, and a BOM
    items = list(read_posts(path))
    assert _ids(items) == [("Post", "1"), ("Reject", 2), ("Reject", 3), ("Post", "4")]
    assert items[0].text == "lone low surrogate \ufffd here" and items[0].author["author_name"] == "\ufffdx"
    assert "nested deeper than 100 levels" in items[2].reason


ROWS = b"".join(json.dumps({"id": f"r{i}", "text": f"visa offert {i}"}).encode() + b"\n" for i in range(20_000))


@pytest.mark.parametrize("compress", ["gzip", "zstd"])
@pytest.mark.parametrize("keep", [0.5, 0.999])
def test_readers_truncated_compressed_file_is_an_error_after_the_records_read(tmp_path, compress, keep):
    packed = _pack(ROWS, compress)
    path = tmp_path / f"posts.jsonl.{'gz' if compress == 'gzip' else 'zst'}"
    path.write_bytes(packed[:int(len(packed) * keep)])
    items, message = _read_until_error(path)
    assert 0 < len(items) < 20_000 and [i.id for i in items[:2]] == ["r0", "r1"]
    assert f"{path}: cannot read it to the end" in message and "truncated" in message
    assert f"after {len(items)} records" in message and f"of {path.stat().st_size} {compress} bytes" in message


def test_readers_zstd_of_several_frames_is_read_to_the_end(tmp_path):
    """pzstd and appended writes make one frame per block; zstandard's stream reader stopped after the first."""
    path = tmp_path / "posts.jsonl.zst"
    half = len(ROWS) // 2 + ROWS[len(ROWS) // 2:].index(b"\n") + 1
    path.write_bytes(_pack(ROWS[:half], "zstd") + _pack(ROWS[half:], "zstd"))
    assert sum(1 for _ in read_posts(path)) == 20_000


def test_readers_oversized_record_is_a_reject_read_in_bounded_memory(tmp_path):
    huge = b'{"id": "big", "text": "' + b"a" * 30_000_000 + b'"}\n'
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(huge + b'{"id": "after", "text": "ok"}\n', compresslevel=1))
    tracemalloc.start()
    try:
        items = list(read_posts(path, max_record_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _ids(items) == [("Reject", 1), ("Post", "after")]
    assert items[0].reason.startswith("record over 100000 bytes") and len(items[0].raw) < 1000
    assert peak < 5_000_000  # the 30 MB line is never held
    assert [type(i).__name__ for i in read_posts(path)] == ["Reject", "Post"]  # default cap: 1 MB


def test_readers_size_cap_applies_to_csv_and_parquet_records(tmp_path):
    src = tmp_path / "posts.csv"
    src.write_text('id,text\n1,"' + "long line\n" * 50 + '"\n2,' + "x" * 600 + "\n3,ok\n", encoding="utf-8")
    items = list(read_posts(src, max_record_bytes=400))
    assert _ids(items) == [("Reject", 2), ("Reject", 53), ("Post", "3")]
    assert "lines 2-" in items[0].reason and "record over 400 bytes" in items[1].reason
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    table = tmp_path / "posts.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["x" * 600, "ok"]}), table)
    assert _ids(read_posts(table, max_record_bytes=400)) == [("Reject", 1), ("Post", "b")]


def test_readers_byte_order_marks(tmp_path):
    bom = b"\xef\xbb\xbf"
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_bytes(bom + b'{"id": "a", "text": "visa offert"}\n{"id": "b", "text": "ok"}\n')
    assert _ids(read_posts(jsonl)) == [("Post", "a"), ("Post", "b")]
    table = tmp_path / "posts.csv"
    table.write_bytes(bom + b"id,text\n1,bourse offerte\n")
    assert _ids(read_posts(table)) == [("Post", "1")]
    table.write_bytes(bom + b"text,id\nbourse offerte,7\n")
    assert _ids(read_posts(table)) == [("Post", "7")]
    for encoding in ("utf-16", "utf-16-be", "utf-32"):
        prefix = "\ufeff" if encoding == "utf-16-be" else ""
        table.write_bytes((prefix + "id,text\n1,hôtels à Dubaï\n").encode(encoding))
        assert [(i.id, i.text) for i in read_posts(table)] == [("1", "hôtels à Dubaï")]
        packed = tmp_path / "posts.jsonl.gz"
        packed.write_bytes(gzip.compress((prefix + '{"id": "é", "text": "visa"}\n').encode(encoding)))
        assert _ids(read_posts(packed)) == [("Post", "é")]


def test_readers_json_array_is_read_as_its_items(tmp_path):
    rows = [{"id": "a", "text": "visa offert"}, 3, {"id": "b", "text": "ok"}]
    one_line = tmp_path / "posts.json"
    one_line.write_text(json.dumps(rows))
    expected = [("Post", "a"), ("Reject", 2), ("Post", "b")]
    assert _ids(read_posts(one_line)) == expected
    pretty = tmp_path / "posts.jsonl.zst"
    pretty.write_bytes(_pack(json.dumps(rows, indent=2).encode(), "zstd"))
    assert _ids(read_posts(pretty)) == expected
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(rows, indent=2)[:-20])
    items, message = _read_until_error(broken)
    assert _ids(items) == expected[:2] and "broken JSON array after item 2" in message and "jq -c" in message
    # A JSON Lines file whose lines only begin like an array keeps one reject per line.
    lines = tmp_path / "lines.jsonl"
    lines.write_text('[\n{"text": "x"\n[1, 2]\n')
    assert [type(i).__name__ for i in read_posts(lines)] == ["Reject", "Reject", "Reject"]


def test_readers_csv_quote_problems_name_their_lines(tmp_path, caplog):
    merged = tmp_path / "merged.csv"
    merged.write_text('id,text\n1,ok\n2,"unclosed\n3,hello\n4,"fine" and more\n5,ok\n', encoding="utf-8")
    items = list(read_posts(merged))
    assert _ids(items) == [("Post", "1"), ("Reject", 3), ("Post", "5")]
    assert "quote on line 3" in items[1].reason and "joining lines 3-5" in items[1].reason
    assert items[1].raw.startswith('2,"unclosed')
    swallowed = tmp_path / "swallowed.csv"
    swallowed.write_text('id,text\n1,ok\n2,"unclosed\n3,hello\n4,bye\n', encoding="utf-8")
    items, message = _read_until_error(swallowed)
    assert _ids(items) == [("Post", "1")]
    assert f"{swallowed}:3: the quoted field opened in the record on line 3 is never closed" in message
    assert "lines 3-5" in message
    duplicate = tmp_path / "duplicate.csv"
    duplicate.write_text("id,text,text\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1\) names column 'text' twice \(columns 2 and 3\)"):
        list(read_posts(duplicate))
    duplicate.write_text("id,text,note,note\n1,a,b,c\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="detector.readers"):
        assert _ids(read_posts(duplicate)) == [("Post", "1")]
    assert "names column 'note' twice (columns 3 and 4)" in caplog.text


def _valid_file(name: str) -> bytes:
    """A small well-formed input for each container, for the property test to damage."""
    if name.startswith("result.json"):
        data = json.dumps(TELEGRAM_EXPORT).encode()
    elif ".csv" in name:
        data = b"id,text,author_handle\n1,visa offert,@a\n2,\"multi\nligne\",\n3,bonjour,\n"
    elif name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        sink = pa.BufferOutputStream()
        pq.write_table(pa.table({"id": ["1", "2"], "text": ["visa offert", "bonjour"]}), sink)
        return sink.getvalue().to_pybytes()
    else:
        data = b'{"id": "a", "text": "visa offert"}\n[{"text": 1}]\n{"id": 2, "text": "ok"}\n'
    if name.endswith(".gz"):
        return gzip.compress(data)
    if name.endswith(".zst"):
        return _pack(data, "zstd")
    return data


CONTAINERS = ["posts.jsonl", "posts.jsonl.gz", "posts.jsonl.zst", "posts.csv", "posts.csv.gz", "posts.parquet",
              "result.json", "result.json.zst"]
PREFIXES = [b"", b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"\xef\xbb\xbf", b"\xff\xfe", b"[", b'[{"text": "']


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(CONTAINERS), how=st.sampled_from(["random", "splice", "truncate"]),
       prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=200), at=st.integers(0, 5000))
def test_readers_any_bytes_give_posts_rejects_or_one_input_error(tmp_path, name, how, prefix, data, at):
    """Random bytes, or a valid file with random bytes spliced in or cut short, in every container:
    reading yields Posts and Rejects (writable as UTF-8) and raises nothing but InputError."""
    valid = _valid_file(name)
    i = at % (len(valid) + 1)
    blob = {"random": prefix + data, "splice": valid[:i] + data + valid[i + len(data):], "truncate": valid[:i]}[how]
    path = tmp_path / name
    path.write_bytes(blob)
    try:
        items = list(read_posts(path, max_record_bytes=64))
    except InputError:
        return
    assert all(isinstance(item, (Post, Reject)) for item in items)
    for item in items:
        json.dumps(item.__dict__, ensure_ascii=False).encode("utf-8")


def test_readers_record_size_cap_is_a_score_option(model_dir, tmp_path):
    src = write_jsonl(tmp_path / "posts.jsonl", [{"id": "a", "text": "visa offert " * 50}, {"id": "b", "text": "ok"}])
    out = tmp_path / "out.jsonl"
    code = main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress",
                 "--max-record-bytes", "200"])
    assert code == 1 and [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["b"]
    reject = json.loads((tmp_path / "out.jsonl.rejects.jsonl").read_text())
    assert (reject["line"], reject["reason"]) == (1, "record over 200 bytes (the --max-record-bytes cap); not read")


def test_readers_truncated_input_stops_vigie_score_with_one_line(model_dir, tmp_path, capsys):
    rows = [{"id": f"r{i}", "text": f"visa offert {i}"} for i in range(5000)]
    packed = gzip.compress(write_jsonl(tmp_path / "posts.jsonl", rows).read_bytes())
    src = tmp_path / "posts.jsonl.gz"
    src.write_bytes(packed[:len(packed) // 2])
    out = tmp_path / "out.jsonl"
    code = main(["score", str(src), "-o", str(out), "--model", str(model_dir), "--no-progress", "--batch-size", "100"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and "Traceback" not in "\n".join(err)
    assert any(f"{src}: cannot read it to the end" in line and "records" in line for line in err)
    assert out.exists() and out.read_text().startswith('{"id": "r0"')  # the batches scored before are kept


def test_readers_long_integers_do_not_stop_a_json_document(tmp_path):
    """ijson's C parser stops a whole document on an integer over 64 bits: such integers are read as
    their digits, and a Telegram message with a lone low-surrogate escape is read too."""
    array = tmp_path / "posts.json"
    array.write_text('[{"id": ' + "9" * 5000 + ', "text": "x"}, {"id": 1234567890123456789012, "text": "y", '
                     '"author_followers": 99999999999999999999}, {"id": 3, "text": "z", "n": 1.5e300}]')
    items = list(read_posts(array))
    assert _ids(items) == [("Post", "9" * 5000), ("Post", "1234567890123456789012"), ("Post", "3")]
    assert items[1].author == {"author_followers": 99999999999999999999}
    export = {**TELEGRAM_EXPORT, "messages": [{"id": 10**30, "type": "message", "text": "visa offert",
                                               "from_id": -(10**25)}]}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export))
    [post] = read_posts(path)
    assert (post.id, post.author["author_handle"]) == (str(10**30), str(-(10**25)))


JSON_TEXT = st.text(alphabet=st.sampled_from([*'ab"\\\n09 é{}[],:', "\udc00", "\ud83d"]), max_size=30)
JSON_VALUES = st.recursive(st.one_of(st.none(), st.integers(-10**30, 10**30), st.floats(allow_nan=False), JSON_TEXT),
                           lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(JSON_TEXT, inner,
                                                                                                max_size=4)),
                           max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES, st.lists(st.integers(1, 20), min_size=1, max_size=10), st.booleans())
def test_readers_json_document_fixes_keep_its_meaning_whatever_the_chunks(value, sizes, ascii_only):
    """The stream the JSON parser reads (lone low surrogates made U+FFFD, long integers made strings)
    means what the document means, however its bytes arrive."""
    from detector.readers import _Transcoded

    text = json.dumps(value, ensure_ascii=ascii_only)
    source, reads = io.BytesIO(text.encode("utf-8", "surrogatepass")), iter(sizes * 1000)

    class Chunks(io.RawIOBase):
        def readable(self):
            return True

        def read(self, size=-1):
            return source.read(next(reads))

    fixed = io.BufferedReader(_Transcoded(Chunks(), "utf-8", json_escapes=True)).read().decode("utf-8")

    def expected(v):
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, int):
            return str(v) if len(str(abs(v))) >= 19 else v
        if isinstance(v, str):  # as escapes, a lone low surrogate becomes U+FFFD; as raw bytes, each byte does
            return re.sub("(?<![\ud800-\udbff])[\udc00-\udfff]" if ascii_only else "[\ud800-\udfff]",
                          "\ufffd" if ascii_only else "\ufffd\ufffd\ufffd", v)
        if isinstance(v, list):
            return [expected(x) for x in v]
        if isinstance(v, dict):
            return {expected(k): expected(x) for k, x in v.items()}
        return v

    # As escapes, a high and a low surrogate side by side are one character, as json.loads reads them.
    assert json.loads(fixed) == expected(json.loads(text) if ascii_only else value)


def test_readers_json_array_item_over_the_cap_is_one_reject_read_in_bounded_memory(tmp_path):
    """An item of a JSON array over the size cap is one reject, as a JSON Lines line is; the items
    after it are read, and the large item is never held whole."""
    big = {"id": "big", "text": "a" * 3_000_000, "nested": [{"x": "y" * 1000}] * 200}
    rows = [{"id": "a", "text": "visa offert"}, big, {"id": "b", "text": "ok"}, [[[[]]]], {"id": "c", "text": "fin"}]
    path = tmp_path / "posts.json.gz"
    path.write_bytes(gzip.compress(json.dumps(rows, indent=1).encode(), compresslevel=1))
    tracemalloc.start()
    try:
        items = list(read_posts(path, max_record_bytes=100_000))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _ids(items) == [("Post", "a"), ("Reject", 2), ("Post", "b"), ("Reject", 4), ("Post", "c")]
    assert items[1].reason == "record over 100000 bytes (the --max-record-bytes cap); not read"
    assert items[1].raw.startswith('{\n  "id": "big"') and len(items[1].raw) < 2000
    assert peak < 2_000_000  # the 3 MB item is never held
    deep = tmp_path / "deep.json"
    deep.write_text('[{"id": "a", "text": "x"}, {"text": "y", "n": ' + "[" * 150 + "]" * 150 + '}, '
                    '{"id": "c", "text": "z"}]')
    items = list(read_posts(deep))
    assert _ids(items) == [("Post", "a"), ("Reject", 2), ("Post", "c")] and "deeper than 100" in items[1].reason
    # A string holding brackets, commas and escaped quotes does not end an item.
    tricky = tmp_path / "tricky.json"
    tricky.write_text(json.dumps([{"id": "q", "text": 'a "], [{" \\ b,'}, {"id": "r", "text": "ok"}]))
    assert [(i.id, i.text) for i in read_posts(tricky)] == [("q", 'a "], [{" \\ b,'), ("r", "ok")]
    missing_comma = tmp_path / "comma.json"
    missing_comma.write_text('[{"id": "a", "text": "x"} {"id": "b", "text": "y"}]')
    items, message = _read_until_error(missing_comma)
    assert _ids(items) == [("Post", "a")] and "broken JSON array after item 1" in message
