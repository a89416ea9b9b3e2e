#!/usr/bin/env bash
# npm test: every suite, in order of cost. Installs what it needs (Debian packages, node modules,
# the toolchain, the lab). On CI (CI=true) the lab is taken down at the end.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
bash scripts/install-debian-deps.sh
[[ -d node_modules ]] || npm ci --no-audit --no-fund
if [[ "${CI:-}" == true ]]; then
  trap 'npm run --silent lab -- down >.lab-down.log 2>&1 || true' EXIT
fi
phase() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

phase "build (type-check the library)"
npm run --silent build
npm run --silent typecheck
phase "lint (Prettier, ESLint)"
npm run --silent lint
phase "unit tests (Pulumi mocks)"
npm run --silent test:unit
phase "package: npm pack, installed into a program on another @pulumi/pulumi"
npm run --silent test:pack
phase "Kuscia node simulator (no docker)"
npm run --silent test:sim
phase "toolchain"
bash test/toolchain/run.sh
phase "lab and seed procedure"
npm run --silent test:lab
phase "end to end: the real Pulumi engine on the lab"
npm run --silent test:e2e
