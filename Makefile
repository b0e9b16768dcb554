# The two commands of the README: `make run` and `make test`. Everything else is a step of them.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Password of the local demo accounts (admin, staff, translator) that `make run` creates.
DEMO_PASSWORD ?= iurc-demo
INSTALLED := $(VENV)/.installed

# Root installs system packages directly; anyone else through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: lighthouse help install messages migrate demo run test browser-deps checker-deps budget benchmark fuzz observatory faults lint format clean vendor

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	@if ! pkg-config --exists icu-i18n 2>/dev/null; then \
		echo "Installing ICU's headers for PyICU (Debian packages libicu-dev, pkg-config)"; \
		$(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	touch $@

install: $(INSTALLED) ## Create the virtualenv and install the project with its test tools

messages: $(INSTALLED) ## Compile the translation catalogues in locale/
	@if command -v msgfmt >/dev/null; then \
		$(BIN)/python manage.py compilemessages --ignore '.venv/*' -v 0; \
	else \
		echo "msgfmt (GNU gettext) not found: compiling with Babel instead"; \
		$(BIN)/pybabel compile --statistics -d locale -D django; \
	fi

migrate: $(INSTALLED) ## Bring the database schema up to date (SQLite under var/ unless DATABASE_URL is set)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo content (idempotent) and the local demo accounts
	$(BIN)/python manage.py load_demo_content --demo-users '$(DEMO_PASSWORD)'

run: messages demo ## Serve the portal with demo content on http://127.0.0.1:$(PORT)
	@echo "Portal: http://127.0.0.1:$(PORT)/  Admin: http://127.0.0.1:$(PORT)/admin/ (admin / $(DEMO_PASSWORD))"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

browser-deps: ## Install Debian's Chromium and fonts for Thai, Devanagari and CJK if missing
	@if ! command -v chromium >/dev/null \
		|| ! fc-list :lang=th | grep -q . || ! fc-list :lang=hi | grep -q . \
		|| ! fc-list :lang=zh-cn | grep -q .; then \
		echo "Installing Chromium and fonts (Debian packages)"; \
		$(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-noto-core fonts-noto-cjk; \
	fi

# The W3C Nu HTML checker of tests/demo_site/test_valid_markup.py: vnu.jar from the npm registry
# (vnu-jar, pinned in package-lock.json; its script that would download a Java is not run) and
# Debian's Java to run it.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
checker-deps: ## Install Java and the W3C Nu HTML checker (vnu.jar) if missing
	@missing=""; command -v java >/dev/null || missing="default-jre-headless"; \
	if [ ! -f $(VNU_JAR) ] && ! command -v npm >/dev/null; then missing="$$missing npm"; fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing for the W3C Nu HTML checker (Debian packages)"; \
		$(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	@test -f $(VNU_JAR) || npm ci --ignore-scripts --no-audit --no-fund

# Two workers (the machines have two cores), each with its own test database; a module runs
# whole on one worker, the browser tests together on one (ModuleScheduling, tests/conftest.py).
TEST_WORKERS ?= 2
test: messages browser-deps checker-deps ## Run the whole test suite, browser tests included (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS) --durations=15

budget: demo ## Print the About page's weight, requests and render time against the budgets
	DJANGO_DEBUG=0 $(BIN)/python manage.py check_budgets

# gunicorn with 2 sync workers and production settings (throwaway secrets), a private redis-server
# unless REDIS_URL is set, and wrk with 8 clients: static file, cached and uncached pages side by
# side, against issue 14's targets (iurc/core/management/commands/benchmark_serving.py).
benchmark: messages demo ## Measure req/s of static, cached and uncached pages under gunicorn; fails under target
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	if [ -z "$$REDIS_URL" ] && ! command -v redis-server >/dev/null; then missing="$$missing redis-server"; fi; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing (Debian packages)"; \
		$(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	$(BIN)/python manage.py benchmark_serving

# Production settings (DEBUG off, HTTPS, collected static files) with throwaway secrets that never
# leave the process; the database is the demo's (DATABASE_URL, else the SQLite file).
FUZZ_REQUESTS ?= 10000
FUZZ_ENV := DJANGO_SETTINGS_MODULE=iurc.settings.production DJANGO_SECRET_KEY=fuzz-only \
	DJANGO_ALLOWED_HOSTS=localhost DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/db.sqlite3}
fuzz: messages demo ## Send FUZZ_REQUESTS mutated requests to every public URL; fails on any server error
	$(FUZZ_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(FUZZ_ENV) $(BIN)/python manage.py fuzz_public_urls --requests $(FUZZ_REQUESTS)

# The demo's public pages as production sends them (production settings, throwaway secrets that
# never leave the process), scored by Mozilla's HTTP Observatory rubric (iurc/core/observatory.py).
OBSERVATORY_ENV := DJANGO_SETTINGS_MODULE=iurc.settings.production \
	DJANGO_SECRET_KEY=observatory-only DJANGO_ALLOWED_HOSTS=localhost \
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/db.sqlite3}
observatory: messages demo ## Score the public pages' headers by the Observatory rubric; fails under 100
	$(OBSERVATORY_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(OBSERVATORY_ENV) $(BIN)/python manage.py observatory_score --min-score 100

# Lighthouse (pinned in package-lock.json) with Debian's Chromium on the demo's home page, mobile
# and desktop: 100 in every category and at most 5 requests besides images (issue 15).
lighthouse: messages demo browser-deps ## Score the home page (every category) and the agreements database views (accessibility) with Lighthouse, mobile and desktop; fails under 100
	@test -x node_modules/.bin/lighthouse || npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python manage.py lighthouse_scores

# Faults under load, against servers the scripts start on free ports and always stop
# (deploy/faults/): Redis stopped, PostgreSQL stopped (a private cluster holding a copy of the
# demo database; the server of DATABASE_URL is never stopped), 20 slow clients before nginx.
# Each prints what visitors got before, during and after, and fails when a target is missed.
FAULTS_ENV := DJANGO_SETTINGS_MODULE=iurc.settings.production DJANGO_SECRET_KEY=faults-only \
	DJANGO_ALLOWED_HOSTS=localhost
faults: messages demo ## Stop Redis, then PostgreSQL, under load; 20 slow clients before nginx; fails on a missed target
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
		*) echo "make faults needs DATABASE_URL=postgres://… (the database to copy)"; exit 1;; esac
	@missing=""; command -v nginx >/dev/null || missing="nginx-light"; \
	command -v redis-server >/dev/null || missing="$$missing redis-server"; \
	if [ -n "$$missing" ]; then \
		echo "Installing $$missing (Debian packages)"; \
		$(SUDO) apt-get update -qq \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
	$(FAULTS_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python deploy/faults/redis_down.py
	$(BIN)/python deploy/faults/database_down.py
	$(BIN)/python deploy/faults/slow_clients.py

# The database and the media together (README, "Backup and restore"); the database and media
# folder are the site's own (DATABASE_URL, DJANGO_MEDIA_ROOT) unless RESTORE_ARGS names others.
backup: $(INSTALLED) ## Back up the database and the media into var/backups/<timestamp>/
	$(BIN)/python manage.py backup

restore: $(INSTALLED) ## Restore BACKUP=var/backups/<timestamp> into an empty database and media folder
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/<timestamp> [RESTORE_ARGS='--replace']"; exit 2; }
	$(BIN)/python manage.py restore '$(BACKUP)' $(RESTORE_ARGS)

lint: $(INSTALLED) ## Lint Python and templates; check which app may import which
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: $(INSTALLED) ## Format Python and templates in place
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	-$(BIN)/djhtml templates

# Leaflet, the world's countries (world-atlas: Natural Earth's 1:110m countries as TopoJSON,
# 108 KB, 38 KB gzipped) and topojson-client (which turns them into GeoJSON for Leaflet) come
# from the npm registry at the versions package-lock.json pins; the copies in static/vendor/
# are committed, so running the site needs no Node (the tests need npm once: checker-deps).
LEAFLET := static/vendor/leaflet
WORLD_ATLAS := static/vendor/world-atlas
TOPOJSON := static/vendor/topojson-client
vendor: ## Copy Leaflet, world-atlas and topojson-client (pinned in package-lock.json) into static/vendor/ (needs npm)
	npm ci --ignore-scripts --no-audit --no-fund
	rm -rf $(LEAFLET) $(WORLD_ATLAS) $(TOPOJSON)
	mkdir -p $(LEAFLET)/images $(WORLD_ATLAS) $(TOPOJSON)
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE $(LEAFLET)/
	cp node_modules/leaflet/dist/images/*.png $(LEAFLET)/images/
	cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE $(WORLD_ATLAS)/
	cp node_modules/topojson-client/dist/topojson-client.min.js \
		node_modules/topojson-client/LICENSE $(TOPOJSON)/

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) var
