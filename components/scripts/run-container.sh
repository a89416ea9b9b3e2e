# Values: CONTAINER IMAGE DOMAIN_ID CERTS_DIR DATA_DIR NETWORK VOLUME GATEWAY_PORT API_HTTP_PORT API_GRPC_PORT MEMORY
# PRIVILEGED CONFIG_HASH.
# The docker CLI driver: (re)creates the node container unless one with the same configuration runs.
ctr=$CONTAINER image=$IMAGE domain_id=$DOMAIN_ID certs_dir=$CERTS_DIR data_dir=$DATA_DIR network=$NETWORK
gateway_port=$GATEWAY_PORT api_http_port=$API_HTTP_PORT api_grpc_port=$API_GRPC_PORT memory=$MEMORY
privileged=$PRIVILEGED config_hash=$CONFIG_HASH
if [ "$(docker inspect -f '{{index .Config.Labels "kuscia.pulumi/config"}}' "$ctr" 2>/dev/null)" = "$config_hash" ]; then
    container_running "$ctr" || docker start "$ctr" >/dev/null
    echo "container $ctr is up to date" >&2
    exit 0
fi
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
docker rm -f "$ctr" >/dev/null 2>&1 || true
flags=()
[ "$privileged" = "true" ] && flags+=(--privileged)
docker run -d "${flags[@]}" --name "$ctr" --hostname "$ctr" --restart always --memory "$memory" \
    --label "kuscia.pulumi/config=$config_hash" --network "$network" \
    -p "$gateway_port:1080" -p "$api_http_port:8082" -p "$api_grpc_port:8083" \
    -e "NAMESPACE=$domain_id" \
    -v "$VOLUME:/home/kuscia/containerd" \
    -v "$certs_dir:/home/kuscia/etc/certs" -v "$data_dir:/home/kuscia/var/storage/data" \
    --entrypoint bin/entrypoint.sh "$image" tini -- scripts/deploy/start_autonomy.sh "$domain_id" >/dev/null
echo "container $ctr started" >&2
