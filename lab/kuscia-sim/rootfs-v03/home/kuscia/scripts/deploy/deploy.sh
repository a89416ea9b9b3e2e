#!/bin/bash
# Deploys a Kuscia autonomy node on this host with the docker CLI (Kuscia 0.3's deploy.sh interface):
#   deploy.sh autonomy -n DOMAIN_ID -i HOST_IP -p GATEWAY_PORT [-k API_HTTP_PORT] [-g API_GRPC_PORT]
#             [-c CERTS_DIR] [-d DATA_DIR]
# As the real one it needs a terminal (docker run -it, docker exec -it) and asks [y/n] before
# recreating an existing container (anything but y keeps it as it is, even stopped).
# After start: imports SECRETFLOW_IMAGE into the node's containerd through /tmp (pulling it when the
# host lacks it), registers it as the AppImage (REPO TAG split as the real script does) and
# registers the demo data source and tables (the CSVs themselves stay hidden in the image: copy them
# out as Kuscia's docs/getting_started/deploy/deploy_p2p_cn.md says).
# Environment: KUSCIA_IMAGE, SECRETFLOW_IMAGE, KUSCIA_PRIVILEGED=false (drop --privileged),
# KUSCIA_MEMORY_LIMIT (default 6G).
set -euo pipefail

KUSCIA_IMAGE=${KUSCIA_IMAGE:-secretflow/kuscia-sim:0.3.0b0}
sf_registry=secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow
SECRETFLOW_IMAGE=${SECRETFLOW_IMAGE:-${sf_registry}/secretflow-lite-anolis8:1.1.0b0}
CTR_ROOT=/home/kuscia
CTR_CERT_ROOT=${CTR_ROOT}/etc/certs
NETWORK_NAME=kuscia-exchange
MEMORY_LIMIT=${KUSCIA_MEMORY_LIMIT:-6G}
READY_TIMEOUT=${KUSCIA_READY_TIMEOUT:-60}

log() { printf '\033[0;32m%s\033[0m\n' "$*"; }
die() { printf '[Error] %s\n' "$*" >&2; exit 1; }

usage() {
  echo "$(basename "$0") autonomy [OPTIONS]
OPTIONS:
    -n  Domain id to be deployed (env DOMAIN_ID).
    -i  The IP address exposed by the domain (env DOMAIN_HOST_IP), default: the address of eth0.
    -p  The host port of the gateway (env DOMAIN_HOST_PORT).
    -k  The host port of KusciaAPI HTTP, default 13082 (env KUSCIAAPI_HTTP_PORT).
    -g  The host port of KusciaAPI gRPC, default 13083 (env KUSCIAAPI_GRPC_PORT).
    -c  The host directory for the domain's certificates (env DOMAIN_CERTS_DIR), default ROOT/kuscia-autonomy-ID-certs.
    -d  The host directory for the domain's data (env DOMAIN_DATA_DIR), default ROOT/kuscia-autonomy-ID-data.
    -r  The install directory (env ROOT), default \$PWD.
    -e  Extra subjectAltName for the KusciaAPI server cert.
    -h  Show this help text."
}

case "${1:-}" in
autonomy) shift ;;
-h) usage; exit 0 ;;
lite | master) die "kuscia-sim deploys autonomy nodes only" ;;
*) echo "deploy_mode is invalid, must be autonomy"; usage; exit 1 ;;
esac

while getopts 'c:i:n:p:r:d:k:g:e:h' option; do
  case "$option" in
  c) DOMAIN_CERTS_DIR=$OPTARG ;;
  i) DOMAIN_HOST_IP=$OPTARG ;;
  n) DOMAIN_ID=$OPTARG ;;
  p) DOMAIN_HOST_PORT=$OPTARG ;;
  r) ROOT=$OPTARG ;;
  d) DOMAIN_DATA_DIR=$OPTARG ;;
  k) KUSCIAAPI_HTTP_PORT=$OPTARG ;;
  g) KUSCIAAPI_GRPC_PORT=$OPTARG ;;
  e) KUSCIAAPI_EXTRA_SUBJECT_ALTNAME=$OPTARG ;;
  h) usage; exit 0 ;;
  *) usage; exit 1 ;;
  esac
done

[[ -n ${DOMAIN_ID:-} ]] || die "empty domain id"
[[ ${DOMAIN_ID} =~ ^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$ ]] ||
  die "domain id '${DOMAIN_ID}' must match ^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?\$"
[[ -n ${DOMAIN_HOST_PORT:-} ]] || die "empty domain host port"
ROOT=${ROOT:-$PWD}
KUSCIAAPI_HTTP_PORT=${KUSCIAAPI_HTTP_PORT:-13082}
KUSCIAAPI_GRPC_PORT=${KUSCIAAPI_GRPC_PORT:-13083}
DOMAIN_CERTS_DIR=${DOMAIN_CERTS_DIR:-${ROOT}/kuscia-autonomy-${DOMAIN_ID}-certs}
DOMAIN_DATA_DIR=${DOMAIN_DATA_DIR:-${ROOT}/kuscia-autonomy-${DOMAIN_ID}-data}
if [[ -z ${DOMAIN_HOST_IP:-} ]]; then
  DOMAIN_HOST_IP=$(ip -4 -o addr show eth0 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | head -n1 || true)
fi
CTR=${USER:-$(id -un)}-kuscia-autonomy-${DOMAIN_ID}

for v in ROOT DOMAIN_ID DOMAIN_HOST_IP DOMAIN_HOST_PORT DOMAIN_CERTS_DIR DOMAIN_DATA_DIR KUSCIA_IMAGE \
  KUSCIAAPI_HTTP_PORT KUSCIAAPI_GRPC_PORT; do
  log "${v}=${!v}"
done

mkdir -p "${DOMAIN_CERTS_DIR}" "${DOMAIN_DATA_DIR}"
DOMAIN_CERTS_DIR=$(cd "${DOMAIN_CERTS_DIR}" && pwd -P)
DOMAIN_DATA_DIR=$(cd "${DOMAIN_DATA_DIR}" && pwd -P)
docker network inspect "${NETWORK_NAME}" >/dev/null 2>&1 || docker network create "${NETWORK_NAME}" >/dev/null

# Returns 0 when the container must be (re)created.
need_new_container() {
  [[ -n "$(docker ps -a -q -f "name=^/${CTR}$")" ]] || return 0
  local yn
  read -rp "The container '${CTR}' already exists. Do you need to recreate it? [y/n]: " yn
  case $yn in
  [Yy]*)
    log "Remove container ${CTR} ..."
    docker rm -f "${CTR}" >/dev/null
    return 0
    ;;
  *) return 1 ;;
  esac
}

init_certs() {
  local certs=(-v "${DOMAIN_CERTS_DIR}:${CTR_CERT_ROOT}")
  docker run -it --rm "${certs[@]}" "${KUSCIA_IMAGE}" scripts/deploy/init_domain_certs.sh "${DOMAIN_ID}"
  docker run -it --rm "${certs[@]}" "${KUSCIA_IMAGE}" scripts/deploy/init_external_tls_cert.sh "${DOMAIN_ID}" \
    "IP:${DOMAIN_HOST_IP}"
  docker run -it --rm "${certs[@]}" "${KUSCIA_IMAGE}" scripts/deploy/init_kusciaapi_cert.sh "${CTR}" \
    "${DOMAIN_HOST_IP}" "${KUSCIAAPI_EXTRA_SUBJECT_ALTNAME:-}"
}

start_container() {
  local privileged=(--privileged)
  [[ ${KUSCIA_PRIVILEGED:-true} == false ]] && privileged=()
  docker run -dit "${privileged[@]}" --name="${CTR}" --hostname="${CTR}" --restart=always --network="${NETWORK_NAME}" \
    -m "${MEMORY_LIMIT}" \
    -p "${DOMAIN_HOST_PORT}:1080" \
    -p "${KUSCIAAPI_HTTP_PORT}:8082" \
    -p "${KUSCIAAPI_GRPC_PORT}:8083" \
    --env NAMESPACE="${DOMAIN_ID}" \
    --env REGISTRY_ENDPOINT="${SECRETFLOW_IMAGE%/*}" \
    --mount "source=${CTR}-containerd,target=${CTR_ROOT}/containerd" \
    -v /tmp:/tmp \
    -v "${DOMAIN_CERTS_DIR}:${CTR_CERT_ROOT}" \
    -v "${DOMAIN_DATA_DIR}:${CTR_ROOT}/var/storage/data" \
    --entrypoint bin/entrypoint.sh \
    "${KUSCIA_IMAGE}" tini -- scripts/deploy/start_autonomy.sh "${DOMAIN_ID}" >/dev/null
}

wait_ready() {
  local i n
  for ((i = 0; i < READY_TIMEOUT; i++)); do
    n=$(docker exec -it "${CTR}" kubectl get gateways -n "${DOMAIN_ID}" 2>/dev/null | grep -c -- "${CTR}" || true)
    [[ $n == 1 ]] && return 0
    sleep 1
  done
  die "Probe gateway in namespace '${DOMAIN_ID}' failed. Please check the log: docker logs ${CTR}"
}

if need_new_container; then
  log "Starting container ${CTR} ..."
  init_certs
  start_container
fi
wait_ready
log "Container ${CTR} started successfully"
# check_sf_image
if docker exec -it "${CTR}" crictl inspecti "${SECRETFLOW_IMAGE}" >/dev/null 2>&1; then
  log "Image '${SECRETFLOW_IMAGE}' already exists in domain '${DOMAIN_ID}'"
else
  docker image inspect "${SECRETFLOW_IMAGE}" >/dev/null 2>&1 || docker pull "${SECRETFLOW_IMAGE}"
  log "Start importing image '${SECRETFLOW_IMAGE}' Please be patient..."
  image_id=$(docker images --filter="reference=${SECRETFLOW_IMAGE}" --format '{{.ID}}')
  image_tar=/tmp/${SECRETFLOW_IMAGE//\//_}.${image_id}.tar
  [[ -e ${image_tar} ]] || docker save "${SECRETFLOW_IMAGE}" -o "${image_tar}"
  docker exec -it "${CTR}" ctr -a=${CTR_ROOT}/containerd/run/containerd.sock -n=k8s.io images import "${image_tar}"
fi
# create_secretflow_app_image: repository and tag split at the colons, the tag latest without one.
sf_repo=$SECRETFLOW_IMAGE sf_tag=latest
if [[ $SECRETFLOW_IMAGE == *:* ]]; then sf_repo=${SECRETFLOW_IMAGE%%:*} sf_tag=${SECRETFLOW_IMAGE##*:}; fi
docker exec -it "${CTR}" scripts/deploy/create_sf_app_image.sh "${sf_repo}" "${sf_tag}"
docker exec -it "${CTR}" scripts/deploy/create_domain_datasource.sh "${DOMAIN_ID}"
docker exec -it "${CTR}" scripts/deploy/create_domaindata_alice_table.sh "${DOMAIN_ID}"
docker exec -it "${CTR}" scripts/deploy/create_domaindata_bob_table.sh "${DOMAIN_ID}"
log "Autonomy domain '${DOMAIN_ID}' deployed successfully"
