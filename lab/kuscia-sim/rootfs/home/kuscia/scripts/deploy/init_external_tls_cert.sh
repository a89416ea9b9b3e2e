#!/bin/bash
# Creates the gateway's TLS cert when missing: init_external_tls_cert.sh DOMAIN_ID [EXTRA_SUBJECT_ALT_NAME]
exec node "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/sim/cli/init-external-tls-cert.js" "$@"
