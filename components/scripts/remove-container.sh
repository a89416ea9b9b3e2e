# Values: CONTAINER VOLUME. The docker CLI driver's destroy: the container and its containerd volume.
ctr=$CONTAINER
docker rm -f "$ctr" >/dev/null 2>&1 || true
docker volume rm "$VOLUME" >/dev/null 2>&1 || true
