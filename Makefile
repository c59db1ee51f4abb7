# Two entry points: `make demo` and `make test`. Both create .venv themselves.
PYTHON ?= python3
VENV := .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
DEMO := examples/demo-repo

.PHONY: demo test venv clean

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

venv: $(VENV)/.installed

# Renders every target that the demo repo declares, then prints a summary table.
demo: $(VENV)/.installed
	$(BIN)/linkstar -C $(DEMO) render

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2

clean:
	rm -rf $(VENV) build dist $(DEMO)/build $(DEMO)/.linkstar
