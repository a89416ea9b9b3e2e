# Sourced: the Go settings every toolchain build uses (caches outside the repo, static builds,
# the machine's own Go, module proxy only: never a direct VCS fetch).
export GOCACHE="$TOOLCHAIN_CACHE/go/cache"
export GOMODCACHE="$TOOLCHAIN_CACHE/go/mod"
export GOFLAGS="-buildvcs=false -modcacherw -mod=mod"
export GOTOOLCHAIN=local
export CGO_ENABLED=0
GOPROXY="$("$TOOLCHAIN_GO" env GOPROXY | tr ',|' '\n\n' | grep -v -x -e direct -e off -e '' | paste -sd, -)"
export GOPROXY="${GOPROXY:?toolchain: go env GOPROXY names no module proxy}"
export GOWORK=off
TOOLCHAIN_GO_VERSION="$("$TOOLCHAIN_GO" env GOVERSION)"
