"""The import contract: each layer imports only the layers below it.

    commands  ->  dashboard  ->  training  ->  review  ->  detector
    (top)                                      (store)     (library core)

Read from the source (every import statement, in functions and under TYPE_CHECKING too), so a
layer that reaches upward fails here before anyone runs it. A package that does not exist yet
(`review/` while it is being split out) is held to its rule as soon as it appears.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# layer -> the top-level packages it must never import
FORBIDDEN = {
    "detector": {"review", "training", "commands", "dashboard"},
    "review": {"training", "commands", "dashboard"},
    "training": {"commands", "dashboard"},
    "dashboard": {"commands"},
}
# Light modules: named by the store, the dashboard and the commands, so they must not load the models' stack.
HEAVY = ("sklearn", "skops", "scipy", "spacy", "torch", "transformers", "datasets")
LIGHT_MODULES = ("detector.taxonomy", "detector.settings", "detector.errors", "commands.main")


def _imports(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, top-level package) of every import in `path`, relative imports resolved to their package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = package or path.relative_to(ROOT).parts[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, package if node.level else (node.module or "").split(".")[0]))
    return found


def _layer_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py")) if (ROOT / layer).is_dir() else []


def test_layers_rules_cover_every_product_package():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests"}
    assert packages <= set(FORBIDDEN) | {"commands"}, f"give {packages - set(FORBIDDEN) - {'commands'}} a layer"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_no_layer_imports_upward(layer):
    upward = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in _layer_files(layer) for line, name in _imports(path) if name in FORBIDDEN[layer]]
    assert not upward, f"{layer} must not import {sorted(FORBIDDEN[layer])}:\n" + "\n".join(upward)


def test_layers_checker_sees_imports_in_functions_and_type_checking(tmp_path):
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from training.train import x\n"
              "def f():\n    import commands.main\n    from . import y\n")
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    assert {name for _, name in _imports(probe, "detector")} == {"typing", "training", "commands", "detector"}


@pytest.mark.parametrize("module", ["detector.taxonomy", "detector.settings"])
def test_layers_light_modules_import_nothing_heavy_in_their_source(module):
    path = ROOT / Path(*module.split(".")).with_suffix(".py")
    names = {name for _, name in _imports(path)}
    assert names <= {"__future__", "os", "collections", "dataclasses", "pathlib", "typing", "detector"}, names


def test_layers_light_modules_load_no_model_stack():
    # A fresh interpreter: what importing them really loads, the package __init__ files included.
    code = (f"import sys\nimport {', '.join(LIGHT_MODULES)}\n"
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "", f"{LIGHT_MODULES} load {loaded.stdout.strip()}"


@pytest.mark.skipif(not (ROOT / "review" / "__init__.py").is_file(), reason="the review package is not there yet")
def test_layers_review_store_loads_no_model_stack():
    code = f"import sys\nimport review\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "", f"the review store loads {loaded.stdout.strip()}"


# What the extras install (pyproject.toml's optional dependencies): batch scoring never loads them.
EXTRA_MODULES = ("torch", "transformers", "safetensors", "streamlit", "spacy", "ray", "onnxruntime")


def test_layers_scoring_and_store_load_no_extra():
    # A fresh interpreter: the scoring path of `vigie score` (parser, scoring, persistence) and the store.
    code = ("import sys\nimport detector.scoring, detector.persistence, review.store, commands.main\n"
            "commands.main.build_parser()\n"
            f"print(' '.join(m for m in {EXTRA_MODULES!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "", f"scoring or the store load {loaded.stdout.strip()}"


def test_layers_extras_table_matches_pyproject():
    import re
    import tomllib

    from detector.extras import EXTRAS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    name = lambda dep: re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower().replace("_", "-")  # noqa: E731
    required = {name(dep) for dep in project["dependencies"]}
    for extra, modules in EXTRAS.items():
        declared = {name(dep) for dep in project["optional-dependencies"].get(extra, [])}
        for module in modules:  # each module's distribution has the module's name, '_' spelled '-'
            assert module.replace("_", "-") in declared, f"{module}: add it to the {extra} extra"
            assert module.replace("_", "-") not in required, f"{module} is in the {extra} extra, not a dependency"
