# rent-assist: `make dev` runs the system, `make test` runs the tests.
# Both create .venv themselves on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv (pinned) installs the exact versions of uv.lock; it lives in .tools/, not in .venv
UV_VERSION := 0.13.9
UV := .tools/uv/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_NO_PROGRESS := 1

.PHONY: dev test lint format bench schema migrations clean install lock upgrade \
	translations translations-status

$(UV):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m pip install --isolated --quiet --disable-pip-version-check \
		--root-user-action=ignore --target .tools/uv uv==$(UV_VERSION)

# the locked versions, exactly (--locked: refuses to run when pyproject.toml changed
# and uv.lock was not refreshed with `make lock`)
$(STAMP): pyproject.toml uv.lock $(UV)
	$(UV) sync --quiet --locked --extra dev --python $(PYTHON)
	touch $(STAMP)

install: $(STAMP)

dev: $(STAMP)
	mkdir -p var
	$(BIN)/rent-assist migrate
	$(BIN)/rent-assist seed-demo --caseload
	ENVIRONMENT=dev $(BIN)/rent-assist dev --host 127.0.0.1 --port 8000

# The fast tier (SQLite, stub broker, real aiosmtpd); with TEST_DATABASE_URL and
# TEST_REDIS_URL set, the same suite runs on PostgreSQL and Redis.
# pytest-xdist: one process per core (TEST_WORKERS), each on its own database; the slow
# end-to-end tests start first and run beside the fast ones. Prints the wall time.
TEST_WORKERS ?= auto
test: $(STAMP)
	@start=$$(date +%s); \
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS); rc=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s wall (exit $$rc)"; exit $$rc

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
	  -o $(LOCALE)/messages.pot.new .
	@# unchanged messages: keep the template (and so every catalogue) byte for byte
	@if diff -q -I '^"POT-Creation-Date' $(LOCALE)/messages.pot $(LOCALE)/messages.pot.new \
	  >/dev/null 2>&1; then rm $(LOCALE)/messages.pot.new; echo "messages unchanged"; \
	  else mv $(LOCALE)/messages.pot.new $(LOCALE)/messages.pot; fi
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) -D messages --statistics

translations-status: $(STAMP)
	$(BIN)/python -m models.i18n.status

bench: $(STAMP)
	$(BIN)/python -m bench

# after editing pyproject.toml's dependencies: record them in uv.lock (others unchanged)
lock: $(UV)
	$(UV) lock --python $(PYTHON)

# refresh uv.lock to the newest versions pyproject.toml allows, then install them
upgrade: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	$(UV) sync --quiet --locked --extra dev --python $(PYTHON)
	touch $(STAMP)

clean:
	rm -rf $(VENV) .tools var .mypy_cache .ruff_cache
