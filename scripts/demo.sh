#!/usr/bin/env bash
# npm run demo [-- down]: the main job. A two-party Kuscia cluster (alice, bob) on the built-in
# local lab, built by the root program (index.ts) from its default config, then the example PSI job.
# With a complete toolchain this is `pulumi up` on a local file backend; where the module proxy
# refused the language host or plugins (see .toolchain/status.tsv) the same program's steps are run
# by the project's step runner instead, and the script says so.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
[[ -d node_modules ]] || npm ci --no-audit --no-fund
action="${1:-up}"
if [[ "$action" == up ]]; then
  npm run --silent lab -- up 2
fi
TOOLCHAIN_ALLOW_MISSING=1 npm run --silent toolchain
missing="$(awk -F'\t' 'NR > 1 && $3 != "built" && $3 != "cached" { printf " %s", $1 }' .toolchain/status.tsv)"

if [[ -z "$missing" ]]; then
  source .toolchain/env
  export PULUMI_BACKEND_URL="file://$repo/.pulumi-state" PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo}"
  mkdir -p .pulumi-state
  npm run --silent build
  pulumi stack select --create demo --non-interactive
  pulumi config set kuscia:exampleJobFrom alice
  if [[ "$action" == down ]]; then
    pulumi destroy --yes --non-interactive
  else
    pulumi up --yes --non-interactive
  fi
else
  echo "demo: the Pulumi engine cannot run here: missing${missing} (the module proxy refuses them; see .toolchain/status.tsv)."
  echo "demo: running the root program's steps with the project's step runner instead (SSH to each lab host, openssl for the stack identity)."
  npx tsx scripts/demo-steps.ts "$action"
fi
