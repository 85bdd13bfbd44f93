"""Inputs people actually have: Telegram exports, compressed files, field mappings, odd posts."""

import gzip
import json

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
