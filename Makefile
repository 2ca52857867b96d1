# The project's interface. `make demo` and `make test` do all set-up themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test check lint bench bench-build clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: install
	$(BIN)/ho21 check
	$(BIN)/ho21 build-agenda 5/2021
	$(BIN)/ho21 build-referat 4/2021
	@echo
	@echo "The documents of meeting 5/2021 (notice, saksframlegg, packet) are in $(CURDIR)/build/2021-5/"
	@echo "The minutes of meeting 4/2021 are in $(CURDIR)/build/2021-4/"
	@echo "Open $(CURDIR)/build/2021-5/sakspapirer-5-2021.pdf to read the packet."

bench-build: install
	$(BIN)/python bench/bench_build.py

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
