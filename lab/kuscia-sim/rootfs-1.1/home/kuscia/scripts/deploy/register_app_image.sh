#!/bin/bash
# The engine image (Kuscia 1.1's register_app_image.sh interface):
#   on the host:          register_app_image.sh -c CONTAINER -i IMAGE --import   (docker save into the node's var/images mount, kuscia image load)
#   in the container:     register_app_image.sh -i IMAGE -m [-n APP_IMAGE_NAME]   (AppImage APP_IMAGE_NAME, default secretflow-image)
# As the real script, IMAGE gets docker.io/[library/] when it has fewer than two slashes.
set -e
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
IMPORT=false
args=()
for arg in "$@"; do
  if [[ $arg == --import ]]; then IMPORT=true; else args+=("$arg"); fi
done
set -- "${args[@]}"
while getopts 'hc:i:mf:n:' option; do
  case "$option" in
  h) sed -n '2,4p' "$0"; exit 0 ;;
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
repo=${IMAGE%%:*}
tag=${IMAGE#*:}
[[ $tag == "$IMAGE" ]] && tag=latest

in_node() { docker exec -i "${KUSCIA_CONTAINER_NAME}" bash -c "kuscia image list 2>&1 | awk '{print \$1\":\"\$2}' | grep -q \"^${IMAGE}$\""; }

if [[ -n ${KUSCIA_CONTAINER_NAME:-} && $IMPORT == true ]]; then
  images_dir=$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/home/kuscia/var/images"}}{{.Source}}{{end}}{{end}}' "${KUSCIA_CONTAINER_NAME}")
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
if [[ ${DEPLOY:-} == true ]]; then
  sed "s!{{.SF_IMAGE_NAME}}!'${repo}'!g; s!{{.SF_IMAGE_TAG}}!'${tag}'!g; s!{{.SF_NAME}}!'${SF_NAME}'!g" \
    <"${ROOT}/scripts/templates/app_image.secretflow.yaml" | kubectl apply -f -
fi
