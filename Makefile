# Set-up and the two README commands. Works on a fresh machine with Python 3.11 and pip.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup browser test report clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

# Debian's chromium, for the tests that open the exported pages in a real browser.
browser:
	@if command -v chromium >/dev/null 2>&1; then true; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| echo "could not install chromium: the browser tests will be skipped"; \
	else echo "chromium is absent and cannot be installed here: the browser tests will be skipped"; fi

test: setup browser
	$(PY) -m pytest

report: setup
	$(PY) -m analysis report

clean:
	rm -rf reports .pytest_cache
