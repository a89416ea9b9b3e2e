# Values: CERTS_DIR CONTAINER SELF PEER. Undoes join.sh: the route to PEER, its interop config, the files.
certs_dir=$CERTS_DIR ctr=$CONTAINER self=$SELF host=$PEER
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete domainroute "$self-$host" -n "$self" --ignore-not-found >&2
    docker exec "$ctr" kubectl delete interopconfig "$self-2-$host" --ignore-not-found >&2
fi
rm -f -- "$certs_dir/domain-2-$host.crt" "$certs_dir/$host.host.ca.crt"
