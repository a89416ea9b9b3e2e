# Values: CONTAINER APP_IMAGE_REPO APP_IMAGE_TAG. The AppImage secretflow-image for REPO:TAG,
# as kuscia.sh start registers it whatever its `-a` (register_app_image.sh -i IMAGE -m, in the
# container). Then checks that the AppImage names the image: the script takes a REPO whose last
# component starts with kuscia-, dataproxy- or psi- for that app's template.
ctr=$CONTAINER image=$APP_IMAGE_REPO:$APP_IMAGE_TAG
in_node "$ctr" scripts/deploy/register_app_image.sh -i "$image" -m >&2
named=$(docker exec "$ctr" kubectl get appimage secretflow-image -o 'jsonpath={.spec.image.name}:{.spec.image.tag}' 2>/dev/null) || named=
case $named in
"$image" | */"$image") echo "AppImage secretflow-image: $named" >&2 ;;
*) fail "register_app_image.sh -i $image -m left AppImage secretflow-image naming '${named:-nothing}', not $image" ;;
esac
