# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
JOBS   ?= 2
# e.g. make bench BENCH_ARGS="--students 60" (default: 200 students, with nbgrader when installed)
BENCH_ARGS ?=

.PHONY: install demo test test-fast bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m autograder.commands.demo

test: $(STAMP)
	$(PY) -m autograder dev check
	$(PY) -m pytest -n $(JOBS) -q

test-fast: $(STAMP)
	$(PY) -m pytest -n $(JOBS) -q -m "not slow"

bench: $(STAMP)
	$(PY) -m autograder.commands.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) demo-output bench/results.json bench/work
