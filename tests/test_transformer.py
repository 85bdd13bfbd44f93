"""The transformer backends on a tiny random BERT the tests build: same code path as a real encoder."""

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from detector.errors import ModelError
from detector.persistence import load_model
from detector.scoring import score_file
from detector.transformer import embed_frozen
from tests.conftest import write_jsonl
from training.data import load_splits
from training.transformer import FineTuneConfig, fine_tune, fit_frozen


@pytest.fixture(scope="module")
def tiny_encoder(corpus, tmp_path_factory) -> Path:
    """A 2-layer BERT with a word-level tokenizer over the corpus vocabulary, random weights."""
    import torch
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-encoder")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    words = Counter(w for r in corpus for w in r["text"].lower().split())
    vocab = {tok: i for i, tok in enumerate(specials + [w for w, _ in words.most_common(3000)])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.normalizer = normalizers.Lowercase()
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]",
                                        cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    tokenizer.save_pretrained(folder)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128)
    BertModel(config).save_pretrained(folder, safe_serialization=True)
    return folder


@pytest.fixture(scope="module")
def small_corpus(corpus, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_jsonl(folder / "slice.jsonl", corpus[::9])
    return folder


@pytest.fixture(scope="module")
def fine_tuned(tiny_encoder, small_corpus, tmp_path_factory) -> Path:
    config = FineTuneConfig(base_model=str(tiny_encoder), epochs=2, batch_size=32, max_length=64,
                            learning_rate=1e-3, prefix="")
    return fine_tune(config, name="tiny-ft", models_dir=tmp_path_factory.mktemp("models"), data_dir=small_corpus,
                     external=False)


@pytest.mark.slow
def test_transformer_fine_tuned_model_scores_through_the_same_contract(fine_tuned, tmp_path):
    model = load_model(fine_tuned)
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": "Visa et billet offerts, frais de dossier"},
                                              {"id": "b", "text": "Bon match ce soir"}])
    out = tmp_path / "out.jsonl"
    score_file(src, out, model, progress=False)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert set(rows[0]) == {"id", "scam_score", "flagged", "category", "lang", "signals", "impersonates", "model",
                            "model_sha256"}
    assert rows[0]["model"].startswith("tiny-ft@")
    for name in ("config.json", "model.safetensors", "tokenizer.json", "manifest.json", "README.md",
                 "metrics.json", "training_args.json"):
        assert (fine_tuned / name).is_file(), name
    assert not list(fine_tuned.rglob("*.pt")) and not list(fine_tuned.rglob("*.bin"))
    history = json.loads((fine_tuned / "metrics.json").read_text())["history"]
    assert [h["epoch"] for h in history] == [1, 2]


@pytest.mark.slow
@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_transformer_reduced_precision_scores_stay_close(fine_tuned, precision):
    texts = ["Recrutement urgent Dubaï visa offert", "Résultats du bac publiés", "Chevening is open, no fees"]
    plain = load_model(fine_tuned, precision="fp32").detector.predict_proba(texts)
    reduced = load_model(fine_tuned, precision=precision)
    assert reduced.version.endswith(f"+{precision}")
    assert np.allclose(plain, reduced.detector.predict_proba(texts), atol=0.1)
    with pytest.raises(ModelError, match="unknown precision"):
        load_model(fine_tuned, precision="fp8")


@pytest.mark.slow
def test_transformer_batching_does_not_change_scores(fine_tuned):
    detector = load_model(fine_tuned, precision="fp32").detector
    texts = ["court", "un message un peu plus long avec un visa offert et des frais de dossier à payer vite"] * 3
    together = detector.predict_proba(texts)
    alone = np.concatenate([detector.predict_proba([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


@pytest.mark.slow
def test_transformer_resumes_from_its_last_checkpoint(tiny_encoder, small_corpus, tmp_path, caplog):
    base = dict(base_model=str(tiny_encoder), batch_size=32, max_length=64, learning_rate=1e-3, prefix="")
    fine_tune(FineTuneConfig(epochs=1, **base), name="r", models_dir=tmp_path, data_dir=small_corpus, external=False)
    with caplog.at_level("INFO"):
        folder = fine_tune(FineTuneConfig(epochs=2, **base), name="r", models_dir=tmp_path, data_dir=small_corpus,
                           external=False)
    assert "resuming from" in caplog.text
    history = json.loads((folder / "metrics.json").read_text())["history"]
    assert [h["epoch"] for h in history] == [1, 2]


@pytest.mark.slow
def test_transformer_frozen_encoder_head(tiny_encoder, small_corpus, tmp_path):
    config = FineTuneConfig(base_model=str(tiny_encoder), max_length=64, prefix="")
    folder = fit_frozen(config, name="frozen", models_dir=tmp_path, data_dir=small_corpus, external=False)
    model = load_model(folder, precision="fp32")
    assert (folder / "head.safetensors").is_file() and (folder / "encoder" / "model.safetensors").is_file()
    # The saved head must serve exactly what the fitted head predicts (a transposed or reordered
    # weight matrix still gives probabilities between 0 and 1).
    splits = load_splits(small_corpus, seed=config.seed)
    head = LogisticRegression(C=4.0, class_weight="balanced", max_iter=3000, random_state=config.seed)
    head.fit(embed_frozen(tiny_encoder, list(splits["train"]["text"]), max_length=64, prefix=""),
             list(splits["train"]["category"]))
    texts = list(splits["test"]["text"])[:16]
    expected = head.predict_proba(embed_frozen(tiny_encoder, texts, max_length=64, prefix=""))
    np.testing.assert_allclose(model.detector.category_proba(texts), expected, atol=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("tamper", ["remote_code", "unlisted_pickle", "altered_weights", "unlisted_file"])
def test_transformer_folder_tampering_is_refused(fine_tuned, tmp_path, tamper):
    folder = tmp_path / "copy"
    shutil.copytree(fine_tuned, folder)
    if tamper == "remote_code":
        config = json.loads((folder / "config.json").read_text())
        config["auto_map"] = {"AutoModel": "evil.EvilModel"}
        (folder / "config.json").write_text(json.dumps(config))
        manifest = json.loads((folder / "manifest.json").read_text())
        import hashlib

        manifest["files"]["config.json"] = hashlib.sha256((folder / "config.json").read_bytes()).hexdigest()
        (folder / "manifest.json").write_text(json.dumps(manifest))
        match = "auto_map"
    elif tamper == "unlisted_pickle":
        (folder / "pytorch_model.bin").write_bytes(b"\x80\x04K\x01.")
        match = "pytorch_model.bin"
    elif tamper == "altered_weights":
        with (folder / "model.safetensors").open("ab") as handle:
            handle.write(b"\0")
        match = "checksum"
    else:
        (folder / "modeling_evil.txt").write_text("x")
        match = "not in its manifest"
    with pytest.raises(ModelError, match=match):
        load_model(folder)
