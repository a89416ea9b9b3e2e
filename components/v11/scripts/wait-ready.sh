# Values: CONTAINER DOMAIN_ID HOSTNAME TIMEOUT_SECONDS. Waits until the node is ready as kuscia.sh
# probes it, inside the container without a TTY: k3s answers on 6443, the node lists its gateway
# (named after the container's hostname) and datamesh answers on 8070 with the node's CA as client
# certificate. An HTTP probe passes on 200, 401 or 404, as kuscia.sh's.
ctr=$CONTAINER domain_id=$DOMAIN_ID gateway=$HOSTNAME timeout=$TIMEOUT_SECONDS
require_seconds TIMEOUT_SECONDS "$timeout"
deadline=$((SECONDS + timeout))
http_ok() {
    local code
    code=$(docker exec "$ctr" curl -k -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" 2>/dev/null) || true
    case $code in 200 | 401 | 404) return 0 ;; *) return 1 ;; esac
}
ready() {
    http_ok https://127.0.0.1:6443 || { waiting="k3s on 6443"; return 1; }
    [ "$(docker exec "$ctr" kubectl get gateways -n "$domain_id" 2>/dev/null | grep -ci -- "$gateway")" = 1 ] ||
        { waiting="its gateway $gateway"; return 1; }
    http_ok --cacert var/certs/ca.crt --cert var/certs/ca.crt --key var/certs/ca.key https://127.0.0.1:8070/healthZ ||
        { waiting="datamesh on 8070"; return 1; }
}
waiting=
until ready; do
    if ((SECONDS >= deadline)); then
        docker logs --tail 20 "$ctr" >&2 2>&1 || true
        fail "node $domain_id ($ctr) on $(hostname) is not ready within ${timeout}s: waiting for $waiting"
    fi
    container_running "$ctr" || [ "$(docker inspect -f '{{.State.Restarting}}' "$ctr" 2>/dev/null)" = "true" ] ||
        fail "container $ctr is not running on $(hostname)"
    sleep 2
done
echo "node $domain_id is ready" >&2
