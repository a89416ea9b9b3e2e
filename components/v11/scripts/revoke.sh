# Values: CONTAINER SELF PEER. Undoes add-domain.sh, as Kuscia's docs revoke a partner: its Domain
# (Kuscia removes the inbound route PEER-SELF with it, so PEER's token stops working) and its domain.crt.
# It then waits for Kuscia's garbage collector to have removed that route: a Domain added again
# before then keeps no inbound route (the domain controller's create finds the old one and skips,
# then the collector deletes it), and PEER's handshake would fail for good.
ctr=$CONTAINER self=$SELF peer=$PEER
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete domain "$peer" --ignore-not-found >&2
    docker exec "$ctr" rm -f "var/certs/$peer.domain.crt"
    deadline=$((SECONDS + 60))
    while docker exec "$ctr" kubectl get cdr "$peer-$self" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "$self: Kuscia still holds the inbound route $peer-$self 60s after Domain $peer was deleted"
        sleep 1
    done
fi
