import json

import pytest

from detector.errors import SchemaError
from tests.conftest import write_jsonl
from training.data import (
    IMPORTERS,
    default_public_path,
    import_public,
    load_splits,
    read_labelled,
    validate_record,
)

GOOD = {"id": "t-1", "text": "Bourse au Canada, frais 30 000 FCFA", "scam": 1, "category": "fake_scholarship",
        "lang": "fr", "difficulty": "easy", "platform": "facebook", "source": "seed:test"}


@pytest.mark.parametrize(("change", "message"), [
    ({"category": "spam"}, "field 'category' must be one of"),
    ({"scam": 0}, "field 'scam' is 0 but category 'fake_scholarship' means scam=1"),
    ({"lang": "de"}, "field 'lang' must be one of"),
    ({"text": "   "}, "field 'text' must be a non-empty string"),
    ({"body": "x"}, "unknown field(s) ['body']"),
])
def test_data_schema_errors_name_file_line_and_field(tmp_path, change, message):
    path = write_jsonl(tmp_path / "c.jsonl", [GOOD, {**GOOD, "id": "t-2", **change}])
    with pytest.raises(SchemaError) as err:
        read_labelled([path])
    assert f"{path}:2" in str(err.value) and message in str(err.value)


def test_data_missing_fields_are_listed():
    record = {k: v for k, v in GOOD.items() if k not in ("lang", "source")}
    with pytest.raises(SchemaError, match=r"missing field\(s\) \['lang', 'source'\]"):
        validate_record(record, "x.jsonl:7")


def test_data_duplicate_ids_point_at_both_lines(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [GOOD, GOOD])
    with pytest.raises(SchemaError, match=r"already used at .*c.jsonl:1"):
        read_labelled([path])


def test_data_invalid_json_line(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [GOOD, "{oops"])
    with pytest.raises(SchemaError, match=r"c.jsonl:2: not valid JSON"):
        read_labelled([path])


def test_data_load_splits_is_a_datasetdict_over_a_folder(tmp_path):
    rows = [{**GOOD, "id": f"t-{i}", "text": f"post number {i} about a {'visa' if i % 2 else 'match'} {i * 7}",
             "scam": i % 2, "category": "fake_job" if i % 2 else "other_benign"} for i in range(60)]
    write_jsonl(tmp_path / "a.jsonl", rows)
    ds = load_splits(tmp_path)
    assert set(ds) == {"train", "validation", "test"}
    assert sum(len(v) for v in ds.values()) == 60
    assert ds["train"].features["text"].dtype == "string"


def test_data_import_rejects_unknown_set(tmp_path):
    with pytest.raises(SchemaError, match="known:"):
        import_public("nope", tmp_path)


def test_data_importers_map_every_public_set_present():
    """Each importer reads its shared set (when ../shared/datasets is beside the repo) into the schema."""
    present = [name for name in IMPORTERS if default_public_path(name).exists()]
    if not present:
        pytest.skip("../shared/datasets is not beside this checkout")
    for name in present:
        records = import_public(name, default_public_path(name))
        assert len(records) > 100, name
        assert {r["scam"] for r in records} == {0, 1}, name
        for record in records[:50]:
            validate_record(record, name)
        assert len({r["text"] for r in records}) == len(records)
        json.dumps(records[0])
