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

# The real image's bin/ctr and bin/crictl are links to k3s; here bin/k3s is a stand-in for as much
# of them as deploy.sh's image steps use.
ln -s k3s "$home/bin/ctr"
ln -s k3s "$home/bin/crictl"
chmod 0755 "$home"/bin/* "$home"/scripts/*/*.sh
mkdir -p "$home/etc/certs" "$home/var/storage/data" "$home/var/logs" "$home/containerd"
# The demo tables sit where the real image has them (its Dockerfile: COPY testdata var/storage/data):
# a node's data dir mount hides them, so an operator copies them out of the image into it.
node "$home/sim/cli/gen-demo-data.js" "$home/var/storage/data"
