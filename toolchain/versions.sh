# Sourced: pinned_version PKG prints the exact version package.json pins for PKG (the repo's own pin,
# in devDependencies; users get a peer range), after checking
# that node_modules holds that same version.
pinned_version() {
  local pkg="$1" want got
  want="$(jq -r --arg p "$pkg" '.devDependencies[$p] // .dependencies[$p] // empty' "$TOOLCHAIN_REPO/package.json")"
  if [[ ! "$want" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
    echo "toolchain: package.json must pin $pkg to an exact version, found '${want}'" >&2
    return 1
  fi
  got="$(jq -r .version "$TOOLCHAIN_REPO/node_modules/$pkg/package.json" 2>/dev/null || true)"
  if [[ "$got" != "$want" ]]; then
    echo "toolchain: node_modules/$pkg is '${got:-missing}' but package.json pins $want; run npm ci" >&2
    return 1
  fi
  echo "$want"
}
