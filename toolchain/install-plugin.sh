#!/usr/bin/env bash
# Installs one resource plugin binary into $PULUMI_HOME, unless that exact binary is already there.
# Usage: PULUMI_HOME=... install-plugin.sh PULUMI_BIN NAME VERSION BINARY
set -euo pipefail
pulumi="$1" name="$2" version="$3" binary="$4"
installed="$PULUMI_HOME/plugins/resource-$name-v$version/pulumi-resource-$name"
if [[ -f "$installed" ]] && cmp -s "$installed" "$binary"; then
  exit 0
fi
echo "toolchain: installing resource plugin $name v$version into $PULUMI_HOME"
PULUMI_SKIP_UPDATE_CHECK=true "$pulumi" plugin install resource "$name" "$version" --file "$binary" --reinstall
