#!/usr/bin/env bash
# Prepare a fresh machine for jianbao: Debian packages, .venv, pinned Python packages.
# Idempotent and quick when everything is already there (a stamp file records the install).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
DEB_PACKAGES=(poppler-utils fonts-wqy-microhei fonts-wqy-zenhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk chromium)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.jianbao-installed"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing jianbao and its pinned dependencies into $VENV"
  # The pip that ships with older Pythons (23.x) trips over lxml's extras; a current one does not.
  log="$VENV/pip-install.log"
  pip_install() {
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" >"$log" 2>&1 || {
      grep -v "^WARNING: Location" "$log" >&2
      echo "setup: pip install $* failed (full log: $log)" >&2
      exit 1
    }
  }
  pip_install --upgrade "pip>=24.3"
  pip_install -e ".[dev]"
  touch "$stamp"
fi
