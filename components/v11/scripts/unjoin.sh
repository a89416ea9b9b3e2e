# Values: CONTAINER SELF PEER. Undoes join.sh: the route to PEER (Kuscia removes its DomainRoute and
# InteropConfig with it).
ctr=$CONTAINER self=$SELF host=$PEER
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete cdr "$self-$host" --ignore-not-found >&2
fi
