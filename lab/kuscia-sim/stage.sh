#!/usr/bin/env bash
# Compiles kuscia-sim and lays the node's files out under DESTROOT/home/kuscia (a rootfs overlay).
# Idempotent: the parts it owns are replaced, anything else under DESTROOT is left alone.
set -euo pipefail
dest=${1:?usage: stage.sh DESTROOT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)

rm -rf "$here/dist"
"$repo/node_modules/.bin/tsc" -p "$here/tsconfig.json"

home="$dest/home/kuscia"
mkdir -p "$home"
rm -rf "$home/sim" "$home/bin" "$home/scripts" "$home/share"
cp -R "$here/rootfs/home/kuscia/." "$home/"
cp -R "$here/dist/." "$home/sim/"
chmod 0755 "$home"/bin/* "$home"/scripts/*/*.sh
mkdir -p "$home/etc/certs" "$home/var/storage/data" "$home/var/logs" "$home/containerd"
node "$home/sim/cli/gen-demo-data.js" "$home/share/demo"
