#!/usr/bin/env bash
# npm run demo [-- down]: the main job. `pulumi up` of the root program (index.ts) with its default
# config: a two-party Kuscia cluster (alice on lab host1, bob on host2; identity in the stack, the
# docker driver, demo data) and the example PSI job, on the built-in lab, with a local file backend.
# `npm run demo -- down` is `pulumi destroy` of the same stack.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
action="${1:-up}"
case "$action" in up | down) ;; *) echo "usage: npm run demo [-- down]" >&2; exit 64 ;; esac

[[ -d node_modules ]] || npm ci --no-audit --no-fund
if [[ "$action" == up ]]; then
  npm run --silent lab -- up 2
fi
npm run --silent toolchain
source .toolchain/env
export PULUMI_BACKEND_URL="file://$repo/.pulumi-state"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE:-demo}"
mkdir -p .pulumi-state
p() { pulumi --non-interactive --stack demo "$@"; }

if [[ "$action" == down ]]; then
  if ! pulumi --non-interactive stack select demo 2>/dev/null; then
    echo "demo: no demo stack in .pulumi-state; nothing to take down"
    exit 0
  fi
  p destroy --yes
  p stack rm --yes
  echo "demo: destroyed; the lab stays up (npm run lab -- down removes it)"
  exit 0
fi

pulumi --non-interactive stack select --create demo
p config set kuscia:exampleJobFrom alice
p config set kuscia:exampleJobId psi-demo
p up --yes

lab_host() { jq -r --arg h "$1" --arg f "$2" '.hosts[] | select(.name == $h) | .[$f]' .lab/hosts.json; }
alice_ctr="$(lab_host host1 user)-kuscia-autonomy-alice"
cat <<EOF

demo: done.
  endpoints:      $(p stack output endpoints --json | jq -c .)
  PSI job phase:  $(p stack output exampleJobPhase)
Look around (host1's docker daemon, from this machine; alice's node is container $alice_ctr):
  docker -H unix://$(lab_host host1 dockerSocket) exec $alice_ctr kubectl get kj -A
  docker -H unix://$(lab_host host1 dockerSocket) exec $alice_ctr kubectl get domain
  docker -H unix://$(lab_host host1 dockerSocket) exec $alice_ctr kubectl get domainroute -n alice
  cat $(lab_host host1 home)/kuscia-autonomy-alice-data/psi-output.csv
  source .toolchain/env; PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL pulumi stack --stack demo
Take it down with: npm run demo -- down
EOF
