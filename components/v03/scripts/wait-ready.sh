# Values: CONTAINER DOMAIN_ID TIMEOUT_SECONDS. Waits until the node lists its gateway, like deploy.sh does.
ctr=$CONTAINER domain_id=$DOMAIN_ID timeout=$TIMEOUT_SECONDS
require_seconds TIMEOUT_SECONDS "$timeout"
deadline=$((SECONDS + timeout))
until docker exec "$ctr" kubectl get gateways -n "$domain_id" 2>/dev/null | grep -q -- "$ctr"; do
    if ((SECONDS >= deadline)); then
        docker logs --tail 20 "$ctr" >&2 2>&1 || true
        fail "node $domain_id ($ctr) on $(hostname) did not list its gateway within ${timeout}s"
    fi
    container_running "$ctr" || [ "$(docker inspect -f '{{.State.Restarting}}' "$ctr" 2>/dev/null)" = "true" ] \
        || fail "container $ctr is not running on $(hostname)"
    sleep 2
done
echo "node $domain_id is ready" >&2
