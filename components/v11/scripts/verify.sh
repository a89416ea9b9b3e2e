# Values: CONTAINER SELF PEER PEER_ENDPOINT TIMEOUT_SECONDS. Waits until SELF's route to PEER is Ready,
# as Kuscia 1.1's guide checks it (`kubectl get cdr SELF-PEER`, READY True, and sourceTokens filled): PEER
# answered SELF's token handshake, so PEER has added SELF and SELF has PEER's key. Otherwise it
# fails with Kuscia's reason for the direction.
# SELF's gateway retries a failed handshake on its own schedule (back-off to minutes, a re-roll after
# 2 min not Ready), so a partner that added SELF late can wait minutes for it. A new label on the
# ClusterDomainRoute makes it handshake at once: the ClusterDomainRoute controller copies labels to
# the DomainRoute, and the gateway's DomainRoute informer queues every update (v1.1.0b0:
# pkg/controllers/clusterdomainroute/domainroute.go:55-64, pkg/gateway/controller/domain_route.go:151-160).
ctr=$CONTAINER self=$SELF host=$PEER endpoint=$PEER_ENDPOINT timeout=$TIMEOUT_SECONDS
direction="$self -> $host ($endpoint)"
require_seconds TIMEOUT_SECONDS "$timeout"
container_running "$ctr" || fail "$direction: container $ctr is not running on $(hostname)"
cdr=$self-$host
field() {
    docker exec "$ctr" kubectl get cdr "$cdr" -o "jsonpath=$1" 2>/dev/null || true
}
started=$SECONDS
next_kick=$((SECONDS + 2))
while :; do
    ready=$(field '{.status.conditions[?(@.type=="Ready")].status}')
    tokens=$(field '{.status.tokenStatus.sourceTokens[*]}')
    if [ "$ready" = True ] && [ -n "$tokens" ]; then
        echo "$direction: verified: $host answered $self's token handshake (ClusterDomainRoute $cdr Ready)"
        exit 0
    fi
    ((SECONDS - started < timeout)) || break
    if ((SECONDS >= next_kick)); then
        docker exec "$ctr" kubectl label cdr "$cdr" "kuscia.pulumi/handshake-retry=$(date +%s)" --overwrite >/dev/null 2>&1 || true
        echo "$direction: waiting for ClusterDomainRoute $cdr to be Ready ($(field '{.status.conditions[?(@.type=="Ready")].reason}'), $((SECONDS - started))s of ${timeout}s); asked $self's gateway to handshake again" >&2
        next_kick=$((SECONDS + 30))
    fi
    sleep 2
done
docker exec "$ctr" kubectl get cdr "$cdr" >/dev/null 2>&1 || fail "$direction: $self has no ClusterDomainRoute $cdr: the join did not happen or was undone."
reason=$(field '{.status.conditions[?(@.type=="Ready")].reason}')
message=$(field '{.status.conditions[?(@.type=="Ready")].message}' | tr '\n' ' ' | cut -c1-300)
case $reason in
# Kuscia gives this reason to every failed handshake before the first one succeeds: a partner that
# has not added SELF, and one SELF cannot reach (wrong endpoint, scheme or port, a firewall, a proxy).
DestinationIsNotAuthrized) fail "$direction: not Ready after ${timeout}s (ClusterDomainRoute $cdr: $reason${message:+, $message}). Kuscia reports two causes alike: $host has not added $self (on $host: add_domain.sh $self p2p with $self's domain.crt), or $(hostname) cannot reach $host's gateway at $endpoint (check the endpoint and scheme, that the port is published, and firewalls and proxies between)." ;;
DestinationUnreachable) fail "$direction: unreachable (ClusterDomainRoute $cdr not Ready: $reason${message:+, $message}). Check $host's endpoint, its scheme, that its gateway port is published and that the firewall lets $(hostname) reach it." ;;
'') fail "$direction: ClusterDomainRoute $cdr is not Ready after ${timeout}s and gives no reason" ;;
*) fail "$direction: ClusterDomainRoute $cdr is not Ready after ${timeout}s: $reason${message:+ ($message)}" ;;
esac
