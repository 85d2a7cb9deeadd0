# Two commands: `make demo` and `make test`. Everything else is set up on the way.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-unit test-integration test-browser bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

## make demo: embedded Redis + demo replay + dashboard on http://127.0.0.1:8050 until Ctrl-C
demo: $(VENV)/.runtime
	$(BIN)/python app.py --demo

## make test: the whole suite (unit, integration against a real Redis, browser in headless Chromium)
test: $(VENV)/.dev
	$(BIN)/python -m pytest

test-unit: $(VENV)/.dev
	$(BIN)/python -m pytest tests/unit

test-integration: $(VENV)/.dev
	$(BIN)/python -m pytest tests/integration

test-browser: $(VENV)/.dev
	$(BIN)/python -m pytest tests/browser

## make screenshots: retake the README's pictures (docs/img/) from the demo replay
screenshots: $(VENV)/.dev
	$(BIN)/python scripts/docs_screenshots.py

## make bench: every benchmark, each against its plain baseline
bench: $(VENV)/.dev
	$(BIN)/python bench/recommend.py
	$(BIN)/python bench/county_network.py
	$(BIN)/python bench/road_cache.py
	$(BIN)/python bench/eta_truth.py
	$(BIN)/python bench/api_truth.py
	$(BIN)/python bench/off_network.py
	$(BIN)/python bench/kent_wide.py
	$(BIN)/python bench/geodata.py
	$(BIN)/python bench/labels.py
	$(BIN)/python bench/place_search.py
	$(BIN)/python bench/replay.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/push.py --displays 2 --series ""
	$(BIN)/python bench/sign_in_flood.py

clean:
	rm -rf $(VENV) .pytest_cache
