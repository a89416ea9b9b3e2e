#!/bin/bash
# Starts a Kuscia 1.1 autonomy node on this host with the docker CLI (Kuscia 1.1's kuscia.sh, `start` only):
#   kuscia.sh start -c CONFIG -p GATEWAY_PORT [-q INTERNAL_PORT] [-k API_HTTP] [-g API_GRPC] [-x METRICS]
#                   [-a secretflow|none] [-m MEM|--memory-limit=MEM] [-d DATA_DIR] [-l LOG_DIR] [-s K3S_DIR]
# As the real one: the container is ${USER}-kuscia-autonomy-<domainID> (read from the config with grep), its
# host name <container>-<hostname> cut to 63, network kuscia-exchange, work dir ${ROOT:-$PWD}/<container>/
# {data,logs,images,k3s} (chmod 777), --privileged for runc; ALLOW_PRIVILEGED=true appends
# agent.allowPrivileged to the config on every run. The probes and the image steps use `docker exec -it`, so
# without a terminal they fail ("the input device is not a TTY"); it asks before recreating an existing
# container ([y/n], anything but y exits 0) and whether to keep an existing k3s dir (y/n).
# Environment: KUSCIA_IMAGE, SECRETFLOW_IMAGE, ROOT, USER, ALLOW_PRIVILEGED, DOMAIN_HOST_PORT,
# DOMAIN_HOST_INTERNAL_PORT (13081), KUSCIAAPI_HTTP_PORT (13082), KUSCIAAPI_GRPC_PORT (13083), METRICS_PORT (13084),
# MEMORY_LIMIT (6GiB; -1 none), DOMAIN_DATA_DIR, DOMAIN_LOG_DIR, DOMAIN_K3S_DB_DIR.
set -e

GREEN='\033[0;32m'
YELLOW='\033[1;33m'
RED='\033[31m'
NC='\033[0m'
CTR_ROOT=/home/kuscia
CTR_CERT_ROOT=${CTR_ROOT}/var/certs
NETWORK_NAME=kuscia-exchange
KUSCIA_IMAGE=${KUSCIA_IMAGE:-secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/kuscia:latest}
SECRETFLOW_IMAGE=${SECRETFLOW_IMAGE:-secretflow-registry.cn-hangzhou.cr.aliyuncs.com/secretflow/secretflow-lite-anolis8:1.11.0b1}
IMPORT_SF_IMAGE=secretflow

log_info() { echo -e "${GREEN}$1${NC}"; }
fail() { echo -e "${RED}$1${NC}" >&2; exit 1; }

mode=
[[ ${1:-} == start ]] && { mode=start; shift; }
args=()
for arg in "$@"; do
  case $arg in
  --memory-limit=*) MEMORY_LIMIT=${arg#*=} ;;
  --help) sed -n '2,4p' "$0"; exit 0 ;;
  *) args+=("$arg") ;;
  esac
done
set -- "${args[@]}"
while getopts 'P:a:c:d:l:m:p:q:s:tk:g:x:h' option; do
  case "$option" in
  a) IMPORT_SF_IMAGE=$OPTARG ;;
  c) KUSCIA_CONFIG_FILE="$(cd "$(dirname -- "$OPTARG")" >/dev/null && pwd -P)/$(basename -- "$OPTARG")" ;;
  d) DOMAIN_DATA_DIR=$OPTARG ;;
  l) DOMAIN_LOG_DIR=$OPTARG ;;
  m) MEMORY_LIMIT=$OPTARG ;;
  p) DOMAIN_HOST_PORT=$OPTARG ;;
  q) DOMAIN_HOST_INTERNAL_PORT=$OPTARG ;;
  s) DOMAIN_K3S_DB_DIR=$OPTARG ;;
  k) KUSCIAAPI_HTTP_PORT=$OPTARG ;;
  g) KUSCIAAPI_GRPC_PORT=$OPTARG ;;
  x) METRICS_PORT=$OPTARG ;;
  P | t) ;;
  h) sed -n '2,4p' "$0"; exit ;;
  *) exit 1 ;;
  esac
done
[[ $mode == start ]] || { printf "unsupported network mode: %s (kuscia-sim simulates start only)\n" "${mode:-$1}" >&2; exit 1; }

config_value() { grep -E "^[^#]*$1:" "${KUSCIA_CONFIG_FILE}" | awk '{ print $2 }' | sed 's/"//g' | tr -d '\r\n'; }
domain_id=$(config_value domainID)
deploy_mode=$(config_value mode | tr '[:upper:]' '[:lower:]')
runtime=$(grep '^runtime:' "${KUSCIA_CONFIG_FILE}" | cut -d':' -f2 | awk '{$1=$1};1' | tr -d '\r\n')
[[ $deploy_mode == autonomy ]] || fail "kuscia-sim starts autonomy nodes only (mode '${deploy_mode}')"
# wrap_kuscia_config_file: appended to the user's own file, again on every run.
[[ ${ALLOW_PRIVILEGED:-} == true ]] && echo -e "\nagent:\n  allowPrivileged: true\n  " >>"${KUSCIA_CONFIG_FILE}"
ctr=${USER}-kuscia-${deploy_mode}-${domain_id}
[[ -n ${DOMAIN_HOST_PORT:-} ]] || { printf "empty domain host port\n" >&2; exit 1; }
internal_port=${DOMAIN_HOST_INTERNAL_PORT:-13081}
api_http_port=${KUSCIAAPI_HTTP_PORT:-13082}
api_grpc_port=${KUSCIAAPI_GRPC_PORT:-13083}
metrics_port=${METRICS_PORT:-13084}

work=${ROOT:-$PWD}/${ctr}
make_dir() { mkdir -p "$1" 2>/dev/null && chmod 777 "$1" 2>/dev/null || fail "User does not have access to create the directory: $1"; }
make_dir "$work"
make_dir "$work/images"
DOMAIN_DATA_DIR=${DOMAIN_DATA_DIR:-$work/data}
DOMAIN_LOG_DIR=${DOMAIN_LOG_DIR:-$work/logs}
DOMAIN_K3S_DB_DIR=${DOMAIN_K3S_DB_DIR:-$work/k3s}
make_dir "$DOMAIN_DATA_DIR"
make_dir "$DOMAIN_LOG_DIR"
log_info "DOMAIN_ID=${domain_id}"
log_info "DOMAIN_WORK_DIR=${work}"

hostname=$(echo "${ctr}-$(hostname)" | cut -c 1-63 | tr '[:upper:]_.' '[:lower:]--' | sed 's/^[^a-z0-9]//; s/[^a-z0-9]$//g')
docker image inspect "${KUSCIA_IMAGE}" &>/dev/null || docker pull "${KUSCIA_IMAGE}"
memory=(-m "${MEMORY_LIMIT:-6GiB}")
[[ ${MEMORY_LIMIT:-} == -1 ]] && memory=()
[[ -n "$(docker network ls -q -f name=^${NETWORK_NAME}$)" ]] || docker network create ${NETWORK_NAME}

ask_yn() { # PROMPT -> y or n, asking again until it is one of them
  local a
  while true; do
    read -rp "$(echo -e "${GREEN}$1${NC}")" a
    [[ $a =~ ^[yYnN]$ ]] && { echo "$a"; return; }
    echo -e "${GREEN}Invalid input, please enter 'y' or 'n'!${NC}" >&2
  done
}

need_start() {
  [[ -n "$(docker ps -a -q -f name=^/"${ctr}"$)" ]] || return 0
  local yn
  read -rp "$(echo -e "${GREEN}The container '${ctr}' already exists. Do you need to recreate it? [y/n]: ${NC}")" yn
  case $yn in
  [Yy]*) echo -e "${GREEN}Remove container ${ctr} ...${NC}"; docker rm -f "${ctr}"; return 0 ;;
  *) echo -e "${YELLOW}installation exit.${NC}"; exit 0 ;;
  esac
}

init_k3s_data() {
  if [[ -d $DOMAIN_K3S_DB_DIR ]]; then
    echo -e "${GREEN}k3s data already exists ${DOMAIN_K3S_DB_DIR}...${NC}"
    if [[ $(ask_yn "Whether to retain k3s data?(y/n): ") =~ ^[nN]$ ]]; then
      local tmp=kuscia_tmp_$(head -c 64 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 8)
      docker run -itd --name="$tmp" --volume="${DOMAIN_K3S_DB_DIR}:${CTR_ROOT}/var/k3s/server/db" --workdir=/home/kuscia "${KUSCIA_IMAGE}" bash
      docker exec -it "$tmp" bash -c 'rm -rf /home/kuscia/var/k3s/server/db/*'
      docker rm -f "$tmp"
    fi
  else
    make_dir "$DOMAIN_K3S_DB_DIR"
  fi
}

probe() { # ENDPOINT TRIES [mtls]
  local i code tls=()
  [[ ${3:-} == mtls ]] && tls=(--cacert ${CTR_CERT_ROOT}/ca.crt --cert ${CTR_CERT_ROOT}/ca.crt --key ${CTR_CERT_ROOT}/ca.key)
  for ((i = 0; i < $2; i++)); do
    code=$(docker exec -it "$ctr" curl -k --write-out '%{http_code}' --silent --output /dev/null "$1" "${tls[@]}" | tr -d '\r\n') || true
    [[ $code == 200 || $code == 404 || $code == 401 ]] && return 0
    sleep "${KUSCIA_SIM_PROBE_INTERVAL:-1}"
  done
  return 1
}

if need_start; then
  log_info "Starting container ${ctr} ..."
  init_k3s_data
  privileged=()
  volume=()
  if [[ $runtime == runc ]]; then
    docker volume ls --format '{{.Name}}' | grep -q "^${ctr}-containerd$" || docker volume create "${ctr}-containerd"
    volume=(-v "${ctr}-containerd:${CTR_ROOT}/containerd")
    privileged=(--privileged)
  fi
  docker run -dit "${privileged[@]}" --name="${ctr}" --hostname="${hostname}" --restart=always --network=${NETWORK_NAME} "${memory[@]}" \
    -p "${internal_port}:80" -p "${DOMAIN_HOST_PORT}:1080" -p "${api_http_port}:8082" -p "${api_grpc_port}:8083" -p "${metrics_port}:9091" \
    "${volume[@]}" -v "${KUSCIA_CONFIG_FILE}:${CTR_ROOT}/etc/conf/kuscia.yaml" \
    -v "${DOMAIN_DATA_DIR}:${CTR_ROOT}/var/storage/data" -v "${DOMAIN_LOG_DIR}:${CTR_ROOT}/var/stdout" \
    -v "${work}/images:${CTR_ROOT}/var/images" -v "${DOMAIN_K3S_DB_DIR}:${CTR_ROOT}/var/k3s/server/db" \
    "${KUSCIA_IMAGE}" bin/kuscia start -c etc/conf/kuscia.yaml
  probe https://127.0.0.1:6443 60 || fail "[Error] Probe k3s in container '${ctr}' failed. Please check k3s log in container, path: ${CTR_ROOT}/var/logs/k3s.log"
  ready=
  for ((i = 0; i < 60; i++)); do
    [[ "$(docker exec -it "$ctr" kubectl get gateways -n "$domain_id" | grep -c -i "$hostname" | xargs)" == 1 ]] && { ready=1; break; }
    sleep "${KUSCIA_SIM_PROBE_INTERVAL:-1}"
  done
  [[ -n $ready ]] || fail "[Error] Probe gateway in namespace '${domain_id}' failed. Please check envoy log in container, path: ${CTR_ROOT}/var/logs/envoy"
  probe https://127.0.0.1:8070/healthZ 30 mtls || fail "[Error] Probe datamesh in container '${ctr}' failed."
  log_info "Probe datamesh successfully"
fi

if [[ $IMPORT_SF_IMAGE == none ]]; then
  echo -e "${GREEN}skip importing sf image${NC}"
elif [[ $IMPORT_SF_IMAGE == secretflow ]]; then
  docker run --rm "${KUSCIA_IMAGE}" cat "${CTR_ROOT}/scripts/deploy/register_app_image.sh" >"${work}/register_app_image.sh" && chmod u+x "${work}/register_app_image.sh"
  bash "${work}/register_app_image.sh" -c "${ctr}" -i "${SECRETFLOW_IMAGE}" --import
  rm -rf "${work}/register_app_image.sh"
fi
docker exec -it "${ctr}" scripts/deploy/register_app_image.sh -i "${SECRETFLOW_IMAGE}" -m
log_info "Create secretflow app image done"
log_info "${deploy_mode} domain '${domain_id}' deployed successfully"
