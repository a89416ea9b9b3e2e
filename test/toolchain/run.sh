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

for host in python go; do
  check "pulumi-language-$host v$pulumi_version is on PATH" \
    bash -c "pulumi-language-$host -version 2>&1 | grep -qx 'v\?$pulumi_version'"
done
yaml_version="$(awk -F'\t' '$1 == "pulumi-language-yaml" { print substr($2, 2) }' "$repo/toolchain/components.tsv")"
# The YAML host has no -version flag: its build information names the module version it was built from.
check "pulumi-language-yaml v$yaml_version is on PATH" bash -c "\"$TOOLCHAIN_GO\" version -m \"\$(command -v pulumi-language-yaml)\" |
  grep -qP '^\tmod\tgithub.com/pulumi/pulumi-yaml\tv$yaml_version\t'"
check "python3 on PATH is the toolchain's, with pulumi==$pulumi_version" bash -c \
  "[[ \"\$(python3 -c 'import importlib.metadata as m; print(m.version(\"pulumi\"))')\" == $pulumi_version ]]"

mkdir -p "$tmp/inline"
check "engine runs an inline Automation API program with a dynamic resource" \
  "$repo/node_modules/.bin/tsx" "$here/engine-inline.ts" "$tmp/inline"

# A program in LANGUAGE (the folder beside this script) drives the command plugin: up, its output,
# a no-change preview, destroy. A Python program's secret config stays a secret in its state.
language_program() {
  local language="$1" dir="$tmp/$1"
  cp -r "$here/$language" "$dir"
  lp() { pulumi --cwd "$dir" --stack test --non-interactive "$@"; }
  check "$language: stack init" pulumi --cwd "$dir" --non-interactive stack init test
  [[ "$language" == python ]] && check "$language: secret config" lp config set --secret token "py-secret-$$"
  check "$language: pulumi up" lp up --yes
  check "$language: the command's stdout is the program's output" \
    bash -c "[[ \"\$1\" == $language ]]" _ "$(lp stack output commandStdout 2>/dev/null)"
  if [[ "$language" == python ]]; then
    check "$language: a secret output stays secret, in the output and in the state" bash -c \
      "[[ \"\$1\" == '[secret]' && \"\$2\" == py-secret-$$ ]] && ! grep -q py-secret-$$ \"\$3\"" _ \
      "$(lp stack output token 2>/dev/null)" "$(lp stack output token --show-secrets 2>/dev/null)" \
      "$(lp stack export --file "$dir/state.json" >/dev/null 2>&1; echo "$dir/state.json")"
  fi
  check "$language: pulumi preview --expect-no-changes" lp preview --expect-no-changes
  check "$language: pulumi destroy" lp destroy --yes
}
echo "# programs in Python, Go and YAML"
PATH="$PATH:$(dirname "$TOOLCHAIN_GO")"
for language in python go yaml; do language_program "$language"; done

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
