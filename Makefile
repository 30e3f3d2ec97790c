# make run   - install, migrate, seed the demo, serve http://127.0.0.1:5000 on SQLite
# make test  - install and run the whole suite on SQLite, and on PostgreSQL too when
#              TEST_DATABASE_URL names a server (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
# make serve - gunicorn workers on DATABASE_URL (run `flask jobs run` once beside them)
# make bench - the matching benchmark (1M volunteers; BENCH_VOLUNTEERS=..., BENCH_DATABASE_URL=...)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test serve bench install install-dev migrate seed clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed
	@echo "Serving on http://$(HOST):$(PORT)  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: migrate
	$(BIN)/gunicorn --workers 4 --bind $(HOST):$(PORT) app:app

test: install-dev
	env -u TEST_DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on $$TEST_DATABASE_URL =="; \
		$(BIN)/pytest -q; \
	fi

bench: install-dev
	$(BIN)/python bench/matching.py

clean:
	rm -rf $(VENV) instance
