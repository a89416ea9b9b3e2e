# Values: CONTAINER APP_IMAGE_REPO APP_IMAGE_TAG. The AppImage secretflow-image for REPO:TAG, as
# kuscia.sh start registers it whatever its `-a` (register_app_image.sh -i IMAGE -m in the
# container: the image's scripts/templates/app_image.secretflow.yaml filled in and applied), with
# REPO and TAG as the library split them: the script splits IMAGE at its first ':', which breaks a
# registry with a port. Then checks that the AppImage names the image.
ctr=$CONTAINER
image=$(docker_io_reference "$APP_IMAGE_REPO:$APP_IMAGE_TAG")
repo=${image%:*} tag=${image##*:}
template=scripts/templates/app_image.secretflow.yaml
container_running "$ctr" || fail "container $ctr is not running on $(hostname)"
docker exec "$ctr" cat "$template" | sed "s!{{.SF_IMAGE_NAME}}!'$repo'!g; s!{{.SF_IMAGE_TAG}}!'$tag'!g; s!{{.SF_NAME}}!'secretflow-image'!g" |
    docker exec -i "$ctr" kubectl apply -f - >&2
named=$(docker exec "$ctr" kubectl get appimage secretflow-image -o 'jsonpath={.spec.image.name}:{.spec.image.tag}' 2>/dev/null) || named=
[ "$named" = "$image" ] || fail "applying $template for $image left AppImage secretflow-image naming '${named:-nothing}'"
echo "AppImage secretflow-image: $image" >&2
