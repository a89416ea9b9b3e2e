#!/bin/bash
# Registers the secretflow-image AppImage: create_sf_app_image.sh [IMAGE_REPO] [IMAGE_TAG]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/cli/create-app-image.js" "$@"
