#!/bin/bash
# A stand-in for the docker CLI that deploy.sh drives: records every call (one JSON array a line) in
# $FAKE_DOCKER_LOG, keeps container state as files in $FAKE_DOCKER_STATE, and runs `docker run --rm`
# init scripts from the staged image ($FAKE_DOCKER_IMAGE_HOME) with the certs volume mounted via KUSCIA_HOME.
set -euo pipefail
state=${FAKE_DOCKER_STATE:?}
json='[' sep=''
for a in "$@"; do
  a=${a//\\/\\\\}
  json+="$sep\"${a//\"/\\\"}\""
  sep=','
done
echo "$json]" >>"${FAKE_DOCKER_LOG:?}"
case "$1" in
network)
  if [[ $2 == inspect ]]; then [[ -e $state/network ]]; else touch "$state/network"; fi ;;
ps) [[ -e $state/container ]] && echo 0123456789ab || true ;;
inspect) [[ -e $state/running ]] && echo true || echo false ;;
start) touch "$state/running" ;;
rm) rm -f "$state/container" "$state/running" ;;
run)
  shift
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
pull) ;;
save) echo "image archive of $2" ;;
exec)
  if [[ $2 == -i ]]; then
    cat >/dev/null
    [[ $4 == ctr ]] && touch "$state/sf-image"
  elif [[ $3 == kubectl ]]; then
    [[ -e $state/running && -z ${FAKE_DOCKER_NEVER_READY:-} ]] && printf 'NAME\n%s   2s\n' "$2"
  elif [[ $3 == crictl ]]; then
    [[ -e $state/sf-image ]]
  fi ;;
*) echo "fake docker: unexpected $*" >&2; exit 2 ;;
esac
