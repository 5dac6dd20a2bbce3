# IMPACT-Territoires: two commands on a fresh machine.
#   make run   installs, then serves the app on http://127.0.0.1:8050 with the bundled data
#   make test  installs (Debian's chromium included where missing), then runs the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := chromium fonts-dejavu-core poppler-utils

.PHONY: install install-test system-packages run serve dev test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium drives the browser tests (Playwright never downloads a browser here) and
# renders chart images for the PDF reports (kaleido); pdftoppm checks the reports.
system-packages:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets Debian :$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The production server (gunicorn, several workers, compression, no debug) on the same address.
run: install system-packages
	@echo "IMPACT-Territoires : ouvrez http://127.0.0.1:8050 (Ctrl+C pour arrêter)"
	$(VENV)/bin/gunicorn -c gunicorn.conf.py

serve: run

# Development server (Dash's reloader and, with IMPACT_DEBUG=1, its dev tools).
dev: install system-packages
	$(PY) app.py

test: install-test system-packages
	$(PY) -m pytest

bench: $(VENV)/.installed-bench system-packages
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) test-output .pytest_cache
