# Values: CONTAINER JOB_ID.
ctr=$CONTAINER job=$JOB_ID
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete kj "$job" --ignore-not-found >&2
fi
