# Entry points: `make demo`, `make test` and `make bench`. Each creates .venv itself.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
DEMO := examples/demo-repo

.PHONY: demo test bench venv clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip

# The stamp files record which install was done, so `make demo` after `make test` reinstalls nothing.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $@ $(VENV)/.installed

# pyvips is an optional baseline of the benchmarks. Where its wheel cannot be installed,
# linkstar alone is installed and the pyvips column says "not installed".
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[bench]' || $(BIN)/python -m pip install -e .
	touch $@ $(VENV)/.installed

venv: $(VENV)/.installed

# Renders every target that the demo repo declares, then prints a summary table.
demo: $(VENV)/.installed
	$(BIN)/linkstar -C $(DEMO) render

# The preview tests open pages in Debian's Chromium. A missing chromium is installed when
# make runs as root with apt-get; otherwise make says why, and only the browser tests skip.
browser:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		:; \
	elif [ "$$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } \
			|| echo "make: installing chromium failed, so the browser tests will be skipped"; \
	else \
		echo "make: chromium is not installed and needs root and apt-get to install, so the browser tests will be skipped"; \
	fi

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest -n 2

# Generates its inputs in a temporary folder and prints the tables that benchmarks/RESULTS.md records.
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist $(DEMO)/build $(DEMO)/.linkstar
