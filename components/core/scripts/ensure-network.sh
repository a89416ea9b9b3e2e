# Values: NETWORK. Prints the host's hostname (Kuscia 1.x names the container's hostname after it).
# The node's docker network, as deploy.sh makes it: created when missing, shared by
# every node on the host (one that exists already, from deploy.sh or another node, is used as it is).
network=$NETWORK
docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
echo "network $network is there on $(hostname)" >&2
hostname
