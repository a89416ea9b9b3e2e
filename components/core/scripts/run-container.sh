# Values: CONTAINER IMAGE CONFIG_HASH; after `--`, the node's `docker run` options, image and command (ARGS).
# The docker CLI driver: (re)creates the node container unless one with the same configuration runs.
ctr=$CONTAINER image=$IMAGE config_hash=$CONFIG_HASH
if [ "$(docker inspect -f '{{index .Config.Labels "kuscia.pulumi/config"}}' "$ctr" 2>/dev/null)" = "$config_hash" ]; then
    container_running "$ctr" || docker start "$ctr" >/dev/null
    echo "container $ctr is up to date" >&2
    exit 0
fi
[ ${#ARGS[@]} -gt 0 ] || fail "no docker run arguments for $ctr"
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
docker rm -f "$ctr" >/dev/null 2>&1 || true
docker run -d --label "kuscia.pulumi/config=$config_hash" "${ARGS[@]}" >/dev/null
echo "container $ctr started" >&2
