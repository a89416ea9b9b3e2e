# Values: CONTAINER JOB_ID NAMESPACE TIMEOUT_SECONDS. Stdin: the KusciaJob (JSON). Creates it unless a
# job of that name exists, then waits for its end: prints the phase once Succeeded, fails on Failed.
ctr=$CONTAINER job=$JOB_ID ns=$NAMESPACE timeout=$TIMEOUT_SECONDS
require_seconds TIMEOUT_SECONDS "$timeout"
phase() { docker exec "$ctr" kubectl get kj "$job" -n "$ns" -o 'jsonpath={.status.phase}' 2>/dev/null || true; }
if ! docker exec "$ctr" kubectl get kj "$job" -n "$ns" >/dev/null 2>&1; then
    in_node "$ctr" kubectl apply -f - >&2
else
    cat >/dev/null
fi
deadline=$((SECONDS + timeout))
while :; do
    p=$(phase)
    case $p in
    Succeeded) echo "$p"; exit 0 ;;
    Failed) fail "job $job failed: $(job_failure "$ctr" "$job" -n "$ns")" ;;
    esac
    ((SECONDS < deadline)) || fail "job $job still '${p:-unknown}' after ${timeout}s"
    sleep 2
done
