# Values: CONTAINER VOLUMES. The docker CLI driver's destroy: the container and its named volumes
# (space-separated; docker volume names have no spaces).
ctr=$CONTAINER
docker rm -f "$ctr" >/dev/null 2>&1 || true
for volume in $VOLUMES; do
    docker volume rm "$volume" >/dev/null 2>&1 || true
done
