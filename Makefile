# make run   - install, migrate, seed the demo, serve http://127.0.0.1:5000 on SQLite,
#              with the scheduler in the same process (no reloader: it would start it twice)
# make test  - install and run the whole suite on SQLite, and on PostgreSQL too when
#              TEST_DATABASE_URL names a server (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres)
# make serve - gunicorn workers on DATABASE_URL (run `flask jobs run` once beside them)
# make weight - the volunteer's first screen in headless chromium on slow 3G: KB and seconds
# make bench - the matching benchmark (1M volunteers; BENCH_VOLUNTEERS=..., BENCH_DATABASE_URL=...)
# make bench-province - the candidate query at 5M volunteers on PostgreSQL only
# make load  - Locust against gunicorn + PostgreSQL on a city's data (LOAD_DATABASE_URL, LOAD_USERS=...):
#              bench/out/load.json
# make fuzz  - Schemathesis over the whole OpenAPI with more examples (FUZZ_EXAMPLES, default 200)
#              than the 30 per operation and role make test runs

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000

CHROMIUM := /usr/bin/chromium
# make test runs the suite (browser tests aside) again as if it were these moments too:
# a Tuesday just past local midnight and a Saturday just before it (Asia/Shanghai).
TEST_CLOCKS ?= 2026-12-01T00:30+08:00 2026-12-05T23:30+08:00

.PHONY: run test serve bench bench-province load install install-dev migrate seed clean weight fuzz

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
	RUN_SCHEDULER=1 $(FLASK) run --no-reload --host $(HOST) --port $(PORT)

serve: migrate
	$(BIN)/gunicorn --workers 4 --bind $(HOST):$(PORT) app:app

test: install-dev
	@if [ -x $(CHROMIUM) ]; then \
		echo "== browser tests (tests/e2e) run in $(CHROMIUM) =="; \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! NO CHROMIUM at $(CHROMIUM): the browser tests in tests/e2e are SKIPPED."; \
		echo "!!! Install it with: apt-get update && apt-get install -y chromium"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi
	env -u TEST_DATABASE_URL $(BIN)/pytest -q
	@for at in $(TEST_CLOCKS); do \
		echo "== the suite without the browser tests, on SQLite, with the clock at $$at =="; \
		env -u TEST_DATABASE_URL CLOCK_AT=$$at $(BIN)/pytest -q --ignore=tests/e2e --ignore=tests/test_fuzz.py || exit 1; \
	done
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the same suite on $$TEST_DATABASE_URL =="; \
		$(BIN)/pytest -q; \
	fi

fuzz: install-dev
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} $(BIN)/pytest -q tests/test_fuzz.py

weight: install-dev
	@test -x $(CHROMIUM) || { echo "make weight needs $(CHROMIUM) (apt-get install -y chromium)"; exit 1; }
	$(BIN)/python bench/weight.py

bench: install-dev
	$(BIN)/python bench/matching.py

BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
bench-province: install-dev
	BENCH_VOLUNTEERS=$${BENCH_VOLUNTEERS:-5000000} BENCH_SQLITE=0 BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) \
		$(BIN)/python bench/matching.py

LOAD_VENV := .venv-load

$(LOAD_VENV)/.done: bench/requirements-load.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/pip install --quiet -r bench/requirements-load.txt
	touch $@

load: install-dev $(LOAD_VENV)/.done
	LOCUST=$(LOAD_VENV)/bin/locust $(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) $(LOAD_VENV) instance
