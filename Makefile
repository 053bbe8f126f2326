# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test lint bench validate schema clean system-packages

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

## system-packages: Debian packages the tests need (Chromium), through apt-get when root
system-packages:
	sh scripts/install-system-packages.sh

## test: install everything the tests need, then lint, validate the questionnaires and run the whole suite
test: $(VENV)/.dev system-packages
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python -m assessment validate questionnaires
	$(BIN)/python -m pytest

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
