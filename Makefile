# Two commands do all set-up on a fresh machine:
#   make briefing   build the briefing for fixtures/ into output/
#   make test       run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: briefing test lint bench system-deps clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first: argostranslate -> stanza -> torch; 2.13.0 is the CPU build on this disk.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

briefing: $(STAMP)
	# Install the German->English model when the Argos index is reachable; go on without it.
	$(BIN)/briefing models install de en --if-missing --optional
	$(BIN)/briefing build fixtures/ --out output/

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

LINTED := briefing tests benchmarks scripts

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --strict briefing

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) output/*/ output/index.html
