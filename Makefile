# The two commands: `make run` (the app at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.12
UV := .tools/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test test-fast lint format bench audit

# The web server, a task worker (emails) and the reminder scheduler, as in the Procfile.
PORT ?= 8000
run: $(VENV)/.synced
	$(VENV)/bin/python manage.py migrate --noinput
	PYTHONUNBUFFERED=1 LIMBER_PORT=$(PORT) DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://127.0.0.1:$(PORT)} \
		$(VENV)/bin/honcho start -f Procfile

# The HTML check needs the pinned Nu checker from npm: installed here when npm is there.
test: $(VENV)/.synced
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory node_modules/.package-lock.json; \
	else echo "npm not found: the HTML check (tests/config/test_standards.py) will be skipped"; fi
	$(VENV)/bin/python -m pytest

# The inner loop: everything but the browser and the slow tests (pyproject.toml's markers).
test-fast: $(VENV)/.synced
	$(VENV)/bin/python -m pytest -m "not browser and not slow"

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.synced
	$(VENV)/bin/python bench/run.py

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

audit: $(VENV)/.synced node_modules/.package-lock.json
	$(VENV)/bin/python bench/audit.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
