#!/usr/bin/env bash
# npm run bench [-- --sizes 2,4,6,8] [--no-modes] [--out FILE]: the toolchain, the library and an
# eight-host lab, then scripts/bench/bench.ts (root: the lab makes network namespaces).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash toolchain/build.sh
# shellcheck disable=SC1091 # written by toolchain/build.sh
source .toolchain/env
npm run --silent build
npm run --silent lab -- up 8 >/dev/null
exec node_modules/.bin/tsx scripts/bench/bench.ts "$@"
