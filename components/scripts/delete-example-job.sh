# Args: CONTAINER JOB_ID.
ctr=$1 job=$2
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete kj "$job" --ignore-not-found >&2
fi
