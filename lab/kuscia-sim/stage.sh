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

# The real image's bin/ctr and bin/crictl are links to k3s; here k3s is a stand-in that knows as much
# of them as deploy.sh's image steps use (ctr images import/ls, crictl inspecti/images).
cat >"$home/bin/k3s" <<'K3S'
#!/bin/bash
# kuscia-sim's stand-in for the k3s multi-call binary, run as ctr or crictl (links in bin/).
#   ctr [-a|--address SOCK] [-n|--namespace NS] images import [FLAGS] FILE|-   (a `docker save` tar)
#   ctr [-a SOCK] [-n NS] images ls [-q]
#   crictl inspecti IMAGE | crictl images [-q]   (the k8s.io namespace, as the kubelet sees it)
# Imported images are recorded (not unpacked) under containerd/sim-images/NS/, in the node's
# containerd volume, so they survive a restart of the container like real containerd's.
set -euo pipefail
root=${KUSCIA_HOME:-$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd -P)}
images=$root/containerd/sim-images
sock=containerd/run/containerd.sock

# Docker's reference normalisation, as containerd applies it: docker.io/library/NAME:latest.
normalize() {
  local ref=$1 name first
  name=${ref%%@*}
  first=${name%%/*}
  if [[ $name != */* ]]; then
    name=docker.io/library/$name
  elif [[ $first != *.* && $first != *:* && $first != localhost ]]; then
    name=docker.io/$name
  fi
  [[ ${name##*/} == *:* ]] || name=$name:latest
  echo "$name"
}

lookup() { # NS REF -> "REF DIGEST" line
  [[ -f $images/$1/list ]] || return 1
  awk -v r="$2" '$1 == r { print; found = 1 } END { exit !found }' "$images/$1/list"
}

ctr_main() {
  local address=/run/k3s/containerd/containerd.sock ns=${CONTAINERD_NAMESPACE:-default}
  while [[ $# -gt 0 ]]; do
    case $1 in
    -a | --address) address=$2; shift 2 ;;
    -a=* | --address=*) address=${1#*=}; shift ;;
    -n | --namespace) ns=$2; shift 2 ;;
    -n=* | --namespace=*) ns=${1#*=}; shift ;;
    -*) echo "ctr: flag provided but not defined: $1" >&2; exit 1 ;;
    *) break ;;
    esac
  done
  if [[ $address != "/home/kuscia/$sock" && $address != "$root/$sock" ]]; then
    echo "ctr: failed to dial \"$address\": context deadline exceeded: connection error: desc = \"transport: error while dialing: dial unix $address: connect: no such file or directory\"" >&2
    exit 1
  fi
  case ${1:-} in
  images | image | i) shift ;;
  *) echo "ctr: kuscia-sim knows only 'ctr images' (got '${1:-}')" >&2; exit 1 ;;
  esac
  case ${1:-} in
  import)
    shift
    while [[ ${1:-} == -?* ]]; do shift; done
    local in=${1:-}
    [[ -n $in ]] || { echo "ctr: please provide a file to import" >&2; exit 1; }
    mkdir -p "$images/$ns"
    import_tmp=$(mktemp "$images/.import.XXXXXX")
    trap 'rm -f "$import_tmp"' EXIT
    local tmp=$import_tmp
    if [[ $in == - ]]; then cat >"$tmp"; else cat -- "$in" >"$tmp"; fi
    local manifest digest tag ref
    manifest=$(tar -xOf "$tmp" manifest.json 2>/dev/null) || { echo "ctr: $in: not an image archive (no manifest.json)" >&2; exit 1; }
    digest=sha256:$(sha256sum "$tmp" | cut -d' ' -f1)
    while read -r tag; do
      [[ -n $tag ]] || continue
      ref=$(normalize "$tag")
      echo -n "unpacking $ref ($digest)..."
      { awk -v r="$ref" '$1 != r' "$images/$ns/list" 2>/dev/null || true; echo "$ref $digest"; } >"$images/$ns/.list.tmp"
      mv -f "$images/$ns/.list.tmp" "$images/$ns/list"
      echo "done"
    done < <(printf '%s' "$manifest" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const m of JSON.parse(s))for(const t of m.RepoTags||[])console.log(t)})')
    ;;
  ls | list)
    [[ ${2:-} == -q ]] || echo "REF TYPE DIGEST"
    [[ -f $images/$ns/list ]] || exit 0
    if [[ ${2:-} == -q ]]; then cut -d' ' -f1 "$images/$ns/list"; else awk '{ print $1, "application/vnd.docker.distribution.manifest.v2+json", $2 }' "$images/$ns/list"; fi
    ;;
  *) echo "ctr: kuscia-sim knows only 'ctr images import|ls' (got '${1:-}')" >&2; exit 1 ;;
  esac
}

crictl_main() {
  case ${1:-} in
  inspecti)
    [[ -n ${2:-} ]] || { echo 'FATA[0000] ID cannot be empty' >&2; exit 1; }
    local line
    if ! line=$(lookup k8s.io "$(normalize "$2")"); then
      echo "FATA[0000] no such image \"$2\" present" >&2
      exit 1
    fi
    printf '{\n  "status": {\n    "id": "%s",\n    "repoTags": [\n      "%s"\n    ]\n  }\n}\n' "${line#* }" "${line%% *}"
    ;;
  images | img)
    [[ ${2:-} == -q ]] || echo "IMAGE TAG IMAGE ID"
    [[ -f $images/k8s.io/list ]] || exit 0
    if [[ ${2:-} == -q ]]; then cut -d' ' -f2 "$images/k8s.io/list"; else awk '{ i = $1; sub(/:[^:\/]*$/, "", i); t = substr($1, length(i) + 2); print i, t, substr($2, 8, 13) }' "$images/k8s.io/list"; fi
    ;;
  *) echo "crictl: kuscia-sim knows only 'crictl inspecti|images' (got '${1:-}')" >&2; exit 1 ;;
  esac
}

case $(basename "$0") in
ctr) ctr_main "$@" ;;
crictl) crictl_main "$@" ;;
*) echo "k3s: run as ctr or crictl" >&2; exit 1 ;;
esac
K3S
ln -s k3s "$home/bin/ctr"
ln -s k3s "$home/bin/crictl"
chmod 0755 "$home"/bin/* "$home"/scripts/*/*.sh
mkdir -p "$home/etc/certs" "$home/var/storage/data" "$home/var/logs" "$home/containerd"
# The demo tables sit where the real image has them (its Dockerfile: COPY testdata var/storage/data):
# a node's data dir mount hides them, so an operator copies them out of the image into it.
node "$home/sim/cli/gen-demo-data.js" "$home/var/storage/data"
