# Values: CONTAINER SELF PEER PEER_ENDPOINT TIMEOUT_SECONDS. Waits until SELF's route to PEER is Ready,
# as the guide checks it (`kubectl get cdr SELF-PEER`, READY True, and sourceTokens filled): PEER
# answered SELF's token handshake, so PEER has added SELF and SELF has PEER's key. Otherwise it
# fails with Kuscia's reason for the direction.
ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT timeout=$TIMEOUT_SECONDS
direction="$self -> $host ($endpoint)"
require_seconds TIMEOUT_SECONDS "$timeout"
container_running "$ctr" || fail "$direction: container $ctr is not running on $(hostname)"
cdr=$self-$host
field() {
    docker exec "$ctr" kubectl get cdr "$cdr" -o "jsonpath=$1" 2>/dev/null || true
}
deadline=$((SECONDS + timeout))
while :; do
    ready=$(field '{.status.conditions[?(@.type=="Ready")].status}')
    tokens=$(field '{.status.tokenStatus.sourceTokens[*]}')
    if [ "$ready" = True ] && [ -n "$tokens" ]; then
        echo "$direction: verified: $host answered $self's token handshake (ClusterDomainRoute $cdr Ready)"
        exit 0
    fi
    ((SECONDS < deadline)) || break
    sleep 2
done
docker exec "$ctr" kubectl get cdr "$cdr" >/dev/null 2>&1 || fail "$direction: $self has no ClusterDomainRoute $cdr: the join did not happen or was undone."
reason=$(field '{.status.conditions[?(@.type=="Ready")].reason}')
message=$(field '{.status.conditions[?(@.type=="Ready")].message}' | tr '\n' ' ' | cut -c1-300)
case $reason in
# Kuscia reports a wrong scheme (http to the HTTPS gateway) with this reason too.
DestinationIsNotAuthrized) fail "$direction: $host has not added $self, or its endpoint is not its gateway (ClusterDomainRoute $cdr not Ready: $reason${message:+, $message}). $host must add $self's domain.crt (add_domain.sh $self p2p)." ;;
DestinationUnreachable) fail "$direction: unreachable (ClusterDomainRoute $cdr not Ready: $reason${message:+, $message}). Check $host's endpoint, its scheme, that its gateway port is published and that the firewall lets $(hostname) reach it." ;;
'') fail "$direction: ClusterDomainRoute $cdr is not Ready after ${timeout}s and gives no reason" ;;
*) fail "$direction: ClusterDomainRoute $cdr is not Ready after ${timeout}s: $reason${message:+ ($message)}" ;;
esac
