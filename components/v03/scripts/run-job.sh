# Values: CONTAINER JOB_ID TIMEOUT_SECONDS. Runs the example PSI job (create_example_job.sh) and waits for its end.
ctr=$CONTAINER job=$JOB_ID timeout=$TIMEOUT_SECONDS
phase() { docker exec "$ctr" kubectl get kj "$job" -o 'jsonpath={.status.phase}' 2>/dev/null || true; }
if [ -z "$(phase)" ]; then
    in_node "$ctr" scripts/user/create_example_job.sh PSI "$job" >&2
fi
require_seconds TIMEOUT_SECONDS "$timeout"
deadline=$((SECONDS + timeout))
while :; do
    p=$(phase)
    case $p in
    Succeeded) echo "$p"; exit 0 ;;
    Failed) fail "job $job failed: $(job_failure "$ctr" "$job")" ;;
    esac
    ((SECONDS < deadline)) || fail "job $job still '${p:-unknown}' after ${timeout}s"
    sleep 2
done
