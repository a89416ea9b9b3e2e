#!/bin/bash
# A stand-in for the docker CLI that Kuscia 0.3's deploy.sh drives: records every call and refuses -t
# without a terminal (fake-docker-common.sh), keeps the container's state as files, and runs `docker run --rm`
# init scripts from the staged image ($FAKE_DOCKER_IMAGE_HOME) with the certs volume mounted via KUSCIA_HOME.
source "$(dirname "${BASH_SOURCE[0]}")/fake-docker-common.sh"
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
