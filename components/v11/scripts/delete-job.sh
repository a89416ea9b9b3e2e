# Values: CONTAINER JOB_ID NAMESPACE. Removes the job on destroy.
ctr=$CONTAINER job=$JOB_ID ns=$NAMESPACE
if container_running "$ctr"; then
    docker exec "$ctr" kubectl delete kj "$job" -n "$ns" --ignore-not-found >&2
fi
