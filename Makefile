# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501
# axe-core, the accessibility rules tests/e2e/test_accessibility.py runs in Chromium: pinned, from the npm registry.
AXE_VERSION := 4.14.1
AXE_STAMP := $(VENV)/axe/axe-core-$(AXE_VERSION).installed

.PHONY: run test test-fast lint bench validate schema clean system-packages axe

$(BIN)/python:
	sh scripts/make-venv.sh $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## run: install what the app needs and start it on http://$(HOST):$(PORT)
run: $(VENV)/.runtime
	$(BIN)/python -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

## system-packages: Debian packages the tests need (Chromium, npm), through apt-get when root
system-packages:
	sh scripts/install-system-packages.sh

## axe: install axe-core $(AXE_VERSION) into $(VENV)/axe (npm, no scripts run) for the accessibility test
axe: $(AXE_STAMP)

$(AXE_STAMP): | system-packages
	npm install --no-save --no-audit --no-fund --ignore-scripts --prefix $(VENV)/axe axe-core@$(AXE_VERSION)
	touch $@

## test: install everything the tests need, then lint, type-check, validate the questionnaires and run the whole suite
test: $(VENV)/.dev system-packages axe
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m mypy
	$(BIN)/python -m assessment validate questionnaires
	$(BIN)/python -m pytest

## test-fast: the tests not marked slow (no browser, PostgreSQL, whole reports or AppTest pages), for quick checks
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -m "not slow"

lint: $(VENV)/.dev
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

## bench: print the performance figures
bench: $(VENV)/.dev system-packages
	$(BIN)/python -m bench

## validate: check every questionnaire under questionnaires/
validate: $(VENV)/.runtime
	$(BIN)/python -m assessment validate questionnaires

## schema: regenerate the JSON Schemas in docs/schema/ from the models
schema: $(VENV)/.runtime
	$(BIN)/python -m assessment schema docs/schema

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
