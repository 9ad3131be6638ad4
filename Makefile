# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build both example widgets from the bundled, invented sample data (no token, no network).
demo: $(STAMP)
	$(BIN)/widget build -c examples/borger-dk/widget.toml
	$(BIN)/widget build -c examples/dk-i-verden/widget.toml
	@echo
	@echo "Built. Look at examples/borger-dk/public/widget/index.html and"
	@echo "examples/dk-i-verden/public/widget/index.html (the fragments are <feed>.html beside them)."

## Install what the tests need, lint, type-check and run every test.
test: $(STAMP)
	$(BIN)/ruff check widget tests benchmarks docs examples
	$(BIN)/mypy
	$(BIN)/mypy --strict benchmarks docs examples tests
	$(BIN)/python -m pytest

## Regenerate the golden files of the rendered examples after a deliberate change.
golden: $(STAMP)
	WIDGET_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q

bench: $(STAMP)
	$(BIN)/python benchmarks/size.py

clean:
	rm -rf $(VENV) .widget examples/*/.widget examples/*/public
