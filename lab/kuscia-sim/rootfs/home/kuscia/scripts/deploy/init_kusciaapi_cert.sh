#!/bin/bash
# Creates KusciaAPI's server/client certs and token when missing: init_kusciaapi_cert.sh [SERVICE_NAME] [HOST_IP] [EXTRA_SUBJECT_ALT_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/cli/init-kusciaapi-cert.js" "$@"
