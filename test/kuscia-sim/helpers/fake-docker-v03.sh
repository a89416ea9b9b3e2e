#!/bin/bash
# A stand-in for the docker CLI that deploy.sh drives: records every call (one JSON array a line) in
# $FAKE_DOCKER_LOG, keeps container state as files in $FAKE_DOCKER_STATE, and runs `docker run --rm`
# init scripts from the staged image ($FAKE_DOCKER_IMAGE_HOME) with the certs volume mounted via KUSCIA_HOME.
# Like the docker CLI it refuses -t (docker run without -d, docker exec) when stdin is not a terminal.
set -euo pipefail
state=${FAKE_DOCKER_STATE:?}
json='[' sep=''
for a in "$@"; do
  a=${a//\\/\\\\}
  json+="$sep\"${a//\"/\\\"}\""
  sep=','
done
echo "$json]" >>"${FAKE_DOCKER_LOG:?}"
needs_tty() {
  [[ $1 == -*t* && $1 != -*d* && ! -t 0 ]] && { echo "the input device is not a TTY" >&2; exit 1; }
  return 0
}
case "$1" in
network)
  if [[ $2 == inspect ]]; then [[ -e $state/network ]]; else touch "$state/network"; fi ;;
ps) [[ -e $state/container ]] && echo 0123456789ab || true ;;
inspect) [[ -e $state/running ]] && echo true || echo false ;;
start) touch "$state/running" ;;
rm) rm -f "$state/container" "$state/running" ;;
run)
  shift
  needs_tty "$1"
  [[ $1 == -it ]] && shift
  if [[ $1 == --rm ]]; then
    certs=
    while [[ $1 == -* ]]; do
      if [[ $1 == -v ]]; then certs=${2%%:*}; shift; fi
      shift
    done
    shift # the image
    home=$(mktemp -d)
    mkdir -p "$home/etc"
    ln -s "$certs" "$home/etc/certs"
    KUSCIA_HOME=$home "${FAKE_DOCKER_IMAGE_HOME:?}/$1" "${@:2}"
    rm -rf "$home"
  else
    touch "$state/container" "$state/running"
  fi ;;
image) [[ $2 == inspect && -z ${FAKE_DOCKER_NO_SF_IMAGE:-} ]] ;;
images) echo 0123456789ab ;;
pull) ;;
save) [[ $3 == -o ]] && echo "image archive of $2" >"$4" ;;
exec)
  shift
  needs_tty "$1"
  [[ $1 == -* ]] && shift
  if [[ $2 == ctr ]]; then
    [[ -s ${@: -1} ]] && touch "$state/sf-image"
  elif [[ $2 == kubectl ]]; then
    [[ -e $state/running && -z ${FAKE_DOCKER_NEVER_READY:-} ]] && printf 'NAME\n%s   2s\n' "$1"
  elif [[ $2 == crictl ]]; then
    [[ -e $state/sf-image ]]
  fi ;;
*) echo "fake docker: unexpected $*" >&2; exit 2 ;;
esac
