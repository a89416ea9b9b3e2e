#!/bin/bash
# The SecretFlow AppImages: create_sf_app_image.sh SF_IMAGE_NAME SF_IMAGE_TAG, both required (Kuscia 0.3's interface).
exec "$(dirname "${BASH_SOURCE[0]}")/../../bin/apply-template" app_image.secretflow.yaml \
  "$(basename "$0") SF_IMAGE_NAME SF_IMAGE_TAG" "$@"
