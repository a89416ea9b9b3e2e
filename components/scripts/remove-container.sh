# Args: CONTAINER. The docker CLI driver's destroy: the container and its containerd volume.
ctr=$1
docker rm -f "$ctr" >/dev/null 2>&1 || true
docker volume rm "$ctr-containerd" >/dev/null 2>&1 || true
