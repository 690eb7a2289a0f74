# Two commands do all the set-up on a fresh machine:
#   make demo   installs modernize in .venv and runs the main job on the example estate (-> out/)
#   make test   installs GnuCOBOL (Debian gnucobol3) if missing, then ruff and the test suite
#   make test-fast   lint and the tests not marked slow (no GnuCOBOL, Chromium, dask or sandbox; about half a minute)
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: demo test test-fast lint system-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/modernize run examples/cobol -o out

system-deps:
	@scripts/install-system-deps.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check modernize tests benchmarks
	$(VENV)/bin/lint-imports

test: system-deps lint
	$(PY) -m pytest; status=$$?; if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

test-fast: lint
	$(PY) -m pytest -m "not slow"; status=$$?; if [ $$status -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$status

bench: $(VENV)/.installed
	$(PY) benchmarks/bench_parse.py

clean:
	rm -rf $(VENV) out .modernize .pytest_cache .ruff_cache
