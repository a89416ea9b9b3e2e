# Values: CONTAINER SELF PEER. Stdin: PEER.domain.crt (the partner's public key).
# Kuscia 1.1's guide's "add_domain.sh PEER p2p": the partner's domain.crt goes into the node's certs dir, then the
# node registers it as a partner Domain (token auth, RSA-GEN); Kuscia then routes the partner's inbound
# traffic (ClusterDomainRoute PEER-SELF) and accepts its handshake.
ctr=$CONTAINER self=$SELF peer=$PEER
container_running "$ctr" || fail "$self: container $ctr is not running on $(hostname)"
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
install_files "$staging"
[ -s "$staging/$peer.domain.crt" ] || fail "$self: no $peer.domain.crt to add"
docker cp "$staging/$peer.domain.crt" "$ctr:/home/kuscia/var/certs/$peer.domain.crt" >&2
in_node "$ctr" scripts/deploy/add_domain.sh "$peer" p2p >&2
echo "$self added $peer as a partner" >&2
