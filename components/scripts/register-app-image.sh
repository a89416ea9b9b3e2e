# Args: CONTAINER IMAGE. Registers IMAGE (repo:tag) as the node's SecretFlow AppImage, as deploy.sh does after start.
ctr=$1 image=$2
repo=${image%:*} tag=${image##*:}
[ "$repo" != "$image" ] && [ -n "$tag" ] && [ "${tag#*/}" = "$tag" ] || fail "secretflowImage '$image' must be REPO:TAG"
in_node "$ctr" scripts/deploy/create_sf_app_image.sh "$repo" "$tag" >&2
