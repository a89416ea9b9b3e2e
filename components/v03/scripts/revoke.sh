# Values: CERTS_DIR CONTAINER SELF PEER. Undoes add-domain.sh: the partner's Domain, its route, the files.
certs_dir=$CERTS_DIR ctr=$CONTAINER self=$SELF peer=$PEER
lock_ca "$certs_dir"
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete domain "$peer" --ignore-not-found >&2
    docker exec "$ctr" kubectl delete domainroute "$peer-$self" -n "$self" --ignore-not-found >&2
    docker exec "$ctr" kubectl delete clusterdomainroute "$peer-$self" --ignore-not-found >&2
fi
rm -f -- "$certs_dir/$peer.domain.csr" "$certs_dir/$peer.domain.crt"
