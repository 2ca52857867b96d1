# The project's interface. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test check lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/ho21 check

test: install
	$(BIN)/python -m pytest

check: install
	$(BIN)/ho21 check

lint: install
	$(BIN)/ruff check ho21 tests bench
	$(BIN)/ruff format --check ho21 tests bench

bench: install
	$(BIN)/python bench/bench_check.py

clean:
	rm -rf build .pytest_cache .hypothesis
