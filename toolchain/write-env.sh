#!/usr/bin/env bash
# Writes the shell-sourceable env file that puts the cached Pulumi toolchain on PATH.
# Usage: write-env.sh ENV_FILE PULUMI_HOME DIR...   (each DIR is prepended to PATH, first wins)
# PULUMI_CONFIG_PASSPHRASE is deliberately left alone: callers set it for their own backend.
set -euo pipefail
env_file="$1" pulumi_home="$2"
shift 2

mkdir -p "$(dirname "$env_file")"
{
  echo "# Written by npm run toolchain; source it. Points at the shared cache outside the repo."
  for ((i = $#; i >= 1; i--)); do
    dir="${!i}"
    printf 'case ":$PATH:" in *:%q:*) ;; *) export PATH=%q:"$PATH" ;; esac\n' "$dir" "$dir"
  done
  printf 'export PULUMI_HOME=%q\n' "$pulumi_home"
  echo "export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true"
  echo "export PULUMI_SKIP_UPDATE_CHECK=true"
} >"$env_file.partial"
mv -f "$env_file.partial" "$env_file"
