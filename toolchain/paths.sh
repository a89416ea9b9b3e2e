# Sourced by the toolchain scripts: where the repo, the shared cache and the env file live.
TOOLCHAIN_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN_CACHE="${PULUMI_KUSCIA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-kuscia}/toolchain"
TOOLCHAIN_ENV_FILE="$TOOLCHAIN_REPO/.toolchain/env"
TOOLCHAIN_STATUS_FILE="$TOOLCHAIN_REPO/.toolchain/status.tsv"
TOOLCHAIN_GO="${TOOLCHAIN_GO:-/usr/local/go/bin/go}"
# The third-party source tarballs (see their SOURCES.md) for what the module proxy refuses.
TOOLCHAIN_THIRD_PARTY="${PULUMI_KUSCIA_THIRD_PARTY:-$TOOLCHAIN_REPO/../shared/third_party}"
# The Python that makes the toolchain's virtual environment (Debian's, with python3-venv).
TOOLCHAIN_PYTHON="${TOOLCHAIN_PYTHON:-/usr/bin/python3}"
