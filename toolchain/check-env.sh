#!/usr/bin/env bash
# Sources ENV_FILE in a clean subshell and checks it gives the pulumi version and the resource
# plugins that STATUS_FILE says were built.
# Usage: check-env.sh ENV_FILE STATUS_FILE
set -euo pipefail
env_file="$1" status_file="$2"
# shellcheck disable=SC1090
source "$env_file"

want="v$(awk -F'\t' '$1 == "pulumi" { print $2 }' "$status_file")"
got="$(pulumi version)"
if [[ "$got" != "$want" ]]; then
  echo "toolchain: pulumi version says '$got', expected $want" >&2
  exit 1
fi

plugins="$(pulumi plugin ls --json)"
awk -F'\t' '$1 ~ /^pulumi-resource-/ && ($3 == "built" || $3 == "cached") { print substr($1, 17) "\t" $2 }' "$status_file" |
  while IFS=$'\t' read -r name version; do
    if ! jq -e --arg n "$name" --arg v "$version" \
      'any(.[]; .name == $n and .kind == "resource" and .version == $v)' <<<"$plugins" >/dev/null; then
      echo "toolchain: pulumi plugin ls does not list resource $name $version" >&2
      exit 1
    fi
  done
