# Sourced by build-from-tarball.sh: the go.mod edits and generate step each tarball build needs,
# and the files a release ships beside the binary, as the tarballs' SOURCES.md gives them. Runs in the module folder; $unpack holds every tarball
# this build unpacked, by name. Usage: prepare_source BINARY VERSION
prepare_source() {
  local binary="$1" version="$2" bridge upstream
  case "$binary" in
    pulumi-language-nodejs | pulumi-language-python | pulumi-language-go)
      # The upstream replaces point into the pulumi monorepo; the proxy serves those modules.
      "$go" mod edit -dropreplace github.com/pulumi/pulumi/pkg/v3 -dropreplace github.com/pulumi/pulumi/sdk/v3 \
        -require "github.com/pulumi/pulumi/pkg/v3@v$version" -require "github.com/pulumi/pulumi/sdk/v3@v$version"
      "$go" mod tidy
      ;;
    pulumi-resource-command) ;;
    pulumi-resource-tls)
      bridge="$(unpack_tarball pulumi-terraform-bridge-v3.125.0)"
      "$go" mod edit -replace "github.com/pulumi/pulumi-terraform-bridge/v3=$bridge"
      VERSION="$version" "$go" generate ./cmd/pulumi-resource-tls/main.go
      ;;
    pulumi-resource-docker)
      upstream="$(unpack_tarball terraform-provider-docker-v4.2.0-619686dd-pulumi-patched)"
      bridge="$(unpack_tarball pulumi-terraform-bridge-v3.126.0)"
      "$go" mod edit -replace "github.com/terraform-providers/terraform-provider-docker=$upstream" \
        -replace "github.com/pulumi/pulumi-terraform-bridge/v3=$bridge"
      VERSION="$version" "$go" generate ./cmd/pulumi-resource-docker/main.go
      ;;
    *)
      echo "$binary: source-edits.sh has no recipe for it" >&2
      return 1
      ;;
  esac
}

# Prints, one per line, the files (paths from the module folder) that a release lays out beside
# BINARY and that it runs from there. Usage: companion_files BINARY
companion_files() {
  case "$1" in
    pulumi-language-python) printf '%s\n' ../pulumi-language-python-exec ../../dist/pulumi-resource-pulumi-python ;;
  esac
}
