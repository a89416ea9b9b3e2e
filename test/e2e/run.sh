#!/usr/bin/env bash
# npm run test:e2e: the examples on the real Pulumi engine against the local lab (root: the lab
# makes network namespaces). Builds the toolchain (warm: instant) and the library, installs the
# examples' node modules, then runs test/e2e/*.test.ts one file at a time. Each pulumi command's
# output is logged under E2E_LOG_DIR (default: a new /tmp/pulumi-kuscia-e2e-logs.* dir).
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"

bash toolchain/build.sh
# shellcheck disable=SC1091 # written by toolchain/build.sh
source .toolchain/env
command -v pulumi >/dev/null || { echo "test:e2e: pulumi is not on PATH after sourcing .toolchain/env" >&2; exit 1; }
npm run --silent build
# Eight hosts: the docker-driver and failure tests place nodes on host3 and host4, the scale test
# one party on each of the eight.
npm run --silent lab -- up 8 >/dev/null
for example in examples/two-party examples/cross-org test/e2e/programs/computed-args; do
  (cd "$example" && npm install --no-audit --no-fund --no-package-lock --silent)
done

export E2E_LOG_DIR="${E2E_LOG_DIR:-$(mktemp -d /tmp/pulumi-kuscia-e2e-logs.XXXXXX)}"
echo "test:e2e: pulumi $(pulumi version), logs in $E2E_LOG_DIR" >&2
files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=(test/e2e/*.test.ts)
exec node_modules/.bin/tsx --test --test-concurrency=1 "${files[@]}"
