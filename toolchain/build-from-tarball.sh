#!/usr/bin/env bash
# Builds one Go main package from a third-party source tarball (shared/third_party) plus the Go
# module proxy, applying the go.mod edits and generate step of source-edits.sh; the files a release
# ships beside the binary are installed beside it.
# Usage: build-from-tarball.sh BINARY VERSION TARBALL/MODULE_DIR MAIN_PACKAGE XFLAG TAGS OUT_FILE
#   TARBALL: the tarball's name without .tar.gz; MODULE_DIR: the module's folder inside it.
# Exit: 0 built, 4 a tarball is missing or fails its checksum (the message names it), 1 other failure.
set -euo pipefail
binary="$1" version="$2" source="$3" main_pkg="$4" xflag="$5" tags="$6" out="$7"
[[ "$tags" == "-" ]] && tags=""
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/paths.sh"
source "$here/go-env.sh"
source "$here/source-edits.sh"
go="$TOOLCHAIN_GO"

unpack="$TOOLCHAIN_CACHE/work/$binary-v$version"
rm -rf "$unpack"
mkdir -p "$unpack"

# Unpacks NAME.tar.gz (checked against SHA256SUMS) into $unpack and prints its folder.
unpack_tarball() {
  local name="$1" file="$TOOLCHAIN_THIRD_PARTY/$1.tar.gz" want got
  if [[ ! -f "$file" ]]; then
    echo "$binary: missing source tarball $name.tar.gz: looked in $TOOLCHAIN_THIRD_PARTY (set PULUMI_KUSCIA_THIRD_PARTY to the folder that holds it)" >&2
    exit 4
  fi
  want="$(awk -v f="$name.tar.gz" '$2 == f { print $1 }' "$TOOLCHAIN_THIRD_PARTY/SHA256SUMS" 2>/dev/null || true)"
  got="$(sha256sum "$file" | cut -d' ' -f1)"
  if [[ -z "$want" || "$want" != "$got" ]]; then
    echo "$binary: $file does not match its line in $TOOLCHAIN_THIRD_PARTY/SHA256SUMS (${want:-no line})" >&2
    exit 4
  fi
  [[ -d "$unpack/$name" ]] || tar -xzf "$file" -C "$unpack"
  echo "$unpack/$name"
}

tarball="${source%%/*}"
module_dir="$(unpack_tarball "$tarball")/${source#*/}"
chmod -R u+w "$unpack"
cd "$module_dir"
prepare_source "$binary" "$version"

mkdir -p "$(dirname "$out")"
"$go" build -trimpath ${tags:+-tags "$tags"} -ldflags "-s -w -X $xflag" -o "$out.partial" "$main_pkg"
while IFS= read -r companion; do install -m 755 "$companion" "$(dirname "$out")/"; done < <(companion_files "$binary")
mv -f "$out.partial" "$out"
