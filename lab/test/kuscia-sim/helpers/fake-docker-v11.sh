#!/bin/bash
# A stand-in for the docker CLI that Kuscia 1.1's kuscia.sh drives: records every call and refuses -t
# without a terminal (fake-docker-common.sh), keeps the container's state as files, and answers the probes
# inside the container as a started node does (k3s 401, datamesh 200, the gateway named after the container's
# --hostname). `docker run --rm IMAGE cat FILE` reads FILE from the staged image ($FAKE_DOCKER_IMAGE_HOME).
source "$(dirname "${BASH_SOURCE[0]}")/fake-docker-common.sh"
case "$1" in
image) [[ $2 == inspect ]] ;;
pull | save | volume) ;;
rm) [[ ${*: -1} == kuscia_tmp_* ]] || rm -f "$state/container" ;;
network) [[ $2 == ls ]] && { [[ -e $state/network ]] && echo 0123456789ab; true; } || touch "$state/network" ;;
ps)
  # `ps -a -q -f name=...` (kuscia.sh) lists ids, `ps -a --format {{.Names}}` (register_app_image.sh) names.
  if [[ -e $state/container ]]; then
    if [[ $* == *'{{.Names}}'* ]]; then cat "$state/name"; else echo 0123456789ab; fi
  fi ;;
inspect) cat "$state/images-dir" ;;
run)
  shift
  needs_tty "$1"
  if [[ $1 == --rm ]]; then
    [[ $3 == cat ]] && cat "${FAKE_DOCKER_IMAGE_HOME:?}${4#/home/kuscia}"
  elif [[ $* != *--name=kuscia_tmp_* ]]; then
    for a in "$@"; do
      [[ $a == --hostname=* ]] && echo "${a#--hostname=}" >"$state/hostname"
      [[ $a == --name=* ]] && echo "${a#--name=}" >"$state/name"
      [[ $a == */home/kuscia/var/images ]] && echo "${a%%:*}" >"$state/images-dir"
    done
    touch "$state/container"
  fi ;;
exec)
  shift
  needs_tty "$1"
  shift
  shift # the container
  case $1 in
  curl) [[ $* == *6443* ]] && printf 401 || printf 200 ;;
  kubectl) printf 'NAME   ADDRESS\n%s   10.0.0.2:1080\n' "$(cat "$state/hostname")" ;;
  kuscia) touch "$state/sf-image" ;;
  bash) [[ $* != *"kuscia image list"* || -e $state/sf-image ]] ;;
  esac ;;
*) echo "fake docker: unexpected $*" >&2; exit 2 ;;
esac
