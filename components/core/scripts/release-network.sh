# Values: NETWORK. On destroy: removes the node's docker network unless another container still uses it.
network=$NETWORK
docker network inspect "$network" >/dev/null 2>&1 || exit 0
users=$(docker network inspect -f '{{len .Containers}}' "$network")
if [ "$users" = "0" ]; then
    docker network rm "$network" >/dev/null
    echo "network $network removed from $(hostname)" >&2
else
    echo "network $network kept on $(hostname): $users container(s) still use it" >&2
fi
