# Values: CONTAINER APP_IMAGE_REPO APP_IMAGE_TAG. Loads the SecretFlow image REPO:TAG into the node,
# as deploy.sh's check_sf_image does it: unless the node's containerd already has it (`crictl
# inspecti`), it is pulled on the host when missing and imported into the node's containerd (k8s.io
# namespace, the socket under /home/kuscia/containerd), streamed with `docker save | ctr images
# import -` (real ctr reads `-` as stdin) instead of deploy.sh's tar in a /tmp the container mounts.
ctr=$CONTAINER repo=$APP_IMAGE_REPO tag=$APP_IMAGE_TAG
image=$repo:$tag
sock=/home/kuscia/containerd/run/containerd.sock
container_running "$ctr" || fail "container $ctr is not running on $(hostname)"
if docker exec "$ctr" crictl inspecti "$image" >/dev/null 2>&1; then
    echo "image $image is already in the containerd of $ctr" >&2
else
    docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
    echo "importing $image into the containerd of $ctr" >&2
    docker save "$image" | docker exec -i "$ctr" ctr -a="$sock" -n=k8s.io images import - >&2
    docker exec "$ctr" crictl inspecti "$image" >/dev/null 2>&1 || fail "imported $image into $ctr, but crictl inspecti does not find it"
fi
