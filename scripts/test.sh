#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: lint, types, then pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
echo "== ruff"
"$VENV/bin/ruff" check src tests benchmarks scripts
echo "== mypy"
"$VENV/bin/mypy"
echo "== pytest"
"$VENV/bin/python" -m pytest -q "$@"
