# Values: CONTAINER APP_IMAGE_REPO APP_IMAGE_TAG. The AppImage secretflow-image for REPO:TAG, as
# deploy.sh's create_secretflow_app_image registers it after every start (create_sf_app_image.sh
# REPO TAG). The library splits REPO and TAG (imageReference in validation.ts).
ctr=$CONTAINER repo=$APP_IMAGE_REPO tag=$APP_IMAGE_TAG
in_node "$ctr" scripts/deploy/create_sf_app_image.sh "$repo" "$tag" >&2
echo "AppImage secretflow-image: $repo:$tag" >&2
