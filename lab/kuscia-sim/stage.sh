#!/usr/bin/env bash
# Compiles kuscia-sim and lays the node's files out under DESTROOT/home/kuscia (a rootfs overlay):
#   stage.sh DESTROOT [0.3|1.1]   (default 0.3: the Kuscia 0.3.0b0 node; 1.1: the Kuscia 1.1.0b0 node)
# Idempotent: the parts it owns are replaced, anything else under DESTROOT is left alone.
set -euo pipefail
dest=${1:?usage: stage.sh DESTROOT [0.3|1.1]}
generation=${2:-0.3}
case $generation in
  0.3 | 1.1) ;;
  *) echo "usage: stage.sh DESTROOT [0.3|1.1] (got generation '$generation')" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)

rm -rf "$here/dist"
"$repo/node_modules/.bin/tsc" -p "$here/tsconfig.json"

home="$dest/home/kuscia"
mkdir -p "$home"
rm -rf "$home/sim" "$home/bin" "$home/scripts" "$home/share"
tree=rootfs-v03
[[ $generation == 1.1 ]] && tree=rootfs-v11
# The files both generations' images have (kubectl, apply-template), the generation's own, the compiled code.
cp -R "$here/rootfs-common/home/kuscia/." "$here/$tree/home/kuscia/." "$home/"
cp -R "$here/dist/." "$home/sim/"
if [[ $generation == 0.3 ]]; then
  # The real image's bin/ctr and bin/crictl are links to k3s; here bin/k3s is a stand-in for as much
  # of them as deploy.sh's image steps use.
  ln -s k3s "$home/bin/ctr"
  ln -s k3s "$home/bin/crictl"
  mkdir -p "$home/etc/certs" "$home/var/storage/data" "$home/var/logs" "$home/containerd"
else
  # The store's kinds follow sim/generation (1.1: KusciaJob and KusciaTask namespaced, DomainDataGrant).
  echo "$generation" > "$home/sim/generation"
  # kuscia.sh mounts etc/conf/kuscia.yaml and var/{storage/data,stdout,images,k3s/server/db};
  # var/certs stays in the container.
  mkdir -p "$home/etc/conf" "$home/var/certs" "$home/var/storage/data" "$home/var/stdout" "$home/var/logs" \
    "$home/var/images" "$home/var/k3s/server/db" "$home/containerd"
fi
chmod 0755 "$home"/bin/* "$home"/scripts/*/*.sh
# The demo tables sit where the real image has them (its Dockerfile: COPY testdata var/storage/data):
# a node's data dir mount hides them, so an operator copies them out of the image into it.
node "$home/sim/cli/gen-demo-data.js" "$home/var/storage/data"
