# The two commands of the README: `make demo` and `make test`.
# Each one prepares the machine (scripts/setup.sh: Debian packages, .venv, pinned Python packages)
# only when something is missing, then does its job.
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: demo test check lint types setup bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	@$(VENV)/bin/jianbao demo --out $(OUT)

test: setup
	@bash scripts/test.sh

lint: setup
	@$(VENV)/bin/ruff check src tests benchmarks scripts
	@$(VENV)/bin/ruff format --check src tests benchmarks scripts

types: setup
	@$(VENV)/bin/mypy

# lint + types + tests, as CI runs it
check: test

bench: setup
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache src/*.egg-info
