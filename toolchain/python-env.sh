#!/usr/bin/env bash
# Makes (once) a Python virtual environment holding the pulumi package at the CLI's version, from
# PyPI, for the Python language host: on PATH through .toolchain/env, its python3 runs programs.
# Usage: python-env.sh VERSION   Prints the environment's folder; the log goes to stderr.
set -euo pipefail
version="$1"
source "$(dirname "$0")/paths.sh"
python="$TOOLCHAIN_PYTHON"
python_version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
venv="$TOOLCHAIN_CACHE/python/pulumi-v$version-py$python_version"
installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))' 2>/dev/null; }

if [[ -f "$venv/.complete" && "$(installed)" == "$version" ]]; then
  echo "$venv"
  exit 0
fi
echo "toolchain: making $venv (pulumi==$version)" >&2
rm -rf "$venv"
"$python" -m venv "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check "pulumi==$version" >&2
[[ "$(installed)" == "$version" ]] || { echo "toolchain: $venv has pulumi '$(installed)', not $version" >&2; exit 1; }
touch "$venv/.complete"
echo "$venv"
