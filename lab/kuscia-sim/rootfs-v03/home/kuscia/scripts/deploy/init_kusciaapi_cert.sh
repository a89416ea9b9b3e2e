#!/bin/bash
# As Kuscia's: new KusciaAPI server (PKCS#1) and client (PKCS#8) keys and certs on every run, the token only when
# missing: init_kusciaapi_cert.sh [SERVICE_NAME] [HOST_IP] [EXTRA_SUBJECT_ALT_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/v03/cli/init-kusciaapi-cert.js" "$@"
