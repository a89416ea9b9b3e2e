#!/bin/bash
# Kuscia 1.1's register_app_image.sh, both of its ways:
#   in the container:  register_app_image.sh -i IMAGE -m [-n NAME]
#       the default AppImage(s) of IMAGE's app, by the repository's last component up to its first '-':
#       psi -> templates/app_image.psi.yaml (psi-image); dataproxy -> app_image.dataproxy.yaml (dataproxy-image);
#       kuscia -> no such template (the script fails); anything else -> app_image.secretflow.yaml
#       (NAME, default secretflow-image, and secretflow-nsjail-image). Nothing is imported with -m.
#   on the host:       register_app_image.sh -c CONTAINER -i IMAGE [--import] [-f FILE] [-n NAME]
#       --import: docker save into the node's var/images mount and `kuscia image load`, unless `kuscia
#       image list` shows it; -f FILE: the lines of FILE before its `  image:` line, then IMAGE's name
#       and tag, applied in the container.
# IMAGE gets docker.io/[library/] when it has fewer than two slashes; its repository is what precedes
# the first colon, its tag what follows it up to the next one (latest when there is none).
set -e
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }
IMPORT=false
args=()
for arg in "$@"; do
  if [[ $arg == --import ]]; then IMPORT=true; else args+=("$arg"); fi
done
set -- "${args[@]}"
while getopts 'hc:i:mf:n:' option; do
  case "$option" in
  h) usage; exit 0 ;;
  c) KUSCIA_CONTAINER_NAME=$OPTARG ;;
  i) IMAGE=$OPTARG ;;
  m) DEPLOY=true ;;
  f) APP_IMAGE_FILE=$OPTARG ;;
  n) SF_NAME=$OPTARG ;;
  *) exit 1 ;;
  esac
done
SF_NAME=${SF_NAME:-secretflow-image}
case $(grep -o / <<<"${IMAGE:-}" | wc -l) in
0) IMAGE=docker.io/library/${IMAGE:-} ;;
1) IMAGE=docker.io/${IMAGE} ;;
esac
repo=$(awk -F: '{print $1}' <<<"$IMAGE")
tag=$(awk -F: '{print $2}' <<<"$IMAGE")
tag=${tag:-latest}

if [[ ${DEPLOY:-} == true ]]; then
  app=${repo##*/}
  app=${app%%-*}
  case $app in psi | dataproxy | kuscia) ;; *) app=secretflow ;; esac
  if [[ $app == secretflow || $app == psi ]]; then
    text=$(sed "s!{{.SF_IMAGE_NAME}}!'${repo}'!g; s!{{.SF_IMAGE_TAG}}!'${tag}'!g; s!{{.SF_NAME}}!'${SF_NAME}'!g" <"${ROOT}/scripts/templates/app_image.${app}.yaml")
  else
    text=$(sed "s!{{.IMAGE_NAME}}!'${repo}'!g; s!{{.IMAGE_TAG}}!'${tag}'!g" <"${ROOT}/scripts/templates/app_image.${app}.yaml")
  fi
  echo "$text" | kubectl apply -f -
  exit 0
fi

# On the host. The mount is looked up first: with no container named, docker inspect fails the script.
images_dir=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/home/kuscia/var/images"}}{{.Source}}{{end}}{{end}}' "${KUSCIA_CONTAINER_NAME:-}")
if [[ -z ${KUSCIA_CONTAINER_NAME:-} ]]; then
  echo "KUSCIA_CONTAINER_NAME and IMAGE must not be empty."
  usage
  exit 0
fi
if ! docker ps -a --format '{{.Names}}' | grep -q "^${KUSCIA_CONTAINER_NAME}$"; then
  echo "Container ${KUSCIA_CONTAINER_NAME} does not exist."
  exit 0
fi
in_node() { docker exec -i "${KUSCIA_CONTAINER_NAME}" bash -c "kuscia image list 2>&1 | awk '{print \$1\":\"\$2}' | grep -q \"^${IMAGE}$\""; }
if [[ $IMPORT == true ]]; then
  if in_node; then
    echo "Image '${IMAGE}' already exists in container ${KUSCIA_CONTAINER_NAME}"
  else
    docker image inspect "${IMAGE}" >/dev/null 2>&1 || docker pull "${IMAGE}"
    name=image_$(head -c 64 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 8)
    echo "Start importing image '${IMAGE}' Please be patient..."
    docker save "${IMAGE}" -o "${images_dir}/${name}.tar"
    docker exec -it "${KUSCIA_CONTAINER_NAME}" kuscia image load -i "/home/kuscia/var/images/${name}.tar"
    if in_node; then echo "image ${IMAGE} import successfully"; else echo "error: ${IMAGE} import failed"; fi
    rm -rf "${images_dir:?}/${name}.tar"
  fi
fi
if [[ -n ${APP_IMAGE_FILE:-} ]]; then
  if [[ ! -f $APP_IMAGE_FILE ]]; then
    echo "${APP_IMAGE_FILE} does not exist, register fail"
  else
    line=$(awk '/^  image:/{print NR; exit}' "$APP_IMAGE_FILE")
    { head -n "$((line - 1))" "$APP_IMAGE_FILE"; printf '  image:\n    name: %s\n    tag: %s\n' "$repo" "$tag"; } | sed "s/{{.SF_NAME}}/${SF_NAME}/g" >engine_appimage.yaml
    docker cp engine_appimage.yaml "${KUSCIA_CONTAINER_NAME}":/home/kuscia
    docker exec -i "${KUSCIA_CONTAINER_NAME}" kubectl apply -f engine_appimage.yaml || true
    rm -f engine_appimage.yaml
  fi
fi
