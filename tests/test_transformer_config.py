"""FineTuneConfig: every hyperparameter checked with an error naming its option; `vigie train`'s
options and defaults generated from the dataclass (no torch needed)."""

from dataclasses import MISSING, asdict, fields

import pytest

from commands.main import build_parser, main
from detector.settings import Settings
from training.transformer_config import FineTuneConfig, FineTuneConfigError, cli_options, from_options


def test_transformer_config_defaults_are_valid_and_round_trip_through_json_fields():
    config = FineTuneConfig(base_model="intfloat/multilingual-e5-small")
    assert FineTuneConfig(**asdict(config)) == config  # training_args.json holds exactly these fields


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("epochs", 0, "epochs (--epochs) must be a whole number of at least 1, got 0"),
    ("epochs", 2.5, "got 2.5"),
    ("epochs", True, "got True"),
    ("batch_size", -4, "batch_size (--batch-size) must be a whole number of at least 1, got -4"),
    ("max_length", 4, "max_length (--max-length) must be a whole number from 8 to 8192, got 4"),
    ("max_length", 100_000, "from 8 to 8192, got 100000"),
    ("patience", -1, "patience (--patience) must be a whole number of at least 0"),
    ("seed", 2**32, "seed (--seed) must be a whole number from 0 to 4294967295"),
    ("max_train_posts", 0, "max_train_posts (--max-train-posts) must be a whole number of at least 1"),
    ("learning_rate", 0.0, "learning_rate (--learning-rate) must be a number in (0, 1], got 0.0"),
    ("learning_rate", float("nan"), "got nan"),
    ("learning_rate", "5e-5", "got '5e-5'"),
    ("weight_decay", 1.0, "weight_decay (--weight-decay) must be a number in [0, 1), got 1.0"),
    ("warmup_ratio", 1.5, "warmup_ratio (--warmup-ratio) must be a number in [0, 1], got 1.5"),
    ("freeze_embeddings", "yes", "freeze_embeddings must be true or false, got 'yes'"),
    ("prefix", None, "prefix (--prefix) must be text"),
    ("base_model", " ", "base_model (--base-model) must name a local encoder folder or a hub id"),
])
def test_transformer_config_rejects_a_bad_value_naming_field_option_and_value(field, value, expected):
    values = {"base_model": "intfloat/multilingual-e5-small", field: value}
    with pytest.raises(FineTuneConfigError) as caught:
        FineTuneConfig(**values)
    assert expected in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_transformer_config_accepts_the_edges_of_each_range():
    config = FineTuneConfig(base_model="m", epochs=1, batch_size=1, max_length=8, patience=0, seed=2**32 - 1,
                            learning_rate=1.0, weight_decay=0.0, warmup_ratio=1.0, max_train_posts=1, prefix="")
    assert (config.max_length, config.warmup_ratio, config.prefix) == (8, 1.0, "")


def test_transformer_config_prefix_default_is_the_serving_fallback():
    from detector.transformer import DEFAULT_PREFIX

    assert FineTuneConfig(base_model="m").prefix == DEFAULT_PREFIX


def test_transformer_config_cli_defaults_come_from_the_dataclass():
    args = build_parser(Settings.from_env({})).parse_args(["train", "--backend", "transformer"])
    generated = {kwargs["dest"] for _, kwargs in cli_options()}
    hyper = {f.name for f in fields(FineTuneConfig) if f.default is not MISSING and f.name != "seed"}
    assert generated == hyper  # every hyperparameter has an option
    for f in fields(FineTuneConfig):
        if f.name in generated:
            assert getattr(args, f.name) == f.default, f.name
    config = from_options("m", args.seed, vars(args))
    assert config == FineTuneConfig(base_model="m", seed=args.seed)


def test_transformer_config_cli_options_reach_the_config():
    argv = ["train", "--backend", "transformer", "--epochs", "5", "--learning-rate", "2e-5", "--no-freeze-embeddings",
            "--prefix", "", "--max-train-posts", "40", "--warmup-ratio", "0"]
    args = build_parser(Settings.from_env({})).parse_args(argv)
    config = from_options("m", 3, vars(args))
    assert (config.epochs, config.learning_rate, config.freeze_embeddings, config.prefix, config.max_train_posts,
            config.warmup_ratio, config.seed) == (5, 2e-5, False, "", 40, 0.0, 3)


def test_transformer_config_cli_bad_value_is_one_line_and_exit_2(capsys, tmp_path):
    code = main(["train", "--backend", "transformer", "--base-model", str(tmp_path), "--models", str(tmp_path),
                 "--max-length", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "vigie: error: max_length (--max-length) must be a whole number from 8 to 8192, got 2\n"
    assert not any(tmp_path.iterdir())  # refused before anything was written
