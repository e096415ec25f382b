# rent-assist: `make dev` runs the system, `make test` runs the tests.
# Both create .venv themselves on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: dev test test-services lint format bench schema migrations clean install \
	translations translations-status

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

dev: $(STAMP)
	mkdir -p var
	$(BIN)/rent-assist migrate
	$(BIN)/rent-assist seed-demo
	ENVIRONMENT=dev $(BIN)/rent-assist dev --host 127.0.0.1 --port 8000

# The fast tier (SQLite, stub broker, real aiosmtpd); with TEST_DATABASE_URL and
# TEST_REDIS_URL set, the same suite runs on PostgreSQL and Redis.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy api schema models workers

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/rent-assist export-schema > schema/schema.graphql

migrations: $(STAMP)
	DATABASE_URL=sqlite://var/makemigrations.sqlite3 $(BIN)/tortoise -c models.db.TORTOISE_ORM makemigrations

# Participants' languages (issue 16; README "Adding a language"): extract the English
# messages into the template, merge them into every catalogue, compile the .mo files
# (checked in). A translator only fills the msgstr lines of one .po, then runs this.
LOCALE := models/i18n/locale
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c TRANSLATORS: --add-location=file \
	  --sort-output --project rent-assist --copyright-holder "rent-assist" \
	  -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D messages --statistics

translations-status: $(STAMP)
	$(BIN)/python -m models.i18n.status

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
