#!/usr/bin/env bash
# Builds one Go main package from a module version served by the module proxy, through a small
# wrapper module that requires it (plus ALSO modules at the same version) and repeats the
# upstream go.mod's non-local replace directives.
# Usage: build-go-main.sh BINARY MODULE VERSION MAIN_PACKAGE XFLAG_TEMPLATE ALSO OUT_FILE
#   ALSO: space-separated module paths, or "-"; they also satisfy the upstream's local replaces.
# Exit: 0 built, 3 the proxy does not serve MODULE@vVERSION (its error is printed), 1 other failure.
set -euo pipefail
binary="$1" module="$2" version="$3" main_pkg="$4" xflag_template="$5" also="$6" out="$7"
[[ "$also" == "-" ]] && also=""

source "$(dirname "$0")/paths.sh"
source "$(dirname "$0")/go-env.sh"
go="$TOOLCHAIN_GO"

probe_dir="$TOOLCHAIN_CACHE/work/probe"
mkdir -p "$probe_dir"
download_json="$(cd "$probe_dir" && GOFLAGS="${GOFLAGS/-mod=mod/}" "$go" mod download -json "$module@v$version" || true)"
error="$(jq -r '.Error // empty' <<<"$download_json")"
if [[ -n "$error" ]]; then
  echo "$binary: go mod download $module@v$version failed:" >&2
  echo "$error" >&2
  if grep -q -E '(403 Forbidden|404 Not Found|410 Gone)' <<<"$error"; then exit 3; fi
  exit 1
fi
upstream_mod="$(jq -r .GoMod <<<"$download_json")"
upstream="$("$go" mod edit -json "$upstream_mod")"

# A local replace is only acceptable when an ALSO module (same version, from the proxy) stands in for it.
unhandled="$(jq -r --arg also " $also " '.Replace // [] | .[] | select(.New.Version == null)
  | select(.Old.Path as $old | $also | contains(" " + $old + " ") | not) | "\(.Old.Path) => \(.New.Path)"' <<<"$upstream")"
if [[ -n "$unhandled" ]]; then
  echo "$binary: $module@v$version's go.mod has local replaces this builder cannot satisfy:" >&2
  echo "$unhandled" >&2
  exit 1
fi

work="$TOOLCHAIN_CACHE/work/$binary-v$version"
rm -rf "$work"
mkdir -p "$work"
cd "$work"
"$go" mod init "pulumi-kuscia.invalid/toolchain/$binary" 2>/dev/null
edits=(-go="$(jq -r .Go <<<"$upstream")" -require="$module@v$version")
for m in $also; do edits+=(-require="$m@v$version"); done
while IFS= read -r r; do [[ -n "$r" ]] && edits+=(-replace="$r"); done < <(jq -r '.Replace // [] | .[]
  | select(.New.Version != null)
  | "\(.Old.Path)\(if .Old.Version then "@" + .Old.Version else "" end)=\(.New.Path)@\(.New.Version)"' <<<"$upstream")
"$go" mod edit "${edits[@]}"

gets=("$main_pkg@v$version")
for m in $also; do gets+=("$m@v$version"); done
"$go" get "${gets[@]}"

# Refuse to build if MVS moved any pinned module off the requested version.
for m in "$module" $also; do
  got="$("$go" list -m -f '{{.Version}}' "$m")"
  if [[ "$got" != "v$version" ]]; then
    echo "$binary: wrapper resolved $m to $got, not v$version" >&2
    exit 1
  fi
done

# shellcheck disable=SC2059 # the template comes from components.tsv
xflag="$(printf "$xflag_template" "$version")"
mkdir -p "$(dirname "$out")"
"$go" build -trimpath -ldflags "-s -w -X $xflag" -o "$out.partial" "$main_pkg"
mv -f "$out.partial" "$out"
