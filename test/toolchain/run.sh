#!/usr/bin/env bash
# End-to-end check of the offline toolchain: builds it (npm run toolchain), then deploys the
# program beside this script on the real engine against a private dockerd, re-previews it with
# no changes and destroys it. Prints "N passed, N failed" last; exits non-zero on any failure.
# Every check runs: a binary that could not be built (see .toolchain/status.tsv) fails its checks.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
source "$repo/toolchain/paths.sh"
source "$repo/toolchain/versions.sh"

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1${2:+: $2}"; }
check() { local name="$1"; shift; if "$@" >"$tmp/last.log" 2>&1; then pass "$name"; else fail "$name" "$(tail -n 15 "$tmp/last.log")"; fi; }
finish() { echo "$passed passed, $failed failed"; [[ "$failed" == 0 ]]; exit; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/toolchain-test.XXXXXX")"
cleanup() {
  "$here/private-dockerd.sh" stop "$tmp/dockerd" || true
  rm -rf "$tmp" 2>/dev/null || echo "run.sh: left $tmp behind" >&2
}
trap cleanup EXIT

echo "# npm run toolchain"
rc=0
(cd "$repo" && npm run --silent toolchain) || rc=$?
if [[ "$rc" == 0 ]]; then
  pass "npm run toolchain builds every binary"
else
  fail "npm run toolchain builds every binary" "exit $rc: $(cat "$TOOLCHAIN_STATUS_FILE" 2>/dev/null)"
fi
missing_source() {
  local out rc=0
  out="$(PULUMI_KUSCIA_THIRD_PARTY="$tmp/no-such-folder" "$repo/toolchain/build-from-tarball.sh" pulumi-resource-command 1.2.1 \
    pulumi-command-provider-v1.2.1/provider ./cmd/pulumi-resource-command x=y - "$tmp/never-built" 2>&1)" || rc=$?
  [[ "$rc" == 4 && "$out" == *"missing source tarball pulumi-command-provider-v1.2.1.tar.gz: looked in $tmp/no-such-folder"* ]] ||
    { echo "exit $rc: $out"; return 1; }
}
check "a missing source tarball is named, with the folder looked in" missing_source
if [[ ! -f "$TOOLCHAIN_ENV_FILE" ]]; then
  fail "npm run toolchain wrote $TOOLCHAIN_ENV_FILE"
  finish
fi
# shellcheck disable=SC1090
source "$TOOLCHAIN_ENV_FILE"
export PULUMI_CONFIG_PASSPHRASE="toolchain-test-only"
export PULUMI_BACKEND_URL="file://$tmp/state"
mkdir -p "$tmp/state"

pulumi_version="$(pinned_version @pulumi/pulumi)"
check "pulumi version is v$pulumi_version" bash -c "[[ \"\$(pulumi version)\" == v$pulumi_version ]]"
check "pulumi-language-nodejs v$pulumi_version is on PATH" \
  bash -c "pulumi-language-nodejs -version 2>&1 | grep -qx 'v\?$pulumi_version'"
pulumi plugin ls --json >"$tmp/plugins.json" 2>"$tmp/plugins.err" || true
for plugin in command tls docker; do
  version="$(pinned_version "@pulumi/$plugin")"
  check "plugin $plugin $version installed" jq -e --arg n "$plugin" --arg v "$version" \
    'any(.[]; .name == $n and .kind == "resource" and .version == $v)' "$tmp/plugins.json"
done

mkdir -p "$tmp/inline"
check "engine runs an inline Automation API program with a dynamic resource" \
  "$repo/node_modules/.bin/tsx" "$here/engine-inline.ts" "$tmp/inline"

echo "# deploy on a private dockerd"
docker_host="$("$here/private-dockerd.sh" start "$tmp/dockerd")" || { fail "private dockerd starts"; finish; }
pass "private dockerd starts"
network="toolchain-smoke-$$"

program="$tmp/program"
mkdir -p "$program"
cp "$here/Pulumi.yaml" "$here/package.json" "$here/tsconfig.json" "$here/index.ts" "$program/"
ln -s "$repo/node_modules" "$program/node_modules"
p() { pulumi --cwd "$program" --stack test --non-interactive "$@"; }
network_id() { docker -H "$docker_host" network inspect --format '{{.Id}}' "$network" 2>/dev/null; }

check "stack init" pulumi --cwd "$program" --non-interactive stack init test
configure() { p config set docker:host "$docker_host" && p config set networkName "$network"; }
check "stack config" configure
check "pulumi up" p up --yes
id_after_up="$(network_id)"
check "docker network exists after up, with the id the stack exports" \
  bash -c "[[ -n \"\$1\" && \"\$1\" == \"\$2\" ]]" _ "$id_after_up" "$(p stack output networkId 2>/dev/null)"
check "command stdout carries the tls key's fingerprint" \
  bash -c "[[ \"\$1\" == SHA256:* && \"\$1\" == \"\$2\" ]]" _ "$(p stack output commandStdout 2>/dev/null)" "$(p stack output fingerprint 2>/dev/null)"
check "pulumi preview --expect-no-changes" p preview --expect-no-changes
check "pulumi destroy" p destroy --yes
check "docker network existed after up and is gone after destroy" \
  bash -c "[[ -n \"\$1\" && -z \"\$2\" ]]" _ "$id_after_up" "$(network_id)"
check "private dockerd stops" "$here/private-dockerd.sh" stop "$tmp/dockerd"
finish
