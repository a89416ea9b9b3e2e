# Values: CONTAINER WORK_DIR APP_IMAGE_REPO APP_IMAGE_TAG. Loads the SecretFlow image REPO:TAG into
# the node as register_app_image.sh --import does (kuscia.sh start's `-a secretflow`), without its
# TTY: unless `kuscia image list` shows the image, it is pulled on the host when missing, saved into
# the work dir's images (the container's var/images) and loaded with `kuscia image load`.
ctr=$CONTAINER work_dir=$WORK_DIR
image=$(docker_io_reference "$APP_IMAGE_REPO:$APP_IMAGE_TAG")
container_running "$ctr" || fail "container $ctr is not running on $(hostname)"
listed() {
    docker exec "$ctr" kuscia image list 2>&1 | awk '{print $1":"$2}' | grep -qxF "$image"
}
if listed; then
    echo "image $image is already in $ctr" >&2
    exit 0
fi
docker image inspect "$image" >/dev/null 2>&1 || docker pull -q "$image" >&2
archive=$(mktemp "$work_dir/images/image_XXXXXXXX.tar")
trap 'rm -f "$archive"' EXIT
echo "loading $image into $ctr" >&2
docker save "$image" -o "$archive"
docker exec "$ctr" kuscia image load -i "/home/kuscia/var/images/${archive##*/}" >&2 || fail "kuscia image load of $image failed in $ctr"
listed || fail "loaded $image into $ctr, but kuscia image list does not show it"
