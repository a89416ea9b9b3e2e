#!/usr/bin/env bash
# npm run toolchain: builds the Pulumi CLI, the language hosts (Node.js, Python, Go, YAML) and the
# resource plugins pinned in package.json from the Go module proxy into a cache outside the repo,
# installs the plugins into a PULUMI_HOME there, makes a Python virtual environment with the pulumi
# package of the CLI's version and writes .toolchain/env. Idempotent; a warm run only checks.
# Sources: the module proxy, and for what it refuses the tarballs in $PULUMI_KUSCIA_THIRD_PARTY
# (default ../shared/third_party beside the repo). Exit: 0 all built; 2 some binaries could not be
# built (see .toolchain/status.tsv); 1 on any other failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/paths.sh"
source "$here/versions.sh"
source "$here/go-env.sh"

mkdir -p "$TOOLCHAIN_CACHE/logs" "$TOOLCHAIN_CACHE/bin" "$(dirname "$TOOLCHAIN_STATUS_FILE")"
exec 9>"$TOOLCHAIN_CACHE/lock"
flock 9

# Status lines quote go's errors; they name the proxy by its role, not its host.
mask_hosts() { sed -E 's#https?://[^/ ]+#<proxy>#g'; }

recipe_hash="$(cat "$here/build-go-main.sh" "$here/build-from-tarball.sh" "$here/source-edits.sh" "$here/go-env.sh" | sha256sum | cut -c1-8)"
status_rows=()
missing=0
declare -A built_path built_version
plugin_key=""

while IFS=$'\t' read -r binary npm_pkg source main_pkg xflag extra; do
  [[ -z "$binary" || "$binary" == \#* ]] && continue
  if [[ "$npm_pkg" == =* ]]; then version="${npm_pkg#=}"; else version="$(pinned_version "$npm_pkg")"; fi
  row_hash="$(printf '%s\t' "$binary" "$source" "$main_pkg" "$xflag" "$extra" "$recipe_hash" | sha256sum | cut -c1-8)"
  key="$binary-v$version-$TOOLCHAIN_GO_VERSION-$row_hash"
  out="$TOOLCHAIN_CACHE/bin/$key/$binary"
  log="$TOOLCHAIN_CACHE/logs/$key.log"
  [[ "$binary" == pulumi-resource-* ]] && plugin_key+="-${binary#pulumi-resource-}-$version"

  if [[ -x "$out" ]]; then
    state=cached detail=""
  else
    echo "toolchain: building $binary v$version (log: $log)" >&2
    start=$SECONDS
    rc=0
    # shellcheck disable=SC2059 # the templates come from components.tsv
    case "$source" in
      proxy:*) "$here/build-go-main.sh" "$binary" "${source#proxy:}" "$version" "$main_pkg" "$xflag" "$extra" "$out" ;;
      tarball:*) "$here/build-from-tarball.sh" "$binary" "$version" "$(printf "${source#tarball:}" "$version")" \
        "$main_pkg" "$(printf "$xflag" "$version")" "$extra" "$out" ;;
    esac >"$log" 2>&1 || rc=$?
    case "$rc" in
      0) state=built detail="$((SECONDS - start))s, $(du -h "$out" | cut -f1)" ;;
      3) state=unavailable detail="$(grep -m1 -E '403|404|410' "$log" | mask_hosts)" ;;
      4) state=missing-source detail="$(tail -n 1 "$log")" ;;
      *) state=failed detail="$(tail -n 1 "$log" | mask_hosts)" ;;
    esac
    [[ "$state" == failed ]] && tail -n 20 "$log" | mask_hosts >&2
  fi
  if [[ "$state" == cached || "$state" == built ]]; then
    built_path[$binary]="$out"
    built_version[$binary]="$version"
  else
    missing=$((missing + 1))
  fi
  echo "toolchain: $binary v$version: $state${detail:+ ($detail)}" >&2
  status_rows+=("$binary"$'\t'"$version"$'\t'"$state"$'\t'"${built_path[$binary]:-}"$'\t'"$detail")
done <"$here/components.tsv"

python_env=""
if [[ -n "${built_version[pulumi]:-}" ]]; then
  start=$SECONDS
  log="$TOOLCHAIN_CACHE/logs/python-env.log"
  if python_env="$("$here/python-env.sh" "${built_version[pulumi]}" 2>"$log")"; then
    state=ready detail="$((SECONDS - start))s"
  else
    state=failed detail="$(tail -n 1 "$log" | mask_hosts)" python_env="" missing=$((missing + 1))
  fi
  echo "toolchain: python-venv pulumi==${built_version[pulumi]}: $state ($detail)" >&2
  status_rows+=("python-venv"$'\t'"${built_version[pulumi]}"$'\t'"$state"$'\t'"$python_env"$'\t'"$detail")
fi

printf '%s\n' "binary	version	state	path	detail" "${status_rows[@]}" >"$TOOLCHAIN_STATUS_FILE"

if [[ -z "${built_path[pulumi]:-}" ]]; then
  echo "toolchain: the pulumi CLI could not be built; see $TOOLCHAIN_STATUS_FILE" >&2
  exit 1
fi

pulumi_home="$TOOLCHAIN_CACHE/pulumi-home/pulumi-v${built_version[pulumi]}$plugin_key"
mkdir -p "$pulumi_home"
for binary in "${!built_path[@]}"; do
  [[ "$binary" == pulumi-resource-* ]] || continue
  PULUMI_HOME="$pulumi_home" "$here/install-plugin.sh" "${built_path[pulumi]}" \
    "${binary#pulumi-resource-}" "${built_version[$binary]}" "${built_path[$binary]}"
done

# As the CLI's release archives do, the bundled plugins sit beside the pulumi binary (the engine
# looks there, and warns about any it finds elsewhere on PATH): the language hosts with the files
# each one runs beside it, and the Node.js SDK's pulumi-resource-pulumi-nodejs launcher for dynamic
# providers.
bundle="$(dirname "${built_path[pulumi]}")"
for binary in "${!built_path[@]}"; do
  [[ "$binary" == pulumi-language-* ]] || continue
  for file in "$(dirname "${built_path[$binary]}")"/*; do ln -f "$file" "$bundle/"; done
done
install -m 755 "$TOOLCHAIN_REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$bundle/"
"$here/write-env.sh" "$TOOLCHAIN_ENV_FILE" "$pulumi_home" "$bundle" ${python_env:+"$python_env/bin"}

"$here/check-env.sh" "$TOOLCHAIN_ENV_FILE" "$TOOLCHAIN_STATUS_FILE"

if ((missing > 0)); then
  echo "toolchain: $missing of ${#status_rows[@]} binaries missing; see $TOOLCHAIN_STATUS_FILE" >&2
  exit 2
fi
echo "toolchain: ready; source $TOOLCHAIN_ENV_FILE"
