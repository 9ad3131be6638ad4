# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
DEMO_STAMP := $(VENV)/.installed-demo

.PHONY: demo test lint typecheck golden bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What building needs and nothing more: no browser driver, linters or type checker.
$(DEMO_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build both example widgets from the bundled, invented sample data (no token, no network).
demo: $(DEMO_STAMP)
	$(BIN)/widget build -q -c examples/borger-dk/widget.toml
	$(BIN)/widget build -q -c examples/dk-i-verden/widget.toml
	@echo
	@echo "Built into examples/*/public/widget/. To look at them, serve one and open the address:"
	@echo "  $(BIN)/widget preview -c examples/borger-dk/widget.toml     # http://127.0.0.1:8000/"
	@echo "  $(BIN)/widget preview -c examples/dk-i-verden/widget.toml --port 8001"
	@echo "(Opened straight from disk the pages look broken: their links start at /widget/.)"

## Install what the tests need, lint, type-check and run every test.
test: $(STAMP)
	$(BIN)/ruff check widget tests benchmarks docs examples
	$(BIN)/mypy
	$(BIN)/mypy --strict benchmarks docs examples tests
	$(BIN)/python -m pytest

## Regenerate the golden files of the rendered examples after a deliberate change.
golden: $(STAMP)
	WIDGET_REGENERATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py -q

## Page weight, WebP size against time, then speed against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/size.py
	$(BIN)/python benchmarks/webp.py
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/store_read.py

clean:
	rm -rf $(VENV) .widget examples/*/.widget examples/*/public
