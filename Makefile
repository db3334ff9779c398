# The README's two commands are `make run` and `make test`; both start with `make install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install run test serve messages bench clean

# The stamp makes a second `make run` quick: pip only runs again when pyproject.toml changes.
$(VENV)/.install-stamp: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python >= 3.12 is needed (found %s); see .python-version" % sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.install-stamp
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py create_demo_accounts
	@# The background worker (whole-language exports, large imports) runs beside the server and stops with it.
	$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST)

# Production-style serving: DEBUG off, hashed and compressed static files, gunicorn with WORKERS workers.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in the environment (README, "Deployment").
WORKERS ?= 4
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "Set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) first: see the README's Deployment section."; exit 1; }
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py createcachetable
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn workbench.wsgi --workers $(WORKERS) --bind $(HOST) --access-logfile -

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Regenerate the French catalogue after changing interface strings, then translate what is new.
messages: install
	$(BIN)/python manage.py makemessages --locale fr --ignore=.venv --ignore=tests --ignore=bench --no-obsolete

bench: install
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
