# Values: CONTAINER SELF PEER. Undoes add-partner.sh, as Kuscia's docs revoke a partner: its Domain
# (Kuscia removes the inbound route PEER-SELF with it, so PEER's token stops working) and its domain.crt.
ctr=$CONTAINER self=$SELF peer=$PEER
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete domain "$peer" --ignore-not-found >&2
    docker exec "$ctr" rm -f "var/certs/$peer.domain.crt"
fi
